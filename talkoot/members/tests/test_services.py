import datetime
from decimal import Decimal

import pytest
from django.core import signing
from django.utils import timezone

from talkoot.core.errors import ApplicationError
from talkoot.members import services, tokens
from talkoot.members.availability import ALL_SLOTS_MASK, mask_from_slots
from talkoot.members.models import Member, Skill
from talkoot.members.tests.factories import PASSWORD, MemberFactory
from talkoot.members.tests.helpers import mailed_path

pytestmark = pytest.mark.django_db


def sign_up(**overrides):
    values = {
        "email": "Helmi.Salo@Example.org",
        "display_name": "Helmi Salo",
        "password": "kahvi-ja-pulla-2026",
        "language": "en",
        "client_address": "203.0.113.5",
    }
    return services.member_sign_up(**{**values, **overrides})


def old_token(member, *, seconds_ago: int) -> str:
    """A genuine token signed `seconds_ago` seconds in the past."""

    class PastSigner(signing.TimestampSigner):
        def timestamp(self):
            return signing.b62_encode(int(timezone.now().timestamp()) - seconds_ago)

    return tokens.make_email_confirmation_token(member, signer=PastSigner(salt=tokens.SALT))


# --- Sign-up ----------------------------------------------------------------------------------


def test_sign_up_stores_the_email_lower_cased_and_unconfirmed(django_capture_on_commit_callbacks, mailoutbox):
    with django_capture_on_commit_callbacks(execute=True):
        member = sign_up()
    member.refresh_from_db()
    assert member.email == "helmi.salo@example.org"
    assert member.display_name == "Helmi Salo"
    assert member.email_confirmed_at is None
    assert member.check_password("kahvi-ja-pulla-2026")
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["helmi.salo@example.org"]


def test_sign_up_refuses_a_duplicate_email_whatever_its_case():
    MemberFactory(email="helmi.salo@example.org")
    with pytest.raises(ApplicationError, match="already an account") as caught:
        sign_up(email="HELMI.SALO@example.ORG")
    assert caught.value.field == "email"
    assert Member.objects.filter(email__iexact="helmi.salo@example.org").count() == 1


def test_sign_up_refuses_a_weak_password_with_the_validators_reasons():
    with pytest.raises(ApplicationError) as caught:
        sign_up(password="12345")
    assert caught.value.field == "password1"
    assert "too short" in caught.value.message
    assert not Member.objects.filter(email="helmi.salo@example.org").exists()


def test_sign_up_refuses_an_empty_or_overlong_name():
    with pytest.raises(ApplicationError) as caught:
        sign_up(display_name="   ")
    assert caught.value.field == "display_name"
    with pytest.raises(ApplicationError, match="at most 80"):
        sign_up(display_name="x" * 10_000)


def test_sign_up_refuses_the_addresses_kept_for_deleted_accounts():
    member = MemberFactory()
    with pytest.raises(ApplicationError, match="can receive mail") as caught:
        sign_up(email=f"deleted-{member.pk}@deleted.invalid")
    assert caught.value.field == "email"
    services.member_delete_account(member=member)  # its placeholder stays free


def test_sign_up_is_rate_limited_per_client_address(settings):
    settings.SIGNUP_LIMIT_PER_HOUR = 2
    sign_up(email="one@example.org")
    sign_up(email="two@example.org")
    with pytest.raises(ApplicationError, match="Too many accounts"):
        sign_up(email="three@example.org")
    sign_up(email="four@example.org", client_address="198.51.100.7")  # another network is not affected
    assert not Member.objects.filter(email="three@example.org").exists()


def test_sign_up_sends_the_confirmation_in_the_members_language(django_capture_on_commit_callbacks, mailoutbox):
    with django_capture_on_commit_callbacks(execute=True):
        sign_up(language="fi")
    message = mailoutbox[0]
    assert message.extra_headers["Content-Language"] == "fi"
    assert "helmi.salo" not in mailed_path(message, "/confirm-email/").lower()


def test_confirmation_mail_waits_for_the_commit(django_capture_on_commit_callbacks, mailoutbox):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        sign_up()
    assert mailoutbox == []  # nothing leaves before the transaction commits
    assert len(callbacks) == 1


# --- E-mail confirmation ----------------------------------------------------------------------


def test_confirm_email_marks_the_address_confirmed():
    member = MemberFactory(email_confirmed_at=None)
    confirmed = services.member_confirm_email(token=tokens.make_email_confirmation_token(member))
    assert confirmed.pk == member.pk
    member.refresh_from_db()
    assert member.email_confirmed_at is not None


