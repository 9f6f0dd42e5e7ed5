"""Fixtures the union's tests share: the province's tree of unions, and uploads kept in a
folder of the test's own."""

import pytest

from tests.factories.mentoring import make_lao_cai


@pytest.fixture
def tree():
    """The province's units as make_lao_cai() builds them (a dict by short name)."""
    return make_lao_cai()


@pytest.fixture
def uploads_in_a_temporary_folder(settings, tmp_path):
    """Roster and product files a test uploads go to its own folder, not the run's media."""
    settings.MEDIA_ROOT = tmp_path
