// Draws every chart of templates/layout/_charts.html; without Chart.js the tables still show the figures.
document.addEventListener("DOMContentLoaded", function () {
  if (typeof Chart === "undefined") { return; }
  var colors = ["#b45309", "#15803d", "#1d4ed8", "#6b7280"];
  document.querySelectorAll("canvas[data-tipo]").forEach(function (canvas) {
    var key = canvas.id.replace(/^grafica-/, "");
    var data = JSON.parse(document.getElementById("datos-" + key).textContent);
    var round = canvas.dataset.tipo === "doughnut";
    var horizontal = canvas.hasAttribute("data-horizontal");
    new Chart(canvas, {
      type: canvas.dataset.tipo,
      data: {labels: data.etiquetas,
             datasets: [{label: canvas.dataset.serie, data: data.valores, backgroundColor: round ? colors : "#1d4ed8"}]},
      options: {indexAxis: horizontal ? "y" : "x", responsive: true, maintainAspectRatio: false,
                plugins: {legend: {display: round}},
                scales: round ? {} : {
                  [horizontal ? "x" : "y"]: {beginAtZero: true, ticks: {precision: 0}},
                  // Long labels (medios, sentidos, áreas) are cut on the axis; the table has them whole.
                  [horizontal ? "y" : "x"]: {ticks: {callback: function (value) {
                    var label = this.getLabelForValue(value);
                    return label.length > 28 ? label.slice(0, 27) + "…" : label;
                  }}}}}
    });
  });
});
