// Draws every figure of the page from the JSON embedded beside it, with plotly.js from this site.
// A shape that carries a link template (the map) opens the page of what was clicked.
(function () {
  "use strict";
  function draw(holder) {
    var spec = JSON.parse(document.getElementById(holder.dataset.figure).textContent);
    var config = { displayModeBar: false, responsive: true };
    Plotly.newPlot(holder, spec.data, spec.layout, config).then(function () {
      holder.setAttribute("data-drawn", "1");
    });
    var link = holder.dataset.link;
    if (link) {
      holder.on("plotly_click", function (event) {
        var point = event.points && event.points[0];
        var code = point && point.customdata && point.customdata[0];
        if (code && /^[0-9]{2,6}$/.test(String(code))) {
          window.location.href = link.replace("{code}", String(code));
        }
      });
    }
  }
  document.querySelectorAll("[data-figure]").forEach(draw);
})();
