// The content checks panel (content_checks/editor.py) checks the page again as it
// is edited: 800 ms after the last change, the editor's form is posted, unsaved,
// to content_checks/views.py `live_check`, and its answer replaces the findings.
// Nothing is saved; the form's own CSRF token goes with it.
document.addEventListener("DOMContentLoaded", () => {
    "use strict";

    const panel = document.querySelector("[data-content-checks][data-content-checks-url]");
    const form = panel && panel.closest("form");
    if (!panel || !form) {
        return;
    }
    const url = panel.dataset.contentChecksUrl;
    const results = panel.querySelector("[data-content-checks-results]");
    const status = panel.querySelector("[data-content-checks-status]");
    const idleText = status.textContent;
    const DELAY = 800;
    let timer = null;
    let inFlight = null;

    function check() {
        if (inFlight) {
            inFlight.abort();
        }
        inFlight = new AbortController();
        const body = new FormData(form);
        status.textContent = status.dataset.checking || idleText;
        fetch(url, {
            method: "POST",
            body: body,
            credentials: "same-origin",
            headers: {"X-Requested-With": "XMLHttpRequest"},
            signal: inFlight.signal,
        })
            .then((response) => {
                if (!response.ok) {
                    throw new Error(String(response.status));
                }
                return response.text();
            })
            .then((html) => {
                results.innerHTML = html;
                status.textContent = idleText;
                panel.dispatchEvent(new CustomEvent("content-checks:updated", {bubbles: true}));
            })
            .catch((error) => {
                if (error.name !== "AbortError") {
                    status.textContent = panel.dataset.contentChecksFailed || idleText;
                }
            });
    }

    function schedule() {
        window.clearTimeout(timer);
        timer = window.setTimeout(check, DELAY);
    }

    // Typing in fields, choosers and selects; Wagtail's own change tracking
    // (w-unsaved) for rich text and StreamField blocks.
    form.addEventListener("input", schedule);
    form.addEventListener("change", schedule);
    form.addEventListener("w-unsaved:add", schedule);
});
