"""Writes of the insights: computing a report and keeping it, and asking for a fresh one."""

import logging
import time
from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from talkoot.communities.models import Community, Membership
from talkoot.core.errors import ApplicationError
from talkoot.insights.frames import EARLIEST, Window
from talkoot.insights.metrics import report
from talkoot.insights.models import InsightReport, Period
from talkoot.insights.selectors import insight_frames

logger = logging.getLogger(__name__)

PERIOD_DAYS = {Period.QUARTER: 91, Period.YEAR: 365}
# A report younger than this is fresh enough: asking again changes nothing.
FRESH_FOR = timedelta(minutes=10)


def window_for(period: str, now: datetime) -> Window:
    days = PERIOD_DAYS.get(Period(period))
    return Window(since=EARLIEST if days is None else now - timedelta(days=days), until=now)


def insights_compute(*, community: Community | None, period: str, now: datetime | None = None) -> InsightReport:
    """Compute one report from the database and keep it (the row is created or replaced)."""
    now = now or timezone.now()
    started = time.perf_counter()
    data = report(insight_frames(community=community, window=window_for(period, now)), generated_at=now)
    seconds = time.perf_counter() - started
    values = {"data": data, "computed_at": now, "seconds": seconds, "requested_at": None}
    try:
        with transaction.atomic():
            row, _created = InsightReport.objects.update_or_create(community=community, period=period, defaults=values)
    except IntegrityError:
        # Two workers computed the same report at once; the other one's insert won: replace it.
        InsightReport.objects.filter(community=community, period=period).update(**values)
        row = InsightReport.objects.get(community=community, period=period)
    logger.info("insights computed: community=%s period=%s in %.2f s", community and community.pk, period, seconds)
    return row


def insights_request(*, community: Community | None, period: str) -> bool:
    """Ask for a fresh report. Returns False when one is already on its way or was just computed.

    The row is locked while deciding, so a double click (or two members at once) enqueues one job.
    """
    from talkoot.insights.tasks import compute_insights

    if period not in Period.values:
        raise ApplicationError(_("Choose one of the time windows offered."))
    now = timezone.now()
    with transaction.atomic():
        try:
            with transaction.atomic():
                row, _created = InsightReport.objects.get_or_create(community=community, period=period)
        except IntegrityError:
            row = InsightReport.objects.get(community=community, period=period)
        row = InsightReport.objects.select_for_update().get(pk=row.pk)
        if row.requested_at is not None and now - row.requested_at < FRESH_FOR:
            return False
        if row.computed_at is not None and now - row.computed_at < FRESH_FOR:
            return False
        row.requested_at = now
        row.save(update_fields=["requested_at"])
        community_id = community.pk if community else None
        transaction.on_commit(lambda: compute_insights.enqueue(community_id=community_id, period=period))
    return True


def insights_compute_all(*, now: datetime | None = None) -> int:
    """Every period of the whole instance and of every community with members (the nightly job)."""
    now = now or timezone.now()
    community_ids = Membership.objects.active().values("community_id").distinct()
    communities: list[Community | None] = [None, *Community.objects.filter(pk__in=community_ids).order_by("pk")]
    computed = 0
    for community in communities:
        for period in Period.values:
            insights_compute(community=community, period=period, now=now)
            computed += 1
    return computed
