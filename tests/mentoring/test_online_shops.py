"""Where a member sells besides Chợ Phiên (issue 27, items 1 and 7): shops on other platforms,
the member's confirmation, a mentor's dated checks, the SELLING_ONLINE indicator counting a
verified shop with a sale in the period beside Chợ Phiên's paid orders (each member once), the
permissions of both sides, and the public headline."""

import datetime
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from PIL import Image
from wagtail.models import ModelLogEntry

from accounts.models import User
from mentoring import selectors, selling
from mentoring.models import Indicator, OnlineShop, Platform
from mentoring.reporting import dashboard, funnel
from mentoring.reporting.drill_down import DONE, figure_members
from tests.factories.mentoring import link_account, make_lao_cai
from tests.mentoring.sellers import make_moderator, make_seller_for, place_order, specialty_member
from tests.support.images import jpeg_upload
from tests.support.people import make_mentor
from tests.support.worlds import copied_per_test, rolled_back

pytestmark = pytest.mark.django_db

TODAY = selectors.today()
YEAR = TODAY.year
LAST_YEAR_END = datetime.date(YEAR - 1, 12, 31)


def _member_account(member, email):
    user = User.objects.create_user(email=email, password="x" * 12)
    link_account(member=member, user=user)
    return user


def _verified(shop, mentor, *, sale_on=TODAY, checked_on=TODAY):
    return selling.shop_check(
        shop=shop,
        by=mentor,
        checked=True,
        link_opened=True,
        checked_on=checked_on,
        sold_count=12,
        last_sale_on=sale_on,
    )


@pytest.fixture(scope="module")
def _world_once(django_db_setup, django_db_blocker):
    with rolled_back(django_db_blocker):
        yield _world_build()


@pytest.fixture
def world(_world_once):
    cache.clear()
    return copied_per_test(_world_once)


def _world_build() -> dict:
    """Y Tý (Bát Xát): five members with a specialty product. `shopee` sells only on Shopee
    (verified, a sale this year); `unverified` has a Shopee shop no one checked; `both` sells on
    Chợ Phiên and on TikTok Shop (verified); `stale` has a verified shop whose latest sale seen
    was last year; `none` sells nowhere."""
    tree = make_lao_cai()
    mentor = make_mentor(tree["bat_xat"], "mentor-shops@example.com")
    other_mentor = make_mentor(tree["sa_pa"], "sapa-shops@example.com")
    members = {
        key: specialty_member(unit=tree["y_ty"], name=f"Người bán {key}")
        for key in ("shopee", "unverified", "both", "stale", "none")
    }
    accounts = {
        key: _member_account(member, f"{key}@example.com") for key, member in members.items()
    }
    shops = {}
    for key, url in (
        ("shopee", "https://shopee.vn/chetaphin"),
        ("unverified", "shopee.vn/mat-ong-y-ty"),
        ("both", "https://www.tiktok.com/@meoyty/shop"),
        ("stale", "https://lazada.vn/shop/ytyhoney"),
    ):
        shops[key] = selling.shop_record(
            member=members[key],
            by=accounts[key],
            url=url,
            since=datetime.date(YEAR - 1, 3, 1),
            for_member=False,
        )
    _verified(shops["shopee"], mentor)
    _verified(shops["both"], mentor)
    _verified(shops["stale"], mentor, sale_on=LAST_YEAR_END)
    place_order(make_seller_for(members["both"], moderator=make_moderator()))
    funnel.funnel_recompute()
    return {
        **tree,
        "mentor": mentor,
        "other_mentor": other_mentor,
        "members": members,
        "accounts": accounts,
        "shops": shops,
    }


def _selling(world, unit="province"):
    tree = selectors.org_tree_on(TODAY)
    report = dashboard.dashboard_build(tree=tree, unit_id=world[unit].pk, year=YEAR, fresh=True)
    return next(f for f in report.figures if f.code == Indicator.SELLING_ONLINE)


# --- The indicator ---


def test_a_verified_shopee_shop_with_a_sale_this_year_counts_and_a_member_on_both_counts_once(
    world,
):
    figure = _selling(world)
    # shopee (elsewhere only) + both (Chợ Phiên and TikTok, once) of five; unverified and
    # stale (a sale seen only last year) do not count.
    assert (figure.numerator, figure.denominator, figure.actual) == (2, 5, Decimal("40.0"))
    assert figure.met is True
    assert "Trên Chợ Phiên: 1" in figure.note
    assert "2 (1 người trong số đó cũng bán trên Chợ Phiên" in figure.note
    assert "3 đã xác minh trên 4 đã ghi nhận" in figure.note
    counted = figure_members(code=Indicator.SELLING_ONLINE, part=DONE, unit_ids=None, day=TODAY)
    rows = {m.pk: m for m in counted}
    assert set(rows) == {world["members"]["shopee"].pk, world["members"]["both"].pk}
    shopee = rows[world["members"]["shopee"].pk]
    assert (shopee.shop_url, shopee.shop_checked_on, shopee.shop_last_sale_on) == (
        "https://shopee.vn/chetaphin",
        TODAY,
        TODAY,
    )


