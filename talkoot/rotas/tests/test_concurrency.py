"""Two members of the other team accepting the same swap at once: one acceptance, one clear refusal."""

from datetime import timedelta

import pytest

from talkoot.communities.tests.factories import CommunityFactory
from talkoot.communities.tests.test_concurrency import _race
from talkoot.rotas.models import RotaSwap, SwapStatus
from talkoot.rotas.services import swap_accept, swap_propose, team_join, week_of
from talkoot.rotas.tests.factories import make_rota, member_of

pytestmark = pytest.mark.django_db(transaction=True)


def test_two_members_accepting_at_once_make_one_swap():
    community = CommunityFactory()
    rota = make_rota(community=community)
    proposer, first, second = member_of(community), member_of(community), member_of(community)
    team_join(member=proposer, team=rota.teams.get(position=0))
    for person in (first, second):
        team_join(member=person, team=rota.teams.get(position=1))
    week0 = week_of(rota.first_starts_at)
    swap = swap_propose(
        member=proposer,
        rota=rota,
        week=week0,
        other_team=rota.teams.get(position=1),
        other_week=week0 + timedelta(weeks=1),
    )

    outcomes = _race(lambda: swap_accept(member=first, swap=swap), lambda: swap_accept(member=second, swap=swap))

    assert sorted(kind for kind, _message in outcomes) == ["done", "refused"]
    assert [message for kind, message in outcomes if kind == "refused"] == ["This swap was accepted already."]
    swap = RotaSwap.objects.get()
    assert swap.status == SwapStatus.ACCEPTED
    assert swap.decided_by in (first, second)
    # Exchanged once, not twice (twice would put everything back).
    assert set(rota.duties.filter(week=week0).values_list("team__position", flat=True)) == {1}
    assert set(rota.duties.filter(week=week0 + timedelta(weeks=1)).values_list("team__position", flat=True)) == {0}
