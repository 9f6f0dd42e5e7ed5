# The card payments of practice purchases go to the same running localstripe as the checkout
# tests (tests/checkout/conftest.py).
from tests.checkout.conftest import localstripe_url, stripe  # noqa: F401
