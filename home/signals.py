"""Renditions are made when what shows an image changes, not when a visitor reads it.

Pages make theirs as they are saved (BasePage.save_revision); here: when a page is
published by any route (scheduled publishing, wagtail-localize's sync), when the
clinic settings are saved (the logo), and when an image changes (a new file or
focal point: every page and setting that uses it makes its renditions again).
"""

from django.db.models.signals import post_save

from wagtail.images import get_image_model
from wagtail.models import ReferenceIndex
from wagtail.signals import page_published

from home import images
from home.models import ClinicSettings

# Saves that change what an image's renditions look like.
RENDITION_FIELDS = {"file", "focal_point_x", "focal_point_y"}


def _on_page_published(sender, instance, **kwargs):
    images.make_renditions_on_commit(instance.specific.image_uses())


def _on_settings_saved(sender, instance, **kwargs):
    images.make_renditions_on_commit(instance.image_uses())


def _on_image_saved(sender, instance, created, update_fields=None, **kwargs):
    if created or (update_fields and not RENDITION_FIELDS & set(update_fields)):
        return
    for user, _references in ReferenceIndex.get_grouped_references_to(instance):
        user = getattr(user, "specific", user)
        if hasattr(user, "image_uses") and getattr(user, "live", True):
            images.make_renditions_on_commit(user.image_uses())


def connect() -> None:
    uid = "home.signals"
    page_published.connect(_on_page_published, dispatch_uid=f"{uid}.published")
    post_save.connect(
        _on_settings_saved, sender=ClinicSettings, dispatch_uid=f"{uid}.settings"
    )
    post_save.connect(
        _on_image_saved, sender=get_image_model(), dispatch_uid=f"{uid}.image"
    )
