"""Signing up and confirming the e-mail address through the pages; who may open which page."""

import re

import pytest
from django.contrib.auth import SESSION_KEY
from django.urls import reverse

from talkoot.members import tokens
from talkoot.members.models import Member
from talkoot.members.tests.factories import MemberFactory
from talkoot.members.tests.helpers import error_summary, mailed_path

pytestmark = pytest.mark.django_db

SIGNUP = {
    "display_name": "Helmi Salo",
    "email": "helmi@example.org",
    "password1": "kahvi-ja-pulla-2026",
    "password2": "kahvi-ja-pulla-2026",
}
PRIVATE_PAGES = ["/me/", "/me/edit/", "/me/password/", "/me/delete/", "/settings/"]


# --- Access -------------------------------------------------------------------------------------


@pytest.mark.parametrize("url", PRIVATE_PAGES)
def test_private_pages_send_anonymous_visitors_to_log_in(url, client_for, anonymous):
    response = client_for(anonymous).get(url)
    assert response.status_code == 302
    assert response["Location"] == f"/login/?next={url}"


@pytest.mark.parametrize("url", PRIVATE_PAGES)
def test_private_pages_show_each_member_only_their_own_account(url, client_for, outsider, member):
    page = client_for(outsider).get(url).content.decode()
    assert member.email not in page
    assert member.display_name not in page


@pytest.mark.parametrize("url", ["/signup/", "/login/", "/password-reset/", *PRIVATE_PAGES])
def test_every_page_has_one_h1_and_a_title(url, client_for, newcomer):
    client = client_for(None if url in ("/signup/", "/password-reset/") else newcomer)
    page = client.get(url, follow=True).content.decode()
    assert page.count("<h1") == 1
    assert re.search(r"<title>\S.* · talkoot</title>", page)
    assert " style=" not in page
    assert "<script>" not in page


# --- Sign-up ------------------------------------------------------------------------------------


def test_signup_form_names_its_fields_for_autofill(client):
    page = client.get("/signup/").content.decode()
    for autocomplete in ("name", "email", "new-password"):
        assert f'autocomplete="{autocomplete}"' in page
    assert '<label for="id_email">' in page
    assert 'aria-describedby="id_email_helptext"' in page


def test_signup_logs_in_and_mails_a_confirmation_link(client, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/signup/", SIGNUP)
    assert response["Location"] == reverse("members:signup_sent")
    member = Member.objects.get(email="helmi@example.org")
    assert client.session[SESSION_KEY] == str(member.pk)
    sent = client.get(response["Location"]).content.decode()
    assert "Check your e-mail" in sent
    assert "helmi@example.org" in sent
    assert len(mailoutbox) == 1
    assert "/confirm-email/" in mailed_path(mailoutbox[0], "/confirm-email/")


def test_signup_in_finnish_keeps_finnish_for_the_member(client):
    client.post("/language/", {"language": "fi"})
    client.post("/signup/", SIGNUP)
    assert Member.objects.get(email="helmi@example.org").language == "fi"


def test_signup_with_a_taken_email_in_other_letters_says_so(client, member):
    page = client.post("/signup/", {**SIGNUP, "email": "EINO@example.org"}).content.decode()
    assert "There is already an account with this e-mail address" in error_summary(page)
    assert Member.objects.filter(email="eino@example.org").count() == 1


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"email": "helmi@"}, "Enter a valid email address"),
        ({"email": "helmi example.org"}, "Enter a valid email address"),
        ({"password2": "something else"}, "The two passwords are not the same"),
        ({"password1": "short", "password2": "short"}, "too short"),
        ({"password1": "password123", "password2": "password123"}, "too common"),
        ({"display_name": "x" * 10_000}, "at most 80 characters"),
        ({"display_name": ""}, "This field is required"),
        ({"email": "a" * 10_000 + "@example.org"}, "at most 254 characters"),
    ],
)
def test_signup_explains_each_problem(client, data, message):
    response = client.post("/signup/", {**SIGNUP, **data})
    assert response.status_code == 200
    assert message in error_summary(response.content.decode())
    assert not Member.objects.exists()