def test_an_unverified_shop_counts_only_once_a_mentor_checks_it(world):
    assert _selling(world).numerator == 2
    _verified(world["shops"]["unverified"], world["mentor"])
    assert _selling(world).numerator == 3


def test_a_shop_recorded_by_a_mentor_counts_only_after_the_member_confirms(world):
    member = world["members"]["none"]
    shop = selling.shop_record(
        member=member,
        by=world["mentor"],
        url="https://zalo.me/c/hoamaiyty",
        since=TODAY,
        for_member=True,
    )
    assert shop.confirmed_at is None and shop.platform == Platform.ZALO
    with pytest.raises(ValidationError):
        _verified(shop, world["mentor"])
    with pytest.raises(PermissionDenied):  # someone else's account cannot confirm it
        selling.shop_confirm(shop=shop, user=world["accounts"]["shopee"])
    shop = selling.shop_confirm(shop=shop, user=world["accounts"]["none"])
    _verified(shop, world["mentor"])
    assert _selling(world).numerator == 3


def test_the_dashboard_counts_shops_in_as_many_queries_however_many(world):
    tree = selectors.org_tree_on(TODAY)
    province = world["province"].pk

    def queries() -> int:
        with CaptureQueriesContext(connection) as counted:
            dashboard.dashboard_build(tree=tree, unit_id=province, year=YEAR, fresh=True)
        return len(counted)

    few = queries()
    for index in range(5):
        member = specialty_member(unit=world["y_ty"], name=f"Thêm {index}")
        for platform_url in ("https://shopee.vn/a", "https://tiki.vn/b"):
            shop = selling.shop_record(
                member=member,
                by=world["mentor"],
                url=f"{platform_url}{index}",
                since=TODAY,
                for_member=False,
            )
            _verified(shop, world["mentor"])
    funnel.funnel_recompute()
    assert queries() == few == 12  # ten grouped counts, storing them, the targets
    assert _selling(world).numerator == 7


# --- Links ---


@pytest.mark.parametrize(
    ("typed", "link", "platform"),
    [
        ("https://shopee.vn/chetaphin", "https://shopee.vn/chetaphin", Platform.SHOPEE),
        ("shopee.vn/chetaphin?sp_atk=1", "https://shopee.vn/chetaphin?sp_atk=1", Platform.SHOPEE),
        ("https://vt.tiktok.com/ZSabc/", "https://vt.tiktok.com/ZSabc/", Platform.TIKTOK),
        (
            "https://www.facebook.com/matongyty",
            "https://www.facebook.com/matongyty",
            Platform.FACEBOOK,
        ),
        ("http://postmart.vn/shop/12", "http://postmart.vn/shop/12", Platform.POSTMART),
        (
            "https://cho-que-toi.vn/gian-hang/1",
            "https://cho-que-toi.vn/gian-hang/1",
            Platform.OTHER,
        ),
        # A look-alike host is not the platform.
        ("https://shopee.vn.example.com/x", "https://shopee.vn.example.com/x", Platform.OTHER),
    ],
)
def test_a_link_is_checked_for_shape_and_its_host_names_the_platform(typed, link, platform):
    assert selling.shop_link_clean(typed) == (link, platform)


@pytest.mark.parametrize(
    "typed", ["", "mật ong rừng", "0912345678", "javascript:alert(1)", "shopee"]
)
def test_what_is_not_a_link_is_refused_in_vietnamese(typed):
    with pytest.raises(ValidationError) as refused:
        selling.shop_link_clean(typed)
    assert refused.value.code == "not_a_link"
    assert "Đây không phải là đường dẫn" in refused.value.messages[0]


# --- Evidence ---


