import pytest

from tests.factories.cms import make_site_pages


@pytest.fixture
def site_pages(db):
    return make_site_pages()
