// Offer form: "Add another location" appends a copy of the formset's empty row. Without JavaScript the page still
// works: it always shows two empty rows, and editing the saved offer shows two more.
(function () {
  "use strict";
  var button = document.getElementById("offer-location-add");
  var template = document.getElementById("offer-location-template");
  var rows = document.getElementById("offer-locations");
  var total = document.getElementById("id_locations-TOTAL_FORMS");
  var max = document.getElementById("id_locations-MAX_NUM_FORMS");
  if (!button || !template || !rows || !total) return;

  function refresh() {
    button.hidden = Boolean(max) && Number(total.value) >= Number(max.value);
  }

  button.addEventListener("click", function () {
    var index = Number(total.value);
    var html = template.innerHTML.replace(/__prefix__/g, String(index)).replace(/__number__/g, String(index + 1));
    rows.insertAdjacentHTML("beforeend", html);
    total.value = String(index + 1);
    var first = rows.lastElementChild && rows.lastElementChild.querySelector("select, input:not([type=hidden])");
    if (first) first.focus();  // keyboard users continue in the new row
    refresh();
  });
  refresh();
})();
