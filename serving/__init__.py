"""How responses reach visitors: page cache, HTTP caching, CSP, health, rate limits."""
