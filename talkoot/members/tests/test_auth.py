"""Logging in and out, throttling, password reset and change, through the pages."""

import pytest
from django.contrib.auth import SESSION_KEY
from django.contrib.auth.tokens import default_token_generator
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from talkoot.members import throttle
from talkoot.members.tests.factories import PASSWORD, MemberFactory
from talkoot.members.tests.helpers import mailed_path

pytestmark = pytest.mark.django_db

LOGIN = "/login/"
WRONG_OR_UNKNOWN = "The e-mail address or the password is not right"
COOL_OFF = "Too many unsuccessful tries"
HOME_ADDRESS = "192.0.2.10"


def log_in(client, email, password, address=HOME_ADDRESS, **data):
    return client.post(LOGIN, {"email": email, "password": password, **data}, REMOTE_ADDR=address)


def logged_in_as(client):
    return client.session.get(SESSION_KEY)


# --- Logging in ---------------------------------------------------------------------------------


def test_login_page_asks_for_email_and_current_password(client):
    page = client.get(LOGIN).content.decode()
    assert 'autocomplete="email"' in page
    assert 'autocomplete="current-password"' in page
    assert page.count("<h1") == 1
    assert reverse("members:password_reset") in page


def test_login_by_email_in_any_letter_case(client, member):
    response = log_in(client, "  EINO@Example.ORG ", PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert logged_in_as(client) == str(member.pk)


def test_login_rotates_the_session_key(client, member):
    client.post("/text-size/", {"text_size": "large"})  # a visitor's session, with something in it
    before = client.session.session_key
    assert before
    log_in(client, member.email, PASSWORD)
    after = client.session.session_key
    assert after != before
    assert client.cookies["sessionid"].value == after
    assert logged_in_as(client) == str(member.pk)


def test_login_follows_next_only_within_this_site(client, member):
    response = log_in(client, member.email, PASSWORD, next="/settings/")
    assert response["Location"] == "/settings/"
    client.post("/logout/")
    response = log_in(client, member.email, PASSWORD, next="https://evil.example.com/")
    assert response["Location"] == "/"


def test_login_shows_the_same_message_whether_or_not_the_address_exists(client, member):
    known = log_in(client, member.email, "wrong password").content.decode()
    unknown = log_in(client, "nobody@example.org", "wrong password").content.decode()
    assert WRONG_OR_UNKNOWN in known
    assert WRONG_OR_UNKNOWN in unknown
    assert logged_in_as(client) is None


def test_deleted_member_cannot_log_in(client, newcomer):
    from talkoot.members.services import member_delete_account

    member_delete_account(member=newcomer)
    response = log_in(client, "saara@example.org", PASSWORD)
    assert WRONG_OR_UNKNOWN in response.content.decode()
    assert logged_in_as(client) is None


def test_login_with_a_malformed_email_says_so(client):
    response = log_in(client, "not an address", "whatever")
    assert response.status_code == 200
    assert "valid email address" in response.content.decode()


def test_unconfirmed_member_can_log_in_and_is_offered_a_new_link(client):
    MemberFactory(email="fresh@example.org", email_confirmed_at=None)
    response = log_in(client, "fresh@example.org", PASSWORD)
    assert response.status_code == 302
    home = client.get(response["Location"]).content.decode()
    assert "Please confirm your e-mail address" in home
    profile = client.get("/me/").content.decode()
    assert reverse("members:resend_confirmation") in profile
    assert "Send the link again" in profile


# --- Throttling ---------------------------------------------------------------------------------


def test_login_cools_off_after_five_failures(client, member, settings):
    assert settings.LOGIN_FAILURE_LIMIT == 5
    for _ in range(4):
        assert COOL_OFF not in log_in(client, member.email, "wrong password").content.decode()
    fifth = log_in(client, member.email, "wrong password").content.decode()
    assert COOL_OFF in fifth
    assert "try again at" in fifth
    assert "in about 15 minutes" in fifth


def test_login_during_cool_off_refuses_even_the_right_password(client, member):
    for _ in range(5):
        log_in(client, member.email, "wrong password")
    sixth = log_in(client, member.email, PASSWORD)
    assert sixth.status_code == 200
    assert COOL_OFF in sixth.content.decode()
    assert logged_in_as(client) is None


def test_login_warns_before_the_cool_off_starts(client, member):
    for _ in range(2):
        log_in(client, member.email, "wrong password")
    third = log_in(client, member.email, "wrong password").content.decode()
    assert "After 2 more unsuccessful tries" in third


def test_login_cool_off_counts_per_email_and_client_address(client, member, steward):
    for _ in range(5):
        log_in(client, member.email, "wrong password", address=HOME_ADDRESS)
    # The same e-mail from another address is not affected ...
    assert log_in(client, member.email, PASSWORD, address="198.51.100.20").status_code == 302
    assert logged_in_as(client) == str(member.pk)
    client.post("/logout/")
    # ... nor another e-mail from the same address.
    assert log_in(client, steward.email, PASSWORD, address=HOME_ADDRESS).status_code == 302
    assert logged_in_as(client) == str(steward.pk)


def test_login_cool_off_applies_to_unknown_addresses_too(client):
    for _ in range(5):
        log_in(client, "nobody@example.org", "guess")
    assert COOL_OFF in log_in(client, "nobody@example.org", "guess").content.decode()


def test_successful_login_clears_the_failure_count(client, member):
    for _ in range(4):
        log_in(client, member.email, "wrong password")
    assert log_in(client, member.email, PASSWORD).status_code == 302
    client.post("/logout/")
    assert throttle.failure_count(member.email, HOME_ADDRESS) == 0
    for _ in range(4):
        assert COOL_OFF not in log_in(client, member.email, "wrong password").content.decode()
    assert COOL_OFF in log_in(client, member.email, "wrong password").content.decode()


def test_login_cool_off_ends_it_is_never_a_permanent_lock(client, member, settings, monkeypatch):
    for _ in range(5):
        log_in(client, member.email, "wrong password")
    later = throttle._now() + settings.LOGIN_COOL_OFF_SECONDS + 1
    monkeypatch.setattr(throttle, "_now", lambda: later)
    assert log_in(client, member.email, PASSWORD).status_code == 302
    assert logged_in_as(client) == str(member.pk)


def test_login_cool_off_lives_in_the_shared_cache_not_in_process_memory(client, member):
    from django.core.cache import cache

    for _ in range(5):
        log_in(client, member.email, "wrong password")
    assert throttle.cool_off_until(member.email, HOME_ADDRESS) is not None
    cache.clear()  # what another app process sees is what the cache holds
    assert throttle.cool_off_until(member.email, HOME_ADDRESS) is None


# --- Logging out --------------------------------------------------------------------------------


def test_logout_by_get_does_nothing(client_for, member):
    client = client_for(member)
    response = client.get("/logout/")
    assert response.status_code == 405
    assert logged_in_as(client) == str(member.pk)


def test_logout_by_post_ends_the_session(client_for, member):
    client = client_for(member)
    response = client.post("/logout/")
    assert response.status_code == 302
    assert logged_in_as(client) is None
    assert "You have logged out" in client.get(response["Location"]).content.decode()


def test_logout_needs_the_csrf_token(client_for, member):
    client = client_for(member, enforce_csrf_checks=True)
    assert client.post("/logout/").status_code == 403
    assert logged_in_as(client) == str(member.pk)


# --- Password reset -----------------------------------------------------------------------------


def request_reset(client, email, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return client.post("/password-reset/", {"email": email})


def test_password_reset_link_works_once(client, member, mailoutbox, django_capture_on_commit_callbacks):
    response = request_reset(client, "Eino@Example.org", django_capture_on_commit_callbacks)
    assert response["Location"] == reverse("members:password_reset_sent")
    link = mailed_path(mailoutbox[0], "/password-reset/")

    form_page = client.get(link, follow=True)
    assert "Choose a new password" in form_page.content.decode()
    set_password_url = form_page.redirect_chain[-1][0]
    done = client.post(set_password_url, {"new_password1": "uusi-salasana-2026", "new_password2": "uusi-salasana-2026"})
    assert done["Location"] == reverse("members:password_reset_complete")
    assert "Your new password is saved" in client.get(done["Location"]).content.decode()

    member.refresh_from_db()
    assert member.check_password("uusi-salasana-2026")
    again = client.get(link, follow=True).content.decode()
    assert "This link does not work any more" in again
    assert "new_password1" not in again


def test_password_reset_link_expires_after_an_hour(client, member, settings):
    assert settings.PASSWORD_RESET_TIMEOUT == 60 * 60
    generator = default_token_generator
    an_hour_ago = generator._num_seconds(generator._now()) - settings.PASSWORD_RESET_TIMEOUT - 60
    token = generator._make_token_with_timestamp(member, an_hour_ago, generator.secret)
    uid = urlsafe_base64_encode(force_bytes(member.pk))
    page = client.get(f"/password-reset/{uid}/{token}/", follow=True).content.decode()
    assert "This link does not work any more" in page
    assert "new_password1" not in page


def test_password_reset_link_is_refused_when_forged(client, member):
    uid = urlsafe_base64_encode(force_bytes(member.pk))
    page = client.get(f"/password-reset/{uid}/abc-123/", follow=True).content.decode()
    assert "This link does not work any more" in page


def test_password_reset_says_the_same_for_unknown_addresses(client, mailoutbox, django_capture_on_commit_callbacks):
    response = request_reset(client, "nobody@example.org", django_capture_on_commit_callbacks)
    assert response["Location"] == reverse("members:password_reset_sent")
    assert mailoutbox == []
    assert "If there is an account with that address" in client.get(response["Location"]).content.decode()


def test_password_reset_ends_a_login_cool_off(client, member, mailoutbox, django_capture_on_commit_callbacks):
    for _ in range(5):
        log_in(client, member.email, "wrong password")
    request_reset(client, member.email, django_capture_on_commit_callbacks)
    form_page = client.get(mailed_path(mailoutbox[0], "/password-reset/"), follow=True)
    client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "uusi-salasana-2026", "new_password2": "uusi-salasana-2026"},
        REMOTE_ADDR=HOME_ADDRESS,
    )
    assert log_in(client, member.email, "uusi-salasana-2026").status_code == 302


# --- Password change ----------------------------------------------------------------------------


def test_password_change_keeps_the_member_logged_in(client_for, member):
    client = client_for(member)
    response = client.post(
        "/me/password/",
        {"old_password": PASSWORD, "new_password1": "uusi-salasana-2026", "new_password2": "uusi-salasana-2026"},
    )
    assert response["Location"] == reverse("members:profile")
    assert logged_in_as(client) == str(member.pk)
    assert "Your password is changed" in client.get("/me/").content.decode()
    member.refresh_from_db()
    assert member.check_password("uusi-salasana-2026")


def test_password_change_with_a_wrong_old_password_changes_nothing(client_for, member):
    client = client_for(member)
    page = client.post(
        "/me/password/",
        {"old_password": "not it", "new_password1": "uusi-salasana-2026", "new_password2": "uusi-salasana-2026"},
    ).content.decode()
    assert "error-summary" in page
    assert 'autocomplete="current-password"' in page
    member.refresh_from_db()
    assert member.check_password(PASSWORD)


def test_password_change_needs_a_logged_in_member(client):
    response = client.get("/me/password/")
    assert response.status_code == 302
    assert response["Location"].startswith("/login/")
