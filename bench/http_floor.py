"""The API's floor for bench/http.py: two bare django-ninja endpoints on the same server set-up.

`GET /__bench__/api/read` reads 20 rows in one query and returns them as JSON; `POST
/__bench__/api/insert` inserts one row. No authentication, no throttle, no service: what an API
endpoint costs above these is its own work. Mounted beside the real URLconf by
bench/http_settings.py, so it runs behind the same middleware.
"""

from django.db import connection
from django.urls import path
from ninja import NinjaAPI, Schema

from config import urls as site_urls
from talkoot.actions.models import Task

floor_api = NinjaAPI(urls_namespace="bench-floor", docs_url=None, openapi_url=None)
FLOOR_TABLE = "bench_floor_row"


class FloorRow(Schema):
    id: int
    title: str
    effort_minutes: int
    slots: int
    taken: int


@floor_api.get("/read", response=list[FloorRow])
def floor_read(request):
    return list(Task.objects.order_by("-pk").values("id", "title", "effort_minutes", "slots", "taken")[:20])


@floor_api.post("/insert", response={201: dict})
def floor_insert(request):
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {FLOOR_TABLE} (n) VALUES (%s) RETURNING id", [1])  # noqa: S608 - a constant
        (row_id,) = cursor.fetchone()
    return 201, {"id": row_id}


urlpatterns = [path("__bench__/api/", floor_api.urls), *site_urls.urlpatterns]
handler404 = site_urls.handler404
handler500 = site_urls.handler500
handler403 = site_urls.handler403
handler400 = site_urls.handler400
