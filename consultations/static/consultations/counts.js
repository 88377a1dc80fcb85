// Which pages bring consultations (consultations/counting.py says what is kept).
// A click on the clinic's phone, WhatsApp or Consultation link (the header marks
// them with data-count; the same targets anywhere on the page count too) sends
// one beacon: this page's id and the kind of link. The contact form gets the id
// of the page read before it in a hidden field, kept in sessionStorage (this tab
// only, never sent by itself, gone when the tab closes): no cookie. Nothing at
// all when the browser asks not to be tracked.
(function () {
  "use strict";
  if (
    navigator.doNotTrack === "1" ||
    window.doNotTrack === "1" ||
    navigator.globalPrivacyControl
  ) {
    return;
  }
  var ORIGIN_KEY = "consultations.origin";
  var body = document.body;
  var pageId = body.getAttribute("data-page-id");
  var url = body.getAttribute("data-count-url");
  var origin = document.querySelector("input[name='origin_page']");
  try {
    if (origin) {
      origin.value = sessionStorage.getItem(ORIGIN_KEY) || "";
    } else if (pageId) {
      sessionStorage.setItem(ORIGIN_KEY, pageId);
    }
  } catch (error) {
    // Storage switched off: the enquiry counts against the contact page.
  }
  if (!pageId || !url || !navigator.sendBeacon) return;

  function target(link) {
    if (link.protocol === "tel:") return link.href.replace(/[^\d+]/g, "");
    return link.origin + link.pathname;
  }
  var kinds = {};
  document.querySelectorAll("a[data-count]").forEach(function (link) {
    kinds[target(link)] = link.getAttribute("data-count");
  });
  document.addEventListener("click", function (event) {
    var link = event.target.closest ? event.target.closest("a[href]") : null;
    var kind = link && kinds[target(link)];
    if (!kind) return;
    navigator.sendBeacon(url, new URLSearchParams({ page: pageId, kind: kind }));
  });
})();
