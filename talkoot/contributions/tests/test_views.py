import re
from datetime import timedelta

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from talkoot.actions.models import ActionVisibility
from talkoot.actions.tests.factories import ActionFactory
from talkoot.communities.models import Visibility
from talkoot.communities.tests.factories import CommunityFactory, MembershipFactory
from talkoot.contributions.models import Category, Contribution, Thanks
from talkoot.contributions.tests.factories import (
    ContributionBeneficiaryFactory,
    ContributionFactory,
    ThanksFactory,
)
from talkoot.history.models import HistoryEntry, HistoryKind
from talkoot.members.tests.factories import MemberFactory

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}
BALANCE_WORDS = ("balance", "debt", "owe", "credit", "saldo", "velka")


def balance_words_in(html: str) -> list[str]:
    """The balance words a person could read on the page.

    Inside <main>, any occurrence, even within a word ("owe" in "owed", "velka" in "velkaa").
    On the whole page as words only: markup such as htmx's `allowEval` setting is nobody's debt.
    """
    main = html[html.index("<main") : html.index("</main>")]
    text = re.sub(r"<[^>]+>", " ", main).casefold()
    page_text = re.sub(r"<[^>]+>", " ", re.sub(r"<head>.*?</head>", " ", html, flags=re.DOTALL)).casefold()
    inside = [word for word in BALANCE_WORDS if word in text]
    as_words = [word for word in BALANCE_WORDS if re.search(rf"\b{word}", page_text)]
    return inside + as_words


def url(name, community, **kwargs):
    return reverse(f"contributions:{name}", kwargs={"slug": community.slug, **kwargs})


