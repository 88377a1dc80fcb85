"""Uploaded files in S3-compatible object storage (MEDIA_STORAGE=s3), shared by
every app node: django-storages' S3Storage, with documents kept private.

Images are public: their URLs are plain (no signature, so a cached page's image
links never expire) and readable by the public through the bucket's policy, a
CDN, or `AWS_DEFAULT_ACL=public-read` on a server that uses ACLs.

Documents are not always public (serving/media.py): they are only ever served by
Wagtail's `/documents/<id>/<name>`, which checks their collection's privacy and
then streams the file with the site's credentials. So a document's object never
gets the public ACL (it is written `private` when a default ACL is set, and with
none when not, which a bucket that refuses ACLs accepts), and its storage URL, if
any code asks for it, is signed and short-lived, never a permanent public link.
"""

from __future__ import annotations

from storages.backends.s3 import S3Storage

from serving.media import is_document_path

DOCUMENT_URL_SECONDS = 60


class MediaStorage(S3Storage):
    def __init__(self, **settings):
        self._settings = settings
        self._signed: S3Storage | None = None
        super().__init__(**settings)

    def get_object_parameters(self, name: str) -> dict:
        params = super().get_object_parameters(name)
        if is_document_path(name):
            params.pop("ACL", None)
            if self.default_acl:
                params["ACL"] = "private"
        return params

    def url(self, name, parameters=None, expire=None, http_method=None):
        if not is_document_path(name):
            return super().url(name, parameters, expire, http_method)
        if self._signed is None:
            self._signed = S3Storage(
                **{
                    **self._settings,
                    "querystring_auth": True,
                    "querystring_expire": DOCUMENT_URL_SECONDS,
                    "custom_domain": None,  # a CDN's URL would not be signed
                }
            )
        return self._signed.url(name, parameters, expire, http_method)
