"""Where a member sells online besides Chợ Phiên: recording their shops, the member's
confirmation, a mentor's checks, and the rule that decides when a shop counts.

Who may do what (checked here, whatever the screen):
- the member, from their own account (mentoring.accounts: MemberAccount), records and sees
  only their own shops, and confirms those a mentor recorded for them;
- a mentor records shops for, and checks the shops of, the members of their own units only
  (mentoring.selectors.members_visible_to); anyone else gets "not found".

Links are checked for their shape only: nothing here opens them (no request leaves the
server). The platform comes from the link's host; a host the list does not know is "Other".

Every step goes to Wagtail's audit log on the member (named by number, see
mentoring.admin.scoping.log_title), so the member's history and the scoped site history
show it to the people who may see the member.
"""

import dataclasses
import datetime
from urllib.parse import urlsplit

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.validators import URLValidator
from django.db import transaction
from django.db.models import Exists, F, Max, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from wagtail.log_actions import log

from mentoring import accounts as member_accounts
from mentoring import selectors
from mentoring.models import Member, OnlineShop, Platform, ShopCheck
from producers.images import photo_normalise

VERIFY_PERMISSION = "mentoring.change_member"  # the mentors of the member's unit

# The rule, shown on the "How figures are computed" page (mentoring.reporting.dashboard).
SALE_RULE = gettext_noop(
    "A shop elsewhere counts for a period (from 1 January of the report year to the report "
    "day) only when all of this holds: the member confirmed the shop from their own "
    "account; a mentor of their unit opened its link on a day within the period "
    "(“checked”); and on that check the mentor saw a sale dated within the period (the date "
    "of the latest sale shown: a dated review, or an order the member showed). A sold count "
    "alone does not count: the platforms show it since the shop opened, not for the period. "
    "A shop never checked is “recorded, not verified” and counts for nothing."
)

# Hosts (and their subdomains) of the platforms the plan names.
PLATFORM_HOSTS = {
    Platform.SHOPEE: ("shopee.vn", "shopee.com", "shp.ee"),
    Platform.TIKTOK: ("tiktok.com", "tiktokshop.com"),
    Platform.LAZADA: ("lazada.vn", "lazada.com"),
    Platform.TIKI: ("tiki.vn", "tiki.link"),
    Platform.POSTMART: ("postmart.vn",),
    Platform.VOSO: ("voso.vn",),
    Platform.FACEBOOK: ("facebook.com", "fb.com", "fb.me", "fb.watch"),
    Platform.ZALO: ("zalo.me", "zalo.vn"),
}


# --- Links ---


def shop_link_clean(text: str) -> tuple[str, str]:
    """(the link, its platform) for what a person typed or pasted, or ValidationError. A
    link without "https://" (as people copy it from an app's share button) gets it."""
    link = (text or "").strip()
    if link and "://" not in link:
        link = f"https://{link}"
    try:
        URLValidator(schemes=["http", "https"])(link)
    except ValidationError:
        raise ValidationError(
            _("This is not a link to a shop. Copy the shop's address, e.g. https://shopee.vn/…"),
            code="not_a_link",
        ) from None
    host = (urlsplit(link).hostname or "").lower().rstrip(".")
    if "." not in host:
        raise ValidationError(
            _("This is not a link to a shop. Copy the shop's address, e.g. https://shopee.vn/…"),
            code="not_a_link",
        )
    return link, platform_of_host(host)


def platform_of_host(host: str) -> str:
    for platform, domains in PLATFORM_HOSTS.items():
        if any(host == domain or host.endswith(f".{domain}") for domain in domains):
            return platform
    return Platform.OTHER


# --- Who may see which shops ---


def member_of(user) -> Member:
    """The member the account belongs to (their own confirmation), or PermissionDenied."""
    member = member_accounts.member_of_account(user)
    if member is None or member.anonymised_at is not None:
        raise PermissionDenied
    return member


def shops_of_member(member: Member) -> QuerySet:
    return OnlineShop.objects.filter(member=member).prefetch_related("checks")


def member_shop(*, user, pk: int) -> OnlineShop:
    """One of the account's member's own shops; another's is "not found"."""
    return OnlineShop.objects.get(member=member_of(user), pk=pk)


