"""Pages of communities: home, directory, creating and editing, the community, members, history.

One happy and at least one unhappy path each, as a person would see them.
"""

import pytest
from django.urls import reverse
from django.utils.html import escape

from talkoot.communities import services
from talkoot.communities.models import Community, JoinPolicy, Visibility
from talkoot.communities.tests.factories import CommunityFactory
from talkoot.communities.tests.helpers import HTMX, is_member, url
from talkoot.history.models import HistoryEntry, HistoryKind
from talkoot.members.models import Skill
from talkoot.members.tests.factories import MemberFactory

pytestmark = pytest.mark.django_db


# --- Home ------------------------------------------------------------------------------------------


def test_home_welcomes_a_visitor_with_sign_up_log_in_and_directory(client_for, db):
    response = client_for(None).get(reverse("core:home"))
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count("<h1") == 1
    for target in (reverse("members:signup"), reverse("members:login"), url("directory")):
        assert f'href="{target}"' in html


def test_home_shows_a_member_their_communities_and_what_is_new(community, member, steward, client_for):
    services.membership_leave(member=steward, community=community)
    response = client_for(member).get(reverse("core:home"))
    html = response.content.decode()
    assert "Kallio Seniors Together" in html
    assert "Aino Virtanen" in html and "left." in html  # the history entry
    assert "Vuosaari" not in html


def test_home_tells_a_newcomer_how_to_find_a_community(newcomer, client_for):
    response = client_for(newcomer).get(reverse("core:home"))
    assert "You do not belong to a community yet" in response.content.decode()


# --- Directory -------------------------------------------------------------------------------------


def test_directory_lists_public_communities_with_member_counts(open_community, community, member, client_for):
    response = client_for(None).get(url("directory"))
    html = response.content.decode()
    assert "Espoo Coffee Mornings" in html
    assert "1 member" in html
    assert "Kallio Seniors Together" not in html


def test_directory_searches_by_name_and_municipality(open_community, application_community, client_for):
    client = client_for(None)
    by_name = client.get(url("directory"), {"q": "coffee"}).content.decode()
    assert "Espoo Coffee Mornings" in by_name and "Tampere Walking Friends" not in by_name
    by_place = client.get(url("directory"), {"municipality": "tampere"}).content.decode()
    assert "Tampere Walking Friends" in by_place and "Espoo Coffee Mornings" not in by_place
    nothing = client.get(url("directory"), {"q": "zzz"}).content.decode()
    assert "No community matches your search" in nothing


def test_directory_answers_htmx_with_the_results_fragment_only(open_community, client_for):
    response = client_for(None).get(url("directory"), {"q": "Espoo"}, **HTMX)
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html and "<h1" not in html
    assert "Espoo Coffee Mornings" in html
    assert 'hx-swap-oob="innerHTML"' in html and "1 community found" in html
    assert "HX-Request" in response["Vary"]


def test_directory_gives_htmx_history_restore_the_whole_page(open_community, client_for):
    response = client_for(None).get(url("directory"), HTTP_HX_REQUEST="true", HTTP_HX_HISTORY_RESTORE_REQUEST="true")
    assert "<html" in response.content.decode()


def test_directory_survives_bad_input(open_community, client_for):
    client = client_for(None)
    for params in ({"page": "abc"}, {"page": "99999"}, {"q": "x" * 10_000}, {"municipality": "<b>Nowhere</b>"}):
        response = client.get(url("directory"), params)
        assert response.status_code == 200
    assert "&lt;b&gt;Nowhere&lt;/b&gt;" in response.content.decode()


def test_directory_paginates_with_labelled_links(founder, client_for):
    for number in range(25):
        CommunityFactory(name=f"Circle {number:02d}", slug=f"circle-{number}")
    html = client_for(None).get(url("directory"), {"q": "Circle"}).content.decode()
    assert "Circle 19" in html and "Circle 20" not in html
    assert 'aria-label="Next page, page 2"' in html and "?q=Circle&amp;page=2" in html
    page_two = client_for(None).get(url("directory"), {"q": "Circle", "page": 2}).content.decode()
    assert "Circle 20" in page_two


# --- Creating and editing --------------------------------------------------------------------------


