"""talkoot is not a time bank: no page speaks of balances, debts, credits or rankings, in any language.

Every page of the co-production core is rendered for a member who has given and received
help, in English and in Finnish, and its visible text is searched for the forbidden words.
"""

import re
from datetime import timedelta

import pytest
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.html import strip_tags

from talkoot.actions.models import Stage
from talkoot.actions.tests.factories import ActionFactory, ClaimFactory, TaskFactory
from talkoot.contributions.models import Assessment, Contribution

pytestmark = pytest.mark.django_db

FORBIDDEN = re.compile(
    r"\b(balance|debts?|owe[sd]?|owing|credits?|in the red|leaderboard|rank(ing|ed)?|"
    r"saldo\w*|velk\w*|hyvity\w*|tase\w*|pistee\w*|ranki\w*)\b",
    re.IGNORECASE,
)


@pytest.fixture
def story(community, member, steward):
    """Eino helped Aino, Aino helped Eino back, both thanked, an action is being assessed."""
    action = ActionFactory(community=community, stage=Stage.ASSESS, assess_started_at=timezone.now())
    action.participants.create(member=member)
    action.beneficiaries.create(member=steward)
    task = TaskFactory(action=action, effort_minutes=60, taken=1, starts_at=timezone.now() + timedelta(days=1))
    claim = ClaimFactory(task=task, member=member)
    TaskFactory(action=action, effort_minutes=200, slots=2)
    given = Contribution.objects.create(
        contributor=member, community=community, action=action, minutes=60, happened_at=timezone.now()
    )
    given.beneficiaries.create(member=steward)
    given.thanks.create(member=steward, message="Kiitos paljon!")
    received = Contribution.objects.create(
        contributor=steward, community=community, minutes=30, category="meals", happened_at=timezone.now()
    )
    received.beneficiaries.create(member=member)
    received.thanks.create(member=member)
    Contribution.objects.create(contributor=member, community=community, minutes=45, happened_at=timezone.now())
    Assessment.objects.create(action=action, assessor=steward, value_in_use=5, difference="Less lonely.")
    return {"action": action, "task": task, "claim": claim, "contribution": given}


def _pages(community, member, story) -> list[str]:
    slug = community.slug
    candidates = [
        ("communities:detail", [slug]),
        ("actions:detail", [slug, story["action"].pk]),
        ("actions:start", [slug]),
        ("actions:need_help", [slug]),
        ("actions:task_create", [slug, story["action"].pk]),
        ("actions:task_split", [slug, story["task"].pk]),
        ("actions:claim_done", [slug, story["claim"].pk]),
        ("actions:assess", [slug, story["action"].pk]),
        ("actions:for_you", [slug]),
        ("contributions:record", [slug]),
        ("contributions:edit", [slug, story["contribution"].pk]),
        ("contributions:story", [slug, member.pk]),
        ("members:profile", []),
    ]
    urls = []
    for name, args in candidates:
        try:
            urls.append(reverse(name, args=args))
        except NoReverseMatch:
            pytest.fail(f"{name} is missing; the co-production core needs it")
    return urls


@pytest.mark.parametrize("language", ["en", "fi"])
def test_no_page_speaks_of_balances_or_debts(community, member, story, client_for, language):
    member.language = language
    member.save()
    client = client_for(member)
    for url in _pages(community, member, story):
        response = client.get(url)
        assert response.status_code == 200, url
        text = strip_tags(response.content.decode())
        found = FORBIDDEN.findall(text)
        assert not found, f"{url} ({language}) says {found}"
