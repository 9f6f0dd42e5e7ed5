import threading
import time

import pytest
import requests
from django.core import signals
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


class _RequestsInOtherThreads:
    """Requests the live server is handling now (its threads, not the test's own client)."""

    def __init__(self):
        self._lock = threading.Lock()
        self._threads: set[int] = set()

    def started(self, **kwargs):
        if threading.get_ident() != threading.main_thread().ident:
            with self._lock:
                self._threads.add(threading.get_ident())

    def finished(self, **kwargs):
        with self._lock:
            self._threads.discard(threading.get_ident())

    def busy(self) -> bool:
        with self._lock:
            return bool(self._threads)


@pytest.fixture
def stripe_with_webhooks(stripe, live_server, settings):
    """Payments go to localstripe, which signs and sends its webhooks to the live site.

    localstripe sends each event a second after it happens, from its own loop, so a test can
    end with webhooks still on their way. One landing while the database is flushed for the
    next test made the flush fail and the next test find three orders (CI, stop 31). So at the
    end the webhooks are pointed away from the site, the ones already asleep are let wake
    (and go nowhere), and those the site is handling are let finish.
    """
    in_flight = _RequestsInOtherThreads()
    signals.request_started.connect(in_flight.started, weak=False)
    signals.request_finished.connect(in_flight.finished, weak=False)
    _point_webhooks_at(stripe, live_server.url + reverse("checkout:stripe-webhook"), settings)
    yield live_server
    _point_webhooks_at(stripe, f"{stripe}/_nowhere", settings)
    time.sleep(_LOCALSTRIPE_WEBHOOK_DELAY + 0.2)
    assert wait_for(lambda: not in_flight.busy(), timeout=30), "a webhook is still being handled"
    signals.request_started.disconnect(in_flight.started)
    signals.request_finished.disconnect(in_flight.finished)


# localstripe's webhooks.py: `await asyncio.sleep(1)` before each delivery.
_LOCALSTRIPE_WEBHOOK_DELAY = 1.0


def _point_webhooks_at(stripe, url, settings):
    response = requests.post(
        f"{stripe}/_config/webhooks/chophien",
        data={"url": url, "secret": settings.STRIPE_WEBHOOK_SECRET},
        auth=("sk_test_localstripe", ""),
        timeout=5,
    )
    response.raise_for_status()


def wait_for(condition, *, timeout: float = 15.0):
    """Poll until `condition()` is true (a webhook arrives about a second after a payment)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return False
