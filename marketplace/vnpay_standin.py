"""A local stand-in for VNPay's payment gateway (its sandbox), for tests and `make run`.

    python -m marketplace.vnpay_standin --port 8430 --tmn-code CHOPHIEN \\
        --hash-secret local-vnpay-secret --ipn-url http://127.0.0.1:8000/shop/checkout/vnpay/ipn/

It answers as VNPay's sandbox does, written from VNPay's public documentation and not from our
own gateway module (so that a mistake in one does not hide in both):
- GET /paymentv2/vpcpay.html?vnp_…&vnp_SecureHash=…  the payment page: it checks the signature
  (HMAC-SHA512 over the sorted, URL-encoded vnp_ parameters), the terminal code, the version,
  the command and the expiry, and shows the amount with two buttons, "Thanh toán" and "Hủy";
- POST to the same address (the buttons): the result, signed, is sent to the merchant's IPN
  URL server to server (GET, as VNPay does), then the browser is redirected (303) to
  vnp_ReturnUrl with the same signed parameters. Paid: vnp_ResponseCode 00; cancelled: 24;
- POST /merchant_webapi/api/transaction  vnp_Command "refund" (JSON, checksum over the fields
  joined by "|"): 00, or 91 unknown transaction, 02 more than was paid, 97 bad checksum,
  94 a request id seen before; answered with its own checksum.
And, for whoever tests the site:
- GET /_transactions → {"transactions": [...], "ipn_calls": [...], "refunds": [...]};
- POST /_config {"ipn_url": "...", "mode": "normal" | "no_ipn" | "bad_amount" | "bad_signature",
  "response_code": "00"} → how the next payments behave: "no_ipn" never calls the IPN (a
  gateway that times out, or a buyer who closes the tab after paying), "bad_amount" reports
  100 ₫ more than was asked, "bad_signature" signs the IPN with another secret; a
  response_code other than 00 makes "Thanh toán" fail with it (51: not enough money);
- POST /_ipn/<vnp_TxnRef> → sends that transaction's IPN again (VNPay retries; a replay).

It listens on 127.0.0.1 only. --search and --port-file work as for the SMS stand-in.
"""

import datetime
import hashlib
import hmac
import html
import itertools
import json
import os
import threading
import urllib.error
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, urlencode, urlsplit

from core.servers import http_server_on, standin_parser, standin_serve

PAY_PATH = "/paymentv2/vpcpay.html"
API_PATH = "/merchant_webapi/api/transaction"
GMT7 = datetime.timezone(datetime.timedelta(hours=7))

REFUND_FIELDS = (
    "vnp_RequestId vnp_Version vnp_Command vnp_TmnCode vnp_TransactionType vnp_TxnRef "
    "vnp_Amount vnp_TransactionNo vnp_TransactionDate vnp_CreateBy vnp_CreateDate vnp_IpAddr "
    "vnp_OrderInfo"
).split()
REFUND_ANSWER_FIELDS = (
    "vnp_ResponseId vnp_Command vnp_ResponseCode vnp_Message vnp_TmnCode vnp_TxnRef vnp_Amount "
    "vnp_BankCode vnp_PayDate vnp_TransactionNo vnp_TransactionType vnp_TransactionStatus "
    "vnp_OrderInfo"
).split()


def _hmac(secret: str, data: str) -> str:
    return hmac.new(secret.encode("utf-8"), data.encode("utf-8"), hashlib.sha512).hexdigest()


def sign(params: dict, secret: str) -> str:
    data = "&".join(
        f"{urlencode({key: value})}"
        for key, value in sorted(params.items())
        if key.startswith("vnp_") and key not in ("vnp_SecureHash", "vnp_SecureHashType") and value
    )
    return _hmac(secret, data)


def _now() -> str:
    return datetime.datetime.now(tz=GMT7).strftime("%Y%m%d%H%M%S")


