"""Writes for members: signing up, confirming, signing in, profile, preferences, leaving.

Every function takes keyword-only arguments and raises ApplicationError with a message for a
person when a rule is broken. E-mail leaves through talkoot.core.mail after commit.
"""

import math
import zoneinfo
from collections.abc import Iterable
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.conf import settings
from django.contrib.auth import authenticate, password_validation
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.crypto import constant_time_compare
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from talkoot.core import ratelimit
from talkoot.core.errors import ApplicationError
from talkoot.core.mail import send_templated_mail
from talkoot.core.models import max_length_of
from talkoot.members import throttle, tokens
from talkoot.members.availability import mask_from_slots
from talkoot.members.models import Language, Member, Skill, TextSize
from talkoot.members.skills import CURATED_SKILLS, FreeSkillsError, free_skill_slug, parse_free_skills

CONFIRMATION_RESENDS_PER_HOUR = 3
PASSWORD_RESETS_PER_HOUR = 3
DISPLAY_NAME_MAX = max_length_of(Member, "display_name")
POSTAL_CODE_MAX = max_length_of(Member, "postal_code")
PHONE_MAX = max_length_of(Member, "phone")
MUNICIPALITY_MAX = max_length_of(Member, "municipality")
BIO_MAX = max_length_of(Member, "bio")
TWO_PLACES = Decimal("0.01")


def normalise_email(email: str) -> str:
    return Member.objects.normalize_email((email or "").strip()).lower()


# --- Sign-up and e-mail confirmation ----------------------------------------------------------


@transaction.atomic
def member_sign_up(
    *, email: str, display_name: str, password: str, language: str = Language.ENGLISH, client_address: str = ""
) -> Member:
    """Create a member and send the confirmation link. Rate-limited per client address."""
    attempts = ratelimit.hit("signup", client_address, window_seconds=60 * 60)
    if attempts > settings.SIGNUP_LIMIT_PER_HOUR:
        raise ApplicationError(
            _(
                "Too many accounts have been made from your network in the last hour. "
                "Please try again in an hour, or ask someone in your community for help."
            )
        )
    email = normalise_email(email)
    display_name = _clean_display_name(display_name)
    # ".invalid" never receives mail (RFC 2606); deleted accounts keep their placeholders there.
    if email.rpartition("@")[2].endswith(".invalid"):
        raise ApplicationError(_("Please use an e-mail address that can receive mail."), field="email")
    if Member.objects.filter(email=email).exists():
        raise ApplicationError(_duplicate_email_message(), field="email")
    candidate = Member(email=email, display_name=display_name)
    try:
        password_validation.validate_password(password, user=candidate)
    except ValidationError as error:
        raise ApplicationError(" ".join(error.messages), field="password1") from None
    if language not in Language.values:
        language = Language.ENGLISH
    try:
        with transaction.atomic():  # a savepoint: two sign-ups racing for one address
            member = Member.objects.create_user(email, password, display_name=display_name, language=language)
    except IntegrityError:
        raise ApplicationError(_duplicate_email_message(), field="email") from None
    _send_email_confirmation(member)
    return member


def _duplicate_email_message() -> str:
    return _(
        "There is already an account with this e-mail address. Log in instead, or ask for a new "
        "password if you have forgotten yours."
    )


