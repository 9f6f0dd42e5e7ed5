# The localstripe server and the `stripe` settings fixture of the checkout tests (refunds of a
# card payment go back through a real PaymentIntent on it), and the VNPay stand-in.
from tests.checkout.conftest import localstripe_url, stripe  # noqa: F401
from tests.support.vnpay import vnpay_settings, vnpay_standin_url  # noqa: F401
