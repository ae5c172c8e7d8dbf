"""The contributions router, by persona: the ledger, thanks and assessments through the API."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from talkoot.actions.models import ActionBeneficiary, ActionParticipant, ActionVisibility, Stage
from talkoot.actions.tests.factories import ActionFactory
from talkoot.api.tests.harness import World, call
from talkoot.communities.models import Visibility
from talkoot.communities.tests.factories import CommunityFactory, MembershipFactory
from talkoot.contributions.models import Assessment, Category, Contribution, ContributionBeneficiary, Thanks
from talkoot.contributions.tests.factories import (
    ContributionBeneficiaryFactory,
    ContributionFactory,
    ThanksFactory,
)
from talkoot.history.models import HistoryEntry, HistoryKind
from talkoot.members.tests.factories import MemberFactory

pytestmark = pytest.mark.django_db

BASE = "/communities/kallio-seniors"


@pytest.fixture
def world(community, other_community, steward, member, outsider) -> World:
    return World(community, other_community, steward, member, outsider)


@pytest.fixture
def eino(world):
    return world.token_for(world.member)


@pytest.fixture
def aino(world):
    return world.token_for(world.steward)


@pytest.fixture
def visit(community, member, steward):
    """Eino visited Aino yesterday."""
    contribution = ContributionFactory(
        community=community,
        contributor=member,
        minutes=90,
        category=Category.COMPANY,
        happened_at=timezone.now() - timedelta(days=1),
        note="Coffee and the crossword.",
    )
    ContributionBeneficiaryFactory(contribution=contribution, member=steward)
    return contribution


@pytest.fixture
def rota(community, steward):
    """Aino drafted the rota: a gift to the commons."""
    return ContributionFactory(community=community, contributor=steward, minutes=30, category=Category.ORGANISING)


def _one(contribution) -> str:
    return f"{BASE}/contributions/{contribution.pk}"


def _fields(response) -> set[str]:
    return {error["field"] for error in response.json()["errors"]}


# --- The list ------------------------------------------------------------------------------------


def test_member_lists_the_communitys_help_newest_first(eino, visit, rota, steward):
    ThanksFactory(contribution=rota, member=visit.contributor)

    response = call("GET", f"{BASE}/contributions", token=eino)

    assert response.status_code == 200
    items = response.json()["items"]
    assert [item["id"] for item in items] == [rota.pk, visit.pk]
    to_commons, to_aino = items
    assert to_commons["to_the_commons"] is True
    assert to_commons["beneficiaries"] == []
    assert to_commons["contributor"] == {"id": steward.pk, "display_name": "Aino Virtanen"}
    assert to_commons["thanks_count"] == 1
    assert to_commons["thanked_by_me"] is True
    assert to_commons["may_thank"] is False
    assert to_aino["beneficiaries"] == [{"id": steward.pk, "display_name": "Aino Virtanen"}]
    assert to_aino["note"] == "Coffee and the crossword."
    assert to_aino["minutes"] == 90
    assert to_aino["category"] == "company"
    assert to_aino["may_edit"] is True
    assert "email" not in str(items)
    assert response.json()["next_cursor"] is None


def test_list_leaves_out_withdrawn_help(eino, visit, rota):
    Contribution.objects.filter(pk=rota.pk).update(withdrawn_at=timezone.now())

    items = call("GET", f"{BASE}/contributions", token=eino).json()["items"]

    assert [item["id"] for item in items] == [visit.pk]


def test_list_filters_by_action(eino, community, visit):
    action = ActionFactory(community=community)
    on_action = ContributionFactory(community=community, contributor=visit.contributor, action=action)

    items = call("GET", f"{BASE}/contributions?action_id={action.pk}", token=eino).json()["items"]

    assert [item["id"] for item in items] == [on_action.pk]
    assert items[0]["action_id"] == action.pk


def test_list_by_another_communitys_action_is_404(eino, other_community):
    action = ActionFactory(community=other_community)

    response = call("GET", f"{BASE}/contributions?action_id={action.pk}", token=eino)

    assert response.status_code == 404


def test_list_pages_follow_on_without_repeats(eino, community, member):
    made = [ContributionFactory(community=community, contributor=member) for _ in range(5)]

    first = call("GET", f"{BASE}/contributions?limit=2", token=eino).json()
    second = call("GET", f"{BASE}/contributions?limit=2&cursor={first['next_cursor']}", token=eino).json()
    third = call("GET", f"{BASE}/contributions?limit=2&cursor={second['next_cursor']}", token=eino).json()

    seen = [item["id"] for page in (first, second, third) for item in page["items"]]
    assert sorted(seen) == sorted(one.pk for one in made)
    assert len(set(seen)) == 5
    assert third["next_cursor"] is None


def test_list_refuses_a_forged_cursor(eino):
    response = call("GET", f"{BASE}/contributions?cursor=made-up", token=eino)

    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "cursor"


def test_list_refuses_a_limit_out_of_range(eino):
    assert call("GET", f"{BASE}/contributions?limit=0", token=eino).status_code == 422
    assert call("GET", f"{BASE}/contributions?limit=1000", token=eino).status_code == 422


def test_outsider_and_visitor_see_no_private_ledger(world, visit):
    assert call("GET", f"{BASE}/contributions", token=world.token_for(world.outsider)).status_code == 404
    assert call("GET", f"{BASE}/contributions").status_code == 401


@pytest.fixture
def public_square(steward):
    """A public community, with help on a public action and help nobody planned."""
    square = CommunityFactory(slug="espoo-square", visibility=Visibility.PUBLIC)
    helper = MemberFactory(display_name="Helmi Helper")
    MembershipFactory(community=square, member=helper)
    MembershipFactory(community=square, member=steward)
    action = ActionFactory(community=square, visibility=ActionVisibility.PUBLIC)
    on_action = ContributionFactory(community=square, contributor=helper, action=action, note="Private words.")
    ContributionBeneficiaryFactory(contribution=on_action, member=steward)
    ContributionBeneficiary.objects.create(contribution=on_action, name="Neighbour Nelli")
    unplanned = ContributionFactory(community=square, contributor=helper)
    return square, on_action, unplanned


def test_non_member_sees_help_on_public_actions_without_names_or_notes(world, public_square):
    square, on_action, _unplanned = public_square

    response = call("GET", f"/communities/{square.slug}/contributions", token=world.token_for(world.outsider))

    assert response.status_code == 200
    [item] = response.json()["items"]
    assert item["id"] == on_action.pk
    assert item["contributor"]["display_name"] == "Helmi Helper"
    assert item["note"] == ""
    assert item["beneficiaries"] == []
    assert item["others_helped"] == []
    assert item["beneficiary_count"] == 2
    assert item["to_the_commons"] is False
    assert item["may_thank"] is False


def test_member_of_a_public_community_sees_names_of_people_without_an_account(world, public_square):
    square, on_action, unplanned = public_square

    items = call("GET", f"/communities/{square.slug}/contributions", token=world.token_for(world.steward)).json()[
        "items"
    ]

    assert {item["id"] for item in items} == {on_action.pk, unplanned.pk}
    shown = next(item for item in items if item["id"] == on_action.pk)
    assert shown["others_helped"] == ["Neighbour Nelli"]
    assert shown["note"] == "Private words."


def _count_queries(token: str) -> int:
    connection.features.supports_json_field  # noqa: B018 - cached on first use; outside the count
    with CaptureQueriesContext(connection) as queries:
        response = call("GET", f"{BASE}/contributions?limit=50", token=token)
    assert response.status_code == 200
    return len(queries)


def _add_rows(community, contributor, others, count: int) -> None:
    for index in range(count):
        contribution = ContributionFactory(community=community, contributor=contributor)
        ContributionBeneficiaryFactory(contribution=contribution, member=others[index % len(others)])
        ContributionBeneficiary.objects.create(contribution=contribution, name=f"Neighbour {index}")
        for thanker in others:
            ThanksFactory(contribution=contribution, member=thanker)


def test_list_query_count_does_not_grow_with_rows(world, eino, community):
    others = [MemberFactory() for _ in range(3)]
    for person in others:
        MembershipFactory(community=community, member=person)
    action = ActionFactory(community=community)
    _add_rows(community, world.steward, others, 2)
    call("GET", f"{BASE}/contributions", token=eino)  # the token's first use is written once
    few = _count_queries(eino)

    _add_rows(community, world.steward, others, 10)
    ContributionFactory(community=community, contributor=world.member, action=action)

    assert _count_queries(eino) == few


# --- Recording help ------------------------------------------------------------------------------


def test_member_records_help_to_the_commons(eino, member):
    response = call("POST", f"{BASE}/contributions", token=eino, body={"minutes": 45, "category": "organising"})

    assert response.status_code == 201
    body = response.json()
    contribution = Contribution.objects.get(pk=body["id"])
    assert contribution.contributor == member
    assert contribution.minutes == 45
    assert contribution.to_the_commons
    assert body["to_the_commons"] is True
    assert timezone.now() - contribution.happened_at < timedelta(minutes=1)


def test_member_records_help_to_people_on_a_past_day(eino, steward, community):
    yesterday = timezone.localdate() - timedelta(days=1)
    body = {
        "minutes": 90,
        "category": "company",
        "happened_on": yesterday.isoformat(),
        "beneficiaries": [steward.pk],
        "beneficiary_name": "Neighbour Nelli",
        "note": "Coffee.",
    }

    response = call("POST", f"{BASE}/contributions", token=eino, body=body)

    assert response.status_code == 201
    contribution = Contribution.objects.get(pk=response.json()["id"])
    assert timezone.localdate(contribution.happened_at) == yesterday
    assert {(one.member_id, one.name) for one in contribution.beneficiaries.all()} == {
        (steward.pk, ""),
        (None, "Neighbour Nelli"),
    }
    assert response.json()["beneficiaries"] == [{"id": steward.pk, "display_name": "Aino Virtanen"}]
    assert response.json()["others_helped"] == ["Neighbour Nelli"]


def test_member_records_help_on_an_action(eino, community):
    action = ActionFactory(community=community)

    response = call(
        "POST", f"{BASE}/contributions", token=eino, body={"minutes": 30, "category": "care", "action_id": action.pk}
    )

    assert response.status_code == 201
    assert Contribution.objects.get(pk=response.json()["id"]).action == action


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"minutes": 0, "category": "care"}, "minutes"),
        ({"minutes": 24 * 60 + 1, "category": "care"}, "minutes"),
        ({"minutes": "a while", "category": "care"}, "minutes"),
        ({"category": "care"}, "minutes"),
        ({"minutes": 30}, "category"),
        ({"minutes": 30, "category": "gardening"}, "category"),
        ({"minutes": 30, "category": "care", "note": "x" * 1001}, "note"),
        ({"minutes": 30, "category": "care", "balance": 30}, "balance"),
        ({"minutes": 30, "category": "care", "beneficiaries": "Aino"}, "beneficiaries"),
        ({"minutes": 30, "category": "care", "happened_on": "yesterday"}, "happened_on"),
    ],
)
def test_record_refuses_invalid_input(eino, body, field):
    response = call("POST", f"{BASE}/contributions", token=eino, body=body)

    assert response.status_code == 422
    assert field in _fields(response)
    assert not Contribution.objects.exists()


@pytest.mark.parametrize(
    "days",
    [-1, 367],
    ids=["tomorrow", "more than a year ago"],
)
def test_record_refuses_a_day_the_page_refuses(eino, days):
    day = timezone.localdate() - timedelta(days=days)

    response = call(
        "POST", f"{BASE}/contributions", token=eino, body={"minutes": 30, "category": "care", "happened_on": str(day)}
    )

    assert response.status_code == 422
    assert _fields(response) == {"happened_on"}
    assert not Contribution.objects.exists()


@pytest.mark.parametrize("who", ["self", "outsider", "nobody"])
def test_record_refuses_beneficiaries_outside_the_community(world, eino, who):
    person_id = {"self": world.member.pk, "outsider": world.outsider.pk, "nobody": 999_999}[who]

    body = {"minutes": 30, "category": "care", "beneficiaries": [person_id]}

    response = call("POST", f"{BASE}/contributions", token=eino, body=body)

    assert response.status_code == 422
    assert _fields(response) == {"beneficiaries"}
    assert not Contribution.objects.exists()


def test_record_on_another_communitys_action_is_404(eino, other_community):
    action = ActionFactory(community=other_community)

    response = call(
        "POST", f"{BASE}/contributions", token=eino, body={"minutes": 30, "category": "care", "action_id": action.pk}
    )

    assert response.status_code == 404
    assert not Contribution.objects.exists()


def test_the_same_once_records_help_once(eino):
    body = {"minutes": 30, "category": "care", "once": "3f9a0c"}

    first = call("POST", f"{BASE}/contributions", token=eino, body=body)
    again = call("POST", f"{BASE}/contributions", token=eino, body=body)

    assert first.status_code == 201
    assert again.status_code == 200
    assert again.json()["id"] == first.json()["id"]
    assert Contribution.objects.count() == 1


def test_without_once_two_posts_are_two_records(eino):
    body = {"minutes": 30, "category": "care"}

    call("POST", f"{BASE}/contributions", token=eino, body=body)
    call("POST", f"{BASE}/contributions", token=eino, body=body)

    assert Contribution.objects.count() == 2


def test_a_refused_once_may_be_sent_again_corrected(eino):
    refused = call("POST", f"{BASE}/contributions", token=eino, body={"minutes": 0, "category": "care", "once": "x1"})
    fixed = call("POST", f"{BASE}/contributions", token=eino, body={"minutes": 20, "category": "care", "once": "x1"})

    assert refused.status_code == 422
    assert fixed.status_code == 201


def test_non_member_may_not_record_unplanned_help_in_a_public_community(world, public_square):
    square, _on_action, _unplanned = public_square
    before = Contribution.objects.count()

    response = call(
        "POST",
        f"/communities/{square.slug}/contributions",
        token=world.token_for(world.outsider),
        body={"minutes": 30, "category": "care"},
    )

    assert response.status_code == 403
    assert response.json()["code"] == "not_a_member"
    assert Contribution.objects.count() == before


def test_non_member_records_help_on_a_public_action(world, public_square):
    square, on_action, _unplanned = public_square

    response = call(
        "POST",
        f"/communities/{square.slug}/contributions",
        token=world.token_for(world.outsider),
        body={"minutes": 30, "category": "care", "action_id": on_action.action_id},
    )

    assert response.status_code == 201
    assert Contribution.objects.get(pk=response.json()["id"]).contributor == world.outsider


# --- One record ----------------------------------------------------------------------------------


def test_member_reads_one_record(eino, rota):
    response = call("GET", _one(rota), token=eino)

    assert response.status_code == 200
    assert response.json()["id"] == rota.pk
    assert response.json()["may_thank"] is True
    assert response.json()["may_edit"] is False


def test_withdrawn_record_is_gone_for_others_but_not_its_contributor(eino, aino, visit):
    Contribution.objects.filter(pk=visit.pk).update(withdrawn_at=timezone.now())

    assert call("GET", _one(visit), token=aino).status_code == 404
    own = call("GET", _one(visit), token=eino)
    assert own.status_code == 200
    assert own.json()["withdrawn"] is True
    assert own.json()["may_edit"] is False


@pytest.mark.parametrize("contribution_id", ["999999", "99999999999999999999999"])
def test_missing_record_is_404(eino, contribution_id):
    assert call("GET", f"{BASE}/contributions/{contribution_id}", token=eino).status_code == 404


def test_not_a_number_is_invalid(eino):
    assert call("GET", f"{BASE}/contributions/first", token=eino).status_code == 422


def test_another_communitys_record_is_404_even_under_its_own_slug_for_a_stranger(world, eino):
    elsewhere = ContributionFactory(community=world.other_community, contributor=world.outsider)

    assert call("GET", _one(elsewhere), token=eino).status_code == 404
    assert call("GET", f"/communities/vuosaari/contributions/{elsewhere.pk}", token=eino).status_code == 404


# --- Changing and withdrawing --------------------------------------------------------------------


def test_contributor_changes_their_record_and_the_rest_stays(eino, visit):
    response = call("PATCH", _one(visit), token=eino, body={"minutes": 120})

    assert response.status_code == 200
    assert response.json()["minutes"] == 120
    visit.refresh_from_db()
    assert (visit.minutes, visit.category, visit.note) == (120, Category.COMPANY, "Coffee and the crossword.")
    assert HistoryEntry.objects.filter(kind=HistoryKind.CONTRIBUTION_EDITED).count() == 1


def test_contributor_clears_the_note(eino, visit):
    response = call("PATCH", _one(visit), token=eino, body={"note": "", "category": "care"})

    assert response.status_code == 200
    visit.refresh_from_db()
    assert (visit.note, visit.category) == ("", Category.CARE)


def test_someone_else_may_not_change_a_record(aino, visit):
    response = call("PATCH", _one(visit), token=aino, body={"minutes": 5})

    assert response.status_code == 403
    assert response.json()["code"] == "not_contributor"
    visit.refresh_from_db()
    assert visit.minutes == 90
    assert not HistoryEntry.objects.filter(kind=HistoryKind.CONTRIBUTION_EDITED).exists()


def test_a_record_older_than_7_days_cannot_be_changed(eino, visit):
    Contribution.objects.filter(pk=visit.pk).update(created_at=timezone.now() - timedelta(days=8))

    response = call("PATCH", _one(visit), token=eino, body={"minutes": 5})

    assert response.status_code == 409
    assert response.json()["code"] == "edit_window_over"
    visit.refresh_from_db()
    assert visit.minutes == 90


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"minutes": 0}, "minutes"),
        ({"minutes": "long"}, "minutes"),
        ({"category": "money"}, "category"),
        ({"note": "x" * 1001}, "note"),
        ({"happened_on": "2026-01-01"}, "happened_on"),
        ({"contributor": 1}, "contributor"),
    ],
)
def test_change_refuses_invalid_input(eino, visit, body, field):
    response = call("PATCH", _one(visit), token=eino, body=body)

    assert response.status_code == 422
    assert field in _fields(response)
    visit.refresh_from_db()
    assert visit.minutes == 90


def test_contributor_withdraws_their_record(eino, visit):
    response = call("POST", _one(visit) + "/withdraw", token=eino)

    assert response.status_code == 200
    assert response.json()["withdrawn"] is True
    visit.refresh_from_db()
    assert visit.withdrawn_at is not None
    assert HistoryEntry.objects.filter(kind=HistoryKind.CONTRIBUTION_WITHDRAWN).count() == 1
    assert call("GET", f"{BASE}/contributions", token=eino).json()["items"] == []


def test_withdrawing_twice_is_a_conflict(eino, visit):
    call("POST", _one(visit) + "/withdraw", token=eino)

    again = call("POST", _one(visit) + "/withdraw", token=eino)

    assert again.status_code == 409
    assert again.json()["code"] == "withdrawn"
    assert HistoryEntry.objects.filter(kind=HistoryKind.CONTRIBUTION_WITHDRAWN).count() == 1


def test_someone_else_may_not_withdraw_a_record(aino, visit):
    response = call("POST", _one(visit) + "/withdraw", token=aino)

    assert response.status_code == 403
    visit.refresh_from_db()
    assert visit.withdrawn_at is None


# --- Thanks --------------------------------------------------------------------------------------


def test_member_thanks_someone(eino, member, rota):
    response = call("POST", _one(rota) + "/thanks", token=eino, body={"message": "  Kiitos paljon!  "})

    assert response.status_code == 201
    assert response.json()["message"] == "Kiitos paljon!"
    assert response.json()["member"] == {"id": member.pk, "display_name": "Eino Laine"}
    thanks = Thanks.objects.get()
    assert (thanks.contribution, thanks.member) == (rota, member)
    shown = call("GET", _one(rota), token=eino).json()
    assert (shown["thanks_count"], shown["thanked_by_me"], shown["may_thank"]) == (1, True, False)


def test_thanks_without_a_message(eino, rota):
    assert call("POST", _one(rota) + "/thanks", token=eino).status_code == 422  # a body is expected
    response = call("POST", _one(rota) + "/thanks", token=eino, body={})
    assert response.status_code == 201
    assert Thanks.objects.get().message == ""


def test_thanking_twice_is_a_conflict_not_an_error(eino, rota):
    call("POST", _one(rota) + "/thanks", token=eino, body={})

    again = call("POST", _one(rota) + "/thanks", token=eino, body={"message": "Again!"})

    assert again.status_code == 409
    assert again.json()["code"] == "already_thanked"
    assert Thanks.objects.count() == 1


def test_nobody_thanks_themselves(aino, rota):
    response = call("POST", _one(rota) + "/thanks", token=aino, body={})

    assert response.status_code == 403
    assert response.json()["code"] == "own_contribution"
    assert not Thanks.objects.exists()


def test_thanks_refuses_a_long_message_or_unknown_fields(eino, rota):
    long = call("POST", _one(rota) + "/thanks", token=eino, body={"message": "x" * 281})
    unknown = call("POST", _one(rota) + "/thanks", token=eino, body={"stars": 5})

    assert long.status_code == 422
    assert _fields(long) == {"message"}
    assert unknown.status_code == 422
    assert not Thanks.objects.exists()


def test_withdrawn_record_cannot_be_thanked(aino, visit):
    Contribution.objects.filter(pk=visit.pk).update(withdrawn_at=timezone.now())

    assert call("POST", _one(visit) + "/thanks", token=aino, body={}).status_code == 404
    assert not Thanks.objects.exists()


def test_non_member_may_not_thank_on_a_public_action(world, public_square):
    square, on_action, _unplanned = public_square

    response = call(
        "POST",
        f"/communities/{square.slug}/contributions/{on_action.pk}/thanks",
        token=world.token_for(world.outsider),
        body={},
    )

    assert response.status_code == 403
    assert response.json()["code"] == "not_a_member"
    assert not Thanks.objects.exists()


# --- Assessments ---------------------------------------------------------------------------------


@pytest.fixture
def assessing(community, member):
    """An action in the assess stage that Eino took part in."""
    action = ActionFactory(community=community, stage=Stage.ASSESS)
    ActionParticipant.objects.create(action=action, member=member)
    return action


def _assess(action) -> str:
    return f"{BASE}/actions/{action.pk}/assessments"


def test_participant_assesses_an_action_and_may_change_the_answer(eino, member, assessing):
    first = call("POST", _assess(assessing), token=eino, body={"value_in_use": 4, "difference": "Walks again."})
    second = call("POST", _assess(assessing), token=eino, body={"value_in_use": 5, "change_next_time": "Earlier."})

    assert first.status_code == 201
    assert first.json()["value_in_use"] == 4
    assert first.json()["assessor"]["id"] == member.pk
    assert second.status_code == 200
    assessment = Assessment.objects.get()
    assert (assessment.value_in_use, assessment.difference, assessment.change_next_time) == (5, "", "Earlier.")
    assert second.json()["id"] == first.json()["id"] == assessment.pk


def test_the_person_an_action_was_for_assesses_it(aino, steward, community):
    action = ActionFactory(community=community, stage=Stage.ASSESS)
    ActionBeneficiary.objects.create(action=action, member=steward)

    response = call("POST", _assess(action), token=aino, body={"value_in_use": 3})

    assert response.status_code == 201
    assert Assessment.objects.get().assessor == steward


def test_participant_records_the_answer_of_someone_without_an_account(eino, assessing):
    nelli = ActionBeneficiary.objects.create(action=assessing, name="Neighbour Nelli")

    response = call("POST", _assess(assessing), token=eino, body={"value_in_use": 5, "on_behalf_of": nelli.pk})

    assert response.status_code == 201
    assert response.json()["on_behalf_of"] == nelli.pk
    assert Assessment.objects.get().on_behalf_of == nelli


def test_on_behalf_of_a_member_or_another_actions_person_is_404(eino, steward, assessing, community):
    member_served = ActionBeneficiary.objects.create(action=assessing, member=steward)
    elsewhere = ActionBeneficiary.objects.create(action=ActionFactory(community=community), name="Someone")

    for beneficiary in (member_served, elsewhere):
        body = {"value_in_use": 5, "on_behalf_of": beneficiary.pk}
        response = call("POST", _assess(assessing), token=eino, body=body)
        assert response.status_code == 404
    assert not Assessment.objects.exists()


def test_someone_not_taking_part_may_not_assess(aino, assessing):
    response = call("POST", _assess(assessing), token=aino, body={"value_in_use": 2})

    assert response.status_code == 403
    assert response.json()["code"] == "not_taking_part"
    assert not Assessment.objects.exists()


def test_an_action_not_being_assessed_refuses_answers(eino, assessing):
    assessing.stage = Stage.DELIVER
    assessing.save()

    response = call("POST", _assess(assessing), token=eino, body={"value_in_use": 4})

    assert response.status_code == 409
    assert response.json()["code"] == "not_assessing"
    assert not Assessment.objects.exists()


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"value_in_use": 0}, "value_in_use"),
        ({"value_in_use": 6}, "value_in_use"),
        ({"value_in_use": "good"}, "value_in_use"),
        ({}, "value_in_use"),
        ({"value_in_use": 4, "difference": "x" * 2001}, "difference"),
        ({"value_in_use": 4, "score": 4}, "score"),
    ],
)
def test_assessment_refuses_invalid_input(eino, assessing, body, field):
    response = call("POST", _assess(assessing), token=eino, body=body)

    assert response.status_code == 422
    assert field in _fields(response)
    assert not Assessment.objects.exists()


def test_another_communitys_action_cannot_be_assessed_through_this_community(eino, other_community):
    action = ActionFactory(community=other_community, stage=Stage.ASSESS)

    assert call("POST", _assess(action), token=eino, body={"value_in_use": 4}).status_code == 404
    assert not Assessment.objects.exists()
