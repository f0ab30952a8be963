// A table wider than its box scrolls sideways inside it (.table-wrap, overflow-x: auto). When it
// does, this says so above the table, and makes the box a named region that the keyboard can
// reach and scroll with the arrow keys (a table of plain text has nothing else to focus).
// Checked again whenever the box changes size (a phone turned, a window resized).
(function () {
  "use strict";
  var hintText = document.body.getAttribute("data-table-scroll-hint");
  if (!hintText || !window.ResizeObserver) { return; }

  function update(wrap, ownRegion) {
    var scrolls = wrap.scrollWidth > wrap.clientWidth + 1;
    var hint = wrap.previousElementSibling;
    var hasHint = hint && hint.classList.contains("table-scroll-hint");
    wrap.classList.toggle("table-wrap--scrolls", scrolls);
    if (scrolls) {
      if (!hasHint) {
        hint = document.createElement("p");
        hint.className = "table-scroll-hint";
        hint.textContent = hintText;
        wrap.parentNode.insertBefore(hint, wrap);
      }
      if (ownRegion) { return; }
      var caption = wrap.querySelector("caption");
      var name = caption ? caption.textContent.trim() : "";
      wrap.setAttribute("tabindex", "0");
      wrap.setAttribute("role", "region");
      wrap.setAttribute("aria-label", name ? name + " — " + hintText : hintText);
    } else {
      if (hasHint) { hint.remove(); }
      if (ownRegion) { return; }
      ["tabindex", "role", "aria-label"].forEach(function (attribute) {
        wrap.removeAttribute(attribute);
      });
    }
  }

  // A box the page already made a region (e.g. the assignment matrix) keeps its own name.
  var own = new WeakSet();
  var observer = new ResizeObserver(function (entries) {
    entries.forEach(function (entry) { update(entry.target, own.has(entry.target)); });
  });
  document.querySelectorAll(".table-wrap").forEach(function (wrap) {
    if (wrap.hasAttribute("tabindex")) { own.add(wrap); }
    observer.observe(wrap);
  });
})();
