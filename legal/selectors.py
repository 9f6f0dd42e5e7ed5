"""Reads: which versions are in force, what a person still has to accept, their consents."""

import datetime

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone
from django.utils.module_loading import import_string

from legal.models import Acceptance, Consent, DocumentKind, DocumentVersion


def versions_in_force(*, on: datetime.date | None = None) -> dict[str, DocumentVersion]:
    """The version in force of each document that has one: per kind, the latest whose
    effective date has come (a version published for next month does not rule yet)."""
    on = on or timezone.localdate()
    found: dict[str, DocumentVersion] = {}
    for version in DocumentVersion.objects.in_force(on=on):
        found.setdefault(version.kind, version)
    return found


def version_in_force(kind: str, *, on: datetime.date | None = None) -> DocumentVersion | None:
    return versions_in_force(on=on).get(kind)


FOOTER_CACHE_KEY = "legal:documents-in-force:{day}"


def documents_in_force() -> list[DocumentVersion]:
    """For footers: the versions in force today, in the order of DocumentKind. Cached (a page's
    footer is rebuilt whenever anything public changes; this adds no query to it), emptied when
    a version is registered or withdrawn. Footers link to /legal/<kind>/, which reads the
    database: a stale entry in another process's local cache only delays a new document's link."""
    key = FOOTER_CACHE_KEY.format(day=timezone.localdate().isoformat())
    found = cache.get(key)
    if found is None:
        in_force = versions_in_force()
        found = [in_force[kind] for kind in DocumentKind.values if kind in in_force]
        cache.set(key, found, 300)
    return found


def documents_forget() -> None:
    cache.delete(FOOTER_CACHE_KEY.format(day=timezone.localdate().isoformat()))


def needs_acceptance(user, kinds) -> list[DocumentVersion]:
    """The versions in force of `kinds` this signed-in user has not accepted yet (a new
    version of a document they accepted before counts as not accepted). Empty when nothing is
    published: a site without texts asks nothing. The seller's side (producers) calls it with
    legal.models.SELLER_KINDS before a producer goes on sale."""
    found = versions_in_force()
    wanted = [found[kind] for kind in kinds if kind in found]
    if not wanted or user is None or not user.is_authenticated:
        return wanted
    accepted = set(
        Acceptance.objects.filter(user=user, version__in=wanted).values_list("version", flat=True)
    )
    return [version for version in wanted if version.pk not in accepted]


def acceptances_of_order(order_number: str):
    return Acceptance.objects.filter(order_number=order_number).select_related("version")


def marketing_consent(user) -> bool:
    """Off until the person opts in; the latest decision wins."""
    latest = (
        Consent.objects.filter(user=user, purpose=Consent.Purpose.MARKETING)
        .order_by("-at", "-pk")
        .first()
    )
    return bool(latest and latest.granted)


def consents_of(user) -> list[dict]:
    """Everything this person agreed to, as plain rows for their data download (privacy) and
    their consents page: acceptances of versions, consent decisions (withdrawals included)
    and what other apps record about them (CHOPHIEN_CONSENT_PROVIDERS: dotted paths of
    callables taking the user and returning rows of the same shape, e.g. the lawful basis a
    union recorded for the member record linked to the account)."""
    rows = [
        {
            "kind": "acceptance",
            "purpose": acceptance.version.get_kind_display(),
            "document": acceptance.version.kind,
            "version": acceptance.version.number,
            "granted": True,
            "at": acceptance.accepted_at.isoformat(),
            "where": acceptance.get_context_display(),
            "basis": "",
            "recorded_by": "",
        }
        for acceptance in Acceptance.objects.filter(user=user).select_related("version")
    ]
    rows += [
        {
            "kind": "consent",
            "purpose": consent.get_purpose_display(),
            "document": DocumentKind.PRIVACY.value if consent.privacy_version_id else "",
            "version": consent.privacy_version.number if consent.privacy_version_id else None,
            "granted": consent.granted,
            "at": consent.at.isoformat(),
            "where": consent.source,
            "basis": "",
            "recorded_by": "",
        }
        for consent in Consent.objects.filter(user=user).select_related("privacy_version")
    ]
    for path in getattr(settings, "CHOPHIEN_CONSENT_PROVIDERS", ()):
        rows += import_string(path)(user)
    return sorted(rows, key=lambda row: row["at"], reverse=True)
