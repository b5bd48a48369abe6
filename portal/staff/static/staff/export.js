// Background export page: sizes the progress bar from its data- attribute, polls the job's JSON status while it
// runs and reloads the page when it is finished (which then shows the download link). No inline script (CSP).
(function () {
  "use strict";
  var counts = document.getElementById("export-counts");
  var progress = document.getElementById("export-progress");
  if (!counts || !progress) return;
  var bar = progress.querySelector(".progress-bar");
  var status = document.getElementById("export-status");
  function show(percent) {
    bar.style.width = percent + "%";
    bar.textContent = percent + "%";
    progress.setAttribute("aria-valuenow", percent);
  }
  show(parseInt(bar.dataset.percent, 10) || 0);
  if (counts.dataset.finished === "true") return;
  function poll() {
    fetch(counts.dataset.statusUrl, {headers: {"Accept": "application/json"}, credentials: "same-origin"})
      .then(function (r) { return r.json(); })
      .then(function (s) {
        show(s.percent);
        status.textContent = s.status_display;
        status.dataset.status = s.status;
        counts.dataset.rowsDone = s.rows_done;
        if (s.finished) { window.location.reload(); } else { setTimeout(poll, 1000); }
      })
      .catch(function () { setTimeout(poll, 3000); });
  }
  setTimeout(poll, 500);
})();
