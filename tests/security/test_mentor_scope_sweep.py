"""A Bát Xát mentor against every unit outside Bát Xát: each dashboard figure's drill-down, in
both parts (done and base) and every export format, and each dashboard table's export, is 404.
tests/mentoring/test_admin_scope.py covers the records, members and their exports, and
tests/mentoring/test_dashboard.py one figure per unit; this sweeps every figure code."""

import pytest

from mentoring import dashboard
from tests.mentoring.test_dashboard import (  # noqa: F401  (lao_cai is a fixture)
    _counts_not_cached_between_tests,
    _mentor,
    _url,
    lao_cai,
)

pytestmark = pytest.mark.django_db

OUTSIDE = ("sa_pa", "ta_phin", "province")
FORMATS = ({}, {"export": "csv"}, {"export": "xlsx"})
PARTS = ({}, {"part": dashboard.BASE})


@pytest.fixture
def as_mentor(client, lao_cai):  # noqa: F811
    client.force_login(_mentor(lao_cai["bat_xat"]))
    return client


def _drill_downs(unit_id):
    for code in sorted(dashboard.FIGURE_CODES):
        for part in PARTS:
            for fmt in FORMATS:
                yield _url("figure", unit_id, code, **part, **fmt)


def _table_exports(unit_id):
    for table in ("indicators", "units", "funnel"):
        for fmt in ("csv", "xlsx"):
            yield _url("index", unit=unit_id, export=fmt, table=table)


def test_every_drill_down_and_export_of_a_unit_outside_the_subtree_is_404(as_mentor, lao_cai):  # noqa: F811
    refused = []
    for unit in OUTSIDE:
        for url in [*_drill_downs(lao_cai[unit].pk), *_table_exports(lao_cai[unit].pk)]:
            if as_mentor.get(url).status_code != 404:
                refused.append(url)
    assert refused == []


def test_the_same_urls_open_for_the_mentors_own_units(as_mentor, lao_cai):  # noqa: F811
    """So a 404 above is the scope, not a broken URL."""
    for unit in ("bat_xat", "y_ty"):
        urls = [*_drill_downs(lao_cai[unit].pk), *_table_exports(lao_cai[unit].pk)]
        failing = [url for url in urls if as_mentor.get(url).status_code != 200]
        assert failing == []


def test_a_drill_down_of_the_mentors_district_names_no_one_outside_it(as_mentor, lao_cai):  # noqa: F811
    for code in sorted(dashboard.MEMBER_FIGURES):
        for part in PARTS:
            response = as_mentor.get(_url("figure", lao_cai["bat_xat"].pk, code, **part,
                                          export="csv"))  # fmt: skip
            text = response.content.decode("utf-8-sig")
            for member in lao_cai["ta_phin_members"]:
                assert member.member_number not in text and member.full_name not in text