def shops_visible_to(user) -> QuerySet:
    """The shops of the members a mentor may see (their units), nobody else's."""
    if not user.has_perm(VERIFY_PERMISSION):
        return OnlineShop.objects.none()
    return OnlineShop.objects.filter(member__in=selectors.members_visible_to(user))


def shop_for_mentor(*, user, pk: int) -> OnlineShop:
    """A shop the mentor may check; any other raises OnlineShop.DoesNotExist (a 404)."""
    return shops_visible_to(user).select_related("member").get(pk=pk)


def member_for_mentor(*, user, member_id: int) -> Member:
    if not user.has_perm(VERIFY_PERMISSION):
        raise Member.DoesNotExist
    return selectors.members_visible_to(user).get(pk=member_id)


def verified_q(day: datetime.date | None = None, prefix: str = "") -> Q:
    """Shops with a mentor's check (by `day`)."""
    checks = ShopCheck.objects.filter(shop_id=OuterRef(f"{prefix}pk"), link_opened=True)
    if day is not None:
        checks = checks.filter(checked_on__lte=day)
    return Q(Exists(checks))


def shops_to_verify(user) -> QuerySet:
    """The confirmed shops of the mentor's members, never-checked first, then the longest
    unchecked; each annotated with its latest check's date."""
    return (
        shops_visible_to(user)
        .filter(confirmed_at__isnull=False)
        .select_related("member")
        .annotate(last_checked_on=Max("checks__checked_on"))
        .order_by(F("last_checked_on").asc(nulls_first=True), "member__full_name", "pk")
    )


# --- Counting (mentoring.reporting) ---


def period_start(day: datetime.date) -> datetime.date:
    """The period a report day closes: its year so far (the dashboard's and the quarterly
    reports' year, mentoring.reporting.dashboard.report_day)."""
    return datetime.date(day.year, 1, 1)


def sale_checks(day: datetime.date) -> QuerySet:
    """The checks that make their shop count for the period ending on `day` (SALE_RULE)."""
    start = period_start(day)
    return ShopCheck.objects.filter(
        link_opened=True,
        checked_on__range=(start, day),
        last_sale_on__range=(start, day),
        last_sale_on__lte=F("checked_on"),
        shop__confirmed_at__date__lte=day,
    )


def sellers_elsewhere(day: datetime.date) -> QuerySet:
    """The ids of members with a verified shop elsewhere with a sale in the period: an
    uncorrelated IN list, counted in the dashboard's member query (the count of queries
    stays the same however many shops there are)."""
    return sale_checks(day).values("shop__member_id")


def members_with_shop(day: datetime.date, *, verified: bool = False) -> QuerySet:
    """The ids of members with a confirmed shop elsewhere recorded by `day` (and checked by
    then, if `verified`)."""
    shops = OnlineShop.objects.filter(confirmed_at__date__lte=day, since__lte=day)
    if verified:
        shops = shops.filter(verified_q(day))
    return shops.values("member_id")


@dataclasses.dataclass(frozen=True)
class SaleEvidence:
    url: str
    platform: str
    checked_on: datetime.date
    last_sale_on: datetime.date


def evidence_for(member_ids, day: datetime.date) -> dict[int, SaleEvidence]:
    """For the drill-down: each member's latest counting check and its shop (one query)."""
    evidence = {}
    for check in (
        sale_checks(day)
        .filter(shop__member_id__in=list(member_ids))
        .select_related("shop")
        .order_by("checked_on", "pk")
    ):
        evidence[check.shop.member_id] = SaleEvidence(
            check.shop.url, check.shop.platform, check.checked_on, check.last_sale_on
        )
    return evidence


# --- Writes ---


def _screenshot(upload) -> ContentFile | None:
    """The project's photo rules (producers.images: type from the content, size, pixels, no
    metadata): the stored file is the re-encoded copy, never the upload."""
    if not upload:
        return None
    photo = photo_normalise(upload)
    return ContentFile(photo.content, name=f"shop.{photo.extension}")


def _log(member: Member, action: str, *, by, **data) -> None:
    log(instance=member, action=action, user=by, title=f"#{member.pk}", data=data)


