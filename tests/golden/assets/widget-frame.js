// Inside the widget's frame on a partner's site: show the events true at the reader's moment, and
// tell the page around the frame how tall the list is, so it needs no scroll bar of its own.
// Sends nothing anywhere else; reads and sets no cookie.
(function () {
  "use strict";
  var now = Date.now();
  // As on the hub's own lists (enhance.js): each date says from when until when it is true; the
  // list shows the first few true at the reader's moment, so a series that just met shows its
  // next date instead of vanishing until the next build.
  function instant(element, name) {
    var value = element.getAttribute(name);
    return value ? Date.parse(value) : NaN;
  }
  document.querySelectorAll("[data-from], [data-until]").forEach(function (item) {
    item.hidden = instant(item, "data-from") > now || instant(item, "data-until") <= now;
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
  function tell() {
    if (window.parent !== window) {
      window.parent.postMessage({bulletinHeight: document.documentElement.scrollHeight}, "*");
    }
  }
  tell();
  window.addEventListener("load", tell);
  window.addEventListener("resize", tell);
}());
