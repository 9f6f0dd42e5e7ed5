"""The province's tree of unions, for the union's tests."""

import pytest

from tests.factories.mentoring import make_lao_cai


@pytest.fixture
def tree():
    """The province's units as make_lao_cai() builds them (a dict by short name)."""
    return make_lao_cai()
