"""What starts a new content version, and what is purged from the HTTP cache.

A new version (every cached page and fragment fresh, in every worker) on:
publishing, unpublishing, moving or deleting a page; saving or deleting a site
setting, a snippet, a site, a locale, a view restriction, a redirect, an image,
a document or a search promotion; any save of a live page made in code (not a
draft saved on it); and `migrate` (a new release).

Inside a transaction the new version is the transaction's own until it commits
(version.bump_on_commit): other workers cannot read the change before, and would
only cache the old pages again under a new version.
The HTTP cache in front (Varnish) is purged once the transaction has committed
(serving/cache/purge.py), so that it cannot fetch and keep the old page again.
"""

from __future__ import annotations

import logging

from django.db import connection
from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save

from wagtail.contrib.redirects.models import Redirect
from wagtail.contrib.search_promotions.models import SearchPromotion
from wagtail.contrib.settings.models import BaseGenericSetting, BaseSiteSetting
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import (
    COMMENTS_RELATION_NAME,
    Locale,
    Page,
    PageViewRestriction,
    Site,
)
from wagtail.signals import page_published, page_unpublished, post_page_move
from wagtail.snippets.models import get_snippet_models

from serving.cache import purge, version

logger = logging.getLogger(__name__)

_tracked_cache: tuple[type, ...] | None = None

# The fields of a live page that saving a draft (`save_revision()`) or locking it
# writes: the admin's, not the visitors'.
DRAFT_FIELDS = frozenset(
    {
        COMMENTS_RELATION_NAME,
        "draft_title",
        "has_unpublished_changes",
        "latest_revision",
        "latest_revision_created_at",
        "locked",
        "locked_at",
        "locked_by",
    }
)


def _tracked() -> tuple[type, ...]:
    """Models whose saves change what visitors see (snippets are known only once
    every app is ready, hence computed on first use)."""
    global _tracked_cache
    if _tracked_cache is None:
        _tracked_cache = (
            BaseSiteSetting,
            BaseGenericSetting,
            Site,
            Locale,
            PageViewRestriction,
            Redirect,
            SearchPromotion,
            get_image_model(),
            get_document_model(),
            *[model for model in get_snippet_models() if not issubclass(model, Page)],
        )
    return _tracked_cache


def content_changed() -> None:
    """Start a new content version: at once, or for a change inside a transaction,
    when it commits (and at once for the transaction itself)."""
    if connection.in_atomic_block:
        version.bump_on_commit()
    else:
        version.bump()


def _on_page_published(sender, instance, **kwargs):
    content_changed()
    purge.page_changed(instance)


def _on_page_unpublished(sender, instance, **kwargs):
    content_changed()
    purge.page_changed(instance)


def _on_page_moved(
    sender, instance, url_path_before=None, url_path_after=None, **kwargs
):
    content_changed()
    purge.page_moved(instance, url_path_before)


def _on_save(sender, instance, created=False, update_fields=None, **kwargs):
    if created and isinstance(instance, (BaseSiteSetting, BaseGenericSetting)):
        # Made with its defaults on first use (`for_site()`): nothing shown changes.
        return
    if isinstance(instance, Page):
        # Publishing sends page_published; this catches live pages saved in code,
        # but not a draft saved on a live page, nor a lock: visitors see neither.
        if instance.live and not (update_fields and update_fields <= DRAFT_FIELDS):
            content_changed()
    elif isinstance(instance, _tracked()):
        content_changed()


def _on_delete(sender, instance, **kwargs):
    if isinstance(instance, Page):
        content_changed()
        purge.page_changed(instance, include_self=instance.live)
    elif isinstance(instance, _tracked()):
        content_changed()


def _on_m2m_changed(sender, instance, action, **kwargs):
    tracked = isinstance(instance, _tracked()) or (
        isinstance(instance, Page) and instance.live
    )
    if action.startswith("post_") and tracked:
        content_changed()


def _on_migrate(sender, **kwargs):
    # A release that changes models must not read pages and fragments pickled by
    # the previous one: deployments migrate, and migrating starts a new version.
    version.bump()


def connect() -> None:
    uid = "serving.cache.signals"
    post_migrate.connect(_on_migrate, dispatch_uid=f"{uid}.migrate")
    page_published.connect(_on_page_published, dispatch_uid=f"{uid}.published")
    page_unpublished.connect(_on_page_unpublished, dispatch_uid=f"{uid}.unpublished")
    post_page_move.connect(_on_page_moved, dispatch_uid=f"{uid}.moved")
    post_save.connect(_on_save, dispatch_uid=f"{uid}.save")
    post_delete.connect(_on_delete, dispatch_uid=f"{uid}.delete")
    m2m_changed.connect(_on_m2m_changed, dispatch_uid=f"{uid}.m2m")
