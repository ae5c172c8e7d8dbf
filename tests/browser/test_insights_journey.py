"""Insights in a real browser, by keyboard: a member opens the community's insights, asks for them
to be counted, reads the findings and the numbers behind a chart, changes the time window, and
reads it all again in Finnish at the largest text size. axe-core on every state of the page.
"""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from talkoot.communities.models import Trust
from talkoot.communities.tests.factories import CommunityFactory, MembershipFactory
from talkoot.contributions.tests.factories import ContributionBeneficiaryFactory, ContributionFactory
from talkoot.members.tests.factories import MemberFactory
from tests.browser.test_shared_power_journey import check, log_in

pytestmark = pytest.mark.django_db(transaction=True)

NAMES = ["Aino Virtanen", "Eino Laine", "Saara Nieminen", "Helmi Korhonen"]


def test_a_member_reads_the_insights_of_the_community_by_keyboard(page, axe_check):
    base = page.base_url
    community = CommunityFactory(name="Kallion Seniorit", slug="kallio")
    people = []
    for name in NAMES:
        person = MemberFactory(display_name=name, email=f"{name.split()[0].lower()}@example.org")
        MembershipFactory(community=community, member=person, joined_at=timezone.now() - timedelta(days=200))
        people.append(person)
    # A circle of help (Aino -> Eino -> Saara -> Aino), Helmi helps Aino, and trust along the circle.
    for days_ago, (giver, receiver) in enumerate(zip(people, people[1:] + people[:1], strict=True), start=3):
        given = ContributionFactory(
            community=community,
            contributor=giver,
            minutes=60,
            happened_at=timezone.now() - timedelta(days=days_ago),
        )
        ContributionBeneficiaryFactory(contribution=given, member=receiver)
        Trust.objects.create(community=community, truster=giver, trusted=receiver)

    log_in(page, "eino@example.org")
    page.goto(f"{base}/c/kallio/")
    page.get_by_role("navigation", name="In this community").get_by_role("link", name="Insights").click()
    expect(page.get_by_role("heading", name="Insights of Kallion Seniorit")).to_be_visible()
    expect(page.get_by_text("Nothing has been counted for this time window yet.")).to_be_visible()
    check(page, axe_check, "insights before counting")

    # Keyboard only: focus the button and press Enter.
    count = page.get_by_role("button", name="Count again now")
    count.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_text("Counted just now.")).to_be_visible()
    expect(page.get_by_text("4 of your 4 members gave their time (100%).")).to_be_visible()
    expect(page.get_by_role("heading", name="Giving back")).to_be_visible()
    expect(page.get_by_text("Trust reaches half of you within")).to_be_visible()
    expect(page.get_by_role("img", name="How far trust reaches")).to_be_visible()
    expect(page.get_by_role("table", name="How far trust reaches")).to_be_visible()
    check(page, axe_check, "insights counted")

    # Every measure of a part opens with the keyboard.
    summary = page.get_by_role("region", name="Giving back").get_by_text("Every measure of this part")
    summary.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("rowheader", name="Help returned directly edge_reciprocity")).to_be_visible()

    # Another time window, chosen with the arrow keys.
    page.get_by_label("Time window").focus()
    page.keyboard.press("ArrowDown")  # from "The last 12 months" to "All time"
    page.get_by_role("button", name="Show").focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(f"{base}/c/kallio/insights/?period=all")
    expect(page.get_by_text("Nothing has been counted for this time window yet.")).to_be_visible()

    # In Finnish, at the largest text size, nothing spills sideways.
    page.goto(f"{base}/c/kallio/insights/?period=year")
    page.get_by_role("button", name="Suomi").click()
    expect(page.get_by_role("heading", name="Tilannekuva: Kallion Seniorit")).to_be_visible()
    expect(page.get_by_role("heading", name="Luottamus", exact=True)).to_be_visible()
    check(page, axe_check, "insights in Finnish")
    page.evaluate("document.documentElement.style.fontSize = '200%'")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    page.screenshot(path=str(_artifact("insights-finnish-large.png")), full_page=True)


def _artifact(name: str):
    from tests.browser.conftest import ARTIFACTS

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS / name
