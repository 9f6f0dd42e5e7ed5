"""The texts a phone message may carry, each under one code.

Vietnamese carriers deliver brand-name SMS only in templates registered with them, and Zalo
sends ZNS only in templates its OA had approved: each message the site sends is therefore one
of a fixed list, registered here by the app that sends it (docs/notifications.md lists them for
the carriers and Zalo). The SMS text is written in Vietnamese with its diacritics for
translators and sent without them (`core.text.without_marks`), as Vietnamese SMS usually are:
one mark makes the whole SMS UCS-2, 70 characters a part instead of 160.
"""

from dataclasses import dataclass

from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from core.text import without_marks

SMS_PART = 160  # GSM-7 characters in one SMS; longer ones are split and cost more


@dataclass(frozen=True)
class MessageTemplate:
    code: str
    sms: str | Promise  # with %(name)s for each parameter
    params: tuple[str, ...]
    # Parameters that are credentials (a sign-in code): sent, then blanked in the record.
    secret: tuple[str, ...] = ()
    # What staff read in the admin's list of messages instead of the code.
    label: str | Promise = ""

    def render(self, params: dict) -> str:
        """The SMS text, in Vietnamese, without diacritics."""
        missing = set(self.params) - set(params)
        if missing:
            raise KeyError(f"template {self.code!r} needs {sorted(missing)}")
        with translation.override("vi"):
            text = str(self.sms) % {name: params[name] for name in self.params}
        return " ".join(without_marks(text).split())


_registry: dict[str, MessageTemplate] = {}


def register(template: MessageTemplate) -> MessageTemplate:
    _registry[template.code] = template
    return template


def template_get(code: str) -> MessageTemplate:
    try:
        return _registry[code]
    except KeyError:
        raise LookupError(f"no message template {code!r} is registered") from None


def templates_all() -> list[MessageTemplate]:
    return sorted(_registry.values(), key=lambda template: template.code)


# A one-time code to sign in, sign up or reset a password (accounts).
SIGN_IN_CODE = register(
    MessageTemplate(
        code="sign_in_code",
        label=_("Sign-in code"),
        sms=_("Chợ Phiên: your code is %(code)s, valid 5 minutes. Do not give it to anyone."),
        params=("code",),
        secret=("code",),
    )
)
