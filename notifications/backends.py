"""Channels' backends: each sends one recorded Message and returns the gateway's id for it,
or raises DeliveryError.

Settings choose them (CHOPHIEN_NOTIFY_BACKENDS, {channel: dotted path}):
- `EsmsBackend`: SMS by eSMS.vn's brand-name API (SendMultipleMessage_V4_post_json,
  SmsType 2 "customer care", CodeResult "100" is accepted);
- `ZnsBackend`: Zalo's ZNS template messages by phone number (POST /message/template with the
  OA's access_token; error 0 is accepted);
- `ConsoleBackend`: prints each message (development without a gateway);
- `LocmemBackend`: keeps them in `outbox` (tests that do not look at the HTTP).
`notifications.standin` imitates both HTTP APIs on this machine (tests and `make run`).
"""

import sys
import threading

import requests
from django.conf import settings

from notifications.models import Message

# ZNS answers these when the number has no Zalo account or cannot get this message: no
# retry will change that, the message goes by the next channel at once.
ZNS_NOT_DELIVERABLE = {-108, -118, -119, -139, -1137}


class DeliveryError(Exception):
    """The message did not go. `permanent`: trying again will not help (no Zalo account, a
    template the gateway does not know); else it waits and is tried again."""

    def __init__(self, text: str, *, permanent: bool = False):
        super().__init__(text)
        self.permanent = permanent


class Backend:
    def __init__(self, channel: str):
        self.channel = channel

    def accepts(self, template: str) -> bool:
        """Whether this channel can carry that template at all (Zalo: only those its OA had
        approved); a channel that cannot is skipped, not tried and failed."""
        return True

    def send(self, message: Message) -> str:
        raise NotImplementedError


def _timeout() -> float:
    # Short: a slow gateway costs a worker seconds, and the message is tried again later.
    return float(getattr(settings, "CHOPHIEN_NOTIFY_TIMEOUT", 5))


def _post_json(url: str, payload: dict, *, headers: dict | None = None) -> dict:
    try:
        response = requests.post(url, json=payload, headers=headers or {}, timeout=_timeout())
    except requests.RequestException as error:
        raise DeliveryError(f"{type(error).__name__}: {error}") from error
    if response.status_code >= 500:
        raise DeliveryError(f"HTTP {response.status_code}")
    try:
        return response.json()
    except ValueError as error:
        raise DeliveryError(f"HTTP {response.status_code}: not JSON") from error


def phone_national(e164: str) -> str:
    """eSMS takes Vietnamese numbers as dialled at home (0912345678)."""
    return "0" + e164[3:] if e164.startswith("+84") else e164.lstrip("+")


class EsmsBackend(Backend):
    def send(self, message: Message) -> str:
        answer = _post_json(
            settings.ESMS_API_URL,
            {
                "ApiKey": settings.ESMS_API_KEY,
                "SecretKey": settings.ESMS_SECRET_KEY,
                "Phone": phone_national(message.to),
                "Content": message.body,
                "Brandname": settings.ESMS_BRANDNAME,
                "SmsType": "2",  # customer care: the brand name, in a registered template
                "IsUnicode": "0",
                "Sandbox": "1" if settings.ESMS_SANDBOX else "0",
                "RequestId": f"chophien-{message.pk}",  # eSMS drops a repeated request
            },
        )
        code = str(answer.get("CodeResult", ""))
        if code == "100":
            return str(answer.get("SMSID", ""))
        if code == "124":  # "Request exist": an earlier attempt went through
            return str(answer.get("SMSID", ""))
        # 101 credentials, 104 brand name, 146 template not registered: staff must act, and
        # a retry in a minute will not help; 99 and others are the gateway's trouble.
        permanent = code in {"101", "104", "146"}
        raise DeliveryError(f"eSMS {code}: {answer.get('ErrorMessage', '')}", permanent=permanent)


class ZnsBackend(Backend):
    def accepts(self, template: str) -> bool:
        return bool(settings.ZALO_ZNS_TEMPLATES.get(template))

    def send(self, message: Message) -> str:
        template_id = settings.ZALO_ZNS_TEMPLATES.get(message.template)
        if not template_id:
            raise DeliveryError("no ZNS template registered for this message", permanent=True)
        answer = _post_json(
            settings.ZALO_ZNS_API_URL,
            {
                "phone": message.to.lstrip("+"),  # 84912345678
                "template_id": str(template_id),
                "template_data": {key: str(value) for key, value in message.params.items()},
                "tracking_id": f"chophien-{message.pk}",
            },
            headers={"access_token": settings.ZALO_OA_ACCESS_TOKEN},
        )
        error = answer.get("error")
        if error == 0:
            return str((answer.get("data") or {}).get("msg_id", ""))
        raise DeliveryError(
            f"ZNS {error}: {answer.get('message', '')}", permanent=error in ZNS_NOT_DELIVERABLE
        )


class ConsoleBackend(Backend):
    def send(self, message: Message) -> str:
        text = message.body or message.params
        sys.stdout.write(f"[{self.channel} → {message.to}] {message.template}: {text}\n")
        sys.stdout.flush()
        return f"console-{message.pk}"


outbox: list[Message] = []
_outbox_lock = threading.Lock()


class LocmemBackend(Backend):
    def send(self, message: Message) -> str:
        with _outbox_lock:
            outbox.append(message)
        return f"locmem-{message.pk}"
