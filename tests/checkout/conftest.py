import socket
import subprocess
import sys
import time

import pytest
import requests
from django.urls import reverse

# The VNPay stand-in and the settings that point the site at it.
from tests.support.vnpay import vnpay, vnpay_settings, vnpay_standin_url  # noqa: F401


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def localstripe_url():
    """A real localstripe server (our stand-in for Stripe), in memory, for the whole run."""
    port = _free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "marketplace.localstripe_server", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    # Wait until it answers: on a busy machine (CI's two passes side by side) its first answer
    # can take longer than a second, which is a slow start, not a failed one.
    deadline = time.monotonic() + 60
    while True:
        try:
            requests.get(f"{url}/v1/customers", auth=("sk_test_localstripe", ""), timeout=5)
            break
        except (requests.ConnectionError, requests.Timeout):
            if time.monotonic() > deadline or process.poll() is not None:
                process.kill()
                pytest.fail("localstripe did not start")
            time.sleep(0.1)
    yield url
    process.terminate()
    process.wait(timeout=10)


@pytest.fixture
def stripe(localstripe_url, settings):
    """Payments go to localstripe; no webhook is delivered (tests post their own events)."""
    settings.STRIPE_API_BASE = localstripe_url
    return localstripe_url


@pytest.fixture
def stripe_with_webhooks(stripe, live_server, settings):
    """Payments go to localstripe, which signs and sends its webhooks to the live site."""
    webhook_url = live_server.url + reverse("checkout:stripe-webhook")
    response = requests.post(
        f"{stripe}/_config/webhooks/chophien",
        data={"url": webhook_url, "secret": settings.STRIPE_WEBHOOK_SECRET},
        auth=("sk_test_localstripe", ""),
        timeout=5,
    )
    response.raise_for_status()
    return live_server


def wait_for(condition, *, timeout: float = 15.0):
    """Poll until `condition()` is true (a webhook arrives about a second after a payment)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return False
