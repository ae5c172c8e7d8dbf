"""Access-matrix rows of the contributions router (talkoot/api/tests/harness.py)."""

from talkoot.actions.models import ActionParticipant, Stage
from talkoot.actions.tests.factories import ActionFactory
from talkoot.api.tests.harness import Case
from talkoot.contributions.tests.factories import ContributionFactory, ThanksFactory

BASE = "/communities/kallio-seniors"


def _by_member(world):
    """Eino's own record (he may change it)."""
    return ContributionFactory(community=world.community, contributor=world.member)


def _by_steward(world):
    """Aino's record: Eino may see and thank it, not change it."""
    return ContributionFactory(community=world.community, contributor=world.steward)


def _thanked_already(world):
    contribution = _by_steward(world)
    ThanksFactory(contribution=contribution, member=world.member)
    return contribution


def _elsewhere(world):
    return ContributionFactory(community=world.other_community, contributor=world.outsider)


def _action_elsewhere(world):
    return ActionFactory(community=world.other_community)


def _assessing(world, *, taking_part: bool = True, stage: str = Stage.ASSESS):
    action = ActionFactory(community=world.community, stage=stage)
    if taking_part:
        ActionParticipant.objects.create(action=action, member=world.member)
    return action


def _record_body(made, **extra):
    return {"minutes": 45, "category": "company", "note": "Coffee and a walk.", **extra}


def _one(made) -> str:
    return f"{BASE}/contributions/{made.pk}"


def _assess(made) -> str:
    return f"{BASE}/actions/{made.pk}/assessments"


CASES = [
    Case("contributions_list", "GET", f"{BASE}/contributions", setup=_by_steward),
    Case(
        "contributions_list",
        "GET",
        lambda made: f"{BASE}/contributions?action_id={made.pk}",
        setup=_action_elsewhere,
        member=404,
        note="another community's action",
    ),
    Case("contribution_record", "POST", f"{BASE}/contributions", body=_record_body, member=201),
    Case(
        "contribution_record",
        "POST",
        f"{BASE}/contributions",
        setup=lambda world: world.steward,
        body=lambda steward: _record_body(steward, beneficiaries=[steward.pk]),
        member=201,
        note="to a person",
    ),
    Case(
        "contribution_record",
        "POST",
        f"{BASE}/contributions",
        setup=lambda world: world.outsider,
        body=lambda outsider: _record_body(outsider, beneficiaries=[outsider.pk]),
        member=422,
        note="for someone outside the community",
    ),
    Case(
        "contribution_record",
        "POST",
        f"{BASE}/contributions",
        setup=_action_elsewhere,
        body=lambda action: _record_body(action, action_id=action.pk),
        member=404,
        note="on another community's action",
    ),
    Case("contribution_detail", "GET", _one, setup=_by_steward),
    Case("contribution_detail", "GET", _one, setup=_elsewhere, member=404, note="another community's"),
    Case("contribution_edit", "PATCH", _one, setup=_by_member, body={"minutes": 60}),
    Case(
        "contribution_edit", "PATCH", _one, setup=_by_steward, body={"minutes": 60}, member=403, note="someone else's"
    ),
    Case("contribution_withdraw", "POST", lambda made: _one(made) + "/withdraw", setup=_by_member),
    Case(
        "contribution_withdraw",
        "POST",
        lambda made: _one(made) + "/withdraw",
        setup=_by_steward,
        member=403,
        note="someone else's",
    ),
    Case(
        "contribution_thank",
        "POST",
        lambda made: _one(made) + "/thanks",
        setup=_by_steward,
        body={"message": "Kiitos!"},
        member=201,
    ),
    Case(
        "contribution_thank",
        "POST",
        lambda made: _one(made) + "/thanks",
        setup=_thanked_already,
        body={},
        member=409,
        note="twice",
    ),
    Case(
        "contribution_thank",
        "POST",
        lambda made: _one(made) + "/thanks",
        setup=_by_member,
        body={},
        member=403,
        note="own record",
    ),
    Case(
        "assessment_submit",
        "POST",
        _assess,
        setup=_assessing,
        body={"value_in_use": 4, "difference": "Aino got out again."},
        member=201,
    ),
    Case(
        "assessment_submit",
        "POST",
        _assess,
        setup=lambda world: _assessing(world, taking_part=False),
        body={"value_in_use": 4},
        member=403,
        note="not taking part",
    ),
    Case(
        "assessment_submit",
        "POST",
        _assess,
        setup=lambda world: _assessing(world, stage=Stage.DELIVER),
        body={"value_in_use": 4},
        member=409,
        note="not being assessed",
    ),
]
