"""Phone messages through the real backends to the local SMS/Zalo stand-in: Zalo first, SMS
when the number has no Zalo or Zalo has no such template, retries with back-off, "failed"
after the last attempt, every message recorded."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from notifications.delivery import message_deliver, messages_due_send
from notifications.models import Message, MessageStatus
from notifications.services import message_send
from notifications.templates import SMS_PART, templates_all
from tests.support.phone_gateways import standin_configure, standin_messages

pytestmark = pytest.mark.django_db


def test_a_code_goes_by_zalo_with_its_template_id_and_data(phone_gateways):
    message = message_send(
        to_phone="0912 345 678", template="sign_in_code", params={"code": "123456"}
    )

    assert message.status == MessageStatus.SENT
    assert message.channel == "zalo"
    assert message.to == "+84912345678"
    (received,) = standin_messages(phone_gateways, "0912345678")
    assert received["channel"] == "zalo"
    assert received["phone"] == "84912345678"
    assert received["template_id"] == "300009"
    assert received["template_data"] == {"code": "123456"}
    assert message.provider_id.startswith("zns-")


def test_a_number_without_zalo_gets_the_sms_at_once_without_diacritics(phone_gateways):
    standin_configure(phone_gateways, no_zalo=["84912345678"])

    message_send(to_phone="+84912345678", template="sign_in_code", params={"code": "654321"})

    zalo, sms = Message.objects.order_by("pk")
    assert (zalo.channel, zalo.status, zalo.attempts) == ("zalo", MessageStatus.FAILED, 1)
    assert "-118" in zalo.error
    assert (sms.channel, sms.status) == ("sms", MessageStatus.SENT)
    (received,) = standin_messages(phone_gateways, "0912345678")
    assert received["channel"] == "sms"
    assert received["brandname"] == "CHOPHIEN"
    assert received["sms_type"] == "2"
    assert received["content"] == (
        "Cho Phien: ma cua ban la 654321, dung duoc trong 5 phut. Dung dua ma cho ai."
    )


def test_a_message_zalo_has_no_template_for_goes_by_sms(phone_gateways):
    message_send(
        to_phone="0912345678",
        template="order_sent",
        params={"number": "100001", "tracking": "VN123", "url": "http://x/"},
    )

    assert [m["channel"] for m in standin_messages(phone_gateways)] == ["sms"]


def test_gateways_down_the_message_waits_retries_with_back_off_then_fails(
    phone_gateways, settings, django_capture_on_commit_callbacks
):
    settings.CHOPHIEN_NOTIFY_ATTEMPTS = 3
    standin_configure(phone_gateways, down=["zalo", "sms"])
    with django_capture_on_commit_callbacks(execute=True):
        message = message_send(
            to_phone="0912345678", template="sign_in_code", params={"code": "1"}, immediate=False
        )
    message.refresh_from_db()
    assert message.status == MessageStatus.RETRYING
    assert message.attempts == 1
    assert "503" in message.error
    first_wait = message.next_attempt_at - timezone.now()
    assert timedelta(seconds=50) < first_wait <= timedelta(seconds=60)

    assert messages_due_send() == 0  # not yet its turn
    later = timezone.now() + timedelta(minutes=5)
    messages_due_send(now=later)
    message.refresh_from_db()
    assert message.attempts == 2
    # The wait grows: 1 minute after the first failure, 4 after the second.
    assert message.next_attempt_at - timezone.now() > timedelta(minutes=3)

    for _ in range(6):
        with django_capture_on_commit_callbacks(execute=True):
            messages_due_send(now=timezone.now() + timedelta(days=1))
    zalo, sms = Message.objects.order_by("pk")
    assert (zalo.status, zalo.attempts) == (MessageStatus.FAILED, 3)
    assert (sms.status, sms.attempts) == (MessageStatus.FAILED, 3)
    assert standin_messages(phone_gateways) == []


def test_a_message_that_waited_goes_once_the_gateway_is_back(
    phone_gateways, django_capture_on_commit_callbacks
):
    standin_configure(phone_gateways, down=["zalo"])
    with django_capture_on_commit_callbacks(execute=True):
        message_send(
            to_phone="0912345678", template="sign_in_code", params={"code": "1"}, immediate=False
        )
    standin_configure(phone_gateways)

    call_command("send_due_messages", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert Message.objects.get().status == MessageStatus.RETRYING  # its wait is not over
    messages_due_send(now=timezone.now() + timedelta(minutes=2))

    message = Message.objects.get()
    assert (message.status, message.attempts, message.error) == (MessageStatus.SENT, 2, "")
    assert [m["channel"] for m in standin_messages(phone_gateways)] == ["zalo"]


def test_a_slow_gateway_costs_at_most_the_timeout_and_the_message_waits(
    phone_gateways, settings, django_capture_on_commit_callbacks
):
    settings.CHOPHIEN_NOTIFY_TIMEOUT = 0.5
    standin_configure(phone_gateways, delay=3)
    started = timezone.now()

    with django_capture_on_commit_callbacks(execute=True):
        message = message_send(
            to_phone="0912345678", template="sign_in_code", params={"code": "1"}, immediate=False
        )

    assert timezone.now() - started < timedelta(seconds=2)
    message.refresh_from_db()
    assert (message.channel, message.status) == ("zalo", MessageStatus.RETRYING)
    assert "Timeout" in message.error


def test_a_number_that_is_not_one_sends_nothing(phone_gateways):
    assert message_send(to_phone="12", template="sign_in_code", params={"code": "1"}) is None
    assert not Message.objects.exists()


@pytest.mark.parametrize("template", templates_all(), ids=lambda template: template.code)
def test_every_sms_fits_one_part_in_plain_letters(template):
    """GSM-7 (ASCII here) and at most 160 characters, with the longest parameters an order
    gives and the site's address as long as a real one."""
    params = {
        "code": "123456",
        "number": "1000123",
        "total": "12.345.000",
        "amount": "12.345.000",
        "count": "12",
        "tracking": "VN123456789VN",
        "asked": "31/12/2026",  # the day a deletion was asked for (privacy)
        "due": "31/12",  # a complaint's answer deadline (complaints.messages)
        # The short link (/o/…) for buyers, the portal's order page for producers.
        "url": "https://chophien.vn/producer/orders/1000123/"
        if template.code.startswith("producer")
        else "https://chophien.vn/o/1000123/AbCdEfGhIjKl/",
    }

    text = template.render(params)

    assert text.isascii(), text
    assert len(text) <= SMS_PART, (len(text), text)


