import pytest

from tests.factories.marketplace import make_category, make_product
from tests.factories.producers import make_producer


@pytest.fixture
def category():
    return make_category(name="Chè Shan Tuyết")


@pytest.fixture
def approved_product(category):
    producer = make_producer()
    product = make_product(
        partner=producer.partner, title="Chè Shan Tuyết Tả Phìn – gói 200g", category=category
    )
    return producer, product
