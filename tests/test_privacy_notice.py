"""Issue 12, PDPA notices: the contact page and its form say, in both languages,
that the form is not for emergencies (call 995) and link to the privacy notice,
which the footer links too; the demo's privacy notice, in both languages, names
the data protection officer and says what is (and is not) collected, why, for how
long, and how to ask for access, correction or withdrawal."""

import re

from django.core.management import call_command

from wagtail.models import Site

import pytest
from bs4 import BeautifulSoup

from enquiries.models import ContactPage
from home.models import ClinicSettings, SiteText, StandardPage
from tests.factories import StandardPageFactory
from tests.i18n_utils import translate_fully


def soup(client, url) -> BeautifulSoup:
    response = client.get(url)
    assert response.status_code == 200, url
    return BeautifulSoup(response.content, "html.parser")


def text_of(element) -> str:
    return " ".join(element.get_text(" ").split())


@pytest.fixture
def privacy_page(home, contact_page):
    page = StandardPageFactory(
        parent=home, title="Privacy notice", slug="privacy", show_in_menus=False
    )
    settings = ClinicSettings.for_site(Site.objects.get(is_default_site=True))
    settings.privacy_page = page
    settings.save()
    return page


@pytest.fixture
def chinese(privacy_page, contact_page, home, zh):
    translate_fully(SiteText.objects.get(locale__language_code="en"), zh)
    translate_fully(home, zh)
    return {
        "contact": ContactPage.objects.get(pk=translate_fully(contact_page, zh).pk),
        "privacy": translate_fully(privacy_page, zh),
    }


def emergency_notice(html) -> str:
    form = html.select_one("form.contact-form")
    notice = form.select_one(".form-notice--emergency")
    # Before the first field, so it is read before anything is typed.
    assert notice.find_next("input", attrs={"type": lambda t: t != "hidden"})
    assert notice.find("a", href="tel:995").text == "995"
    return text_of(notice)


def test_the_form_says_it_is_not_for_emergencies_and_links_the_privacy_notice(
    client, contact_page, privacy_page
):
    html = soup(client, contact_page.url)
    assert emergency_notice(html) == (
        "Not for emergencies. This form is read during office hours. "
        "In a medical emergency, call 995 ."
    )
    form = html.select_one("form.contact-form")
    link = form.find("a", href=privacy_page.url)
    assert link.text == "privacy notice"
    assert "What we collect, why, and for how long" in text_of(link.parent)


def test_the_chinese_form_says_so_in_chinese_and_links_the_chinese_notice(
    client, chinese
):
    html = soup(client, chinese["contact"].url)
    assert emergency_notice(html) == (
        "紧急情况请勿使用此表格。 我们仅在办公时间内查阅此表格。"
        "如遇医疗紧急情况，请拨打 995 。"
    )
    link = html.select_one("form.contact-form").find("a", href="/zh-hans/privacy/")
    assert link.text == "隐私声明"


def test_the_footer_links_the_privacy_notice_in_the_visitors_language(
    client, home, chinese
):
    english = soup(client, home.url).select_one(".site-footer")
    assert english.find("a", href="/en/privacy/").text == "Privacy notice"
    chinese_footer = soup(client, "/zh-hans/").select_one(".site-footer")
    assert chinese_footer.find("a", href="/zh-hans/privacy/")
    assert not chinese_footer.find("a", href="/en/privacy/")


def test_without_a_privacy_page_the_form_still_warns_and_links_nothing(
    client, contact_page
):
    html = soup(client, contact_page.url)
    assert "995" in emergency_notice(html)
    assert "privacy notice" not in text_of(html.select_one("form.contact-form"))


# --- The demo's privacy notice ---------------------------------------------------


@pytest.fixture
def demo(db, capsys):
    call_command("load_demo_content")
    capsys.readouterr()


EXPECTED = {
    "en": [
        "Data Protection Officer, Leaven Biotechnology",
        "dpo@leaven-biotech.example",
        "What we collect",
        "What we do not collect",
        "NRIC, FIN",
        "Why we use it",
        "How long we keep it",
        "one year",
        "copy of the personal data",
        "correct it",
        "withdraw your consent",
        "30 days",
    ],
    "zh-hans": [
        "Leaven Biotechnology 数据保护官",
        "dpo@leaven-biotech.example",
        "我们收集哪些资料",
        "我们不收集哪些资料",
        "身份证号码",
        "我们为何使用这些资料",
        "我们保存多久",
        "一年",
        "个人资料副本",
        "更正",
        "撤回",
        "30 天",
    ],
}


def test_demo_privacy_notice_in_both_languages(demo, client):
    settings = ClinicSettings.for_site(Site.objects.get(is_default_site=True))
    assert settings.privacy_page.slug == "privacy"
    pages = StandardPage.objects.filter(slug="privacy")
    assert {page.locale.language_code for page in pages} == {"en", "zh-hans"}
    assert not any(page.show_in_menus for page in pages)
    for language, expected in EXPECTED.items():
        html = soup(client, f"/{language}/privacy/")
        main = text_of(html.select_one("main"))
        for words in expected:
            assert words in main, (language, words)
        assert html.find("a", href="mailto:dpo@leaven-biotech.example")
        # The contact form and the footer lead here.
        contact = soup(client, f"/{language}/contact/")
        assert contact.select_one("form.contact-form").find(
            "a", href=f"/{language}/privacy/"
        )
        assert contact.select_one(".site-footer").find(
            "a", href=f"/{language}/privacy/"
        )
        assert re.search(r"\b995\b", text_of(contact.select_one("form.contact-form")))
