"""A member's first sign-in: what the union holds about them, shown once.

A member account (mentoring.MemberAccount) that signs in and has never been shown the notice
is marked in its session; the first page it then opens (privacy.middleware) leads to the
notice, which records that it was shown (MemberNoticeShown) and links back to that page."""

from __future__ import annotations

SESSION_KEY = "privacy_member_notice"


def needs_notice(user) -> bool:
    from mentoring.models import MemberAccount
    from privacy.models import MemberNoticeShown

    return (
        MemberAccount.objects.filter(user=user, member__anonymised_at__isnull=True).exists()
        and not MemberNoticeShown.objects.filter(user=user).exists()
    )


def on_sign_in(sender, request, user, **kwargs) -> None:
    """Only a sign-in the person made (a form posted: password, phone code), not a session
    opened for them by code (a test client's force_login, which has no method)."""
    if request is None or getattr(request, "method", None) != "POST":
        return
    if hasattr(request, "session") and needs_notice(user):
        request.session[SESSION_KEY] = True


def notice_shown(*, user) -> bool:
    """Record the showing; False when it had already been shown."""
    from privacy.models import MemberNoticeShown

    _row, created = MemberNoticeShown.objects.get_or_create(user=user)
    return created
