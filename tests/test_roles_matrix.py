"""Every role × every sensitive action, both languages: who may do what.

The table is the contract. Each cell is done as that person would do it (HTTP
requests to the admin or the site, tests/roles_support.py) and the test checks
what happened, not only the status code. A cell that turns from REFUSED to
ALLOWED is a permission that widened: the test fails. A role added later
(compliance approvers…) gets a column here when it is added. Medical reviewers
edit only articles, which none of these actions touches: what they may do to
articles is in tests/test_review.py.
"""

from functools import partial

import pytest

from tests import roles_support as act
from tests.roles_support import (
    ANONYMOUS,
    ENQUIRIES_STAFF,
    MARKETER,
    MEDICAL_REVIEWER,
    ROLES,
    SUPERUSER,
    TRANSLATOR,
)

ALLOWED, REFUSED = "allowed", "refused"
A, R = ALLOWED, REFUSED

# Columns: anonymous, Translators, Marketers, Enquiries, superuser (as in ROLES),
# Medical reviewers (COLUMNS).
# fmt: off
TABLE = {
    "read submissions, English form":            (R, R, R, A, A, R),
    "read submissions, Chinese form":            (R, R, R, A, A, R),
    "export submissions as CSV, English form":   (R, R, R, A, A, R),
    "export submissions as CSV, Chinese form":   (R, R, R, A, A, R),
    "export submissions as XLSX, English form":  (R, R, R, A, A, R),
    "export submissions as XLSX, Chinese form":  (R, R, R, A, A, R),
    "delete submissions, English form":          (R, R, R, A, A, R),
    "delete submissions, Chinese form":          (R, R, R, A, A, R),
    "publish Chinese: page editor":              (R, A, R, R, A, R),
    "publish Chinese: translation editor":       (R, A, R, R, A, R),
    "publish Chinese: sync with 'publish'":      (R, R, R, R, A, R),
    "publish Chinese: PO upload, then publish":  (R, A, R, R, A, R),
    "publish Chinese: 'Translate this page'":    (R, R, R, R, R, R),
    "publish Chinese snippet: translation editor": (R, A, R, R, A, R),
    "publish Chinese snippet: sync with 'publish'": (R, R, R, R, A, R),
    "publish Chinese: bulk action":              (R, A, R, R, A, R),
    "publish Chinese: workflow approval":        (R, A, R, R, A, R),
    "publish Chinese: scheduled publishing":     (R, A, R, R, A, R),
    "publish English: page editor":              (R, R, A, R, A, R),
    "edit form addresses, English form":         (R, R, R, R, A, R),
    "edit form addresses, Chinese form":         (R, R, R, R, R, R),
    "download a restricted document":            (R, A, A, A, A, A),
    "edit site settings":                        (R, R, A, R, A, R),
    "read the consultations-by-page report":     (R, R, A, R, A, R),
}
# fmt: on
# Notes on the cells:
# - "sync with 'publish'" is wagtail-localize's "Sync translated pages" with
#   "Publish immediately" ticked; Translators and Enquiries may not sync at all
#   (no wagtail_localize.submit_translation), Marketers sync without publishing.
# - "PO upload, then publish": the PO file translates the synced page's one new
#   string; then "Publish in 中文" in wagtail-localize's editor.
# - "'Translate this page'" creates the Chinese page as a draft for everyone
#   (WAGTAILLOCALIZE_SYNC_LIVE_STATUS_ON_TRANSLATE = False): a translator
#   publishes it once translated.
# - Chinese snippets: saving one publishes it (no drafts), so Marketers may not
#   save Chinese snippets at all; the Chinese name was already translated.
# - "workflow approval": a workflow on the Chinese tree whose approvers are the
#   role's group; approving does not publish without publish permission.
# - "scheduled publishing": publish with a go-live time in the editor, then
#   `publish_scheduled` once that time has passed.
# - Chinese form addresses are nobody's to edit: they are synchronised from the
#   English form (superusers change them there).
# - The restricted document is in a collection open to signed-in users, served at
#   /documents/<id>/<name>.
# - The consultations report is marketing's: Enquiries staff answer the enquiries
#   themselves and get no ranking of pages (consultations/reports.py).

ACTIONS = {
    "read submissions, English form": partial(act.read_submissions, language="en"),
    "read submissions, Chinese form": partial(act.read_submissions, language="zh"),
    "export submissions as CSV, English form": partial(
        act.export_submissions, language="en", spreadsheet="csv"
    ),
    "export submissions as CSV, Chinese form": partial(
        act.export_submissions, language="zh", spreadsheet="csv"
    ),
    "export submissions as XLSX, English form": partial(
        act.export_submissions, language="en", spreadsheet="xlsx"
    ),
    "export submissions as XLSX, Chinese form": partial(
        act.export_submissions, language="zh", spreadsheet="xlsx"
    ),
    "delete submissions, English form": partial(act.delete_submissions, language="en"),
    "delete submissions, Chinese form": partial(act.delete_submissions, language="zh"),
    "publish Chinese: page editor": act.publish_chinese_in_page_editor,
    "publish Chinese: translation editor": act.publish_chinese_in_translation_editor,
    "publish Chinese: sync with 'publish'": act.publish_chinese_by_syncing,
    "publish Chinese: PO upload, then publish": act.publish_chinese_after_po_upload,
    "publish Chinese: 'Translate this page'": (
        act.publish_chinese_by_translate_this_page
    ),
    "publish Chinese snippet: translation editor": (
        act.publish_chinese_snippet_in_translation_editor
    ),
    "publish Chinese snippet: sync with 'publish'": (
        act.publish_chinese_snippet_by_syncing
    ),
    "publish Chinese: bulk action": act.publish_chinese_in_bulk,
    "publish Chinese: workflow approval": act.publish_chinese_by_approving,
    "publish Chinese: scheduled publishing": act.publish_chinese_on_schedule,
    "publish English: page editor": act.publish_english,
    "edit form addresses, English form": partial(
        act.edit_form_addresses, language="en"
    ),
    "edit form addresses, Chinese form": partial(
        act.edit_form_addresses, language="zh"
    ),
    "download a restricted document": act.download_restricted_document,
    "edit site settings": act.edit_site_settings,
    "read the consultations-by-page report": act.read_consultations_report,
}

COLUMNS = (*ROLES, MEDICAL_REVIEWER)
CELLS = [
    pytest.param(action, role, expected, id=f"{action} | {role}")
    for action, row in TABLE.items()
    for role, expected in zip(COLUMNS, row, strict=True)
]


def test_the_table_names_every_role_and_action_once():
    assert set(TABLE) == set(ACTIONS)
    assert ROLES == (ANONYMOUS, TRANSLATOR, MARKETER, ENQUIRIES_STAFF, SUPERUSER)


@pytest.mark.parametrize(("action", "role", "expected"), CELLS)
def test_role_action(
    action, role, expected, home, zh, django_capture_on_commit_callbacks
):
    world = act.World(home, zh, django_capture_on_commit_callbacks, role)
    world.zh_home  # noqa: B018 - both trees exist before anyone signs in
    client = act.client_for(act.make_user(role))
    happened = ACTIONS[action](world, client)
    assert (ALLOWED if happened else REFUSED) == expected