def test_a_screenshot_goes_through_the_photo_rules_into_private_storage(world):
    member = world["members"]["none"]
    upload = jpeg_upload("Zalo_2026-12-01_0912345678.jpg", size=(2400, 1200))
    shop = selling.shop_record(
        member=member,
        by=world["accounts"]["none"],
        url="https://voso.vn/shop/hoa",
        since=TODAY,
        screenshot=upload,
        for_member=False,
    )
    assert shop.screenshot.storage.__class__.__name__ == "FileSystemStorage"
    assert "private" in shop.screenshot.storage.location
    assert "0912345678" not in shop.screenshot.name  # the phone's file name is not kept
    with shop.screenshot.open("rb") as stored, Image.open(stored) as image:
        assert max(image.size) == 1600  # re-encoded and shrunk, as producer photos are
    with pytest.raises(ValidationError) as refused:
        selling.shop_record(
            member=member,
            by=world["accounts"]["none"],
            url="https://tiki.vn/hoa",
            since=TODAY,
            screenshot=SimpleUploadedFile("shop.jpg", b"<script>alert(1)</script>"),
            for_member=False,
        )
    assert refused.value.code == "not_an_image"
    assert not OnlineShop.objects.filter(url="https://tiki.vn/hoa").exists()


# --- Permissions ---


def test_a_mentor_of_another_unit_gets_not_found(client, world):
    shop = world["shops"]["unverified"]
    client.force_login(world["other_mentor"])
    assert client.get(reverse("mentoring_shops:check", args=[shop.pk])).status_code == 404
    response = client.post(
        reverse("mentoring_shops:check", args=[shop.pk]),
        {"checked": "on", "link_opened": "on", "checked_on": TODAY.isoformat()},
    )
    assert response.status_code == 404
    member = world["members"]["unverified"]
    url = reverse("mentoring_members:online_shops", args=[member.pk])
    assert client.get(url).status_code == 404
    assert client.get(reverse("mentoring_shops:index")).content.decode().count("data-shop=") == 0
    with pytest.raises(PermissionDenied):
        _verified(shop, world["other_mentor"])


def test_a_member_cannot_touch_another_members_shop(client, world):
    shop = world["shops"]["shopee"]
    client.force_login(world["accounts"]["unverified"])
    for name in ("portal:online_shop_confirm", "portal:online_shop_remove"):
        assert client.post(reverse(name, args=[shop.pk])).status_code == 404
    html = client.get(reverse("portal:online_shops")).content.decode()
    assert "shopee.vn/mat-ong-y-ty" in html and "chetaphin" not in html
    assert OnlineShop.objects.filter(pk=shop.pk).exists()


def test_the_member_records_a_shop_on_their_phone_and_a_mentor_verifies_it_with_an_audit_entry(
    client, world
):
    member = world["members"]["none"]
    client.force_login(world["accounts"]["none"])
    response = client.post(
        reverse("portal:online_shops"),
        {"url": "không phải link", "since": TODAY.isoformat()},
    )
    assert (
        response.status_code == 200 and "Đây không phải là đường dẫn" in response.content.decode()
    )
    response = client.post(
        reverse("portal:online_shops"),
        {"url": "https://shopee.vn/hoa-y-ty", "since": TODAY.isoformat()},
    )
    assert response.status_code == 302
    shop = OnlineShop.objects.get(member=member)
    assert (shop.platform, shop.confirmed_at is not None) == (Platform.SHOPEE, True)

    client.force_login(world["mentor"])
    assert f'data-shop="{shop.pk}"' in client.get(reverse("mentoring_shops:index")).content.decode()
    response = client.post(
        reverse("mentoring_shops:check", args=[shop.pk]),
        {
            "checked": "on",
            "link_opened": "on",
            "checked_on": TODAY.isoformat(),
            "sold_count": "3",
            "last_sale_on": TODAY.isoformat(),
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    entry = ModelLogEntry.objects.filter(action="mentoring.shop_check").latest("pk")
    assert (entry.user_id, entry.object_id, entry.data["shop"]) == (
        world["mentor"].pk,
        str(member.pk),
        shop.pk,
    )
    assert entry.label == f"#{member.pk}"  # not the member's name: see admin.scoping.log_title


# --- The public headline (item 7) ---


def test_the_public_headline_shows_the_complete_measure_with_its_date(client, world):
    from tests.factories.cms import make_site_pages

    about = make_site_pages()["standard"]
    about.body = [("target_progress", None)]
    about.save_revision().publish()
    html = client.get(about.url).content.decode()
    assert "<strong>40%</strong>" in html or "<strong>40,0%</strong>" in html
    assert "2 trên 5 đoàn viên" in html
    assert "1 trên Chợ Phiên, 1 chỉ trên nền tảng khác" in html
    assert f"Số liệu tính ngày {TODAY:%d/%m/%Y}." in html
