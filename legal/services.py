"""Writes: register a published version, record acceptances and consent decisions."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from legal.models import SELLER_KINDS, Acceptance, Consent, DocumentKind, DocumentVersion
from legal.selectors import (
    documents_forget,
    needs_acceptance,
    version_in_force,
    versions_in_force,
)


@transaction.atomic
def document_version_register(
    *,
    kind: str,
    number: int,
    title: str,
    effective_from: datetime.date,
    url: str,
    page_id: int | None = None,
    changes: str = "",
) -> DocumentVersion:
    """Called when a version's page is published (cms): creates the version, or updates its
    text's address, title and date while nobody has accepted it yet. Once accepted, a version's
    date is what people agreed under: a change of substance needs a new version number."""
    version = DocumentVersion.objects.select_for_update().filter(kind=kind, number=number).first()
    fields = {
        "title": title,
        "effective_from": effective_from,
        "url": url,
        "page_id": page_id,
        "changes": changes,
        "withdrawn": False,
    }
    if version is None:
        version = DocumentVersion(kind=kind, number=number, **fields)
    else:
        accepted = Acceptance.objects.filter(version=version).exists()
        if accepted and version.effective_from != effective_from:
            raise ValidationError(
                _(
                    "Version %(number)s has already been accepted: its date cannot change. "
                    "Publish a new version instead."
                )
                % {"number": number}
            )
        for name, value in fields.items():
            setattr(version, name, value)
    version.full_clean()
    version.save()
    transaction.on_commit(documents_forget)
    return version


def document_version_withdraw(*, page_id: int) -> None:
    """The page was unpublished: its version no longer rules (acceptances stay as history)."""
    DocumentVersion.objects.filter(page_id=page_id).update(withdrawn=True)
    transaction.on_commit(documents_forget)


@transaction.atomic
def acceptance_record(
    *, versions, context: str, user=None, order_number: str = ""
) -> list[Acceptance]:
    """Record that `user` (or the guest of `order_number`) accepted these versions now.
    Versions this user has accepted before are not recorded twice."""
    user = user if user is not None and user.is_authenticated else None
    versions = list(versions)
    if user is not None and not order_number:
        already = set(
            Acceptance.objects.filter(user=user, version__in=versions).values_list(
                "version", flat=True
            )
        )
        versions = [version for version in versions if version.pk not in already]
    made = [
        Acceptance(version=version, user=user, order_number=order_number, context=context)
        for version in versions
    ]
    for acceptance in made:
        acceptance.full_clean()
    Acceptance.objects.bulk_create(made)
    if user is not None and any(v.kind == DocumentKind.PRIVACY for v in versions):
        consent_record(user=user, purpose=Consent.Purpose.ACCOUNT, granted=True, source=context)
    return made


class TermsChanged(ValidationError):
    """The buyer was shown other versions than those in force now (or none at all)."""


def checkout_terms_check(*, shown: dict[str, str]) -> list[DocumentVersion]:
    """The versions a buyer accepts by placing an order: those in force of the buyer's
    documents. `shown` maps kind → version number as the preview's form posted them. Raises
    TermsChanged when a version came into force after the preview, or when the form posted
    none (an old page or client: refusing is safer than recording an acceptance of a text the
    buyer may not have been shown)."""
    current = [
        v
        for kind in (DocumentKind.TERMS, DocumentKind.PRIVACY)
        if (v := versions_in_force().get(kind))
    ]
    for version in current:
        if str(shown.get(version.kind, "")).strip() != str(version.number):
            raise TermsChanged(
                _(
                    "The terms have changed since this page was shown: please read the "
                    "versions now in force below and place the order again."
                ),
                code="terms_changed",
            )
    return current


def gate_accept(*, user, kinds, shown: dict[str, str]) -> list[Acceptance]:
    """The "terms have changed" page's button: accept what is still to accept, provided it is
    what the page showed."""
    wanted = needs_acceptance(user, kinds)
    for version in wanted:
        if str(shown.get(version.kind, "")) != str(version.number):
            raise TermsChanged(
                _("A newer version came into force meanwhile: please read it and accept again."),
                code="terms_changed",
            )
    return acceptance_record(versions=wanted, user=user, context=Acceptance.Context.SIGN_IN)


@transaction.atomic
def consent_record(*, user, purpose: str, granted: bool, source: str = "") -> Consent:
    """A new decision (granted or withdrawn) under the privacy notice in force: appended,
    never overwriting the earlier ones."""
    consent = Consent(
        user=user,
        purpose=purpose,
        granted=granted,
        source=source,
        privacy_version=version_in_force(DocumentKind.PRIVACY),
    )
    consent.full_clean()
    consent.save()
    return consent


def sign_up_accept(*, user, shown: dict[str, str]) -> list[Acceptance]:
    """A new account accepts the buyer's versions its sign-up form showed (terms_<kind> fields).
    A version the form did not show (an old page, or one that came into force meanwhile) is
    not recorded: the gate after sign-in asks for it."""
    versions = [
        version
        for version in needs_acceptance(user, (DocumentKind.TERMS, DocumentKind.PRIVACY))
        if str(shown.get(version.kind, "")).strip() == str(version.number)
    ]
    return acceptance_record(versions=versions, user=user, context=Acceptance.Context.SIGN_UP)


def seller_accept(*, user, shown: dict[str, str]) -> list[Acceptance]:
    """A person becoming a seller (the producer's profile step) accepts the seller's
    commitments and the operating rules the form showed; as at sign-up, a version the form
    did not show is left for the gate after the next sign-in to ask."""
    versions = [
        version
        for version in needs_acceptance(user, SELLER_KINDS)
        if str(shown.get(version.kind, "")).strip() == str(version.number)
    ]
    return acceptance_record(versions=versions, user=user, context=Acceptance.Context.SELLING)


def shown_versions(data) -> dict[str, str]:
    """kind → version number from a form's terms_<kind> fields."""
    return {kind: data.get(f"terms_{kind}", "") for kind in DocumentKind.values}