@transaction.atomic
def shop_record(
    *,
    member: Member,
    by,
    url: str,
    since: datetime.date,
    screenshot=None,
    for_member: bool,
) -> OnlineShop:
    """Record a shop of `member`: by the member themself (`for_member` False: confirmed at
    once) or by their mentor (waits for the member's confirmation). Callers have checked
    that `by` is the member (member_of) or their mentor (member_for_mentor)."""
    link, platform = shop_link_clean(url)
    if since > timezone.localdate():
        raise ValidationError(_("The date cannot be in the future."), code="future")
    if OnlineShop.objects.filter(member=member, url=link).exists():
        raise ValidationError(_("This shop is already recorded."), code="duplicate")
    shop = OnlineShop(
        member=member,
        platform=platform,
        url=link,
        since=since,
        recorded_by=by,
        recorded_for_member=for_member,
        confirmed_at=None if for_member else timezone.now(),
    )
    picture = _screenshot(screenshot)
    if picture is not None:
        shop.screenshot = picture
    shop.full_clean(exclude=["screenshot"])
    shop.save()
    action = "mentoring.shop_record_for_member" if for_member else "mentoring.shop_record"
    _log(
        member,
        action,
        by=by,
        shop=shop.pk,
        platform=platform,
        on_behalf_of_member=member.member_number,
    )
    return shop


@transaction.atomic
def shop_confirm(*, shop: OnlineShop, user) -> OnlineShop:
    """The member, signed in to their own account, confirms a shop their mentor recorded."""
    member = member_of(user)
    if shop.member_id != member.pk:
        raise PermissionDenied
    shop = OnlineShop.objects.select_for_update().get(pk=shop.pk)
    if shop.confirmed_at is None:
        shop.confirmed_at = timezone.now()
        shop.save(update_fields=["confirmed_at"])
        _log(member, "mentoring.shop_confirm", by=user, shop=shop.pk)
    return shop


@transaction.atomic
def shop_remove(*, shop: OnlineShop, user) -> None:
    """The member takes one of their shops off (they stopped selling there). Its checks go
    with it: the record was the member's to make and is theirs to withdraw."""
    member = member_of(user)
    if shop.member_id != member.pk:
        raise PermissionDenied
    _log(member, "mentoring.shop_remove", by=user, shop=shop.pk, url=shop.url)
    shop.delete()


@transaction.atomic
def shop_check(
    *,
    shop: OnlineShop,
    by,
    checked: bool,
    link_opened: bool,
    checked_on: datetime.date,
    sold_count: int | None = None,
    last_sale_on: datetime.date | None = None,
    note: str = "",
) -> ShopCheck:
    """A mentor of the member's unit checked the shop ("đã kiểm tra"). Refused for anyone
    else, before the member confirmed, in the future, without opening the link, or with a
    sale dated after the check."""
    # Read again: the rules go by the shop as stored, not as the caller last saw it.
    shop = shops_visible_to(by).select_related("member").filter(pk=shop.pk).first()
    if shop is None:
        raise PermissionDenied
    if shop.confirmed_at is None:
        raise ValidationError(
            _("The member has not confirmed this shop yet."), code="not_confirmed"
        )
    if not checked:
        raise ValidationError(_("Tick “Checked” to record the check."), code="not_checked")
    if not link_opened:
        raise ValidationError(
            _("Open the shop's link before recording the check."), code="link_not_opened"
        )
    if checked_on > timezone.localdate():
        raise ValidationError(_("The date cannot be in the future."), code="future")
    if last_sale_on is not None:
        if last_sale_on > checked_on:
            raise ValidationError(
                _("The latest sale cannot come after the day of the check."), code="sale_later"
            )
        if not sold_count:
            raise ValidationError(
                _("A sale was seen: write the sold count the shop shows."), code="no_count"
            )
    check = ShopCheck(
        shop=shop,
        checked_on=checked_on,
        link_opened=link_opened,
        sold_count=sold_count,
        last_sale_on=last_sale_on,
        note=note,
        checked_by=by,
    )
    check.full_clean()
    check.save()
    _log(
        shop.member,
        "mentoring.shop_check",
        by=by,
        shop=shop.pk,
        checked_on=checked_on.isoformat(),
        sold_count=sold_count,
        last_sale_on=last_sale_on.isoformat() if last_sale_on else None,
        on_behalf_of_member=shop.member.member_number,
    )
    return check
