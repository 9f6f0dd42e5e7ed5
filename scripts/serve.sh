#!/usr/bin/env bash
# Serve the demo site with the local Stripe stand-in, the local SMS/Zalo stand-in and the local
# VNPay stand-in; Ctrl-C stops them all.
set -euo pipefail
PY=${PY:-.venv/bin/python}
PORT=${PORT:-8000}
STRIPE_PORT=${LOCALSTRIPE_PORT:-8420}
SMS_PORT=${SMS_STANDIN_PORT:-8425}
VNPAY_PORT=${VNPAY_STANDIN_PORT:-8430}
# Links in emails carry the address the site is served at (config/settings/base.py).
export WAGTAILADMIN_BASE_URL=${WAGTAILADMIN_BASE_URL:-http://127.0.0.1:$PORT}

# localstripe takes STRIPE_PORT, or the first free port of the next 20 when another program
# holds it, and writes the port it holds to port_file once it holds it: the site is pointed
# there, never at another program's port.
port_file=$(mktemp "${TMPDIR:-/tmp}/chophien-localstripe-port.XXXXXX")
: >"$port_file"
"$PY" -m marketplace.localstripe_server --port "$STRIPE_PORT" --search 20 \
  --port-file "$port_file" \
  --webhook-url "http://127.0.0.1:$PORT/shop/checkout/stripe/webhook/" \
  --webhook-secret "${STRIPE_WEBHOOK_SECRET:-whsec_localstripe}" &
stripe_pid=$!
# The SMS and Zalo stand-in (notifications.standin_server) the same way: order messages go
# there over HTTP, as they would to eSMS and Zalo, and /_messages shows them.
sms_port_file=$(mktemp "${TMPDIR:-/tmp}/chophien-sms-standin-port.XXXXXX")
: >"$sms_port_file"
"$PY" -m notifications.standin_server --port "$SMS_PORT" --search 20 \
  --port-file "$sms_port_file" &
sms_pid=$!
# The VNPay stand-in (marketplace.vnpay_standin) the same way: its payment page, the IPN it
# calls on this site, its refund API. The merchant code and secret are made up; it takes them.
vnpay_port_file=$(mktemp "${TMPDIR:-/tmp}/chophien-vnpay-standin-port.XXXXXX")
: >"$vnpay_port_file"
export VNPAY_TMN_CODE=${VNPAY_TMN_CODE:-CHOPHIEN}
export VNPAY_HASH_SECRET=${VNPAY_HASH_SECRET:-local-vnpay-secret}
"$PY" -m marketplace.vnpay_standin --port "$VNPAY_PORT" --search 20 \
  --port-file "$vnpay_port_file" --tmn-code "$VNPAY_TMN_CODE" \
  --hash-secret "$VNPAY_HASH_SECRET" \
  --ipn-url "http://127.0.0.1:$PORT/shop/checkout/vnpay/ipn/" &
vnpay_pid=$!
retry_pid=
trap 'kill "$stripe_pid" "$sms_pid" "$vnpay_pid" $retry_pid 2>/dev/null || true; rm -f "$port_file" "$sms_port_file" "$vnpay_port_file"' EXIT
trap 'exit 130' INT TERM

for _ in $(seq 300); do
  [ -s "$port_file" ] && break
  if ! kill -0 "$stripe_pid" 2>/dev/null; then
    echo >&2
    echo "  Stopped: the local card gateway (localstripe) could not start (see above)," >&2
    echo "  so card payments would not work. Free port $STRIPE_PORT or choose another:" >&2
    echo "    LOCALSTRIPE_PORT=8430 make run" >&2
    exit 1
  fi
  sleep 0.1
done
if [ ! -s "$port_file" ]; then
  echo "  Stopped: the local card gateway (localstripe) did not start within 30 seconds." >&2
  exit 1
fi
chosen=$(cat "$port_file")
stripe_note="(stand-in for card payments)"
if [ "$chosen" != "$STRIPE_PORT" ]; then
  stripe_note="(stand-in for card payments; port $STRIPE_PORT is taken by another program)"
fi
STRIPE_PORT=$chosen

for _ in $(seq 300); do
  [ -s "$sms_port_file" ] && break
  if ! kill -0 "$sms_pid" 2>/dev/null; then
    echo >&2
    echo "  Stopped: the local SMS/Zalo stand-in could not start (see above). Free port" >&2
    echo "  $SMS_PORT or choose another:  SMS_STANDIN_PORT=8440 make run" >&2
    exit 1
  fi
  sleep 0.1
done
if [ ! -s "$sms_port_file" ]; then
  echo "  Stopped: the local SMS/Zalo stand-in did not start within 30 seconds." >&2
  exit 1
fi
SMS_PORT=$(cat "$sms_port_file")
SMS_BASE="http://127.0.0.1:$SMS_PORT"
# Point the site's SMS and Zalo backends at it unless told otherwise (docs/notifications.md);
# the ZNS template ids are made up: the stand-in takes any.
export CHOPHIEN_SMS_BACKEND=${CHOPHIEN_SMS_BACKEND:-esms}
export CHOPHIEN_ZALO_BACKEND=${CHOPHIEN_ZALO_BACKEND:-zns}
export ESMS_API_URL=${ESMS_API_URL:-$SMS_BASE/MainService.svc/json/SendMultipleMessage_V4_post_json/}
export ESMS_API_KEY=${ESMS_API_KEY:-local-api-key}
export ESMS_SECRET_KEY=${ESMS_SECRET_KEY:-local-secret-key}
export ESMS_BRANDNAME=${ESMS_BRANDNAME:-CHOPHIEN}
export ZALO_ZNS_API_URL=${ZALO_ZNS_API_URL:-$SMS_BASE/message/template}
export ZALO_OA_ACCESS_TOKEN=${ZALO_OA_ACCESS_TOKEN:-local-oa-token}
export ZALO_ZNS_TEMPLATES=${ZALO_ZNS_TEMPLATES:-order_placed=100001,order_paid=100002,sign_in_code=100009}
for _ in $(seq 300); do
  [ -s "$vnpay_port_file" ] && break
  if ! kill -0 "$vnpay_pid" 2>/dev/null; then
    echo >&2
    echo "  Stopped: the local VNPay stand-in could not start (see above). Free port" >&2
    echo "  $VNPAY_PORT or choose another:  VNPAY_STANDIN_PORT=8450 make run" >&2
    exit 1
  fi
  sleep 0.1
done
if [ ! -s "$vnpay_port_file" ]; then
  echo "  Stopped: the local VNPay stand-in did not start within 30 seconds." >&2
  exit 1
fi
VNPAY_BASE="http://127.0.0.1:$(cat "$vnpay_port_file")"
export VNPAY_PAYMENT_URL=${VNPAY_PAYMENT_URL:-$VNPAY_BASE/paymentv2/vpcpay.html}
export VNPAY_API_URL=${VNPAY_API_URL:-$VNPAY_BASE/merchant_webapi/api/transaction}
# Tasks run at once here (no worker): messages whose gateway failed are tried again each
# minute, as cron does in production (docs/notifications.md).
# Its output goes nowhere: a `sleep` left running when the site stops must not hold the
# terminal's (or a caller's) output open for a minute.
(
  while sleep 60; do "$PY" manage.py send_due_messages || true; done
) >/dev/null 2>&1 &
retry_pid=$!

banner() {
cat <<MSG

  Chợ Phiên is running:
    Home page        http://127.0.0.1:$PORT/
    Shop             http://127.0.0.1:$PORT/shop/
    Catalogue        http://127.0.0.1:$PORT/shop/catalogue/
    CMS admin        http://127.0.0.1:$PORT/cms-admin/
    Shop dashboard   http://127.0.0.1:$PORT/dashboard/
    Local Stripe     http://127.0.0.1:$STRIPE_PORT/ $stripe_note
    SMS and Zalo     $SMS_BASE/_messages (stand-in: what buyers and producers received)
    VNPay            $VNPAY_BASE/_transactions (stand-in: payments, IPN calls, refunds)

  Demo logins (password: ${DEMO_PASSWORD:-chophien-demo}):
    buyer@example.com  producer@example.com  mentor@example.com
    staff@example.com  admin@example.com

  Press Ctrl-C to stop.

MSG
}
# The banner comes last, once the site answers: runserver's own start-up lines come first.
# None if the site stopped (or never answered) first.
(
  for _ in $(seq 240); do  # two minutes: runserver starts slowly on a small machine
    if "$PY" -c "import socket; socket.create_connection(('127.0.0.1', $PORT), 1).close()" 2>/dev/null; then
      banner
      exit 0
    fi
    kill -0 "$$" 2>/dev/null || exit 0
    sleep 0.5
  done
) &
STRIPE_API_BASE="http://127.0.0.1:$STRIPE_PORT" "$PY" manage.py runserver "127.0.0.1:$PORT"
