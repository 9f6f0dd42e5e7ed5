"""Vietnamese phone numbers in one canonical form (E.164), so "0912 345 678" and "+84912345678"
are the same login."""

import phonenumbers
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

DEFAULT_REGION = "VN"


def normalise_phone(raw: str) -> str:
    """Return the E.164 form of a phone number typed by a person, or raise ValidationError."""
    message = _("This phone number is not valid. Type it like 0912 345 678.")
    try:
        number = phonenumbers.parse(raw, DEFAULT_REGION)
    except phonenumbers.NumberParseException as error:
        raise ValidationError(message, code="invalid_phone") from error
    if not phonenumbers.is_valid_number(number):
        raise ValidationError(message, code="invalid_phone")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def looks_like_email(identifier: str) -> bool:
    return "@" in identifier
