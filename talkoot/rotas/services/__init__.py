"""Writes for rotating teams: rotas, teams, duties (generated) and swaps. Each public function is one transaction.

Which team is on duty is a matter of counting: whole turns of `weeks_per_turn` weeks from the
week of the first time, in the community's time zone, modulo the number of teams. It is stored on
each duty when the duty is created, and an accepted swap exchanges the teams of two weeks.
"""

from talkoot.rotas.services.rotas import duties_generate, duties_remind, rota_create, rota_stop
from talkoot.rotas.services.rules import (
    REMIND_BEFORE,
    RESERVED_FOR_TEAM,
    generation_horizon,
    rota_url,
    team_position,
    week_begins_at,
    week_of,
)
from talkoot.rotas.services.swaps import swap_accept, swap_decline, swap_propose, swap_withdraw
from talkoot.rotas.services.teams import reservation_check, team_join, team_leave

__all__ = [
    "REMIND_BEFORE",
    "RESERVED_FOR_TEAM",
    "duties_generate",
    "duties_remind",
    "generation_horizon",
    "reservation_check",
    "rota_create",
    "rota_stop",
    "rota_url",
    "swap_accept",
    "swap_decline",
    "swap_propose",
    "swap_withdraw",
    "team_join",
    "team_leave",
    "team_position",
    "week_begins_at",
    "week_of",
]