def test_create_makes_the_community_and_shows_it(newcomer, client_for):
    response = client_for(newcomer).post(
        url("create"),
        {
            "name": "Töölö Tea Club",
            "description": "Tea\r\nand talk",
            "norms": "",
            "municipality": "Helsinki",
            "visibility": "public",
            "join_policy": "application",
            "application_questions": "Do you like tea?",
        },
        follow=True,
    )
    community = Community.objects.get(slug="toolo-tea-club")
    assert response.redirect_chain[-1][0] == url("detail", community)
    assert is_member(community, newcomer)
    assert "Töölö Tea Club is ready" in response.content.decode()
    assert community.application_questions == ["Do you like tea?"]


def test_create_asks_a_visitor_to_log_in(client_for, db):
    response = client_for(None).get(url("create"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("members:login"))


def test_create_explains_a_ten_thousand_character_name(newcomer, client_for):
    response = client_for(newcomer).post(
        url("create"), {"name": "N" * 10_000, "visibility": "public", "join_policy": "open"}
    )
    assert response.status_code == 200
    assert "at most 120 characters" in response.content.decode()
    assert not Community.objects.exists()


def test_create_explains_six_questions(newcomer, client_for):
    response = client_for(newcomer).post(
        url("create"),
        {
            "name": "Q",
            "visibility": "public",
            "join_policy": "application",
            "application_questions": "a\nb\nc\nd\ne\nf",
        },
    )
    assert response.status_code == 200
    assert "at most 5 questions" in response.content.decode()


def test_markup_in_every_text_field_is_shown_escaped(newcomer, client_for):
    script = "<script>alert('x')</script>"
    client = client_for(newcomer)
    client.post(
        url("create"),
        {
            "name": f"Evil {script}",
            "description": script,
            "norms": script,
            "municipality": script,
            "visibility": "public",
            "join_policy": "application",
            "application_questions": script,
        },
    )
    community = Community.objects.get()
    for page in ("detail", "members", "history", "edit"):
        html = client.get(url(page, community)).content.decode()
        assert "<script>alert" not in html, page
    html = client.get(url("directory")).content.decode()
    assert "<script>alert" not in html and "&lt;script&gt;" in html
    applicant = client_for(MemberFactory())
    html = applicant.get(url("apply", community)).content.decode()
    assert "<script>alert" not in html and "&lt;script&gt;alert" in html
    version = applicant.get(url("apply", community)).context["form"]["questions_version"].initial
    applicant.post(url("apply", community), {"questions_version": version, "answer_0": script})
    html = client.get(url("applications", community)).content.decode()
    assert "<script>alert" not in html
    assert f'<dd class="prose" dir="auto">{escape(script)}</dd>' in html


def test_right_to_left_text_is_kept_and_marked_for_direction(newcomer, client_for):
    client = client_for(newcomer)
    client.post(
        url("create"),
        {"name": "جيران طيبون", "description": "نساعد بعضنا", "visibility": "public", "join_policy": "open"},
    )
    community = Community.objects.get()
    html = client.get(url("detail", community)).content.decode()
    assert '<h1 dir="auto">جيران طيبون</h1>' in html
    assert 'dir="auto">نساعد بعضنا</p>' in html


def test_edit_by_a_member_saves_and_records_rule_changes(open_community, founder, client_for):
    client = client_for(founder)
    form = client.get(url("edit", open_community))
    seen = form.context["form"].initial["seen_updated_at"]
    response = client.post(
        url("edit", open_community),
        {
            "name": "Espoo Coffee Mornings",
            "description": "Now with pulla",
            "norms": "",
            "municipality": "Espoo",
            "visibility": "public",
            "join_policy": "application",
            "application_questions": "What do you bake?",
            "seen_updated_at": seen,
        },
    )
    assert response.status_code == 302
    open_community.refresh_from_db()
    assert open_community.join_policy == JoinPolicy.APPLICATION
    assert HistoryEntry.objects.filter(community=open_community, kind=HistoryKind.RULES_CHANGED).exists()


def test_edit_from_a_stale_form_keeps_the_other_change(open_community, founder, client_for):
    client = client_for(founder)
    seen = client.get(url("edit", open_community)).context["form"].initial["seen_updated_at"]
    data = {"name": "Mine", "visibility": "public", "join_policy": "open", "seen_updated_at": seen}
    Community.objects.filter(pk=open_community.pk).update(name="Theirs", updated_at="2030-01-01T00:00:00Z")
    response = client.post(url("edit", open_community), data)
    assert response.status_code == 200
    assert "Someone else changed this community" in response.content.decode()
    open_community.refresh_from_db()
    assert open_community.name == "Theirs"
    # The form now carries the latest time, so saving again is a deliberate overwrite.
    again = client.post(url("edit", open_community), response.context["form"].data)
    assert again.status_code == 302


def test_edit_is_refused_to_a_signed_in_non_member(open_community, newcomer, client_for):
    assert client_for(newcomer).get(url("edit", open_community)).status_code == 403


# --- Community page and members --------------------------------------------------------------------


def test_detail_shows_a_visitor_the_public_community_and_how_to_take_part(open_community, client_for):
    html = client_for(None).get(url("detail", open_community)).content.decode()
    assert "Espoo Coffee Mornings" in html and "Log in or sign up to take part" in html
    assert url("join", open_community) not in html


def test_detail_shows_members_the_pending_application_count(
    pending_application, application_community, founder, client_for
):
    html = client_for(founder).get(url("detail", application_community)).content.decode()
    assert "1 application waiting for a decision" in html
    assert url("leave", application_community) in html


def test_detail_shows_the_applicant_a_withdraw_button(pending_application, application_community, newcomer, client_for):
    html = client_for(newcomer).get(url("detail", application_community)).content.decode()
    assert url("withdraw", application_community) in html
    assert "application waiting for a decision" not in html  # the count is for members


def test_members_list_shows_names_places_and_skills_but_never_contact_details(open_community, founder, client_for):
    founder.phone = "+358 40 123 4567"
    founder.save()
    founder.skills.add(Skill.objects.get(slug="gardening"), Skill.objects.create(slug="tea", name="Brewing tea"))
    response = client_for(founder).get(url("members", open_community))
    html = response.content.decode()
    assert "Helmi Founder" in html and "Espoo" in html
    assert "Gardening" in html and "Brewing tea" in html
    assert "helmi@example.org" not in html and "123 4567" not in html
    assert '<th scope="col">' in html and '<th scope="row">' in html


def test_members_list_asks_a_visitor_to_log_in(open_community, client_for):
    response = client_for(None).get(url("members", open_community))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("members:login"))


