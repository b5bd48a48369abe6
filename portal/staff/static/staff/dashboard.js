// Draws the dashboard's small charts from the JSON next to each canvas; the tables beside them hold the same
// numbers. Twelve colours that stay apart (the 12 industries never repeat one); text follows the page's font
// size, so elder mode enlarges the charts' labels too. The print button prints the page as it is.
(function () {
  "use strict";
  var printButton = document.querySelector("[data-print]");
  if (printButton) printButton.addEventListener("click", function () { window.print(); });
  if (typeof Chart === "undefined") return;
  var palette = ["#b71c1c", "#1565c0", "#2e7d32", "#ef6c00", "#6a1b9a", "#00838f",
                 "#c2185b", "#5d4037", "#827717", "#283593", "#546e7a", "#f9a825"];
  // Text size from the page's CSS (elder mode enlarges --chart-font-size; portal.js redraws on a switch).
  Chart.defaults.font.size = parseFloat(getComputedStyle(document.documentElement).getPropertyValue("--chart-font-size")) || 12;
  document.querySelectorAll("canvas[id^='chart-']").forEach(function (canvas) {
    var source = document.getElementById(canvas.id.slice(6));
    if (!source) return;
    var chart = JSON.parse(source.textContent);
    var round = chart.type === "pie" || chart.type === "doughnut";
    var many = chart.labels.length > 1 && chart.type === "bar";
    new Chart(canvas, {
      type: chart.type,
      data: {
        labels: chart.labels,
        datasets: [{label: chart.title || "", data: chart.data,
                    backgroundColor: round || many ? palette.slice(0, chart.labels.length) : palette[0],
                    borderColor: chart.type === "line" ? palette[0] : undefined}]
      },
      options: {
        responsive: true, maintainAspectRatio: false,
        indexAxis: many && chart.labels.length > 6 ? "y" : "x",
        plugins: {legend: {display: round, position: "right"}}
      }
    });
  });
})();
// Printing shows every section in full: the folded details open for the print and close again after.
window.addEventListener("beforeprint", function () {
  document.querySelectorAll("details.dashboard-more:not([open])").forEach(function (d) {
    d.setAttribute("open", ""); d.dataset.printOpened = "1";
  });
});
window.addEventListener("afterprint", function () {
  document.querySelectorAll("details[data-print-opened]").forEach(function (d) {
    d.removeAttribute("open"); delete d.dataset.printOpened;
  });
});
