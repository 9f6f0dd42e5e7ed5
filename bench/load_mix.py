"""A bounded loopback load: concurrent clients mixing reads and writes, counting every 500.

Each client is one browser-like visitor (its own cookies, a phone's User-Agent) that picks,
again and again until the time is up, one of:

- read: the home page, the shop, the catalogue, a product page, the producer directory;
- basket_add: "add to basket" on a product (a write: basket and line);
- form_post: the "I want to sell here" form, filled in (a write: the submission);
- failed_sign_in: a wrong password for the demo buyer or an unknown phone number (a write:
  django-axes records every failure);
- trace: a lot's public trace page, as a phone scanning its QR label (counts a scan).

    python bench/load_mix.py                      # 20 clients, 60 s, http://127.0.0.1:8000
    python bench/load_mix.py http://127.0.0.1:8101 --clients 20 --seconds 60 \
        --trace-url /t/<code>/

It prints the requests per kind and status, p50/p95 latency per kind and overall, and exits
1 if any request answered 5xx or got no answer at all, else 0. Only loopback (or a host named
with --allow-remote) is accepted: this is a load on your own server. See bench/README.md;
tests/test_sqlite_concurrency.py runs the same mix against `make run`'s server.
"""

import argparse
import dataclasses
import random
import re
import statistics
import sys
import threading
import time
from collections import Counter, defaultdict
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import requests

KINDS = ("read", "basket_add", "form_post", "failed_sign_in", "trace")
WEIGHTS = {"read": 35, "basket_add": 20, "form_post": 15, "failed_sign_in": 15, "trace": 15}
PHONE = (
    "Mozilla/5.0 (Linux; Android 10; Redmi 9A) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/120.0 Mobile Safari/537.36"
)
LOGIN_PATH = "/shop/accounts/login/"
READ_PATHS = ["/", "/shop/", "/shop/catalogue/", "/shop/producers/"]


@dataclasses.dataclass
class Targets:
    """What the mix requests, found on the site itself (plus the trace pages given)."""

    reads: list[str]
    basket_adds: list[str]
    form_url: str | None
    trace_urls: list[str]


@dataclasses.dataclass
class Report:
    statuses: dict[str, Counter]  # kind -> Counter(status or "error")
    latencies: dict[str, list[float]]  # kind -> seconds
    seconds: float

    @property
    def server_errors(self) -> int:
        return sum(
            count
            for counter in self.statuses.values()
            for status, count in counter.items()
            if status == "error" or int(status) >= 500
        )

    @property
    def total(self) -> int:
        return sum(sum(counter.values()) for counter in self.statuses.values())

    def table(self) -> str:
        lines = [
            f"{'kind':<16}{'requests':>9}{'p50 ms':>9}{'p95 ms':>9}{'max ms':>9}  statuses",
        ]
        every = []
        for kind in KINDS:
            counter, times = self.statuses.get(kind, Counter()), self.latencies.get(kind, [])
            every += times
            lines.append(
                f"{kind:<16}{sum(counter.values()):>9}{_pct(times, 50):>9}{_pct(times, 95):>9}"
                f"{_max(times):>9}  "
                + " ".join(f"{status}:{n}" for status, n in sorted(counter.items()))
            )
        lines.append(
            f"{'all':<16}{self.total:>9}{_pct(every, 50):>9}{_pct(every, 95):>9}{_max(every):>9}  "
            f"{self.total / self.seconds:.1f} req/s over {self.seconds:.0f} s; "
            f"5xx or no answer: {self.server_errors}"
        )
        return "\n".join(lines)


def _max(times: list[float]) -> str:
    return f"{max(times) * 1000:.0f}" if times else "-"


def _pct(times: list[float], pct: int) -> str:
    if not times:
        return "-"
    if len(times) == 1:
        return f"{times[0] * 1000:.0f}"
    return f"{statistics.quantiles(times, n=100, method='inclusive')[pct - 1] * 1000:.0f}"