def test_with_a_queue_that_can_wait_the_retry_is_queued_to_run_after_its_back_off(
    phone_gateways, settings, django_capture_on_commit_callbacks
):
    """As with django-tasks-db in production: the first attempt is queued once the
    transaction commits, and a failed attempt queues the next one for after its wait."""
    from django_tasks import task_backends

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    standin_configure(phone_gateways, down=["zalo"])
    queue = task_backends["default"]
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        message = message_send(
            to_phone="0912345678", template="sign_in_code", params={"code": "1"}, immediate=False
        )
    assert queue.results == []  # nothing before the commit
    for callback in callbacks:
        callback()
    (first,) = queue.results
    assert first.kwargs == {"message_id": message.pk} and first.task.run_after is None

    message_deliver(message_id=message.pk)  # a worker runs it

    message.refresh_from_db()
    assert message.status == MessageStatus.RETRYING
    retry = queue.results[1]
    assert retry.kwargs == {"message_id": message.pk}
    assert retry.task.run_after == message.next_attempt_at


def test_a_code_goes_by_sms_at_once_when_zalo_is_down(phone_gateways):
    """A sign-in code cannot wait for Zalo's retries: the SMS goes in the same request."""
    standin_configure(phone_gateways, down=["zalo"])

    message_send(to_phone="0912345678", template="sign_in_code", params={"code": "246810"})

    zalo, sms = Message.objects.order_by("pk")
    assert (zalo.status, zalo.attempts, sms.status) == ("failed", 1, "sent")
    (received,) = standin_messages(phone_gateways, "0912345678")
    assert received["channel"] == "sms" and "246810" in received["content"]


def test_the_console_backend_prints_the_message_in_development(settings, capsys):
    settings.CHOPHIEN_NOTIFY_BACKENDS = {"sms": "notifications.backends.ConsoleBackend"}

    message = message_send(
        to_phone="0912345678",
        template="order_sent",
        params={"number": "100001", "tracking": "VN1", "url": "http://127.0.0.1:8000/o/1/x/"},
    )

    assert message.status == MessageStatus.SENT
    printed = capsys.readouterr().out
    assert "[sms → +84912345678] order_sent: Cho Phien: don 100001 da gui di" in printed
