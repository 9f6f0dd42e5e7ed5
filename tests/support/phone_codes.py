"""Where tests read the one-time code a phone was sent (accounts.otp).

Until the SMS/Zalo stand-in of the notifications app is wired in (CHOPHIEN_OTP_SENDER =
notifications.services.message_send), the test settings keep messages in accounts.otp.outbox;
this is the one place to change so that tests read them from the stand-in instead."""

from accounts import otp


def code_sent_to(phone: str) -> str:
    """The code in the latest message sent to `phone` (E.164)."""
    sent = [message for message in otp.outbox if message["to_phone"] == phone]
    assert sent, f"no code was sent to {phone}"
    assert sent[-1]["template"] == otp.TEMPLATE
    return sent[-1]["params"]["code"]


def codes_forget() -> None:
    otp.outbox.clear()


def phones_sent_to() -> list[str]:
    """Every number a code was sent to, oldest first."""
    return [message["to_phone"] for message in otp.outbox]
