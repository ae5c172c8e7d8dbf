"""Writes for communities: creating and editing them, joining, applying, deciding and leaving.

Each service is one transaction. A broken rule raises ApplicationError with a message for a
person, in the language active for the request. Every change of power (a community created,
a member in or out, an application decided, the rules for joining changed) writes a History
row in the same transaction, so the record and the change stand or fall together.

Races are settled by the database, never by a check-then-write in Python alone: the partial
unique constraints on Membership and Application turn a double click into an IntegrityError
(caught here, inside a savepoint), and a decision is one conditional
`UPDATE ... WHERE status = 'pending'`, so of two members deciding at once exactly one wins on
SQLite and PostgreSQL alike.
"""

from talkoot.communities.services.applications import (
    application_decide,
    application_submit,
    application_withdraw,
    application_withdraw_all,
)
from talkoot.communities.services.communities import RULE_FIELDS, community_create, community_update, slug_base
from talkoot.communities.services.memberships import membership_join, membership_leave
from talkoot.communities.services.rules import (
    DECISION_MESSAGE_MAX_LENGTH,
    DESCRIPTION_MAX_LENGTH,
    MAX_ANSWER_LENGTH,
    MAX_QUESTION_LENGTH,
    MAX_QUESTIONS,
    MUNICIPALITY_MAX_LENGTH,
    NAME_MAX_LENGTH,
    NORMS_MAX_LENGTH,
    clean_questions,
    clean_text,
)
from talkoot.communities.services.trust import stewardship_recompute, trust_give, trust_withdraw

__all__ = [
    "DECISION_MESSAGE_MAX_LENGTH",
    "DESCRIPTION_MAX_LENGTH",
    "MAX_ANSWER_LENGTH",
    "MAX_QUESTIONS",
    "MAX_QUESTION_LENGTH",
    "MUNICIPALITY_MAX_LENGTH",
    "NAME_MAX_LENGTH",
    "NORMS_MAX_LENGTH",
    "application_decide",
    "application_submit",
    "application_withdraw",
    "application_withdraw_all",
    "clean_questions",
    "clean_text",
    "community_create",
    "community_update",
    "RULE_FIELDS",
    "membership_join",
    "membership_leave",
    "slug_base",
    "stewardship_recompute",
    "trust_give",
    "trust_withdraw",
]
