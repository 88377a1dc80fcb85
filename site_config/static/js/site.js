// The only script on public pages: the small-screen menu toggle.
(function () {
  "use strict";
  var toggle = document.querySelector(".nav-toggle");
  var nav = document.getElementById("site-nav");
  if (!toggle || !nav) return;
  document.documentElement.classList.add("js");
  toggle.addEventListener("click", function () {
    var open = toggle.getAttribute("aria-expanded") === "true";
    toggle.setAttribute("aria-expanded", String(!open));
    nav.classList.toggle("is-open", !open);
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && nav.classList.contains("is-open")) {
      toggle.setAttribute("aria-expanded", "false");
      nav.classList.remove("is-open");
      toggle.focus();
    }
  });
})();

// Forms on cached pages (the contact form) come without a CSRF token: every
// visitor shares the same HTML. Fetch this browser's token (and a fresh "form
// shown at" time) from /csrf/, which is never cached. Without JavaScript the
// server asks the visitor to press Send once more (home/csrf.py).
(function () {
  "use strict";
  var forms = document.querySelectorAll("form[data-csrf-url]");
  Array.prototype.forEach.call(forms, function (form) {
    var input = form.querySelector("input[name=csrfmiddlewaretoken]");
    if (!input || input.value || !window.fetch) return;
    fetch(form.getAttribute("data-csrf-url"), {
      credentials: "same-origin",
      headers: { Accept: "application/json" },
    })
      .then(function (response) {
        return response.ok ? response.json() : null;
      })
      .then(function (data) {
        if (!data) return;
        input.value = data.token;
        Object.keys(data.fields || {}).forEach(function (name) {
          var field = form.querySelector('input[name="' + name + '"]');
          if (field) field.value = data.fields[name];
        });
      })
      .catch(function () {
        /* offline: the no-JavaScript path still works */
      });
  });
})();
