"""The demo content (the clinic's current site, in both languages) and its loader."""