class _Forms(HTMLParser):
    """The post forms of a page: action and fields (name -> a plausible value)."""

    def __init__(self):
        super().__init__()
        self.forms: list[dict] = []
        self._form = None
        self._select = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and attrs.get("method", "get").lower() == "post":
            self._form = {"action": attrs.get("action") or "", "fields": {}}
            self.forms.append(self._form)
        elif self._form is None:
            return
        elif tag == "input" and attrs.get("name"):
            kind = attrs.get("type", "text")
            if kind == "checkbox":
                self._form["fields"][attrs["name"]] = attrs.get("value") or "on"
            elif kind not in ("submit", "button", "file"):
                self._form["fields"][attrs["name"]] = attrs.get("value") or _text_for(attrs)
        elif tag == "textarea" and attrs.get("name"):
            self._form["fields"][attrs["name"]] = "Mật ong rừng, 40 lít mỗi vụ."
        elif tag == "select" and attrs.get("name"):
            self._select = attrs["name"]
        elif tag == "option" and self._select and attrs.get("value"):
            self._form["fields"].setdefault(self._select, attrs["value"])

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None


def _text_for(attrs: dict) -> str:
    if attrs.get("type") == "email" or "mail" in attrs.get("name", ""):
        return "nguoi.ban@example.com"
    if attrs.get("type") == "tel" or "dien_thoai" in attrs.get("name", ""):
        return f"09{random.randint(10_000_000, 99_999_999)}"
    if attrs.get("type") == "number":
        return "1"
    return "Nguyễn Thị Mai"


def _post_forms(html: str) -> list[dict]:
    parser = _Forms()
    parser.feed(html)
    return [form for form in parser.forms if "/i18n/" not in form["action"]]


def discover(base_url: str, *, form_path: str, trace_urls: list[str]) -> Targets:
    """Product pages and their "add to basket" addresses, from the catalogue."""
    session = _session()
    catalogue = session.get(urljoin(base_url, "/shop/catalogue/"), timeout=30)
    catalogue.raise_for_status()
    products = sorted(set(re.findall(r'href="(/shop/catalogue/[^"/]+_\d+/)"', catalogue.text)))
    adds = sorted(set(re.findall(r'action="(/shop/basket/add/\d+/)"', catalogue.text)))
    if not adds:
        raise SystemExit(f"no product to add to a basket on {base_url}/shop/catalogue/")
    form = session.get(urljoin(base_url, form_path), timeout=30)
    form_url = form_path if form.status_code == 200 and _post_forms(form.text) else None
    return Targets(
        reads=READ_PATHS + products[:10],
        basket_adds=adds[:10],
        form_url=form_url,
        trace_urls=list(trace_urls),
    )


def _session() -> requests.Session:
    session = requests.Session()
    session.headers["User-Agent"] = PHONE
    session.headers["Accept-Language"] = "vi"
    return session


def _csrf(session: requests.Session, base_url: str, path: str) -> tuple[str, str]:
    """The page (for its forms) and a CSRF token: the cookie's secret is a valid token."""
    page = session.get(urljoin(base_url, path), timeout=60)
    return page.text, session.cookies.get("csrftoken", "")


