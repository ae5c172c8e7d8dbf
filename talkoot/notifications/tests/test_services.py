"""Notifications: who is told what, once, and in the way they chose."""

from datetime import timedelta

import pytest
from django.db import transaction
from django.utils import timezone

from talkoot.actions.services import task_claim
from talkoot.actions.tests.factories import ActionFactory, TaskFactory
from talkoot.communities.services import trust_give
from talkoot.communities.tests.factories import MembershipFactory
from talkoot.contributions.services import thanks_give
from talkoot.contributions.tests.factories import ContributionFactory
from talkoot.core.scheduler import JOBS, run_due_jobs
from talkoot.members.models import Member
from talkoot.members.tests.factories import MemberFactory
from talkoot.notifications.models import Delivery, Notification, NotificationKind, Preference
from talkoot.notifications.services import notifications_mark_all_read, notify
from talkoot.notifications.tasks import send_reminders
from talkoot.proposals.services import proposal_create

pytestmark = pytest.mark.django_db


def unread(member) -> int:
    return Member.objects.get(pk=member.pk).unread_notifications


def test_notify_skips_the_actor_and_counts_unread(community, member, steward):
    notify(recipients=[member, steward], kind=NotificationKind.TRUST_RECEIVED, community=community, actor=steward)

    assert list(Notification.objects.values_list("recipient", flat=True)) == [member.pk]
    assert unread(member) == 1 and unread(steward) == 0
    notifications_mark_all_read(member=member)
    assert unread(member) == 0


def test_a_kind_turned_off_is_not_made(community, member):
    Preference.objects.create(member=member, kind=NotificationKind.TRUST_RECEIVED, delivery=Delivery.OFF)
    notify(recipients=[member], kind=NotificationKind.TRUST_RECEIVED, community=community)
    assert not Notification.objects.exists()


def test_a_once_key_makes_one_notification(community, member):
    for _ in range(2):
        notify(recipients=[member], kind=NotificationKind.REMINDER, community=community, once_key="reminder-24h-1")
    assert Notification.objects.count() == 1 and unread(member) == 1


def test_a_claim_tells_who_started_the_action(community, member, steward):
    action = ActionFactory(community=community, started_by=steward)
    task_claim(member=member, task=TaskFactory(action=action, title="Rake leaves"))

    notification = Notification.objects.get(recipient=steward)
    assert notification.kind == NotificationKind.TASK_CLAIMED and notification.actor == member
    assert notification.detail == {"task": "Rake leaves", "withdrew": False}


def test_a_rolled_back_claim_tells_nobody(community, member, steward, django_capture_on_commit_callbacks):
    action = ActionFactory(community=community, started_by=steward)
    task = TaskFactory(action=action)
    with django_capture_on_commit_callbacks() as callbacks:
        try:
            with transaction.atomic():
                task_claim(member=member, task=task)
                raise RuntimeError("the page failed after the claim")
        except RuntimeError:
            pass
    assert not Notification.objects.exists() and callbacks == []
    assert unread(steward) == 0


def test_trust_and_thanks_are_told(community, member, steward):
    from talkoot.communities.models import Membership

    Membership.objects.filter(member=steward).update(joined_at=timezone.now() - timedelta(days=60))
    trust_give(truster=steward, trusted=member, community=community)
    thanks_give(member=steward, contribution=ContributionFactory(community=community, contributor=member))

    kinds = set(Notification.objects.filter(recipient=member).values_list("kind", flat=True))
    assert {
        NotificationKind.TRUST_RECEIVED,
        NotificationKind.THANKS_RECEIVED,
        NotificationKind.STEWARD_CHANGED,
    } <= kinds


def test_a_proposal_tells_the_members_of_its_community_only(community, member, steward, outsider):
    proposal_create(author=member, community=community, kind="general", text="Coffee on Fridays")
    assert list(Notification.objects.values_list("recipient", flat=True)) == [steward.pk]


def test_reminders_fire_once_when_the_scheduler_runs_twice_in_a_minute(community, member, steward):
    action = ActionFactory(community=community, started_by=steward)
    starts = timezone.now() + timedelta(hours=20)
    task_claim(member=member, task=TaskFactory(action=action, starts_at=starts, title="Visit Aino"))
    Notification.objects.all().delete()
    jobs = tuple(job for job in JOBS if job.name == "notifications.send_reminders")

    now = timezone.now()
    run_due_jobs(now=now, jobs=jobs)
    run_due_jobs(now=now + timedelta(seconds=20), jobs=jobs)
    send_reminders.call()  # even a job run by hand on top adds nothing

    reminders = Notification.objects.filter(recipient=member, kind=NotificationKind.REMINDER)
    assert reminders.count() == 1
    assert reminders.get().once_key.startswith("reminder-24h-")


def test_the_three_hour_reminder_follows_the_day_one(community, member):
    task = TaskFactory(action=ActionFactory(community=community), starts_at=timezone.now() + timedelta(hours=2))
    task_claim(member=member, task=task)
    send_reminders.call()
    assert list(Notification.objects.filter(kind=NotificationKind.REMINDER).values_list("once_key", flat=True)) == [
        f"reminder-3h-{task.claims.get().pk}"
    ]


def test_an_inactive_member_is_not_told(community):
    gone = MemberFactory(is_active=False)
    MembershipFactory(community=community, member=gone)
    notify(recipients=[gone], kind=NotificationKind.PROPOSAL_OPENED, community=community)
    assert not Notification.objects.exists()


def test_a_need_tells_the_neighbours_whose_skills_fit_it(community, member, steward):
    from talkoot.actions.services import action_need_help
    from talkoot.members.models import Skill

    driving = Skill.objects.get(slug="driving", is_curated=True)
    driver, walker, far = MemberFactory(postal_code="00530"), MemberFactory(postal_code="00530"), MemberFactory()
    for person in (driver, walker, far):
        MembershipFactory(community=community, member=person)
    driver.skills.add(driving)
    far.skills.add(driving)
    Member.objects.filter(pk=member.pk).update(postal_code="00530")
    member.refresh_from_db()

    action = action_need_help(member=member, community=community, what="A lift to the doctor", kind="transport")

    assert set(action.tasks.get().skills.values_list("slug", flat=True)) == {"driving", "transport", "shopping"}
    told = Notification.objects.filter(kind=NotificationKind.NEED_NEAR_YOU)
    assert list(told.values_list("recipient", flat=True)) == [driver.pk]
    assert told.get().detail["fits"] is True
