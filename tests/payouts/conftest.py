# The localstripe server and the `stripe` settings fixture of the checkout tests: refunds of a
# card payment go back through a real PaymentIntent on it.
from tests.checkout.conftest import localstripe_url, stripe  # noqa: F401
