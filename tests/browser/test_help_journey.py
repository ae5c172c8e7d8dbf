"""Aino (82) asks for help; Eino splits the work, takes a part, does it; Aino thanks him and says how useful it was.

axe-core runs on every page of the journey, and no page may log a console error (a CSP
violation shows up as one).
"""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from talkoot.actions.models import Action, Claim, ClaimStatus, Stage, Task
from talkoot.communities.models import JoinPolicy, Visibility
from talkoot.communities.tests.factories import CommunityFactory, MembershipFactory
from talkoot.contributions.models import Assessment, Contribution, Thanks
from talkoot.members.tests.factories import MemberFactory
from tests.browser.test_community_journey import check, log_in, open_page

pytestmark = pytest.mark.django_db(transaction=True)


def test_need_help_split_claim_done_thanks_and_assess(page, browser, live_server, axe_check):
    community = CommunityFactory(
        name="Kallio Seniors Together", slug="kallio", visibility=Visibility.PRIVATE, join_policy=JoinPolicy.APPLICATION
    )
    aino = MemberFactory(display_name="Aino Virtanen", email="aino@example.org", postal_code="00530")
    eino = MemberFactory(display_name="Eino Laine", email="eino@example.org", postal_code="00530")
    for person in (aino, eino):
        MembershipFactory(community=community, member=person)

    # Aino asks for help: what, which day, about how long.
    log_in(page, aino.email)
    page.goto(f"{page.base_url}/c/kallio/")
    page.get_by_role("link", name="I need help").first.click()
    check(page, axe_check, "I need help")
    page.get_by_label("What do you need help with?").fill("Clearing the balcony for spring")
    day = timezone.localdate() + timedelta(days=3)
    page.get_by_label("Which day?").fill(day.isoformat())
    page.get_by_label("Morning (from 9)").check()
    page.get_by_label("About how long will it take?").select_option("240")
    page.get_by_role("button", name="Ask for help").click()
    expect(page.get_by_text("Your request is posted")).to_be_visible()
    check(page, axe_check, "action page after asking")
    action = Action.objects.get()
    assert action.stage == Stage.INITIATE
    assert action.beneficiaries.get().member == aino

    # Eino sees a four-hour task, splits it in two and takes on the first part.
    volunteer = open_page(browser, live_server.url)
    log_in(volunteer, eino.email)
    volunteer.goto(f"{volunteer.base_url}/c/kallio/actions/{action.pk}/")
    expect(volunteer.get_by_text("Could it be split?")).to_be_visible()
    volunteer.get_by_role("link", name=re.compile("^Split")).click()
    check(volunteer, axe_check, "split a task")
    volunteer.get_by_label("Into how many tasks?").fill("2")
    volunteer.get_by_role("button", name="Split the task").click()
    expect(volunteer.get_by_text("The task is now 2 smaller tasks.")).to_be_visible()
    assert sorted(Task.objects.values_list("effort_minutes", flat=True)) == [120, 120]
    # (A "/" inside the pattern would end Playwright's selector, hence "1.2".)
    volunteer.get_by_role("button", name=re.compile(r"I'll do it.*\(1.2\)")).click()
    expect(volunteer.get_by_text("Thank you! You took on")).to_be_visible()
    check(volunteer, axe_check, "action page after claiming")

    # Done, with the time it really took; then the action moves on to assessment.
    volunteer.get_by_role("link", name=re.compile("^Mark done")).click()
    check(volunteer, axe_check, "mark done")
    volunteer.get_by_label("How many minutes did it take?").fill("100")
    volunteer.get_by_label("Kind of help").select_option("household")
    volunteer.get_by_role("button", name="Mark done").click()
    expect(volunteer.get_by_text("Your help is recorded")).to_be_visible()
    contribution = Contribution.objects.get()
    assert (contribution.minutes, contribution.contributor) == (100, eino)
    assert Claim.objects.get().status == ClaimStatus.DONE
    for stage in ("Design", "Deliver", "Assess"):
        volunteer.get_by_role("button", name=f"Move on to: {stage}").click()
        expect(volunteer.get_by_text(f"The action is now in the stage: {stage}.")).to_be_visible()
    check(volunteer, axe_check, "action page in assessment")

    # Aino thanks Eino for his help and says how useful it was, with the keyboard only.
    page.goto(f"{page.base_url}/c/kallio/actions/{action.pk}/")
    page.get_by_role("button", name=re.compile("Thank Eino Laine")).first.click()
    expect(page.get_by_text(re.compile("You thanked"))).to_be_visible()
    assert Thanks.objects.filter(member=aino, contribution=contribution).exists()
    page.get_by_role("link", name="Tell how it went").first.click()
    check(page, axe_check, "assessment form")
    page.get_by_label("5 – Very useful").focus()
    page.keyboard.press("Space")
    page.get_by_label("What difference did this make?").fill("I can sit outside again.")
    page.get_by_role("button", name="Send my answer").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_text("Thank you. Your answer helps")).to_be_visible()
    check(page, axe_check, "action page after assessing")
    assessment = Assessment.objects.get()
    assert (assessment.assessor, assessment.value_in_use) == (aino, 5)
    expect(page.get_by_text("I can sit outside again.")).to_be_visible()
    volunteer.context.close()
