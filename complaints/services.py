"""A complaint's life: opened by the buyer, answered by the producer, decided by staff. Every
step is in the order's history (an order note) and Wagtail's audit log; a refund goes through
the shop's refund service (marketplace.payment.services.order_refund_grant)."""

import datetime
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from oscar.templatetags.currency_filters import currency
from wagtail.log_actions import log

from complaints.messages import complaint_decided_notify, complaint_opened_notify
from complaints.models import Complaint, ComplaintPhoto, Reason, Status
from marketplace.order.selectors import order_producer_groups
from marketplace.order.statuses import LineStatus, OrderStatus
from marketplace.payment import services as payment_services

MAX_PHOTOS = 3


def answer_days() -> int:
    return settings.CHOPHIEN_COMPLAINT_ANSWER_DAYS


def window_days() -> int:
    return settings.CHOPHIEN_COMPLAINT_WINDOW_DAYS


def _dong(amount: Decimal) -> str:
    return currency(amount, settings.OSCAR_DEFAULT_CURRENCY)  # "90.000 ₫"


def _note(order, message: str, by) -> None:
    order.notes.create(
        user=by if getattr(by, "is_authenticated", False) else None,
        note_type="System",
        message=message,
    )


def complaint_refusal(*, order, lines: list, now=None) -> str | None:
    """Why the buyer may not complain about these lines of the order (None: they may).

    A complaint is about goods paid for or sent: an order still waiting for payment with
    nothing sent is changed or cancelled instead, a cancelled one has nothing to complain
    about. Past the window (settings), it is too late."""
    now = now or timezone.now()
    if now > order.date_placed + datetime.timedelta(days=window_days()):
        return _(
            "Complaints about an order can be made within %(days)s days of placing it. "
            "Please call the shop for help."
        ) % {"days": window_days()}
    if order.status == OrderStatus.CANCELLED:
        return _("This order was cancelled: there is nothing to complain about.")
    live = [line for line in lines if line.status != LineStatus.CANCELLED]
    if not live:
        return _("These items were cancelled: there is nothing to complain about.")
    sent = any(line.status == LineStatus.DISPATCHED for line in live)
    if order.status == OrderStatus.AWAITING_PAYMENT and not sent:
        return _(
            "This order is not paid or sent yet: change or cancel it with the producer instead."
        )
    return None


@transaction.atomic
def complaint_open(
    *, order, partner_id: int, line=None, reason: str, description: str, photos=(), by=None
) -> Complaint:
    """Open a complaint on one line of the order, or on one producer's part of it (line None).
    The caller has checked the order is the buyer's (their account, or its signed link)."""
    if line is not None and (line.order_id != order.pk or line.partner_id != partner_id):
        raise PermissionDenied
    lines = [line] if line is not None else list(order.lines.filter(partner_id=partner_id))
    if not lines:
        raise PermissionDenied
    if refusal := complaint_refusal(order=order, lines=lines):
        raise ValidationError(refusal, code="not_allowed")
    if reason not in Reason.values:
        raise ValidationError(_("Choose a reason."), code="reason")
    if not description.strip():
        raise ValidationError(_("Tell us what happened."), code="description")
    photos = list(photos)
    if len(photos) > MAX_PHOTOS:
        raise ValidationError(_("Add at most %(max)s photos.") % {"max": MAX_PHOTOS}, code="photos")
    open_ones = Complaint.objects.filter(order=order, partner_id=partner_id, status=Status.OPEN)
    # A whole part clashes with any open complaint of that producer; a line with its own or
    # with one about the whole part.
    clashing = open_ones if line is None else open_ones.filter(Q(line=line) | Q(line__isnull=True))
    if clashing.exists():
        raise ValidationError(
            _("There is already an open complaint about this. Staff will decide it first."),
            code="duplicate",
        )
    now = timezone.now()
    complaint = Complaint(
        order=order,
        line=line,
        partner_id=partner_id,
        opened_by=by if getattr(by, "is_authenticated", False) else None,
        reason=reason,
        description=description.strip(),
        answer_due_at=now + datetime.timedelta(days=answer_days()),
    )
    complaint.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            complaint.save()
    except IntegrityError:  # the same complaint sent twice at once
        raise ValidationError(
            _("There is already an open complaint about this. Staff will decide it first."),
            code="duplicate",
        ) from None
    for photo in photos:
        ComplaintPhoto.objects.create(complaint=complaint, image=photo)
    with translation.override(settings.LANGUAGE_CODE):  # staff read the history in Vietnamese
        _note(
            order,
            _("Complaint #%(pk)s opened (%(reason)s) about %(what)s.")
            % {
                "pk": complaint.pk,
                "reason": complaint.get_reason_display(),
                "what": line.title if line is not None else complaint.partner.name,
            },
            by,
        )
    log(
        instance=order,
        action="complaints.open",
        user=by if getattr(by, "is_authenticated", False) else None,
        data={"complaint": complaint.pk, "reason": reason, "line": line.pk if line else None},
    )
    transaction.on_commit(lambda: complaint_opened_notify(complaint=complaint), robust=True)
    return complaint


