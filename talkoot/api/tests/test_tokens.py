"""Personal access tokens: made on the settings page, shown once, stored hashed, revoked at once."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from talkoot.api.models import AccessToken, Scope
from talkoot.api.selectors import live_token_for_secret
from talkoot.api.services import MAX_LIVE_TOKENS, access_token_create, access_token_revoke, digest_of
from talkoot.api.tests.harness import call
from talkoot.core.errors import ApplicationError

pytestmark = pytest.mark.django_db


def test_the_secret_is_returned_once_and_only_its_digest_is_kept(member):
    token, secret = access_token_create(member=member, name="My tablet", scope=Scope.READ_WRITE)
    assert secret.startswith("tko_") and len(secret) > 40
    stored = AccessToken.objects.get(pk=token.pk)
    assert stored.digest == digest_of(secret) and secret not in {stored.digest, stored.prefix, str(stored)}
    assert stored.prefix == secret[:12]
    assert live_token_for_secret(secret) == token


@pytest.mark.parametrize("name", ["", "   ", "x" * 81])
def test_a_token_needs_a_sensible_name(member, name):
    with pytest.raises(ApplicationError) as refused:
        access_token_create(member=member, name=name)
    assert refused.value.field == "name"


def test_scope_and_expiry_come_from_the_lists(member):
    with pytest.raises(ApplicationError):
        access_token_create(member=member, name="x", scope="admin")
    with pytest.raises(ApplicationError):
        access_token_create(member=member, name="x", expires_in_days=7)


def test_a_member_has_at_most_twenty_working_tokens(member):
    for number in range(MAX_LIVE_TOKENS):
        access_token_create(member=member, name=f"token {number}")
    with pytest.raises(ApplicationError):
        access_token_create(member=member, name="one too many")


def test_expired_revoked_and_left_members_tokens_do_not_work(member, steward):
    expired, expired_secret = access_token_create(member=member, name="old", expires_in_days=30)
    AccessToken.objects.filter(pk=expired.pk).update(
        created_at=timezone.now() - timedelta(days=40), expires_at=timezone.now() - timedelta(days=10)
    )
    revoked, revoked_secret = access_token_create(member=member, name="lost phone")
    access_token_revoke(member=member, token=revoked)
    _gone, gone_secret = access_token_create(member=steward, name="hers")
    steward.is_active = False
    steward.save(update_fields=["is_active"])
    for secret in (expired_secret, revoked_secret, gone_secret, "tko_not-a-token", "nonsense"):
        assert live_token_for_secret(secret) is None
        response = call("GET", "/me", token=secret)
        assert response.status_code == 401
        assert response["Content-Type"] == "application/problem+json"
        assert response["WWW-Authenticate"].startswith("Bearer")


def test_nobody_revokes_someone_elses_token(member, steward):
    token, _secret = access_token_create(member=steward, name="hers")
    with pytest.raises(ApplicationError):
        access_token_revoke(member=member, token=token)


# --- The settings page ---------------------------------------------------------------------------


def test_the_page_makes_a_token_shows_it_once_and_revokes_it(member, client_for):
    client = client_for(member)
    page = client.get(reverse("api_tokens:list"))
    assert page.status_code == 200 and "no-store" in page["Cache-Control"]
    form = page.context["form"]
    made = client.post(
        reverse("api_tokens:list"),
        {"name": "Kitchen screen", "scope": Scope.READ, "expires_in_days": "90", "once": form["once"].value()},
    )
    assert made.status_code == 200 and "no-store" in made["Cache-Control"]
    secret = made.context["new_secret"]
    assert secret and secret in made.content.decode()
    token = AccessToken.objects.get(member=member)
    assert token.name == "Kitchen screen" and token.scope == Scope.READ and token.expires_at is not None
    assert secret not in client.get(reverse("api_tokens:list")).content.decode()  # never again
    assert call("GET", "/me", token=secret).status_code == 200

    revoked = client.post(reverse("api_tokens:revoke", args=[token.pk]))
    assert revoked.status_code == 302
    assert call("GET", "/me", token=secret).status_code == 401  # at once


def test_a_double_click_makes_one_token(member, client_for):
    client = client_for(member)
    once = client.get(reverse("api_tokens:list")).context["form"]["once"].value()
    data = {"name": "Script", "scope": Scope.READ_WRITE, "expires_in_days": "", "once": once}
    client.post(reverse("api_tokens:list"), data)
    again = client.post(reverse("api_tokens:list"), data)
    assert again.status_code == 302
    assert AccessToken.objects.filter(member=member).count() == 1


def test_an_empty_name_is_a_form_error(member, client_for):
    response = client_for(member).post(reverse("api_tokens:list"), {"name": " ", "scope": Scope.READ})
    assert response.status_code == 200 and response.context["form"].errors
    assert not AccessToken.objects.exists()


def test_another_members_token_answers_404(member, steward, client_for):
    token, _secret = access_token_create(member=steward, name="hers")
    assert client_for(member).post(reverse("api_tokens:revoke", args=[token.pk])).status_code == 404
    assert AccessToken.objects.live().filter(pk=token.pk).exists()


def test_the_page_needs_a_signed_in_member(client):
    assert client.get(reverse("api_tokens:list")).status_code == 302


def test_the_command_makes_a_token(member, capsys):
    from django.core.management import call_command

    call_command("api_token", email=member.email, name="cron", scope=Scope.READ)
    secret = capsys.readouterr().out.strip()
    assert live_token_for_secret(secret).member == member


def test_the_token_read_behind_a_request_is_the_stored_token_and_member_field_for_field(member):
    token, secret = access_token_create(member=member, name="Kitchen TV", scope=Scope.READ, expires_in_days=30)
    AccessToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now() - timedelta(days=1))
    read = live_token_for_secret(secret)
    stored = AccessToken.objects.select_related("member").get(pk=token.pk)
    fields = [field.attname for field in AccessToken._meta.concrete_fields]
    assert {name: getattr(read, name) for name in fields} == {name: getattr(stored, name) for name in fields}
    assert not read._state.adding and read.member == stored.member
    member_fields = [field.attname for field in type(member)._meta.concrete_fields]
    assert {name: getattr(read.member, name) for name in member_fields} == {
        name: getattr(stored.member, name) for name in member_fields
    }
    assert not any(name.startswith("token_") for name in vars(read.member))
