// Inside the widget's frame on a partner's site: hide events that have ended since the build, and
// tell the page around the frame how tall the list is, so it needs no scroll bar of its own.
// Sends nothing anywhere else; reads and sets no cookie.
(function () {
  "use strict";
  var now = Date.now();
  document.querySelectorAll("[data-ends]").forEach(function (item) {
    var ends = Date.parse(item.getAttribute("data-ends"));
    if (!isNaN(ends) && ends < now) {
      item.hidden = true;
    }
  });
  function tell() {
    if (window.parent !== window) {
      window.parent.postMessage({bulletinHeight: document.documentElement.scrollHeight}, "*");
    }
  }
  tell();
  window.addEventListener("load", tell);
  window.addEventListener("resize", tell);
}());
