"""axe-core in Chromium: the demo site's main pages, in both languages, at desktop and
phone widths, have no serious or critical accessibility violation.

The demo content takes seconds to load, so one test loads it once and checks every
page, reporting all violations together.
"""

import re
from io import StringIO

from django.core.management import call_command

import pytest

from tests.browser import AXE_JS, DESKTOP, PHONE, require

pytestmark = [
    pytest.mark.browser,
    # A live server needs committed data; the flush after each test empties the
    # database, so the migrations' data (the root page) is restored before each.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

BLOCKING_IMPACTS = {"serious", "critical"}
SEARCH_WITH_RESULTS = {"en": "stem cell", "zh-hans": "干细胞"}
PAGES = {
    "home": "",
    "insights": "insights/",
    "category": "insights/category/stem-cells/",
    "article": "insights/stem-cell-therapy-for-knee-osteoarthritis/",
    "search results": "search/?q={query}",
    "contact": "contact/",
}
RUN_AXE = """() => axe.run(document, {resultTypes: ["violations"]})
    .then((results) => results.violations)"""
# WCAG 1.4.3 for body text, which the hero's lead paragraph is (and its heading meets).
MINIMUM_CONTRAST = 4.5
HERO_COLOURS = """() => {
    const style = (selector) => getComputedStyle(document.querySelector(selector));
    return {
        opacity: Number(style(".hero picture img").opacity),
        background: style(".hero").backgroundColor,
        text: [style(".hero h1").color, style(".hero .lead").color],
    };
}"""


@pytest.fixture
def axe_page(chromium):
    """A tab that may inject axe: the site's Content-Security-Policy (script-src
    'self') rightly refuses inline scripts, so this tab alone bypasses it."""
    context = chromium.new_context(viewport=DESKTOP, locale="en-GB", bypass_csp=True)
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def reveal_everything(page) -> None:
    """axe checks only what is shown: open the FAQ answers and, on a phone, the menu."""
    page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
    toggle = page.locator(".nav-toggle")
    if toggle.is_visible():
        toggle.click()


def blocking_violations(page) -> list[dict]:
    page.add_script_tag(path=str(AXE_JS))
    violations = page.evaluate(RUN_AXE)
    return [v for v in violations if v["impact"] in BLOCKING_IMPACTS]


def describe(violation: dict) -> str:
    targets = ", ".join(" ".join(node["target"]) for node in violation["nodes"])
    rule = f"{violation['id']} ({violation['impact']}): {violation['help']}"
    return f"  {rule}\n    {targets}"


def rgb(css_colour: str) -> tuple[float, ...]:
    return tuple(float(part) for part in re.findall(r"[\d.]+", css_colour)[:3])


def contrast(first: tuple[float, ...], second: tuple[float, ...]) -> float:
    def luminance(colour):
        linear = [
            c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
            for c in (part / 255 for part in colour)
        ]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    darker, lighter = sorted((luminance(first), luminance(second)))
    return (lighter + 0.05) / (darker + 0.05)


def hero_worst_case_failures(page) -> list[str]:
    """axe cannot judge text over a photo ("incomplete"): check the worst photo, a
    white one, seen through the image's opacity over the hero's background."""
    colours = page.evaluate(HERO_COLOURS)
    opacity = colours["opacity"]
    background = [
        opacity * 255 + (1 - opacity) * part for part in rgb(colours["background"])
    ]
    ratios = [contrast(rgb(text), background) for text in colours["text"]]
    return [
        f"hero text {text} on a white photo: contrast {ratio:.2f} < {MINIMUM_CONTRAST}"
        for text, ratio in zip(colours["text"], ratios, strict=True)
        if ratio < MINIMUM_CONTRAST
    ]


def test_main_pages_have_no_serious_accessibility_violation(live_server, axe_page):
    require(AXE_JS, "npm ci")
    call_command("load_demo_content", stdout=StringIO())
    failures = []
    for viewport in (DESKTOP, PHONE):
        axe_page.set_viewport_size(viewport)
        for language, query in SEARCH_WITH_RESULTS.items():
            for name, path in PAGES.items():
                url = f"{live_server.url}/{language}/{path.format(query=query)}"
                response = axe_page.goto(url)
                assert response.status == 200, url
                reveal_everything(axe_page)
                violations = blocking_violations(axe_page)
                if violations:
                    failures.append(
                        f"{name} {url} at {viewport['width']} px:\n"
                        + "\n".join(describe(v) for v in violations)
                    )
                if name == "home":
                    hero = hero_worst_case_failures(axe_page)
                    failures += [f"{url}: {failure}" for failure in hero]
    assert not failures, "\n".join(failures)
