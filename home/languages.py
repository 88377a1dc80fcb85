"""The site's languages by name: in the reader's language inside a sentence
("Also found in Chinese", "另有英文结果"), in their own in the language switcher
(settings.LANGUAGES: "English", "中文")."""

from django.conf import settings
from django.utils.translation import gettext_lazy as _

IN_A_SENTENCE = {"en": _("English"), "zh-hans": _("Chinese")}


def language_name(code: str) -> str:
    """`code`'s name in the active language, for use inside a sentence."""
    name = IN_A_SENTENCE.get(code)
    return str(name) if name else dict(settings.LANGUAGES).get(code, code)
