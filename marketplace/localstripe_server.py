"""Run localstripe, the local Stripe stand-in, the way development and tests need it.

The stock `localstripe` command listens on every interface and pickles its state to a fixed
file in the system's temporary folder, reloading it at the next start. Here it listens on
127.0.0.1 only and keeps its state in memory, so each start is clean and nothing is shared
between projects or users of the machine.

    python -m marketplace.localstripe_server --port 8420 \
        --webhook-url http://127.0.0.1:8000/shop/checkout/stripe/webhook/

With --webhook-url it signs and sends its payment events there (with --webhook-secret, the
site's STRIPE_WEBHOOK_SECRET), as a Stripe account's webhook endpoint would.
"""

import argparse
import logging

from aiohttp import web
from localstripe import resources, server
from localstripe.webhooks import register_webhook


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8420)
    parser.add_argument("--webhook-url", default="")
    parser.add_argument("--webhook-secret", default="whsec_localstripe")
    args = parser.parse_args()

    if args.webhook_url:
        register_webhook("chophien", args.webhook_url, args.webhook_secret, None)
    resources.store.dump_to_disk = lambda: None  # state lives in memory only
    logging.basicConfig(level=logging.WARNING)
    web.run_app(server.app, host=args.host, port=args.port, print=None)


if __name__ == "__main__":
    main()
