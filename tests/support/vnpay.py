"""The local VNPay stand-in (marketplace.vnpay_standin), a real server the site and the tests
talk to over HTTP: the buyer's payment page, the IPN it sends to the live site, the refund API."""

import pytest
import requests
from django.urls import reverse

from tests.support.servers import local_server

TMN_CODE = "TESTVNPY"
HASH_SECRET = "test-vnpay-hash-secret"


@pytest.fixture(scope="session")
def vnpay_standin_url():
    with local_server(
        "marketplace.vnpay_standin",
        *("--tmn-code", TMN_CODE, "--hash-secret", HASH_SECRET),
        probe="/_transactions",
        name="the VNPay stand-in",
    ) as url:
        yield url


def vnpay_configure(url: str, *, ipn_url: str | None = None, mode="normal", response_code="00"):
    body = {"mode": mode, "response_code": response_code}
    if ipn_url is not None:
        body["ipn_url"] = ipn_url
    requests.post(f"{url}/_config", json=body, timeout=5).raise_for_status()


def vnpay_record(url: str) -> dict:
    response = requests.get(f"{url}/_transactions", timeout=5)
    response.raise_for_status()
    return response.json()


@pytest.fixture
def vnpay_settings(vnpay_standin_url, settings):
    """The site's VNPay settings point at the stand-in (no IPN is delivered: for tests that
    call the site's IPN themselves)."""
    settings.VNPAY_TMN_CODE = TMN_CODE
    settings.VNPAY_HASH_SECRET = HASH_SECRET
    settings.VNPAY_PAYMENT_URL = vnpay_standin_url + "/paymentv2/vpcpay.html"
    settings.VNPAY_API_URL = vnpay_standin_url + "/merchant_webapi/api/transaction"
    vnpay_configure(vnpay_standin_url, ipn_url="")
    return vnpay_standin_url


@pytest.fixture
def vnpay(vnpay_settings, live_server):
    """Payments go to the stand-in, which calls the live site's IPN as VNPay would."""
    vnpay_configure(vnpay_settings, ipn_url=live_server.url + reverse("checkout:vnpay-ipn"))
    return vnpay_settings
