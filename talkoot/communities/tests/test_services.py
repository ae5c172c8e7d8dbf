import pytest
from django.db import transaction
from django.utils import timezone

from talkoot.communities import services
from talkoot.communities.models import Application, ApplicationStatus, Community, JoinPolicy, Membership, Visibility
from talkoot.communities.tests.factories import CommunityFactory, MembershipFactory
from talkoot.core.errors import ApplicationError
from talkoot.history.models import HistoryEntry, HistoryKind
from talkoot.members.tests.factories import MemberFactory

pytestmark = pytest.mark.django_db


def _history(community, kind):
    return list(HistoryEntry.objects.filter(community=community, kind=kind))


def _active(community, member) -> bool:
    return Membership.objects.active().filter(community=community, member=member).exists()


# --- community_create ----------------------------------------------------------------------------


def test_create_makes_creator_first_member_and_records_history(newcomer):
    community = services.community_create(
        creator=newcomer,
        name="  Kallio   Knitting Circle ",
        description="We knit.\r\nOn Tuesdays.",
        norms="Be kind.",
        municipality="Helsinki",
        visibility=Visibility.PUBLIC,
        join_policy=JoinPolicy.APPLICATION,
        application_questions="Why?\n\n  What can you bring?  \n",
    )
    assert community.name == "Kallio Knitting Circle"
    assert community.slug == "kallio-knitting-circle"
    assert community.description == "We knit.\nOn Tuesdays."
    assert community.application_questions == ["Why?", "What can you bring?"]
    assert community.created_by == newcomer
    assert list(Membership.objects.active().filter(community=community).values_list("member", flat=True)) == [
        newcomer.pk
    ]
    [entry] = _history(community, HistoryKind.COMMUNITY_CREATED)
    assert entry.actor == newcomer


def test_create_numbers_the_slug_when_the_name_is_taken(newcomer):
    slugs = [services.community_create(creator=newcomer, name="Café Seniors").slug for _ in range(3)]
    assert slugs == ["cafe-seniors", "cafe-seniors-2", "cafe-seniors-3"]


def test_create_does_not_count_a_longer_slug_as_taken(newcomer):
    CommunityFactory(slug="kallio-seniors-together")
    assert services.community_create(creator=newcomer, name="Kallio").slug == "kallio"


def test_create_transliterates_and_falls_back_for_names_in_other_scripts(newcomer):
    assert services.community_create(creator=newcomer, name="Äänekosken Ystävät").slug == "aanekosken-ystavat"
    russian = services.community_create(creator=newcomer, name="Друзья соседей")
    arabic = services.community_create(creator=newcomer, name="جيران طيبون")
    assert (russian.slug, arabic.slug) == ("community", "community-2")
    assert arabic.name == "جيران طيبون"


def test_create_rejects_a_blank_name(newcomer):
    with pytest.raises(ApplicationError) as error:
        services.community_create(creator=newcomer, name="   ")
    assert error.value.field == "name"
    assert not Community.objects.exists()


def test_create_rejects_a_ten_thousand_character_description(newcomer):
    with pytest.raises(ApplicationError) as error:
        services.community_create(creator=newcomer, name="Long", description="x" * 10_000)
    assert error.value.field == "description"
    assert "10000" in error.value.message
    assert not Community.objects.exists()


def test_create_rejects_more_than_five_questions(newcomer):
    with pytest.raises(ApplicationError) as error:
        services.community_create(
            creator=newcomer, name="Curious", join_policy=JoinPolicy.APPLICATION, application_questions=list("abcdef")
        )
    assert error.value.field == "application_questions"


def test_create_rejects_an_unknown_visibility(newcomer):
    with pytest.raises(ApplicationError) as error:
        services.community_create(creator=newcomer, name="Odd", visibility="secret")
    assert error.value.field == "visibility"


def test_create_rejects_nul_characters(newcomer):
    with pytest.raises(ApplicationError):
        services.community_create(creator=newcomer, name="Null\x00Community")


def test_create_keeps_markup_as_plain_text(newcomer):
    community = services.community_create(creator=newcomer, name="<script>alert(1)</script>")
    assert community.name == "<script>alert(1)</script>"
    assert community.slug == "scriptalert1script"


# --- community_update ----------------------------------------------------------------------------


