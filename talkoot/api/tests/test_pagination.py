"""Keyset cursor pages: every row once, in order, even with ties and rows added meanwhile."""

from datetime import timedelta

import pytest
from django.utils import timezone
from ninja.errors import ValidationError

from talkoot.api.pagination import cursor_page
from talkoot.members.models import Member
from talkoot.members.tests.factories import MemberFactory

pytestmark = pytest.mark.django_db
ORDER = ("-date_joined", "-id")


def _walk(queryset, limit):
    seen, cursor = [], None
    while True:
        page = cursor_page(queryset, order=ORDER, cursor=cursor, limit=limit)
        seen.extend(row.pk for row in page["items"])
        cursor = page["next_cursor"]
        if cursor is None:
            return seen


def test_every_row_once_in_order_with_ties():
    now = timezone.now()
    for number in range(23):
        MemberFactory(date_joined=now - timedelta(minutes=number // 4))  # four at each moment
    expected = list(Member.objects.order_by(*ORDER).values_list("pk", flat=True))
    assert _walk(Member.objects.all(), limit=5) == expected
    assert _walk(Member.objects.all(), limit=100) == expected


def test_rows_added_meanwhile_do_not_repeat_or_vanish():
    for _ in range(6):
        MemberFactory()
    first = cursor_page(Member.objects.all(), order=ORDER, cursor=None, limit=3)
    MemberFactory()  # newer: it belongs before the first page, not in the next one
    second = cursor_page(Member.objects.all(), order=ORDER, cursor=first["next_cursor"], limit=3)
    shown = [row.pk for row in first["items"] + second["items"]]
    assert len(set(shown)) == 6


@pytest.mark.parametrize("cursor", ["nonsense", "W10:1abc:xyz", "a" * 400])
def test_a_forged_or_broken_cursor_is_an_invalid_field(cursor):
    MemberFactory()
    with pytest.raises(ValidationError) as refused:
        cursor_page(Member.objects.all(), order=ORDER, cursor=cursor, limit=3)
    assert refused.value.errors[0]["loc"] == ("query", "cursor")


def test_the_last_page_has_no_cursor():
    MemberFactory()
    assert cursor_page(Member.objects.all(), order=ORDER, cursor=None, limit=1)["next_cursor"] is None
