// Staff statistics: card uses per month, stacked by industry (data from the json_script block; table below is the
// accessible version of the same figures).
(function () {
  const node = document.getElementById("uses-chart-data");
  const canvas = document.getElementById("uses-chart");
  if (!node || !canvas || typeof Chart === "undefined") return;
  const data = JSON.parse(node.textContent);
  if (!data.labels.length) { canvas.hidden = true; return; }
  // Text size from the page's CSS (elder mode enlarges --chart-font-size; portal.js redraws on a switch).
  Chart.defaults.font.size = parseFloat(getComputedStyle(document.documentElement).getPropertyValue("--chart-font-size")) || 12;
  new Chart(canvas, {
    type: "bar",
    data: { labels: data.labels, datasets: data.datasets.map((d) => ({ label: d.label, data: d.data })) },
    options: { responsive: true, scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true } } },
  });
})();
