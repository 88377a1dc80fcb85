"""The endpoint counts.js sends its beacons to (see consultations/counting.py)."""

from django.http import HttpResponse, HttpResponseBadRequest
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from consultations import counting


def _answer() -> HttpResponse:
    return HttpResponse(status=204)


# No CSRF token: the beacon carries no cookie and acts for nobody; a forged count
# is as easy with any HTTP client, and the rate limit bounds both.
@csrf_exempt
@never_cache
@require_POST
def count_click(request):
    """204 whether counted or deliberately ignored (opted out, throttled, sent
    from another site); 400 for what no page of ours sends."""
    if counting.opted_out(request):
        return _answer()
    # Browsers say where a request comes from; a form on another site is not ours.
    if request.headers.get("Sec-Fetch-Site", "same-origin") != "same-origin":
        return _answer()
    if not counting.within_limit(request):
        return _answer()
    kind = request.POST.get("kind")
    page = counting.live_page(request.POST.get("page"))
    if kind not in counting.CLICK_KINDS or page is None:
        return HttpResponseBadRequest()
    counting.record(page, kind)
    return _answer()
