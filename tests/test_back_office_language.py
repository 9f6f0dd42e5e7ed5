"""With Vietnamese active, every screen a mentor, editor or staff member opens speaks
Vietnamese: the English that leaked from Wagtail's and Oscar's catalogues (and the bad
Vietnamese of Oscar's) must not come back. The list below is what was found on these screens."""

import re

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse

from accounts.models import User
from mentoring.models import OrgUnitRole, Team
from tests.factories.cms import make_site_pages
from tests.factories.mentoring import make_lao_cai
from tests.mentoring.sellers import make_moderator, make_seller_for, place_order, specialty_member

pytestmark = pytest.mark.django_db

# Text that leaked (whole words; matched in text and in placeholder/title/aria-label/alt).
LEAKED_ENGLISH = [
    "Sign in to Wagtail",
    "Password",
    "Remember me",
    "Forgotten password?",
    "Search all pages",
    "Help",
    "Search…",
    "Filter by",
    "Show filters",
    "Page 1 of",
    "Sort by '",
    "Partner",
    "True",
    "False",
    "Add child page",
    "Page type",
    "Edited by",
    "Awaiting payment",
    "Paid",
    "Cancelled",
    "Refunded",
    "bank-transfer",
    "Pending",
    "There is",
    "There are",
    "BY-PRODUCER",
    "by-producer",
    "cash-on-delivery",
    "New customers",
    "Status Changes",
    "No status changes.",
    "Voucher Sets",
    "All Offers",
]
BAD_VIETNAMESE = ["Cam kết thực hiện", "Những hách hàng mới", "thuêus"]


def _texts(html: str) -> str:
    soup = BeautifulSoup(html, "html.parser")
    for node in soup(["script", "style", "template", "svg"]):
        node.decompose()
    parts = [soup.get_text("\n")]
    for element in soup.find_all(True):
        parts += [
            str(element[a]) for a in ("placeholder", "title", "aria-label", "alt") if element.get(a)
        ]
        if element.name == "option":
            parts.append(element.get_text())
    return "\n".join(parts)


def _leaks(html: str) -> list[str]:
    text = _texts(html)
    found = [
        phrase
        for phrase in LEAKED_ENGLISH
        if re.search(r"(?<![\w-])" + re.escape(phrase) + r"(?![\w-])", text)
    ]
    return found + [phrase for phrase in BAD_VIETNAMESE if phrase in text]


@pytest.fixture
def world():
    tree = make_lao_cai()
    pages = make_site_pages()
    moderator = make_moderator()
    member = specialty_member(unit=tree["y_ty"], name="Lý Thị Mai")
    product = make_seller_for(member, moderator=moderator)
    place_order(product, paid=True)
    place_order(product, paid=False)
    Team.objects.create(kind=Team.Kind.CORE, name="Đội nòng cốt Bát Xát", org_unit=tree["bat_xat"])
    mentor = User.objects.create_user(email="mentor-vi@example.com", password="x" * 12)
    mentor.groups.add(Group.objects.get(name="Mentors"))
    OrgUnitRole.objects.create(user=mentor, org_unit=tree["bat_xat"])
    admin = User.objects.create_superuser(email="admin-vi@example.com", password="x" * 12)
    return {"tree": tree, "pages": pages, "mentor": mentor, "admin": admin, "product": product}


def _client(user=None) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="vi")
    if user is not None:
        client.force_login(user)
    return client


def _crawl(client, urls) -> dict[str, list[str]]:
    problems = {}
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        if leaks := _leaks(response.content.decode()):
            problems[url] = leaks
    return problems


def test_the_sign_in_page_is_vietnamese():
    assert _crawl(_client(), [reverse("wagtailadmin_login")]) == {}


def test_the_mentors_screens_are_vietnamese(world):
    urls = [
        reverse("wagtailadmin_home"),
        reverse("mentoring_dashboard:index"),
        reverse("mentoring_dashboard:follow_up"),
        reverse("mentoring_members:index"),
        reverse("mentoring_trainings:index"),
        reverse("mentoring_teams:index"),
        reverse("mentoring_import:upload"),
    ]
    assert _crawl(_client(world["mentor"]), urls) == {}


def test_the_editors_and_staffs_screens_are_vietnamese(world):
    from marketplace.order.models import Order

    order = Order.objects.order_by("pk").last()
    urls = [
        reverse("wagtailadmin_home"),
        reverse("wagtailadmin_explore", args=[world["pages"]["home"].pk]),
        reverse("producers_admin:index"),
        reverse("producers_admin:index") + "?status=submitted",  # a filtered list counts matches
        reverse("product_review:index"),
        reverse("mentoring_teams:index"),
        reverse("dashboard:index"),
        reverse("dashboard:order-list"),
        reverse("dashboard:order-detail", kwargs={"number": order.number}),
        reverse("dashboard:catalogue-product-list"),
        reverse("dashboard:partner-list"),
        reverse("dashboard:offer-list"),
        reverse("dashboard:voucher-list"),
    ]
    assert _crawl(_client(world["admin"]), urls) == {}
