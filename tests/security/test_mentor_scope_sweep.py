"""A Bát Xát mentor against every unit outside Bát Xát: each dashboard figure's drill-down, in
both parts (done and base) and every export format, and each dashboard table's export, is 404.
tests/mentoring/test_admin_scope.py covers the records, members and their exports, and
tests/mentoring/test_dashboard.py one figure per unit; this sweeps every figure code.

And the mentor × account-reset row: sign-in help resets no account but those a member of the
mentor's units linked themselves, whatever phone or producer the mentor types on the roster."""

import pytest

from mentoring.reporting.drill_down import BASE, FIGURE_CODES, MEMBER_FIGURES
from tests.mentoring.test_dashboard import (  # noqa: F401  (lao_cai is a fixture)
    _counts_not_cached_between_tests,
    _url,
    lao_cai,
)
from tests.support.people import make_mentor

pytestmark = pytest.mark.django_db

OUTSIDE = ("sa_pa", "ta_phin", "province")
FORMATS = ({}, {"export": "csv"}, {"export": "xlsx"})
PARTS = ({}, {"part": BASE})


@pytest.fixture
def as_mentor(client, lao_cai):  # noqa: F811
    client.force_login(make_mentor(lao_cai["bat_xat"], "mentor-dash@example.com"))
    return client


def _drill_downs(unit_id):
    for code in sorted(FIGURE_CODES):
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
    for code in sorted(MEMBER_FIGURES):
        for part in PARTS:
            response = as_mentor.get(_url("figure", lao_cai["bat_xat"].pk, code, **part,
                                          export="csv"))  # fmt: skip
            text = response.content.decode("utf-8-sig")
            for member in lao_cai["ta_phin_members"]:
                assert member.member_number not in text and member.full_name not in text


# --- Mentor × account reset: the accounts sign-in help may reset ---


class Accounts:
    """Bát Xát's mentor and his member Mai (Y Tý), who linked her own account; and every
    other kind of account the site has: a Bắc Hà producer nobody linked, Sùng of Sa Pa (his
    own, linked), a buyer, a staff account and the mentor's colleague in Sa Pa."""

    def __init__(self):
        from accounts.models import User
        from producers import services as producer_services
        from tests.factories.mentoring import link_account, make_lao_cai, make_member

        tree = make_lao_cai()
        self.tree = tree
        self.mentor = make_mentor(tree["bat_xat"], email="mentor.batxat@example.com")
        self.mai = make_member(unit=tree["y_ty"], name="Lý Thị Mai", phone="0912000101")
        self.sung = make_member(unit=tree["ta_phin"], name="Giàng A Sùng", phone="0912000202")
        self.mai_account = User.objects.create_user(phone="0912000101", password="mai-" * 4)
        link_account(member=self.mai, user=self.mai_account)
        self.bac_ha = User.objects.create_user(phone="0912000303", password="bac-ha-" * 3)
        self.bac_ha_producer = producer_services.producer_register(
            user=self.bac_ha, name="HTX Mận Bắc Hà", kind="cooperative", commune=None
        )
        self.sung_account = User.objects.create_user(phone="0912000202", password="sung-" * 3)
        link_account(member=self.sung, user=self.sung_account)
        self.sung_producer = producer_services.producer_register(
            user=self.sung_account, name="Hộ Giàng A Sùng", kind="household", commune=None
        )
        self.buyer = User.objects.create_user(
            email="buyer@example.com", phone="0912000404", password="buyer-" * 3
        )
        self.staff = User.objects.create_user(
            email="staff@example.com", phone="0912000505", password="staff-" * 3, is_staff=True
        )
        self.colleague = make_mentor(tree["sa_pa"], email="mentor.sapa@example.com")
        self.colleague.phone = "0912000606"
        self.colleague.save()

    def targets(self):
        """(account, the producer it runs or None): none of them Mai's."""
        return [
            (self.bac_ha, self.bac_ha_producer),
            (self.sung_account, self.sung_producer),
            (self.buyer, None),
            (self.staff, None),
            (self.colleague, None),
        ]


def _mai_form(world, **changes):
    from tests.mentoring.test_admin_scope import _member_form

    return _member_form(
        world,
        world.tree["y_ty"],
        member_number=world.mai.member_number,
        full_name=world.mai.full_name,
        birth_year="2000",
        **changes,
    )


def test_mentor_x_account_reset_only_the_accounts_their_members_linked(client):
    """The matrix row: for every account that is not Mai's own, the mentor types its phone
    (and tries its producer) on Mai's roster entry, then asks for a new password: refused,
    and the account's password is what it was. Mai's own account: reset."""
    from django.urls import reverse

    from accounts.models import User
    from mentoring.models import Member

    world = Accounts()
    client.force_login(world.mentor)
    edit = reverse("mentoring_members:edit", args=[world.mai.pk])
    help_url = reverse("mentoring_members:accounts", args=[world.mai.pk])
    taken_over = []
    for account, producer in world.targets():
        before = User.objects.get(pk=account.pk).password
        phone = account.phone[-9:].rjust(10, "0")
        assert client.post(edit, _mai_form(world, phone=phone)).status_code == 302
        if producer is not None:
            client.post(edit, _mai_form(world, phone=phone, producer=str(producer.pk)))
            assert Member.objects.get(pk=world.mai.pk).producer_id is None, account
        page = client.get(help_url)
        offered = [a.pk for a in page.context["accounts"]]
        response = client.post(help_url, {"account": account.pk})
        if (
            account.pk in offered
            or response.status_code != 404
            or User.objects.get(pk=account.pk).password != before
        ):
            taken_over.append(str(account))
    assert taken_over == []
    response = client.post(help_url, {"account": world.mai_account.pk})
    assert response.status_code == 200 and response.context["new_password"]


def test_the_roster_producer_chooser_offers_only_producers_of_the_mentors_units(client):
    """A producer run by an account Mai linked is offered; the Bắc Hà producer nobody linked
    and Sùng's in Sa Pa are neither offered nor accepted."""
    from django.urls import reverse

    from mentoring.models import Member
    from producers import services as producer_services

    world = Accounts()
    mai_shop = producer_services.producer_register(
        user=world.mai_account, name="Hộ Lý Thị Mai", kind="household", commune=None
    )
    client.force_login(world.mentor)
    edit = reverse("mentoring_members:edit", args=[world.mai.pk])
    choices = client.get(edit).context["form"].fields["producer"].queryset
    assert list(choices) == [mai_shop]
    for foreign in (world.bac_ha_producer, world.sung_producer):
        response = client.post(edit, _mai_form(world, producer=str(foreign.pk)))
        assert response.status_code == 200 and "producer" in response.context["form"].errors
        assert Member.objects.get(pk=world.mai.pk).producer_id is None
    assert client.post(edit, _mai_form(world, producer=str(mai_shop.pk))).status_code == 302
    assert Member.objects.get(pk=world.mai.pk).producer_id == mai_shop.pk
