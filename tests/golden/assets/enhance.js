// Progressive enhancement only: every page works without this script.
// Pages are built ahead of time (every night), so each list item says from when until when it is
// true (data-from, data-until); the page as built shows what was true at the build. This shows
// exactly what is true at the reader's own moment, by their clock: a session that has ended goes,
// the next date of its series comes, a day's heading goes with its last event, and notes such as
// "No more events today" appear when a list is left empty.
(function () {
  "use strict";
  var now = Date.now();
  function instant(element, name) {
    var value = element.getAttribute(name);
    return value ? Date.parse(value) : NaN;
  }
  function visible(list) {
    return list ? list.querySelectorAll("li:not([hidden])").length : 0;
  }
  document.querySelectorAll("[data-from], [data-until]").forEach(function (element) {
    // A comparison with NaN (no bound) is false, so a missing bound never hides anything.
    element.hidden = instant(element, "data-from") > now || instant(element, "data-until") <= now;
  });
  document.querySelectorAll("[data-limit]").forEach(function (list) {
    var left = parseInt(list.getAttribute("data-limit"), 10);
    Array.prototype.forEach.call(list.children, function (item) {
      if (!item.hidden) {
        left -= 1;
        item.hidden = left < 0;
      }
    });
  });
  document.querySelectorAll(".day").forEach(function (day) {
    day.hidden = !day.querySelector(".events > li:not([hidden])");
  });
  document.querySelectorAll("[data-empty-for]").forEach(function (note) {
    note.hidden = visible(document.getElementById(note.getAttribute("data-empty-for"))) > 0;
  });
  document.querySelectorAll("[data-hide-empty]").forEach(function (section) {
    section.hidden = visible(document.getElementById(section.getAttribute("data-hide-empty"))) === 0;
  });
  document.querySelectorAll("input.copy").forEach(function (field) {
    field.addEventListener("focus", function () { field.select(); });
  });
}());
