"""Production settings pass Django's deployment checklist and pages call no outside host."""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.factories.marketplace import make_product

BASE_DIR = Path(__file__).resolve().parent.parent
EXAMPLE_ENV = BASE_DIR / ".env.example"


def _example_environment() -> dict[str, str]:
    """The variables of .env.example with their example values, as an operator would set them."""
    values = {}
    for line in EXAMPLE_ENV.read_text().splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            name, _, value = line.partition("=")
            values[name] = value
    return values


def test_production_settings_pass_the_deploy_check(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL"))}
    env.update(_example_environment())
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.production",
        DJANGO_SECRET_KEY="a-long-random-production-secret-" + "x7Qp2Lm9" * 6,
        DATABASE_URL=f"sqlite:///{tmp_path / 'prod.sqlite3'}",
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_settings_refuse_to_start_without_a_secret_key(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.production",
        DJANGO_ALLOWED_HOSTS="chophien.example",
        DATABASE_URL=f"sqlite:///{tmp_path / 'prod.sqlite3'}",
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


EXTERNAL_ASSET = re.compile(r'<(?:script|link|img)[^>]+(?:src|href)="(?:https?:)?//', re.IGNORECASE)
# Links that name a page rather than load anything: their address is absolute on purpose.
PAGE_LINK = re.compile(r'<link rel="(?:canonical|alternate)"[^>]*>', re.IGNORECASE)


def _external_assets(html: str) -> list[str]:
    """What the page would load from another host (a canonical or alternate link loads
    nothing, and names this site's own address)."""
    assert all("//testserver/" in link for link in PAGE_LINK.findall(html)), "another host"
    return EXTERNAL_ASSET.findall(PAGE_LINK.sub("", html))


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/", "/shop/", "/shop/catalogue/", "/shop/basket/", "product"])
def test_storefront_pages_load_nothing_from_another_host(client, url):
    product = make_product()
    url = product.get_absolute_url() if url == "product" else url
    html = client.get(url).content.decode()
    assert not _external_assets(html)
    assert "googleapis" not in html


@pytest.mark.django_db
def test_admin_pages_load_nothing_from_another_host(admin_client):
    for url in ("/cms-admin/", "/dashboard/"):
        html = admin_client.get(url).content.decode()
        assert not _external_assets(html), url


def test_wagtail_does_not_check_for_updates(settings):
    assert settings.WAGTAIL_ENABLE_UPDATE_CHECK is False


def test_every_cookie_is_secure_in_production(tmp_path):
    """Each *_COOKIE_SECURE setting (Django's, Oscar's basket and history, the language) is on
    under production settings: oscar_history used to travel over plain HTTP."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL"))}
    env.update(_example_environment())
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.production",
        DJANGO_SECRET_KEY="a-long-random-production-secret-" + "x7Qp2Lm9" * 6,
        DATABASE_URL=f"sqlite:///{tmp_path / 'prod.sqlite3'}",
    )
    script = (
        # The settings alone, without loading the apps (django.setup() costs seconds).
        "import json; from django.conf import settings; "
        "print(json.dumps({n: getattr(settings, n) for n in dir(settings) "
        "if n.endswith('COOKIE_SECURE')}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=BASE_DIR, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    secure = json.loads(result.stdout.strip().splitlines()[-1])
    assert "OSCAR_RECENTLY_VIEWED_COOKIE_SECURE" in secure
    assert {name for name, on in secure.items() if on is not True} == set()