def _send_email_confirmation(member: Member) -> None:
    token = tokens.make_email_confirmation_token(member)
    link = settings.SITE_URL + reverse("members:confirm_email", kwargs={"token": token})
    send_templated_mail(
        to=member.email,
        language=member.language,
        template="members/email/confirm_email",
        context={
            "display_name": member.display_name,
            "link": link,
            "valid_days": max(1, settings.EMAIL_CONFIRMATION_TIMEOUT // (60 * 60 * 24)),
            "site_url": settings.SITE_URL,
        },
    )


@transaction.atomic
def member_resend_email_confirmation(*, member: Member) -> None:
    if member.email_confirmed_at is not None:
        raise ApplicationError(_("Your e-mail address is already confirmed. There is nothing more to do."))
    sent = ratelimit.hit("confirm-resend", str(member.pk), window_seconds=60 * 60)
    if sent > CONFIRMATION_RESENDS_PER_HOUR:
        raise ApplicationError(
            _(
                "We have already sent you several links in the last hour. Please look in your inbox and "
                "in the spam folder, or try again in an hour."
            )
        )
    _send_email_confirmation(member)


def _invalid_link_message() -> str:
    return _(
        "This confirmation link is not valid. Please copy the whole link from the e-mail, or log in "
        "and ask for a new link."
    )


def _expired_link_message() -> str:
    return _("This confirmation link has expired. Please log in and ask for a new link; it takes a moment.")


def _already_confirmed_message() -> str:
    return _("Your e-mail address is already confirmed. You can log in.")


@transaction.atomic
def member_confirm_email(*, token: str) -> Member:
    """Mark the member's address confirmed. A second use says so clearly; it never fails silently."""
    try:
        confirmation = tokens.read_email_confirmation_token(token)
    except tokens.TokenInvalid:
        raise ApplicationError(_invalid_link_message()) from None
    member = Member.objects.select_for_update().filter(pk=confirmation.member_id, is_active=True).first()
    if member is None or not constant_time_compare(confirmation.email_digest, tokens.email_digest(member.email)):
        raise ApplicationError(_invalid_link_message())
    if member.email_confirmed_at is not None:
        raise ApplicationError(_already_confirmed_message())
    if confirmation.expired:
        raise ApplicationError(_expired_link_message())
    member.email_confirmed_at = timezone.now()
    member.save(update_fields=["email_confirmed_at"])
    return member


# --- Signing in and passwords -----------------------------------------------------------------


def _cool_off_message(until: datetime) -> str:
    minutes = max(1, math.ceil((until - timezone.now()).total_seconds() / 60))
    return ngettext(
        "Too many unsuccessful tries with this e-mail address. For your safety, please wait and try "
        "again at %(time)s (in about %(minutes)d minute). If you have forgotten your password, you "
        "can ask for a new one.",
        "Too many unsuccessful tries with this e-mail address. For your safety, please wait and try "
        "again at %(time)s (in about %(minutes)d minutes). If you have forgotten your password, you "
        "can ask for a new one.",
        minutes,
    ) % {"time": formats.time_format(timezone.localtime(until)), "minutes": minutes}


def member_authenticate(*, request, email: str, password: str) -> Member:
    """The member these credentials belong to, or ApplicationError; throttled per e-mail and address.

    The message is the same whether or not the address has an account. Does not log in: the
    caller does, with django.contrib.auth.login (which rotates the session key).
    """
    address = ratelimit.client_address(request)
    until = throttle.cool_off_until(email, address)
    if until is not None:
        raise ApplicationError(_cool_off_message(until))
    member = authenticate(request, email=email, password=password)
    if member is None:
        until = throttle.record_failure(email, address)
        if until is not None:
            raise ApplicationError(_cool_off_message(until))
        left = settings.LOGIN_FAILURE_LIMIT - throttle.failure_count(email, address)
        message = _("The e-mail address or the password is not right. Please check both and try again.")
        if left <= 2:
            message += " " + ngettext(
                "After %(count)d more unsuccessful try you will need to wait a while.",
                "After %(count)d more unsuccessful tries you will need to wait a while.",
                left,
            ) % {"count": left}
        raise ApplicationError(message)
    throttle.record_success(email, address)
    return member


def member_request_password_reset(*, email: str) -> None:
    """Send a reset link if an active member has this address; say nothing either way."""
    email = normalise_email(email)
    # Per address, so nobody can flood someone's inbox; silently, so nothing is revealed.
    if ratelimit.hit("password-reset", email, window_seconds=60 * 60) > PASSWORD_RESETS_PER_HOUR:
        return
    member = Member.objects.filter(email=email, is_active=True).first()
    if member is None or not member.has_usable_password():
        return
    link = settings.SITE_URL + reverse(
        "members:password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(member.pk)),
            "token": default_token_generator.make_token(member),
        },
    )
    send_templated_mail(
        to=member.email,
        language=member.language,
        template="members/email/password_reset",
        context={
            "display_name": member.display_name,
            "link": link,
            "valid_minutes": max(1, settings.PASSWORD_RESET_TIMEOUT // 60),
            "site_url": settings.SITE_URL,
        },
    )


# --- Profile ----------------------------------------------------------------------------------


def _clean_display_name(display_name: str) -> str:
    display_name = " ".join((display_name or "").split())
    if not display_name:
        raise ApplicationError(_("Please write the name other members will see."), field="display_name")
    if len(display_name) > DISPLAY_NAME_MAX:
        raise ApplicationError(
            _("Please keep your name to at most %(limit)d characters.") % {"limit": DISPLAY_NAME_MAX},
            field="display_name",
        )
    return display_name


def _clean_coordinate(value, *, limit: int, field: str) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        number = Decimal(str(value).replace(",", "."))
    except (InvalidOperation, ValueError):
        raise ApplicationError(_("Please write a number, such as 60.17."), field=field) from None
    if not number.is_finite() or abs(number) > limit:
        raise ApplicationError(
            _("Please write a number between -%(limit)d and %(limit)d.") % {"limit": limit}, field=field
        )
    return number.quantize(TWO_PLACES, rounding=ROUND_HALF_UP)


def _check_length(value: str, *, limit: int, field: str) -> str:
    if len(value) > limit:
        raise ApplicationError(_("Please keep this to at most %(limit)d characters.") % {"limit": limit}, field=field)
    return value


@transaction.atomic
def member_update_profile(
    *,
    member: Member,
    display_name: str,
    municipality: str = "",
    postal_code: str = "",
    latitude: Decimal | str | None = None,
    longitude: Decimal | str | None = None,
    skill_slugs: Iterable[str] = (),
    other_skills: Iterable[str] | str = (),
    availability_slots: Iterable[str] = (),
    phone: str = "",
    phone_to_accompanied: bool = False,
    bio: str = "",
    away_until: date | None = None,
) -> Member:
    """Save what a member tells about themselves. Free skills become non-curated Skill rows."""
    member.display_name = _clean_display_name(display_name)
    member.municipality = _check_length(
        " ".join((municipality or "").split()), limit=MUNICIPALITY_MAX, field="municipality"
    )
    postal_code = "".join((postal_code or "").split())
    if postal_code and not (postal_code.isascii() and postal_code.isdigit() and len(postal_code) <= POSTAL_CODE_MAX):
        raise ApplicationError(_("Please write the postal code with digits only, such as 00530."), field="postal_code")
    member.postal_code = postal_code
    member.latitude = _clean_coordinate(latitude, limit=90, field="latitude")
    member.longitude = _clean_coordinate(longitude, limit=180, field="longitude")
    member.phone = _check_length((phone or "").strip(), limit=PHONE_MAX, field="phone")
    member.phone_to_accompanied = bool(phone_to_accompanied)
    member.bio = _check_length((bio or "").strip(), limit=BIO_MAX, field="bio")
    if away_until is not None and away_until < timezone.localdate():
        raise ApplicationError(_("Please choose a day from today on, or leave it empty."), field="away_until")
    member.away_until = away_until
    try:
        member.availability = mask_from_slots(set(availability_slots))
    except ValueError:
        raise ApplicationError(_("Please choose times from the table."), field="availability") from None

    skill_slugs = set(skill_slugs)
    curated = list(Skill.objects.filter(is_curated=True, slug__in=skill_slugs))
    if len(curated) != len(skill_slugs) or not skill_slugs <= set(CURATED_SKILLS):
        raise ApplicationError(_("Please choose skills from the list."), field="skills")
    try:
        names = (
            parse_free_skills(other_skills)
            if isinstance(other_skills, str)
            else parse_free_skills(", ".join(other_skills))
        )
    except FreeSkillsError as error:
        raise ApplicationError(str(error), field="other_skills") from None
    free = [Skill.objects.get_or_create(slug=free_skill_slug(name), defaults={"name": name})[0] for name in names]

    member.save(
        update_fields=[
            "display_name",
            "municipality",
            "postal_code",
            "latitude",
            "longitude",
            "phone",
            "phone_to_accompanied",
            "bio",
            "away_until",
            "availability",
        ]
    )
    member.skills.set({skill.pk: skill for skill in [*curated, *free]}.values())
    return member


@transaction.atomic
def member_update_preferences(
    *,
    member: Member,
    language: str | None = None,
    text_size: str | None = None,
    high_contrast: bool | None = None,
    reduced_motion: bool | None = None,
    time_zone: str | None = None,
) -> Member:
    """Change display preferences; arguments left as None stay as they are."""
    changed = []
    if language is not None:
        if language not in Language.values:
            raise ApplicationError(_("Please choose a language from the list."), field="language")
        member.language = language
        changed.append("language")
    if text_size is not None:
        if text_size not in TextSize.values:
            raise ApplicationError(_("Please choose a text size from the list."), field="text_size")
        member.text_size = text_size
        changed.append("text_size")
    if high_contrast is not None:
        member.high_contrast = bool(high_contrast)
        changed.append("high_contrast")
    if reduced_motion is not None:
        member.reduced_motion = bool(reduced_motion)
        changed.append("reduced_motion")
    if time_zone is not None:
        if time_zone not in zoneinfo.available_timezones():
            raise ApplicationError(_("Please choose a time zone from the list."), field="time_zone")
        member.time_zone = time_zone
        changed.append("time_zone")
    if changed:
        member.save(update_fields=changed)
    return member


# --- Leaving ----------------------------------------------------------------------------------


@transaction.atomic
def member_delete_account(*, member: Member) -> Member:
    """Leave every community, then keep only an anonymous husk of the account.

    The row stays so that the ledger, thanks and history keep their shape ("former member");
    everything that tells who the person was is blanked. Call after the person confirmed with
    their password. Changing the password hash also ends the member's sessions on other devices.
    """
    from talkoot.communities.models import Membership

    member = Member.objects.select_for_update().get(pk=member.pk)
    if member.deleted_at is not None:
        raise ApplicationError(_("This account has already been deleted."))
    # Imported here: the communities app builds on members, not the other way round.
    from talkoot.communities.services import application_withdraw_all, membership_leave

    memberships = list(Membership.objects.active().filter(member=member).select_related("community"))
    for membership in memberships:
        membership_leave(member=member, community=membership.community)
    # Pending applications carry the person's answers: withdraw them with the account.
    application_withdraw_all(applicant=member)

    member.email = f"deleted-{member.pk}@deleted.invalid"
    member.display_name = ""
    member.email_confirmed_at = None
    member.municipality = ""
    member.postal_code = ""
    member.latitude = None
    member.longitude = None
    member.availability = 0
    member.phone = ""
    member.phone_to_accompanied = False
    member.bio = ""
    member.away_until = None
    member.is_active = False
    member.deleted_at = timezone.now()
    member.set_unusable_password()
    member.save()
    member.skills.clear()
    return member
