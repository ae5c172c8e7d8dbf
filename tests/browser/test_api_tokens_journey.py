"""A member makes an access token for her tablet with the keyboard alone, uses it, and revokes it;
then the same page in Finnish. Every screen passes axe-core."""

import json
import urllib.error
import urllib.request

import pytest
from playwright.sync_api import expect

from talkoot.communities.tests.factories import CommunityFactory, MembershipFactory
from talkoot.members.tests.factories import PASSWORD, MemberFactory

pytestmark = pytest.mark.django_db(transaction=True)


def check(page, axe_check, label):
    page.wait_for_load_state()
    axe_check(page, label=label)
    assert page.console_errors == [], f"console errors on {label}: {page.console_errors}"


def api_me(base: str, secret: str) -> int:
    request = urllib.request.Request(base + "/api/v1/me", headers={"Authorization": f"Bearer {secret}"})  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 - the live test server
            return response.status
    except urllib.error.HTTPError as error:
        assert error.headers["Content-Type"] == "application/problem+json"
        assert json.loads(error.read())["status"] == error.code
        return error.code


def test_a_member_makes_uses_and_revokes_a_token_by_keyboard(page, axe_check):
    base = page.base_url
    aino = MemberFactory(display_name="Aino Virtanen", email="aino@example.org")
    MembershipFactory(community=CommunityFactory(name="Kallion Seniorit"), member=aino)

    page.goto(base + "/login/")
    page.get_by_label("E-mail address").fill(aino.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.keyboard.press("Enter")
    expect(page.get_by_text("Welcome, ")).to_be_visible()

    page.goto(base + "/settings/")
    page.get_by_role("link", name="Manage access tokens").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Access tokens", level=1)).to_be_visible()
    expect(page.get_by_text("You have no tokens yet.")).to_be_visible()
    check(page, axe_check, "access tokens, none yet")

    # Sent empty: the error is named and nothing is made.
    page.get_by_role("button", name="Make the token").focus()
    page.keyboard.press("Enter")
    expect(page.locator(".error-summary")).to_be_visible()
    check(page, axe_check, "access tokens, with an error")

    page.get_by_label("Name").focus()
    page.keyboard.type("Kitchen tablet")
    page.get_by_label("Read and write").focus()
    page.keyboard.press("Space")
    page.get_by_role("button", name="Make the token").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Your new token")).to_be_visible()
    shown = page.get_by_label("Copy it now: it is shown only this once.")
    expect(shown).to_be_focused()  # where a screen reader's user is taken, to copy it
    secret = shown.input_value()
    assert secret.startswith("tko_")
    expect(page.get_by_role("row", name="Kitchen tablet")).to_contain_text("Read and write")
    check(page, axe_check, "a new token shown once")
    assert api_me(base, secret) == 200

    page.reload()  # the browser asks to send the form again: it is not made twice, nor shown again
    expect(page.get_by_role("heading", name="Your new token")).to_have_count(0)
    expect(page.get_by_role("row")).to_have_count(2)  # the header and the one token

    page.get_by_role("button", name="Revoke “Kitchen tablet”").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_text("The token “Kitchen tablet” no longer works.")).to_be_visible()
    assert api_me(base, secret) == 401

    page.get_by_role("button", name="Suomi").click()
    expect(page.get_by_role("heading", name="Käyttöavaimet", level=1)).to_be_visible()
    expect(page.get_by_text("Sinulla ei ole vielä avaimia.")).to_be_visible()
    check(page, axe_check, "access tokens in Finnish")
