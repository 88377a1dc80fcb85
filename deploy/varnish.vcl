vcl 4.1;

import cookie;
# Varnish (Debian's varnish 7.x) in front of gunicorn: caches public pages for
# anonymous visitors; purged by Wagtail on publish (wagtail.contrib.frontend_cache's
# HTTP backend, FRONTEND_CACHE_URL=http://127.0.0.1:6081 in Django's environment).
#
#   varnishd -a :6081 -f /path/to/deploy/varnish.vcl -s malloc,256m
#
# Django decides what is shareable: public pages answer `Cache-Control: public,
# max-age=60, stale-while-revalidate=60`, everything else `private` / `no-store`
# or a Set-Cookie. This file only keeps cookies from spoiling the hit rate and
# passes what must reach Django every time.


backend default {
    # gunicorn (deploy/gunicorn.conf.py); the integration test rewrites this port.
    .host = "127.0.0.1";
    .port = "8000";
    .connect_timeout = 2s;
    .first_byte_timeout = 30s;
}

# Who may purge: Django on this machine.
acl purge {
    "127.0.0.1";
    "::1";
}

sub vcl_recv {
    if (req.method == "PURGE") {
        if (client.ip !~ purge) {
            return (synth(405, "Not allowed"));
        }
        return (purge);
    }
    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }
    # Documents are served only by Django's /documents/<id>/<name>, which checks
    # the collection's restrictions: their files under /media/ never answer (Django
    # refuses them too, serving/media.py; this keeps them out of the cache).
    if (req.url ~ "(?i)^/media/+(.*/)?documents(/|%2f)") {
        return (synth(404, "Not Found"));
    }
    # The admin (and previews, which live under it), documents (per-collection
    # privacy), the health check and the language form.
    if (req.url ~ "^/(admin|django-admin|documents|healthz|i18n)(/|$|\?)") {
        return (pass);
    }
    # Every search reaches Django, which counts it for the popular-searches report
    # (search results are private: neither Django nor Varnish keeps them).
    if (req.url ~ "^/[a-z-]+/search/") {
        return (pass);
    }
    # Signed in (Wagtail userbar, drafts), or a flash message waiting: not shared.
    if (req.http.Authorization || req.http.Cookie ~ "(^|;\s*)(sessionid|messages)=") {
        return (pass);
    }
    # Analytics parameters do not change a page: one cached copy for all of them.
    if (req.url ~ "[?&](utm_[a-z]+|fbclid|gclid|dclid|gbraid|wbraid|msclkid|mc_cid|mc_eid|_ga|_gl)=") {
        set req.url = regsuball(req.url, "(utm_[a-z]+|fbclid|gclid|dclid|gbraid|wbraid|msclkid|mc_cid|mc_eid|_ga|_gl)=[^&]*&?", "");
        set req.url = regsub(req.url, "[?&]+$", "");
    }
    # Public pages read no cookie: analytics cookies and the language cookie are
    # dropped. The CSRF cookie is kept for the contact page (private: it is never
    # stored), so that its token stays the same for a form open in another tab;
    # cookies are not part of the cache key, so public pages are shared anyway.
    # (Most requests carry no cookie at all: nothing to parse.)
    if (req.http.Cookie) {
        cookie.parse(req.http.Cookie);
        cookie.keep("csrftoken");
        set req.http.Cookie = cookie.get_string();
        if (req.http.Cookie == "") {
            unset req.http.Cookie;
        }
    }
    return (hash);
}

sub vcl_backend_response {
    # Never store what sets a cookie or is private; remember not to wait for it.
    if (beresp.http.Set-Cookie || beresp.http.Cache-Control ~ "(private|no-store|no-cache)") {
        set beresp.uncacheable = true;
        set beresp.ttl = 120s;
        return (deliver);
    }
    # http and https answers differ (Django redirects http to https): one variant
    # each, under one object, so that a purge removes both.
    if (beresp.http.Vary) {
        set beresp.http.Vary = beresp.http.Vary + ", X-Forwarded-Proto";
    } else {
        set beresp.http.Vary = "X-Forwarded-Proto";
    }
    # Serve a stale copy while fetching a new one in the background (Django's
    # stale-while-revalidate), and for a while if gunicorn is down.
    set beresp.grace = 1h;
    if (beresp.status == 404) {
        set beresp.ttl = 60s;
    }
    # No do_gzip here: compressing belongs to the TLS proxy in front, and a copy
    # stored compressed costs a gunzip for every client that does not ask for gzip.
}

sub vcl_deliver {
    set resp.http.Vary = regsub(resp.http.Vary, "(^|,\s*)X-Forwarded-Proto$", "");
    if (resp.http.Vary == "") {
        unset resp.http.Vary;
    }
    if (obj.hits > 0) {
        set resp.http.X-Varnish-Cache = "HIT";
    } else {
        set resp.http.X-Varnish-Cache = "MISS";
    }
}
