"""Sending one recorded Message, trying it again with back-off, and moving a phone message
on to its next channel.

Each attempt is a django-tasks task (`message_deliver_task`). With a queue that can wait
(django-tasks-db: CHOPHIEN_TASKS_BACKEND=database) a failed attempt re-enqueues itself to run
after its back-off; with the immediate backend (one machine, no worker) the attempts still due
are made by `manage.py send_due_messages` (cron, each minute), which also catches any task a
queue lost. After its last attempt a message is "failed" for staff to see.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks import task

from notifications.backends import Backend, DeliveryError
from notifications.models import Message, MessageStatus

logger = logging.getLogger(__name__)


def attempts_max() -> int:
    return int(getattr(settings, "CHOPHIEN_NOTIFY_ATTEMPTS", 5))


def backoff(attempts: int) -> timedelta:
    """Wait after the n-th failed attempt: 1, 4, 16, 64 minutes..."""
    base = float(getattr(settings, "CHOPHIEN_NOTIFY_BACKOFF_SECONDS", 60))
    return timedelta(seconds=base * 4 ** (attempts - 1))


def backend_for(channel: str) -> Backend | None:
    path = settings.CHOPHIEN_NOTIFY_BACKENDS.get(channel)
    return import_string(path)(channel) if path else None


def channels_available(channels, *, template: str) -> list[str]:
    """Those of `channels` that are set up and can carry the template, in order."""
    available = []
    for channel in channels:
        backend = backend_for(channel)
        if backend is not None and backend.accepts(template):
            available.append(channel)
    return available


@task()
def message_deliver_task(message_id: int) -> str:
    return message_deliver(message_id=message_id)


def message_enqueue(message: Message, *, run_after=None) -> None:
    """Queue an attempt; with a queue that cannot wait, a later attempt is left to
    send_due_messages."""
    backend = message_deliver_task.get_backend()
    if run_after is not None:
        if not backend.supports_defer:
            return
        message_deliver_task.using(run_after=run_after).enqueue(message_id=message.pk)
        return
    message_deliver_task.enqueue(message_id=message.pk)


def message_deliver(*, message_id: int, follow_now: bool = False) -> str:
    """One attempt at a message that is waiting; returns its status. Safe to repeat: a
    message that was sent or has failed for good is left alone, and the row lock keeps two
    workers from sending it twice. When it fails for good and has a next channel, the message
    by that channel is sent now (`follow_now`: a sign-in code) or queued."""
    following = None
    with transaction.atomic():
        message = Message.objects.select_for_update().filter(pk=message_id).first()
        if message is None or message.status not in (
            MessageStatus.PENDING,
            MessageStatus.RETRYING,
        ):
            return message.status if message else ""
        message.attempts += 1
        backend = backend_for(message.channel)
        try:
            if backend is None:
                raise DeliveryError("no backend for this channel", permanent=True)
            message.provider_id = backend.send(message)[:100]
        except DeliveryError as error:
            message.error = str(error)[:2000]
            # Now or never for a sign-in code: a channel that fails hands over to the next
            # one at once, not after an hour of retries.
            moving_on = follow_now and bool(message.fallbacks)
            following = _failed(message, permanent=error.permanent or moving_on)
        except Exception as error:  # a backend's bug must not lose the message either
            logger.exception("Message %s: backend error", message.pk)
            message.error = f"{type(error).__name__}: {error}"[:2000]
            following = _failed(message, permanent=follow_now and bool(message.fallbacks))
        else:
            message.status = MessageStatus.SENT
            message.sent_at = timezone.now()
            message.next_attempt_at = None
            message.error = ""
        message.save()
    if message.status == MessageStatus.RETRYING:
        message_enqueue(message, run_after=message.next_attempt_at)
    if following is not None:
        # The next channel at once: a number without Zalo gets the SMS now, not in an hour.
        if follow_now:
            message_deliver(message_id=following.pk, follow_now=True)
        else:
            transaction.on_commit(lambda: message_enqueue(following), robust=True)
    return message.status


def _failed(message: Message, *, permanent: bool) -> Message | None:
    """Mark a failed attempt; returns the message by the next channel when this one is over."""
    if not permanent and message.attempts < attempts_max():
        message.status = MessageStatus.RETRYING
        message.next_attempt_at = timezone.now() + backoff(message.attempts)
        return None
    message.status = MessageStatus.FAILED
    message.next_attempt_at = None
    if not message.fallbacks:
        return None
    channel, *rest = message.fallbacks
    return Message.objects.create(
        to=message.to,
        channel=channel,
        template=message.template,
        params=message.params,
        body=message.body,
        fallbacks=rest,
    )


def messages_due_send(*, now=None) -> int:
    """Attempt every message whose turn has come (or that waited too long for its first
    try: a queue lost it); returns how many were attempted."""
    now = now or timezone.now()
    stale = now - timedelta(minutes=5)
    due = list(
        Message.objects.filter(
            Q(status=MessageStatus.RETRYING, next_attempt_at__lte=now)
            | Q(status=MessageStatus.PENDING, created_at__lte=stale)
        )
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    for pk in due:
        message_deliver(message_id=pk)
    return len(due)