def _update_args(community, **changes):
    values = {
        "name": community.name,
        "description": community.description,
        "norms": community.norms,
        "municipality": community.municipality,
        "visibility": community.visibility,
        "join_policy": community.join_policy,
        "application_questions": community.application_questions,
    }
    return {**values, **changes}


def test_update_by_a_member_changes_text_without_history(open_community, founder):
    services.community_update(
        community=open_community, editor=founder, **_update_args(open_community, description="New words")
    )
    open_community.refresh_from_db()
    assert open_community.description == "New words"
    assert open_community.slug == "espoo-coffee"
    assert not _history(open_community, HistoryKind.RULES_CHANGED)


def test_update_of_who_can_join_is_recorded_in_history(open_community, founder):
    services.community_update(
        community=open_community,
        editor=founder,
        **_update_args(open_community, join_policy=JoinPolicy.APPLICATION, application_questions=["Why?"]),
    )
    [entry] = _history(open_community, HistoryKind.RULES_CHANGED)
    assert entry.actor == founder
    assert entry.detail["join_policy"] == ["open", "application"]
    assert entry.detail["application_questions"] == [[], ["Why?"]]
    assert "visibility" not in entry.detail


def test_update_rejects_a_non_member(open_community, newcomer):
    with pytest.raises(ApplicationError):
        services.community_update(community=open_community, editor=newcomer, **_update_args(open_community, name="X"))
    open_community.refresh_from_db()
    assert open_community.name == "Espoo Coffee Mornings"


def test_update_rejects_a_stale_form(open_community, founder):
    seen = open_community.updated_at
    services.community_update(community=open_community, editor=founder, **_update_args(open_community, norms="A"))
    with pytest.raises(ApplicationError) as error:
        services.community_update(
            community=open_community, editor=founder, seen_updated_at=seen, **_update_args(open_community, norms="B")
        )
    assert "while you were editing" in error.value.message
    open_community.refresh_from_db()
    assert open_community.norms == "A"


# --- membership_join and membership_leave ----------------------------------------------------------


def test_join_open_community_makes_a_member_and_records_history(open_community, newcomer):
    membership = services.membership_join(member=newcomer, community=open_community)
    assert membership.left_at is None
    [entry] = _history(open_community, HistoryKind.MEMBER_JOINED)
    assert (entry.actor, entry.subject) == (newcomer, newcomer)


def test_join_rejects_an_application_only_community(application_community, newcomer):
    with pytest.raises(ApplicationError) as error:
        services.membership_join(member=newcomer, community=application_community)
    assert "apply" in error.value.message
    assert not _active(application_community, newcomer)


def test_join_rejects_a_member_joining_twice(open_community, founder):
    with pytest.raises(ApplicationError) as error:
        services.membership_join(member=founder, community=open_community)
    assert "already a member" in error.value.message
    assert Membership.objects.filter(community=open_community, member=founder).count() == 1


def test_join_rejects_a_private_community(newcomer):
    private_open = CommunityFactory(visibility=Visibility.PRIVATE, join_policy=JoinPolicy.OPEN)
    with pytest.raises(ApplicationError):
        services.membership_join(member=newcomer, community=private_open)
    assert not _active(private_open, newcomer)


def test_join_withdraws_a_pending_application_that_became_moot(pending_application, application_community, founder):
    application_community.join_policy = JoinPolicy.OPEN
    application_community.save()
    services.membership_join(member=pending_application.applicant, community=application_community)
    pending_application.refresh_from_db()
    assert pending_application.status == ApplicationStatus.WITHDRAWN


def test_leave_ends_membership_keeps_the_row_and_records_history(open_community, founder):
    services.membership_leave(member=founder, community=open_community)
    membership = Membership.objects.get(community=open_community, member=founder)
    assert membership.left_at is not None
    [entry] = _history(open_community, HistoryKind.MEMBER_LEFT)
    assert entry.subject == founder


def test_leave_rejects_someone_who_is_not_a_member(open_community, newcomer):
    with pytest.raises(ApplicationError):
        services.membership_leave(member=newcomer, community=open_community)
    assert not _history(open_community, HistoryKind.MEMBER_LEFT)


def test_leave_twice_records_one_departure(open_community, founder):
    services.membership_leave(member=founder, community=open_community)
    with pytest.raises(ApplicationError):
        services.membership_leave(member=founder, community=open_community)
    assert len(_history(open_community, HistoryKind.MEMBER_LEFT)) == 1


