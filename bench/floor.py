"""The framework's floor: a bare view that reads N rows in ONE query and renders them.

Mounted next to the real URLconf (`override_settings(ROOT_URLCONF="bench.floor")`), so it runs
behind the same middleware as the pages (session, member, locale, CSRF, CSP ...). What a page
costs above this floor is its own queries and templates.
"""

from functools import cache

from django.http import Http404, HttpResponse
from django.template import engines
from django.urls import path

from config import urls as site_urls
from talkoot.actions.models import Action, Task

# The columns a list row of the pages shows: a title, a date, a place and a few numbers.
_TEMPLATE = """<!doctype html>
<html lang="{{ LANGUAGE_CODE }}"><head><meta charset="utf-8"><title>floor</title></head>
<body><main><ul>
{% for row in rows %}<li id="row-{{ row.pk }}"><h3>{{ row.title }}</h3>
<p>{{ row.created_at|date:"DATE_FORMAT" }}{% if row.place %} · {{ row.place }}{% endif %}
{% if row.effort_minutes %} · {{ row.effort_minutes }} min · {{ row.taken }} of {{ row.slots }}{% endif %}
{% if row.stage %} · {{ row.stage }}{% endif %}</p></li>
{% endfor %}</ul></main></body></html>"""

KINDS = {"tasks": Task, "actions": Action}


@cache
def _template():
    # Compiled once, as the cached template loader does for the pages.
    return engines["django"].from_string(_TEMPLATE)


def floor(request, kind: str, rows: int):
    model = KINDS.get(kind)
    if model is None:
        raise Http404
    objects = list(model.objects.order_by("-pk")[:rows])  # type: ignore[attr-defined]
    return HttpResponse(_template().render({"rows": objects}, request))


urlpatterns = [
    path("__bench__/floor/<slug:kind>/<int:rows>/", floor, name="bench_floor"),
    *site_urls.urlpatterns,
]
handler404 = site_urls.handler404
handler500 = site_urls.handler500
handler403 = site_urls.handler403
handler400 = site_urls.handler400
