"""A newcomer signs up, confirms the address, tells about themselves and enlarges the text."""

import re

import pytest
from django.conf import settings
from django.core import mail

from talkoot.members.models import Member


@pytest.mark.django_db(transaction=True)
def test_newcomer_signs_up_confirms_and_fills_in_the_profile(page, axe_check):
    base = page.base_url
    page.goto(base + "/signup/")
    axe_check(page, label="sign-up")
    page.get_by_role("button", name="Sign up").click()
    assert page.locator(".error-summary").is_visible()
    assert page.evaluate("document.activeElement.classList.contains('error-summary')")
    axe_check(page, label="sign-up with errors")

    page.locator("#id_display_name").fill("Helmi Salo")
    page.locator("#id_email").fill("helmi@example.org")
    page.locator("#id_password1").fill("kahvi-ja-pulla-2026")
    page.locator("#id_password2").fill("kahvi-ja-pulla-2026")
    page.get_by_role("button", name="Sign up").click()
    assert page.locator("h1").inner_text() == "Check your e-mail"
    axe_check(page, label="sign-up sent")

    link = re.search(r"https?://\S+/confirm-email/\S+/", mail.outbox[-1].body).group(0)
    page.goto(base + link.removeprefix(settings.SITE_URL))
    axe_check(page, label="confirm")
    page.get_by_role("button", name="Confirm my e-mail address").click()
    assert Member.objects.get().email_confirmed_at is not None

    page.goto(base + "/me/edit/")
    axe_check(page, label="profile edit")
    page.get_by_label("Cooking").check()
    page.get_by_label("Tuesday morning").check()
    page.get_by_label("Other skills, separated by commas").fill("Chess, baking")
    page.get_by_role("button", name="Save my profile").click()
    assert "Your profile is saved" in page.content()
    axe_check(page, label="profile")

    page.goto(base + "/settings/")
    axe_check(page, label="settings")
    page.get_by_label("Large", exact=True).check()
    page.get_by_role("button", name="Save my settings").click()
    assert page.locator("html").get_attribute("class").startswith("text-large")

    for url in ("/login/", "/password-reset/", "/me/password/", "/me/delete/"):
        page.goto(base + url)
        axe_check(page, label=url)
