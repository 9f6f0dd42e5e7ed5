"""The local VNPay stand-in (marketplace.vnpay_standin), a real server the site and the tests
talk to over HTTP: the buyer's payment page, the IPN it sends to the live site, the refund API."""

import socket
import subprocess
import sys
import time

import pytest
import requests
from django.urls import reverse

TMN_CODE = "TESTVNPY"
HASH_SECRET = "test-vnpay-hash-secret"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def vnpay_standin_url():
    port = _free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "marketplace.vnpay_standin", "--port", str(port),
         "--tmn-code", TMN_CODE, "--hash-secret", HASH_SECRET],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            requests.get(f"{url}/_transactions", timeout=5)
            break
        except (requests.ConnectionError, requests.Timeout):
            if time.monotonic() > deadline or process.poll() is not None:
                process.kill()
                pytest.fail("the VNPay stand-in did not start")
            time.sleep(0.1)
    yield url
    process.terminate()
    process.wait(timeout=10)


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
