"""Shared power in a real browser: three members trust a fourth, who becomes a steward and admits an
applicant; a proposal to open the community to everyone passes and takes effect.

axe-core runs on every new page of the journey.
"""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from talkoot.communities.models import Application, Community, JoinPolicy, Membership
from talkoot.communities.tests.factories import CommunityFactory, MembershipFactory
from talkoot.members.tests.factories import PASSWORD, MemberFactory
from talkoot.proposals.models import Proposal

pytestmark = pytest.mark.django_db(transaction=True)

NAMES = ("Aino Virtanen", "Eino Laine", "Saara Nieminen", "Timo Koskinen", "Kalle Korhonen", "Liisa Mäki")


def check(page, axe_check, label):
    page.wait_for_load_state()
    axe_check(page, label=label)
    assert page.console_errors == [], f"console errors on {label}: {page.console_errors}"


def log_in(page, email):
    page.goto(page.base_url + "/login/")
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_text("Welcome, ")).to_be_visible()


def log_out(page):
    page.get_by_role("navigation", name="Main").get_by_role("button", name="Log out").click()


def test_trust_makes_a_steward_who_admits_and_a_proposal_opens_the_community(page, axe_check):
    base = page.base_url
    community = CommunityFactory(name="Kallion Seniorit", slug="kallio", join_policy=JoinPolicy.APPLICATION)
    people = {}
    for name in NAMES:  # six members of long standing: three trusting members make a steward
        first = name.split()[0].lower()
        people[first] = MemberFactory(display_name=name, email=f"{first}@example.org")
        MembershipFactory(community=community, member=people[first], joined_at=timezone.now() - timedelta(days=90))
    raili = MemberFactory(display_name="Raili Heikkinen", email="raili@example.org")
    Application.objects.create(community=community, applicant=raili, answers=[])
    aino_page = f"{base}/c/kallio/people/{people['aino'].pk}/"

    # 1. Eino, Saara and Timo each give Aino their trust on her page.
    for first in ("eino", "saara", "timo"):
        log_in(page, f"{first}@example.org")
        page.goto(aino_page)
        if first == "eino":
            check(page, axe_check, "a member's page")
        page.get_by_label("A few words about why (optional)").fill("She knows everyone in the building.")
        page.get_by_role("button", name="I trust Aino Virtanen").click()
        expect(page.get_by_text("You trust Aino Virtanen now.")).to_be_visible()
        log_out(page)
    assert Membership.objects.get(community=community, member=people["aino"]).is_steward

    # 2. Aino sees she is a steward, and admits Raili; the history says how it came about.
    log_in(page, "aino@example.org")
    page.goto(aino_page)
    expect(page.locator("section.trust").get_by_text("Steward", exact=True)).to_be_visible()
    page.goto(f"{base}/c/kallio/")
    page.get_by_role("link", name="1 application waiting for a decision").click()
    check(page, axe_check, "applications for a steward")
    page.get_by_role("button", name="Accept Raili Heikkinen").click()
    expect(page.get_by_text("You accepted Raili Heikkinen.")).to_be_visible()
    page.goto(f"{base}/c/kallio/history/?kind=trust")
    expect(page.get_by_text("Aino Virtanen became a steward, trusted by enough fellow members.")).to_be_visible()
    check(page, axe_check, "history of trust")

    # 3. Aino proposes to open the community to everyone.
    page.get_by_role("navigation", name="In this community").get_by_role("link", name="Proposals").click()
    check(page, axe_check, "proposals")
    page.get_by_role("link", name="Make a proposal").click()
    check(page, axe_check, "make a proposal")
    page.get_by_label("A change of a community setting").check()
    page.get_by_label("Your proposal, in your own words").fill("Let every neighbour join without applying.")
    page.get_by_label("The setting and its new value").select_option("join_policy:open")
    page.get_by_role("button", name="Open the proposal").click()
    expect(page.get_by_text("Your proposal is open.")).to_be_visible()
    check(page, axe_check, "a proposal")
    proposal_url = page.url
    log_out(page)

    # 4. Eino consents; at the close it passes and the community is open to everyone.
    log_in(page, "eino@example.org")
    page.goto(proposal_url)
    page.get_by_label("I consent", exact=True).check()
    page.get_by_role("button", name="Send my response").click()
    expect(page.get_by_text("Your response is recorded.")).to_be_visible()
    Proposal.objects.update(closes_at=timezone.now() - timedelta(minutes=1))  # three days later
    page.goto(proposal_url)
    expect(page.get_by_role("status").get_by_text("Passed")).to_be_visible()
    assert Community.objects.get(pk=community.pk).join_policy == JoinPolicy.OPEN
    page.goto(f"{base}/c/kallio/")
    expect(page.get_by_text("Open to everyone")).to_be_visible()
