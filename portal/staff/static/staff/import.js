// Polls the import's JSON status and reloads the page when it is finished (the page also works without this).
(function () {
  "use strict";
  var counts = document.getElementById("import-counts");
  var bar = document.querySelector("#import-progress .progress-bar");
  var progress = document.getElementById("import-progress");
  var status = document.getElementById("import-status");
  if (!counts) return;
  function poll() {
    fetch(counts.dataset.statusUrl, {headers: {"Accept": "application/json"}, credentials: "same-origin"})
      .then(function (r) { return r.json(); })
      .then(function (s) {
        bar.style.width = s.percent + "%";
        bar.textContent = s.percent + "%";
        progress.setAttribute("aria-valuenow", s.percent);
        status.textContent = s.status_display;
        status.dataset.status = s.status;
        counts.dataset.processed = s.processed;
        if (s.finished) { window.location.reload(); } else { setTimeout(poll, 1000); }
      })
      .catch(function () { setTimeout(poll, 3000); });
  }
  setTimeout(poll, 500);
})();
