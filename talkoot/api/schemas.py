"""What every router's schemas share: inputs refuse unknown fields, lists take a cursor and a limit."""

from typing import Annotated

from django.utils.translation import gettext as _
from ninja import Field, Schema
from pydantic import BaseModel, ConfigDict, create_model

from talkoot.api.pagination import DEFAULT_LIMIT, MAX_LIMIT

# An id of a row: a positive number the database can hold.
Id = Annotated[int, Field(ge=1, le=2**63 - 1)]


class In(Schema):
    """An input body: a field the API does not know is an error, not silently dropped."""

    model_config = ConfigDict(extra="forbid")


class ListQuery(Schema):
    # Cursors are signed URL-safe text: anything else is refused before it makes a long address.
    cursor: str | None = Field(
        None, max_length=500, pattern=r"^[A-Za-z0-9_:\-]+$", description="`next_cursor` of the previous page"
    )
    limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT)


class Out(BaseModel):
    """An answer: validated by pydantic's compiled core from a dict or from attributes. Not ninja's
    Schema, which wraps every object it validates, each row of a list, in a getter written in
    Python: on a list that cost more than reading the list. (An answer that needs `resolve_…`
    methods stays a Schema.)"""

    model_config = ConfigDict(from_attributes=True)


def page_schema(item: type[BaseModel], name: str | None = None) -> type[Out]:
    """A cursor page of `item` (talkoot.api.pagination): `items` and `next_cursor`, null on the last."""
    return create_model(
        name or item.__name__.removesuffix("Out") + "Page",
        __base__=Out,
        items=(list[item], ...),  # type: ignore[valid-type]
        next_cursor=(str | None, None),
    )


class PersonOut(Out):
    """Another member as everyone inside may see them: never e-mail, phone or exact place."""

    id: int
    display_name: str


def person_out(member_id: int, display_name: str) -> PersonOut:
    """A member who has left talkoot keeps their place in the record, without a name."""
    return PersonOut(id=member_id, display_name=display_name or _("A former member"))
