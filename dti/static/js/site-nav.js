// The "Administration" menu is a <details> disclosure, which opens and closes by itself with the
// mouse and the keyboard. This only closes it as people expect a menu to close: on Escape (the
// focus going back to its button), on a click elsewhere, and when the focus leaves it.
(function () {
  "use strict";
  document.querySelectorAll("details.site-menu").forEach(function (menu) {
    var summary = menu.querySelector("summary");
    menu.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && menu.open) {
        menu.open = false;
        summary.focus();
      }
    });
    menu.addEventListener("focusout", function (event) {
      if (event.relatedTarget && !menu.contains(event.relatedTarget)) { menu.open = false; }
    });
    document.addEventListener("click", function (event) {
      if (menu.open && !menu.contains(event.target)) { menu.open = false; }
    });
  });
})();
