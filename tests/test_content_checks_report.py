"""`manage.py content_checks` and Reports → Content checks, on a small bilingual
site with one failing article in each language. (The demo content's run, with no
blocking finding, is in test_demo_content.py, to share its one load.)"""

from io import StringIO

from django.core.management import CommandError, call_command
from django.urls import reverse

import pytest

from content_checks.engine import run_checks
from content_checks.findings import Severity
from content_checks.guard import key
from content_checks.models import AdvertisingTerm, ComplianceOverride
from content_checks.pages import live_pages, pages_with_findings
from staff.roles import ensure_roles
from tests.factories import ArticlePageFactory, BlogIndexPageFactory
from tests.i18n_utils import translate_fully
from tests.roles_support import (
    ENQUIRIES_STAFF,
    MARKETER,
    SUPERUSER,
    TRANSLATOR,
    client_for,
    make_user,
)

EN_CLAIM = "<p>Our treatment is guaranteed to work.</p>"
ZH_CLAIM = "<p>我们保证疗效，根治关节炎。</p>"
URL = reverse("content_checks_report")


@pytest.fixture
def failing(home, blog_index, zh):
    """One English and one Chinese article with blocking claims."""
    zh_home = translate_fully(home, zh)
    zh_index = BlogIndexPageFactory(parent=zh_home, locale=zh)
    ensure_roles()  # page permissions follow the Chinese home page
    en_page = ArticlePageFactory(
        parent=blog_index, title="Knee care explained", body=[("paragraph", EN_CLAIM)]
    )
    zh_page = ArticlePageFactory(
        parent=zh_index,
        locale=zh,
        title="膝关节护理",
        slug="knee-care-zh",
        body=[("paragraph", ZH_CLAIM)],
    )
    return en_page, zh_page


def run(*args) -> tuple[int, str]:
    out = StringIO()
    try:
        call_command("content_checks", *args, stdout=out)
    except CommandError as error:
        return error.returncode, out.getvalue()
    return 0, out.getvalue()


def test_command_reports_and_fails_on_the_chosen_severity(failing):
    code, out = run()
    assert code == 0
    assert "Knee care explained" in out and "膝关节护理" in out
    assert "BLOCKING advertising.guarantee" in out and "reg. 5" in out
    assert run("--fail-on", "blocking")[0] == 1
    assert run("--fail-on", "warning")[0] == 1
    code, out = run("--language", "zh-hans", "--kind", "advertising")
    assert "膝关节护理" in out and "Knee care explained" not in out
    assert "seo." not in out
    # Readability and SEO findings never block.
    assert run("--fail-on", "blocking", "--kind", "seo")[0] == 0
    assert run("--fail-on", "blocking", "--kind", "readability")[0] == 0
    with pytest.raises(CommandError):
        call_command("content_checks", "--fail-on", "nonsense")


def titles(response) -> set[str]:
    return {result.page.title for result in response.context["object_list"]}


def test_report_shows_each_role_the_pages_it_edits(failing, client):
    response = client.get(URL)
    assert response.status_code == 302 and "/login/" in response["Location"]
    seen = {
        role: titles(client_for(make_user(role)).get(URL, {"severity": "3"}))
        for role in (MARKETER, TRANSLATOR, SUPERUSER)
    }
    assert seen == {
        MARKETER: {"Knee care explained"},
        TRANSLATOR: {"膝关节护理"},
        SUPERUSER: {"Knee care explained", "膝关节护理"},
    }
    refused = client_for(make_user(ENQUIRIES_STAFF)).get(URL)
    assert refused.status_code == 302 and "object_list" not in (refused.context or {})


def test_report_filters_and_links_to_the_editor(failing, admin_client):
    en_page, zh_page = failing
    blocking = admin_client.get(URL, {"severity": "3", "language": "zh-hans"})
    assert titles(blocking) == {"膝关节护理"}
    results = admin_client.get(
        reverse("content_checks_report_results"), {"severity": "3"}
    )
    html = results.content.decode()
    assert reverse("wagtailadmin_pages:edit", args=[en_page.pk]) in html
    assert "reg. 5" in html and "保证疗效" in html
    seo_only = admin_client.get(URL, {"kind": "seo"})
    findings = [f for r in seo_only.context["object_list"] for f in r.findings]
    assert findings and {f.kind for f in findings} == {"seo"}
    # Hostile filters: ignored or refused, never a 500, never echoed unescaped.
    for query in [
        {"severity": "<script>x</script>"},
        {"language": "zz\x00"},
        {"kind": "a" * 5000},
        {"p": "-1"},
    ]:
        response = admin_client.get(URL, query)
        assert response.status_code == 200, query
        assert b"<script>x" not in response.content


def test_menu_item_under_reports(failing):
    marketer = client_for(make_user(MARKETER)).get(reverse("wagtailadmin_home"))
    assert URL in marketer.content.decode()
    enquiries = client_for(make_user(ENQUIRIES_STAFF)).get(reverse("wagtailadmin_home"))
    assert URL not in enquiries.content.decode()


def test_editorial_roles_extend_the_term_list(db):
    terms = reverse("wagtailsnippets_content_checks_advertisingterm:list")
    for role, allowed in [
        (MARKETER, True),
        (TRANSLATOR, True),
        (ENQUIRIES_STAFF, False),
    ]:
        response = client_for(make_user(role)).get(terms)
        assert (response.status_code == 200) is allowed, role
    # The data migration seeded the default list, in both languages.
    seeded = AdvertisingTerm.objects.values_list("language", flat=True)
    assert {"en", "zh-hans", ""} <= set(seeded)


def test_report_export_is_not_offered(failing, admin_client):
    # The report lists findings, not columns: no spreadsheet, and asking is harmless.
    response = admin_client.get(URL, {"export": "csv"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    assert b"Download CSV" not in response.content


def test_a_term_is_added_in_the_admin_and_its_exceptions_checked(db):
    marketer = client_for(make_user(MARKETER))
    add = reverse("wagtailsnippets_content_checks_advertisingterm:add")
    form = {"language": "en", "term": " unbeatable ", "category": "superlative"}
    form |= {"severity": "3", "exceptions": "", "note": ""}
    response = marketer.post(add, {**form, "exceptions": "best practice"})
    assert response.status_code == 200  # refused: the exception lacks the term
    assert not AdvertisingTerm.objects.filter(term__icontains="unbeatable").exists()
    marketer.post(add, {**form, "exceptions": "unbeatable odds"})
    assert AdvertisingTerm.objects.get(term="unbeatable").exception_list == [
        "unbeatable odds"
    ]
    listing = reverse("wagtailsnippets_content_checks_advertisingterm:list")
    filtered = marketer.get(listing, {"language": "zh-hans", "category": "guarantee"})
    terms = {term.term for term in filtered.context["object_list"]}
    assert "根治" in terms and "unbeatable" not in terms
    assert {t.language for t in filtered.context["object_list"]} == {"zh-hans"}


def test_findings_a_compliance_approver_allowed_are_no_longer_open(failing):
    en_page, zh_page = failing
    blocking = [
        list(key(finding))
        for finding in run_checks(zh_page.specific)
        if finding.severity == Severity.BLOCKING
    ]
    assert blocking
    ComplianceOverride.objects.create(
        page=zh_page, findings=blocking, reason="Quoted from a ministry statement."
    )
    assert run("--fail-on", "blocking")[0] == 1  # the English article still fails
    open_blocking = {
        result.page.pk
        for result in pages_with_findings(live_pages(), Severity.BLOCKING)
    }
    assert open_blocking == {en_page.pk}
