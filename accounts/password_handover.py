"""A password someone else set for an account's owner (a mentor's sign-in help, handed over in
person). Whoever set it knows it, so for a while it proves nothing about who is signed in:
services that move money (producers' bank account) refuse until the hold has passed.

Recorded in Wagtail's audit log on the account, so the record needs no table of its own and
staff see it in the account's history."""

from datetime import timedelta

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from wagtail.log_actions import log
from wagtail.models import ModelLogEntry

PASSWORD_SET_BY_OTHER = "accounts.password_set_by_other"
# The owner chose a new password after proving they hold the account's phone (a code sent to
# it, accounts.otp): whoever set the one before no longer knows it. This is how a member whose
# mentor set a password takes the account back.
PASSWORD_SET_BY_OWNER = "accounts.password_set_by_owner"


def password_set_by_other_record(*, account, by) -> None:
    log(instance=account, action=PASSWORD_SET_BY_OTHER, user=by, data={"by": by.pk})


def password_set_by_owner_record(*, account) -> None:
    log(instance=account, action=PASSWORD_SET_BY_OWNER, user=account, data={"via": "phone_code"})


def password_set_by_other_hold_until(*, account):
    """When the latest password someone else set for `account` stops holding its money
    changes back, or None when no such password is recent or its owner has since chosen their
    own by a code to their phone."""
    hold = timedelta(days=settings.CHOPHIEN_PASSWORD_HANDOVER_HOLD_DAYS)
    latest = (
        ModelLogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(account),
            object_id=str(account.pk),
            action__in=[PASSWORD_SET_BY_OTHER, PASSWORD_SET_BY_OWNER],
            timestamp__gte=timezone.now() - hold,
        )
        .order_by("-timestamp", "-pk")
        .values_list("timestamp", "action")
        .first()
    )
    if latest is None or latest[1] == PASSWORD_SET_BY_OWNER:
        return None
    return latest[0] + hold