def test_signup_is_rate_limited_per_client_address(client, settings):
    settings.SIGNUP_LIMIT_PER_HOUR = 1
    client.post("/signup/", SIGNUP, REMOTE_ADDR="203.0.113.9")
    client.post("/logout/")
    page = client.post(
        "/signup/", {**SIGNUP, "email": "second@example.org"}, REMOTE_ADDR="203.0.113.9"
    ).content.decode()
    assert "Too many accounts have been made from your network" in page
    assert not Member.objects.filter(email="second@example.org").exists()


def test_signup_double_submit_creates_one_account(client):
    first = client.post("/signup/", SIGNUP)
    second = client.post("/signup/", SIGNUP)
    assert first.status_code == second.status_code == 302
    assert second["Location"] == reverse("members:profile")
    assert Member.objects.count() == 1


def test_signup_page_shows_hostile_names_escaped(client):
    client.post("/signup/", {**SIGNUP, "display_name": '<script>alert("x")</script>'})
    page = client.get("/me/").content.decode()
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page
    assert '<script>alert("x")' not in page


# --- E-mail confirmation ------------------------------------------------------------------------


def test_confirmation_link_from_the_mail_confirms_after_one_press(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/signup/", SIGNUP)
    link = mailed_path(mailoutbox[0], "/confirm-email/")
    page = client.get(link).content.decode()
    assert "Confirm my e-mail address" in page
    assert Member.objects.get().email_confirmed_at is None  # opening the link alone changes nothing
    response = client.post(link)
    assert response["Location"] == reverse("members:profile")
    assert Member.objects.get().email_confirmed_at is not None
    assert "Your e-mail address is confirmed" in client.get(response["Location"]).content.decode()


def test_confirmation_works_without_being_logged_in(client):
    member = MemberFactory(email_confirmed_at=None)
    response = client.post(reverse("members:confirm_email", args=[tokens.make_email_confirmation_token(member)]))
    assert response["Location"] == reverse("members:login")
    member.refresh_from_db()
    assert member.email_confirmed_at is not None


def test_confirming_twice_says_it_is_already_done(client):
    member = MemberFactory(email_confirmed_at=None)
    url = reverse("members:confirm_email", args=[tokens.make_email_confirmation_token(member)])
    client.post(url)
    page = client.post(url).content.decode()
    assert "already confirmed" in page


def test_expired_confirmation_link_says_so_and_offers_a_new_one(client_for, settings):
    from talkoot.members.tests.test_services import old_token

    member = MemberFactory(email_confirmed_at=None)
    url = reverse(
        "members:confirm_email", args=[old_token(member, seconds_ago=settings.EMAIL_CONFIRMATION_TIMEOUT + 5)]
    )
    page = client_for(member).post(url).content.decode()
    assert "This link has expired" in page
    assert reverse("members:resend_confirmation") in page
    member.refresh_from_db()
    assert member.email_confirmed_at is None


def test_forged_confirmation_link_says_it_does_not_work(client):
    member = MemberFactory(email_confirmed_at=None)
    token = tokens.make_email_confirmation_token(member)
    forged = token.replace(token.split(":")[0], tokens.make_email_confirmation_token(MemberFactory()).split(":")[0])
    for response in (client.get(f"/confirm-email/{forged}/"), client.post(f"/confirm-email/{forged}/")):
        assert "This link does not work" in response.content.decode()
    member.refresh_from_db()
    assert member.email_confirmed_at is None


def test_resend_confirmation_needs_a_post(client_for, mailoutbox):
    client = client_for(MemberFactory(email_confirmed_at=None))
    assert client.get("/confirm-email/resend/").status_code == 405
    assert mailoutbox == []


def test_resend_confirmation_sends_and_then_slows_down(client_for, mailoutbox, django_capture_on_commit_callbacks):
    client = client_for(MemberFactory(email_confirmed_at=None))
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(3):
            client.post("/confirm-email/resend/", {"next": "/settings/"})
        response = client.post("/confirm-email/resend/", {"next": "/settings/"}, follow=True)
    assert len(mailoutbox) == 3
    assert response.redirect_chain[-1][0] == "/settings/"
    assert "We have already sent you several links" in response.content.decode()