def test_a_missing_community_is_404(newcomer, client_for):
    assert client_for(newcomer).get("/c/nothing-here/").status_code == 404


# --- History ---------------------------------------------------------------------------------------


def test_history_of_a_public_community_is_open_to_everyone(
    pending_application, application_community, founder, client_for
):
    services.application_decide(decider=founder, application=pending_application, accept=True)
    html = client_for(None).get(url("history", application_community)).content.decode()
    assert "Helmi Founder" in html and "accepted the application of" in html and "Saara Nieminen" in html


def test_history_names_a_deleted_account_as_a_former_member(open_community, newcomer, client_for):
    services.membership_join(member=newcomer, community=open_community)
    newcomer.display_name = ""
    newcomer.save()
    html = client_for(None).get(url("history", open_community)).content.decode()
    assert "A former member" in html and "joined." in html


def test_private_history_is_for_members(community, member, steward, client_for):
    services.membership_leave(member=steward, community=community)
    assert "Aino Virtanen" in client_for(member).get(url("history", community)).content.decode()


def test_pages_have_one_heading_and_a_title(open_community, founder, client_for):
    client = client_for(founder)
    for page in ("detail", "members", "history", "applications", "edit", "leave"):
        html = client.get(url(page, open_community)).content.decode()
        assert html.count("<h1") == 1, page
        assert "<title>" in html and "Espoo Coffee Mornings" in html.split("</title>")[0], page


def test_private_directory_entry_does_not_appear_after_visibility_change(open_community, founder, client_for):
    open_community.visibility = Visibility.PRIVATE
    open_community.save()
    assert "Espoo Coffee Mornings" not in client_for(None).get(url("directory")).content.decode()


def test_the_edit_form_leaves_the_rules_to_consent_once_others_are_in(community, member, steward, client_for):
    url = reverse("communities:edit", args=[community.slug])
    html = client_for(member).get(url).content.decode()
    assert "This changes by consent" in html and 'name="join_policy"' in html and "disabled" in html

    form = client_for(member).get(url).context["form"]
    data = {
        **{k: v for k, v in form.initial.items() if v is not None},
        "name": "Kallio Together",
        "join_policy": "open",
    }
    client_for(member).post(url, data)

    community.refresh_from_db()
    assert (community.name, community.join_policy) == ("Kallio Together", "application")
