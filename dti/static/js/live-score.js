// Live points for the self-assessment form: sends what is typed to the server (which computes
// the points with the scoring engine) and shows the result, without reloading the page.
// Progressive enhancement only: without JavaScript, Save shows the same result.
(function () {
  "use strict";
  var form = document.querySelector("form[data-preview-url]");
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
    var data = new FormData(form);
    // The evidence card is inside this form too: a chosen file goes with its buttons only.
    data.delete("file");
    fetch(url, {
      method: "POST",
      body: data,
      credentials: "same-origin",
      headers: { "X-Requested-With": "fetch" },
      signal: pending.signal
    }).then(function (response) {
      if (!response.ok) { throw new Error(response.status); }
      return response.json();
    }).then(function (result) {
      setText("[data-score=points]", result.points);
      // The maximum changes too: a sub-criterion that does not apply leaves it.
      setText("[data-score=max]", result.max_points);
      setText("[data-score=status]", result.status_label);
      showTrace(result.trace);
      showErrors(result.errors);
    }).catch(function () { /* keep the last result; Save still works */ });
  }

  function schedule(event) {
    if (event.target.closest(".evidence-form")) { return; }  // no points in a file or link
    window.clearTimeout(timer);
    timer = window.setTimeout(refresh, 300);
  }

  form.addEventListener("input", schedule);
  form.addEventListener("change", schedule);
})();