def messages_of(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


@pytest.fixture
def visit(community, member, steward):
    """Eino (member) visited Aino (steward) yesterday."""
    contribution = ContributionFactory(
        community=community,
        contributor=member,
        minutes=90,
        category=Category.COMPANY,
        happened_at=timezone.now() - timedelta(days=1),
        note="Coffee and the crossword",
    )
    ContributionBeneficiaryFactory(contribution=contribution, member=steward)
    return contribution


def _record_data(**overrides) -> dict:
    data = {
        "minutes_choice": "90",
        "minutes_other": "",
        "category": "company",
        "happened_on": timezone.localdate().isoformat(),
        "beneficiary_name": "",
        "note": "",
    }
    return {**data, **overrides}


# --- Recording help ------------------------------------------------------------------------------


def test_record_page_explains_the_commons_and_labels_every_field(community, member, client_for):
    response = client_for(member).get(url("record", community))
    html = response.content.decode()
    assert response.status_code == 200
    assert "the help goes to the commons" in html
    for field in ("minutes_choice", "minutes_other", "happened_on", "beneficiary_name", "note"):
        assert f'for="id_{field}"' in html
    assert "<legend>What kind of help?" in html
    assert f'value="{timezone.localdate().isoformat()}"' in html


def test_member_records_help_nobody_planned_for_a_member_and_a_neighbour(community, member, steward, client_for):
    data = _record_data(beneficiaries=[steward.pk], beneficiary_name="Matti next door", note="I visited Aino")
    response = client_for(member).post(url("record", community), data)
    assert response.status_code == 302
    contribution = Contribution.objects.get()
    assert (contribution.contributor, contribution.minutes, contribution.category) == (member, 90, "company")
    assert {str(b) for b in contribution.beneficiaries.all()} == {"Aino Virtanen", "Matti next door"}
    assert "Your help is recorded" in " ".join(messages_of(response))


def test_help_to_nobody_is_a_gift_to_the_commons(community, member, steward, client_for):
    data = _record_data(minutes_choice="other", minutes_other="50", category="organising", note="Drafted the rota")
    client_for(member).post(url("record", community), data)
    contribution = Contribution.objects.get()
    assert (contribution.minutes, contribution.to_the_commons) == (50, True)
    page = client_for(steward).get(reverse("communities:detail", args=[community.slug])).content.decode()
    assert "Recent help and thanks" in page
    assert "To the commons" in page
    assert "50 min" in page


def test_record_refuses_a_day_in_the_future_and_keeps_what_was_typed(community, member, client_for):
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    response = client_for(member).post(url("record", community), _record_data(happened_on=tomorrow, note="Kept"))
    assert response.status_code == 200
    assert "once it has happened" in response.content.decode()
    assert "Kept" in response.content.decode()
    assert not Contribution.objects.exists()


def test_record_asks_for_the_minutes_when_another_length_is_chosen(community, member, client_for):
    response = client_for(member).post(url("record", community), _record_data(minutes_choice="other"))
    assert "Please write how many minutes" in response.content.decode()
    assert not Contribution.objects.exists()


def test_record_refuses_a_member_of_another_community_as_beneficiary(community, member, outsider, client_for):
    response = client_for(member).post(url("record", community), _record_data(beneficiaries=[outsider.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Select a valid choice" in html
    assert "Olli" not in html
    assert not Contribution.objects.exists()


def test_record_attaches_help_to_an_action_the_member_can_read(community, member, steward, client_for):
    action = ActionFactory(community=community)
    response = client_for(member).post(f"{url('record', community)}?action={action.pk}", _record_data())
    assert response.status_code == 302
    assert response["Location"] == reverse("actions:detail", args=[community.slug, action.pk])
    assert Contribution.objects.get().action == action


@pytest.mark.parametrize("action_id", ["foreign", "999999", "abc"])
def test_record_for_another_communitys_action_answers_404(action_id, community, other_community, member, client_for):
    foreign = ActionFactory(community=other_community)
    action = foreign.pk if action_id == "foreign" else action_id
    response = client_for(member).post(f"{url('record', community)}?action={action}", _record_data())
    assert response.status_code == 404
    assert not Contribution.objects.exists()


def test_a_non_member_of_a_public_community_is_told_only_members_record(newcomer, client_for):
    public = CommunityFactory(visibility=Visibility.PUBLIC)
    response = client_for(newcomer).get(url("record", public))
    assert response.status_code == 302
    assert "Only members" in " ".join(messages_of(response))


# --- Editing and withdrawing ---------------------------------------------------------------------


def test_contributor_edits_within_seven_days_and_history_keeps_it(community, member, visit, client_for):
    client = client_for(member)
    form = client.get(url("edit", community, contribution_id=visit.pk)).content.decode()
    assert 'value="90" selected' in form
    data = {"minutes_choice": "other", "minutes_other": "100", "category": "care", "note": "Longer than I thought"}
    response = client.post(url("edit", community, contribution_id=visit.pk), data)
    assert response.status_code == 302
    visit.refresh_from_db()
    assert (visit.minutes, visit.category, visit.note) == (100, "care", "Longer than I thought")
    assert HistoryEntry.objects.filter(kind=HistoryKind.CONTRIBUTION_EDITED).exists()


def test_edit_after_seven_days_is_refused_with_a_message(community, member, visit, client_for):
    Contribution.objects.filter(pk=visit.pk).update(created_at=timezone.now() - timedelta(days=8))
    client = client_for(member)
    response = client.get(url("edit", community, contribution_id=visit.pk))
    assert response.status_code == 302
    assert "7 days" in " ".join(messages_of(response))
    data = {"minutes_choice": "15", "category": "care", "note": ""}
    response = client.post(url("edit", community, contribution_id=visit.pk), data)
    assert "7 days" in " ".join(messages_of(response))
    visit.refresh_from_db()
    assert visit.minutes == 90


def test_only_the_contributor_may_edit(community, steward, visit, client_for):
    response = client_for(steward).get(url("edit", community, contribution_id=visit.pk))
    assert response.status_code == 302
    assert "Only the person who gave the help" in " ".join(messages_of(response))


def test_contributor_withdraws_after_confirming(community, member, steward, visit, client_for):
    client = client_for(member)
    confirm = client.get(url("withdraw", community, contribution_id=visit.pk))
    assert "Yes, withdraw it" in confirm.content.decode()
    response = client.post(url("withdraw", community, contribution_id=visit.pk))
    assert response.status_code == 302
    visit.refresh_from_db()
    assert visit.withdrawn_at is not None
    assert HistoryEntry.objects.filter(kind=HistoryKind.CONTRIBUTION_WITHDRAWN).exists()
    page = client_for(steward).get(reverse("communities:detail", args=[community.slug])).content.decode()
    assert "Coffee and the crossword" not in page
    again = client.post(url("withdraw", community, contribution_id=visit.pk))
    assert "was withdrawn" in " ".join(messages_of(again))


def test_the_contributor_sees_change_links_and_others_do_not(community, member, steward, visit, client_for):
    detail = reverse("communities:detail", args=[community.slug])
    edit = url("edit", community, contribution_id=visit.pk)
    assert edit in client_for(member).get(detail).content.decode()
    assert edit not in client_for(steward).get(detail).content.decode()


# --- Thanks --------------------------------------------------------------------------------------


def test_member_thanks_without_javascript_and_comes_back(community, steward, visit, client_for):
    story = url("story", community, member_id=visit.contributor_id)
    response = client_for(steward).post(
        url("thanks", community, contribution_id=visit.pk), {"message": "Lovely", "next": story}
    )
    assert response.status_code == 302
    assert response["Location"] == story
    assert Thanks.objects.get().message == "Lovely"


def test_thanks_never_redirects_off_the_site(community, steward, visit, client_for):
    response = client_for(steward).post(
        url("thanks", community, contribution_id=visit.pk), {"next": "https://evil.example/"}
    )
    assert response["Location"] == reverse("communities:detail", args=[community.slug])


def test_thanks_with_htmx_returns_the_contribution_saying_you_thanked(community, steward, visit, client_for):
    client = client_for(steward)
    page = client.get(reverse("communities:detail", args=[community.slug])).content.decode()
    assert "Thank <bdi>Eino Laine</bdi>" in page
    response = client.post(url("thanks", community, contribution_id=visit.pk), {"message": "Kiitos"}, **HTMX)
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith(f'<article id="contribution-{visit.pk}"')
    assert "You thanked <bdi>Eino Laine</bdi>" in html
    assert "Thanked once" in html
    assert "Kiitos" in html
    assert "<html" not in html


def test_thanking_twice_gets_a_message(community, steward, visit, client_for):
    client = client_for(steward)
    client.post(url("thanks", community, contribution_id=visit.pk))
    response = client.post(url("thanks", community, contribution_id=visit.pk))
    assert "already thanked" in " ".join(messages_of(response))
    assert Thanks.objects.count() == 1
    htmx = client.post(url("thanks", community, contribution_id=visit.pk), **HTMX)
    assert "already thanked" in htmx.content.decode()


def test_thanking_yourself_gets_a_message(community, member, visit, client_for):
    response = client_for(member).post(url("thanks", community, contribution_id=visit.pk))
    assert "cannot thank yourself" in " ".join(messages_of(response))
    assert not Thanks.objects.exists()


def test_too_long_a_thanks_message_is_explained(community, steward, visit, client_for):
    response = client_for(steward).post(url("thanks", community, contribution_id=visit.pk), {"message": "x" * 281})
    assert "at most 280 characters" in " ".join(messages_of(response))
    assert not Thanks.objects.exists()


# --- Another community's ids, outsiders and visitors ---------------------------------------------


@pytest.mark.parametrize(
    ("name", "method"), [("edit", "get"), ("withdraw", "get"), ("withdraw", "post"), ("thanks", "post")]
)
def test_another_communitys_contribution_answers_404(name, method, community, other_community, member, client_for):
    foreign = ContributionFactory(community=other_community)
    MembershipFactory(community=other_community, member=foreign.contributor)
    response = getattr(client_for(member), method)(url(name, community, contribution_id=foreign.pk))
    assert response.status_code == 404
    assert foreign.note.encode() not in response.content
    foreign.refresh_from_db()
    assert foreign.withdrawn_at is None
    assert not Thanks.objects.exists()


def test_someone_elses_withdrawn_contribution_answers_404(community, steward, visit, client_for):
    Contribution.objects.filter(pk=visit.pk).update(withdrawn_at=timezone.now())
    response = client_for(steward).post(url("thanks", community, contribution_id=visit.pk))
    assert response.status_code == 404


def _routes(scene):
    contribution = {"contribution_id": scene["visit"].pk}
    return [
        ("record", {}, "get"),
        ("record", {}, "post"),
        ("edit", contribution, "get"),
        ("edit", contribution, "post"),
        ("withdraw", contribution, "get"),
        ("withdraw", contribution, "post"),
        ("thanks", contribution, "post"),
        ("story", {"member_id": scene["member"].pk}, "get"),
    ]


@pytest.mark.parametrize("persona_name", ["outsider", "anonymous"])
def test_private_community_answers_404_from_outside_on_every_ledger_page(
    persona_name, request, community, member, visit, client_for
):
    client = client_for(request.getfixturevalue(persona_name))
    for name, kwargs, method in _routes({"visit": visit, "member": member}):
        response = getattr(client, method)(url(name, community, **kwargs))
        assert response.status_code == 404, (name, method)
        assert b"Kallio Seniors Together" not in response.content
    visit.refresh_from_db()
    assert visit.withdrawn_at is None
    assert not Thanks.objects.exists()


def test_visitors_of_a_public_community_are_asked_to_log_in(client_for):
    public = CommunityFactory(visibility=Visibility.PUBLIC)
    person = MemberFactory()
    MembershipFactory(community=public, member=person)
    for target in (url("story", public, member_id=person.pk), url("record", public)):
        response = client_for(None).get(target)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("members:login"))


# --- A member's story ----------------------------------------------------------------------------


def test_story_tells_what_was_given_received_and_thanked_without_any_balance(
    community, member, steward, visit, client_for
):
    lunch = ContributionFactory(community=community, contributor=steward, category=Category.MEALS, minutes=45)
    ContributionBeneficiaryFactory(contribution=lunch, member=member)
    ThanksFactory(contribution=visit, member=steward, message="Thank you dear")
    ThanksFactory(contribution=lunch, member=member, message="Delicious soup")

    response = client_for(steward).get(url("story", community, member_id=member.pk))
    html = response.content.decode()
    assert response.status_code == 200
    assert "What <bdi>Eino Laine</bdi> gave" in html
    assert "<bdi>Eino Laine</bdi> has helped once." in html
    assert "Company, once" in html
    assert "1 h 30 min" in html
    assert "Help <bdi>Eino Laine</bdi> received" in html
    assert "45 min" in html
    assert "Thank you dear" in html
    assert "Delicious soup" in html
    assert "<bdi>Aino Virtanen</bdi>, for help with company" in html
    assert balance_words_in(html) == []


def test_own_story_offers_to_record_help(community, member, client_for):
    html = client_for(member).get(url("story", community, member_id=member.pk)).content.decode()
    assert url("record", community) in html
    assert balance_words_in(html) == []


def test_story_of_someone_who_never_was_a_member_answers_404(community, member, outsider, client_for):
    response = client_for(member).get(url("story", community, member_id=outsider.pk))
    assert response.status_code == 404
    assert b"Olli" not in response.content


def test_story_in_a_public_community_shows_non_members_only_public_action_help(client_for):
    public = CommunityFactory(visibility=Visibility.PUBLIC)
    helper, passer_by = MemberFactory(), MemberFactory()
    MembershipFactory(community=public, member=helper)
    ContributionFactory(community=public, contributor=helper, note="Private note about Aino")
    ContributionFactory(
        community=public,
        contributor=helper,
        action=ActionFactory(community=public, visibility=ActionVisibility.PUBLIC),
        category=Category.GARDEN,
    )
    html = client_for(passer_by).get(url("story", public, member_id=helper.pk)).content.decode()
    assert "Garden, once" in html
    assert "Private note about Aino" not in html


def test_community_page_shows_recent_help_to_members_only(client_for):
    public = CommunityFactory(visibility=Visibility.PUBLIC)
    helper, passer_by = MemberFactory(), MemberFactory()
    MembershipFactory(community=public, member=helper)
    ContributionFactory(community=public, contributor=helper)
    detail = reverse("communities:detail", args=[public.slug])
    assert "Recent help and thanks" in client_for(helper).get(detail).content.decode()
    assert "Recent help and thanks" not in client_for(passer_by).get(detail).content.decode()
    assert "Recent help and thanks" not in client_for(None).get(detail).content.decode()


# --- Queries -------------------------------------------------------------------------------------


def _queries(client, target) -> int:
    assert connection.features.supports_json_field  # asked once per connection: not the page's query
    with CaptureQueriesContext(connection) as captured:
        response = client.get(target)
    assert response.status_code == 200
    return len(captured.captured_queries)


def _help_each_other(community, member, others, rounds: int) -> None:
    for _ in range(rounds):
        for other in others:
            given = ContributionFactory(community=community, contributor=member, category=Category.CARE)
            ContributionBeneficiaryFactory(contribution=given, member=other)
            ContributionBeneficiaryFactory(contribution=given, member=None, name="Matti")
            ThanksFactory(contribution=given, member=other, message="Kiitos")
            received = ContributionFactory(community=community, contributor=other, category=Category.MEALS)
            ContributionBeneficiaryFactory(contribution=received, member=member)
            ThanksFactory(contribution=received, member=member)


def test_story_page_runs_the_same_few_queries_for_a_short_and_a_long_story(community, member, steward, client_for):
    others = [steward]
    for _ in range(3):
        person = MemberFactory()
        MembershipFactory(community=community, member=person)
        others.append(person)
    client = client_for(steward)
    target = url("story", community, member_id=member.pk)
    _help_each_other(community, member, others[:1], 1)
    short = _queries(client, target)
    _help_each_other(community, member, others, 8)
    long = _queries(client, target)
    assert short == long
    assert long <= 13  # with trust and the companion links between the two


def test_community_page_runs_the_same_queries_for_little_and_much_help(community, member, steward, client_for):
    client = client_for(steward)
    target = reverse("communities:detail", args=[community.slug])
    _help_each_other(community, member, [steward], 1)
    client.get(target)  # the community's open work is read once, then counted apart (actions tests)
    little = _queries(client, target)
    _help_each_other(community, member, [steward], 10)
    much = _queries(client, target)
    assert little == much
