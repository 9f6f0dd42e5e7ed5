from wagtail.admin.views.account import PasswordResetConfirmView

from accounts.password_reset import ResetSetPasswordForm


class CmsPasswordResetConfirmView(PasswordResetConfirmView):
    """Wagtail's "choose a new password" from a reset link; the form also clears the
    account's failed sign-ins (accounts.password_reset)."""

    form_class = ResetSetPasswordForm
