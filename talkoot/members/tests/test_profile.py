"""My profile, my settings and leaving, as a member uses them; and what other members see."""

import re

import pytest
from django.contrib.auth import SESSION_KEY
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from talkoot.members.availability import SLOTS, mask_from_slots
from talkoot.members.models import Member, Skill
from talkoot.members.tests.factories import PASSWORD
from talkoot.members.tests.helpers import error_summary

pytestmark = pytest.mark.django_db


def profile_data(member, **overrides):
    data = {"display_name": member.display_name, "municipality": "", "postal_code": "", "other_skills": ""}
    return {**data, **overrides}


# --- Profile ------------------------------------------------------------------------------------


def test_my_profile_shows_me_everything_i_told(client_for, member):
    Member.objects.filter(pk=member.pk).update(
        phone="040 765 4321",
        postal_code="00530",
        bio="I like walks.",
        availability=mask_from_slots(["tue-morning", "tue-evening"]),
    )
    member.skills.add(Skill.objects.get(slug="walking"))
    page = client_for(member).get("/me/").content.decode()
    for expected in ("Eino Laine", "eino@example.org", "040 765 4321", "00530", "I like walks.", "Walking together"):
        assert expected in page
    assert "<strong>Tuesday</strong>: morning, evening" in page


def test_profile_edit_form_is_filled_in_with_what_is_saved(client_for, member):
    member.skills.add(Skill.objects.get(slug="music"), Skill.objects.create(slug="chess", name="Chess"))
    Member.objects.filter(pk=member.pk).update(availability=mask_from_slots(["wed-afternoon"]))
    page = client_for(member).get("/me/edit/").content.decode()
    assert re.search(r'value="music"[^>]*checked', page)
    assert 'value="Chess"' in page
    assert re.search(r'value="wed-afternoon" id="[^"]+" checked', page)
    assert 'autocomplete="postal-code"' in page
    assert 'autocomplete="tel"' in page


def test_availability_grid_is_a_table_with_a_label_for_every_checkbox(client_for, member):
    page = client_for(member).get("/me/edit/").content.decode()
    grid = re.search(r'<table class="availability-grid".*?</table>', page, re.S).group(0)
    assert grid.count('<th scope="row">') == 7
    assert grid.count('<th scope="col">') == 3
    checkboxes = re.findall(r'<input type="checkbox" name="availability" value="([^"]+)" id="([^"]+)"', grid)
    assert [value for value, _id in checkboxes] == SLOTS
    for _value, checkbox_id in checkboxes:
        assert f'<label class="availability-grid__cell" for="{checkbox_id}">' in grid
    assert '<span class="visually-hidden">Monday morning</span>' in grid
    assert "<legend>When I can usually help</legend>" in page


def test_profile_edit_saves_skills_availability_and_place(client_for, member):
    client = client_for(member)
    response = client.post(
        "/me/edit/",
        profile_data(
            member,
            display_name="Eino L.",
            municipality="Helsinki",
            postal_code="00530",
            latitude="60,1841",
            longitude="24.95",
            skills=["cooking", "reading"],
            other_skills="Chess, chess, Finnish sign language",
            availability=["mon-morning", "fri-evening"],
            phone="+358 40 123 4567",
            bio="Retired teacher.",
            away_until="",
        ),
    )
    assert response["Location"] == reverse("members:profile")
    member.refresh_from_db()
    assert member.display_name == "Eino L."
    assert str(member.latitude) == "60.18"
    assert member.availability == mask_from_slots(["mon-morning", "fri-evening"])
    assert sorted(member.skills.values_list("name", flat=True)) == [
        "Chess",
        "Finnish sign language",
        "cooking",
        "reading",
    ]
    assert "Your profile is saved" in client.get("/me/").content.decode()


def test_profile_edit_double_submit_saves_the_same_once(client_for, member):
    client = client_for(member)
    data = profile_data(member, other_skills="Knitting", skills=["pets"])
    assert client.post("/me/edit/", data).status_code == 302
    assert client.post("/me/edit/", data).status_code == 302
    assert member.skills.count() == 2
    assert Skill.objects.filter(name="Knitting").count() == 1


