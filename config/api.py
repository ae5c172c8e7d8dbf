"""The JSON API, /api/v1/: one NinjaAPI, one Router per app, the same services and doors as the pages.

OpenAPI 3.1 at /api/v1/openapi.json, interactive docs at /api/v1/docs. Callers sign in with a
personal access token (Authorization: Bearer) or the browser session (with CSRF); errors are
problem details (talkoot.api.problems); lists are cursor pages (talkoot.api.pagination).
"""

from ninja import NinjaAPI
from ninja.renderers import JSONRenderer

from talkoot.actions.api import router as actions_router
from talkoot.api import problems
from talkoot.api.auth import MEMBER, CallerThrottle, visitor
from talkoot.communities.api import router as communities_router
from talkoot.contributions.api import router as contributions_router
from talkoot.conversations.api import router as conversations_router
from talkoot.insights.api import router as insights_router
from talkoot.members.api import router as members_router
from talkoot.notifications.api import router as notifications_router
from talkoot.proposals.api import router as proposals_router


class Utf8Renderer(JSONRenderer):
    # "Käveleminen", not "K\u00e4veleminen": smaller, and readable in a terminal (as the problems are).
    json_dumps_params = {"ensure_ascii": False}


class TalkootAPI(NinjaAPI):
    def get_openapi_operation_id(self, operation) -> str:
        # The view's own name (`tasks_claim`): short, stable, and unique across the API (tested).
        return operation.view_func.__name__

    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        # Operations open to visitors say so the OpenAPI way: an empty requirement among the others.
        for item in schema["paths"].values():
            for operation in item.values():
                if operation["operationId"] in self._open_to_visitors():
                    operation["security"] = [*operation.get("security", []), {}]
        return problems.document(schema)

    def _open_to_visitors(self) -> set[str]:
        return {
            operation.view_func.__name__
            for _prefix, router in self._routers
            for view in router.path_operations.values()
            for operation in view.operations
            if visitor in operation.auth_callbacks
        }


api = TalkootAPI(
    title="talkoot API",
    version="1",
    # The OpenAPI document is in English, as its readers' tools expect; answers speak the member's language.
    description=(
        "Work with a talkoot community from your own program. Create a personal access token under "
        "Settings and send it as “Authorization: Bearer …”. Errors are RFC 9457 problem details in the "
        "member's language; lists are pages with a `next_cursor`."
    ),
    urls_namespace="api",
    auth=MEMBER,
    throttle=[CallerThrottle()],
    renderer=Utf8Renderer(),
)
problems.install(api)

api.add_router("/", members_router)
api.add_router("/", communities_router)
api.add_router("/", actions_router)
api.add_router("/", contributions_router)
api.add_router("/", proposals_router)
api.add_router("/", conversations_router)
api.add_router("/", notifications_router)
api.add_router("/", insights_router)
