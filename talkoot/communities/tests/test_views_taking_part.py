"""Taking part: joining, applying, withdrawing, leaving and deciding on applications, through the pages.

One happy and at least one unhappy path each, as a person would see them.
"""

import pytest
from django.urls import reverse

from talkoot.communities.models import Application, ApplicationStatus, Membership
from talkoot.communities.tests.factories import MembershipFactory
from talkoot.communities.tests.helpers import HTMX, is_member, messages_of, url
from talkoot.members.tests.factories import MemberFactory

pytestmark = pytest.mark.django_db


# --- Joining ---------------------------------------------------------------------------------------


def test_join_makes_a_member_and_says_welcome(open_community, newcomer, client_for):
    response = client_for(newcomer).post(url("join", open_community), follow=True)
    assert is_member(open_community, newcomer)
    assert "Welcome! You are now a member of Espoo Coffee Mornings." in response.content.decode()


def test_join_with_htmx_swaps_the_action_area_and_announces_it(open_community, newcomer, client_for):
    response = client_for(newcomer).post(url("join", open_community), **HTMX)
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html
    assert 'id="community-status" hx-swap-oob="innerHTML"' in html and "You are now a member" in html
    assert "2 members" in html and url("leave", open_community) in html
    # htmx outcomes are shown in place, not left over for the next page.
    assert messages_of(response) == []


def test_join_refuses_an_application_community_with_a_message(application_community, newcomer, client_for):
    response = client_for(newcomer).post(url("join", application_community))
    assert response.status_code == 302
    assert not is_member(application_community, newcomer)
    assert messages_of(response) == ["Tampere Walking Friends takes new members by application. Please apply instead."]


def test_join_double_click_gives_a_message_not_an_error(open_community, newcomer, client_for):
    client = client_for(newcomer)
    client.post(url("join", open_community))
    second = client.post(url("join", open_community))
    assert second.status_code == 302
    assert messages_of(second)[-1] == "You are already a member of Espoo Coffee Mornings."
    assert Membership.objects.filter(community=open_community, member=newcomer).count() == 1


def test_join_by_a_visitor_leads_to_log_in_and_back(open_community, client_for):
    response = client_for(None).post(url("join", open_community))
    assert response["Location"] == f"{reverse('members:login')}?next={url('detail', open_community)}"


def test_join_by_a_signed_out_htmx_request_redirects_the_whole_page(open_community, client_for):
    response = client_for(None).post(url("join", open_community), **HTMX)
    assert response.status_code == 200
    assert response["HX-Redirect"].startswith(reverse("members:login"))
    assert response.content == b""


def test_join_is_refused_on_get(open_community, newcomer, client_for):
    assert client_for(newcomer).get(url("join", open_community)).status_code == 405


# --- Applying and withdrawing ----------------------------------------------------------------------


def test_apply_form_asks_the_communitys_own_questions(application_community, newcomer, client_for):
    html = client_for(newcomer).get(url("apply", application_community)).content.decode()
    assert "Why would you like to join?" in html and "Which days suit you?" in html


def test_apply_sends_the_application(application_community, newcomer, client_for):
    client = client_for(newcomer)
    version = client.get(url("apply", application_community)).context["form"]["questions_version"].initial
    response = client.post(
        url("apply", application_community),
        {"questions_version": version, "answer_0": "I love walking", "answer_1": "Mornings"},
    )
    assert response.status_code == 302
    application = Application.objects.get(applicant=newcomer)
    assert application.answers[0] == {"question": "Why would you like to join?", "answer": "I love walking"}


def test_apply_explains_a_missing_answer(application_community, newcomer, client_for):
    client = client_for(newcomer)
    version = client.get(url("apply", application_community)).context["form"]["questions_version"].initial
    response = client.post(url("apply", application_community), {"questions_version": version, "answer_0": "Yes"})
    assert response.status_code == 200
    assert "This field is required" in response.content.decode()
    assert not Application.objects.exists()


def test_apply_explains_questions_that_changed_meanwhile(application_community, newcomer, client_for):
    client = client_for(newcomer)
    version = client.get(url("apply", application_community)).context["form"]["questions_version"].initial
    application_community.application_questions = ["A new question?"]
    application_community.save()
    response = client.post(url("apply", application_community), {"questions_version": version, "answer_0": "Old"})
    assert response.status_code == 200
    assert "The questions changed while you were answering" in response.content.decode()
    assert "A new question?" in response.content.decode()
    assert not Application.objects.exists()


def test_apply_twice_sends_back_with_a_message(pending_application, application_community, newcomer, client_for):
    response = client_for(newcomer).get(url("apply", application_community))
    assert response.status_code == 302
    assert "already applied" in messages_of(response)[0]


