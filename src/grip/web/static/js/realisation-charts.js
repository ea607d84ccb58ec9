// Draws the Vega-Lite charts of the realisation pages. Each chart <div id="grafiek-NAME"> has its
// specification in <script id="spec-NAME" type="application/json"> (Django's json_script). The
// tables next to the charts carry the same figures, so nothing is lost without JavaScript.
"use strict";
document.addEventListener("DOMContentLoaded", function () {
  if (typeof vegaEmbed !== "function") {
    return;
  }
  document.querySelectorAll("div[id^='grafiek-']").forEach(function (element) {
    var source = document.getElementById("spec-" + element.id.slice("grafiek-".length));
    if (!source) {
      return;
    }
    vegaEmbed(element, JSON.parse(source.textContent), {
      actions: false,
      renderer: "svg",
      formatLocale: {decimal: ",", thousands: ".", grouping: [3], currency: ["€ ", ""]},
    }).catch(function (error) {
      element.textContent = "";
      console.error(error);
    });
  });
});