def test_confirm_email_twice_says_it_is_already_confirmed():
    member = MemberFactory(email_confirmed_at=None)
    token = tokens.make_email_confirmation_token(member)
    services.member_confirm_email(token=token)
    with pytest.raises(ApplicationError, match="already confirmed"):
        services.member_confirm_email(token=token)


def test_confirm_email_refuses_an_expired_token(settings):
    member = MemberFactory(email_confirmed_at=None)
    token = old_token(member, seconds_ago=settings.EMAIL_CONFIRMATION_TIMEOUT + 60)
    with pytest.raises(ApplicationError, match="expired"):
        services.member_confirm_email(token=token)
    member.refresh_from_db()
    assert member.email_confirmed_at is None


def test_confirm_email_accepts_a_token_just_inside_its_lifetime(settings):
    member = MemberFactory(email_confirmed_at=None)
    services.member_confirm_email(token=old_token(member, seconds_ago=settings.EMAIL_CONFIRMATION_TIMEOUT - 60))
    member.refresh_from_db()
    assert member.email_confirmed_at is not None


@pytest.mark.parametrize(
    "forge",
    [
        lambda token: token[:-1] + ("A" if token[-1] != "A" else "B"),  # signature changed
        lambda token: "x" + token,  # payload changed
        lambda token: "",
        lambda token: "not-a-token",
        lambda token: signing.TimestampSigner(salt="something else").sign_object({"m": 1, "e": "x"}),
    ],
)
def test_confirm_email_refuses_a_forged_token(forge):
    member = MemberFactory(email_confirmed_at=None)
    with pytest.raises(ApplicationError, match="not valid"):
        services.member_confirm_email(token=forge(tokens.make_email_confirmation_token(member)))
    member.refresh_from_db()
    assert member.email_confirmed_at is None


def test_confirm_email_refuses_a_token_for_another_address_of_the_member():
    member = MemberFactory(email_confirmed_at=None, email="old@example.org")
    token = tokens.make_email_confirmation_token(member)
    Member.objects.filter(pk=member.pk).update(email="new@example.org")
    with pytest.raises(ApplicationError, match="not valid"):
        services.member_confirm_email(token=token)


def test_confirmation_token_carries_no_email_address():
    member = MemberFactory(email="visible.person@example.org")
    token = tokens.make_email_confirmation_token(member)
    decoded = signing.b64_decode(token.split(":")[0].encode()).decode()
    assert "visible" not in token
    assert "visible" not in decoded


def test_resend_confirmation_sends_a_fresh_link(django_capture_on_commit_callbacks, mailoutbox):
    member = MemberFactory(email_confirmed_at=None)
    with django_capture_on_commit_callbacks(execute=True):
        services.member_resend_email_confirmation(member=member)
    assert mailoutbox[0].to == [member.email]
    assert "/confirm-email/" in mailed_path(mailoutbox[0], "/confirm-email/")


def test_resend_confirmation_is_refused_once_confirmed():
    with pytest.raises(ApplicationError, match="already confirmed"):
        services.member_resend_email_confirmation(member=MemberFactory())


def test_resend_confirmation_is_rate_limited(django_capture_on_commit_callbacks, mailoutbox):
    member = MemberFactory(email_confirmed_at=None)
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(services.CONFIRMATION_RESENDS_PER_HOUR):
            services.member_resend_email_confirmation(member=member)
        with pytest.raises(ApplicationError, match="several links"):
            services.member_resend_email_confirmation(member=member)
    assert len(mailoutbox) == services.CONFIRMATION_RESENDS_PER_HOUR


# --- Password reset request ------------------------------------------------------------------


def test_password_reset_request_mails_a_link_in_the_members_language(django_capture_on_commit_callbacks, mailoutbox):
    member = MemberFactory(email="reset.me@example.org", language="fi")
    with django_capture_on_commit_callbacks(execute=True):
        services.member_request_password_reset(email=" Reset.Me@Example.org ")
    assert mailoutbox[0].to == [member.email]
    assert mailoutbox[0].extra_headers["Content-Language"] == "fi"
    assert "reset.me" not in mailed_path(mailoutbox[0], "/password-reset/")


def test_password_reset_request_for_unknown_or_deleted_addresses_sends_nothing(
    django_capture_on_commit_callbacks, mailoutbox
):
    gone = MemberFactory(email="gone@example.org")
    services.member_delete_account(member=gone)
    with django_capture_on_commit_callbacks(execute=True):
        services.member_request_password_reset(email="nobody@example.org")
        services.member_request_password_reset(email="gone@example.org")
        services.member_request_password_reset(email=f"deleted-{gone.pk}@deleted.invalid")
    assert mailoutbox == []


