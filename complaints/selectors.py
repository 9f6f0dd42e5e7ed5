"""Reads about complaints: the order pages' links (CHOPHIEN_ORDER_COMPLAINTS), the producer's
own complaints, staff's queue, and the public monthly report (counts and durations only)."""

import datetime
import statistics
from dataclasses import dataclass

from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from complaints.models import Complaint, Status


def order_complaint_links(*, order, partner=None) -> list[dict]:
    """What an order's page says about complaints: each one's state, and on the buyer's page
    (partner None) the way to open one; on a producer's page, their own complaints only."""
    complaints = Complaint.objects.filter(order=order).order_by("pk")
    if partner is not None:
        complaints = complaints.filter(partner=partner)
    links = []
    for complaint in complaints:
        if partner is not None:
            url = reverse("portal:complaint", kwargs={"pk": complaint.pk})
        else:
            url = _buyer_url(order)
        links.append({"text": complaint_state_text(complaint), "url": url})
    if partner is None:
        links.append({"text": _("Report a problem with this order"), "url": _buyer_url(order)})
    return links


def _buyer_url(order) -> str:
    return reverse(
        "complaints:order",
        kwargs={"order_number": order.number, "hash": order.verification_hash()},
    )


def complaint_state_text(complaint: Complaint) -> str:
    from oscar.templatetags.currency_filters import currency

    if complaint.status == Status.REFUNDED:
        return _("Complaint #%(pk)s: upheld, %(amount)s refunded") % {
            "pk": complaint.pk,
            "amount": currency(complaint.refund_amount, complaint.order.currency),
        }
    if complaint.status == Status.REJECTED:
        return _("Complaint #%(pk)s: rejected") % {"pk": complaint.pk}
    return _("Complaint #%(pk)s: open, being looked at") % {"pk": complaint.pk}


def complaints_of_partner(*, partner) -> QuerySet:
    return Complaint.objects.filter(partner=partner).select_related("order", "line")


def complaints_for_staff(*, status: str = Status.OPEN) -> QuerySet:
    return (
        Complaint.objects.filter(status=status)
        .select_related("order", "line", "partner")
        .order_by("opened_at" if status == Status.OPEN else "-decided_at")
    )


def answer_state(complaint: Complaint, *, now=None) -> str:
    """For staff: "in time", "late", "overdue" (no answer and past the deadline), "waiting"."""
    now = now or timezone.now()
    if complaint.answered_at is not None:
        return "late" if complaint.answered_late else "in_time"
    return "overdue" if now > complaint.answer_due_at else "waiting"


@dataclass(frozen=True)
class MonthRow:
    month: datetime.date
    opened: int
    decided: int
    refunded: int
    rejected: int
    median_days: float | None  # from opened to decided, of those decided in this month's cohort
    answered_in_time: int


def monthly_report(*, months: int = 12) -> list[MonthRow]:
    """Complaints per month they were opened: no name, no order, only counts and days."""
    rows = Complaint.objects.values_list(
        "opened_at", "decided_at", "status", "answered_at", "answered_late"
    )
    by_month: dict[datetime.date, list] = {}
    for opened_at, decided_at, status, answered_at, late in rows:
        month = timezone.localtime(opened_at).date().replace(day=1)
        by_month.setdefault(month, []).append((opened_at, decided_at, status, answered_at, late))
    report = []
    for month in sorted(by_month, reverse=True)[:months]:
        items = by_month[month]
        durations = [
            (decided - opened).total_seconds() / 86400
            for opened, decided, _status, _a, _l in items
            if decided is not None
        ]
        report.append(
            MonthRow(
                month=month,
                opened=len(items),
                decided=len(durations),
                refunded=sum(1 for item in items if item[2] == Status.REFUNDED),
                rejected=sum(1 for item in items if item[2] == Status.REJECTED),
                median_days=round(statistics.median(durations), 1) if durations else None,
                answered_in_time=sum(1 for item in items if item[3] and not item[4]),
            )
        )
    return report
