"""Writes: a person's deletion request, and staff carrying it out.

What a deletion keeps, and why (docs/privacy.md):
- orders, their lines, amounts, payments and statuses: accounting records the law on
  accounting (88/2015/QH13, art. 41) keeps for 10 years, and the producers' sales and the
  payout ledger are computed from them. They are de-identified: the buyer's name, phone, e-mail
  and street are cleared from the order and its addresses, the order no longer points at the
  account; the commune and province stay (delivery statistics name no one);
- the account row, anonymised and unable to sign in: the orders' history and the audit log
  point at it;
- a member's roster entry, through mentoring's own `member_anonymise` (unit, gender, birth
  year, survey answers, trainings stay: every KPI figure adds up as before);
- a shop the person runs is not closed by this request: the shop's sales are a seller's
  records of its own; the person's sign-in to it goes, staff are told in the summary.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import log

from privacy.models import DeletionRequest

HANDLE_PERMISSION = "privacy.change_deletionrequest"
ANONYMOUS = "(ẩn danh)"  # stored data, in the site's language (as mentoring's)


@transaction.atomic
def deletion_request_create(*, user, reason: str = "") -> DeletionRequest:
    """The signed-in person asks that the site forget them. Only for themselves: the view
    passes request.user and nothing else; asking again while one waits returns that one."""
    if not user.is_authenticated or not user.is_active:
        raise PermissionDenied
    if user.is_staff or user.is_superuser:
        # A staff account is the operator's, handed back when the person leaves: not by this.
        raise ValidationError(
            _("A staff account is closed by the site's administrators, not by this form."),
            code="staff",
        )
    existing = DeletionRequest.objects.filter(user=user, status=DeletionRequest.Status.OPEN).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            request = DeletionRequest.objects.create(user=user, reason=reason.strip()[:2000])
    except IntegrityError:  # a second click at the same moment
        return DeletionRequest.objects.get(user=user, status=DeletionRequest.Status.OPEN)
    log(instance=request, action="privacy.deletion_requested", user=user, title=f"#{request.pk}")
    return request


@transaction.atomic
def deletion_request_handle(*, deletion_request: DeletionRequest, by) -> DeletionRequest:
    """Carry out a waiting request: anonymise the account, its addresses, its orders'
    personal details, its roster entry (mentoring.services.member_anonymise), the messages
    sent to it; log it; tell the person by the channel they had (SMS/Zalo to the phone, else
    e-mail) once the transaction has committed."""
    from mentoring.models import Member
    from mentoring.services import member_anonymise

    if not by.is_active or not by.has_perm(HANDLE_PERMISSION):
        raise PermissionDenied
    deletion_request = DeletionRequest.objects.select_for_update().get(pk=deletion_request.pk)
    if deletion_request.status != DeletionRequest.Status.OPEN:
        return deletion_request
    user = deletion_request.user
    phone, email = user.phone, user.email
    asked = timezone.localtime(deletion_request.created_at).strftime("%d/%m/%Y")

    summary = {"members": 0}
    for member in Member.objects.filter(accounts__user=user):
        # Needs provincial staff (mentoring's rule): a request of a member waits for them.
        member_anonymise(member=member, by=by)
        summary["members"] += 1
    summary.update(_orders_deidentify(user))
    summary.update(_account_anonymise(user))
    summary["messages"] = _messages_forget(phone, email)

    deletion_request.status = DeletionRequest.Status.DONE
    deletion_request.handled_at = timezone.now()
    deletion_request.handled_by = by
    deletion_request.reason = ""  # the person's own words may name them
    deletion_request.summary = summary
    deletion_request.save()
    log(
        instance=deletion_request,
        action="privacy.deletion_done",
        user=by,
        title=f"#{deletion_request.pk}",
        data=summary,
    )
    transaction.on_commit(lambda: _tell(phone=phone, email=email, asked=asked))
    return deletion_request


def _account_anonymise(user) -> dict:
    from marketplace.address.models import UserAddress
    from producers.models import Producer

    addresses = UserAddress.objects.filter(user=user).delete()[0]
    shops = list(Producer.objects.filter(partner__users=user).values_list("pk", flat=True))
    for shop in Producer.objects.filter(pk__in=shops).select_related("partner"):
        shop.partner.users.remove(user)
    user.first_name = user.last_name = ""
    user.phone = None
    user.email = f"an-danh-{user.pk}@invalid"  # unique, and no one's: the row needs one of two
    user.is_active = False
    user.set_unusable_password()  # also ends every session of the account
    user.save()
    return {"addresses": addresses, "shops_left": shops}


def _orders_deidentify(user) -> dict:
    from marketplace.order.models import BillingAddress, Order, ShippingAddress

    orders = Order.objects.filter(user=user)
    blank = {
        "first_name": "",
        "last_name": ANONYMOUS,
        "line1": "",
        "line2": "",
        "phone_number": "",
        "notes": "",
    }
    count = orders.count()
    ShippingAddress.objects.filter(order__in=orders).update(**blank)
    BillingAddress.objects.filter(order__in=orders).update(
        **{key: value for key, value in blank.items() if key not in ("phone_number", "notes")}
    )
    orders.update(guest_email="", guest_phone="", user=None)
    return {"orders": count}


def _messages_forget(phone, email) -> int:
    from notifications.models import Message

    recipients = [value for value in (phone, email) if value]
    return Message.objects.filter(to__in=recipients).update(to=ANONYMOUS, body="", params={})


def _tell(*, phone, email, asked: str) -> None:
    from notifications.services import email_send, message_send

    template = "privacy_deletion_done"
    if phone and message_send(to_phone=phone, template=template, params={"asked": asked}):
        return
    if email:
        subject = gettext("Chợ Phiên: your personal data has been deleted")
        body = gettext(
            "As you asked on %(asked)s, your personal data has been deleted from Chợ Phiên. "
            "Your orders are kept without your name, as the law on accounting requires."
        ) % {"asked": asked}
        email_send(email=EmailMessage(subject, body, None, [email]), template=template)
