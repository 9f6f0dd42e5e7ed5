from django.conf import settings
from django.contrib.auth import authenticate
from django.contrib.auth import login as auth_login
from oscar.apps.customer.mixins import *  # noqa: F403  PageTitleMixin and the rest
from oscar.apps.customer.mixins import RegisterUserMixin as CoreRegisterUserMixin
from oscar.apps.customer.signals import user_registered

from legal.services import shown_versions, sign_up_accept


class RegisterUserMixin(CoreRegisterUserMixin):
    """Oscar's registration signs the new user in by their email; an account may have only a
    phone number (customer.forms.EmailUserCreationForm), so it signs in by whichever they
    gave, and sends the welcome email only to those who have an email."""

    def register_user(self, form):
        user = form.save()
        # The terms and privacy notice the form showed (legal/sign_up_terms.html).
        sign_up_accept(user=user, shown=shown_versions(self.request.POST))
        user_registered.send_robust(sender=self, request=self.request, user=user)
        if user.email and getattr(settings, "OSCAR_SEND_REGISTRATION_EMAIL", True):
            self.send_registration_email(user)
        user = authenticate(
            self.request, username=user.get_username(), password=form.cleaned_data["password1"]
        )
        auth_login(self.request, user)
        return user