def test_apply_to_an_open_community_points_to_join(open_community, newcomer, client_for):
    response = client_for(newcomer).get(url("apply", open_community))
    assert response.status_code == 302
    assert "join it straight away" in messages_of(response)[0]


def test_withdraw_ends_the_application(pending_application, application_community, newcomer, client_for):
    response = client_for(newcomer).post(url("withdraw", application_community))
    assert response.status_code == 302
    pending_application.refresh_from_db()
    assert pending_application.status == ApplicationStatus.WITHDRAWN


def test_withdraw_without_an_application_says_so(application_community, newcomer, client_for):
    response = client_for(newcomer).post(url("withdraw", application_community), **HTMX)
    assert response.status_code == 200
    assert "You have no application waiting for a decision" in response.content.decode()


# --- Leaving ---------------------------------------------------------------------------------------


def test_leave_asks_for_confirmation_then_leaves(open_community, founder, client_for):
    client = client_for(founder)
    confirm = client.get(url("leave", open_community))
    assert confirm.status_code == 200
    assert "Yes, leave the community" in confirm.content.decode()
    assert is_member(open_community, founder)  # a GET changes nothing
    response = client.post(url("leave", open_community))
    assert response.status_code == 302
    assert not is_member(open_community, founder)


def test_leave_by_a_non_member_says_so(open_community, newcomer, client_for):
    response = client_for(newcomer).post(url("leave", open_community))
    assert response.status_code == 302
    assert messages_of(response) == ["You are not a member of Espoo Coffee Mornings."]


def test_leaving_a_private_community_goes_home(community, member, client_for):
    response = client_for(member).post(url("leave", community))
    assert response["Location"] == reverse("core:home")


# --- Applications and decisions --------------------------------------------------------------------


def test_applications_list_shows_answers_to_members(pending_application, application_community, founder, client_for):
    html = client_for(founder).get(url("applications", application_community)).content.decode()
    assert "Saara Nieminen" in html and "I moved here last spring." in html
    assert 'name="decision" value="accept"' in html


def test_applications_list_is_refused_to_non_members(pending_application, application_community, newcomer, client_for):
    assert client_for(newcomer).get(url("applications", application_community)).status_code == 403


def test_decide_accepts_and_admits(pending_application, application_community, founder, newcomer, client_for):
    response = client_for(founder).post(
        url("decide", application_community, application_id=pending_application.pk),
        {"decision": "accept", "message": "Tervetuloa!"},
    )
    assert response.status_code == 302
    assert is_member(application_community, newcomer)
    assert messages_of(response) == ["You accepted Saara Nieminen. Welcome them!"]


def test_decide_from_a_stale_page_names_who_decided(pending_application, application_community, founder, client_for):
    second = MemberFactory(display_name="Toivo Toinen")
    MembershipFactory(community=application_community, member=second)
    decide_url = url("decide", application_community, application_id=pending_application.pk)
    client_for(founder).post(decide_url, {"decision": "accept"})
    response = client_for(second).post(decide_url, {"decision": "decline"})
    assert response.status_code == 302
    assert messages_of(response) == ["This application was already accepted by Helmi Founder."]
    pending_application.refresh_from_db()
    assert pending_application.status == ApplicationStatus.ACCEPTED


def test_decide_without_a_choice_asks_for_one(pending_application, application_community, founder, client_for):
    response = client_for(founder).post(url("decide", application_community, application_id=pending_application.pk))
    assert messages_of(response) == ["Please choose to accept or to decline."]
    pending_application.refresh_from_db()
    assert pending_application.status == ApplicationStatus.PENDING


def test_decide_on_another_communitys_application_is_404(pending_application, open_community, founder, client_for):
    response = client_for(founder).post(
        url("decide", open_community, application_id=pending_application.pk), {"decision": "accept"}
    )
    assert response.status_code == 404
    pending_application.refresh_from_db()
    assert pending_application.status == ApplicationStatus.PENDING


def test_decide_with_a_malformed_or_huge_id_is_404(application_community, founder, client_for):
    client = client_for(founder)
    base = url("applications", application_community)
    assert client.post(f"{base}abc/decide/", {"decision": "accept"}).status_code == 404
    assert client.post(f"{base}{10**30}/decide/", {"decision": "accept"}).status_code == 404


def test_decide_by_a_non_member_is_refused(pending_application, application_community, outsider, client_for):
    response = client_for(outsider).post(
        url("decide", application_community, application_id=pending_application.pk), {"decision": "accept"}
    )
    assert response.status_code == 403
    pending_application.refresh_from_db()
    assert pending_application.status == ApplicationStatus.PENDING