@transaction.atomic
def complaint_answer(*, complaint: Complaint, partner, text: str, by) -> Complaint:
    """The producer's answer, on their own complaints only. One after the deadline is taken
    (the buyer and staff should read it) and recorded as late."""
    complaint = Complaint.objects.select_for_update().get(pk=complaint.pk)
    if complaint.partner_id != partner.pk:
        raise PermissionDenied
    if not complaint.is_open:
        raise ValidationError(_("This complaint has been decided already."), code="decided")
    if complaint.answered_at is not None:
        raise ValidationError(_("You have answered this complaint already."), code="answered")
    if not text.strip():
        raise ValidationError(_("Write your answer."), code="answer")
    now = timezone.now()
    complaint.answer = text.strip()
    complaint.answered_at = now
    complaint.answered_late = now > complaint.answer_due_at
    complaint.save(update_fields=["answer", "answered_at", "answered_late"])
    with translation.override(settings.LANGUAGE_CODE):
        message = (
            _("Complaint #%(pk)s answered by the producer, late.")
            if complaint.answered_late
            else _("Complaint #%(pk)s answered by the producer.")
        ) % {"pk": complaint.pk}
    _note(complaint.order, message, by)
    log(
        instance=complaint.order,
        action="complaints.answer",
        user=by,
        data={"complaint": complaint.pk, "late": complaint.answered_late},
    )
    return complaint


def complaint_refund_limit(complaint: Complaint) -> Decimal:
    """At most the line's price, or the producer's lines and shipping for the whole part."""
    if complaint.line_id:
        return complaint.line.line_price_incl_tax
    for item in order_producer_groups(complaint.order):
        if item.group.partner_id == complaint.partner_id:
            return item.total
    lines = complaint.order.lines.filter(partner_id=complaint.partner_id)
    return sum((line.line_price_incl_tax for line in lines), Decimal(0))


def _decided(complaint: Complaint, *, status: str, by, reason: str, amount=None) -> None:
    complaint.status = status
    complaint.decided_at = timezone.now()
    complaint.decided_by = by
    complaint.decision_reason = reason
    complaint.refund_amount = amount
    complaint.save(
        update_fields=["status", "decided_at", "decided_by", "decision_reason", "refund_amount"]
    )
    transaction.on_commit(lambda: complaint_decided_notify(complaint=complaint), robust=True)


@transaction.atomic
def complaint_refund(*, complaint: Complaint, amount: Decimal, by, reason: str = "") -> Complaint:
    """Uphold the complaint: `amount` goes back to the buyer through the shop's refund service
    (a card or VNPay payment at once; a transfer or cash as the producer's refund due)."""
    complaint = Complaint.objects.select_for_update().get(pk=complaint.pk)
    if not complaint.is_open:
        raise ValidationError(_("This complaint has been decided already."), code="decided")
    amount = Decimal(amount)
    limit = complaint_refund_limit(complaint)
    if amount <= 0 or amount > limit:
        raise ValidationError(
            _("Refund between 1 ₫ and %(limit)s.") % {"limit": _dong(limit)},
            code="amount",
        )
    with translation.override(settings.LANGUAGE_CODE):
        note = _("Complaint #%(pk)s upheld: %(amount)s refunded to the buyer.") % {
            "pk": complaint.pk,
            "amount": _dong(amount),
        }
    payment_services.order_refund_grant(
        order=complaint.order, partner_id=complaint.partner_id, amount=amount, by=by, note=note
    )
    _decided(complaint, status=Status.REFUNDED, by=by, reason=reason.strip(), amount=amount)
    log(
        instance=complaint.order,
        action="complaints.refund",
        user=by,
        data={"complaint": complaint.pk, "amount": str(amount)},
    )
    return complaint


@transaction.atomic
def complaint_reject(*, complaint: Complaint, reason: str, by) -> Complaint:
    complaint = Complaint.objects.select_for_update().get(pk=complaint.pk)
    if not complaint.is_open:
        raise ValidationError(_("This complaint has been decided already."), code="decided")
    if not reason.strip():
        raise ValidationError(_("Give the reason for rejecting it."), code="reason")
    _decided(complaint, status=Status.REJECTED, by=by, reason=reason.strip())
    with translation.override(settings.LANGUAGE_CODE):
        _note(
            complaint.order,
            _("Complaint #%(pk)s rejected: %(reason)s")
            % {"pk": complaint.pk, "reason": complaint.decision_reason},
            by,
        )
    log(
        instance=complaint.order,
        action="complaints.reject",
        user=by,
        data={"complaint": complaint.pk, "reason": complaint.decision_reason},
    )
    return complaint
