"""Small helpers for the view tests."""

from django.contrib.messages import get_messages
from django.urls import reverse

from talkoot.communities.models import Membership

HTMX = {"HTTP_HX_REQUEST": "true"}


def url(name, community=None, **kwargs):
    if community is not None:
        kwargs["slug"] = community.slug
    return reverse(f"communities:{name}", kwargs=kwargs)


def messages_of(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def is_member(community, person) -> bool:
    return Membership.objects.active().filter(community=community, member=person).exists()
