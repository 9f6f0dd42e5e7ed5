"""The full-page cache for anonymous visitors (pagecache), the Redis/local-memory choice and
the cached template loader in production."""

import os
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from django.urls import reverse

from accounts.models import User
from marketplace import services
from tests.factories.cms import add_page, home_page
from tests.factories.marketplace import make_category, make_product
from tests.factories.producers import make_producer

pytestmark = pytest.mark.django_db
BASE_DIR = Path(__file__).resolve().parent.parent


@pytest.fixture
def product():
    producer = make_producer(name="Hợp tác xã Chè Shan Tuyết")
    return make_product(
        title="Chè Shan Tuyết Bản Khoang", partner=producer.partner, category=make_category()
    )


def _get(client, url, django_assert_max_num_queries=None):
    response = client.get(url)
    assert response.status_code == 200
    return response


def test_a_second_anonymous_visit_is_served_from_the_cache_without_sql(
    client, product, django_assert_num_queries
):
    for url in ("/", reverse("catalogue:index"), product.get_absolute_url()):
        first = client.get(url)
        assert first["X-Page-Cache"] == "miss", url
        if url == product.get_absolute_url():
            # The "recently viewed" list is part of the key: the first visit started it.
            assert client.get(url)["X-Page-Cache"] == "miss"
        with django_assert_num_queries(0):
            second = client.get(url)
        assert second["X-Page-Cache"] == "hit", url
        assert second.content.decode().count("csrfmiddlewaretoken") >= 1


def test_each_visitor_gets_a_csrf_token_of_their_own_that_works(client, product):
    from django.test import Client

    client.get(reverse("catalogue:index"))  # fills the cache
    other = Client(enforce_csrf_checks=True)
    response = other.get(reverse("catalogue:index"))
    assert response["X-Page-Cache"] == "hit"
    html = response.content.decode()
    token = html.split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]
    assert token not in client.get(reverse("catalogue:index")).content.decode()
    # The cached page's token goes with the cookie this visitor was given: the form works.
    added = other.post(
        reverse("basket:add", kwargs={"pk": product.pk}),
        {"quantity": 1, "csrfmiddlewaretoken": token},
    )
    assert added.status_code == 302


def test_a_price_change_makes_the_next_visit_fresh(client, product):
    url = product.get_absolute_url()
    _get(client, url)
    assert "150.000" in _get(client, url).content.decode()
    assert _get(client, url)["X-Page-Cache"] == "hit"
    stockrecord = product.stockrecords.get()
    stockrecord.price = Decimal(99000)
    stockrecord.save()
    response = _get(client, url)
    assert response["X-Page-Cache"] == "miss"
    assert "99.000" in response.content.decode()


def test_a_stock_change_makes_the_catalogue_fresh(client, product):
    url = reverse("catalogue:index")
    _get(client, url)
    assert _get(client, url)["X-Page-Cache"] == "hit"
    services.product_upsert(
        partner=product.stockrecords.get().partner,
        sku=product.stockrecords.get().partner_sku,
        title=product.title,
        description="",
        category=product.get_categories().first(),
        price=Decimal(150000),
        num_in_stock=0,
        origin_district="Bắc Hà",
    )
    assert _get(client, url)["X-Page-Cache"] == "miss"


def test_publishing_a_page_makes_the_next_visit_fresh(client):
    from cms.models import StandardPage

    _get(client, "/")
    assert _get(client, "/")["X-Page-Cache"] == "hit"
    home = home_page()
    revision = home.save_revision()
    home.hero_heading = "Phiên chợ mùa xuân"
    revision = home.save_revision()
    revision.publish()
    response = _get(client, "/")
    assert response["X-Page-Cache"] == "miss"
    assert "Phiên chợ mùa xuân" in response.content.decode()
    page = add_page(home, StandardPage(title="Giới thiệu"))
    _get(client, page.url)
    assert _get(client, page.url)["X-Page-Cache"] == "hit"
    page.title = "Giới thiệu Chợ Phiên"
    page.save_revision().publish()
    assert "Giới thiệu Chợ Phiên" in _get(client, page.url).content.decode()


def test_a_signed_in_person_never_gets_the_cached_page(client, product):
    url = product.get_absolute_url()
    _get(client, url)
    _get(client, url)
    assert _get(client, url)["X-Page-Cache"] == "hit"
    user = User.objects.create_user(email="lan@example.com", password="x" * 12)
    client.force_login(user)
    for _ in range(2):
        response = _get(client, url)
        assert "X-Page-Cache" not in response
        assert b"Logout" in response.content or "Đăng xuất" in response.content.decode()


