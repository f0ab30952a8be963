// Follows a background job's progress on its page and reveals the download when it is done.
(function () {
  "use strict";
  var box = document.querySelector("[data-status-url]");
  if (!box) { return; }
  var url = box.getAttribute("data-status-url");

  function part(name) { return box.querySelector("[data-job=" + name + "]"); }

  function poll() {
    fetch(url, { credentials: "same-origin" }).then(function (response) {
      return response.json();
    }).then(function (job) {
      part("status").textContent = job.status_label;
      part("message").textContent = job.message;
      part("progress").value = job.progress;
      part("done").hidden = !job.done;
      part("failed").hidden = !job.failed;
      if (!job.done && !job.failed) { window.setTimeout(poll, 1000); }
    }).catch(function () { window.setTimeout(poll, 3000); });
  }
  poll();
})();
