"""Sending messages to people: by phone (Zalo, then SMS) and by email, every one recorded.

    message_send(to_phone="+84912345678", template="order_placed", params={...})

A phone message goes by the first channel of `channels` that has a backend, and by the next
one when that fails for good (no Zalo account, a template Zalo does not have, or its last
attempt failed). `immediate=False` (events of an order): the attempt waits for the current
transaction to commit and runs through the task queue, so no gateway slows or fails it.
`immediate=True` (a sign-in code, which cannot wait): attempted now, still recorded.
"""

import logging

import phonenumbers
from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone

from notifications.delivery import channels_available, message_deliver, message_enqueue
from notifications.models import Channel, Message, MessageStatus
from notifications.templates import template_get

logger = logging.getLogger(__name__)

PHONE_CHANNELS = (Channel.ZALO.value, Channel.SMS.value)


def phone_e164(raw: str) -> str:
    """A number as the gateways take it (E.164), or "" when it is not a number at all (a
    producer's contact phone is typed freely)."""
    try:
        number = phonenumbers.parse(raw or "", "VN")
    except phonenumbers.NumberParseException:
        return ""
    if not phonenumbers.is_valid_number(number):
        return ""
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def message_send(
    *,
    to_phone: str,
    template: str,
    params: dict,
    channels=PHONE_CHANNELS,
    immediate: bool = True,
) -> Message | None:
    """Record a phone message and send it (now, or once the transaction commits through the
    queue). Returns the first channel's Message, or None when the number is not valid or no
    channel is set up."""
    phone = phone_e164(to_phone)
    available = channels_available(channels, template=template)
    if not phone or not available:
        return None
    params = {key: str(value) for key, value in params.items()}
    message = Message.objects.create(
        to=phone,
        channel=available[0],
        template=template,
        params=params,
        body=template_get(template).render(params),
        fallbacks=available[1:],
    )
    if immediate:
        message_deliver(message_id=message.pk, follow_now=True)
        _secrets_blank(message)
        message.refresh_from_db()
    else:
        transaction.on_commit(lambda: message_enqueue(message), robust=True)
    return message


def _secrets_blank(message: Message) -> None:
    """Once a message with a credential has been tried by every channel it had (at once: a
    sign-in code is never retried later), keep the record without the credential."""
    template = template_get(message.template)
    if not template.secret:
        return
    params = {**message.params, **{name: "••••••" for name in template.secret}}
    sent_now = Message.objects.filter(pk__gte=message.pk, to=message.to, template=message.template)
    # A channel that failed only for now is not tried again later: the code has expired by
    # then, and the record no longer holds it.
    sent_now.filter(status=MessageStatus.RETRYING).update(
        status=MessageStatus.FAILED, next_attempt_at=None
    )
    sent_now.update(params=params, body=template.render(params))


def email_send(*, email: EmailMessage, template: str) -> list[Message]:
    """Send a composed email now and record it, one Message per recipient. Email goes to the
    site's mail server, which queues and retries itself; a refusal is recorded as failed."""
    recipients = [address for address in email.to if address]
    if not recipients:
        return []
    email.to = recipients
    try:
        email.send()
    except Exception as error:  # SMTP errors and the like: recorded for staff, not raised
        logger.exception("Email %s to %s failed", template, recipients)
        status, error_text, sent_at = MessageStatus.FAILED, f"{type(error).__name__}: {error}", None
    else:
        status, error_text, sent_at = MessageStatus.SENT, "", timezone.now()
    return Message.objects.bulk_create(
        Message(
            to=address,
            channel=Channel.EMAIL,
            template=template,
            body=str(email.subject),
            status=status,
            attempts=1,
            error=error_text,
            sent_at=sent_at,
        )
        for address in recipients
    )
