// Draws the reporting dashboard's charts from the JSON each <canvas data-chart="id"> names.
// Runs as a static file because the Content Security Policy forbids inline script.
(function () {
  "use strict";
  if (typeof window.Chart === "undefined") {
    return; // the tables beside each chart still carry every figure
  }
  // GOV.UK Design System colours: blue, orange, turquoise, purple.
  var colours = ["#1d70b8", "#f47738", "#28a197", "#4c2c92"];
  document.querySelectorAll("canvas[data-chart]").forEach(function (canvas) {
    var source = document.getElementById(canvas.getAttribute("data-chart"));
    if (!source) {
      return;
    }
    var chart = JSON.parse(source.textContent);
    var type = canvas.getAttribute("data-chart-type") || "line";
    new window.Chart(canvas, {
      type: type,
      data: {
        labels: chart.labels,
        datasets: chart.datasets.map(function (dataset, index) {
          var colour = colours[index % colours.length];
          return {
            label: dataset.label,
            data: dataset.data,
            borderColor: colour,
            backgroundColor: colour,
            borderDash: index === 1 && type === "line" ? [6, 4] : [],
            spanGaps: true
          };
        })
      },
      options: {
        animation: false,
        responsive: true,
        scales: {
          x: { stacked: type === "bar" },
          y: { stacked: type === "bar", beginAtZero: true }
        }
      }
    });
  });
})();
