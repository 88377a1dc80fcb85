"""Django's LocaleMiddleware, minus its 404 redirect outside the visitor's site.

With `i18n_patterns`, Django answers a 404 by redirecting to the same path with
a language prefix when that path would match a URL pattern; Wagtail's catch-all
page route matches every path, so a missing admin object (`/admin/api/…/999/`)
became a redirect to `/en/admin/api/…/999/`, a visitor's 404 page. The admin's
own JavaScript then waited for an answer that never came. Paths outside
`i18n_patterns` keep their 404.
"""

from django.middleware.locale import LocaleMiddleware

UNPREFIXED = ("/admin/", "/documents/")


class SiteLocaleMiddleware(LocaleMiddleware):
    def process_response(self, request, response):
        if response.status_code == 404 and request.path_info.startswith(UNPREFIXED):
            return response
        return super().process_response(request, response)
