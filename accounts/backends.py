from axes.backends import AxesStandaloneBackend
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import ValidationError

from accounts.models import User


class EmailOrPhoneBackend(ModelBackend):
    """Sign in with an email or a Vietnamese phone number in any common spelling."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        identifier = username or kwargs.get("email") or kwargs.get(User.USERNAME_FIELD)
        if not identifier or password is None:
            return None
        try:
            user = User.objects.get_by_identifier(identifier)
        except (User.DoesNotExist, ValidationError):
            # Run the hasher anyway so that timing does not reveal which accounts exist.
            User().set_password(password)
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None


class ThrottledSignIn(AxesStandaloneBackend):
    """django-axes' check (accounts.throttling), for sign-ins from a web request. Code that
    checks a password with no request (tests, shell, commands) is not a sign-in form anyone
    can hammer, so it is not counted."""

    def authenticate(self, request, *args, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, *args, **kwargs)
