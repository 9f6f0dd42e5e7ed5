#!/usr/bin/env bash
# Serve the demo site and the local Stripe stand-in together; Ctrl-C stops both.
set -euo pipefail
PY=${PY:-.venv/bin/python}
PORT=${PORT:-8000}
STRIPE_PORT=${LOCALSTRIPE_PORT:-8420}

"$PY" -m marketplace.localstripe_server --port "$STRIPE_PORT" \
  --webhook-url "http://127.0.0.1:$PORT/shop/checkout/stripe/webhook/" \
  --webhook-secret "${STRIPE_WEBHOOK_SECRET:-whsec_localstripe}" &
stripe_pid=$!
trap 'kill "$stripe_pid" 2>/dev/null || true' EXIT INT TERM

banner() {
cat <<MSG

  Chợ Phiên is running:
    Home page        http://127.0.0.1:$PORT/
    Shop             http://127.0.0.1:$PORT/shop/
    Catalogue        http://127.0.0.1:$PORT/shop/catalogue/
    CMS admin        http://127.0.0.1:$PORT/cms-admin/
    Shop dashboard   http://127.0.0.1:$PORT/dashboard/
    Local Stripe     http://127.0.0.1:$STRIPE_PORT/ (stand-in for card payments)

  Demo logins (password: ${DEMO_PASSWORD:-chophien-demo}):
    buyer@example.com  producer@example.com  mentor@example.com
    staff@example.com  admin@example.com

  Press Ctrl-C to stop.

MSG
}
# The banner comes last, once the site answers: runserver's own start-up lines come first.
(
  for _ in $(seq 120); do
    "$PY" -c "import socket; socket.create_connection(('127.0.0.1', $PORT), 1).close()" 2>/dev/null && break
    sleep 0.5
  done
  banner
) &
STRIPE_API_BASE="http://127.0.0.1:$STRIPE_PORT" "$PY" manage.py runserver "127.0.0.1:$PORT"
