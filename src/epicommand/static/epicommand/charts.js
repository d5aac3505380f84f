/* Draws every chart of the page: each <script type="application/json" data-vega> holds a
   Vega-Lite spec, drawn as SVG next to it by the vendored vega-embed (no CDN: EOCs run
   offline). */
(function () {
  "use strict";
  function draw() {
    if (typeof window.vegaEmbed !== "function") { return; }
    document.querySelectorAll("script[type='application/json'][data-vega]").forEach(function (block) {
      var target = document.createElement("div");
      target.className = "vega-target";
      block.parentNode.insertBefore(target, block);
      window.vegaEmbed(target, JSON.parse(block.textContent), { actions: false, renderer: "svg" })
        .catch(function (error) { target.textContent = String(error); });
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
