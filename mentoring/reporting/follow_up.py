"""The mentor's follow-up queue: trained members with nothing on sale, shops without a recent
paid order, and shops drafted for a member still waiting for their confirmation."""

import dataclasses
import datetime

from django.db.models import Q
from django.utils import timezone

from mentoring.models import FunnelStage, Member
from mentoring.reporting import funnel
from mentoring.selectors import today

TRAINED_WAIT_DAYS = 30
NO_ORDER_DAYS = 60


@dataclasses.dataclass
class FollowUpRow:
    member: Member
    since: datetime.date  # trained on, or on sale since
    days: int
    last_paid_on: datetime.date | None = None


@dataclasses.dataclass
class FollowUp:
    day: datetime.date
    mentees: int
    trained_not_listed: list[FollowUpRow]
    listed_no_recent_order: list[FollowUpRow]
    drafts_awaiting: list[FollowUpRow]


def follow_up_queue(*, mentor, day: datetime.date | None = None) -> FollowUp:
    """The mentor's members who need a nudge, worked out now from the records (not from the
    nightly figures): trained over TRAINED_WAIT_DAYS days ago with nothing on sale; on sale
    for NO_ORDER_DAYS days or more with no paid order in the last NO_ORDER_DAYS days."""
    day = day or today()
    mentees = list(Member.objects.filter(mentor=mentor).order_by("full_name", "pk"))
    funnels = funnel.member_funnels([member.pk for member in mentees], day=day)
    trained_cutoff = day - datetime.timedelta(days=TRAINED_WAIT_DAYS)
    order_cutoff = day - datetime.timedelta(days=NO_ORDER_DAYS)
    stalled, quiet = [], []
    for member in mentees:
        item = funnels.get(member.pk)
        if item is None:
            continue
        trained_on = item.reached.get(FunnelStage.TRAINED)
        live_on = item.reached.get(FunnelStage.PRODUCT_LIVE)
        if trained_on and trained_on < trained_cutoff and live_on is None:
            stalled.append(FollowUpRow(member, trained_on, (day - trained_on).days))
        if (
            live_on
            and live_on <= order_cutoff
            and (item.last_paid_on is None or item.last_paid_on <= order_cutoff)
        ):
            quiet.append(FollowUpRow(member, live_on, (day - live_on).days, item.last_paid_on))
    return FollowUp(day, len(mentees), stalled, quiet, _drafts_awaiting(mentor, day))


def _drafts_awaiting(mentor, day: datetime.date) -> list[FollowUpRow]:
    """Shops drafted for the mentor's members, or by the mentor, that the member has not
    confirmed yet (mentoring.assisted), oldest first."""
    members = (
        Member.objects.filter(Q(mentor=mentor) | Q(producer__drafted_by=mentor))
        .filter(producer__drafted_by__isnull=False, producer__draft_confirmed_at__isnull=True)
        .select_related("producer")
        .order_by("producer__created_at", "pk")
    )
    rows = []
    for member in members:
        drafted_on = timezone.localtime(member.producer.created_at).date()
        rows.append(FollowUpRow(member, drafted_on, (day - drafted_on).days))
    return rows
