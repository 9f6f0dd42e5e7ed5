"""Practice data never reaches the public (catalogue, category pages, product page, search,
suggestions, sitemap, CMS choosers, the producer directory) nor any sales figure, funnel step,
dashboard count or quarterly indicator; only the training's trainees and mentor see it."""

import csv
import datetime
import io

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse

from accounts.models import User
from marketplace.payment.methods import payment_methods
from marketplace.search.indexing import search_documents_rebuild
from mentoring import practice, selectors
from mentoring.models import FunnelStage, Indicator, PracticeSession
from mentoring.reporting import dashboard, funnel, kpi
from mentoring.reporting.counts import unit_counts
from producers.selectors import producer_sales_summary
from tests.factories.marketplace import make_product
from tests.mentoring.sellers import place_order
from tests.practice.world import PRACTICE_TITLE, World, client_for

pytestmark = pytest.mark.django_db

PUBLIC_TITLE = "Mật ong bạc hà rừng – chai 500ml"


@pytest.fixture
def world():
    world = World()
    world.open_practice()
    world.pao_joins()
    world.mai_lists_a_product()
    # A public product of the same kind, so that every page below is shown to list products.
    world.public_product = make_product(
        title=PUBLIC_TITLE, partner=world.mai.producer.partner, category=world.category
    )
    search_documents_rebuild()  # the on-commit refresh does not run inside a test
    return world


def test_not_in_the_catalogue_nor_its_category_page(client, world):
    for url in (reverse("catalogue:index"), world.category.get_absolute_url()):
        html = client.get(url).content.decode()
        assert PUBLIC_TITLE in html
        assert PRACTICE_TITLE not in html


def test_the_product_page_is_404_for_the_public_and_other_members(client, world):
    url = world.practice_product.get_absolute_url()
    assert client.get(url).status_code == 404
    outsider = User.objects.create_user(email="vang@example.com", password="x" * 12)
    assert client_for(outsider).get(url).status_code == 404
    assert client.get(world.public_product.get_absolute_url()).status_code == 200


def test_not_found_by_search_nor_suggested(client, world):
    html = client.get(reverse("search:search"), {"q": "mat ong bac ha"}).content.decode()
    assert PUBLIC_TITLE in html and PRACTICE_TITLE not in html
    titles = [
        r["title"] for r in client.get("/search/suggest/", {"q": "mật ong"}).json()["results"]
    ]
    assert PUBLIC_TITLE in titles and PRACTICE_TITLE not in titles


def test_not_in_the_sitemap(client, world):
    xml = client.get("/sitemap.xml").content.decode()
    assert world.public_product.get_absolute_url() in xml
    assert world.practice_product.get_absolute_url() not in xml
    assert world.mai_shop.slug not in xml


def test_not_offered_by_the_cms_choosers(client, world):
    editor = User.objects.create_superuser(email="editor@example.com", password="x" * 12)
    client.force_login(editor)
    products = client.get(reverse("product_chooser:choose")).json()["html"]
    assert PUBLIC_TITLE in products and PRACTICE_TITLE not in products
    producers = client.get(reverse("producer_chooser:choose")).json()["html"]
    assert world.mai.producer.name in producers
    assert world.mai_shop.name not in producers and world.pao_shop.name not in producers


def test_not_in_the_producer_directory_and_no_public_page(client, world):
    html = client.get(reverse("producers:directory")).content.decode()
    assert world.mai.producer.name in html
    assert world.mai_shop.name not in html
    url = reverse("producers:detail", kwargs={"slug": world.mai_shop.slug})
    assert client.get(url).status_code == 404


def test_only_the_trainees_see_the_practice_page(world):
    url = reverse("portal:practice", args=[world.session.pk])
    assert client_for(world.mai_user).get(url).status_code == 200
    outsider = User.objects.create_user(email="vang@example.com", password="x" * 12)
    assert client_for(outsider).get(url).status_code == 404
    assert Client().get(url).status_code == 302  # to sign in
    # Nor can an outsider buy a practice product by posting to the basket.
    outsider_client = client_for(outsider)
    outsider_client.post(
        reverse("basket:add", kwargs={"pk": world.practice_product.pk}), {"quantity": 1}
    )
    assert outsider_client.get(reverse("basket:summary")).context["basket"].num_items == 0


def test_a_mentor_of_another_unit_gets_404_on_the_practice_shop(world):
    other = client_for(world.other_mentor)
    url = reverse("mentoring_trainings:practice", args=[world.training.pk])
    assert other.get(url).status_code == 404
    assert other.post(url).status_code == 404
    assert client_for(world.mentor).get(url).status_code == 200


def test_a_mentor_of_another_unit_cannot_open_one_either(world):
    training = world.training
    training.pk = None
    training.title = "Tập huấn lần 2"
    training.save()
    url = reverse("mentoring_trainings:practice", args=[training.pk])
    assert client_for(world.other_mentor).post(url).status_code == 404
    assert not PracticeSession.objects.filter(training=training).exists()