def test_profile_edit_from_a_stale_form_explains_a_vanished_choice(client_for, member):
    client = client_for(member)
    client.get("/me/edit/")
    Skill.objects.filter(slug="crafts").delete()  # removed while the form was open
    response = client.post("/me/edit/", profile_data(member, skills=["crafts"]))
    assert response.status_code == 200
    assert "Select a valid choice" in error_summary(response.content.decode())


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"display_name": "x" * 10_000}, "display_name", "at most 80 characters"),
        ({"display_name": "   "}, "display_name", "This field is required"),
        ({"display_name": "Eino\x07"}, "display_name", "control characters"),
        ({"display_name": "Eino\x00"}, "display_name", "Null characters are not allowed"),
        ({"postal_code": "00 53A"}, "postal_code", "digits only"),
        ({"postal_code": "1" * 10_000}, "postal_code", "at most 10 characters"),
        ({"latitude": "north"}, "latitude", "Enter a number"),
        ({"latitude": "95"}, "latitude", "less than or equal to 90"),
        ({"longitude": "Infinity"}, "longitude", "Enter a number"),
        ({"skills": ["not-a-skill"]}, "skills", "Select a valid choice"),
        ({"availability": ["mon-midnight"]}, "availability", "Select a valid choice"),
        ({"other_skills": ", ".join(f"s{n}" for n in range(12))}, "other_skills", "at most 10 other skills"),
        ({"other_skills": "y" * 10_000}, "other_skills", "at most"),
        ({"phone": "call me maybe"}, "phone", "only digits"),
        ({"bio": "b" * 10_000}, "bio", "at most 2000 characters"),
        ({"away_until": "tomorrow"}, "away_until", "Enter a valid date"),
        ({"away_until": "2001-01-01"}, "away_until", "from today on"),
        ({"away_until": "99999-01-01"}, "away_until", "Enter a valid date"),
    ],
)
def test_profile_edit_explains_bad_input_without_saving(client_for, member, data, field, message):
    response = client_for(member).post("/me/edit/", profile_data(member, **data))
    assert response.status_code == 200
    summary = error_summary(response.content.decode())
    assert message in summary
    assert f'href="#id_{field}"' in summary
    member.refresh_from_db()
    assert member.display_name == "Eino Laine"


def test_profile_shows_html_and_right_to_left_text_as_written(client_for, member):
    client = client_for(member)
    hostile = '<img src=x onerror="alert(1)">'
    rtl = "مرحبا \u202eevil\u202c שלום"
    client.post(
        "/me/edit/",
        profile_data(member, display_name=rtl, municipality=hostile, bio=f"{hostile}\n{rtl}", other_skills=hostile),
    )
    page = client.get("/me/").content.decode()
    assert "<img src=x" not in page
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in page
    assert rtl in page
    edit = client.get("/me/edit/").content.decode()
    assert "<img src=x" not in edit


