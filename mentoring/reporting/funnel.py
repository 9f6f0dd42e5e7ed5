# The module's docstring is built below from RULES, the plain-words text the dashboard's
# "How figures are computed" page shows (translated): one text, in one place, for both.
"""(Built from RULES below.)"""

import dataclasses
import datetime
from collections.abc import Iterable

from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db import transaction
from django.db.models import (
    CharField,
    DateTimeField,
    F,
    Max,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.functions import Cast, Coalesce
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop
from wagtail.models import ModelLogEntry

from marketplace.catalogue.models import Product
from marketplace.order.models import Line, Order, PaymentEvent
from marketplace.order.statuses import LineStatus, OrderStatus
from marketplace.partner.models import StockRecord
from mentoring.models import Attendance, FunnelStage, Member, MemberStage, Topic, TriState
from producers.models import Producer
from producers.selectors import producers_public, products_public

# Raise it whenever a rule below changes: every stored date says which rules computed it.
FUNNEL_RULES_VERSION = 1

ACTIVE_DAYS = 90  # an active seller had a paid order in the last ACTIVE_DAYS days
PAID_EVENT_CODE = "paid"  # marketplace.payment.services records "Paid" events with this code
PRODUCER_APPROVED_ACTION = "producers.approve"  # producers.services
PRODUCT_APPROVED_ACTION = "producers.product_approve"  # producers.listing

# Where each stage stands in the funnel, first to last.
STAGES = [
    FunnelStage.SPECIALTY,
    FunnelStage.TRAINED,
    FunnelStage.PROFILE_APPROVED,
    FunnelStage.PRODUCT_LIVE,
    FunnelStage.FIRST_ORDER,
    FunnelStage.ACTIVE,
]

RULES = (
    gettext_noop(
        "How the onboarding steps are counted (rules version %(version)s). Nobody types these "
        "steps in: the platform works them out every night from its own records (the member "
        "list, training attendance, producer profiles, products and orders), and keeps the "
        "date each member reached each step."
    ),
    gettext_noop(
        "1. Has a specialty product: the member list says “yes” for “has a specialty "
        "product”. Date: the day that answer was recorded, or else the day the member was "
        "added to the list."
    ),
    gettext_noop(
        "2. Trained in selling online: the member attended a training session on selling "
        "online (e-commerce). Date: the day of the first such session."
    ),
    gettext_noop(
        "3. Producer profile approved: the member is linked to a producer profile that staff "
        "have approved and that is approved today (a suspended profile does not count). Date: "
        "the first time staff approved it, from the audit trail, or else the profile's last "
        "change."
    ),
    gettext_noop(
        "4. First product on sale: a product of that producer is on sale today, approved by "
        "staff. Date: the first time staff approved such a product, or else its last change; "
        "never earlier than the profile's approval, since nothing is sold before it."
    ),
    gettext_noop(
        "5. First paid order: an order with a line of that producer is paid (refunded and "
        "cancelled orders, and lines the producer cancelled, do not count). This step stays "
        "reached even if the profile is later suspended. Date: the day the first such order "
        "was paid in full (when the last part of its payment arrived), or else the day it was "
        "placed."
    ),
    gettext_noop(
        "6. Active seller: a paid order as in step 5 was paid in the %(active_days)s days up "
        "to and including the report day. Date kept: the day of the latest such order."
    ),
    gettext_noop(
        "Each step is counted on its own: a member can reach a later step without an earlier "
        "one (for example, selling without having attended a training), so the bars of the "
        "funnel need not shrink from one step to the next. A report for an earlier day counts "
        "only the steps reached by that day."
    ),
)


def _rule_values() -> dict:
    return {"version": FUNNEL_RULES_VERSION, "active_days": ACTIVE_DAYS}


def rules_paragraphs() -> list[str]:
    """The rules in the current language, one paragraph each (for the dashboard)."""
    return [gettext(paragraph) % _rule_values() for paragraph in RULES]


__doc__ = "\n\n".join(paragraph % _rule_values() for paragraph in RULES)


@dataclasses.dataclass
class MemberFunnel:
    """What the rules say about one member: the date of each stage reached, and the day of
    their latest paid order (the follow-up queue needs it even when they are not active)."""

    member_id: int
    reached: dict[str, datetime.date] = dataclasses.field(default_factory=dict)
    last_paid_on: datetime.date | None = None


@dataclasses.dataclass
class RecomputeResult:
    members: int  # members with at least one stage
    created: int
    deleted: int
    stages: dict[str, int]  # members per stage


# --- Expressions shared with the dashboard (mentoring.reporting.dashboard, counts) ---


def order_paid_at():
    """When an order (an Order queryset row) was paid in full: its latest "Paid" payment
    event, or else the day it was placed."""
    latest_paid = (
        PaymentEvent.objects.filter(order_id=OuterRef("pk"), event_type__code=PAID_EVENT_CODE)
        .order_by("-date_created")
        .values("date_created")[:1]
    )
    return Coalesce(Subquery(latest_paid), F("date_placed"), output_field=DateTimeField())


def _line_paid_at():
    latest_paid = (
        PaymentEvent.objects.filter(order_id=OuterRef("order_id"), event_type__code=PAID_EVENT_CODE)
        .order_by("-date_created")
        .values("date_created")[:1]
    )
    return Coalesce(Subquery(latest_paid), F("order__date_placed"), output_field=DateTimeField())


def paid_lines() -> QuerySet:
    """Order lines that count as sales (steps 5 and 6)."""
    # Practice orders (mentoring.practice) are never the member's own producer's, so never
    # reach steps 5 and 6 anyway; excluded here too, so no later change can count them.
    return Line.objects.filter(order__status=OrderStatus.PAID, order__is_practice=False).exclude(
        status=LineStatus.CANCELLED
    )


def _local_start(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def active_partner_ids(day: datetime.date) -> QuerySet:
    """The partners (one per producer) with a paid order in the ACTIVE_DAYS days up to `day`,
    as a subquery of partner ids.

    Same rule as order_paid_at, written as two uncorrelated subqueries (orders whose latest
    "Paid" event falls in the window; orders with no such event placed in it), which
    PostgreSQL hashes once instead of looking up each paid order's events."""
    start = _local_start(day - datetime.timedelta(days=ACTIVE_DAYS - 1))
    end = _local_start(day + datetime.timedelta(days=1))
    paid_events = PaymentEvent.objects.filter(event_type__code=PAID_EVENT_CODE)
    paid_in_window = (
        paid_events.values("order_id")
        .annotate(last=Max("date_created"))
        .filter(last__gte=start, last__lt=end)
        .values("order_id")
    )
    placed_in_window = Q(date_placed__gte=start, date_placed__lt=end)
    no_paid_event = ~Q(pk__in=paid_events.values("order_id"))
    paid_orders = Order.objects.filter(status=OrderStatus.PAID).filter(
        Q(pk__in=paid_in_window) | (placed_in_window & no_paid_event)
    )
    return paid_lines().filter(order_id__in=paid_orders.values("pk")).values("partner_id")


def active_members(day: datetime.date, queryset: QuerySet | None = None) -> QuerySet:
    """Members who are active sellers on `day` (step 6), worked out from the orders."""
    queryset = Member.objects.all() if queryset is None else queryset
    return queryset.filter(producer__partner_id__in=active_partner_ids(day))


# --- Computing the stages ---


def _local_date(moment: datetime.datetime | None) -> datetime.date | None:
    return timezone.localdate(moment) if moment is not None else None


def _scope(members) -> QuerySet:
    if members is None:
        return Member.objects.all()
    if isinstance(members, QuerySet):
        return members
    return Member.objects.filter(pk__in=[getattr(m, "pk", m) for m in members])


def member_funnels(
    members: QuerySet | Iterable | None = None, *, day: datetime.date | None = None
) -> dict[int, MemberFunnel]:
    """The funnel of each member in `members` (None: everyone), as the rules say on `day`
    (today, or later). Six reads whatever the number of members (eight the first time in a
    process, when content types are looked up): each step is one query grouped by member or
    producer, never one query per member."""
    day = day or timezone.localdate()
    scope = _scope(members)
    scope_ids = scope.values("pk")
    funnels: dict[int, MemberFunnel] = {}

    def funnel(member_id: int) -> MemberFunnel:
        if member_id not in funnels:
            funnels[member_id] = MemberFunnel(member_id)
        return funnels[member_id]

    # 1. Specialty product, from the member list.
    for member_id, recorded_on, created_at in scope.filter(
        has_specialty_product=TriState.YES
    ).values_list("pk", "specialty_recorded_on", "created_at"):
        funnel(member_id).reached[FunnelStage.SPECIALTY] = recorded_on or _local_date(created_at)

    # 2. Trained: the first e-commerce session attended.
    trained = (
        Attendance.objects.filter(
            member_id__in=scope_ids, session__topic=Topic.ECOMMERCE, session__held_on__lte=day
        )
        .values("member_id")
        .annotate(first=Min("session__held_on"))
        .values_list("member_id", "first")
    )
    for member_id, first in trained:
        funnel(member_id).reached[FunnelStage.TRAINED] = first

    # 3–6 need the member's producer.
    sellers = list(
        scope.filter(producer__isnull=False).values_list(
            "pk", "producer_id", "producer__partner_id", "producer__status", "producer__updated_at"
        )
    )
    if not sellers:
        return funnels
    producer_ids = Producer.objects.filter(member__in=scope_ids)
    partner_ids = producer_ids.values("partner_id")

    producer_type = ContentType.objects.get_for_model(Producer)
    approvals = dict(
        ModelLogEntry.objects.filter(
            content_type=producer_type,
            action=PRODUCER_APPROVED_ACTION,
            object_id__in=producer_ids.annotate(key=Cast("pk", CharField())).values("key"),
        )
        .values("object_id")
        .annotate(first=Min("timestamp"))
        .values_list("object_id", "first")
    )

    product_type = ContentType.objects.get_for_model(Product)
    product_approved = (
        ModelLogEntry.objects.filter(
            content_type=product_type,
            action=PRODUCT_APPROVED_ACTION,
            object_id=Cast(OuterRef("product_id"), CharField()),
        )
        .order_by("timestamp")
        .values("timestamp")[:1]
    )
    first_live = dict(
        StockRecord.objects.filter(
            partner_id__in=partner_ids,
            partner__producer__in=producers_public(),
            product__in=products_public(),
        )
        .values("partner_id")
        .annotate(
            first=Min(
                Coalesce(
                    Subquery(product_approved),
                    F("product__date_updated"),
                    output_field=DateTimeField(),
                )
            )
        )
        .values_list("partner_id", "first")
    )

    paid = {
        partner_id: (first, last)
        for partner_id, first, last in paid_lines()
        .filter(partner_id__in=partner_ids)
        .annotate(paid_at=_line_paid_at())
        .values("partner_id")
        .annotate(first=Min("paid_at"), last=Max("paid_at"))
        .values_list("partner_id", "first", "last")
    }

    active_since = day - datetime.timedelta(days=ACTIVE_DAYS - 1)
    for member_id, producer_id, partner_id, status, updated_at in sellers:
        reached = funnel(member_id).reached
        approved_on = None
        if status == Producer.Status.APPROVED:
            approved_on = _local_date(approvals.get(str(producer_id)) or updated_at)
            reached[FunnelStage.PROFILE_APPROVED] = approved_on
            if partner_id in first_live:
                live_on = _local_date(first_live[partner_id])
                reached[FunnelStage.PRODUCT_LIVE] = max(live_on, approved_on)
        if partner_id in paid:
            first, last = (_local_date(moment) for moment in paid[partner_id])
            reached[FunnelStage.FIRST_ORDER] = first
            funnels[member_id].last_paid_on = last
            if active_since <= last <= day:
                reached[FunnelStage.ACTIVE] = last
    return {pk: item for pk, item in funnels.items() if item.reached or item.last_paid_on}


# Funnel figures are recomputed in bulk (nightly, see the funnel_recompute command); the
# dashboard shows when, from this cache entry.
COMPUTED_CACHE_KEY = "mentoring:funnel:computed"
WRITE_BATCH = 2000
DELETE_BATCH = 900  # under SQLite's oldest limit of 999 parameters a query


@transaction.atomic
def funnel_recompute(
    members: QuerySet | Iterable | None = None, *, day: datetime.date | None = None
) -> RecomputeResult:
    """Store each member's stages (MemberStage) as the rules say today, replacing what was
    stored for them. Only rows that changed are written, so the nightly run over everyone
    writes little; the reads do not grow with the number of members."""
    scope = _scope(members)
    funnels = member_funnels(scope, day=day)
    wanted = {
        (member_id, stage): reached_on
        for member_id, item in funnels.items()
        for stage, reached_on in item.reached.items()
    }
    stored = (
        MemberStage.objects.all()
        if members is None
        else MemberStage.objects.filter(member_id__in=scope.values("pk"))
    )
    stale = []
    for pk, member_id, stage, reached_on, version in stored.values_list(
        "pk", "member_id", "stage", "reached_on", "rules_version"
    ).iterator(chunk_size=WRITE_BATCH):
        key = (member_id, stage)
        if wanted.get(key) == reached_on and version == FUNNEL_RULES_VERSION:
            del wanted[key]  # already stored as it should be
        else:
            stale.append(pk)
    for start in range(0, len(stale), DELETE_BATCH):
        MemberStage.objects.filter(pk__in=stale[start : start + DELETE_BATCH]).delete()
    MemberStage.objects.bulk_create(
        (
            MemberStage(
                member_id=member_id,
                stage=stage,
                reached_on=reached_on,
                rules_version=FUNNEL_RULES_VERSION,
            )
            for (member_id, stage), reached_on in wanted.items()
        ),
        batch_size=WRITE_BATCH,
    )
    counts = {stage.value: 0 for stage in STAGES}
    for item in funnels.values():
        for stage in item.reached:
            counts[stage] += 1
    if members is None:
        computed = {"at": timezone.now().isoformat(), "rules_version": FUNNEL_RULES_VERSION}
        transaction.on_commit(lambda: cache.set(COMPUTED_CACHE_KEY, computed, None))
    return RecomputeResult(
        members=sum(1 for item in funnels.values() if item.reached),
        created=len(wanted),
        deleted=len(stale),
        stages=counts,
    )


def last_computed() -> dict | None:
    """{"at": datetime, "rules_version": n} of the last full recompute, if the cache knows."""
    value = cache.get(COMPUTED_CACHE_KEY)
    if not value:
        return None
    return {**value, "at": datetime.datetime.fromisoformat(value["at"])}
