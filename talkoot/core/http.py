"""Small helpers every app's views share: htmx fragments and sending visitors to log in."""

from django.contrib.auth.views import redirect_to_login
from django.http import HttpResponse


def is_htmx(request) -> bool:
    """An htmx request that wants a fragment. When htmx restores a page from its history
    after a cache miss it asks for the whole page, so that one gets the whole page."""
    return request.headers.get("HX-Request") == "true" and request.headers.get("HX-History-Restore-Request") != "true"


def login_first(request, back_url: str):
    """The login page, coming back here (a POST cannot be repeated, so it comes back to `back_url`)."""
    next_url = request.get_full_path() if request.method == "GET" else back_url
    response = redirect_to_login(next_url)
    if is_htmx(request):
        # htmx would follow a 302 and put the whole login page inside the button's box.
        return HttpResponse(headers={"HX-Redirect": response["Location"]})
    return response
