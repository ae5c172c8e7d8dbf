"""Thin adapters for gatherings: the community's door, then the gathering's, one service call, render.

Writes are POST-redirect-GET with a message, so every button works without JavaScript.
"""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from talkoot.actions.views import members_only
from talkoot.communities.selectors import community_for, viewer_state
from talkoot.core.errors import ApplicationError
from talkoot.core.http import login_first
from talkoot.core.once import submit_once
from talkoot.gatherings import selectors, services
from talkoot.gatherings.forms import AnswerForm, GatheringForm, PresentForm
from talkoot.gatherings.models import Answer

ANSWERED = {
    Answer.COMING: gettext_lazy("See you there! You answered: coming."),
    Answer.MAYBE: gettext_lazy("You answered: maybe. You can change it any time."),
    Answer.NOT_COMING: gettext_lazy("You answered: not coming. Thank you for letting us know."),
}


def _time_url(community, occurrence) -> str:
    return reverse("gatherings:time", args=[community.slug, occurrence.pk])


@require_safe
def gathering_list(request, slug):
    community = community_for(request.user, slug)
    times = selectors.coming_times(community, request.user)
    context = {"community": community, "times": times, "viewer": viewer_state(request.user, community)}
    return render(request, "gatherings/list.html", context)


@require_http_methods(["GET", "POST"])
def gathering_start(request, slug):
    community = community_for(request.user, slug)
    back = reverse("gatherings:start", args=[slug])
    refusal = _("Join %(community)s to start gatherings there.") % {"community": community.name}
    if answer := members_only(request, community, back, refusal=refusal):
        return answer
    form = GatheringForm(request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid():

        def start() -> str:
            try:
                gathering = services.gathering_start(
                    starter=request.user, community=community, **form.service_arguments()
                )
            except ApplicationError as error:
                raise form.on_its_field(error) from error
            messages.success(request, _("Your gathering is on the calendar. Members can now answer whether they come."))
            first = gathering.occurrences.order_by("starts_at").first()
            return _time_url(community, first) if first else reverse("gatherings:list", args=[slug])

        if url := submit_once(request, form, start, fallback=reverse("gatherings:list", args=[slug])):
            return redirect(url)
    return render(request, "gatherings/form.html", {"community": community, "form": form})


@require_safe
def time_detail(request, slug, occurrence_id: int):
    community = community_for(request.user, slug)
    occurrence = selectors.occurrence_for(request.user, community, occurrence_id)
    page = selectors.time_page(occurrence, request.user)
    present = None
    if page.takes_part and occurrence.starts_at <= timezone.now():  # who was there, once it has begun
        present = PresentForm(
            initial={
                "present": [row.member_id for row in page.attendance if row.attended or row.answer == Answer.COMING]
            },
            people=[(row.member_id, row.member.display_name) for row in page.attendance],
        )
    context = {
        "community": community,
        "occurrence": occurrence,
        "gathering": occurrence.gathering,
        "action": occurrence.gathering.action,
        "page": page,
        "answers": Answer.choices,
        "present_form": present,
        "now": timezone.now(),
    }
    return render(request, "gatherings/time.html", context)


@require_POST
def time_answer(request, slug, occurrence_id: int):
    community = community_for(request.user, slug)
    occurrence = selectors.occurrence_for(request.user, community, occurrence_id)
    back = _time_url(community, occurrence)
    if not request.user.is_authenticated:
        return login_first(request, back)
    form = AnswerForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Please choose one of the options."))
        return redirect(back)
    try:
        services.attendance_answer(member=request.user, occurrence=occurrence, answer=form.cleaned_data["answer"])
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, ANSWERED[form.cleaned_data["answer"]])
    return redirect(back)


@require_POST
def time_present(request, slug, occurrence_id: int):
    community = community_for(request.user, slug)
    occurrence = selectors.occurrence_for(request.user, community, occurrence_id)
    back = _time_url(community, occurrence)
    if not request.user.is_authenticated:
        return login_first(request, back)
    page = selectors.time_page(occurrence, request.user)
    form = PresentForm(request.POST, people=[(row.member_id, row.member.display_name) for row in page.attendance])
    if not form.is_valid():
        messages.error(request, _("Please tick only people on the list."))
        return redirect(back)
    try:
        count = services.attendance_confirm(
            member=request.user, occurrence=occurrence, present=set(form.cleaned_data["present"])
        )
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Thank you! %(count)d people were there.") % {"count": count})
    return redirect(back)


@require_http_methods(["GET", "POST"])
def time_cancel(request, slug, occurrence_id: int):
    """Call one time off, or with `every=1` stop the whole repeating gathering: asked first."""
    community = community_for(request.user, slug)
    occurrence = selectors.occurrence_for(request.user, community, occurrence_id)
    back = _time_url(community, occurrence)
    if not request.user.is_authenticated:
        return login_first(request, back)
    gathering = occurrence.gathering
    every = bool(gathering.rrule) and (request.POST.get("every") or request.GET.get("every")) == "1"
    if request.method == "POST":
        try:
            if every:
                services.gathering_stop(member=request.user, gathering=gathering)
            else:
                services.occurrence_cancel(member=request.user, occurrence=occurrence)
        except ApplicationError as error:
            messages.error(request, error.message)
            return redirect(back)
        done = (
            _("The gathering is stopped; those who had answered are told.")
            if every
            else _("This time is cancelled; those who had answered are told.")
        )
        messages.success(request, done)
        return redirect(back)
    context = {
        "community": community,
        "occurrence": occurrence,
        "gathering": gathering,
        "action": gathering.action,
        "every": every,
        "coming": occurrence.attendances.filter(answer__in=[Answer.COMING, Answer.MAYBE]).count(),
    }
    return render(request, "gatherings/cancel.html", context)
