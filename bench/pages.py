"""The page benchmark: the site served by gunicorn, each key page loaded by wrk, one table.

    export DATABASE_URL=postgres://user:password@127.0.0.1:5432/chophien_perf
    python manage.py migrate && python manage.py generate_scale_data --size province
    python bench/pages.py                      # REDIS_URL=redis://… to use Redis as the cache

It starts gunicorn (`--workers` sync workers, settings `bench.settings`: DEBUG off, cached
templates, the page cache) on 127.0.0.1, and for a trivial Django view (the baseline) and each
key page (home, catalogue, category, product, search, basket, producer portal, mentor
dashboard) runs wrk for `--seconds` with `--connections` connections, pinned by taskset to
the last CPU so that the load generator does not take the server's CPUs. The public pages are
measured twice: as an anonymous visitor, served by the page cache after the first request
("cached"), and with a cookie that keeps the page cache out ("uncached", as for a visitor with
a basket, though the cached fragments still count). It prints, per page: requests per second,
p50/p95 latency, CPU ms per request (the gunicorn workers' user + system time from
/proc/<pid>/stat over the run, divided by the requests), SQL queries per request (one request
through Django's test client with the same settings, in this process) and the requests per
second as a share of the baseline's. Then the catalogue's first load on a phone in headless
Chromium (Playwright): bytes transferred, by kind, against the 300 KB goal.

The data must come from `generate_scale_data` (its two accounts are signed in for the producer
portal and the mentor dashboard). The load average is printed before and after: the machine
may be shared.
"""

import argparse
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))
os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402

from accounts.models import User  # noqa: E402
from bench.proc import TICKS, children, cpu_ticks  # noqa: E402
from demo.scale import SCALE_MENTOR_EMAIL, SCALE_PRODUCER_EMAIL  # noqa: E402
from marketplace.catalogue.models import Product  # noqa: E402
from mentoring.models import OrgUnit  # noqa: E402
from producers.models import Producer  # noqa: E402

NO_PAGE_CACHE = "bench-no-page-cache=1"  # any cookie but CSRF/language keeps the page cache out
WEIGHT_GOAL_KB = 300


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def load_average() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


# --- What to load, and as whom ---


def targets() -> list[dict]:
    product = Product.objects.filter(upc__startswith="SC", is_public=True).order_by("pk").first()
    if product is None:
        sys.exit("No scale data: run `python manage.py generate_scale_data` first.")
    category = product.get_categories().first()
    producer = Producer.objects.get(slug="scale-0")
    province = OrgUnit.objects.get(code="scale-p0")

    # Three lines in an anonymous basket, as a shopper would have them.
    shopper = Client()
    for item in Product.objects.filter(upc__startswith="SC", stockrecords__num_in_stock__gt=0)[:3]:
        shopper.post(reverse("basket:add", kwargs={"pk": item.pk}), {"quantity": 1})
    basket_cookie = "; ".join(f"{k}={v.value}" for k, v in shopper.cookies.items())

    def signed_in(email):
        client = Client()
        client.force_login(User.objects.get(email=email))
        return f"sessionid={client.cookies['sessionid'].value}"

    public = [
        ("home", "/"),
        ("catalogue", reverse("catalogue:index")),
        ("category", category.get_absolute_url()),
        ("product", product.get_absolute_url()),
        ("producer page", producer.get_absolute_url()),
    ]
    rows = [{"name": "baseline (trivial view)", "url": "/bench/baseline/", "cookie": ""}]
    for name, url in public:
        rows.append({"name": f"{name}, uncached", "url": url, "cookie": NO_PAGE_CACHE})
    for name, url in public:
        rows.append({"name": f"{name}, cached", "url": url, "cookie": ""})
    rows += [
        {"name": "search 'mat ong'", "url": reverse("search:search") + "?q=mat+ong", "cookie": ""},
        {"name": "basket (3 lines)", "url": reverse("basket:summary"), "cookie": basket_cookie},
        {
            "name": "producer portal",
            "url": reverse("portal:home"),
            "cookie": signed_in(SCALE_PRODUCER_EMAIL),
        },
        {
            "name": "mentor dashboard (province)",
            "url": reverse("mentoring_dashboard:index") + f"?unit={province.pk}",
            "cookie": signed_in(SCALE_MENTOR_EMAIL),
        },
    ]
    return rows


def queries_per_request(row: dict) -> int:
    client = Client()
    for part in filter(None, row["cookie"].split("; ")):
        name, _, value = part.partition("=")
        client.cookies[name] = value
    for _ in range(2):  # warm: caches, the page cache (the product page's second visit:
        client.get(row["url"])  # its "recently viewed" cookie is part of the key)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(row["url"])
    assert response.status_code == 200, (row, response.status_code)
    return len(captured)


# --- Serving and loading ---


def start_server(port: int, workers: int, server_cpus: str) -> subprocess.Popen:
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "config.wsgi",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(workers),
        "--worker-class",
        "sync",
        "--log-level",
        "warning",
        "--timeout",
        "120",
    ]
    if server_cpus:
        command = ["taskset", "-c", server_cpus, *command]
    server = subprocess.Popen(command, cwd=BASE_DIR, env={**os.environ}, start_new_session=True)
    for _ in range(300):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/bench/baseline/", timeout=2)
            return server
        except OSError:
            time.sleep(0.2)
    server.kill()
    sys.exit("gunicorn did not start")


