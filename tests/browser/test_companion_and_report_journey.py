"""Acting on behalf and reports in a real browser, keyboard and axe-core included.

Eino offers to be Hilja's companion; Hilja agrees; Eino takes a task on for her and her request
for help is posted "by Eino for Hilja". Then Hilja reports an action, the steward hides it, and
Hilja sees what became of her report.
"""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from talkoot.actions.models import Action, Claim
from talkoot.actions.tests.factories import ActionFactory, TaskFactory
from talkoot.communities.tests.factories import CommunityFactory, MembershipFactory
from talkoot.members.tests.factories import MemberFactory
from tests.browser.test_shared_power_journey import check, log_in, log_out

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_companion_acts_for_a_member_and_a_report_hides_an_action(page, axe_check):
    base = page.base_url
    community = CommunityFactory(name="Kallion Seniorit", slug="kallio")
    long_ago = timezone.now() - timedelta(days=90)
    hilja = MemberFactory(display_name="Hilja Heikkinen", email="hilja@example.org")
    eino = MemberFactory(display_name="Eino Laine", email="eino@example.org")
    aino = MemberFactory(display_name="Aino Virtanen", email="aino@example.org")
    for person in (hilja, eino):
        MembershipFactory(community=community, member=person, joined_at=long_ago)
    MembershipFactory(community=community, member=aino, joined_at=long_ago, is_steward=True)
    garden = ActionFactory(community=community, title="Garden Saturday")
    TaskFactory(action=garden, title="Rake the leaves", slots=2, starts_at=timezone.now() + timedelta(days=2))
    pills = ActionFactory(community=community, title="Miracle pills for sale", started_by=eino)

    # 1. Eino offers, on Hilja's page, to act for her.
    log_in(page, "eino@example.org")
    page.goto(f"{base}/c/kallio/people/{hilja.pk}/")
    check(page, axe_check, "a member's page with the companion section")
    page.get_by_role("button", name="Offer to act for Hilja Heikkinen").click()
    expect(page.get_by_text("It starts when they agree.")).to_be_visible()
    log_out(page)

    # 2. Hilja agrees, with the keyboard alone.
    log_in(page, "hilja@example.org")
    page.goto(f"{base}/c/kallio/companions/")
    check(page, axe_check, "companions")
    agree = page.get_by_role("button", name="I agree")
    agree.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_text("can now act for Hilja Heikkinen")).to_be_visible()
    log_out(page)

    # 3. Eino acts for Hilja: takes on a task and asks for help.
    log_in(page, "eino@example.org")
    page.goto(f"{base}/c/kallio/companions/")
    page.get_by_role("link", name="Act for Hilja Heikkinen").click()
    check(page, axe_check, "acting for a member")
    page.get_by_role("button", name="Take it on for Hilja Heikkinen").click()
    expect(page.get_by_text("Hilja Heikkinen took on “Rake the leaves”, by you.")).to_be_visible()
    assert Claim.objects.get().by_companion == eino
    page.get_by_role("link", name="Hilja Heikkinen needs help").click()
    check(page, axe_check, "asking for help for a member")
    page.get_by_label("What do you need help with?").fill("A lift to the health centre")
    page.get_by_role("button", name="Ask for help").click()
    expect(page.get_by_text("Started by Eino Laine for Hilja Heikkinen")).to_be_visible()
    page.goto(f"{base}/c/kallio/history/?kind=companions")
    expect(page.get_by_text("Eino Laine took on “Rake the leaves” for Hilja Heikkinen.")).to_be_visible()
    log_out(page)

    # 4. Hilja reports the pills; Aino, a steward, hides the action at once.
    log_in(page, "hilja@example.org")
    page.goto(f"{base}/c/kallio/actions/{pills.pk}/")
    page.get_by_role("link", name="Report a problem with this action or its tasks").click()
    check(page, axe_check, "report form")
    page.get_by_label("What is wrong?").fill("Selling pills to old people.")
    page.get_by_role("button", name="Send the report").click()
    expect(page.get_by_text("The stewards will look at it")).to_be_visible()
    log_out(page)

    log_in(page, "aino@example.org")
    page.goto(f"{base}/c/kallio/reports/")
    check(page, axe_check, "reports for a steward")
    page.get_by_role("button", name="Hide it now").click()
    expect(page.get_by_text("It is hidden while the stewards decide.")).to_be_visible()
    assert Action.objects.get(pk=pills.pk).hidden_at is not None
    log_out(page)

    log_in(page, "hilja@example.org")
    page.goto(f"{base}/c/kallio/actions/{pills.pk}/")
    expect(page.get_by_role("heading", name="Hidden by stewards")).to_be_visible()
    check(page, axe_check, "a hidden action")
    page.goto(f"{base}/c/kallio/reports/")
    expect(page.get_by_text("hidden while the stewards decide")).to_be_visible()
