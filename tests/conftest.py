import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _vietnamese_by_default():
    """Each test starts in the site's default language, whatever the previous one switched to."""
    with translation.override("vi"):
        yield