def run_wrk(port, row, seconds, connections, client_cpu) -> dict:
    command = [
        "wrk",
        "--threads",
        "1",
        "--connections",
        str(connections),
        "--duration",
        f"{seconds}s",
        "--timeout",
        "30s",
        "--script",
        str(BASE_DIR / "bench" / "wrk_report.lua"),
    ]
    if row["cookie"]:
        command += ["--header", f"Cookie: {row['cookie']}"]
    command.append(f"http://127.0.0.1:{port}{row['url']}")
    if client_cpu:
        command = ["taskset", "-c", client_cpu, *command]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    return json.loads(output.strip().splitlines()[-1])


def measure(port, server, row, seconds, connections, client_cpu) -> dict:
    url = f"http://127.0.0.1:{port}{row['url']}"
    request = urllib.request.Request(
        url, headers={"Cookie": row["cookie"]} if row["cookie"] else {}
    )
    for _ in range(3):  # warm every worker's caches a little
        with urllib.request.urlopen(request, timeout=120) as response:
            assert response.status == 200, (row, response.status)
    workers = children(server.pid)
    before = cpu_ticks(workers)
    result = run_wrk(port, row, seconds, connections, client_cpu)
    spent = cpu_ticks(workers) - before
    result["cpu_ms"] = spent * 1000 / TICKS / max(1, result["requests"])
    result["rps"] = result["requests"] / result["seconds"]
    return result


def page_weight(port: int) -> dict:
    """The catalogue's first load on a phone: every response's bytes as transferred."""
    from playwright.sync_api import sync_playwright

    sizes: dict[str, int] = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=shutil.which("chromium") or None)
        context = browser.new_context(
            viewport={"width": 390, "height": 844},
            device_scale_factor=2,
            is_mobile=True,
            has_touch=True,
            user_agent="Mozilla/5.0 (Linux; Android 13; Pixel 7) AppleWebKit/537.36 "
            "(KHTML, like Gecko) Chrome/120.0 Mobile Safari/537.36",
        )
        page = context.new_page()
        finished = []
        page.on("requestfinished", lambda request: finished.append(request))
        page.goto(f"http://127.0.0.1:{port}{reverse('catalogue:index')}", wait_until="load")
        page.wait_for_load_state("networkidle")
        for request in finished:
            transferred = request.sizes()
            total = transferred["responseBodySize"] + transferred["responseHeadersSize"]
            sizes[request.resource_type] = sizes.get(request.resource_type, 0) + total
        browser.close()
    return sizes


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=int, default=10, help="wrk's duration per page")
    parser.add_argument("--connections", type=int, default=4)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn sync workers")
    cpus = os.cpu_count() or 1
    parser.add_argument(
        "--client-cpu", default=str(cpus - 1) if cpus > 1 else "", help="wrk's CPU (taskset)"
    )
    parser.add_argument("--server-cpus", default="", help="gunicorn's CPUs (default: any)")
    parser.add_argument("--only", default="", help="measure only pages whose name contains this")
    parser.add_argument("--no-weight", action="store_true", help="skip the Chromium page weight")
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        sys.exit("Run it on PostgreSQL: set DATABASE_URL.")
    if not shutil.which("wrk"):
        sys.exit("wrk is missing: apt-get install wrk")

    rows = [row for row in targets() if args.only in row["name"] or "baseline" in row["name"]]
    for row in rows:
        row["queries"] = queries_per_request(row)
    port = free_port()
    cache = "Redis" if settings.REDIS_URL else "local memory (per worker)"
    started_load = load_average()
    log(f"gunicorn: {args.workers} workers on 127.0.0.1:{port}; cache: {cache}")
    server = start_server(port, args.workers, args.server_cpus)
    try:
        for row in rows:
            log(f"  {row['name']} …")
            row.update(measure(port, server, row, args.seconds, args.connections, args.client_cpu))
        weight = None if args.no_weight else page_weight(port)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    baseline = rows[0]["rps"]

    print(
        f"\n{Product.objects.count():,} products, {connection.settings_dict['NAME']}, "
        f"cache: {cache}, gunicorn {args.workers} sync workers, wrk {args.connections} "
        f"connections × {args.seconds} s pinned to CPU {args.client_cpu or 'any'}; "
        f"load average {started_load} before, {load_average()} after\n"
    )
    print("| page | req/s | p50 ms | p95 ms | CPU ms/req | SQL/req | × baseline |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for row in rows:
        errors = f" ({row['errors']} errors)" if row["errors"] else ""
        print(
            f"| {row['name']}{errors} | {row['rps']:,.1f} | {row['p50_ms']:,.1f} | "
            f"{row['p95_ms']:,.1f} | {row['cpu_ms']:,.1f} | {row['queries']} | "
            f"{row['rps'] / baseline:.0%} |"
        )
    if weight is not None:
        total = sum(weight.values())
        parts = ", ".join(f"{kind} {size / 1024:,.1f}" for kind, size in sorted(weight.items()))
        verdict = "met" if total <= WEIGHT_GOAL_KB * 1024 else "NOT met"
        print(
            f"\nCatalogue, first load on a phone (390×844, headless Chromium): "
            f"{total / 1024:,.1f} KB transferred ({parts} KB); goal ≤ {WEIGHT_GOAL_KB} KB: "
            f"{verdict}"
        )


if __name__ == "__main__":
    main()
