"""Background work of the accounts app (django-tasks; see mentoring.tasks for the backends)."""

from django_tasks import task


@task()
def password_reset_mail(
    *, form: str, email: str, domain_override: str | None, use_https: bool, options: dict
) -> None:
    """Mail a reset link to the account with this address, if there is one
    (accounts.password_reset: the request never looks)."""
    from accounts.password_reset import reset_form_class

    reset_form_class(form).send_now(
        email=email, domain_override=domain_override, use_https=use_https, options=options
    )
