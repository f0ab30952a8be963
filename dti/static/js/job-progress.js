// Follows a background job's progress on its page: the bar, the message, then the heading of
// its final state with the download (or the failure). Without JavaScript the page says to
// refresh it.
(function () {
  "use strict";
  var box = document.querySelector("[data-status-url]");
  if (!box) { return; }
  var url = box.getAttribute("data-status-url");
  var heading = document.querySelector("h1[data-job=heading]");

  function part(name) { return box.querySelector("[data-job=" + name + "]"); }

  // Rewriting a live region with the same words would read them out again every second.
  function setText(element, text) {
    if (element && element.textContent !== text) { element.textContent = text; }
  }

  function finish(state) {
    var text = heading && heading.getAttribute("data-" + state);
    if (text) {
      setText(heading, text);
      var city = document.title.indexOf(" · ");
      document.title = text + (city >= 0 ? document.title.slice(city) : "");
    }
  }

  function poll() {
    fetch(url, { credentials: "same-origin" }).then(function (response) {
      if (!response.ok) { throw new Error(response.status); }
      return response.json();
    }).then(function (job) {
      setText(part("status"), job.status_label);
      setText(part("message"), job.message);
      part("progress").value = job.progress;
      setText(part("percent"), job.progress + " %");
      setText(part("file"), job.file);
      part("done").hidden = !job.done;
      part("failed").hidden = !job.failed;
      if (job.done) { finish("done"); } else if (job.failed) { finish("failed"); } else {
        window.setTimeout(poll, 1000);
      }
    }).catch(function () { window.setTimeout(poll, 3000); });
  }
  if (!part("done").hidden || !part("failed").hidden) { return; }
  poll();
})();
