// Live appraised points on an appraisal item: sends the appraised values being typed to the
// server (which scores them with the engine) and shows the points, the explanation and the
// problems per field, without saving. Progressive enhancement only: without JavaScript,
// saving the decision shows the same result.
(function () {
  "use strict";
  var form = document.querySelector("form.appraisal-form[data-preview-url]");
  if (!form) { return; }
  var url = form.getAttribute("data-preview-url");
  var timer = null;
  var pending = null;

  function setText(selector, text) {
    var element = document.querySelector(selector);
    if (element) { element.textContent = text; }
  }

  function showErrors(errors) {
    form.querySelectorAll("[data-field]").forEach(function (wrapper) {
      var code = wrapper.getAttribute("data-field");
      var box = wrapper.querySelector(".field__live-error");
      var messages = errors[code] || [];
      wrapper.classList.toggle("field--error", messages.length > 0);
      if (!box) { return; }
      box.textContent = "";
      messages.forEach(function (message) {
        var paragraph = document.createElement("p");
        paragraph.className = "field__error";
        paragraph.textContent = message;
        box.appendChild(paragraph);
      });
    });
  }

  function showTrace(lines) {
    var list = document.querySelector("[data-score=trace]");
    if (!list) { return; }
    list.textContent = "";
    lines.forEach(function (line) {
      var item = document.createElement("li");
      item.textContent = line;
      list.appendChild(item);
    });
  }

  function refresh() {
    if (pending) { pending.abort(); }
    pending = new AbortController();
    fetch(url, {
      method: "POST",
      body: new FormData(form),
      credentials: "same-origin",
      headers: { "X-Requested-With": "fetch" },
      signal: pending.signal
    }).then(function (response) {
      if (!response.ok) { throw new Error(response.status); }
      return response.json();
    }).then(function (result) {
      setText("[data-score=points]", result.points);
      showTrace(result.trace);
      showErrors(result.errors);
    }).catch(function () { /* keep the last result; saving still works */ });
  }

  function schedule(event) {
    // Only the appraised values change the points; the reason and the decision do not.
    if (!event.target.name || event.target.name.indexOf("appraised-") !== 0) { return; }
    window.clearTimeout(timer);
    timer = window.setTimeout(refresh, 300);
  }

  form.addEventListener("input", schedule);
  form.addEventListener("change", schedule);
})();
