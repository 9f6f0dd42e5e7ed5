from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.phones import looks_like_email, normalise_phone


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, phone, password, **extra_fields):
        email = self.normalize_email(email) or None
        phone = normalise_phone(phone) if phone else None
        user = self.model(email=email, phone=phone, **extra_fields)
        user.set_password(password)
        user.full_clean(exclude=["password"])
        user.save(using=self._db)
        return user

    def create_user(self, email=None, password=None, *, phone=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, phone, password, **extra_fields)

    def create_superuser(self, email=None, password=None, *, phone=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, phone, password, **extra_fields)

    def get_by_identifier(self, identifier: str) -> "User":
        """The user who signs in with this email or phone number (raises DoesNotExist)."""
        identifier = identifier.strip()
        if looks_like_email(identifier):
            return self.get(email__iexact=identifier)
        return self.get(phone=normalise_phone(identifier))

    def get_by_natural_key(self, username):
        return self.get_by_identifier(username)


class User(AbstractBaseUser, PermissionsMixin):
    """A person who signs in with an email or a phone number (at least one of the two).

    Many young producers have a phone and no email, so neither is required alone; both are
    unique when present. Oscar, its dashboard and the Wagtail admin all use this model.
    """

    email = models.EmailField(_("email"), unique=True, null=True, blank=True)
    phone = models.CharField(
        _("phone number"),
        max_length=20,
        unique=True,
        null=True,
        blank=True,
        help_text=_("Stored in international form, e.g. +84912345678."),
    )
    first_name = models.CharField(_("given name"), max_length=150, blank=True)
    last_name = models.CharField(_("family and middle names"), max_length=150, blank=True)
    is_staff = models.BooleanField(_("staff status"), default=False)
    is_active = models.BooleanField(_("active"), default=True)
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)

    objects = UserManager()

    # Django needs one unique field to name; authentication itself accepts email or phone
    # (accounts.backends.EmailOrPhoneBackend).
    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = []

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(email__isnull=False) | models.Q(phone__isnull=False),
                name="user_has_email_or_phone",
                violation_error_message=_("An email or a phone number is required."),
            ),
            models.UniqueConstraint(Lower("email"), name="user_email_ci_unique"),
        ]

    def __str__(self):
        return self.get_full_name() or self.get_username()

    def clean(self):
        # Not AbstractBaseUser.clean(): it would copy get_username() (maybe the phone) into
        # USERNAME_FIELD (the email). Empty strings from forms become NULL, so that "no email"
        # never collides with another user's "no email".
        self.email = self.__class__.objects.normalize_email(self.email) or None
        self.phone = normalise_phone(self.phone) if self.phone else None

    def get_username(self):
        return self.email or self.phone

    def natural_key(self):
        return (self.get_username(),)

    def get_full_name(self):
        # Vietnamese order: family and middle names first, given name last.
        return f"{self.last_name} {self.first_name}".strip()

    def get_short_name(self):
        return self.first_name or self.get_username()


class PhoneCode(models.Model):
    """One ask for a one-time code to a phone number (sign in, sign up, or reset the password).

    The row is written when the code is asked for, whether or not the number has an account,
    so the asks of every number and client address are counted the same (accounts.otp). The
    code itself is drawn by the sending task, which stores only its keyed hash: a row with no
    hash was never sent (an unknown number on sign-in), and no code can match it."""

    class Purpose(models.TextChoices):
        SIGN_IN = "sign_in", _("Sign in")
        SIGN_UP = "sign_up", _("Sign up")
        RESET = "reset", _("Reset the password")

    phone = models.CharField(_("phone number"), max_length=20)
    purpose = models.CharField(_("purpose"), max_length=10, choices=Purpose.choices)
    code_hash = models.CharField(max_length=64, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    failed_checks = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("phone code")
        verbose_name_plural = _("phone codes")
        indexes = [
            models.Index(fields=["phone", "created_at"], name="phonecode_phone_time"),
            models.Index(fields=["ip_address", "created_at"], name="phonecode_ip_time"),
        ]

    def __str__(self):
        return f"{self.phone} · {self.purpose}"


class PhoneCodeThrottle(models.Model):
    """A row per phone number or client address that has asked for a code: it is locked
    (SELECT … FOR UPDATE) while that key's recent asks are counted, so two app processes
    answering at once cannot both let one more code through."""

    key = models.CharField(max_length=80, unique=True)

    def __str__(self):
        return self.key
