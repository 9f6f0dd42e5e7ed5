"""The union's tree and members, built through mentoring.services."""

import datetime
import itertools

from mentoring.models import THE_BEGINNING, Member, OrgUnit, ReportingRule
from mentoring.services import org_unit_create

_sequence = itertools.count(1)
START = datetime.date(2024, 1, 1)


def make_unit(*, name: str, kind: str = OrgUnit.Kind.GRASSROOTS, parent=None, opened_on=START):
    return org_unit_create(
        code=f"unit-{next(_sequence)}", kind=kind, name=name, parent=parent, opened_on=opened_on
    )


def reporting_by_districts(activities_per_year: int = 2) -> None:
    """The province keeps its district-level unions as the reporting level, with no end date
    (instead of migration 0018's: districts until 30 June 2025, then communes and wards): the
    choice, made as data, of a union whose tree is still the 2023 one."""
    ReportingRule.objects.all().delete()
    ReportingRule.objects.create(
        kind=OrgUnit.Kind.DISTRICT,
        valid_from=THE_BEGINNING,
        must_report=True,
        activities_per_year=activities_per_year,
    )


def make_lao_cai():
    """The province, two district-level unions (Bát Xát, Sa Pa), a grassroots union in each;
    the district-level unions report (reporting_by_districts: this is the 2023 tree)."""
    reporting_by_districts()
    province = make_unit(name="Tỉnh đoàn Lào Cai", kind=OrgUnit.Kind.PROVINCE)
    bat_xat = make_unit(name="Huyện đoàn Bát Xát", kind=OrgUnit.Kind.DISTRICT, parent=province)
    sa_pa = make_unit(name="Thị đoàn Sa Pa", kind=OrgUnit.Kind.DISTRICT, parent=province)
    y_ty = make_unit(name="Đoàn xã Y Tý", parent=bat_xat)
    ta_phin = make_unit(name="Đoàn xã Tả Phìn", parent=sa_pa)
    return {
        "province": province,
        "bat_xat": bat_xat,
        "sa_pa": sa_pa,
        "y_ty": y_ty,
        "ta_phin": ta_phin,
    }


def make_member(*, unit, name: str = "Lý Thị Mai", **fields) -> Member:
    number = next(_sequence)
    defaults = {
        "birth_year": 2000,
        "gender": Member.Gender.FEMALE,
        "ethnicity": "Dao",
        "sensitive_basis": "union_record",  # as the roster's import records it
    }
    return Member.objects.create(
        member_number=f"DV{number:06d}", full_name=name, org_unit=unit, **{**defaults, **fields}
    )


def link_account(*, member: Member, user, via: str = "link", link_by=None):
    """The member confirms, signed in to `user`, that the account is theirs (as on the page
    their mentor's sign-in help link opens; see mentoring.accounts)."""
    from mentoring.accounts import member_account_link

    return member_account_link(
        member=member, user=user, via=via, link_by_id=link_by.pk if link_by else None
    )