@pytest.fixture
def sold(world, stripe):
    """The whole loop: Páo bought Mai's practice product by test card; Mai sent it."""
    world.pao_buys_with_the_test_card()
    world.mai_sends_it()
    funnel.funnel_recompute()
    return world


def test_practice_orders_are_not_sales_of_anyone(sold):
    for producer in (sold.mai_shop, sold.mai.producer):
        periods = producer_sales_summary(producer=producer)
        assert sum(period.orders for period in periods) == 0
        assert not any(period.best_sellers for period in periods)


def test_practice_orders_reach_no_funnel_step(sold):
    stages = funnel.member_funnels([sold.mai, sold.pao])
    for member in (sold.mai, sold.pao):
        reached = stages.get(member.pk)
        reached = reached.reached if reached else {}
        assert FunnelStage.FIRST_ORDER not in reached and FunnelStage.ACTIVE not in reached
    assert not funnel.active_members(datetime.date.today()).exists()


def _selling_online(world):
    year = datetime.date.today().year
    _members, figures = kpi.figures_counted(
        unit_id=world.tree["bat_xat"].pk, year=year, day=datetime.date.today()
    )
    return next(f for f in figures if f.code == Indicator.SELLING_ONLINE)


def test_practice_orders_count_in_no_dashboard_figure_or_quarterly_indicator(sold):
    counts = unit_counts(day=datetime.date.today(), year=datetime.date.today().year)
    mine = counts[sold.tree["y_ty"].pk]
    assert mine["selling"] == 0 and mine[f"stage_{FunnelStage.FIRST_ORDER}"] == 0
    assert mine[f"stage_{FunnelStage.ACTIVE}"] == 0
    assert _selling_online(sold).numerator == 0
    # A real order of Mai's own shop is counted: the figure is not blind.
    place_order(sold.real_product)
    funnel.funnel_recompute()
    assert _selling_online(sold).numerator == 1


def test_the_dashboard_shows_the_practical_passed_as_evidence_of_training(sold):
    staff = User.objects.create_user(email="staff@example.com", password="x" * 12)
    staff.groups.add(Group.objects.get(name="Provincial staff (mentoring)"))
    client = client_for(User.objects.get(pk=staff.pk))
    tree = selectors.org_tree_on()
    report = dashboard.dashboard_build(
        tree=tree, unit_id=sold.tree["bat_xat"].pk, year=datetime.date.today().year
    )
    trained = next(s for s in report.funnel if s.code == FunnelStage.TRAINED)
    assert trained.practical == 1
    html = client.get(
        reverse("mentoring_dashboard:index"), {"unit": sold.tree["bat_xat"].pk}
    ).content.decode()
    assert "data-practical>1 " in html
    drill = client.get(
        reverse("mentoring_dashboard:figure", args=[sold.tree["bat_xat"].pk, FunnelStage.TRAINED]),
        {"export": "csv"},
    )
    rows = list(csv.reader(io.StringIO(drill.content.decode("utf-8-sig"))))
    column = [heading.lower() for heading in rows[0]].index("đạt phần thực hành")
    passed = {row[0]: row[column] for row in rows[1:]}
    assert passed == {
        sold.mai.member_number: datetime.date.today().isoformat(),
        sold.pao.member_number: "",
    }


def test_a_basket_mixing_practice_and_real_products_cannot_be_paid(world):
    client = world.pao_client
    for product in (world.practice_product, world.public_product):
        client.post(reverse("basket:add", kwargs={"pk": product.pk}), {"quantity": 1})
    assert client.get(reverse("basket:summary")).context["basket"].num_items == 2
    producers = [world.mai_shop, world.mai.producer]
    reasons = {m.code: m.unavailable_reason(producers=producers) for m in payment_methods()}
    assert all(reasons.values()), reasons
    assert "giỏ hàng riêng" in str(reasons["card"])


def test_join_links_are_refused_for_a_second_seat_and_for_the_mentor(world):
    other_seat_link = reverse("portal:practice_join", args=[practice.join_token(world.mai_shop)])
    response = world.pao_client.post(other_seat_link)
    assert response.status_code == 200 and world.pao_user not in world.mai_shop.partner.users.all()
    assert "errors" in response.context
    forged = world.pao_client.get(reverse("portal:practice_join", args=["forged"]))
    assert forged.status_code == 404


def test_the_shop_dashboard_home_and_order_report_leave_practice_orders_out(sold):
    real = place_order(sold.real_product)  # one real order, counted
    client = Client()
    client.force_login(User.objects.create_superuser(email="boss@example.com", password="x" * 12))
    home = client.get(reverse("dashboard:index"))
    assert home.status_code == 200
    assert home.context["total_orders"] == 1 and home.context["total_orders_last_day"] == 1
    assert home.context["total_revenue"] == real.total_incl_tax
    assert home.context["total_lines"] == 1
    report = client.get(
        reverse("dashboard:reports-index"), {"report_type": "order_report", "download": ""}
    )
    assert [order.number for order in report.context["objects"]] == [real.number]
