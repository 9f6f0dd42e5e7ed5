import pytest

from tests.factories.marketplace import make_category, make_product
from tests.factories.producers import make_producer


@pytest.fixture
def category():
    return make_category(name="Chè Shan Tuyết")


@pytest.fixture
def tea(category):
    """An approved producer with one product on sale, and the account that runs it."""
    from accounts.models import User

    producer = make_producer()
    product = make_product(
        partner=producer.partner, title="Chè Shan Tuyết Tả Phìn – gói 200g", category=category
    )
    user = User.objects.create_user(email="pao@example.com", password="x" * 12)
    producer.partner.users.add(user)
    return producer, product, user
