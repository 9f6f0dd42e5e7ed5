"""The local SMS/Zalo stand-in (notifications.standin_server), for the tests that check what
buyers and producers receive by phone: a real server, reached over HTTP by the real backends."""

import pytest
import requests

from notifications.standin_server import ESMS_PATH, ZNS_PATH
from tests.support.servers import local_server

# The ZNS ids of the templates a test OA "has": the others go by SMS.
ZNS_TEMPLATE_IDS = {"order_placed": "300001", "order_paid": "300002", "sign_in_code": "300009"}


@pytest.fixture(scope="session")
def phone_standin_url():
    with local_server(
        "notifications.standin_server", probe="/_messages", name="the SMS/Zalo stand-in"
    ) as url:
        yield url


def standin_configure(url: str, *, down=(), no_zalo=(), delay: float = 0) -> None:
    requests.post(
        f"{url}/_config",
        json={"down": list(down), "no_zalo": list(no_zalo), "delay": delay},
        timeout=5,
    ).raise_for_status()


def standin_messages(url: str, phone: str | None = None) -> list[dict]:
    params = {"phone": phone} if phone else {}
    response = requests.get(f"{url}/_messages", params=params, timeout=5)
    response.raise_for_status()
    return response.json()["messages"]


@pytest.fixture
def phone_gateways(phone_standin_url, settings):
    """Zalo and SMS go to the stand-in, as in production they go to Zalo and eSMS; it starts
    each test empty and working."""
    requests.delete(f"{phone_standin_url}/_messages", timeout=5).raise_for_status()
    standin_configure(phone_standin_url)
    settings.CHOPHIEN_NOTIFY_BACKENDS = {
        "zalo": "notifications.backends.ZnsBackend",
        "sms": "notifications.backends.EsmsBackend",
    }
    settings.ESMS_API_URL = phone_standin_url + ESMS_PATH
    settings.ESMS_API_KEY = "test-api-key"
    settings.ESMS_SECRET_KEY = "test-secret"
    settings.ESMS_BRANDNAME = "CHOPHIEN"
    settings.ZALO_ZNS_API_URL = phone_standin_url + ZNS_PATH
    settings.ZALO_OA_ACCESS_TOKEN = "test-oa-token"
    settings.ZALO_ZNS_TEMPLATES = dict(ZNS_TEMPLATE_IDS)
    settings.CHOPHIEN_NOTIFY_TIMEOUT = 2
    return phone_standin_url
