"""What the action page suggests to each person looking at it."""

import pytest
from django.contrib.auth.models import AnonymousUser

from talkoot.actions import selectors
from talkoot.actions.guidance import next_steps
from talkoot.actions.models import Stage
from talkoot.actions.tests.factories import ActionFactory, ClaimFactory, TaskFactory

pytestmark = pytest.mark.django_db


def _steps(viewer, action) -> list[str]:
    action = selectors.action_for(viewer, action.community, action.pk)
    return [step.text for step in next_steps(selectors.action_page(viewer, action), viewer)]


def test_a_new_action_without_tasks_asks_its_starter_to_split_the_work(community, member):
    action = ActionFactory(community=community)
    action.participants.create(member=member)
    steps = _steps(member, action)
    assert any("Split the work into small tasks" in s for s in steps)
    assert any("move the action on to: Design" in s for s in steps)


def test_a_member_is_invited_to_take_on_an_open_task(community, member):
    TaskFactory(action=(action := ActionFactory(community=community)), effort_minutes=30)
    assert any("1 task needs someone" in s for s in _steps(member, action))


def test_whoever_holds_a_claim_is_reminded_to_mark_it_done(community, member):
    task = TaskFactory(action=(action := ActionFactory(community=community)), title="Walk with Aino", taken=1)
    ClaimFactory(task=task, member=member)
    assert any("You took on “Walk with Aino”" in s for s in _steps(member, action))


def test_in_assessment_the_beneficiary_is_asked_how_useful_it_was(community, steward, member):
    action = ActionFactory(community=community, stage=Stage.ASSESS)
    action.beneficiaries.create(member=steward)
    action.participants.create(member=member)
    action.beneficiaries.create(name="Mrs Lindholm", represented_by=member)
    assert any("how useful was this" in s for s in _steps(steward, action))
    assert any("Record the answer of Mrs Lindholm" in s for s in _steps(member, action))


def test_a_visitor_is_asked_to_log_in_and_a_closed_action_says_thank_you(community, member):
    from talkoot.communities.models import Visibility

    community.visibility = Visibility.PUBLIC
    community.save()
    action = ActionFactory(community=community, visibility="public")
    assert _steps(AnonymousUser(), action) == ["Log in to take part."]
    closed = ActionFactory(community=community, stage=Stage.CLOSED)
    assert _steps(member, closed) == ["This action is closed. Thank you to everyone who took part."]


def test_a_weekly_visit_taken_on_for_several_weeks_is_mentioned_once(community, member):
    from datetime import timedelta

    from django.utils import timezone

    action = ActionFactory(community=community)
    for week in range(3):
        task = TaskFactory(
            action=action, title="Tuesday visit", taken=1, starts_at=timezone.now() + timedelta(weeks=week)
        )
        ClaimFactory(task=task, member=member)
    assert sum("Tuesday visit" in s for s in _steps(member, action)) == 1
