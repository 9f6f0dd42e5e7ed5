"""Dated versions of the platform's documents, acceptances of them, and consents.

Rows here are history: an acceptance or a consent is never edited, a withdrawal is a new row,
so the record shows what a person agreed to, when, and under which version of the texts."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class DocumentKind(models.TextChoices):
    OPERATING_RULES = "operating_rules", _("Operating rules")
    TERMS = "terms", _("Terms of use")
    PRIVACY = "privacy", _("Privacy notice")
    RETURNS = "returns", _("Returns and complaints policy")
    SELLER = "seller_commitments", _("Seller's commitments")


# What a buyer accepts (sign-up, sign-in, checkout) and what a seller accepts before selling.
BUYER_KINDS = (DocumentKind.TERMS, DocumentKind.PRIVACY)
SELLER_KINDS = (DocumentKind.SELLER, DocumentKind.OPERATING_RULES)


class DocumentVersionQuerySet(models.QuerySet):
    def in_force(self, *, on):
        """Versions whose effective date has come, latest first (the first per kind rules)."""
        return self.filter(effective_from__lte=on, withdrawn=False).order_by(
            "kind", "-effective_from", "-number"
        )


class DocumentVersion(models.Model):
    """One version of one document, registered when its CMS page is published
    (legal.services.document_version_register). In force from `effective_from` until a
    later version's effective date comes."""

    kind = models.CharField(_("document"), max_length=32, choices=DocumentKind.choices)
    number = models.PositiveIntegerField(_("version"))
    title = models.CharField(_("title"), max_length=255)
    effective_from = models.DateField(_("in force from"))
    changes = models.TextField(_("what changed"), blank=True)
    # Where the text is read (the CMS page's address): the shop links to it without knowing the CMS.
    url = models.CharField(_("address"), max_length=500)
    page_id = models.PositiveIntegerField(null=True, blank=True)
    withdrawn = models.BooleanField(_("withdrawn"), default=False)
    registered_at = models.DateTimeField(auto_now=True)

    objects = DocumentVersionQuerySet.as_manager()

    class Meta:
        verbose_name = _("document version")
        ordering = ["kind", "-effective_from", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "number"], name="legal_one_number_per_kind")
        ]

    def __str__(self):
        return f"{self.get_kind_display()} v{self.number}"


class Acceptance(models.Model):
    """A person accepted a version: a signed-in user, or a guest through their order."""

    class Context(models.TextChoices):
        SIGN_UP = "sign_up", _("Sign-up")
        SIGN_IN = "sign_in", _("Sign-in")
        CHECKOUT = "checkout", _("Checkout")
        SELLING = "selling", _("Before selling")

    version = models.ForeignKey(DocumentVersion, on_delete=models.PROTECT, related_name="+")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="legal_acceptances",
    )
    # A guest's acceptance is kept with their order, by number: the shop sits above this app.
    order_number = models.CharField(_("order"), max_length=128, blank=True, db_index=True)
    context = models.CharField(_("where"), max_length=16, choices=Context.choices)
    accepted_at = models.DateTimeField(_("accepted at"), auto_now_add=True)

    class Meta:
        verbose_name = _("acceptance")
        ordering = ["-accepted_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(user=None, order_number=""), name="legal_acceptance_by_someone"
            )
        ]

    def __str__(self):
        return f"{self.version} @ {self.accepted_at:%Y-%m-%d %H:%M}"


class Consent(models.Model):
    """One decision about one purpose: granted or withdrawn. The latest row per purpose is
    the person's current choice; earlier rows stay as history."""

    class Purpose(models.TextChoices):
        ACCOUNT = "account", _("Account (terms of use and privacy notice)")
        MARKETING = "marketing", _("News and offers (marketing)")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="legal_consents"
    )
    purpose = models.CharField(_("purpose"), max_length=16, choices=Purpose.choices)
    granted = models.BooleanField(_("granted"))
    # The privacy notice in force when the choice was made.
    privacy_version = models.ForeignKey(
        DocumentVersion, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    source = models.CharField(_("where"), max_length=32, blank=True)
    at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        verbose_name = _("consent")
        ordering = ["-at", "-pk"]

    def __str__(self):
        return f"{self.purpose}: {'yes' if self.granted else 'no'} @ {self.at:%Y-%m-%d %H:%M}"
