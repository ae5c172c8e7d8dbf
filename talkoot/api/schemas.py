"""What every router's schemas share: inputs refuse unknown fields, lists take a cursor and a limit."""

from ninja import Field, Schema
from pydantic import ConfigDict

from talkoot.api.pagination import DEFAULT_LIMIT, MAX_LIMIT


class In(Schema):
    """An input body: a field the API does not know is an error, not silently dropped."""

    model_config = ConfigDict(extra="forbid")


class ListQuery(Schema):
    cursor: str | None = Field(None, max_length=500, description="`next_cursor` of the previous page")
    limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT)


class PersonOut(Schema):
    """Another member as everyone inside may see them: never e-mail, phone or exact place."""

    id: int
    display_name: str
