// A branch's lobby screen (/display/<venue>/). The page holds the coming week's events; every
// 15 seconds this script puts what is on now under "On now" and the next few under "Coming up",
// by the screen's clock, and shows the time in the hub's zone. Every 10 minutes it reloads the
// page, once the hub answers, so a new build reaches the screen and a network outage never
// leaves it on an error page.
(function () {
  "use strict";
  var TICK = 15 * 1000;
  var RELOAD = 10 * 60 * 1000;
  var zone = document.body.getAttribute("data-timezone");
  var nowList = document.getElementById("now-list");
  var nextList = document.getElementById("next-list");
  var nothingNow = document.getElementById("nothing-now");
  var nothingNext = document.getElementById("nothing-next");
  var clock = document.getElementById("clock");
  var shown = parseInt(nextList.getAttribute("data-shown"), 10);
  var items = Array.prototype.slice.call(document.querySelectorAll("li[data-start]"));
  items.sort(function (a, b) {
    return Number(a.getAttribute("data-order")) - Number(b.getAttribute("data-order"));
  });
  var lang = document.documentElement.lang || undefined;
  var clockFormat = new Intl.DateTimeFormat(lang, {
    timeZone: zone, weekday: "long", month: "long", day: "numeric", hour: "numeric", minute: "2-digit"
  });
  var dayFormat = new Intl.DateTimeFormat("en-CA", {
    timeZone: zone, year: "numeric", month: "2-digit", day: "2-digit"
  });

  function update() {
    var now = Date.now();
    var today = dayFormat.format(now);
    var onNow = 0;
    var coming = 0;
    clock.textContent = clockFormat.format(now);
    items.forEach(function (item) {
      var start = Date.parse(item.getAttribute("data-start"));
      var end = Date.parse(item.getAttribute("data-end"));
      var cancelled = item.hasAttribute("data-cancelled");
      item.querySelector(".day").hidden = item.getAttribute("data-day") === today;
      if (start <= now && now < end && !cancelled) {
        nowList.appendChild(item);
        item.hidden = false;
        onNow += 1;
      } else if (start > now) {
        nextList.appendChild(item);
        item.hidden = coming >= shown;
        coming += 1;
      } else {
        item.hidden = true;  // over, or cancelled and past its start
      }
    });
    nothingNow.hidden = onNow > 0;
    nothingNext.hidden = coming > 0;
  }

  function reload() {
    fetch(location.href, {cache: "no-store", credentials: "omit"}).then(function (response) {
      if (response.ok) {
        location.reload();
      }
    }).catch(function () {});
  }

  update();
  setInterval(update, TICK);
  setInterval(reload, RELOAD);
}());
