// Small progressive enhancements; every page works without them.
(function () {
  "use strict";
  var toggle = document.getElementById("large-text-toggle");
  if (toggle) {
    var on = document.documentElement.classList.contains("large-text");
    toggle.setAttribute("aria-pressed", on ? "true" : "false");
    toggle.addEventListener("click", function () {
      on = document.documentElement.classList.toggle("large-text");
      localStorage.setItem("largeText", on ? "1" : "0");
      toggle.setAttribute("aria-pressed", on ? "true" : "false");
    });
  }
  // <form data-confirm="question">: asks before submitting (the Content-Security-Policy allows no inline handlers).
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form.matches && form.matches("form[data-confirm]") && !window.confirm(form.dataset.confirm)) {
      event.preventDefault();
    }
  });
  // <button data-print>: prints the page.
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-print]");
    if (button) window.print();
  });
  // Region cascade: choosing a city loads its districts into the district select of the same group
  // ([data-region-group], e.g. one row of a formset) or else of the same form. Delegated, so rows added later work.
  document.addEventListener("change", function (event) {
    var city = event.target;
    if (!city.matches || !city.matches("select[data-region-city]")) return;
    var scope = city.closest("[data-region-group]") || city.form;
    var district = scope && scope.querySelector("select[data-region-district]");
    if (!district) return;
    district.innerHTML = '<option value="">—</option>';
    if (!city.value) return;
    fetch("/api/v1/regions/?parent=" + encodeURIComponent(city.value), {headers: {"Accept": "application/json"}})
      .then(function (r) { return r.json(); })
      .then(function (rows) {
        rows.forEach(function (row) {
          // A district select (data-region-level="3") takes districts only: a province's children are cities.
          if (district.dataset.regionLevel && String(row.level) !== district.dataset.regionLevel) return;
          var opt = document.createElement("option");
          opt.value = row.id; opt.textContent = row.name; district.appendChild(opt);
        });
      });
  });
})();
