"""The communities router of the JSON API, by persona: finding communities, joining, applying,
leaving, the members, and trust (talkoot/communities/api.py)."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from talkoot.api.models import Scope
from talkoot.api.services import access_token_create
from talkoot.api.tests.harness import call
from talkoot.communities.models import Application, ApplicationStatus, Community, Membership, Trust, Visibility
from talkoot.communities.tests.factories import CommunityFactory, MembershipFactory
from talkoot.members.models import Skill
from talkoot.members.tests.factories import MemberFactory

pytestmark = pytest.mark.django_db

PRIVATE = "/communities/kallio-seniors"
PRIVATE_FIELDS = {"email", "phone", "postal_code", "latitude", "longitude"}


def token(person) -> str:
    return access_token_create(member=person, name="tests", scope=Scope.READ_WRITE)[1]


def settle(person, community) -> None:
    """Make `person` a member of `community` for long enough to give trust."""
    Membership.objects.filter(community=community, member=person).update(joined_at=timezone.now() - timedelta(days=60))


def slugs(response) -> list[str]:
    return [item["slug"] for item in response.json()["items"]]


def queries_for(path: str, secret: str | None) -> int:
    assert connection.features.supports_json_field  # asked once per connection: not the endpoint's
    with CaptureQueriesContext(connection) as captured:
        response = call("GET", path, token=secret)
    assert response.status_code == 200, response.content
    return len(captured.captured_queries)


# --- GET /communities ----------------------------------------------------------------------------


def test_visitor_finds_public_communities_only(community, other_community, open_community, application_community):
    response = call("GET", "/communities")
    assert response.status_code == 200
    assert slugs(response) == ["espoo-coffee", "tampere-walking"]  # by name
    first = response.json()["items"][0]
    assert first["is_member"] is False
    assert first["member_count"] == 1
    assert first["visibility"] == "public"
    assert first["join_policy"] == "open"
    assert first["municipality"] == "Espoo"


def test_member_finds_their_private_community_and_public_ones_but_no_other_private(
    member, community, other_community, open_community
):
    response = call("GET", "/communities", token=token(member))
    items = {item["slug"]: item for item in response.json()["items"]}
    assert set(items) == {"kallio-seniors", "espoo-coffee"}
    assert items["kallio-seniors"]["is_member"] is True
    assert items["espoo-coffee"]["is_member"] is False


def test_communities_list_searches_by_name_and_municipality(newcomer, open_community, application_community):
    secret = token(newcomer)
    assert slugs(call("GET", "/communities?q=coffee", token=secret)) == ["espoo-coffee"]
    assert slugs(call("GET", "/communities?municipality=tampere", token=secret)) == ["tampere-walking"]
    assert slugs(call("GET", "/communities?q=coffee&municipality=Tampere", token=secret)) == []


def test_communities_list_mine_gives_only_the_callers_communities(member, community, open_community):
    assert slugs(call("GET", "/communities?mine=true", token=token(member))) == ["kallio-seniors"]
    assert slugs(call("GET", "/communities?mine=true")) == []  # a visitor belongs nowhere


def test_communities_list_gives_the_start_of_a_long_description(db):
    CommunityFactory(slug="long", description="word " * 200)
    summary = call("GET", "/communities").json()["items"][0]["summary"]
    assert len(summary) <= 240
    assert summary.endswith("…")


def test_communities_list_pages_by_cursor(db):
    for number in range(5):
        CommunityFactory(name=f"Circle {number}", slug=f"circle-{number}")
    seen: list[str] = []
    path = "/communities?limit=2"
    while True:
        page = call("GET", path).json()
        seen += [item["slug"] for item in page["items"]]
        if not page["next_cursor"]:
            break
        path = f"/communities?limit=2&cursor={page['next_cursor']}"
    assert seen == [f"circle-{number}" for number in range(5)]


def test_communities_list_refuses_a_search_too_long_and_a_forged_cursor(db):
    response = call("GET", "/communities?q=" + "x" * 121)
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "q"
    assert call("GET", "/communities?cursor=forged").status_code == 422


def test_communities_list_runs_the_same_queries_for_2_and_for_10_communities(member, community):
    secret = token(member)
    call("GET", "/communities", token=secret)  # the token's first use is written down once

    def add(count: int, start: int) -> None:
        for number in range(start, start + count):
            circle = CommunityFactory(name=f"Circle {number:02d}", slug=f"circle-{number}")
            MembershipFactory.create_batch(2, community=circle)
        MembershipFactory(community=CommunityFactory(visibility=Visibility.PRIVATE), member=member)

    add(2, 0)
    with_2 = queries_for("/communities?limit=50", secret)
    add(8, 2)
    with_10 = queries_for("/communities?limit=50", secret)
    assert with_2 == with_10


# --- GET /communities/{slug} ---------------------------------------------------------------------


def test_member_sees_the_private_community_and_its_waiting_applications(member, steward, private_application):
    response = call("GET", PRIVATE, token=token(member))
    assert response.status_code == 200
    body = response.json()
    assert body["name"] == "Kallio Seniors Together"
    assert body["member_count"] == 2
    assert body["application_questions"] == ["Why would you like to join?"]
    assert body["viewer"] == {
        "is_member": True,
        "applied_at": None,
        "may_join": False,
        "may_apply": False,
        "pending_applications": 1,
    }


def test_private_community_is_not_found_by_an_outsider_or_a_visitor(community, outsider):
    assert call("GET", PRIVATE, token=token(outsider)).status_code == 404
    assert call("GET", PRIVATE).status_code == 404


def test_newcomer_may_join_an_open_community(newcomer, open_community):
    viewer = call("GET", "/communities/espoo-coffee", token=token(newcomer)).json()["viewer"]
    assert viewer["may_join"] is True
    assert viewer["may_apply"] is False
    assert viewer["pending_applications"] == 0


def test_newcomer_who_applied_sees_when_and_may_not_apply_again(newcomer, pending_application):
    viewer = call("GET", "/communities/tampere-walking", token=token(newcomer)).json()["viewer"]
    assert viewer["applied_at"] is not None
    assert viewer["may_apply"] is False


def test_visitor_sees_a_public_community_and_may_do_nothing_yet(open_community):
    body = call("GET", "/communities/espoo-coffee").json()
    assert body["member_count"] == 1
    assert body["application_questions"] == []
    assert body["viewer"]["may_join"] is False


# --- POST /communities/{slug}/join ---------------------------------------------------------------


def test_newcomer_joins_an_open_community(newcomer, open_community):
    response = call("POST", "/communities/espoo-coffee/join", token=token(newcomer))
    assert response.status_code == 200
    assert response.json()["is_member"] is True
    assert response.json()["may_join"] is False
    assert Membership.objects.active().filter(community=open_community, member=newcomer).exists()


def test_joining_twice_is_refused_and_leaves_one_membership(newcomer, open_community):
    secret = token(newcomer)
    call("POST", "/communities/espoo-coffee/join", token=secret)
    response = call("POST", "/communities/espoo-coffee/join", token=secret)
    assert response.status_code == 409
    assert "already a member" in response.json()["detail"]
    assert Membership.objects.filter(community=open_community, member=newcomer).count() == 1


def test_joining_a_community_that_asks_for_applications_is_refused(newcomer, application_community):
    response = call("POST", "/communities/tampere-walking/join", token=token(newcomer))
    assert response.status_code == 409
    assert not Membership.objects.filter(community=application_community, member=newcomer).exists()


# --- POST /communities/{slug}/apply --------------------------------------------------------------


def test_newcomer_applies_with_answers_to_the_questions(newcomer, application_community):
    body = {"answers": ["I moved here last spring.", "Tuesdays"]}
    response = call("POST", "/communities/tampere-walking/apply", token=token(newcomer), body=body)
    assert response.status_code == 201
    assert response.json()["status"] == "pending"
    assert response.json()["answers"] == [
        {"question": "Why would you like to join?", "answer": "I moved here last spring."},
        {"question": "Which days suit you?", "answer": "Tuesdays"},
    ]
    application = Application.objects.get(community=application_community, applicant=newcomer)
    assert application.status == ApplicationStatus.PENDING
    assert application.pk == response.json()["id"]


def test_applying_twice_is_refused(newcomer, pending_application):
    body = {"answers": ["Again.", "Mondays"]}
    response = call("POST", "/communities/tampere-walking/apply", token=token(newcomer), body=body)
    assert response.status_code == 409
    assert Application.objects.filter(applicant=newcomer).count() == 1


def test_an_empty_answer_is_refused_at_its_place_in_the_list(newcomer, application_community):
    body = {"answers": ["I moved here.", "   "]}
    response = call("POST", "/communities/tampere-walking/apply", token=token(newcomer), body=body)
    assert response.status_code == 422
    error = {"in": "body", "field": "answers.1", "message": "Please answer this question."}
    assert response.json()["errors"] == [error]
    assert not Application.objects.exists()


def test_answers_to_changed_questions_are_refused(newcomer, application_community):
    body = {"answers": ["I moved here.", "Tuesdays"], "questions": ["Why?", "Which days suit you?"]}
    response = call("POST", "/communities/tampere-walking/apply", token=token(newcomer), body=body)
    assert response.status_code == 409
    assert "changed" in response.json()["detail"]
    assert not Application.objects.exists()


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"answers": "I moved here."},
        {"answers": [1, 2]},
        {"answers": ["x" * 2001, "Tuesdays"]},
        {"answers": ["a"] * 6},
        {"answers": ["I moved here.", "Tuesdays"], "motivation": "hi"},
    ],
    ids=["missing", "not a list", "not text", "too long", "too many", "unknown field"],
)
def test_applying_refuses_invalid_bodies(newcomer, application_community, body):
    response = call("POST", "/communities/tampere-walking/apply", token=token(newcomer), body=body)
    assert response.status_code == 422
    assert response.json()["errors"]
    assert not Application.objects.exists()


def test_too_few_answers_are_refused(newcomer, application_community):
    response = call("POST", "/communities/tampere-walking/apply", token=token(newcomer), body={"answers": ["Only one"]})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "answers"
    assert not Application.objects.exists()


def test_applying_to_an_open_community_is_refused(newcomer, open_community):
    response = call("POST", "/communities/espoo-coffee/apply", token=token(newcomer), body={"answers": []})
    assert response.status_code == 409
    assert not Application.objects.exists()


def test_outsider_cannot_apply_to_a_private_community(outsider, community):
    body = {"answers": ["My neighbour told me."]}
    assert call("POST", f"{PRIVATE}/apply", token=token(outsider), body=body).status_code == 404
    assert not Application.objects.exists()


# --- POST /communities/{slug}/leave --------------------------------------------------------------


def test_member_leaves_a_private_community_and_then_cannot_see_it(member, steward, community):
    secret = token(member)
    response = call("POST", f"{PRIVATE}/leave", token=secret)
    assert response.status_code == 200
    assert response.json()["is_member"] is False
    assert response.json()["may_join"] is False  # private: by invitation only
    assert Membership.objects.get(community=community, member=member).left_at is not None
    assert call("GET", PRIVATE, token=secret).status_code == 404
    assert call("POST", f"{PRIVATE}/leave", token=secret).status_code == 404


def test_leaving_a_community_one_is_not_in_is_refused(newcomer, open_community):
    response = call("POST", "/communities/espoo-coffee/leave", token=token(newcomer))
    assert response.status_code == 409
    assert "not a member" in response.json()["detail"]


def test_member_who_left_an_open_community_may_join_again(founder, open_community):
    response = call("POST", "/communities/espoo-coffee/leave", token=token(founder))
    assert response.json() == {
        "is_member": False,
        "applied_at": None,
        "may_join": True,
        "may_apply": False,
        "pending_applications": 0,
    }


# --- GET /communities/{slug}/members -------------------------------------------------------------


def test_member_sees_fellow_members_without_private_fields(member, steward, community):
    steward.municipality = "Helsinki"
    steward.phone = "+358 40 123 4567"
    steward.postal_code = "00530"
    steward.save()
    steward.skills.add(Skill.objects.get(slug="cooking"))
    Membership.objects.filter(member=steward).update(is_steward=True, joined_at=timezone.now() - timedelta(days=9))
    response = call("GET", f"{PRIVATE}/members", token=token(member))
    assert response.status_code == 200
    items = response.json()["items"]
    assert [item["display_name"] for item in items] == ["Aino Virtanen", "Eino Laine"]  # who joined first
    aino = items[0]
    assert set(aino) == {"id", "display_name", "municipality", "skills", "joined_at", "is_steward"}
    assert aino["id"] == steward.pk
    assert aino["municipality"] == "Helsinki"
    assert aino["skills"] == ["Cooking"]
    assert aino["is_steward"] is True
    content = response.content.decode()
    assert "aino@example.org" not in content
    assert "00530" not in content
    assert "123 4567" not in content


def test_former_members_are_not_listed(member, steward, community):
    Membership.objects.filter(member=steward).update(left_at=timezone.now())
    items = call("GET", f"{PRIVATE}/members", token=token(member)).json()["items"]
    assert [item["id"] for item in items] == [member.pk]


def test_anyone_signed_in_sees_the_members_of_a_public_community(outsider, open_community, founder):
    response = call("GET", "/communities/espoo-coffee/members", token=token(outsider))
    assert response.status_code == 200
    assert [item["id"] for item in response.json()["items"]] == [founder.pk]
    assert call("GET", "/communities/espoo-coffee/members").status_code == 401


def test_members_list_runs_the_same_queries_for_2_and_for_10_members(open_community, founder):
    secret = token(founder)
    call("GET", "/communities/espoo-coffee/members", token=secret)
    skills = [Skill.objects.get(slug="cooking"), Skill.objects.create(slug="chess", name="Chess")]

    def add(count: int) -> None:
        for _ in range(count):
            person = MemberFactory()
            person.skills.add(*skills)
            MembershipFactory(community=open_community, member=person)

    add(1)  # 2 with the founder
    with_2 = queries_for("/communities/espoo-coffee/members", secret)
    add(8)
    with_10 = queries_for("/communities/espoo-coffee/members", secret)
    assert with_2 == with_10


def test_members_list_pages_by_cursor(open_community, founder):
    for _ in range(4):
        MembershipFactory(community=open_community)
    secret = token(founder)
    first = call("GET", "/communities/espoo-coffee/members?limit=3", token=secret).json()
    rest = call("GET", f"/communities/espoo-coffee/members?limit=3&cursor={first['next_cursor']}", token=secret).json()
    ids = [item["id"] for item in first["items"] + rest["items"]]
    assert len(ids) == len(set(ids)) == 5
    assert ids[0] == founder.pk
    assert rest["next_cursor"] is None


# --- Trust ---------------------------------------------------------------------------------------


def test_settled_member_trusts_a_fellow_member_who_becomes_a_steward(member, steward, community):
    settle(member, community)
    body = {"member_id": steward.pk, "note": "Always there on Tuesdays."}
    response = call("POST", f"{PRIVATE}/trust", token=token(member), body=body)
    assert response.status_code == 201
    assert response.json()["member"] == {"id": steward.pk, "display_name": "Aino Virtanen"}
    assert response.json()["note"] == "Always there on Tuesdays."
    assert response.json()["withdrawn_at"] is None
    trust = Trust.objects.standing().get(community=community, truster=member)
    assert trust.trusted == steward
    # With two members who joined just now, one fellow member's trust is enough.
    assert Membership.objects.get(community=community, member=steward).is_steward


def test_trusting_twice_is_refused(member, steward, community):
    settle(member, community)
    secret = token(member)
    call("POST", f"{PRIVATE}/trust", token=secret, body={"member_id": steward.pk})
    response = call("POST", f"{PRIVATE}/trust", token=secret, body={"member_id": steward.pk})
    assert response.status_code == 409
    assert Trust.objects.count() == 1


def test_newcomer_may_not_give_trust_yet(member, steward, community):
    response = call("POST", f"{PRIVATE}/trust", token=token(member), body={"member_id": steward.pk})
    assert response.status_code == 403
    assert response.json()["code"] == "newcomer"
    assert not Trust.objects.exists()


def test_nobody_may_trust_themselves(member, community):
    settle(member, community)
    response = call("POST", f"{PRIVATE}/trust", token=token(member), body={"member_id": member.pk})
    assert response.status_code == 403
    assert response.json()["code"] == "trust_oneself"


def test_trust_to_someone_outside_the_community_is_not_found(member, steward, outsider, community):
    settle(member, community)
    secret = token(member)
    for member_id in (outsider.pk, 999_999):
        assert call("POST", f"{PRIVATE}/trust", token=secret, body={"member_id": member_id}).status_code == 404
    assert not Trust.objects.exists()


def test_outsider_cannot_trust_in_a_public_community_they_are_not_in(outsider, open_community, founder):
    response = call("POST", "/communities/espoo-coffee/trust", token=token(outsider), body={"member_id": founder.pk})
    assert response.status_code == 404
    assert not Trust.objects.exists()


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"member_id": "Aino"},
        {"member_id": 2**64},
        {"member_id": 0},
        {"member_id": 1, "note": "x" * 281},
        {"member_id": 1, "stars": 5},
    ],
    ids=["missing", "not a number", "too big", "zero", "note too long", "unknown field"],
)
def test_giving_trust_refuses_invalid_bodies(member, steward, community, body):
    settle(member, community)
    response = call("POST", f"{PRIVATE}/trust", token=token(member), body=body)
    assert response.status_code == 422
    assert response.json()["errors"]
    assert not Trust.objects.exists()


def test_member_lists_the_trust_they_give_there_only(member, steward, community, open_community):
    third = MemberFactory(display_name="Kalle Kolmas")
    MembershipFactory(community=community, member=third)
    Trust.objects.create(community=community, truster=member, trusted=steward, note="Kind")
    Trust.objects.create(community=community, truster=member, trusted=third, withdrawn_at=timezone.now())
    Trust.objects.create(community=community, truster=steward, trusted=member)  # given to me, not by me
    response = call("GET", f"{PRIVATE}/trust", token=token(member))
    assert response.status_code == 200
    items = response.json()["items"]
    assert [(item["member"]["id"], item["note"]) for item in items] == [(steward.pk, "Kind")]


def test_trust_in_someone_who_left_is_not_listed(member, steward, community):
    Trust.objects.create(community=community, truster=member, trusted=steward)
    Membership.objects.filter(member=steward).update(left_at=timezone.now())
    assert call("GET", f"{PRIVATE}/trust", token=token(member)).json()["items"] == []


def test_trust_list_is_for_members_only(outsider, open_community):
    assert call("GET", "/communities/espoo-coffee/trust", token=token(outsider)).status_code == 404


def test_trust_list_runs_the_same_queries_for_2_and_for_10_trusted(member, community):
    secret = token(member)
    call("GET", f"{PRIVATE}/trust", token=secret)

    def add(count: int) -> None:
        for _ in range(count):
            person = MemberFactory()
            MembershipFactory(community=community, member=person)
            Trust.objects.create(community=community, truster=member, trusted=person)

    add(2)
    with_2 = queries_for(f"{PRIVATE}/trust", secret)
    add(8)
    with_10 = queries_for(f"{PRIVATE}/trust", secret)
    assert with_2 == with_10


def test_member_takes_back_their_trust(member, steward, community):
    settle(member, community)
    secret = token(member)
    call("POST", f"{PRIVATE}/trust", token=secret, body={"member_id": steward.pk})
    response = call("DELETE", f"{PRIVATE}/trust/{steward.pk}", token=secret)
    assert response.status_code == 200
    assert response.json()["withdrawn_at"] is not None
    assert not Trust.objects.standing().exists()
    assert not Membership.objects.get(community=community, member=steward).is_steward
    again = call("DELETE", f"{PRIVATE}/trust/{steward.pk}", token=secret)
    assert again.status_code == 409


@pytest.mark.parametrize("member_id", ["aino", "0", str(2**64)])
def test_taking_back_trust_refuses_an_id_that_is_no_id(member, community, member_id):
    assert call("DELETE", f"{PRIVATE}/trust/{member_id}", token=token(member)).status_code == 422


def test_taking_back_trust_in_another_communitys_member_is_not_found(member, outsider, community):
    assert call("DELETE", f"{PRIVATE}/trust/{outsider.pk}", token=token(member)).status_code == 404


def test_read_only_token_changes_nothing(member, steward, community):
    settle(member, community)
    secret = access_token_create(member=member, name="reader", scope=Scope.READ)[1]
    assert call("POST", f"{PRIVATE}/trust", token=secret, body={"member_id": steward.pk}).status_code == 403
    assert call("POST", f"{PRIVATE}/leave", token=secret).status_code == 403
    assert call("GET", f"{PRIVATE}/members", token=secret).status_code == 200
    assert not Trust.objects.exists()
    assert Community.objects.of_member(member).exists()
