"""The WordPress import at scale: what it keeps does not grow with the posts.

Memory stays flat when, past a post, the import keeps nothing of it but a few
small values: not its page (an instance holds its whole body and revision data),
not its full text. The full-size figures come from `manage.py wordpress_scale`
(README, "Importing the WordPress site").
"""

import gc

from wagtail.models import Page

from blog.wordpress import wxr
from blog.wordpress.importer import Importer, run_import
from tools.management.commands.wordpress_scale import write_export

POSTS = 40


def alive(kind, test=lambda obj: True) -> int:
    gc.collect()
    return sum(1 for obj in gc.get_objects() if isinstance(obj, kind) and test(obj))


def is_generated(title: str) -> bool:
    """A post of the generated export ("Post 7: on cell therapy"), not an object
    another test of the same run left alive."""
    return title.startswith("Post ") and title.endswith(": on cell therapy")


def test_the_import_keeps_no_page_nor_post_text_and_a_rerun_changes_nothing(
    blog_index, tmp_path, monkeypatch
):
    path = tmp_path / "export.xml"
    write_export(path, POSTS, POSTS // 2)
    seen = {}
    last_step = Importer.import_attachments

    def import_attachments(importer):
        # The last step of a run: every post has been written by now.
        seen["pages"] = alive(Page, lambda page: is_generated(page.title))
        seen["full posts"] = alive(
            wxr.Item, lambda item: bool(item.content) and is_generated(item.title)
        )
        last_step(importer)

    monkeypatch.setattr(Importer, "import_attachments", import_attachments)
    with path.open("rb") as source:
        summary = run_import(source).summary()
    assert summary.startswith(f"Created {POSTS}, updated 0, unchanged 0, skipped 0")
    # The run's own few: not one per post, as when every written page stayed
    # referenced (by its record and its redirects).
    assert seen["pages"] < 10, seen
    assert seen["full posts"] <= 2, seen

    with path.open("rb") as source:
        summary = run_import(source).summary()
    assert summary.startswith(f"Created 0, updated 0, unchanged {POSTS}, skipped 0")
    assert seen["pages"] < 10, seen


def test_scan_keeps_slim_items_and_reads_each_post_back_whole(tmp_path):
    path = tmp_path / "export.xml"
    write_export(path, 3, 2)
    whole = wxr.parse(path)
    export = wxr.scan(path)
    try:
        assert [i.key for i in export.items] == [i.key for i in whole.items]
        post = next(i for i in export.items if i.post_type == "post")
        assert post.content == "" and post.comments == () and post.link == ""
        full = export.load(post)
        original = next(i for i in whole.items if i.key == post.key)
        assert full.content == original.content != ""
        assert (full.title, full.link, full.meta) == (
            original.title,
            original.link,
            original.meta,
        )
        # Attachments stay in memory with what images and galleries read.
        photo = next(i for i in export.items if i.post_type == "attachment")
        assert photo.attachment_url and photo.meta["_wp_attached_file"]
    finally:
        export.close()
