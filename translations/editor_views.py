"""wagtail-localize's PO download, with each entry's readable place as its comment.

The PO file's `msgctxt` stays the content path of block ids (the upload matches
entries by it); a `#.` comment says where the text is, e.g. "Body › FAQ answer 2".
"""

from django.shortcuts import get_object_or_404

from wagtail_localize.models import Translation
from wagtail_localize.views.edit_translation import download_pofile

from translations.labels import readable_path


def download_pofile_with_places(request, translation_id):
    # wagtail-localize's view checks the user may edit the translation.
    response = download_pofile(request, translation_id)
    translation = get_object_or_404(Translation, id=translation_id)
    source_instance = translation.source.get_source_instance()
    po = translation.export_po()
    for entry in po:
        entry.comment = readable_path(source_instance, entry.msgctxt)
    response.content = str(po).encode()
    return response
