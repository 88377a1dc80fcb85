"""The translators' cockpit: each page's translation status, staleness, what changed, and the publishing rule."""
