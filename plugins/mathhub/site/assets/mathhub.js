/* Math Hub: regions that scroll sideways (wide tables, equations, charts) get keyboard focus, as WCAG 2.1.1 asks. */
(function () {
  "use strict";
  var selector = ".mh-table-wrap, .mh-math, .mh-heatmap, .md-typeset__scrollwrap";
  function update() {
    var regions = document.querySelectorAll(selector);
    Array.prototype.forEach.call(regions, function (region) {
      var scrolls = region.scrollWidth > region.clientWidth + 1 || region.scrollHeight > region.clientHeight + 1;
      if (scrolls && !region.hasAttribute("tabindex")) {
        region.setAttribute("tabindex", "0");
        region.setAttribute("role", "region");
        var caption = region.querySelector("caption, figcaption, math[alttext]");
        var label = caption ? (caption.getAttribute("alttext") || caption.textContent) : "Scrollable content";
        region.setAttribute("aria-label", label.trim().slice(0, 120));
        region.setAttribute("data-mh-scroll", "");
      } else if (!scrolls && region.hasAttribute("data-mh-scroll")) {
        ["tabindex", "role", "aria-label", "data-mh-scroll"].forEach(function (name) { region.removeAttribute(name); });
      }
    });
  }
  var timer = null;
  window.addEventListener("resize", function () { clearTimeout(timer); timer = setTimeout(update, 150); });
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", update); } else { update(); }
}());
/* Math Hub: "Print" buttons on the handout, the answer key and the practice sheet; "?print" in the address prints at once
   (the guide's "Print handout" links there). Without JavaScript the buttons stay hidden and the browser's own Print works. */
(function () {
  "use strict";
  var buttons = document.querySelectorAll("[data-mh-print]");
  if (!buttons.length) { return; }
  Array.prototype.forEach.call(buttons, function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  });
  if (new URLSearchParams(window.location.search).has("print")) {
    if (document.readyState === "complete") { window.print(); } else { window.addEventListener("load", function () { window.print(); }); }
  }
}());
