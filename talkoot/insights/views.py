"""The insights pages: a community's, for its members, and the whole instance's. Thin adapters:
the numbers were computed by a background job; a page reads one kept report."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from talkoot.communities.selectors import ViewerState
from talkoot.core.errors import ApplicationError
from talkoot.insights import selectors, services
from talkoot.insights.explain import sections
from talkoot.insights.models import Period

# The community nav shows its members' links; only members reach these pages.
MEMBER_VIEW = ViewerState(is_member=True, pending_application=None, member_count=0, pending_count=0)


def _period(value) -> str:
    return value if value in Period.values else Period.YEAR


def _context(report, period: str) -> dict:
    data = report.data if report is not None and report.computed_at else None
    return {
        "report": report,
        "sections": sections(data) if data else [],
        "period": period,
        "periods": Period.choices,
        "waiting": report is not None and report.requested_at is not None,
    }


@require_safe
def community_insights(request, slug):
    community = selectors.community_for_insights(request.user, slug)
    period = _period(request.GET.get("period"))
    report = selectors.report_for(community, period)
    context = _context(report, period)
    bridges = report.data.get("clusters", {}).get("bridges", []) if report is not None and context["sections"] else []
    context.update(community=community, viewer=MEMBER_VIEW, bridges=selectors.bridge_names(community, bridges))
    return render(request, "insights/community.html", context)


@require_POST
def community_insights_refresh(request, slug):
    community = selectors.community_for_insights(request.user, slug)
    period = _period(request.POST.get("period"))
    _refresh(request, community, period)
    return redirect(f"{reverse('insights:community', args=[community.slug])}?period={period}")


@login_required
@require_safe
def instance_insights(request):
    period = _period(request.GET.get("period"))
    return render(request, "insights/instance.html", _context(selectors.report_for(None, period), period))


@login_required
@require_POST
def instance_insights_refresh(request):
    period = _period(request.POST.get("period"))
    _refresh(request, None, period)
    return redirect(f"{reverse('insights:instance')}?period={period}")


def _refresh(request, community, period: str) -> None:
    try:
        asked = services.insights_request(community=community, period=period)
    except ApplicationError as error:
        messages.error(request, error.message)
        return
    kept = selectors.report_for(community, period) if asked else None
    if kept is not None and kept.requested_at is None:
        messages.success(request, _("Counted just now."))  # the job ran at once (no separate worker)
    elif asked:
        messages.success(request, _("The insights are being computed. This page shows them when they are ready."))
    else:
        messages.info(request, _("These insights are fresh, or already being computed: nothing more to do."))
