from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from oscar.apps.checkout import exceptions, session


class CheckoutSessionMixin(session.CheckoutSessionMixin):
    def check_user_email_is_captured(self, request):
        # A guest leaves an email or a phone number: either lets us reach them.
        if request.user.is_authenticated:
            return
        if self.checkout_session.get_guest_email() or self.checkout_session.get_guest_phone():
            return
        raise exceptions.FailedPreCondition(
            url=reverse("checkout:index"),
            message=_("Please sign in, or enter your email or phone number"),
        )
