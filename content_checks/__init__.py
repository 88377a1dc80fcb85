"""The marketer's co-pilot: SEO, readability and healthcare-advertising checks on
pages, shown live in the editor, enforced on publish and listed in a report."""
