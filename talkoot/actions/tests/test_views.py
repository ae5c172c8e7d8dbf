"""The action pages as people use them: one happy and one unhappy path per feature, by persona."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from talkoot.actions.models import Action, ActionVisibility, Claim, ClaimStatus, Stage, Task
from talkoot.actions.tests.factories import ActionFactory, ClaimFactory, TaskFactory
from talkoot.communities.models import Visibility
from talkoot.communities.tests.factories import CommunityFactory, MembershipFactory
from talkoot.contributions.models import Assessment, Contribution
from talkoot.history.models import HistoryEntry, HistoryKind
from talkoot.members.tests.factories import MemberFactory

pytestmark = pytest.mark.django_db


def _messages(response) -> list[str]:
    return [str(m) for m in response.context["messages"]] if response.context else []


def _follow(client, url, data=None):
    return client.post(url, data or {}, follow=True)


def test_member_starts_an_action_for_a_person_without_an_account(community, member, client_for):
    response = client_for(member).post(
        reverse("actions:start", args=[community.slug]),
        {
            "title": "Shopping on Tuesdays",
            "problem": "Mrs Lindholm cannot carry heavy bags.",
            "for_whom": "someone",
            "beneficiary_name": "Mrs Lindholm",
            "visibility": "community",
        },
    )
    action = Action.objects.get(title="Shopping on Tuesdays")
    assert response.status_code == 302
    assert response["Location"] == reverse("actions:detail", args=[community.slug, action.pk])
    assert action.beneficiaries.get().name == "Mrs Lindholm"
    assert action.participants.filter(member=member).exists()


def test_start_action_form_explains_missing_choices(community, member, client_for):
    response = client_for(member).post(
        reverse("actions:start", args=[community.slug]),
        {
            "title": "",
            "for_whom": "members",
            "visibility": "everyone",
            "starts_on": "2030-05-02",
            "ends_on": "2030-05-01",
        },
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert {"title", "beneficiaries", "visibility", "ends_on"} <= set(errors)
    assert not Action.objects.exists()


def test_a_visitor_is_sent_to_log_in_before_starting_an_action(community, anonymous, client_for):
    community.visibility = Visibility.PUBLIC
    community.save()
    response = client_for(anonymous).get(reverse("actions:start", args=[community.slug]))
    assert response.status_code == 302
    assert reverse("members:login") in response["Location"]


def test_i_need_help_creates_an_action_with_me_as_beneficiary_and_one_task(community, member, client_for):
    tomorrow = timezone.localdate() + timedelta(days=1)
    response = client_for(member).post(
        reverse("actions:need_help", args=[community.slug]),
        {
            "what": "Carrying the shopping home",
            "day": tomorrow.isoformat(),
            "day_part": "morning",
            "effort_minutes": 60,
        },
    )
    action = Action.objects.get()
    task = action.tasks.get()
    assert response.status_code == 302
    assert action.stage == Stage.INITIATE
    assert action.beneficiaries.get().member == member
    assert (task.title, task.effort_minutes) == ("Carrying the shopping home", 60)
    assert timezone.localtime(task.starts_at).hour == 9
    assert task.ends_at - task.starts_at == timedelta(minutes=60)


def test_i_need_help_refuses_an_empty_need_and_a_past_day(community, member, client_for):
    yesterday = timezone.localdate() - timedelta(days=1)
    response = client_for(member).post(
        reverse("actions:need_help", args=[community.slug]),
        {"what": "   ", "day": yesterday.isoformat(), "day_part": "any", "effort_minutes": "abc"},
    )
    assert response.status_code == 200
    assert {"what", "day", "effort_minutes"} <= set(response.context["form"].errors)
    assert not Action.objects.exists()


@pytest.mark.parametrize(
    ("effort", "slots"), [("0", "1"), ("-5", "1"), ("100000", "1"), ("30", "0"), ("thirty", "1"), ("30", "101")]
)
def test_task_form_refuses_effort_and_slots_out_of_range(community, member, client_for, effort, slots):
    action = ActionFactory(community=community)
    response = client_for(member).post(
        reverse("actions:task_create", args=[community.slug, action.pk]),
        {"title": "Walk", "effort_minutes": effort, "slots": slots, "timing": "none"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors
    assert not Task.objects.exists()


def test_task_form_refuses_an_end_before_the_start(community, member, client_for):
    action = ActionFactory(community=community)
    start = timezone.localtime() + timedelta(days=2)
    response = client_for(member).post(
        reverse("actions:task_create", args=[community.slug, action.pk]),
        {
            "title": "Walk",
            "effort_minutes": "30",
            "slots": "1",
            "timing": "scheduled",
            "starts_at": start.strftime("%Y-%m-%dT%H:%M"),
            "ends_at": (start - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"),
        },
    )
    assert response.status_code == 200
    assert "ends_at" in response.context["form"].errors


def test_splitting_twice_by_double_click_splits_once(community, member, client_for):
    task = TaskFactory(action=ActionFactory(community=community), effort_minutes=180, title="Clear the yard")
    url = reverse("actions:task_split", args=[community.slug, task.pk])
    client = client_for(member)
    client.post(url, {"parts": "2", "seen_effort_minutes": "180"})
    second = _follow(client, url, {"parts": "2", "seen_effort_minutes": "180"})
    titles = sorted(Task.objects.values_list("title", "effort_minutes"))
    assert titles == [("Clear the yard (1/2)", 90), ("Clear the yard (2/2)", 90)]
    assert "changed a moment ago" in second.content.decode()


def test_claim_then_claim_again_gets_a_clear_message(community, member, client_for):
    task = TaskFactory(action=ActionFactory(community=community), slots=2)
    url = reverse("actions:task_claim", args=[community.slug, task.pk])
    client = client_for(member)
    assert any("You took on" in m for m in _messages(_follow(client, url)))
    assert any("already taken on" in m for m in _messages(_follow(client, url)))
    assert Claim.objects.filter(task=task, status=ClaimStatus.ACTIVE).count() == 1


def test_claiming_a_full_task_says_it_was_just_taken(community, member, steward, client_for):
    task = TaskFactory(action=ActionFactory(community=community), slots=1, taken=1)
    ClaimFactory(task=task, member=steward)
    response = _follow(client_for(member), reverse("actions:task_claim", args=[community.slug, task.pk]))
    assert any("just taken" in m for m in _messages(response))


def test_claiming_a_past_or_cancelled_task_is_refused(community, member, client_for):
    action = ActionFactory(community=community)
    past = TaskFactory(action=action, deadline=timezone.now() - timedelta(hours=1))
    cancelled = TaskFactory(action=action, cancelled_at=timezone.now())
    client = client_for(member)
    assert any(
        "already past" in m
        for m in _messages(_follow(client, reverse("actions:task_claim", args=[community.slug, past.pk])))
    )
    assert any(
        "cancelled" in m
        for m in _messages(_follow(client, reverse("actions:task_claim", args=[community.slug, cancelled.pk])))
    )
    assert not Claim.objects.exists()


def test_someone_elses_claim_cannot_be_withdrawn_or_marked_done(community, member, steward, client_for):
    claim = ClaimFactory(task=TaskFactory(action=ActionFactory(community=community), taken=1), member=steward)
    client = client_for(member)
    assert client.post(reverse("actions:claim_withdraw", args=[community.slug, claim.pk])).status_code == 404
    assert client.post(reverse("actions:claim_done", args=[community.slug, claim.pk])).status_code == 404
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.ACTIVE


def test_marking_done_records_the_estimate_as_a_contribution_to_the_beneficiary(community, member, steward, client_for):
    action = ActionFactory(community=community)
    action.beneficiaries.create(member=steward)
    claim = ClaimFactory(task=TaskFactory(action=action, effort_minutes=45, taken=1), member=member)
    url = reverse("actions:claim_done", args=[community.slug, claim.pk])
    client = client_for(member)
    assert client.get(url).context["form"]["actual_minutes"].value() == 45
    client.post(url, {"actual_minutes": "45", "category": "care", "note": ""})
    contribution = Contribution.objects.get()
    assert (contribution.minutes, contribution.contributor, contribution.category) == (45, member, "care")
    assert [b.member for b in contribution.beneficiaries.all()] == [steward]


def test_withdrawing_close_to_the_start_is_marked_late_gently(community, member, client_for):
    task = TaskFactory(
        action=ActionFactory(community=community), starts_at=timezone.now() + timedelta(hours=3), taken=1
    )
    claim = ClaimFactory(task=task, member=member)
    response = _follow(client_for(member), reverse("actions:claim_withdraw", args=[community.slug, claim.pk]))
    claim.refresh_from_db()
    assert claim.late
    assert any("no harm done" in m for m in _messages(response))


def test_stage_moves_by_participants_only_and_each_is_in_history(community, member, steward, client_for):
    action = ActionFactory(community=community, started_by=member)
    action.participants.create(member=member)
    url = reverse("actions:move_stage", args=[community.slug, action.pk])
    refused = _follow(client_for(steward), url, {"from_stage": "initiate", "to_stage": "design"})
    assert any("Only people taking part" in m for m in _messages(refused))
    _follow(client_for(member), url, {"from_stage": "initiate", "to_stage": "design"})
    action.refresh_from_db()
    assert action.stage == Stage.DESIGN
    assert HistoryEntry.objects.filter(kind=HistoryKind.ACTION_STAGE_MOVED, actor=member).count() == 1


def test_a_stale_stage_form_does_not_skip_a_stage(community, member, client_for):
    action = ActionFactory(community=community, stage=Stage.DESIGN)
    action.participants.create(member=member)
    response = _follow(
        client_for(member),
        reverse("actions:move_stage", args=[community.slug, action.pk]),
        {"from_stage": "initiate", "to_stage": "design"},
    )
    action.refresh_from_db()
    assert action.stage == Stage.DESIGN
    assert any("Someone else just moved" in m for m in _messages(response))


def test_going_back_needs_a_reason(community, member, client_for):
    action = ActionFactory(community=community, stage=Stage.DESIGN)
    action.participants.create(member=member)
    response = _follow(
        client_for(member),
        reverse("actions:move_stage", args=[community.slug, action.pk]),
        {"from_stage": "design", "to_stage": "initiate", "reason": "  "},
    )
    action.refresh_from_db()
    assert action.stage == Stage.DESIGN
    assert any("say why" in m for m in _messages(response))


@pytest.mark.parametrize("score", ["0", "6", "x", ""])
def test_assessment_score_must_be_one_to_five(community, member, client_for, score):
    action = ActionFactory(community=community, stage=Stage.ASSESS)
    action.participants.create(member=member)
    response = client_for(member).post(
        reverse("actions:assess", args=[community.slug, action.pk]), {"value_in_use": score}
    )
    assert response.status_code == 200
    assert "value_in_use" in response.context["form"].errors
    assert not Assessment.objects.exists()


def test_assessing_an_action_one_did_not_take_part_in_is_refused(community, steward, client_for):
    action = ActionFactory(community=community, stage=Stage.ASSESS)
    response = client_for(steward).post(
        reverse("actions:assess", args=[community.slug, action.pk]), {"value_in_use": "4"}
    )
    assert response.status_code == 200
    assert "Only the people this action was for" in response.content.decode()
    assert not Assessment.objects.exists()


def test_answer_recorded_on_behalf_of_a_person_without_an_account(community, member, steward, client_for):
    action = ActionFactory(community=community, stage=Stage.ASSESS)
    for person in (member, steward):
        action.participants.create(member=person)
    lindholm = action.beneficiaries.create(name="Mrs Lindholm", represented_by=member)
    url = reverse("actions:assess", args=[community.slug, action.pk]) + f"?for={lindholm.pk}"
    client_for(member).post(url, {"value_in_use": "5", "difference": "She got out again."})
    client_for(steward).post(url, {"value_in_use": "4", "difference": "She got out again."})
    assessment = Assessment.objects.get()
    assert (assessment.on_behalf_of, assessment.value_in_use, assessment.assessor) == (lindholm, 4, steward)
    page = client_for(member).get(reverse("actions:detail", args=[community.slug, action.pk])).content.decode()
    assert "recorded on their behalf" in page


def test_public_action_is_readable_anonymously_but_claiming_asks_to_log_in(anonymous, client_for):
    community = CommunityFactory(visibility=Visibility.PUBLIC, slug="open-door")
    action = ActionFactory(community=community, visibility=ActionVisibility.PUBLIC, title="Bench painting")
    task = TaskFactory(action=action)
    client = client_for(anonymous)
    page = client.get(reverse("actions:detail", args=[community.slug, action.pk]))
    assert page.status_code == 200
    assert "Bench painting" in page.content.decode()
    assert "Log in to take this on" in page.content.decode()
    claim = client.post(reverse("actions:task_claim", args=[community.slug, task.pk]))
    assert claim.status_code == 302
    assert reverse("members:login") in claim["Location"]
    assert not Claim.objects.exists()


def test_signed_in_non_member_may_claim_a_task_of_a_public_action(client_for):
    community = CommunityFactory(visibility=Visibility.PUBLIC, slug="open-door")
    action = ActionFactory(community=community, visibility=ActionVisibility.PUBLIC)
    task = TaskFactory(action=action)
    visitor = MemberFactory()
    _follow(client_for(visitor), reverse("actions:task_claim", args=[community.slug, task.pk]))
    assert Claim.objects.filter(task=task, member=visitor).exists()


def test_community_only_action_of_a_public_community_is_hidden_from_outsiders(outsider, anonymous, client_for):
    community = CommunityFactory(visibility=Visibility.PUBLIC, slug="open-door")
    action = ActionFactory(community=community, visibility=ActionVisibility.COMMUNITY)
    for persona in (outsider, anonymous):
        assert client_for(persona).get(reverse("actions:detail", args=[community.slug, action.pk])).status_code == 404


def test_another_communitys_action_id_answers_404(community, member, other_community, client_for):
    foreign = ActionFactory(community=other_community)
    foreign_task = TaskFactory(action=foreign)
    client = client_for(member)
    assert client.get(reverse("actions:detail", args=[community.slug, foreign.pk])).status_code == 404
    assert client.post(reverse("actions:task_claim", args=[community.slug, foreign_task.pk])).status_code == 404
    assert client.get(reverse("actions:detail", args=[other_community.slug, foreign.pk])).status_code == 404


def test_action_page_shows_stage_tasks_and_next_step(community, member, client_for):
    action = ActionFactory(community=community, stage=Stage.DELIVER)
    TaskFactory(action=action, title="Bake the pulla", effort_minutes=200, slots=3)
    page = client_for(member).get(reverse("actions:detail", args=[community.slug, action.pk])).content.decode()
    assert 'aria-current="step"' in page
    assert "Bake the pulla" in page
    assert "3 of 3 places free" in page
    assert "Could it be split?" in page
    assert "Could you take it on?" in page


def test_member_with_no_other_community_sees_the_page_in_finnish(community, member, client_for):
    member.language = "fi"
    member.save()
    action = ActionFactory(community=community)
    page = client_for(member).get(reverse("actions:detail", args=[community.slug, action.pk])).content.decode()
    assert 'lang="fi"' in page


def test_action_page_query_count_does_not_grow(community, member, steward, client_for, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def build(n: int) -> Action:
        action = ActionFactory(community=community, stage=Stage.ASSESS)
        action.participants.create(member=member)
        action.beneficiaries.create(member=steward)
        action.beneficiaries.create(name=f"Guest {n}", represented_by=member)
        for i in range(n):
            helper = MemberFactory()
            MembershipFactory(community=community, member=helper)
            task = TaskFactory(action=action, taken=1, slots=2)
            ClaimFactory(task=task, member=helper)
            action.participants.create(member=helper)
            contribution = Contribution.objects.create(
                contributor=helper,
                community=community,
                action=action,
                task=task,
                minutes=30 + i,
                happened_at=timezone.now(),
            )
            contribution.beneficiaries.create(member=steward)
            contribution.thanks.create(member=steward, message="Kiitos!")
            Assessment.objects.create(action=action, assessor=helper, value_in_use=4)
        return action

    client = client_for(member)
    counts = []
    assert connection.features.supports_json_field  # asked once per connection: not the page's query
    for n in (2, 12):
        action = build(n)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("actions:detail", args=[community.slug, action.pk])).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]
    assert counts[1] <= 12, counts


def test_home_lists_what_i_have_taken_on_soonest_first(community, member, client_for):
    action = ActionFactory(community=community, title="Shopping help")
    later = TaskFactory(action=action, title="Carry bags", starts_at=timezone.now() + timedelta(days=3), taken=1)
    sooner = TaskFactory(action=action, title="Pharmacy run", deadline=timezone.now() + timedelta(days=1), taken=1)
    for task in (later, sooner):
        ClaimFactory(task=task, member=member)
    page = client_for(member).get(reverse("core:home")).content.decode()
    assert "What I have taken on" in page
    assert page.index("Pharmacy run") < page.index("Carry bags")


def test_a_double_click_on_i_need_help_posts_the_need_once(community, member, client_for):
    client = client_for(member)
    url = reverse("actions:need_help", args=[community.slug])
    token = client.get(url).context["form"]["once"].value()
    data = {"what": "Company for a walk", "day_part": "any", "effort_minutes": "60", "once": token}
    first = client.post(url, data)
    second = client.post(url, data, follow=True)
    action = Action.objects.get()
    assert (
        first["Location"] == second.redirect_chain[0][0] == reverse("actions:detail", args=[community.slug, action.pk])
    )
    assert any("sent already" in m for m in _messages(second))


def test_a_refused_form_can_be_corrected_and_sent_with_the_same_token(community, member, client_for):
    action = ActionFactory(community=community)
    client = client_for(member)
    url = reverse("actions:task_create", args=[community.slug, action.pk])
    past = (timezone.localtime() - timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    future = (timezone.localtime() + timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    data = {"title": "Walk", "effort_minutes": "30", "slots": "1", "timing": "deadline", "once": "t0ken"}
    refused = client.post(url, {**data, "deadline": past})
    assert "already past" in refused.content.decode()
    client.post(url, {**data, "deadline": future})
    assert Task.objects.filter(action=action).count() == 1


def test_finished_tasks_fold_away_but_my_unfinished_visit_stays_in_view(community, member, client_for):
    action = ActionFactory(community=community)
    now = timezone.now()
    TaskFactory(action=action, title="Upcoming visit", starts_at=now + timedelta(days=2))
    TaskFactory(action=action, title="Last week's visit", starts_at=now - timedelta(days=7))
    mine = TaskFactory(action=action, title="Yesterday's visit", starts_at=now - timedelta(days=1), taken=1)
    ClaimFactory(task=mine, member=member)
    page = client_for(member).get(reverse("actions:detail", args=[community.slug, action.pk])).content.decode()
    folded = page[page.index('<details class="earlier-tasks">') :]
    assert "Last week&#x27;s visit" in folded
    assert "Upcoming visit" not in folded
    assert "Yesterday&#x27;s visit" not in folded
    assert "Mark done" in page


def test_the_community_history_tells_who_moved_an_action_and_why(community, member, client_for):
    action = ActionFactory(community=community, stage=Stage.DESIGN)
    action.participants.create(member=member)
    client = client_for(member)
    client.post(
        reverse("actions:move_stage", args=[community.slug, action.pk]),
        {"from_stage": "design", "to_stage": "initiate", "reason": "We need to ask Aino first"},
    )
    page = client.get(reverse("communities:history", args=[community.slug])).content.decode()
    url = reverse("actions:detail", args=[community.slug, action.pk])
    assert f'moved <a href="{url}">an action</a> from Design to Initiate.' in " ".join(page.split())
    assert "We need to ask Aino first" in page
