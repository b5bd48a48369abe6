// Small progressive enhancements; every page works without them.
(function () {
  "use strict";
  // Elder mode (适老化): the header's form posts the choice (saved on the account when signed in); with scripts
  // it switches at once, remembers it in a cookie and localStorage, and posts in the background.
  var elderForm = document.getElementById("elder-form");
  if (elderForm) {
    elderForm.addEventListener("submit", function (event) {
      event.preventDefault();
      var onField = elderForm.querySelector("input[name=on]");
      var on = onField.value === "1";
      document.documentElement.classList.toggle("elder-mode", on);
      document.cookie = "elder_mode=" + (on ? "1" : "0") + "; path=/; max-age=31536000; SameSite=Lax";
      try { localStorage.setItem("elderMode", on ? "1" : "0"); } catch (e) { /* the cookie remembers */ }
      document.getElementById("elder-toggle").setAttribute("aria-pressed", on ? "true" : "false");
      var body = new FormData(elderForm);
      onField.value = on ? "0" : "1";
      fetch(elderForm.action, {method: "POST", body: body, headers: {"X-Requested-With": "fetch"}, credentials: "same-origin"});
      document.dispatchEvent(new CustomEvent("portal:elder-mode", {detail: {on: on}}));
    });
  }
  // Charts (Chart.js) take their text size from the CSS variable --chart-font-size, which elder mode enlarges.
  function chartFontSize() {
    return parseFloat(getComputedStyle(document.documentElement).getPropertyValue("--chart-font-size")) || 12;
  }
  document.addEventListener("portal:elder-mode", function () {
    if (!window.Chart) return;
    window.Chart.defaults.font.size = chartFontSize();
    Object.values(window.Chart.instances || {}).forEach(function (chart) { chart.update(); });
  });
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
          opt.value = row.id; opt.textContent = row.label || row.name; district.appendChild(opt);
        });
      });
  });
})();
