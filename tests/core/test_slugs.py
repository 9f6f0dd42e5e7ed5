import pytest

from core.slugs import ascii_slugify
from tests.factories.marketplace import make_category, make_product


def test_vietnamese_name_becomes_readable_ascii():
    assert ascii_slugify("Đặc sản") == "dac-san"


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("Chè Shan Tuyết", "che-shan-tuyet"),
        ("Mận tam hoa Bắc Hà", "man-tam-hoa-bac-ha"),
        ("ĐẶC SẢN Đường phèn", "dac-san-duong-phen"),
    ],
)
def test_vietnamese_names_keep_every_letter(name, slug):
    assert ascii_slugify(name) == slug


@pytest.mark.django_db
def test_product_and_category_slugs_use_the_ascii_form():
    product = make_product(
        title="Đặc sản thịt trâu gác bếp", category=make_category(name="Đặc sản")
    )
    assert product.slug == "dac-san-thit-trau-gac-bep"
    assert "/dac-san-thit-trau-gac-bep_" in product.get_absolute_url()


@pytest.mark.django_db
def test_category_created_without_a_slug_gets_the_ascii_form():
    from marketplace.catalogue.models import Category

    assert Category.add_root(name="Đặc sản").slug == "dac-san"
