"""Rich-text links to pages and documents whose target id is not a number.

Draftail always sends a page or document id that is a number, but the admin takes
whatever a tampered request sends, and Wagtail then fails on it: the public page
raises ValueError for every visitor (a 500) and the page's editor no longer opens.
Wagtail renders a link to a deleted target as a bare `<a>`; such a link is treated
the same way. Both halves are registered in wagtail_hooks.py, after Wagtail's own:

- on save (Draftail's contentstate to the database), such a link keeps its text
  only;
- on render, one already stored (by an import, say) renders as a bare `<a>`.
"""

from collections.abc import Callable

from wagtail.documents import rich_text as document_rich_text
from wagtail.rich_text import pages as page_rich_text


def _is_id(value) -> bool:
    text = str(value)
    return isinstance(value, str | int) and text.isascii() and text.isdigit()


def _has_target(props: dict) -> bool:
    """A numeric id, or no id and a URL (an external link): what Draftail sends."""
    if props.get("id") is None:
        return isinstance(props.get("url"), str)
    return _is_id(props["id"])


def without_links_to_nothing(rule: dict, entity_type: str) -> dict:
    """Wagtail's contentstate conversion `rule`, saving an `entity_type` link that
    has no valid target as its text alone."""
    save_link: Callable = rule["to_database_format"]["entity_decorators"][entity_type]

    def save_link_with_target(props):
        return save_link(props) if _has_target(props) else props["children"]

    to_database = rule["to_database_format"]
    decorators = {
        **to_database["entity_decorators"],
        entity_type: save_link_with_target,
    }
    return {
        **rule,
        "to_database_format": {**to_database, "entity_decorators": decorators},
    }


def _numeric_ids_only(attrs_list: list[dict]) -> list[dict]:
    return [
        attrs if _is_id(attrs.get("id")) else {**attrs, "id": None}
        for attrs in attrs_list
    ]


class PageLinkHandler(page_rich_text.PageLinkHandler):
    @classmethod
    def get_many(cls, attrs_list: list[dict]) -> list:
        return super().get_many(_numeric_ids_only(attrs_list))


class DocumentLinkHandler(document_rich_text.DocumentLinkHandler):
    @classmethod
    def get_many(cls, attrs_list: list[dict]) -> list:
        return super().get_many(_numeric_ids_only(attrs_list))