def _one(kind: str, session, base_url: str, targets: Targets, rng: random.Random):
    """One request of `kind`; returns the response whose status and time are recorded (the
    write itself, not the GET before it that fetched the form)."""
    post = {"timeout": 60, "allow_redirects": False}
    if kind == "read":
        return session.get(urljoin(base_url, rng.choice(targets.reads)), timeout=60)
    if kind == "trace":
        return session.get(urljoin(base_url, rng.choice(targets.trace_urls)), timeout=60)
    if kind == "basket_add":
        add = rng.choice(targets.basket_adds)
        _page, token = _csrf(session, base_url, "/shop/catalogue/")
        return lambda: session.post(
            urljoin(base_url, add),
            data={"csrfmiddlewaretoken": token, "quantity": "1"},
            headers={"Referer": urljoin(base_url, "/shop/catalogue/")},
            **post,
        )
    if kind == "failed_sign_in":
        _page, token = _csrf(session, base_url, LOGIN_PATH)
        who = rng.choice(["buyer@example.com", f"09{rng.randint(10_000_000, 99_999_999)}"])
        return lambda: session.post(
            urljoin(base_url, LOGIN_PATH),
            data={
                "csrfmiddlewaretoken": token,
                "login-username": who,
                "login-password": "not-the-password",
                "login_submit": "1",
            },
            headers={"Referer": urljoin(base_url, LOGIN_PATH)},
            **post,
        )
    if kind == "form_post":
        page, token = _csrf(session, base_url, targets.form_url)
        form = max(_post_forms(page), key=lambda f: len(f["fields"]))
        data = {**form["fields"], "csrfmiddlewaretoken": token}
        return lambda: session.post(
            urljoin(base_url, urljoin(targets.form_url, form["action"])),
            data=data,
            headers={"Referer": urljoin(base_url, targets.form_url)},
            **post,
        )
    raise ValueError(kind)


def run(
    base_url: str = "http://127.0.0.1:8000",
    *,
    clients: int = 20,
    seconds: float = 60,
    trace_urls: list[str] = (),
    form_path: str = "/toi-muon-ban-hang/",
    seed: int = 21,
) -> Report:
    """`clients` threads, each its own visitor, until `seconds` have passed."""
    targets = discover(base_url, form_path=form_path, trace_urls=list(trace_urls))
    kinds = [k for k in KINDS if k != "trace" or targets.trace_urls]
    kinds = [k for k in kinds if k != "form_post" or targets.form_url]
    weights = [WEIGHTS[k] for k in kinds]
    statuses: dict[str, Counter] = defaultdict(Counter)
    latencies: dict[str, list[float]] = defaultdict(list)
    lock = threading.Lock()
    start = threading.Barrier(clients)
    deadline = 0.0

    def client(number: int):
        rng = random.Random(seed * 1000 + number)
        session = _session()
        start.wait()
        while time.monotonic() < deadline:
            kind = rng.choices(kinds, weights)[0]
            began = time.monotonic()
            try:
                answer = _one(kind, session, base_url, targets, rng)
                if callable(answer):  # a write: time the POST alone
                    began = time.monotonic()
                    answer = answer()
                status = str(answer.status_code)
            except requests.RequestException:
                status = "error"
            took = time.monotonic() - began
            with lock:
                statuses[kind][status] += 1
                latencies[kind].append(took)

    threads = [threading.Thread(target=client, args=(n,), daemon=True) for n in range(clients)]
    began = time.monotonic()
    deadline = began + seconds
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=seconds + 120)
    return Report(dict(statuses), dict(latencies), time.monotonic() - began)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("base_url", nargs="?", default="http://127.0.0.1:8000")
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--trace-url", action="append", default=[], help="a /t/<code>/ page")
    parser.add_argument("--form-path", default="/toi-muon-ban-hang/")
    parser.add_argument("--allow-remote", action="store_true", help="a host not on loopback")
    args = parser.parse_args(argv)
    host = urlsplit(args.base_url).hostname or ""
    if not args.allow_remote and host not in ("127.0.0.1", "localhost", "::1"):
        parser.error(f"{host} is not loopback (--allow-remote if it is your own server)")
    if not 1 <= args.clients <= 100 or not 0 < args.seconds <= 600:
        parser.error("1-100 clients for at most 600 s")
    report = run(
        args.base_url,
        clients=args.clients,
        seconds=args.seconds,
        trace_urls=args.trace_url,
        form_path=args.form_path,
    )
    print(f"{args.clients} clients for {args.seconds:.0f} s against {args.base_url}")
    print(report.table())
    return 1 if report.server_errors else 0


if __name__ == "__main__":
    sys.exit(main())