def test_leave_works_inside_the_callers_transaction(open_community, founder, other_community):
    """Account deletion leaves every community within its own transaction."""
    MembershipFactory(community=other_community, member=founder)
    with transaction.atomic():
        for community in (open_community, other_community):
            services.membership_leave(member=founder, community=community)
    assert not Membership.objects.active().filter(member=founder).exists()


def test_a_former_member_can_join_again(open_community, newcomer):
    services.membership_join(member=newcomer, community=open_community)
    services.membership_leave(member=newcomer, community=open_community)
    services.membership_join(member=newcomer, community=open_community)
    assert Membership.objects.filter(community=open_community, member=newcomer).count() == 2
    assert _active(open_community, newcomer)


# --- application_submit and application_withdraw ---------------------------------------------------


def test_submit_stores_each_answer_with_its_question(application_community, newcomer):
    application = services.application_submit(
        applicant=newcomer, community=application_community, answers=["  To walk.  ", "Mondays\r\nand Fridays"]
    )
    assert application.status == ApplicationStatus.PENDING
    assert application.answers == [
        {"question": "Why would you like to join?", "answer": "To walk."},
        {"question": "Which days suit you?", "answer": "Mondays\nand Fridays"},
    ]
    assert not _history(application_community, HistoryKind.APPLICATION_ACCEPTED)


def test_submit_rejects_applying_twice(pending_application, application_community, newcomer):
    with pytest.raises(ApplicationError) as error:
        services.application_submit(applicant=newcomer, community=application_community, answers=["a", "b"])
    assert "already applied" in error.value.message
    assert Application.objects.filter(applicant=newcomer).count() == 1


def test_submit_rejects_a_member(application_community, founder):
    with pytest.raises(ApplicationError) as error:
        services.application_submit(applicant=founder, community=application_community, answers=["a", "b"])
    assert "already a member" in error.value.message


def test_submit_rejects_an_open_community(open_community, newcomer):
    with pytest.raises(ApplicationError) as error:
        services.application_submit(applicant=newcomer, community=open_community, answers=[])
    assert "join it straight away" in error.value.message


def test_submit_rejects_a_private_community(community, newcomer):
    with pytest.raises(ApplicationError):
        services.application_submit(applicant=newcomer, community=community, answers=["Because."])
    assert not Application.objects.filter(community=community).exists()


def test_submit_rejects_a_blank_answer_on_its_field(application_community, newcomer):
    with pytest.raises(ApplicationError) as error:
        services.application_submit(applicant=newcomer, community=application_community, answers=["Yes", "   "])
    assert error.value.field == "answer_1"


def test_submit_rejects_answers_to_questions_that_changed(application_community, newcomer):
    with pytest.raises(ApplicationError) as error:
        services.application_submit(
            applicant=newcomer,
            community=application_community,
            answers=["a", "b"],
            questions_seen=["An old question", "Which days suit you?"],
        )
    assert "changed" in error.value.message


def test_submit_after_a_decline_is_allowed(pending_application, application_community, founder, newcomer):
    services.application_decide(decider=founder, application=pending_application, accept=False)
    services.application_submit(applicant=newcomer, community=application_community, answers=["Again", "Any"])
    assert Application.objects.filter(applicant=newcomer, status=ApplicationStatus.PENDING).count() == 1


def test_withdraw_ends_a_pending_application(pending_application, application_community, newcomer):
    application = services.application_withdraw(applicant=newcomer, community=application_community)
    assert application.pk == pending_application.pk
    assert application.status == ApplicationStatus.WITHDRAWN


def test_withdraw_rejects_when_nothing_is_pending(application_community, newcomer):
    with pytest.raises(ApplicationError) as error:
        services.application_withdraw(applicant=newcomer, community=application_community)
    assert "no application" in error.value.message


def test_withdraw_explains_an_application_already_accepted(pending_application, application_community, founder):
    services.application_decide(decider=founder, application=pending_application, accept=True)
    with pytest.raises(ApplicationError) as error:
        services.application_withdraw(applicant=pending_application.applicant, community=application_community)
    assert error.value.message == "This application was already accepted by Helmi Founder."