class State:
    def __init__(self, *, tmn_code: str, hash_secret: str, ipn_url: str):
        self.lock = threading.Lock()
        self.tmn_code = tmn_code
        self.hash_secret = hash_secret
        self.ipn_url = ipn_url
        self.mode = "normal"
        self.response_code = "00"
        self.numbers = itertools.count(14000001)
        self.transactions: dict[str, dict] = {}  # by vnp_TxnRef
        self.ipn_calls: list[dict] = []
        self.refunds: list[dict] = []
        self.request_ids: set[str] = set()


class Handler(BaseHTTPRequestHandler):
    server_version = "chophien-vnpay-standin"
    state: State

    def log_message(self, format, *args):  # noqa: A002  quiet unless asked
        if os.environ.get("STANDIN_VERBOSE"):
            super().log_message(format, *args)

    # Answers

    def _send(self, status: int, body: bytes, content_type: str, headers=()) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in headers:
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def _json(self, status: int, body: dict) -> None:
        self._send(status, json.dumps(body, ensure_ascii=False).encode(), "application/json")

    def _page(self, status: int, title: str, body: str) -> None:
        page = (
            '<!doctype html><html lang="vi"><head><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{html.escape(title)}</title>"
            "<style>body{font-family:sans-serif;max-width:28rem;margin:1rem auto;padding:0 1rem}"
            "button{display:block;width:100%;padding:.8rem;margin:.5rem 0;font-size:1rem}"
            ".amount{font-size:1.6rem;font-weight:bold}</style></head>"
            f"<body><h1>{html.escape(title)}</h1>{body}</body></html>"
        )
        self._send(status, page.encode("utf-8"), "text/html; charset=utf-8")

    def _body(self) -> bytes:
        return self.rfile.read(int(self.headers.get("Content-Length") or 0))

    # Routes

    def do_GET(self):  # noqa: N802
        path, _, query = self.path.partition("?")
        if path == PAY_PATH:
            return self._payment_page(dict(parse_qsl(query, keep_blank_values=True)))
        if path == "/favicon.ico":
            return self._send(204, b"", "image/x-icon")
        if path == "/_transactions":
            with self.state.lock:
                body = {
                    "transactions": list(self.state.transactions.values()),
                    "ipn_calls": list(self.state.ipn_calls),
                    "refunds": list(self.state.refunds),
                }
            return self._json(200, body)
        self._json(404, {"error": "not found"})

    def do_POST(self):  # noqa: N802
        path, _, query = self.path.partition("?")
        body = self._body()
        if path == PAY_PATH:
            params = dict(parse_qsl(query, keep_blank_values=True))
            action = dict(parse_qsl(body.decode("utf-8", "replace"))).get("action", "")
            return self._pay(params, action)
        if path == API_PATH:
            return self._api(body)
        if path == "/_config":
            config = json.loads(body or b"{}")
            with self.state.lock:
                self.state.ipn_url = config.get("ipn_url", self.state.ipn_url)
                self.state.mode = config.get("mode", "normal")
                self.state.response_code = config.get("response_code", "00")
            return self._json(200, {"ok": True})
        if path.startswith("/_ipn/"):
            with self.state.lock:
                txn = self.state.transactions.get(path.removeprefix("/_ipn/"))
            if txn is None:
                return self._json(404, {"error": "no such transaction"})
            return self._json(200, self._ipn_send(txn["result"]))
        self._json(404, {"error": "not found"})

    # The payment page

    def _check(self, params: dict) -> str | None:
        """Why VNPay would refuse this payment URL, or None."""
        if not params.get("vnp_SecureHash") or not hmac.compare_digest(
            params["vnp_SecureHash"].lower(), sign(params, self.state.hash_secret)
        ):
            return "Sai chữ ký (invalid signature)"
        if params.get("vnp_TmnCode") != self.state.tmn_code:
            return "Website này chưa được phê duyệt (unknown vnp_TmnCode)"
        if params.get("vnp_Version") != "2.1.0" or params.get("vnp_Command") != "pay":
            return "Sai phiên bản hoặc lệnh (vnp_Version / vnp_Command)"
        if params.get("vnp_CurrCode") != "VND" or not params.get("vnp_Amount", "").isdigit():
            return "Số tiền không hợp lệ (vnp_Amount / vnp_CurrCode)"
        if int(params["vnp_Amount"]) % 100 or not params.get("vnp_TxnRef"):
            return "Dữ liệu không hợp lệ (vnp_Amount / vnp_TxnRef)"
        if params.get("vnp_ExpireDate", "99999999999999") < _now():
            return "Giao dịch đã quá thời gian chờ thanh toán (expired)"
        if not params.get("vnp_ReturnUrl", "").startswith(("http://", "https://")):
            return "Thiếu địa chỉ trả về (vnp_ReturnUrl)"
        with self.state.lock:
            done = self.state.transactions.get(params["vnp_TxnRef"])
        if done is not None:
            return "Giao dịch đã tồn tại (vnp_TxnRef used before)"
        return None

    def _payment_page(self, params: dict) -> None:
        if reason := self._check(params):
            return self._page(400, "VNPAY: lỗi", f"<p>{html.escape(reason)}</p>")
        amount = int(params["vnp_Amount"]) // 100
        shown = f"{amount:,}".replace(",", ".") + "\u00a0₫"
        self._page(
            200,
            "Cổng thanh toán VNPAY (giả lập)",
            f"<p>{html.escape(params.get('vnp_OrderInfo', ''))}</p>"
            f'<p>Số tiền: <span class="amount" id="amount">{shown}</span></p>'
            '<form method="post"><input type="hidden" name="action" value="pay">'
            '<button type="submit">Thanh toán</button></form>'
            '<form method="post"><input type="hidden" name="action" value="cancel">'
            '<button type="submit">Hủy</button></form>',
        )

    def _pay(self, params: dict, action: str) -> None:
        if reason := self._check(params):
            return self._page(400, "VNPAY: lỗi", f"<p>{html.escape(reason)}</p>")
        with self.state.lock:
            mode, code = self.state.mode, self.state.response_code
            number = next(self.state.numbers)
        if action == "cancel":
            code = "24"
        paid = code == "00"
        amount = int(params["vnp_Amount"]) + (10000 if mode == "bad_amount" else 0)
        result = {
            "vnp_Amount": str(amount),
            "vnp_BankCode": "NCB",
            "vnp_CardType": "ATM",
            "vnp_OrderInfo": params.get("vnp_OrderInfo", ""),
            "vnp_PayDate": _now(),
            "vnp_ResponseCode": code,
            "vnp_TmnCode": self.state.tmn_code,
            "vnp_TransactionNo": str(number) if paid else "0",
            "vnp_TransactionStatus": "00" if paid else "02",
            "vnp_TxnRef": params["vnp_TxnRef"],
        }
        if paid:
            result["vnp_BankTranNo"] = f"VNP{number}"
        result["vnp_SecureHash"] = sign(result, self.state.hash_secret)
        with self.state.lock:
            self.state.transactions[params["vnp_TxnRef"]] = {
                "txn_ref": params["vnp_TxnRef"],
                "transaction_no": result["vnp_TransactionNo"],
                "amount": int(params["vnp_Amount"]) // 100,
                "paid": paid,
                "refunded": 0,
                "result": result,
            }
        if mode != "no_ipn":
            ipn = dict(result)
            if mode == "bad_signature":
                ipn["vnp_SecureHash"] = sign(ipn, "not-the-merchant-secret")
            self._ipn_send(ipn)
        target = params["vnp_ReturnUrl"]
        separator = "&" if urlsplit(target).query else "?"
        self._send(
            303, b"", "text/plain", [("Location", f"{target}{separator}{urlencode(result)}")]
        )

    def _ipn_send(self, params: dict) -> dict:
        url = self.state.ipn_url
        call = {"txn_ref": params.get("vnp_TxnRef"), "url": url}
        if not url:
            call["error"] = "no IPN URL configured"
        else:
            try:
                with urllib.request.urlopen(f"{url}?{urlencode(params)}", timeout=30) as answer:
                    call.update(status=answer.status, answer=json.loads(answer.read() or b"{}"))
            except (urllib.error.URLError, OSError, ValueError) as error:
                call["error"] = str(error)
        with self.state.lock:
            self.state.ipn_calls.append(call)
        return call

    # The merchant API (refund)

    def _api(self, raw: bytes) -> None:
        try:
            request = json.loads(raw or b"{}")
        except ValueError:
            request = None
        if not isinstance(request, dict) or request.get("vnp_Command") != "refund":
            return self._json(200, {"vnp_ResponseCode": "03", "vnp_Message": "Invalid data"})
        request = {key: str(value) for key, value in request.items()}
        expected = _hmac(
            self.state.hash_secret, "|".join(request.get(f, "") for f in REFUND_FIELDS)
        )
        with self.state.lock:
            txn = self.state.transactions.get(request.get("vnp_TxnRef", ""))
            if not hmac.compare_digest(request.get("vnp_SecureHash", "").lower(), expected):
                code, message = "97", "Invalid checksum"
            elif request.get("vnp_TmnCode") != self.state.tmn_code:
                code, message = "02", "Invalid TmnCode"
            elif request.get("vnp_RequestId", "") in self.state.request_ids:
                code, message = "94", "Duplicate request"
            elif (
                txn is None
                or not txn["paid"]
                or (request.get("vnp_TransactionNo") not in ("", "0", txn["transaction_no"]))
            ):
                code, message = "91", "Transaction not found"
            elif not request.get("vnp_Amount", "").isdigit() or (
                txn["refunded"] + int(request["vnp_Amount"]) // 100 > txn["amount"]
            ):
                code, message = "02", "Refund amount exceeds the amount paid"
            else:
                code, message = "00", "Refund success"
                txn["refunded"] += int(request["vnp_Amount"]) // 100
            self.state.request_ids.add(request.get("vnp_RequestId", ""))
            number = str(next(self.state.numbers))
            if code == "00":
                self.state.refunds.append(
                    {
                        "txn_ref": request["vnp_TxnRef"],
                        "amount": int(request["vnp_Amount"]) // 100,
                        "type": request.get("vnp_TransactionType"),
                        "transaction_no": number,
                        "request_id": request.get("vnp_RequestId"),
                    }
                )
        answer = {
            "vnp_ResponseId": number,
            "vnp_Command": "refund",
            "vnp_ResponseCode": code,
            "vnp_Message": message,
            "vnp_TmnCode": self.state.tmn_code,
            "vnp_TxnRef": request.get("vnp_TxnRef", ""),
            "vnp_Amount": request.get("vnp_Amount", ""),
            "vnp_BankCode": "NCB",
            "vnp_PayDate": _now(),
            "vnp_TransactionNo": number if code == "00" else "",
            "vnp_TransactionType": request.get("vnp_TransactionType", ""),
            "vnp_TransactionStatus": "05" if code == "00" else "",
            "vnp_OrderInfo": request.get("vnp_OrderInfo", ""),
        }
        answer["vnp_SecureHash"] = _hmac(
            self.state.hash_secret, "|".join(answer[f] for f in REFUND_ANSWER_FIELDS)
        )
        self._json(200, answer)


def server_make(sock, *, tmn_code: str, hash_secret: str, ipn_url: str) -> ThreadingHTTPServer:
    state = State(tmn_code=tmn_code, hash_secret=hash_secret, ipn_url=ipn_url)
    handler = type("BoundHandler", (Handler,), {"state": state})
    return http_server_on(sock, handler)


def main() -> None:
    parser = standin_parser(__doc__.splitlines()[0], port=8430)
    parser.add_argument("--tmn-code", default="CHOPHIEN")
    parser.add_argument("--hash-secret", default="local-vnpay-secret")
    parser.add_argument("--ipn-url", default="")
    args = parser.parse_args()
    standin_serve(
        "VNPay stand-in",
        args,
        lambda sock: server_make(
            sock, tmn_code=args.tmn_code, hash_secret=args.hash_secret, ipn_url=args.ipn_url
        ),
    )


if __name__ == "__main__":
    main()
