// Progressive enhancement only: every page works without this script.
// Pages are built ahead of time, so an event may have ended since the build; hide ended events in
// lists, using the viewer's own clock.
(function () {
  "use strict";
  var now = Date.now();
  document.querySelectorAll("[data-ends]").forEach(function (item) {
    var ends = Date.parse(item.getAttribute("data-ends"));
    if (!isNaN(ends) && ends < now) {
      item.hidden = true;
    }
  });
  document.querySelectorAll(".day").forEach(function (day) {
    if (!day.querySelector(".events > li:not([hidden])")) {
      day.hidden = true;
    }
  });
  document.querySelectorAll("input.copy").forEach(function (field) {
    field.addEventListener("focus", function () { field.select(); });
  });
}());
