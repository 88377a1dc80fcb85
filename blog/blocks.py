"""Blocks that only articles use: the sources an article cites.

A reference is shown as published, in every language: its block gives
wagtail-localize no segments, and `ArticlePage.references` is a synchronized
field, so the Chinese article shows the English list and follows its edits.
"""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from wagtail import blocks

# Crossref's pattern for modern DOIs: "10." + registrant code + "/" + suffix.
DOI_PATTERN = re.compile(r"^10\.\d{4,9}/\S+$")
# PubMed IDs are positive whole numbers; today's have eight digits.
PMID_PATTERN = re.compile(r"^[1-9]\d{0,8}$")
DOI_PREFIXES = ("https://doi.org/", "http://doi.org/", "https://dx.doi.org/", "doi:")


def normalise_doi(text: str) -> str:
    """The bare DOI of what an editor pasted ("doi:10.1/x", "https://doi.org/10.1/x")."""
    doi = text.strip()
    for prefix in DOI_PREFIXES:
        if doi.lower().startswith(prefix):
            return doi[len(prefix) :].strip()
    return doi


def normalise_pmid(text: str) -> str:
    pmid = text.strip()
    if pmid.upper().startswith("PMID"):
        pmid = pmid[4:].lstrip(" :")
    return pmid


class ReferenceValue(blocks.StructValue):
    def doi_url(self) -> str:
        doi = self.get("doi")
        return f"https://doi.org/{doi}" if doi else ""

    def pubmed_url(self) -> str:
        pmid = self.get("pmid")
        return f"https://pubmed.ncbi.nlm.nih.gov/{pmid}/" if pmid else ""

    def author_names(self) -> list[str]:
        """The authors one by one ("et al." is not a name)."""
        names = [name.strip() for name in (self.get("authors") or "").split(",")]
        return [name for name in names if name and name.rstrip(".") != "et al"]


class ReferenceBlock(blocks.StructBlock):
    authors = blocks.CharBlock(
        label=_("Authors"),
        max_length=500,
        help_text=_("As published, separated by commas: Jo CH, Lee YG, et al."),
    )
    title = blocks.CharBlock(label=_("Title"), max_length=500)
    journal = blocks.CharBlock(
        label=_("Journal or publisher"), max_length=255, required=False
    )
    year = blocks.IntegerBlock(
        label=_("Year"), min_value=1800, max_value=2100, required=False
    )
    doi = blocks.CharBlock(
        label=_("DOI"),
        max_length=255,
        required=False,
        help_text=_("For example 10.1002/stem.1634 (a doi.org link works too)."),
    )
    pmid = blocks.CharBlock(
        label=_("PubMed ID (PMID)"),
        max_length=20,
        required=False,
        help_text=_("Digits only, for example 24449146."),
    )
    url = blocks.URLBlock(
        label=_("Web address"),
        required=False,
        help_text=_("Where a reader can find it, if it has no DOI or PMID."),
    )

    def clean(self, value):
        value = super().clean(value)
        errors = {}
        value["doi"] = normalise_doi(value.get("doi") or "")
        if value["doi"] and not DOI_PATTERN.match(value["doi"]):
            errors["doi"] = ValidationError(
                _(
                    "This is not a DOI: a DOI starts with “10.”, then four or more "
                    "digits, a slash and the rest, as in 10.1002/stem.1634."
                )
            )
        value["pmid"] = normalise_pmid(value.get("pmid") or "")
        if value["pmid"] and not PMID_PATTERN.match(value["pmid"]):
            errors["pmid"] = ValidationError(
                _("A PubMed ID is a number of up to nine digits, such as 24449146.")
            )
        if errors:
            raise blocks.StructBlockValidationError(block_errors=errors)
        return value

    # wagtail-localize: a source keeps its published wording in every language.
    def get_translatable_segments(self, value) -> list:
        return []

    def restore_translated_segments(self, value, segments):
        return value

    class Meta:
        template = "blocks/reference_block.html"
        icon = "doc-full"
        label = _("Cited source")
        description = _("A published source that the article cites as [1], [2]…")
        value_class = ReferenceValue
        preview_value = {
            "authors": "Pittenger MF, Mackay AM, Beck SC, et al.",
            "title": "Multilineage potential of adult human mesenchymal stem cells",
            "journal": "Science",
            "year": 1999,
            "doi": "10.1126/science.284.5411.143",
        }


class ReferencesStreamBlock(blocks.StreamBlock):
    """An article's numbered sources, in the order the text cites them."""

    reference = ReferenceBlock()
