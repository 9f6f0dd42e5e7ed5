import time

import pytest
import requests
from django.urls import reverse

from tests.support.servers import local_server

# The VNPay stand-in and the settings that point the site at it.
from tests.support.vnpay import vnpay, vnpay_settings, vnpay_standin_url  # noqa: F401


@pytest.fixture(scope="session")
def localstripe_url():
    """A real localstripe server (our stand-in for Stripe), in memory, for the whole run."""
    with local_server(
        "marketplace.localstripe_server",
        probe="/v1/customers",
        name="localstripe",
        auth=("sk_test_localstripe", ""),
    ) as url:
        yield url


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
