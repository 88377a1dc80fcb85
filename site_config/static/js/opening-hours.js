// Today's opening hours, worked out in the browser: pages are cached whole, so
// the header's "Open today …" line the server wrote may be from another day.
// The page carries a small schedule (home/special_hours.py: browser_schedule):
// weekly hours, the special days of the coming weeks named in the page's
// language, and the line's texts. Today is the date in the clinic's time zone,
// wherever the visitor is. Without this script, the server's text stays.
// The line's box has a fixed size (site.css: .topbar__today): no layout shift.
(function () {
  "use strict";

  function todayIn(timeZone) {
    // en-CA writes dates as YYYY-MM-DD, the form the schedule's dates take.
    return new Intl.DateTimeFormat("en-CA", {
      timeZone: timeZone,
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
    }).format(new Date());
  }

  function fill(text, values) {
    return text.replace(/%\((\w+)\)s/g, function (_, key) {
      return values[key];
    });
  }

  function todayLine(schedule, today) {
    var texts = schedule.texts;
    var special = schedule.special.filter(function (day) {
      return day.start <= today && today <= day.end;
    })[0];
    if (special) {
      return special.hours === null
        ? fill(texts.closed_special, { name: special.name })
        : fill(texts.open_special, { hours: special.hours, name: special.name });
    }
    // 0 = Monday, as in Python.
    var weekday = (new Date(today + "T12:00:00Z").getUTCDay() + 6) % 7;
    var hours = schedule.weekly[String(weekday)];
    return hours ? fill(texts.open, { hours: hours }) : texts.closed;
  }

  function updateLines() {
    var lines = document.querySelectorAll("[data-hours-schedule]");
    Array.prototype.forEach.call(lines, function (line) {
      var data = document.getElementById(line.getAttribute("data-hours-schedule"));
      if (!data) return;
      var schedule = JSON.parse(data.textContent);
      var text = todayLine(schedule, todayIn(schedule.timeZone));
      if (line.textContent !== text) line.textContent = text;
    });
  }

  function hidePastDays() {
    var lists = document.querySelectorAll("[data-time-zone]");
    Array.prototype.forEach.call(lists, function (list) {
      var today = todayIn(list.getAttribute("data-time-zone"));
      var items = list.querySelectorAll("[data-until]");
      var left = 0;
      Array.prototype.forEach.call(items, function (item) {
        item.hidden = item.getAttribute("data-until") < today;
        if (!item.hidden) left += 1;
      });
      list.hidden = left === 0;
    });
  }

  // Loaded with `defer`: the document is parsed when this runs.
  updateLines();
  hidePastDays();
})();
