// A file the server writes while the person waits (the dashboard's Excel and CSV, the Excel
// self-assessment form) takes a few seconds at a city's scale, and a plain link shows nothing
// meanwhile. Links marked data-busy-download fetch the file instead, show the page's busy bar
// ([data-download-busy]) until it has arrived, then save it under the server's file name.
// A second press while it is on its way does nothing. When the answer is not a file (an error,
// the session ended), the link is followed as usual so that the server's own page is shown.
// Without JavaScript the links are plain downloads.
(function () {
  "use strict";
  var busy = document.querySelector("[data-download-busy]");

  function fileName(disposition, fallback) {
    var encoded = /filename\*=UTF-8''([^;]+)/i.exec(disposition || "");
    if (encoded) { return decodeURIComponent(encoded[1]); }
    var plain = /filename="?([^";]+)"?/i.exec(disposition || "");
    return plain ? plain[1] : fallback;
  }

  function save(blob, name) {
    var url = URL.createObjectURL(blob);
    var link = document.createElement("a");
    link.href = url;
    link.download = name;
    document.body.appendChild(link);
    link.click();
    link.remove();
    window.setTimeout(function () { URL.revokeObjectURL(url); }, 60000);
  }

  document.querySelectorAll("a[data-busy-download]").forEach(function (link) {
    link.addEventListener("click", function (event) {
      if (event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) { return; }
      event.preventDefault();
      if (link.getAttribute("aria-busy") === "true") { return; }
      link.setAttribute("aria-busy", "true");
      if (busy) { busy.hidden = false; }
      fetch(link.href, { credentials: "same-origin" }).then(function (response) {
        var disposition = response.headers.get("Content-Disposition") || "";
        if (!response.ok || disposition.indexOf("attachment") !== 0) { throw new Error("not a file"); }
        return response.blob().then(function (blob) {
          save(blob, fileName(disposition, "download"));
        });
      }).catch(function () {
        window.location.assign(link.href);
      }).then(function () {
        link.removeAttribute("aria-busy");
        if (busy) { busy.hidden = true; }
      });
    });
  });
})();
