// New campaign form: when the year is changed, the deadlines (pre-filled for the year shown
// first) move to the new year by the same number of years, day and month kept, so that a 2027
// campaign does not keep 2026 deadlines by mistake. A date that is not dd/mm/yyyy is left as
// typed. Progressive enhancement only: without JavaScript the server refuses deadlines before
// the campaign's year, next to each field.
(function () {
  "use strict";
  var form = document.querySelector("form[data-deadline-year]");
  if (!form) { return; }
  var yearInput = form.querySelector("input[name=year]");
  if (!yearInput) { return; }
  var DATE = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/;
  var shownYear = parseInt(yearInput.value, 10);

  function daysInMonth(year, month) {
    return new Date(year, month, 0).getDate();
  }

  function pad(number) {
    return (number < 10 ? "0" : "") + number;
  }

  function shift(value, years) {
    var match = DATE.exec(value.trim());
    if (!match) { return value; }
    var day = parseInt(match[1], 10);
    var month = parseInt(match[2], 10);
    var year = parseInt(match[3], 10) + years;
    // 29/02 moved to a year without it becomes 28/02.
    day = Math.min(day, daysInMonth(year, month));
    return pad(day) + "/" + pad(month) + "/" + year;
  }

  yearInput.addEventListener("change", function () {
    var year = parseInt(yearInput.value, 10);
    if (isNaN(year) || year < 2000 || year > 2100) { return; }
    if (!isNaN(shownYear) && year !== shownYear) {
      var years = year - shownYear;
      form.querySelectorAll("input[name^=deadline_]").forEach(function (input) {
        input.value = shift(input.value, years);
      });
    }
    shownYear = year;
  });
})();