def test_withdraw_all_withdraws_every_pending_application(pending_application, newcomer):
    other = CommunityFactory(join_policy=JoinPolicy.APPLICATION)
    services.application_submit(applicant=newcomer, community=other, answers=[])
    assert services.application_withdraw_all(applicant=newcomer) == 2
    assert not Application.objects.pending().filter(applicant=newcomer).exists()


# --- application_decide ------------------------------------------------------------------------


def test_decide_accept_admits_the_applicant_and_records_history(pending_application, application_community, founder):
    application = services.application_decide(
        decider=founder, application=pending_application, accept=True, message="Welcome!"
    )
    assert application.status == ApplicationStatus.ACCEPTED
    assert (application.decided_by, application.decision_message) == (founder, "Welcome!")
    assert application.decided_at is not None
    assert _active(application_community, pending_application.applicant)
    [entry] = _history(application_community, HistoryKind.APPLICATION_ACCEPTED)
    assert (entry.actor, entry.subject) == (founder, pending_application.applicant)
    assert entry.detail == {"application_id": application.pk}


def test_decide_decline_admits_nobody_and_records_history(pending_application, application_community, founder):
    application = services.application_decide(decider=founder, application=pending_application, accept=False)
    assert application.status == ApplicationStatus.DECLINED
    assert not _active(application_community, pending_application.applicant)
    assert len(_history(application_community, HistoryKind.APPLICATION_DECLINED)) == 1


def test_decide_rejects_already_decided_application(pending_application, application_community, founder):
    other_member = MemberFactory(display_name="Toivo Toinen")
    MembershipFactory(community=application_community, member=other_member)
    services.application_decide(decider=founder, application=pending_application, accept=True)
    stale_copy = Application.objects.get(pk=pending_application.pk)
    with pytest.raises(ApplicationError) as error:
        services.application_decide(decider=other_member, application=stale_copy, accept=False)
    assert error.value.message == "This application was already accepted by Helmi Founder."
    pending_application.refresh_from_db()
    assert pending_application.status == ApplicationStatus.ACCEPTED
    assert Membership.objects.filter(community=application_community, member=pending_application.applicant).count() == 1
    assert not _history(application_community, HistoryKind.APPLICATION_DECLINED)


def test_decide_rejects_a_withdrawn_application(pending_application, application_community, founder, newcomer):
    services.application_withdraw(applicant=newcomer, community=application_community)
    with pytest.raises(ApplicationError) as error:
        services.application_decide(decider=founder, application=pending_application, accept=True)
    assert "withdrew" in error.value.message
    assert not _active(application_community, newcomer)


def test_decide_rejects_a_decider_who_is_not_a_member(pending_application, outsider):
    with pytest.raises(ApplicationError):
        services.application_decide(decider=outsider, application=pending_application, accept=True)
    pending_application.refresh_from_db()
    assert pending_application.status == ApplicationStatus.PENDING


def test_decide_rejects_a_too_long_message(pending_application, founder):
    with pytest.raises(ApplicationError) as error:
        services.application_decide(decider=founder, application=pending_application, accept=False, message="x" * 2001)
    assert error.value.field == "message"
    pending_application.refresh_from_db()
    assert pending_application.status == ApplicationStatus.PENDING


def test_decide_cannot_accept_a_deleted_account(pending_application, founder, newcomer):
    newcomer.is_active = False
    newcomer.deleted_at = timezone.now()
    newcomer.save()
    with pytest.raises(ApplicationError):
        services.application_decide(decider=founder, application=pending_application, accept=True)
    services.application_decide(decider=founder, application=pending_application, accept=False)
    pending_application.refresh_from_db()
    assert pending_application.status == ApplicationStatus.DECLINED


def test_with_a_second_member_the_rules_change_only_by_consent(open_community, founder, newcomer):
    services.membership_join(member=newcomer, community=open_community)
    with pytest.raises(ApplicationError) as error:
        services.community_update(
            community=open_community, editor=founder, **_update_args(open_community, join_policy=JoinPolicy.APPLICATION)
        )
    assert error.value.field == "join_policy" and "make a proposal" in error.value.message
    # The name and the description are still anyone's to change.
    services.community_update(community=open_community, editor=newcomer, **_update_args(open_community, name="Kahvi"))
    open_community.refresh_from_db()
    assert (open_community.name, open_community.join_policy) == ("Kahvi", JoinPolicy.OPEN)
