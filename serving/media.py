"""Uploaded files on local disk, served by Django when SERVE_MEDIA is on.

Images are public; documents are not always: a document in a collection
restricted to signed-in users (or behind a password) may only be read through
Wagtail's serve view, `/documents/<id>/<name>`, which checks the restriction
(WAGTAILDOCS_SERVE_METHOD = "serve_view"). So the media URL refuses the documents'
folder whatever the spelling of the path (`/media/documents/…`,
`/media/images/../documents/…`, `/media//Documents/…` on a case-insensitive disk).
"""

from __future__ import annotations

import posixpath

from django.conf import settings
from django.http import Http404
from django.views import static

from wagtail.documents import get_document_model


def documents_folder() -> str:
    """The folder under MEDIA_ROOT that Wagtail stores documents in."""
    upload_to = get_document_model()._meta.get_field("file").upload_to
    # Wagtail's own Document model uses a plain folder name, "documents".
    folder = upload_to if isinstance(upload_to, str) else "documents"
    return folder.strip("/").split("/")[0]


def is_document_path(path: str) -> bool:
    # The same normalisation django.views.static.serve applies before it reads.
    name = posixpath.normpath(path.replace("\\", "/")).lstrip("/")
    return name.split("/")[0].casefold() == documents_folder().casefold()


def serve_media(request, path: str):
    if is_document_path(path):
        raise Http404("Documents are served at /documents/<id>/<name>.")
    return static.serve(request, path, document_root=settings.MEDIA_ROOT)
