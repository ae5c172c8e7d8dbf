"""Who decides on reports: the stewards; while a community has none, any member (as for applications)."""

from talkoot.communities.access import may_decide_applications


def may_act_on_reports(member, community) -> bool:
    return may_decide_applications(member, community)
