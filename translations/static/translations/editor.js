// The translator's cockpit inside wagtail-localize's editor (translations/editor.py
// builds the data). wagtail-localize renders its segments with React and gives the
// page no per-segment hooks, so this script finds each segment's list item by
// position (the order the editor renders them in, checked against the English
// text) and adds a panel to it. Everything saved goes through the editor's own
// textarea and Save (Enter), so its state, progress and publish stay exact.
// Loaded in the page's <head>, like wagtail-localize's own script.
document.addEventListener("DOMContentLoaded", () => {
    "use strict";

    const dataElement = document.getElementById("translation-cockpit");
    const editor = document.querySelector(".js-translation-editor");
    if (!dataElement || !editor) {
        return;
    }
    const data = JSON.parse(dataElement.textContent);
    const props = JSON.parse(editor.dataset.props);
    const text = data.text;

    function format(template, values) {
        return template.replace(/%\((\w+)\)s/g, (_, key) => values[key]).replace("%%", "%");
    }

    function element(tag, className, content) {
        const node = document.createElement(tag);
        if (className) {
            node.className = className;
        }
        if (content !== undefined) {
            node.textContent = content;
        }
        return node;
    }

    // The order wagtail-localize renders segments in: per tab with segments (all
    // in one list when only one tab has any), grouped by field and block.
    function renderedOrder() {
        const perTab = props.tabs
            .map((tab) => props.segments.filter((s) => s.location.tab === tab.slug))
            .filter((segments) => segments.length > 0);
        const lists = perTab.length > 1 ? perTab : [props.segments];
        const order = [];
        lists.forEach((segments) => {
            const groups = new Map();
            segments.forEach((segment) => {
                const key = `${segment.location.field}/${segment.location.blockId || "null"}`;
                if (!groups.has(key)) {
                    groups.set(key, []);
                }
                groups.get(key).push(segment);
            });
            groups.forEach((group) => order.push(...group));
        });
        return order;
    }

    const order = renderedOrder();

    function segmentItems() {
        // Each block is an <h3> label followed by its list of segments.
        return Array.from(editor.querySelectorAll("h3 + ul > li"));
    }

    function textOf(html) {
        const doc = new DOMParser().parseFromString(html, "text/html");
        return doc.body.textContent;
    }

    function ownButtons(item) {
        return Array.from(item.querySelectorAll("button")).filter(
            (button) => !button.closest(".cockpit")
        );
    }

    // Open the editor's own textarea with `value` in it; press Enter to save.
    function fillTranslation(item, value, save) {
        let textarea = item.querySelector("textarea");
        if (!textarea) {
            const open = ownButtons(item)[0];
            if (!open) {
                return;
            }
            open.click();
            textarea = item.querySelector("textarea");
        }
        if (!textarea) {
            return;
        }
        const setter = Object.getOwnPropertyDescriptor(HTMLTextAreaElement.prototype, "value").set;
        setter.call(textarea, value);
        textarea.dispatchEvent(new Event("input", { bubbles: true }));
        if (save) {
            textarea.dispatchEvent(
                new KeyboardEvent("keydown", { key: "Enter", bubbles: true, cancelable: true })
            );
        } else {
            textarea.focus();
        }
    }

    function diffView(runs) {
        const paragraph = element("p", "cockpit-diff");
        runs.forEach(([op, words]) => {
            const tag = op === "insert" ? "ins" : op === "delete" ? "del" : "span";
            paragraph.append(element(tag, "", textOf(words)));
        });
        return paragraph;
    }

    function changedPanel(item, changed) {
        const panel = element("div", "cockpit-changed");
        panel.append(element("p", "cockpit-heading", text.changed));
        const old = element("p", "cockpit-old");
        old.append(element("strong", "", `${text.oldSource}: `), textOf(changed.oldSource));
        panel.append(old);
        const now = element("div");
        now.append(element("strong", "", `${text.newSource}: `), diffView(changed.diff));
        panel.append(now);
        panel.append(element("p", "cockpit-heading", text.suggestion));
        panel.append(element("p", "cockpit-suggestion", changed.suggestion));
        const accept = element("button", "button button-small", text.accept);
        accept.type = "button";
        accept.dataset.cockpitAccept = "";
        accept.addEventListener("click", () => fillTranslation(item, changed.suggestion, true));
        const edit = element("button", "button button-small button-secondary", text.edit);
        edit.type = "button";
        edit.addEventListener("click", () => fillTranslation(item, changed.suggestion, false));
        panel.append(accept, " ", edit);
        return panel;
    }

    function memoryPanel(item, matches) {
        const panel = element("div", "cockpit-memory");
        panel.append(element("p", "cockpit-heading", text.memory));
        const list = element("ul");
        matches.forEach((match) => {
            const entry = element("li");
            entry.append(
                element("span", "cockpit-similarity", format(text.similarity, match)),
                " ",
                element("span", "cockpit-memory-source", textOf(match.source)),
                " → ",
                element("span", "cockpit-memory-translation", match.translation),
                " "
            );
            const use = element("button", "button button-small button-secondary", text.use);
            use.type = "button";
            use.addEventListener("click", () => fillTranslation(item, match.translation, false));
            entry.append(use);
            list.append(entry);
        });
        panel.append(list);
        return panel;
    }

    function glossaryPanel(terms) {
        const panel = element("div", "cockpit-glossary");
        panel.append(element("p", "cockpit-heading", text.glossary));
        const list = element("ul");
        terms.forEach((term) => {
            const entry = element("li");
            entry.dataset.chinese = term.chinese;
            entry.append(
                element("span", "", `${term.english} → `),
                element("strong", "", term.chinese),
                element("span", "cockpit-term-status")
            );
            if (term.note) {
                entry.append(element("span", "cockpit-note", ` (${term.note})`));
            }
            list.append(entry);
        });
        panel.append(list);
        return panel;
    }

    // Whether the translation (React's value paragraph, or its open textarea) uses
    // each term; nothing is said while there is no translation.
    function updateGlossary(item) {
        const panel = item.querySelector(".cockpit-glossary");
        if (!panel) {
            return;
        }
        const value = Array.from(item.querySelectorAll(":scope > div:not(.cockpit) > p, :scope > div:not(.cockpit) > textarea"))
            .map((node) => node.value || node.textContent)
            .join(" ")
            .trim();
        panel.querySelectorAll("li").forEach((entry) => {
            const used = value.includes(entry.dataset.chinese);
            entry.classList.toggle("cockpit-term-missing", Boolean(value) && !used);
            entry.querySelector(".cockpit-term-status").textContent = value
                ? ` · ${used ? text.termUsed : text.termMissing}`
                : "";
        });
    }

    function decorate(item, segment) {
        const extra = data.segments[segment.id];
        if (!extra || item.querySelector(".cockpit")) {
            return;
        }
        const cockpit = element("div", "cockpit");
        cockpit.dataset.segmentId = segment.id;
        if (extra.note) {
            // Replaces "Uses English version" with what the Chinese page shows.
            item.classList.add("cockpit-synchronised");
            cockpit.append(element("p", "cockpit-note", extra.note));
        }
        if (extra.changed) {
            cockpit.append(changedPanel(item, extra.changed));
        }
        if (extra.memory && extra.memory.length) {
            cockpit.append(memoryPanel(item, extra.memory));
        }
        if (extra.glossary && extra.glossary.length) {
            cockpit.append(glossaryPanel(extra.glossary));
        }
        if (cockpit.childNodes.length) {
            item.append(cockpit);
        }
    }

    function refresh() {
        const items = segmentItems();
        if (items.length !== order.length) {
            return; // not the layout this script knows: leave the editor as it is
        }
        let translated = 0;
        let total = 0;
        items.forEach((item, position) => {
            const segment = order[position];
            if (segment.type === "string") {
                const source = item.querySelector("p");
                if (source && source.textContent !== segment.source) {
                    return;
                }
                total += 1;
                if (item.classList.contains("complete")) {
                    translated += 1;
                }
            }
            decorate(item, segment);
            updateGlossary(item);
        });
        const progress = document.querySelector("[data-cockpit-progress]");
        if (progress && total) {
            progress.textContent = format(text.progress, { translated, total });
        }
    }

    let scheduled = false;
    new MutationObserver(() => {
        if (!scheduled) {
            scheduled = true;
            window.requestAnimationFrame(() => {
                scheduled = false;
                refresh();
            });
        }
    }).observe(editor, { childList: true, subtree: true, characterData: true, attributes: true, attributeFilter: ["class"] });
    refresh();
});
