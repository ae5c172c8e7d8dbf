"""Small lists hanging off each row, read in the row's own query as JSON.

`prefetch_related` costs one more query per relation: a round trip, and building a queryset that
costs more than it runs. For the short lists a page shows beside each row (the people a record of
help was for, who thanked, skills of a task) one correlated subquery per list does the same work
inside the row's query:

    Contribution.objects.annotate(people=json_rows(
        ContributionBeneficiary.objects.filter(contribution=OuterRef("pk")),
        key="contribution", id="id", member_id="member_id", display_name="member__display_name",
    ))

gives each contribution `people`, the text of a JSON array of objects, which `rows(text)` reads.
The same SQL on SQLite and PostgreSQL (json_object/json_build_object, group_concat/string_agg).
Lists come in no particular order: sort them by a field you asked for.
"""

import json
from typing import Any

from django.db.models import F, QuerySet, StringAgg, Subquery, TextField, Value
from django.db.models.functions import Cast, JSONObject


def json_rows(queryset: QuerySet, *, key: str, **fields: str) -> Subquery:
    """The rows of `queryset` (filtered on an OuterRef through `key`, the name of its foreign
    key to the outer row) as a JSON array of objects with `fields` (name -> field path); NULL
    when there are none."""
    as_text = Cast(JSONObject(**{name: F(path) for name, path in fields.items()}), TextField())
    rows = queryset.order_by().values(key).annotate(rows=StringAgg(as_text, delimiter=Value(","))).values("rows")
    return Subquery(rows, output_field=TextField())


def rows(text: str | None) -> list[dict[str, Any]]:
    """What `json_rows` gave, as dicts ([] for NULL)."""
    return json.loads(f"[{text}]") if text else []
