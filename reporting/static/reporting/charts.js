// Draws the reporting dashboard's charts from the JSON each <canvas data-chart="id"> names.
// Runs as a static file because the Content Security Policy forbids inline script.
(function () {
  "use strict";
  if (typeof window.Chart === "undefined") {
    return; // the tables beside each chart still carry every figure
  }
  // GOV.UK Design System colours: blue, orange, turquoise, purple; black for the year line.
  var colours = ["#1d70b8", "#f47738", "#28a197", "#4c2c92"];
  var BLACK = "#0b0c0c";

  // A dashed vertical line, labelled, where each financial year starts (April): NI135 is
  // counted from 1 April, so the year-to-date line drops there. The page's text and table
  // say the same for anyone who cannot see the chart.
  var yearBoundary = {
    id: "financialYearBoundary",
    afterDatasetsDraw: function (chart, args, options) {
      var starts = options.starts || [];
      var x = chart.scales.x;
      var area = chart.chartArea;
      var context = chart.ctx;
      chart.$yearBoundaries = [];
      starts.forEach(function (start) {
        var at = x.getPixelForValue(start.index);
        // Between March and April: half a step before April's own point or bar.
        var before = start.index > 0 ? x.getPixelForValue(start.index - 1) : area.left;
        var line = start.index > 0 ? (at + before) / 2 : area.left;
        context.save();
        context.strokeStyle = BLACK;
        context.lineWidth = 2;
        context.setLineDash([6, 4]);
        context.beginPath();
        context.moveTo(line, area.top);
        context.lineTo(line, area.bottom);
        context.stroke();
        context.setLineDash([]);
        context.fillStyle = BLACK;
        context.font = "bold 14px Arial, sans-serif";
        context.textBaseline = "bottom";
        context.textAlign = line > area.right - 90 ? "right" : "left";
        context.fillText("Year starts", line + (context.textAlign === "left" ? 4 : -4), area.top - 2);
        context.restore();
        chart.$yearBoundaries.push({ index: start.index, x: line, label: start.label });
      });
    }
  };

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
      plugins: [yearBoundary],
      options: {
        animation: false,
        responsive: true,
        plugins: { financialYearBoundary: { starts: chart.year_starts || [] } },
        // Room above the plot for the "Year starts" label.
        layout: { padding: { top: 20 } },
        scales: {
          x: { stacked: type === "bar" },
          y: { stacked: type === "bar", beginAtZero: true }
        }
      }
    });
  });
})();
