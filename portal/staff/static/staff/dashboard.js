// Draws the dashboard's charts from the JSON next to each canvas; the tables beside them hold the same numbers.
(function () {
  "use strict";
  if (typeof Chart === "undefined") return;
  // Text size from the page's CSS (elder mode enlarges --chart-font-size; portal.js redraws on a switch).
  Chart.defaults.font.size = parseFloat(getComputedStyle(document.documentElement).getPropertyValue("--chart-font-size")) || 12;
  var palette = ["#b71c1c", "#1565c0", "#2e7d32", "#f9a825", "#6a1b9a", "#00838f", "#ef6c00", "#5d4037"];
  document.querySelectorAll("canvas[id^='chart-']").forEach(function (canvas) {
    var source = document.getElementById(canvas.id.slice(6));
    if (!source) return;
    var chart = JSON.parse(source.textContent);
    var round = chart.type === "pie" || chart.type === "doughnut";
    new Chart(canvas, {
      type: chart.type,
      data: {
        labels: chart.labels,
        datasets: [{label: chart.title || "", data: chart.data,
                    backgroundColor: round ? palette : palette[0]}]
      },
      options: {responsive: true, plugins: {legend: {display: round}}}
    });
  });
})();
