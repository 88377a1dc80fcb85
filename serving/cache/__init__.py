"""Caching for anonymous visitors: a page cache, site-wide fragments and purges.

* version.py: the site-wide content version, part of every key;
* memo.py, lookups.py, pages.py: data every page needs, once per version;
* page_cache.py, middleware.py: whole responses and the HTTP caching headers;
* signals.py, purge.py: what starts a new version and purges the HTTP cache.
"""
