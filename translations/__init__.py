"""The translators' cockpit: status, staleness, what changed, the publish rule."""
