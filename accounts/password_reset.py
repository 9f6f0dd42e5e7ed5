"""Password reset, in the shop (Oscar) and in the CMS admin (Wagtail).

Asking for a reset link answers the same, in the same time, whether the address has an account
or not: the request only counts the ask (accounts.throttling.throttle_hit) and enqueues a task
(password_reset_mail, below); the task looks the account up and sends the mail (with
CHOPHIEN_TASKS_BACKEND=database, in the worker, off the request). An address asked for too
often, or an address asking for too many, is quietly not mailed: the page says the same, so
the throttle reveals nothing either.

Completing a reset clears the account's failed sign-ins (accounts.throttling), so the owner of
an account an attacker keeps locked out gets in by their mailbox.
"""

from django.contrib.auth.forms import SetPasswordForm
from django.db import transaction
from django.utils.module_loading import import_string
from django_tasks import task
from oscar.apps.customer.forms import PasswordResetForm as OscarPasswordResetForm
from wagtail.admin.forms.auth import PasswordResetForm as WagtailPasswordResetForm

from accounts.throttling import client_ip, sign_in_failures_clear, throttle_hit

# Per hour: mails to one address, and asks from one client address (a commune behind one
# carrier address may share it).
RESET_LIMITS = {"address": 3, "ip": 20}
RESET_WINDOW = 60 * 60
# Django's PasswordResetView passes these to save(); the task passes them on.
_TEMPLATE_OPTIONS = (
    "subject_template_name",
    "email_template_name",
    "html_email_template_name",
    "from_email",
)


class DeferredResetMixin:
    """save() throttles and enqueues; send_now() (the task) mails the account if there is one."""

    def save(self, *, request=None, domain_override=None, use_https=False, **options):
        email = self.cleaned_data["email"].strip().lower()
        over = throttle_hit(
            scope="password-reset",
            keys={"address": email, "ip": client_ip(request) if request else ""},
            limits=RESET_LIMITS,
            window=RESET_WINDOW,
        )
        if over:
            return
        # The links name the site of SITE_ID (django.contrib.sites), with or without a request.
        kept = {key: options[key] for key in _TEMPLATE_OPTIONS if options.get(key)}
        form = f"{type(self).__module__}.{type(self).__qualname__}"
        transaction.on_commit(
            lambda: password_reset_mail.enqueue(
                form=form,
                email=email,
                domain_override=domain_override,
                use_https=use_https,
                options=kept,
            )
        )

    @classmethod
    def send_now(
        cls, *, email: str, domain_override: str | None, use_https: bool, options: dict
    ) -> None:
        form = cls(data={"email": email})
        if form.is_valid():
            super(DeferredResetMixin, form).save(
                domain_override=domain_override, use_https=use_https, request=None, **options
            )


class ShopPasswordResetForm(DeferredResetMixin, OscarPasswordResetForm):
    """The shop's "forgot your password" (marketplace.customer.forms)."""


class CmsPasswordResetForm(DeferredResetMixin, WagtailPasswordResetForm):
    """The CMS admin's (WAGTAILADMIN_USER_PASSWORD_RESET_FORM)."""


def reset_form_class(path: str):
    """The form class a task names (only these two)."""
    allowed = {
        f"{ShopPasswordResetForm.__module__}.{ShopPasswordResetForm.__qualname__}",
        f"{CmsPasswordResetForm.__module__}.{CmsPasswordResetForm.__qualname__}",
    }
    if path not in allowed:
        raise ValueError(path)
    return import_string(path)


# The task lives beside the forms it sends (a form enqueues it, it finds the form again by
# path): accounts has no tasks module to keep in step.
@task()
def password_reset_mail(
    *, form: str, email: str, domain_override: str | None, use_https: bool, options: dict
) -> None:
    """Mail a reset link to the account with this address, if there is one (the request
    never looks)."""
    reset_form_class(form).send_now(
        email=email, domain_override=domain_override, use_https=use_https, options=options
    )


class ResetSetPasswordForm(SetPasswordForm):
    """The new password chosen from a reset link (both admins): the owner has proved who they
    are, so the failed sign-ins that may lock their account out are forgotten."""

    def save(self, commit=True):
        user = super().save(commit=commit)
        sign_in_failures_clear(user=user)
        return user
