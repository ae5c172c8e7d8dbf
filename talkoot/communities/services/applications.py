"""Applying to a community, withdrawing, and deciding on applications."""

from collections.abc import Sequence

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from talkoot.communities.access import may_decide_applications
from talkoot.communities.models import Application, ApplicationStatus, Community, JoinPolicy, Membership
from talkoot.communities.services.rules import (
    DECISION_MESSAGE_MAX_LENGTH,
    MAX_ANSWER_LENGTH,
    active_membership_exists,
    clean_text,
    refuse_if_closed_to,
)
from talkoot.core.errors import ApplicationError
from talkoot.history.models import HistoryKind
from talkoot.history.services import history_record
from talkoot.members.models import Member
from talkoot.notifications import events


@transaction.atomic
def application_submit(
    *,
    applicant: Member,
    community: Community,
    answers: Sequence[str],
    questions_seen: Sequence[str] | None = None,
) -> Application:
    """Apply to a community that takes members by application, answering its own questions.

    `answers` follow the community's questions in order; each is stored next to the text of
    its question, so a later change of the questions keeps the record readable. Pass
    `questions_seen` (the questions the form showed) to refuse answers to changed questions.
    """
    community = Community.objects.get(pk=community.pk)
    refuse_if_closed_to(member=applicant, community=community)
    if community.join_policy != JoinPolicy.APPLICATION:
        raise ApplicationError(
            _("%(community)s is open to everyone: you can join it straight away.") % {"community": community.name}
        )
    if Application.objects.pending().filter(community=community, applicant=applicant).exists():
        raise ApplicationError(_already_applied(community))
    questions = list(community.application_questions)
    if questions_seen is not None and list(questions_seen) != questions:
        raise ApplicationError(
            _("The questions of %(community)s changed while you were answering. Please read them again.")
            % {"community": community.name}
        )
    if len(answers) != len(questions):
        raise ApplicationError(_("Please answer every question."), field="answers")
    recorded = []
    for index, (question, raw_answer) in enumerate(zip(questions, answers, strict=True)):
        answer = clean_text(raw_answer, max_length=MAX_ANSWER_LENGTH, field=f"answer_{index}")
        if not answer:
            raise ApplicationError(_("Please answer this question."), field=f"answer_{index}")
        recorded.append({"question": question, "answer": answer})
    try:
        with transaction.atomic():
            return Application.objects.create(community=community, applicant=applicant, answers=recorded)
    except IntegrityError:
        raise ApplicationError(_already_applied(community)) from None


def _already_applied(community: Community) -> str:
    return _("You have already applied to %(community)s. Your application is waiting for a decision.") % {
        "community": community.name
    }


@transaction.atomic
def application_withdraw(*, applicant: Member, community: Community) -> Application:
    """Withdraw the applicant's pending application to the community."""
    mine = Application.objects.filter(community=community, applicant=applicant)
    pending = mine.pending().first()
    # Conditional on still pending: a decision taken a moment ago wins over the withdrawal.
    if pending is not None and mine.pending().filter(pk=pending.pk).update(
        status=ApplicationStatus.WITHDRAWN, updated_at=timezone.now()
    ):
        pending.refresh_from_db()
        return pending
    latest = mine.select_related("decided_by").order_by("-updated_at", "-id").first()
    if latest is not None and latest.status in (ApplicationStatus.ACCEPTED, ApplicationStatus.DECLINED):
        raise ApplicationError(_decided_message(latest))
    raise ApplicationError(
        _("You have no application waiting for a decision in %(community)s.") % {"community": community.name}
    )


@transaction.atomic
def application_withdraw_all(*, applicant: Member) -> int:
    """Withdraw every pending application of the applicant (when their account is deleted)."""
    return (
        Application.objects.pending()
        .filter(applicant=applicant)
        .update(status=ApplicationStatus.WITHDRAWN, updated_at=timezone.now())
    )


def _decided_message(application: Application) -> str:
    decider = application.decided_by.display_name if application.decided_by_id and application.decided_by else ""
    if application.status == ApplicationStatus.ACCEPTED:
        if decider:
            return _("This application was already accepted by %(name)s.") % {"name": decider}
        return _("This application was already accepted.")
    if application.status == ApplicationStatus.DECLINED:
        if decider:
            return _("This application was already declined by %(name)s.") % {"name": decider}
        return _("This application was already declined.")
    if application.status == ApplicationStatus.WITHDRAWN:
        return _("The applicant withdrew this application.")
    return _("This application is waiting for a decision.")


@transaction.atomic
def application_decide(*, decider: Member, application: Application, accept: bool, message: str = "") -> Application:
    """Accept or decline a pending application: any member while the community has no steward,
    then its stewards only (`trust.may_decide_applications`).

    The decision is one conditional UPDATE on the pending row: if two members press at the
    same moment, one updates the row and the other finds it decided and is told by whom.
    Accepting makes the applicant a member in the same transaction.
    """
    message = clean_text(message, max_length=DECISION_MESSAGE_MAX_LENGTH, field="message")
    community = Community.objects.get(pk=application.community_id)
    if not active_membership_exists(member=decider, community=community):
        raise ApplicationError(
            _("Only members of %(community)s can decide on its applications.") % {"community": community.name}
        )
    if not may_decide_applications(decider, community):
        raise ApplicationError(
            _("%(community)s has stewards now: they decide on applications. You can tell them what you think.")
            % {"community": community.name}
        )
    applicant = Member.objects.only("id", "display_name", "is_active").get(pk=application.applicant_id)
    if accept and not applicant.is_active:
        raise ApplicationError(_("This person has deleted their account, so the application can only be declined."))

    now = timezone.now()
    status = ApplicationStatus.ACCEPTED if accept else ApplicationStatus.DECLINED
    decided = (
        Application.objects.pending()
        .filter(pk=application.pk)
        .update(status=status, decided_by=decider, decided_at=now, decision_message=message, updated_at=now)
    )
    if not decided:
        current = Application.objects.select_related("decided_by").get(pk=application.pk)
        raise ApplicationError(_decided_message(current))

    if accept:
        try:
            with transaction.atomic():
                Membership.objects.create(community=community, member=applicant, joined_at=now)
        except IntegrityError:
            pass  # already a member by another way: the acceptance stands, one membership remains
    history_record(
        community=community,
        kind=HistoryKind.APPLICATION_ACCEPTED if accept else HistoryKind.APPLICATION_DECLINED,
        actor=decider,
        subject=applicant,
        detail={"application_id": application.pk},
    )
    events.application_decided(application, community=community, decider=decider, accepted=accept)
    application.refresh_from_db()
    return application
