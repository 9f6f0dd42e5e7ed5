"""The org-unit tree changes over time; reports for earlier days still add up as they did."""

import datetime

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import ValidationError
from django.utils import translation

from accounts.models import User
from mentoring import selectors, services
from mentoring.models import OrgUnitRole
from tests.factories.mentoring import make_lao_cai, make_member, make_unit

pytestmark = pytest.mark.django_db

BEFORE = datetime.date(2025, 3, 1)
MERGE_DAY = datetime.date(2025, 7, 1)
AFTER = datetime.date(2025, 9, 1)


def _count(unit, day):
    tree = selectors.org_tree_on(day)
    return selectors.members_in_units_on(selectors.subtree_ids(tree, [unit.pk]), day).count()


def test_a_rename_shows_from_its_date_only():
    tree = make_lao_cai()
    services.org_unit_change(unit=tree["sa_pa"], on=MERGE_DAY, name="Đoàn phường Sa Pa")
    assert selectors.org_tree_on(BEFORE)[tree["sa_pa"].pk].name == "Thị đoàn Sa Pa"
    assert selectors.org_tree_on(AFTER)[tree["sa_pa"].pk].name == "Đoàn phường Sa Pa"


def test_a_merge_keeps_the_earlier_report_unchanged():
    tree = make_lao_cai()
    second = make_unit(name="Đoàn xã A Mú Sung", parent=tree["bat_xat"])
    for _ in range(3):
        make_member(unit=tree["y_ty"])
    for _ in range(2):
        make_member(unit=second)
    make_member(unit=tree["ta_phin"])
    before = {unit: _count(tree[unit], BEFORE) for unit in ("bat_xat", "y_ty", "province")}
    assert before == {"bat_xat": 5, "y_ty": 3, "province": 6}
    assert _count(second, BEFORE) == 2

    # A Mú Sung merges into Y Tý from 1 July.
    services.org_unit_merge(units=[second], into=tree["y_ty"], on=MERGE_DAY)

    after_merge_view_of_before = {
        unit: _count(tree[unit], BEFORE) for unit in ("bat_xat", "y_ty", "province")
    }
    assert after_merge_view_of_before == before
    assert _count(second, BEFORE) == 2  # the closed unit still has its members back then
    assert _count(tree["y_ty"], AFTER) == 5
    assert second.pk not in selectors.org_tree_on(AFTER)


def test_moving_a_district_under_another_parent_is_dated():
    tree = make_lao_cai()
    make_member(unit=tree["ta_phin"])
    services.org_unit_change(unit=tree["ta_phin"], on=MERGE_DAY, parent=tree["bat_xat"])
    assert _count(tree["sa_pa"], BEFORE) == 1 and _count(tree["bat_xat"], BEFORE) == 0
    assert _count(tree["sa_pa"], AFTER) == 0 and _count(tree["bat_xat"], AFTER) == 1


def test_a_mentor_sees_only_their_subtree_and_staff_see_all():
    tree = make_lao_cai()
    mai = make_member(unit=tree["y_ty"], name="Lý Thị Mai")
    sung = make_member(unit=tree["ta_phin"], name="Giàng A Sùng")
    mentor = User.objects.create_user(email="mentor@example.com", password="x" * 12)
    OrgUnitRole.objects.create(user=mentor, org_unit=tree["bat_xat"])
    assert list(selectors.members_visible_to(mentor)) == [mai]

    staff = User.objects.create_user(email="staff@example.com", password="x" * 12)
    staff.user_permissions.add(Permission.objects.get(codename="view_all_units"))
    staff = User.objects.get(pk=staff.pk)  # permissions are cached per instance
    assert set(selectors.members_visible_to(staff)) == {mai, sung}

    nobody = User.objects.create_user(email="buyer@example.com", password="x" * 12)
    assert not selectors.members_visible_to(nobody).exists()


@pytest.mark.parametrize("new_parent", ["sa_pa", "ta_phin"])
def test_a_unit_cannot_be_moved_under_itself_or_its_own_units(new_parent):
    """The rule is the service's: any caller (admin form, import, shell) gets the same refusal,
    in Vietnamese, and the tree stays as it was."""
    tree = make_lao_cai()
    with translation.override("vi"), pytest.raises(ValidationError) as refused:
        services.org_unit_change(unit=tree["sa_pa"], on=MERGE_DAY, parent=tree[new_parent])
    assert refused.value.message_dict["parent"] == [
        "Một đơn vị không thể trực thuộc chính nó hoặc đơn vị trực thuộc của nó."
    ]
    assert selectors.org_tree_on(AFTER)[tree["sa_pa"].pk].parent_id == tree["province"].pk


def test_a_move_is_refused_when_a_later_dated_change_would_close_a_loop():
    """Tả Phìn moves under Bát Xát from September; moving Bát Xát under Tả Phìn from July would
    put Bát Xát under itself from September on."""
    tree = make_lao_cai()
    services.org_unit_change(unit=tree["ta_phin"], on=AFTER, parent=tree["bat_xat"])
    with pytest.raises(ValidationError):
        services.org_unit_change(unit=tree["bat_xat"], on=MERGE_DAY, parent=tree["ta_phin"])
    assert selectors.org_tree_on(MERGE_DAY)[tree["bat_xat"].pk].parent_id == tree["province"].pk
    # Ending before September (Bát Xát's own change from then puts it back), it loops nowhere.
    services.org_unit_change(unit=tree["bat_xat"], on=AFTER, parent=tree["province"])
    services.org_unit_change(unit=tree["bat_xat"], on=MERGE_DAY, parent=tree["ta_phin"])
    assert selectors.org_tree_on(MERGE_DAY)[tree["bat_xat"].pk].parent_id == tree["ta_phin"].pk
