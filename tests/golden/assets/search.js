// The search page: the form's choices, kept in the address (?q=chess&audience=teens&when=weekend),
// searched in the hub's Pagefind index (made by the build, loaded from this site only) and shown
// as an ordinary list. "When" is worked out here, at the moment of the search, on the hub's
// calendar (its time zone), never at build time. Text from the address or the index is only ever
// set as text, never as markup.
(function () {
  "use strict";
  var root = document.getElementById("search");
  var form = document.getElementById("search-form");
  if (!root || !form) return;
  var config = JSON.parse(root.getAttribute("data-config"));
  var FACETS = Object.keys(config.known);
  var PAGE = 20; // results shown at a time
  var statusBox = document.getElementById("search-status");
  var errorBox = document.getElementById("search-error");
  var list = document.getElementById("search-results");
  var more = document.getElementById("search-more");
  var pagefind = null;
  var shown = { results: [], next: 0, state: null, days: null };
  var generation = 0; // a newer search wins over a slower older one

  document.getElementById("search-needs-js").hidden = true;

  function say(name, values) {
    var text = root.getAttribute("data-" + name) || "";
    Object.keys(values || {}).forEach(function (key) {
      text = text.split("{" + key + "}").join(String(values[key]));
    });
    return text;
  }

  // -- the state: the address <-> the form --------------------------------------------------
  function fromAddress(search) {
    var params = new URLSearchParams(search);
    var state = { q: (params.get("q") || "").trim(), when: params.get("when") || "", cost: params.get("cost") || "" };
    FACETS.forEach(function (name) { state[name] = params.get(name) || ""; });
    return state;
  }

  function fromForm() {
    var data = new FormData(form);
    var state = { q: String(data.get("q") || "").trim(), when: String(data.get("when") || ""), cost: data.get("cost") ? "free" : "" };
    FACETS.forEach(function (name) { state[name] = String(data.get(name) || ""); });
    return state;
  }

  function toAddress(state) {
    var params = new URLSearchParams();
    ["q"].concat(FACETS, ["cost", "when"]).forEach(function (name) {
      if (state[name]) params.set(name, state[name]);
    });
    var text = params.toString();
    return location.pathname + (text ? "?" + text : "");
  }

  function fill(state) {
    form.elements.q.value = state.q;
    FACETS.concat(["when"]).forEach(function (name) {
      var field = form.elements[name];
      var known = Array.prototype.some.call(field.options, function (o) { return o.value === state[name]; });
      field.value = known ? state[name] : "";
    });
    form.elements.cost.checked = state.cost === "free";
  }

  // What is wrong with a state that came from an address, in words; "" when nothing is.
  function problem(state) {
    if (state.q.length > config.maxQuery) return say("too-long", { max: config.maxQuery });
    for (var i = 0; i < FACETS.length; i++) {
      var name = FACETS[i];
      if (state[name] && config.known[name].indexOf(state[name]) < 0) return unknown(name, state[name]);
    }
    if (state.when && config.windows.indexOf(state.when) < 0) return unknown("when", state.when);
    if (state.cost && state.cost !== "free") return unknown("cost", state.cost);
    return "";
  }

  function unknown(name, value) {
    return say("unknown", { name: name, value: value.length > 60 ? value.slice(0, 60) + "…" : value });
  }

  function empty(state) {
    return !state.q && !state.when && !state.cost && FACETS.every(function (n) { return !state[n]; });
  }

  // -- days on the hub's calendar ---------------------------------------------------------
  var dayFormat = new Intl.DateTimeFormat("en-CA", { timeZone: config.zone, year: "numeric", month: "2-digit", day: "2-digit" });
  var weekdayFormat = new Intl.DateTimeFormat("en-US", { timeZone: config.zone, weekday: "short" });

  function hubDay(moment) { // "2026-11-22" for a Date, in the hub's time zone
    var parts = {};
    dayFormat.formatToParts(moment).forEach(function (p) { parts[p.type] = p.value; });
    return parts.year + "-" + parts.month + "-" + parts.day;
  }

  function addDays(day, count) {
    var moment = new Date(day + "T12:00:00Z");
    moment.setUTCDate(moment.getUTCDate() + count);
    return moment.toISOString().slice(0, 10);
  }

  // The hub's days a window covers, from today: today; the weekend (Saturday and Sunday, from
  // today when it is one); today and the next 6 days; today and the next 29 days.
  function windowDays(when, now) {
    var today = hubDay(now);
    var weekday = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"].indexOf(weekdayFormat.format(now));
    var first = today, count = 1;
    if (when === "weekend") {
      if (weekday === 0) count = 1;
      else if (weekday === 6) count = 2;
      else { first = addDays(today, 6 - weekday); count = 2; }
    } else if (when === "week") count = 7;
    else if (when === "month") count = 30;
    var days = [];
    for (var i = 0; i < count; i++) days.push(addDays(first, i));
    return days;
  }

  // -- searching --------------------------------------------------------------------------
  function filters(state, days) {
    var chosen = {};
    FACETS.forEach(function (name) { if (state[name]) chosen[name] = state[name]; });
    if (state.cost) chosen.cost = "free";
    if (days) {
      if (state.venue) {
        delete chosen.venue;
        chosen["venue-day"] = { any: days.map(function (d) { return state.venue + "/" + d; }) };
      } else {
        chosen.day = { any: days };
      }
    }
    return chosen;
  }

  function load() {
    if (!pagefind) {
      pagefind = import(config.bundle + "pagefind.js").then(function (module) {
        return module.options({ baseUrl: config.base }).then(function () { return module; });
      });
    }
    return pagefind;
  }

  function run(state) {
    var mine = ++generation;
    list.textContent = "";
    more.hidden = true;
    errorBox.textContent = "";
    var wrong = problem(state);
    if (wrong) {
      errorBox.textContent = wrong;
      statusBox.textContent = "";
      return Promise.resolve();
    }
    if (empty(state)) {
      statusBox.textContent = say("start");
      return Promise.resolve();
    }
    statusBox.textContent = say("searching");
    root.setAttribute("aria-busy", "true");
    var days = state.when ? windowDays(state.when, new Date()) : null;
    var searched = config.empty // the hub has nothing to find yet, and so no index
      ? Promise.resolve({ results: [] })
      : load().then(function (module) {
        // Filters alone: the word every event holds (Pagefind given no words loads all its index).
        return module.search(state.q || config.everyEvent, { filters: filters(state, days), sort: { date: "asc" } });
      });
    return searched.then(function (found) {
      if (mine !== generation) return;
      shown = { results: found ? found.results : [], next: 0, state: state, days: days };
      return showMore().then(function () {
        if (mine !== generation) return;
        var count = shown.results.length;
        statusBox.textContent = count === 0 ? say("none") : count === 1 ? say("count-one") : say("count-other", { n: count.toLocaleString(config.lang) });
      });
    }).catch(function () {
      if (mine !== generation) return;
      statusBox.textContent = "";
      errorBox.textContent = say("failed");
    }).then(function () {
      if (mine === generation) root.removeAttribute("aria-busy");
    });
  }

  function showMore() {
    var batch = shown.results.slice(shown.next, shown.next + PAGE);
    shown.next += batch.length;
    var mine = generation;
    return Promise.all(batch.map(function (r) { return r.data(); })).then(function (data) {
      if (mine !== generation) return;
      var first = null;
      data.forEach(function (record) {
        var item = result(record);
        list.appendChild(item);
        if (!first) first = item;
      });
      more.hidden = shown.next >= shown.results.length;
      return first;
    });
  }

  // -- one result ---------------------------------------------------------------------------
  var clockFormat = new Intl.DateTimeFormat(config.lang, { timeZone: config.zone, hour: "numeric", minute: "2-digit" });
  var dateFormat = new Intl.DateTimeFormat(config.lang, { timeZone: config.zone, weekday: "long", day: "numeric", month: "long", year: "numeric" });
  var plainDateFormat = new Intl.DateTimeFormat(config.lang, { timeZone: "UTC", weekday: "long", day: "numeric", month: "long", year: "numeric" });

  // The date a result shows: its first one in the window (or its next one), not cancelled when
  // it has one that is not. Dates are [start, end, cancelled], all-day ones as plain days.
  function pick(dates, days, now) {
    var fits = dates.filter(function (d) {
      var allDay = d[0].length === 10;
      if (!allDay && new Date(d[1]) <= now) return false;
      if (!days) return true;
      var first = allDay ? d[0] : hubDay(new Date(d[0]));
      var last = allDay ? d[1] : first;
      return days.some(function (day) { return day >= first && day <= last; });
    });
    return fits.filter(function (d) { return !d[2]; })[0] || fits[0] || dates[0];
  }

  function element(tag, className, text) {
    var made = document.createElement(tag);
    if (className) made.className = className;
    if (text) made.textContent = text;
    return made;
  }

  function result(record) {
    var meta = record.meta || {};
    var item = element("li", "event search-result");
    var title = element("h2", "event-title");
    var link = element("a", "", meta.title || record.url);
    link.href = record.url;
    title.appendChild(link);
    item.appendChild(title);
    var line = element("p", "meta");
    var kind = (record.filters.kind || [])[0];
    if (kind === "event" && record.filters.dates) {
      var dates = record.filters.dates.map(function (d) { var p = d.split(" "); return [p[0], p[1], p[2] === "cancelled"]; });
      dates.sort(function (a, b) { return new Date(a[0]) - new Date(b[0]); });
      var when = pick(dates, shown.days, new Date());
      if (when) {
        var time = element("time");
        time.setAttribute("datetime", when[0]);
        if (when[0].length === 10) {
          time.textContent = plainDateFormat.format(new Date(when[0] + "T12:00:00Z")) + ", " + say("all-day");
        } else {
          var start = new Date(when[0]);
          time.textContent = dateFormat.format(start) + ", " + clockFormat.format(start) + " – " + clockFormat.format(new Date(when[1]));
        }
        line.appendChild(time);
        if (when[2]) {
          item.classList.add("is-cancelled");
          line.appendChild(document.createTextNode(" · "));
          line.appendChild(element("strong", "badge badge-cancelled", say("cancelled")));
        }
      }
    } else {
      line.appendChild(document.createTextNode(kind === "venue" ? say("place") : say("partner")));
    }
    if (meta.where) line.appendChild(document.createTextNode(" · " + meta.where));
    item.appendChild(line);
    if (meta.audiences) item.appendChild(element("p", "audiences", say("for") + ": " + meta.audiences));
    if (meta.summary) item.appendChild(element("p", "summary", meta.summary));
    return item;
  }

  // -- events ------------------------------------------------------------------------------
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var state = fromForm();
    var address = toAddress(state);
    if (address !== location.pathname + location.search) history.pushState(null, "", address);
    run(state);
  });

  more.addEventListener("click", function () {
    showMore().then(function (first) {
      if (first) first.querySelector("a").focus();
    });
  });

  window.addEventListener("popstate", function () {
    var state = fromAddress(location.search);
    fill(state);
    run(state);
  });

  var start = fromAddress(location.search);
  fill(start);
  run(start);
})();