def test_profile_edit_takes_one_value_where_one_is_expected(client_for, member):
    response = client_for(member).post(
        "/me/edit/", {"display_name": ["one", "two"], "availability": "mon-morning", "latitude": ["1", "2"]}
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert (member.display_name, str(member.latitude)) == ("two", "2.00")
    assert member.availability == mask_from_slots(["mon-morning"])


@pytest.mark.parametrize("skills", ["", "1", "{'a': 1}", "../../etc/passwd"])
def test_profile_edit_explains_values_of_the_wrong_kind(client_for, member, skills):
    response = client_for(member).post("/me/edit/", profile_data(member, skills=skills))
    assert response.status_code == 200
    assert "Select a valid choice" in error_summary(response.content.decode())


# --- Settings -----------------------------------------------------------------------------------


def settings_data(**overrides):
    data = {"language": "en", "text_size": "normal", "time_zone": "Europe/Helsinki"}
    return {**data, **overrides}


def test_saved_text_size_shows_on_every_page(client_for, member):
    client = client_for(member)
    response = client.post("/settings/", settings_data(text_size="large", high_contrast="on"))
    assert response["Location"] == "/settings/"
    for url in ("/settings/", "/me/", "/"):
        page = client.get(url).content.decode()
        assert '<html lang="en" class="text-large high-contrast">' in page
    member.refresh_from_db()
    assert member.text_size == "large"


def test_saved_language_changes_the_pages_and_stays_with_the_member(client_for, member):
    client = client_for(member)
    client.post("/settings/", settings_data(language="fi"))
    page = client.get("/me/")
    assert '<html lang="fi"' in page.content.decode()
    assert page["Content-Language"] == "fi"
    member.refresh_from_db()
    assert member.language == "fi"
    assert client.cookies["django_language"].value == "fi"


def test_language_switcher_saves_the_language_on_the_member(client_for, member):
    client = client_for(member)
    client.post("/language/", {"language": "fi", "next": "/me/"})
    member.refresh_from_db()
    assert member.language == "fi"
    assert '<html lang="fi"' in client.get("/me/").content.decode()
    client.post("/language/", {"language": "en", "next": "/me/"})
    assert '<html lang="en"' in client.get("/settings/").content.decode()


def test_settings_form_shows_what_is_saved(client_for, member):
    Member.objects.filter(pk=member.pk).update(text_size="extra_large", reduced_motion=True, time_zone="Europe/Oslo")
    page = client_for(member).get("/settings/").content.decode()
    assert re.search(r'value="extra_large"[^>]*checked', page)
    assert re.search(r'name="reduced_motion"[^>]*checked', page)
    assert re.search(r'<option value="Europe/Oslo" selected>', page)
    assert '<html lang="en" class="text-extra_large reduced-motion">' in page


@pytest.mark.parametrize(
    "data",
    [
        settings_data(time_zone="Mars/Olympus_Mons"),
        settings_data(text_size="gigantic"),
        settings_data(language="xx"),
        settings_data(time_zone="x" * 10_000),
        {"language": "en"},
    ],
)
def test_settings_explain_bad_values_without_saving(client_for, member, data):
    response = client_for(member).post("/settings/", data)
    assert response.status_code == 200
    summary = error_summary(response.content.decode())
    assert "Select a valid choice" in summary or "This field is required" in summary
    member.refresh_from_db()
    assert (member.language, member.text_size, member.time_zone) == ("en", "normal", "Europe/Helsinki")


def test_settings_need_the_csrf_token(client_for, member):
    client = client_for(member, enforce_csrf_checks=True)
    assert client.post("/settings/", settings_data(text_size="large")).status_code == 403
    member.refresh_from_db()
    assert member.text_size == "normal"


# --- Deleting my account ------------------------------------------------------------------------


def test_delete_account_page_asks_for_the_password(client_for, newcomer):
    page = client_for(newcomer).get("/me/delete/").content.decode()
    assert 'type="password"' in page
    assert 'autocomplete="current-password"' in page
    assert 'class="button button--danger"' in page


def test_delete_account_with_a_wrong_password_keeps_the_account(client_for, newcomer):
    client = client_for(newcomer)
    page = client.post("/me/delete/", {"password": "not it"}).content.decode()
    assert "That password is not right" in error_summary(page)
    newcomer.refresh_from_db()
    assert newcomer.is_active
    assert client.session[SESSION_KEY] == str(newcomer.pk)


def test_delete_account_blanks_personal_data_and_logs_out(client_for, newcomer):
    Member.objects.filter(pk=newcomer.pk).update(phone="040 1", bio="hello", postal_code="00100")
    client = client_for(newcomer)
    other_device = client_for(newcomer)
    response = client.post("/me/delete/", {"password": PASSWORD})
    assert response["Location"] == "/"
    assert SESSION_KEY not in client.session
    assert "Your account is deleted" in client.get("/").content.decode()
    newcomer.refresh_from_db()
    assert newcomer.email == f"deleted-{newcomer.pk}@deleted.invalid"
    assert (newcomer.display_name, newcomer.phone, newcomer.bio, newcomer.postal_code) == ("", "", "", "")
    assert newcomer.deleted_at is not None
    assert not newcomer.is_active
    # Sessions on other devices end too.
    assert other_device.get("/me/")["Location"].startswith("/login/")


def test_delete_account_double_submit_is_harmless(client_for, newcomer):
    client = client_for(newcomer)
    client.post("/me/delete/", {"password": PASSWORD})
    again = client.post("/me/delete/", {"password": PASSWORD})
    assert again.status_code == 302
    assert again["Location"].startswith("/login/")


def test_delete_account_by_get_changes_nothing(client_for, newcomer):
    client_for(newcomer).get("/me/delete/", {"password": PASSWORD})
    newcomer.refresh_from_db()
    assert newcomer.is_active


def test_delete_account_leaves_the_members_communities(client_for, member, community):
    response = client_for(member).post("/me/delete/", {"password": PASSWORD})
    assert response.status_code == 302
    assert not community.memberships.active().filter(member=member).exists()


# --- What other members see ---------------------------------------------------------------------


def test_member_card_shows_name_place_and_skills_but_never_contact_details(member):
    from talkoot.members.selectors import members_with_public_profile

    Member.objects.filter(pk=member.pk).update(
        phone="040 999 8888", municipality="Kallio", away_until=timezone.localdate()
    )
    member.skills.add(Skill.objects.get(slug="first_aid"))
    shown = members_with_public_profile(Member.objects.filter(pk=member.pk)).get()
    html = render_to_string("members/includes/member_card.html", {"member": shown})
    assert "Eino Laine" in html
    assert "Kallio" in html
    assert "First aid" in html
    assert "eino@example.org" not in html
    assert "040 999 8888" not in html