def test_password_reset_requests_are_limited_per_address(django_capture_on_commit_callbacks, mailoutbox):
    MemberFactory(email="flooded@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(services.PASSWORD_RESETS_PER_HOUR + 3):
            services.member_request_password_reset(email="flooded@example.org")
    assert len(mailoutbox) == services.PASSWORD_RESETS_PER_HOUR


# --- Profile ----------------------------------------------------------------------------------


def update(member, **overrides):
    values = {"member": member, "display_name": member.display_name}
    return services.member_update_profile(**{**values, **overrides})


def test_update_profile_saves_place_contact_and_availability():
    member = MemberFactory()
    update(
        member,
        display_name="  Eila   Koskinen ",
        municipality="Espoo",
        postal_code="02100",
        latitude="60.17529",
        longitude=Decimal("24.9384"),
        availability_slots=["mon-morning", "sun-evening"],
        phone="+358 40 123 4567",
        bio="Retired nurse.\nHappy to help.",
        away_until=timezone.localdate() + datetime.timedelta(days=10),
    )
    member.refresh_from_db()
    assert member.display_name == "Eila Koskinen"
    assert (member.municipality, member.postal_code) == ("Espoo", "02100")
    assert (member.latitude, member.longitude) == (Decimal("60.18"), Decimal("24.94"))
    assert member.availability == mask_from_slots(["mon-morning", "sun-evening"])
    assert member.phone == "+358 40 123 4567"
    assert member.bio == "Retired nurse.\nHappy to help."
    assert member.is_away


def test_update_profile_accepts_every_slot_of_the_week():
    member = MemberFactory()
    from talkoot.members.availability import SLOTS

    update(member, availability_slots=SLOTS)
    member.refresh_from_db()
    assert member.availability == ALL_SLOTS_MASK


def test_update_profile_sets_curated_and_free_skills_normalised_and_deduplicated():
    member = MemberFactory()
    update(
        member,
        skill_slugs=["cooking", "walking"],
        other_skills="  Baking   bread, baking bread ; Swedish,, fixing  bicycles, Cooking ",
    )
    names = sorted(skill.name for skill in member.skills.filter(is_curated=False))
    assert names == ["Baking bread", "Swedish", "fixing bicycles"]
    assert sorted(member.skills.filter(is_curated=True).values_list("slug", flat=True)) == ["cooking", "walking"]


def test_free_skills_are_shared_between_members():
    first, second = MemberFactory(), MemberFactory()
    update(first, other_skills="Knitting")
    update(second, other_skills="knitting")
    assert Skill.objects.filter(is_curated=False).count() == 1
    assert second.skills.get().name == "Knitting"


def test_free_skills_in_any_script_keep_their_letters():
    member = MemberFactory()
    update(member, other_skills="قراءة القرآن, 🎻, шахматы")
    slugs = set(member.skills.values_list("slug", flat=True))
    assert "шахматы" in slugs
    assert any(slug.startswith("tag-") for slug in slugs)  # only a symbol: keyed by its text
    assert len(slugs) == 3


def test_update_profile_replaces_earlier_skills():
    member = MemberFactory()
    update(member, skill_slugs=["music"], other_skills="Chess")
    update(member, skill_slugs=["pets"])
    assert list(member.skills.values_list("slug", flat=True)) == ["pets"]


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"skill_slugs": ["no-such-skill"]}, "skills"),
        ({"other_skills": ", ".join(f"skill {n}" for n in range(11))}, "other_skills"),
        ({"other_skills": "x" * 41}, "other_skills"),
        ({"postal_code": "00A30"}, "postal_code"),
        ({"postal_code": "٠٠٥٣٠"}, "postal_code"),  # Arabic-Indic digits are digits, but not postal-code digits
        ({"postal_code": "1" * 11}, "postal_code"),
        ({"latitude": "91"}, "latitude"),
        ({"longitude": "-180.5"}, "longitude"),
        ({"latitude": "north"}, "latitude"),
        ({"latitude": "NaN"}, "latitude"),
        ({"latitude": "1e100"}, "latitude"),
        ({"availability_slots": ["mon-night"]}, "availability"),
        ({"away_until": datetime.date(2000, 1, 1)}, "away_until"),
        ({"bio": "b" * 2001}, "bio"),
        ({"phone": "1" * 33}, "phone"),
        ({"municipality": "m" * 81}, "municipality"),
        ({"display_name": ""}, "display_name"),
    ],
)
def test_update_profile_refuses_bad_values_with_a_clear_message(overrides, field):
    member = MemberFactory(municipality="Helsinki")
    with pytest.raises(ApplicationError) as caught:
        update(member, **overrides)
    assert caught.value.field == field
    assert caught.value.message
    member.refresh_from_db()
    assert member.municipality == "Helsinki"


# --- Preferences ------------------------------------------------------------------------------


