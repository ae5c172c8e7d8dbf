"""Thin adapters: parse the form, call one service, render or redirect."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse_lazy
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from talkoot.calendars.selectors import existing_feed_url
from talkoot.core.errors import ApplicationError
from talkoot.core.forms import add_application_error
from talkoot.core.ratelimit import client_address
from talkoot.core.views import remember_language, safe_next
from talkoot.members import selectors, services, throttle
from talkoot.members.forms import (
    DeleteAccountForm,
    LoginForm,
    PasswordResetRequestForm,
    ProfileForm,
    SettingsForm,
    SignUpForm,
)

# --- Signing up and confirming ------------------------------------------------------------------


@sensitive_post_parameters("password1", "password2")
@never_cache
@require_http_methods(["GET", "POST"])
def signup(request):
    if request.user.is_authenticated:
        return redirect("members:profile")
    form = SignUpForm(request.POST) if request.method == "POST" else SignUpForm()
    if form.is_bound and form.is_valid():
        try:
            member = services.member_sign_up(
                email=form.cleaned_data["email"],
                display_name=form.cleaned_data["display_name"],
                password=form.cleaned_data["password1"],
                language=translation.get_language(),
                client_address=client_address(request),
            )
        except ApplicationError as error:
            add_application_error(form, error)
        else:
            login(request, member)
            return redirect("members:signup_sent")
    return render(request, "members/signup.html", {"form": form})


@require_GET
def signup_sent(request):
    return render(request, "members/signup_sent.html")


@never_cache
@require_http_methods(["GET", "POST"])
def confirm_email(request, token):
    # The link in the e-mail only shows a button: a GET never changes anything, so mail
    # scanners that open links cannot confirm an address on anyone's behalf.
    if request.method == "POST":
        try:
            services.member_confirm_email(token=token)
        except ApplicationError:
            pass  # the page below explains the link's state in full
        else:
            messages.success(request, _("Thank you! Your e-mail address is confirmed."))
            return redirect("members:profile" if request.user.is_authenticated else "members:login")
    check = selectors.email_confirmation_check(token=token)
    return render(request, "members/confirm_email.html", {"check": check, "token": token})


@require_POST
@login_required
def resend_confirmation(request):
    try:
        services.member_resend_email_confirmation(member=request.user)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("We sent a new link. Please look in your inbox (and the spam folder)."))
    return redirect(safe_next(request, default=resolve_url("members:profile")))


# --- Logging in and out -------------------------------------------------------------------------


@sensitive_post_parameters("password")
@never_cache
@require_http_methods(["GET", "POST"])
def login_view(request):
    next_url = safe_next(request, default="")
    form = LoginForm(request.POST) if request.method == "POST" else LoginForm()
    if form.is_bound and form.is_valid():
        try:
            member = services.member_authenticate(
                request=request, email=form.cleaned_data["email"], password=form.cleaned_data["password"]
            )
        except ApplicationError as error:
            add_application_error(form, error)
        else:
            login(request, member)  # rotates the session key
            with translation.override(member.language):
                messages.success(request, _("Welcome, %(name)s!") % {"name": member.display_name})
            return redirect(next_url or resolve_url(settings.LOGIN_REDIRECT_URL))
    return render(request, "members/login.html", {"form": form, "next": next_url})


@require_POST
def logout_view(request):
    logout(request)
    messages.info(request, _("You have logged out. See you again soon."))
    return redirect(settings.LOGOUT_REDIRECT_URL)


# --- Passwords ----------------------------------------------------------------------------------


@never_cache
@require_http_methods(["GET", "POST"])
def password_reset(request):
    form = PasswordResetRequestForm(request.POST) if request.method == "POST" else PasswordResetRequestForm()
    if form.is_bound and form.is_valid():
        services.member_request_password_reset(email=form.cleaned_data["email"])
        return redirect("members:password_reset_sent")
    return render(request, "members/password_reset.html", {"form": form})


@require_GET
def password_reset_sent(request):
    return render(
        request,
        "members/password_reset_sent.html",
        {"valid_minutes": max(1, settings.PASSWORD_RESET_TIMEOUT // 60)},
    )


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """Django's one-use link check and set-password form, in our pages."""

    template_name = "members/password_reset_confirm.html"
    success_url = reverse_lazy("members:password_reset_complete")

    def form_valid(self, form):
        response = super().form_valid(form)
        # Whoever holds the link owns the mailbox: let them log in straight away.
        throttle.record_success(form.user.email, client_address(self.request))
        return response


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "members/password_reset_complete.html"


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "members/password_change.html"
    success_url = reverse_lazy("members:profile")

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(self.request, _("Your password is changed."))
        return response


# --- Profile and settings -----------------------------------------------------------------------


@login_required
@require_GET
def profile(request):
    member = selectors.member_for_profile(member_id=request.user.pk)
    return render(
        request,
        "members/profile.html",
        {
            "member": member,
            "skills": selectors.skill_labels(member),
            "availability": selectors.availability_by_day(member.availability),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def profile_edit(request):
    member = selectors.member_for_profile(member_id=request.user.pk)
    if request.method == "POST":
        form = ProfileForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.member_update_profile(
                    member=member,
                    display_name=data["display_name"],
                    municipality=data["municipality"],
                    postal_code=data["postal_code"],
                    latitude=data["latitude"],
                    longitude=data["longitude"],
                    skill_slugs=data["skills"],
                    other_skills=data["other_skills"],
                    availability_slots=data["availability"],
                    phone=data["phone"],
                    phone_to_accompanied=data["phone_to_accompanied"],
                    bio=data["bio"],
                    away_until=data["away_until"],
                )
            except ApplicationError as error:
                add_application_error(form, error)
            else:
                messages.success(request, _("Your profile is saved."))
                return redirect("members:profile")
    else:
        form = ProfileForm(initial=ProfileForm.initial_for(member))
    return render(request, "members/profile_edit.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def settings_view(request):
    member = request.user
    if request.method == "POST":
        form = SettingsForm(request.POST)
        if form.is_valid():
            try:
                services.member_update_preferences(member=member, **form.cleaned_data)
            except ApplicationError as error:
                member.refresh_from_db()  # this page keeps showing the preferences actually saved
                add_application_error(form, error)
            else:
                with translation.override(member.language):
                    messages.success(request, _("Your settings are saved."))
                response = redirect("members:settings")
                # Keeps the language after logging out, as the language switcher does.
                remember_language(response, member.language)
                return response
    else:
        form = SettingsForm(initial=SettingsForm.initial_for(member))
    # No address is made by looking (no change on GET): the page offers a button until there is one.
    calendar_feed_url = existing_feed_url(member=member)
    return render(request, "members/settings.html", {"form": form, "calendar_feed_url": calendar_feed_url})


@sensitive_post_parameters("password")
@login_required
@require_http_methods(["GET", "POST"])
def delete_account(request):
    form = DeleteAccountForm(request.POST, member=request.user) if request.method == "POST" else None
    if form is None:
        form = DeleteAccountForm(member=request.user)
    elif form.is_valid():
        try:
            services.member_delete_account(member=request.user)
        except ApplicationError as error:
            add_application_error(form, error)
        else:
            logout(request)
            messages.success(request, _("Your account is deleted. Thank you for everything you gave."))
            return redirect("core:home")
    return render(request, "members/delete_account.html", {"form": form})