def test_a_basket_with_something_in_it_is_never_served_a_cached_page(client, product):
    url = reverse("catalogue:index")
    _get(client, url)
    client.post(reverse("basket:add", kwargs={"pk": product.pk}), {"quantity": 1})
    response = _get(client, url)
    assert "X-Page-Cache" not in response  # the basket's cookie: the page shows its count


def test_vietnamese_and_english_pages_do_not_mix(client, product):
    url = reverse("catalogue:index")
    vietnamese = _get(client, url)
    assert vietnamese["Content-Language"] == "vi"
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    english = _get(client, url)
    assert english["X-Page-Cache"] == "miss"
    assert english["Content-Language"] == "en"
    assert _get(client, url)["X-Page-Cache"] == "hit"
    client.post(reverse("set_language"), {"language": "vi", "next": "/"})
    again = _get(client, url)
    assert again["X-Page-Cache"] == "hit"
    assert again["Content-Language"] == "vi"
    assert 'lang="vi"' in again.content.decode()


def test_posts_and_private_areas_are_never_cached(client, product):
    for url in (reverse("basket:summary"), reverse("search:search") + "?q=che"):
        _get(client, url)
        assert "X-Page-Cache" not in _get(client, url)


def test_the_cache_can_be_switched_off(client, product, settings):
    settings.CHOPHIEN_PAGE_CACHE = False
    _get(client, "/")
    assert "X-Page-Cache" not in _get(client, "/")


def _settings_in_a_fresh_process(
    tmp_path, module: str, code: str, *, apps: bool = False, **env
) -> str:
    """What `code` prints in a new Python process under the settings `module`. The settings
    alone are read without loading the apps: `apps=True` runs django.setup() first, for code
    that needs them (the template engines), at a few seconds a process."""
    environment = {
        k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL"))
    }
    environment.update(
        DJANGO_SETTINGS_MODULE=module,
        DJANGO_SECRET_KEY="k" * 60,
        DJANGO_ALLOWED_HOSTS="chophien.example",
        WAGTAILADMIN_BASE_URL="https://chophien.example",
        STRIPE_SECRET_KEY="sk",
        STRIPE_PUBLISHABLE_KEY="pk",
        STRIPE_WEBHOOK_SECRET="wh",
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        **env,
    )
    result = subprocess.run(
        [sys.executable, "-c", ("import django; django.setup(); " if apps else "") + code],
        cwd=BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_production_compiles_templates_once_per_process(tmp_path):
    code = (
        "from django.template import engines; "
        "loader = engines['django'].engine.template_loaders[0]; "
        "print(type(loader).__module__, [type(l).__name__ for l in loader.loaders])"
    )
    out = _settings_in_a_fresh_process(tmp_path, "config.settings.production", code, apps=True)
    assert out == "django.template.loaders.cached ['Loader', 'Loader']"


def test_redis_is_the_cache_when_redis_url_is_set_else_local_memory(tmp_path):
    code = "from django.conf import settings; print(settings.CACHES['default']['BACKEND'])"
    for module in ("config.settings.production", "config.settings.dev"):
        plain = _settings_in_a_fresh_process(tmp_path, module, code)
        assert plain == "django.core.cache.backends.locmem.LocMemCache"
        redis = _settings_in_a_fresh_process(
            tmp_path, module, code, REDIS_URL="redis://127.0.0.1:6379/1"
        )
        assert redis == "config.cache.TolerantRedisCache"  # Django's RedisCache, outage-proof
    # The client library Django's RedisCache needs is installed (pinned in requirements).
    _settings_in_a_fresh_process(tmp_path, "config.settings.dev", "import redis")


def test_production_keeps_database_connections_between_requests(tmp_path):
    code = (
        "from django.conf import settings; d = settings.DATABASES['default']; "
        "print(d['CONN_MAX_AGE'], d['CONN_HEALTH_CHECKS'])"
    )
    assert _settings_in_a_fresh_process(tmp_path, "config.settings.production", code) == "600 True"


def test_a_page_served_from_the_cache_runs_its_script_with_the_visitors_own_nonce(client):
    """A nonce is good for one response: the cached copy of a page with an inline start-up
    script (Oscar's offers page) carries the nonce of the response it is served in."""
    from django.test import Client

    from tests.security.test_csp_nonce import assert_runs_under_the_csp

    url = reverse("offer:list")
    first = client.get(url)
    assert first["X-Page-Cache"] == "miss"
    assert_runs_under_the_csp(first)
    second = Client().get(url)
    assert second["X-Page-Cache"] == "hit"
    assert_runs_under_the_csp(second)
    assert second["Content-Security-Policy"] != first["Content-Security-Policy"]
