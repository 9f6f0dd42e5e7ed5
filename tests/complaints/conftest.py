# localstripe, as the checkout tests use it (a card refund goes back through a real intent).
from tests.checkout.conftest import localstripe_url, stripe  # noqa: F401
