"""The dashboard's product and category lists: the selection column is not a sort link (Oscar's
was, to ?sort=checkbox, which failed with a server error)."""

import pytest
from django.urls import reverse

from tests.factories.marketplace import make_product

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("name", ["catalogue-product-list", "catalogue-category-list"])
def test_the_selection_column_is_not_a_sort_link(admin_client, name):
    make_product()
    url = reverse(f"dashboard:{name}")
    assert "sort=checkbox" not in admin_client.get(url).content.decode()
    assert admin_client.get(url, {"sort": "checkbox"}).status_code == 200
