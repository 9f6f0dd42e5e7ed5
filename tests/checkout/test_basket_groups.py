"""The basket shows its lines under the producer who ships them, with each producer's
delivery once the buyer has chosen it, and no made-up "0 ₫" shipping before that."""

import re

import pytest
from django.urls import reverse

from tests.checkout.helpers import ADDRESS, basket_add, make_seller
from tests.factories.marketplace import make_product

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_sellers():
    honey = make_seller(name="HTX Mật ong Bắc Hà", price=150000, weight_grams=700)
    tea = make_seller(name="HTX Chè Tả Phìn", district="Thị xã Sa Pa", price=90000)
    return honey, tea


def _sections(page: str) -> dict[str, str]:
    """The basket page's producer sections, by producer name."""
    sections = re.findall(r'<section class="cp-box cp-basket-group".*?</section>', page, re.S)
    return {re.search(r"<h2[^>]*>(.*?)</h2>", s, re.S).group(1).strip(): s for s in sections}


def test_lines_are_grouped_by_producer_and_shipping_is_not_guessed(client, two_sellers):
    (honey, honey_jar), (tea, tea_pack) = two_sellers
    second_jar = make_product(partner=honey.partner, title="Mật ong rừng – chai 1 lít")
    basket_add(client, honey_jar)
    basket_add(client, tea_pack)
    basket_add(client, second_jar)
    page = client.get(reverse("basket:summary")).content.decode()
    sections = _sections(page)
    assert list(sections) == ["HTX Mật ong Bắc Hà", "HTX Chè Tả Phìn"]
    honey_part, tea_part = sections["HTX Mật ong Bắc Hà"], sections["HTX Chè Tả Phìn"]
    assert honey_jar.get_title() in honey_part and second_jar.get_title() in honey_part
    assert tea_pack.get_title() in tea_part and honey_jar.get_title() not in tea_part
    # Oscar's remove link names the line by its place in the formset: the third line added
    # is shown second, under its producer, and still names form 2.
    assert 'data-id="2" data-behaviours="remove"' in honey_part
    assert 'id="id_form-2-id"' in honey_part
    # No delivery is chosen yet: no "0 ₫" for shipping, and the total says so.
    assert not re.search(r"[\s>]0\s*₫", page)
    assert "Cách nhận hàng: bạn chọn cho người bán này khi đặt hàng." in honey_part
    assert "Tạm tính (chưa gồm phí giao hàng)" in page


def test_the_basket_shows_each_producers_delivery_once_chosen(client, two_sellers):
    (honey, honey_jar), (tea, tea_pack) = two_sellers
    basket_add(client, honey_jar)
    basket_add(client, tea_pack)
    client.post(reverse("checkout:index"), {"username": "lan@example.com", "options": "anonymous"})
    client.post(reverse("checkout:shipping-address"), ADDRESS)
    client.post(
        reverse("checkout:shipping-method"),
        {f"group_{honey.partner_id}": "national-post", f"group_{tea.partner_id}": "pickup"},
    )
    page = client.get(reverse("basket:summary")).content.decode()
    sections = _sections(page)
    honey_ship = sections["HTX Mật ong Bắc Hà"].split("cp-basket-group__ship")[1]
    tea_ship = sections["HTX Chè Tả Phìn"].split("cp-basket-group__ship")[1]
    assert "Bưu điện toàn quốc" in honey_ship and "32.000" in honey_ship  # 0,7 kg: the 1 kg band
    assert "Nhận hàng tại nhà người bán" in tea_ship and "Miễn phí" in tea_ship
    assert "Tạm tính (chưa gồm phí giao hàng)" not in page
