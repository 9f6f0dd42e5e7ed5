"""Where tests read the one-time code a phone was sent (accounts.otp).

The test settings send phone messages to notifications' in-memory backend (its `outbox`, as
Django's locmem backend keeps mail in mail.outbox): the message as it was sent, code included,
while the database's record of it has the code blanked out."""

from notifications import backends
from notifications.templates import SIGN_IN_CODE


def _codes() -> list:
    return [message for message in backends.outbox if message.template == SIGN_IN_CODE.code]


def code_sent_to(phone: str) -> str:
    """The code in the latest message sent to `phone` (E.164)."""
    sent = [message for message in _codes() if message.to == phone]
    assert sent, f"no code was sent to {phone}"
    return sent[-1].params["code"]


def codes_forget() -> None:
    backends.outbox.clear()


def phones_sent_to() -> list[str]:
    """Every number a code was sent to, oldest first."""
    return [message.to for message in _codes()]
