// While a form's file is uploaded and checked on the server (imports, the Excel form), shows the
// form's progress bar and ignores a second press of the button, which would send it again.
// Progressive enhancement only: without JavaScript the form is sent as usual.
(function () {
  "use strict";
  document.querySelectorAll("form[data-busy]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (form.getAttribute("aria-busy") === "true") {
        event.preventDefault();
        return;
      }
      form.setAttribute("aria-busy", "true");
      var busy = form.querySelector(".busy");
      if (busy) { busy.hidden = false; }
    });
  });
})();
