import pytest
from django.db import IntegrityError, transaction

from talkoot.calendars.models import CalendarToken
from talkoot.calendars.services import calendar_token_for, calendar_token_regenerate

pytestmark = pytest.mark.django_db


def test_token_is_made_on_first_use_and_then_kept(member):
    first = calendar_token_for(member=member)
    assert calendar_token_for(member=member).token == first.token
    assert len(first.token) >= 40
    assert CalendarToken.objects.filter(member=member).count() == 1


def test_regenerate_replaces_the_token_on_the_same_row(member):
    old = calendar_token_for(member=member)
    new = calendar_token_regenerate(member=member)
    assert new.pk == old.pk
    assert new.token != old.token
    assert not CalendarToken.objects.filter(token=old.token).exists()


def test_regenerate_before_first_use_makes_the_token(community):
    made = calendar_token_regenerate(community=community)
    assert CalendarToken.objects.get(community=community).token == made.token


def test_member_and_community_have_separate_tokens(member, community):
    assert calendar_token_for(member=member).token != calendar_token_for(community=community).token


def test_owner_must_be_exactly_one(member, community):
    with pytest.raises(TypeError):
        calendar_token_for()
    with pytest.raises(TypeError):
        calendar_token_regenerate(member=member, community=community)


def test_database_refuses_a_token_of_two_owners_or_a_second_token(member, community):
    with pytest.raises(IntegrityError), transaction.atomic():
        CalendarToken.objects.create(member=member, community=community, token="a" * 43)
    with pytest.raises(IntegrityError), transaction.atomic():
        CalendarToken.objects.create(token="b" * 43)
    calendar_token_for(member=member)
    with pytest.raises(IntegrityError), transaction.atomic():
        CalendarToken.objects.create(member=member, token="c" * 43)
