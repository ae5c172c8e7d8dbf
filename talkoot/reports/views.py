"""Reports: any member reports; the stewards decide. Thin adapters over selectors and services."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from talkoot.communities.selectors import ViewerState, community_for
from talkoot.core.errors import ApplicationError
from talkoot.core.once import submit_once
from talkoot.reports import selectors, services
from talkoot.reports.forms import RemovalForm, ReportForm

MEMBER_VIEW = ViewerState(is_member=True, pending_application=None, member_count=0, pending_count=0)


def _list_url(community) -> str:
    return reverse("reports:list", args=[community.slug])


@require_safe
def report_list(request, slug):
    community = community_for(request.user, slug)
    lists = selectors.reports_of(request.user, community)
    context = {"community": community, "lists": lists, "viewer": MEMBER_VIEW, "removal_form": RemovalForm()}
    return render(request, "reports/list.html", context)


@require_http_methods(["GET", "POST"])
def report_new(request, slug):
    community = community_for(request.user, slug)
    source = request.POST if request.method == "POST" else request.GET
    subject = selectors.report_subject(
        request.user,
        community,
        action_id=source.get("action"),
        member_id=source.get("member"),
        message_id=source.get("message"),
    )
    if subject is None:  # reached without saying what: the report links are on the pages themselves
        messages.info(request, _("To report something, use the link on its page."))
        return redirect(_list_url(community))
    form = ReportForm(request.POST or None, subject=subject)
    if request.method == "POST" and form.is_valid():

        def report() -> str:
            services.report_make(
                reporter=request.user, community=community, reason=form.cleaned_data["reason"], **form.target()
            )
            messages.success(request, _("Thank you. The stewards will look at it; you can follow it here."))
            return _list_url(community)

        if url := submit_once(request, form, report, fallback=_list_url(community)):
            return redirect(url)
    return render(request, "reports/new.html", {"community": community, "form": form, "subject": subject})


def _decide(request, slug, report_id, decide, said: str):
    community = community_for(request.user, slug)
    report = selectors.report_for(request.user, community, report_id)
    try:
        decide(report)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, said)
    return redirect(_list_url(community))


@require_POST
def hide(request, slug, report_id: int):
    return _decide(
        request,
        slug,
        report_id,
        lambda report: services.report_hide(steward=request.user, report=report),
        _("It is hidden while the stewards decide."),
    )


@require_POST
def dismiss(request, slug, report_id: int):
    return _decide(
        request,
        slug,
        report_id,
        lambda report: services.report_dismiss(steward=request.user, report=report),
        _("The report is dismissed; anything hidden for it is shown again."),
    )


@require_POST
def keep_hidden(request, slug, report_id: int):
    return _decide(
        request,
        slug,
        report_id,
        lambda report: services.report_keep_hidden(steward=request.user, report=report),
        _("It stays hidden."),
    )


@require_POST
def propose_removal(request, slug, report_id: int):
    form = RemovalForm(request.POST)
    text = form.cleaned_data["text"] if form.is_valid() else ""
    return _decide(
        request,
        slug,
        report_id,
        lambda report: services.report_propose_removal(steward=request.user, report=report, text=text),
        _("Your proposal is open. Members can respond until it closes."),
    )
