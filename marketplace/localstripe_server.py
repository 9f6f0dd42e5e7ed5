"""Run localstripe, the local Stripe stand-in, the way development and tests need it.

The stock `localstripe` command listens on every interface and pickles its state to a fixed
file in the system's temporary folder, reloading it at the next start. Here it listens on
127.0.0.1 only and keeps its state in memory, so each start is clean and nothing is shared
between projects or users of the machine.

    python -m marketplace.localstripe_server --port 8420 \\
        --webhook-url http://127.0.0.1:8000/shop/checkout/stripe/webhook/

With --webhook-url it signs and sends its payment events there (with --webhook-secret, the
site's STRIPE_WEBHOOK_SECRET), as a Stripe account's webhook endpoint would.

With --search N, when another program holds the port it takes the first free one of the next
N and says so; --port-file names a file it writes the port it holds to, once it holds it, so
that `make run` (scripts/serve.sh) points the site there and never at another program.
"""

import argparse
import logging
import sys
from pathlib import Path

from core.servers import PortTaken, listen, port_file_write


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8420)
    parser.add_argument("--search", type=int, default=0, metavar="N")
    parser.add_argument("--port-file", type=Path)
    parser.add_argument("--webhook-url", default="")
    parser.add_argument("--webhook-secret", default="whsec_localstripe")
    args = parser.parse_args()

    try:
        sock = listen(args.host, args.port, search=args.search)
    except PortTaken as error:
        sys.exit(f"The local card gateway (localstripe) cannot start: {error.strerror}.")
    port = sock.getsockname()[1]
    if port != args.port:
        print(
            f"Port {args.port} is in use by another program: the local card gateway "
            f"(localstripe) listens on port {port} instead.",
            file=sys.stderr,
        )

    # Imported once the port is held: loading aiohttp and localstripe takes a moment.
    from aiohttp import web
    from localstripe import resources, server
    from localstripe.webhooks import register_webhook

    if args.webhook_url:
        register_webhook("chophien", args.webhook_url, args.webhook_secret, None)
    resources.store.dump_to_disk = lambda: None  # state lives in memory only
    logging.basicConfig(level=logging.WARNING)
    if args.port_file:
        port_file_write(args.port_file, port)
    web.run_app(server.app, sock=sock, print=None)


if __name__ == "__main__":
    main()
