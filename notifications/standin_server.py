"""A local stand-in for the SMS gateway (eSMS.vn) and Zalo's ZNS API, for tests and `make run`.

    python -m notifications.standin_server --port 8425

It answers the two calls the site makes, in their shapes, and keeps what it received in memory:
- POST /MainService.svc/json/SendMultipleMessage_V4_post_json/  (eSMS: ApiKey, SecretKey,
  Phone, Content, Brandname, SmsType) → {"CodeResult": "100", "SMSID": ...}; 101 without
  credentials, 104 without a brand name, 146 with marks in the text of a brand-name SMS;
- POST /message/template  (ZNS: header access_token; phone "84…", template_id,
  template_data) → {"error": 0, "data": {"msg_id": ...}}; -124 without a token, -118 for
  a number said to have no Zalo account.
And, for whoever tests the site:
- GET /_messages[?phone=0912345678|84912345678] → {"messages": [...]}, oldest first;
- DELETE /_messages → forgets them;
- POST /_config {"down": ["sms", "zalo"], "no_zalo": ["84912345678"], "delay": 0} → the
  named gateways answer 503, the numbers have no Zalo, every answer waits `delay` seconds.

It listens on 127.0.0.1 only. With --search N it takes the first free port of the next N when
another program holds --port, and --port-file names a file it writes the port it holds to.
"""

import itertools
import json
import os
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from core.servers import http_server_on, standin_parser, standin_serve

ESMS_PATH = "/MainService.svc/json/SendMultipleMessage_V4_post_json/"
ZNS_PATH = "/message/template"


class State:
    def __init__(self):
        self.lock = threading.Lock()
        self.messages: list[dict] = []
        self.down: set[str] = set()
        self.no_zalo: set[str] = set()
        self.delay = 0.0
        self.ids = itertools.count(1)
        # Bumped by DELETE /_messages: a slow request that arrived before it is not recorded
        # after it (its caller gave up long ago; the next test must not see it).
        self.generation = 0


def _digits(phone: str) -> str:
    """0912345678, +84912345678 and 84912345678 all as 84912345678."""
    digits = "".join(c for c in str(phone) if c.isdigit())
    return "84" + digits[1:] if digits.startswith("0") else digits


class Handler(BaseHTTPRequestHandler):
    server_version = "chophien-standin"
    state: State

    def log_message(self, format, *args):  # noqa: A002  quiet unless asked
        if os.environ.get("STANDIN_VERBOSE"):
            super().log_message(format, *args)

    def _answer(self, status: int, body: dict) -> None:
        data = json.dumps(body, ensure_ascii=False).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _json(self) -> dict:
        length = int(self.headers.get("Content-Length") or 0)
        try:
            body = json.loads(self.rfile.read(length) or b"{}")
        except ValueError:
            return {}
        return body if isinstance(body, dict) else {}

    def do_GET(self):  # noqa: N802
        path, _, query = self.path.partition("?")
        if path != "/_messages":
            return self._answer(404, {"error": "not found"})
        phone = dict(p.partition("=")[::2] for p in query.split("&") if p).get("phone")
        with self.state.lock:
            messages = [m for m in self.state.messages if not phone or m["phone"] == _digits(phone)]
        self._answer(200, {"messages": messages})

    def do_DELETE(self):  # noqa: N802
        if self.path != "/_messages":
            return self._answer(404, {"error": "not found"})
        with self.state.lock:
            self.state.messages.clear()
            self.state.generation += 1
        self._answer(200, {"deleted": True})

    def do_POST(self):  # noqa: N802
        body = self._json()
        if self.path == "/_config":
            with self.state.lock:
                self.state.down = set(body.get("down", []))
                self.state.no_zalo = {_digits(p) for p in body.get("no_zalo", [])}
                self.state.delay = float(body.get("delay", 0))
            return self._answer(200, {"ok": True})
        self.generation = self.state.generation
        time.sleep(self.state.delay)
        if self.path.rstrip("/") == ESMS_PATH.rstrip("/"):
            return self._sms(body)
        if self.path == ZNS_PATH:
            return self._zns(body)
        self._answer(404, {"error": "not found"})

    def _record(self, **message) -> int:
        with self.state.lock:
            number = next(self.state.ids)
            if self.generation == self.state.generation:
                self.state.messages.append({"id": number, "at": time.time(), **message})
        return number

    def _sms(self, body: dict) -> None:
        if "sms" in self.state.down:
            return self._answer(503, {"error": "Service Unavailable"})
        if not body.get("ApiKey") or not body.get("SecretKey"):
            return self._answer(200, {"CodeResult": "101", "ErrorMessage": "Authorize Failed"})
        if not body.get("Brandname"):
            return self._answer(
                200, {"CodeResult": "104", "ErrorMessage": "Brand name code is not exist"}
            )
        content = str(body.get("Content", ""))
        if str(body.get("IsUnicode", "0")) != "1" and not content.isascii():
            # A brand-name template is registered without marks; the carrier refuses others.
            return self._answer(
                200, {"CodeResult": "146", "ErrorMessage": "Sai template Brandname CSKH"}
            )
        number = self._record(
            channel="sms",
            phone=_digits(body.get("Phone", "")),
            content=content,
            brandname=body.get("Brandname"),
            sms_type=str(body.get("SmsType", "")),
            request_id=body.get("RequestId", ""),
        )
        self._answer(200, {"CodeResult": "100", "CountRegenerate": 0, "SMSID": f"sms-{number}"})

    def _zns(self, body: dict) -> None:
        if "zalo" in self.state.down:
            return self._answer(503, {"error": "Service Unavailable"})
        if not self.headers.get("access_token"):
            return self._answer(200, {"error": -124, "message": "Access token is invalid"})
        phone = _digits(body.get("phone", ""))
        if phone in self.state.no_zalo:
            return self._answer(200, {"error": -118, "message": "Zalo account not existed"})
        if not body.get("template_id") or not isinstance(body.get("template_data"), dict):
            return self._answer(200, {"error": -1131, "message": "Template data is invalid"})
        number = self._record(
            channel="zalo",
            phone=phone,
            template_id=str(body["template_id"]),
            template_data=body["template_data"],
            tracking_id=body.get("tracking_id", ""),
        )
        self._answer(200, {"error": 0, "message": "Success", "data": {"msg_id": f"zns-{number}"}})


def server_make(sock: socket.socket) -> ThreadingHTTPServer:
    handler = type("BoundHandler", (Handler,), {"state": State()})
    return http_server_on(sock, handler)


def main() -> None:
    args = standin_parser(__doc__.splitlines()[0], port=8425).parse_args()
    standin_serve("SMS/Zalo stand-in", args, server_make)


if __name__ == "__main__":
    main()
