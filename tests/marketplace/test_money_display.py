"""Every price or amount the site shows, in the shop or outside it, is written by the one
currency formatter (Oscar's `currency` filter, by Babel): "250.000 ₫", never "250000.00" or
"250000 ₫"."""

import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.urls import reverse

from accounts.models import User
from tests.factories.marketplace import make_product
from tests.factories.producers import make_producer

NBSP = "\xa0"
TEMPLATES = Path(settings.BASE_DIR) / "templates"

# The last name of a variable that holds money (Oscar's and ours).
MONEY = re.compile(
    r"(?:^|_)(?:price|amount|charge|subtotal|revenue)(?:_\w+)?$"
    r"|^total_(?:incl|excl)_tax|^refund_due$|^shipping_(?:incl|excl)_tax"
)
VARIABLE = re.compile(r"\{\{\s*(.*?)\s*\}\}", re.S)
WITH = re.compile(r"\{%\s*(?:blocktrans|blocktranslate|with)\b(.*?)%\}", re.S)
ASSIGNMENT = re.compile(r"(\w+)=(\S+)")


def _unformatted_money(text: str) -> list[str]:
    assigned = {}
    for tag in WITH.finditer(text):
        assigned.update(ASSIGNMENT.findall(tag.group(1)))
    expressions = [m.group(1) for m in VARIABLE.finditer(text)] + list(assigned.values())
    found = []
    for expression in expressions:
        variable, *filters = (part.strip() for part in expression.split("|"))
        if variable in assigned or "form" in variable:  # formatted where assigned; an input
            continue
        # `unlocalize` marks a number written for machines (Open Graph's product:price:amount),
        # not for people.
        if MONEY.search(variable.split(".")[-1]) and not any(
            f.startswith(("currency", "unlocalize")) for f in filters
        ):
            found.append(expression)
    return found


def test_the_scan_catches_a_raw_price():
    assert _unformatted_money("<dd>{{ record.price|floatformat:0 }} ₫</dd>")
    assert _unformatted_money(
        "{% blocktrans with total=order.total_incl_tax %}{{ total }}{% endblocktrans %}"
    )
    assert not _unformatted_money("{{ line.unit_price_incl_tax|currency:order.currency }}")


def test_no_template_shows_money_without_the_currency_filter():
    offenders = {
        str(path.relative_to(TEMPLATES)): found
        for path in TEMPLATES.rglob("*")
        if path.suffix in {".html", ".txt"} and (found := _unformatted_money(path.read_text()))
    }
    assert offenders == {}


@pytest.mark.django_db
def test_staff_product_review_shows_the_price_as_the_shop_does(client):
    producer = make_producer()
    product = make_product(partner=producer.partner, price=250000)
    staff = User.objects.create_user(email="mod@example.com", password="x" * 12, is_staff=True)
    staff.groups.add(Group.objects.get(name="Producer moderators"))
    client.force_login(staff)
    page = client.get(reverse("product_review:review", kwargs={"pk": product.pk}))
    html = page.content.decode()
    assert f"250.000{NBSP}₫" in html
    assert "250000" not in html


@pytest.mark.django_db
def test_portal_product_form_shows_the_stored_price_grouped(client):
    producer = make_producer()
    product = make_product(partner=producer.partner, price=250000)
    user = User.objects.create_user(email="pao@example.com", password="x" * 12)
    producer.partner.users.add(user)
    client.force_login(user)
    html = client.get(reverse("portal:product_edit", kwargs={"pk": product.pk})).content.decode()
    assert 'value="250.000"' in html
    assert "250000.00" not in html


@pytest.mark.django_db
def test_a_refund_limit_is_written_as_the_shop_writes_money():
    from marketplace.payment.services import _dong

    assert _dong(Decimal("90000.00")) == f"90.000{NBSP}₫"
