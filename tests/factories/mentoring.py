"""The union's tree and members, built through mentoring.services."""

import datetime
import itertools

from mentoring.models import Member, OrgUnit
from mentoring.services import org_unit_create

_sequence = itertools.count(1)
START = datetime.date(2024, 1, 1)


def make_unit(*, name: str, kind: str = OrgUnit.Kind.GRASSROOTS, parent=None, opened_on=START):
    return org_unit_create(
        code=f"unit-{next(_sequence)}", kind=kind, name=name, parent=parent, opened_on=opened_on
    )


def make_lao_cai():
    """The province, two district-level unions (Bát Xát, Sa Pa), a grassroots union in each."""
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
    defaults = {"birth_year": 2000, "gender": Member.Gender.FEMALE, "ethnicity": "Dao"}
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
