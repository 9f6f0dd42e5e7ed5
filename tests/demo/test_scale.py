"""`generate_scale_data` writes the counts asked for, in the union's real shape, and the
storefront, the producer portal and the mentor dashboard render over what it wrote."""

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from accounts.models import User
from demo.scale import SCALE_MENTOR_EMAIL, SCALE_PRODUCER_EMAIL, planned_counts
from marketplace.catalogue.models import Product
from marketplace.order.models import Order
from mentoring.models import (
    Activity,
    Member,
    MemberEvaluation,
    OnlineShop,
    OrgUnit,
    ShopCheck,
    Team,
    TeamMember,
)
from producers.models import Producer

pytestmark = pytest.mark.django_db


def test_a_tiny_province_is_generated_and_its_pages_render(client):
    call_command("generate_scale_data", size="province", scale=0.002, password="x" * 12)
    planned = planned_counts("province", 0.002)
    assert (planned.members, planned.producers, planned.products, planned.orders) == (
        60,
        2,
        20,
        100,
    )
    assert Member.objects.filter(member_number__startswith="SC").count() == 60
    assert Producer.objects.filter(slug__startswith="scale-").count() == 2
    assert Product.objects.filter(upc__startswith="SC").count() == 20
    assert Order.objects.filter(number__startswith="SC").count() == 100
    province = OrgUnit.objects.get(code="scale-p0")
    assert province.kind == OrgUnit.Kind.PROVINCE
    units = OrgUnit.objects.filter(code__startswith="scale-")
    assert units.filter(kind=OrgUnit.Kind.GRASSROOTS).count() == 150
    assert units.count() == 161  # a province, ten district-level unions, fifteen communes each
    # Every member is in a grassroots union; the producers are members.
    assert not Member.objects.filter(member_number__startswith="SC").exclude(
        org_unit__kind=OrgUnit.Kind.GRASSROOTS
    )
    assert Member.objects.filter(producer__slug__startswith="scale-").count() == 2
    # What the plan measures beyond Chợ Phiên's orders (issue 27), for the dashboard's bench:
    # four members in five evaluated, shops elsewhere (two in three checked with a sale), a
    # community team of members in one union in ten, activities with who came.
    assert MemberEvaluation.objects.count() == 48
    assert OnlineShop.objects.count() == 3 and ShopCheck.objects.count() == 2
    assert Team.objects.count() == 6 and TeamMember.objects.filter(role="leader").count() == 6
    assert Activity.objects.count() == 12 and Activity.attendees.through.objects.count() == 12

    product = Product.objects.filter(upc__startswith="SC").first()
    producer = Producer.objects.get(slug="scale-0")
    for url in (
        "/",
        reverse("catalogue:index"),
        product.get_categories().first().get_absolute_url(),
        product.get_absolute_url(),
        producer.get_absolute_url(),
        reverse("search:search") + "?q=che",
    ):
        assert client.get(url).status_code == 200, url
    client.force_login(User.objects.get(email=SCALE_PRODUCER_EMAIL))
    assert client.get(reverse("portal:home")).status_code == 200
    client.force_login(User.objects.get(email=SCALE_MENTOR_EMAIL))
    response = client.get(reverse("mentoring_dashboard:index") + f"?unit={province.pk}")
    assert response.status_code == 200

    with pytest.raises(CommandError, match="--replace"):
        call_command("generate_scale_data", size="province", scale=0.002)
    call_command("generate_scale_data", delete=True)
    assert not Member.objects.filter(member_number__startswith="SC").exists()
    assert not OrgUnit.objects.filter(code__startswith="scale-").exists()
    assert not Order.objects.filter(number__startswith="SC").exists()
    assert not (MemberEvaluation.objects.exists() or OnlineShop.objects.exists())
    assert not (Team.objects.exists() or Activity.objects.exists())


def test_a_tiny_national_run_has_several_provinces():
    # 63 provinces at full size; at least two however small the scale.
    call_command("generate_scale_data", size="national", scale=0.0001, password="x" * 12)
    assert OrgUnit.objects.filter(code__startswith="scale-", kind="province").count() == 2
    assert OrgUnit.objects.filter(code__startswith="scale-").count() == 2 * 161
    assert Member.objects.filter(member_number__startswith="SC").count() == 100
