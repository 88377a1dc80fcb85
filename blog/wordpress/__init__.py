"""Import a WordPress eXtended RSS (WXR) export into the Insights and page tree.

The pieces, each small enough to read on its own:

- `wxr`: parse the export (safely, with defusedxml) into plain dataclasses;
- `php`, `shortcodes`, `gutenberg`: the WordPress formats inside a post;
- `convert` (with `lists`, `richtext`, `streams`): post HTML -> our StreamField
  blocks (`home.blocks.BodyStreamBlock`), never touching the database;
- `images`: files from a copy of wp-content/uploads -> Wagtail images;
- `languages`: which posts translate each other (Polylang, WPML);
- `pairing`: a Chinese post -> the wagtail-localize translation of its English one;
- `importer` (with `fields`, `pages`): one run, in one transaction; `report` says
  what it did. `manage.py import_wordpress` and the admin view (`views`, with
  `stash` for the uploaded files) both call `importer.run_import`.
"""