def test_update_preferences_changes_only_what_is_given():
    member = MemberFactory(text_size="normal", language="en")
    services.member_update_preferences(member=member, text_size="large")
    member.refresh_from_db()
    assert (member.text_size, member.language, member.time_zone) == ("large", "en", "Europe/Helsinki")
    services.member_update_preferences(
        member=member, language="fi", high_contrast=True, reduced_motion=True, time_zone="America/Argentina/Ushuaia"
    )
    member.refresh_from_db()
    assert (member.language, member.high_contrast, member.reduced_motion) == ("fi", True, True)
    assert member.time_zone == "America/Argentina/Ushuaia"


@pytest.mark.parametrize(
    ("preference", "value"),
    [("language", "sv"), ("text_size", "huge"), ("time_zone", "Mars/Olympus_Mons"), ("time_zone", "")],
)
def test_update_preferences_refuses_unknown_values(preference, value):
    member = MemberFactory()
    with pytest.raises(ApplicationError) as caught:
        services.member_update_preferences(member=member, **{preference: value})
    assert caught.value.field == preference


# --- Deleting an account ----------------------------------------------------------------------


def test_delete_account_blanks_every_personal_field():
    member = MemberFactory(
        email="private.person@example.org",
        display_name="Private Person",
        municipality="Vantaa",
        postal_code="01300",
        latitude=Decimal("60.29"),
        longitude=Decimal("25.04"),
        availability=mask_from_slots(["tue-morning"]),
        phone="040 123",
        bio="Lives at the corner.",
        away_until=timezone.localdate(),
    )
    member.skills.add(Skill.objects.get(slug="cooking"))
    services.member_delete_account(member=member)
    member.refresh_from_db()
    assert member.email == f"deleted-{member.pk}@deleted.invalid"
    assert member.display_name == ""
    assert (member.municipality, member.postal_code, member.phone, member.bio) == ("", "", "", "")
    assert (member.latitude, member.longitude, member.away_until, member.email_confirmed_at) == (None,) * 4
    assert member.availability == 0
    assert not member.skills.exists()
    assert member.is_active is False
    assert member.deleted_at is not None
    assert not member.has_usable_password()
    assert not member.check_password(PASSWORD)
    assert str(member) == "former member"


def test_deleted_accounts_do_not_collide_and_free_the_address():
    first, second = MemberFactory(email="same@example.org"), MemberFactory()
    services.member_delete_account(member=first)
    services.member_delete_account(member=second)
    assert Member.objects.filter(email__endswith="@deleted.invalid").count() == 2
    sign_up(email="same@example.org")  # the address can be used again


def test_delete_account_twice_is_refused():
    member = MemberFactory()
    services.member_delete_account(member=member)
    with pytest.raises(ApplicationError, match="already been deleted"):
        services.member_delete_account(member=member)


def test_delete_account_leaves_every_active_community(member, community, other_community):
    from talkoot.communities.tests.factories import MembershipFactory
    from talkoot.history.models import HistoryEntry, HistoryKind

    MembershipFactory(community=other_community, member=member)
    earlier = MembershipFactory(member=member, left_at=timezone.now())  # already left: not left again
    services.member_delete_account(member=member)
    assert not member.memberships.active().exists()
    left = HistoryEntry.objects.filter(kind=HistoryKind.MEMBER_LEFT, subject=member)
    assert sorted(left.values_list("community_id", flat=True)) == sorted([community.pk, other_community.pk])
    assert not left.filter(community=earlier.community).exists()


def test_delete_account_withdraws_pending_applications(newcomer, community):
    from talkoot.communities.models import Application, ApplicationStatus

    application = Application.objects.create(community=community, applicant=newcomer, answers=[{"q": "a"}])
    services.member_delete_account(member=newcomer)
    application.refresh_from_db()
    assert application.status == ApplicationStatus.WITHDRAWN


def test_sign_up_losing_a_race_for_the_address_gets_the_duplicate_message(monkeypatch):
    """Another sign-up commits the same address between our check and our insert."""
    from talkoot.members.models import MemberManager

    original = MemberManager.create_user

    def competitor_first(manager, email, password=None, **fields):
        Member.objects.create(email=email, display_name="The other one")
        return original(manager, email, password, **fields)

    monkeypatch.setattr(MemberManager, "create_user", competitor_first)
    with pytest.raises(ApplicationError, match="already an account") as caught:
        sign_up(email="race@example.org")
    assert caught.value.field == "email"
    # The savepoint kept the surrounding transaction usable: PostgreSQL refuses every further
    # query in a transaction after an error that was not rolled back to a savepoint. (The
    # stand-in competitor wrote inside that savepoint, so its row went with it.)
    assert not Member.objects.filter(email="race@example.org").exists()
