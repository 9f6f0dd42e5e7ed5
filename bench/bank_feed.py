"""The bank feed's webhook under load: gunicorn on PostgreSQL, SePay-style calls, every match
checked afterwards.

    export DATABASE_URL=postgres://user:password@127.0.0.1:5432/chophien_bench
    DJANGO_SETTINGS_MODULE=bench.settings python manage.py migrate
    python bench/bank_feed.py [--orders 1500] [--history 100000] [--clients 16] [--workers 2]
                              [--tasks database]

The shop first gets a past (`--history` paid orders, made once and kept), then it creates
`--orders` VietQR orders of two producers each (rows written directly: the bench
measures the webhook, not checkout), starts gunicorn (`--workers` sync workers, bench.settings,
the feed set to SePay with a key made for the run) on 127.0.0.1 and sends, from `--clients`
threads with keep-alive connections, the transactions a day of transfers brings: each
payment paid in full (one in five as two part payments, one in ten with its reference typed in
lower case without the space), one call in ten delivered twice (the same transaction id: the
provider retrying), and one in twenty a transfer with no reference. It prints requests per
second, p50/p95/max latency and the status codes, then checks the database: every payment
received exactly once and in full, every order paid, each transaction recorded once with the
right state, no 5xx. Exit code 1 if any check fails. Everything the run created is deleted at
the end (the past stays), so it runs again on the same database. Figures: docs/performance.md.

The buyer's "paid" email goes through the task queue (payment.notifications.order_notice_send).
`--tasks database` (the default; CHOPHIEN_TASKS_BACKEND=database, as a deployment with a worker
runs): the webhook only queues it, and once the calls are done the bench runs
`manage.py db_worker --batch` and times it emptying the queue; `--tasks immediate` (as
`make run`): each email is rendered and sent in the call that completes the order. Either
way it checks every order's buyer was emailed exactly once.
"""

import argparse
import json
import os
import random
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from collections import Counter
from decimal import Decimal
from http.client import HTTPConnection
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))
os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
os.environ["CHOPHIEN_BANK_FEED_PROVIDER"] = "sepay"
os.environ["CHOPHIEN_BANK_FEED_SECRET"] = KEY = secrets.token_urlsafe(24)
os.environ.setdefault("CHOPHIEN_SMS_BACKEND", "")  # no console output per paid order
os.environ.setdefault("CHOPHIEN_ZALO_BACKEND", "")


def arguments_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--orders", type=int, default=1500)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument(
        "--threads",
        type=int,
        default=1,
        help="threads per gunicorn worker (more than 1: gunicorn's gthread worker class)",
    )
    parser.add_argument(
        "--history",
        type=int,
        default=100_000,
        help="paid orders of the past (one payment each) the shop already holds; made once and "
        "kept in the database for later runs",
    )
    parser.add_argument("--seed", type=int, default=25)
    parser.add_argument(
        "--tasks",
        choices=["database", "immediate"],
        default="database",
        help="the task backend: the buyers' emails queued for a worker, or sent in the call",
    )
    return parser


# The task backend is a setting: chosen before django.setup() below (gunicorn inherits it).
TASKS = arguments_parser().parse_known_args()[0].tasks
os.environ["CHOPHIEN_TASKS_BACKEND"] = TASKS

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import Count, F  # noqa: E402
from django.utils import timezone  # noqa: E402
from wagtail.models import ModelLogEntry  # noqa: E402

from bench.proc import TICKS, children, command_line, cpu_ticks  # noqa: E402
from marketplace.order.models import Order  # noqa: E402
from marketplace.payment.models import (  # noqa: E402
    BankTransaction,
    Source,
    SourceType,
    Transaction,
)
from notifications.models import Message  # noqa: E402
from producers.models import Producer  # noqa: E402
from tests.factories.producers import make_producer  # noqa: E402

ACCOUNTS = ("0011001234567", "0022009876543")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _transfer_order(number: str, total: int, status: str, email: str, now) -> Order:
    """A bank-transfer order, written directly (the bench measures the webhook, not checkout)."""
    return Order(
        number=number,
        currency="VND",
        total_incl_tax=Decimal(total),
        total_excl_tax=Decimal(total),
        status=status,
        payment_method="bank-transfer",
        guest_email=email,
        date_placed=now,
    )


def build(orders: int, stamp: str):
    producers = []
    for index, account in enumerate(ACCOUNTS):
        producer = make_producer(name=f"Bench feed {stamp} {index}")
        Producer.objects.filter(pk=producer.pk).update(
            bank_bin="970436", bank_account_number=account, bank_account_name="BENCH"
        )
        producers.append(producer)
    source_type, _created = SourceType.objects.get_or_create(
        code="bank-transfer", defaults={"name": "Bank transfer"}
    )
    now = timezone.now()
    rows = Order.objects.bulk_create(
        _transfer_order(
            f"{stamp}{n:05d}", 240000, "Awaiting payment", f"bench{stamp}-{n}@example.com", now
        )
        for n in range(orders)
    )
    Source.objects.bulk_create(
        Source(
            order=order,
            source_type=source_type,
            partner=producer.partner,
            currency="VND",
            amount_allocated=Decimal(150000 if index == 1 else 90000),
            reference=f"CP{order.number} {index}",
        )
        for order in rows
        for index, producer in enumerate(producers, start=1)
    )
    return producers, rows


HISTORY_PREFIX = "H"  # the past orders' numbers: H0000001…; the run's own are digits only


def history_ensure(count: int) -> int:
    """The shop's past: `count` paid bank-transfer orders with their payment, so finding the
    payment a transfer names searches a real history, not a table holding only this run's
    orders (a query reading every payment looked fast on an empty shop: 53 ms a call at
    100,000 orders). Rows are written directly and kept for the next run; returns how many
    were added."""
    have = Order.objects.filter(number__startswith=HISTORY_PREFIX).count()
    if have >= count:
        return 0
    source_type, _created = SourceType.objects.get_or_create(
        code="bank-transfer", defaults={"name": "Bank transfer"}
    )
    now = timezone.now()
    batch = 10_000
    for start in range(have, count, batch):
        orders = Order.objects.bulk_create(
            _transfer_order(
                f"{HISTORY_PREFIX}{n:07d}", 150000, "Paid", f"history-{n}@example.com", now
            )
            for n in range(start, min(start + batch, count))
        )
        Source.objects.bulk_create(
            Source(
                order=order,
                source_type=source_type,
                currency="VND",
                amount_allocated=Decimal(150000),
                amount_debited=Decimal(150000),
                reference=f"CP{order.number} 1",
            )
            for order in orders
        )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE order_order; ANALYZE payment_source")
    return count - have


def calls_for(rows, rng: random.Random, stamp: str) -> tuple[list[dict], dict]:
    """The SePay bodies to send (shuffled) and, per transaction id, the state expected."""
    calls, expected, next_id = [], {}, int(stamp) * 10**7  # ids of this run only

    def body(amount, content, account):
        nonlocal next_id
        next_id += 1
        return {
            "id": next_id,
            "gateway": "BIDV",
            "transactionDate": "2026-12-06 14:02:37",
            "accountNumber": account,
            "code": None,
            "content": content,
            "transferType": "in",
            "transferAmount": amount,
            "accumulated": 0,
            "subAccount": None,
            "referenceCode": f"FT{next_id}",
        }

    for order in rows:
        for index, (amount, account) in enumerate(((150000, ACCOUNTS[0]), (90000, ACCOUNTS[1])), 1):
            reference = f"CP{order.number} {index}"
            if rng.random() < 0.1:
                reference = f"cp{order.number}{index}"
            if rng.random() < 0.2:
                # Two part payments: whichever arrives second completes it.
                first = body(amount - 40000, reference, account)
                second = body(40000, reference, account)
                calls += [first, second]
                expected[first["id"]] = expected[second["id"]] = {"partial", "matched"}
            else:
                call = body(amount, reference, account)
                calls.append(call)
                expected[call["id"]] = {"matched"}
    for _ in range(len(rows) // 10):
        stray = body(50000, "chuyen tien", ACCOUNTS[0])
        calls.append(stray)
        expected[stray["id"]] = {"unmatched"}
    calls += [dict(call) for call in rng.sample(calls, len(calls) // 10)]  # redeliveries
    rng.shuffle(calls)
    return calls, expected


BASELINE = {}  # a GET of bench.urls' trivial view: what the same server and client reach at best


def start_gunicorn(port: int, workers: int, threads: int = 1):
    command = [
        sys.executable, "-m", "gunicorn", "config.wsgi",
        "--bind", f"127.0.0.1:{port}", "--workers", str(workers),
        "--worker-class", "sync" if threads == 1 else "gthread", "--threads", str(threads),
        "--log-level", "warning", "--timeout", "120",
    ]  # fmt: skip
    server = subprocess.Popen(command, cwd=BASE_DIR, env={**os.environ}, start_new_session=True)
    for _ in range(300):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/bench/baseline/", timeout=2)
            return server
        except OSError:
            time.sleep(0.2)
    server.kill()
    sys.exit("gunicorn did not start")


def cpu_seconds(server_pid: int) -> dict[str, float]:
    """CPU time spent so far by the gunicorn workers, by PostgreSQL's processes and by this
    bench (its client threads), from /proc: where a call's cost goes on a machine they share."""
    postgres = [
        pid
        for pid in os.listdir("/proc")
        if pid.isdigit() and command_line(pid).startswith("postgres")
    ]
    own = os.times()
    return {
        "workers": cpu_ticks(children(server_pid), ended_ok=True) / TICKS,
        "PostgreSQL": cpu_ticks(postgres, ended_ok=True) / TICKS,
        "client": own.user + own.system,
    }


def send(port: int, calls: list[dict], clients: int, *, path: str = "/bank-feed/webhook/"):
    times, statuses, lock = [], Counter(), threading.Lock()
    queue = iter(calls)

    def client():
        conn = HTTPConnection("127.0.0.1", port, timeout=30)
        mine, codes = [], Counter()
        while True:
            with lock:
                call = next(queue, None)
            if call is None:
                break
            payload = json.dumps(call).encode()
            headers = {"Content-Type": "application/json", "Authorization": f"Apikey {KEY}"}
            started = time.perf_counter()
            try:
                if call is BASELINE:
                    conn.request("GET", path)
                else:
                    conn.request("POST", path, body=payload, headers=headers)
                response = conn.getresponse()
                response.read()
                codes[response.status] += 1
            except OSError:
                codes["no answer"] += 1
                conn.close()
                conn = HTTPConnection("127.0.0.1", port, timeout=30)
            mine.append(time.perf_counter() - started)
        with lock:
            times.extend(mine)
            statuses.update(codes)

    threads = [threading.Thread(target=client) for _ in range(clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return time.perf_counter() - started, times, statuses


NOTICE_TASK = "marketplace.payment.notifications.order_notice_send"


def drain_queue() -> tuple[float, int]:
    """Run the task worker until the queue is empty (the buyers' emails): seconds, tasks."""
    from django_tasks_db.models import DBTaskResult

    waiting = DBTaskResult.objects.filter(task_path=NOTICE_TASK, status="READY").count()
    started = time.perf_counter()
    command = [sys.executable, "manage.py", "db_worker", "--batch", "--no-startup-delay"]
    subprocess.run(
        command,
        cwd=BASE_DIR,
        env={**os.environ},
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    return time.perf_counter() - started, waiting


def check(rows, expected) -> list[str]:
    problems = []
    emailed = Counter(
        dict(
            Message.objects.filter(template="order_settled", to__in=[o.guest_email for o in rows])
            .values_list("to")
            .annotate(count=Count("pk"))
        )
    )
    if len(emailed) != len(rows) or set(emailed.values()) != {1}:
        told_twice = sum(1 for count in emailed.values() if count > 1)
        problems.append(
            f"{len(rows) - len(emailed)} buyers not told their order is paid, "
            f"{told_twice} told more than once"
        )
    sources = Source.objects.filter(order__in=rows)
    wrong = sources.exclude(amount_debited=F("amount_allocated")).count()
    if wrong:
        problems.append(f"{wrong} payments not received exactly once and in full")
    unpaid = Order.objects.filter(pk__in=[o.pk for o in rows]).exclude(status="Paid").count()
    if unpaid:
        problems.append(f"{unpaid} orders not paid")
    recorded = dict(
        BankTransaction.objects.filter(transaction_id__in=[str(i) for i in expected]).values_list(
            "transaction_id", "state"
        )
    )
    if len(recorded) != len(expected):
        problems.append(f"{len(expected) - len(recorded)} transactions not recorded")
    bad = [tid for tid, state in recorded.items() if state not in expected[int(tid)]]
    if bad:
        problems.append(f"{len(bad)} transactions in the wrong state, e.g. {bad[:3]}")
    debits = Counter(
        Transaction.objects.filter(source__in=sources).values_list("reference", flat=True)
    )
    twice = [reference for reference, count in debits.items() if count > 1]
    if twice:
        problems.append(f"{len(twice)} transactions recorded twice on a payment")
    return problems


def cleanup(producers, rows, expected):
    order_ids = [order.pk for order in rows]
    Message.objects.filter(to__in=[order.guest_email for order in rows]).delete()
    if TASKS == "database":
        from django_tasks_db.models import DBTaskResult

        DBTaskResult.objects.filter(
            task_path=NOTICE_TASK, args_kwargs__kwargs__order_id__in=order_ids
        ).delete()
    BankTransaction.objects.filter(transaction_id__in=[str(i) for i in expected]).delete()
    ModelLogEntry.objects.filter(object_id__in=[str(pk) for pk in order_ids]).delete()
    Order.objects.filter(pk__in=order_ids).delete()  # sources, events, transactions cascade
    for producer in producers:
        partner = producer.partner
        producer.delete()
        partner.delete()


def main(argv=None) -> int:
    parser = arguments_parser()
    args = parser.parse_args(argv)
    if connection.vendor != "postgresql":
        sys.exit("Run it on PostgreSQL (DATABASE_URL=postgres://...): SQLite has one writer.")
    if args.tasks == "database":
        call_command("migrate", "django_tasks_database", verbosity=0)  # the queue's table
    started = time.perf_counter()
    added = history_ensure(args.history)
    print(
        f"the shop's past: {Order.objects.filter(number__startswith=HISTORY_PREFIX).count()} "
        f"paid orders ({added} added in {time.perf_counter() - started:.0f} s)"
    )
    stamp = str(int(time.time()))[-5:]
    producers, rows = build(args.orders, stamp)
    calls, expected = calls_for(rows, random.Random(args.seed), stamp)
    port = _free_port()
    server = start_gunicorn(port, args.workers, args.threads)
    try:
        print(f"load average before: {os.getloadavg()[0]:.2f}")
        base_calls = [BASELINE] * min(len(calls), 2000)
        base_seconds, _times, _statuses = send(
            port, base_calls, args.clients, path="/bench/baseline/"
        )
        baseline = len(base_calls) / base_seconds
        cpu_before = cpu_seconds(server.pid)
        seconds, times, statuses = send(port, calls, args.clients)
        cpu_after = cpu_seconds(server.pid)
        print(f"load average after: {os.getloadavg()[0]:.2f}")
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    try:
        if args.tasks == "database":
            drain_seconds, queued = drain_queue()
            print(
                f"the worker (db_worker --batch) sent the {queued} queued emails in "
                f"{drain_seconds:.1f} s ({queued / drain_seconds:.0f} a second, its start "
                f"included); load average {os.getloadavg()[0]:.2f}"
            )
        times.sort()
        print(
            f"{len(calls)} calls ({len(expected)} transactions, {len(calls) - len(expected)} "
            f"redelivered) for {args.orders} orders of two producers, {args.clients} clients, "
            f"{args.workers} gunicorn workers ({args.threads} thread(s) each), tasks: {args.tasks}"
        )
        print(
            f"{len(calls) / seconds:.0f} calls/s; p50 {statistics.median(times) * 1000:.1f} ms, "
            f"p95 {times[int(len(times) * 0.95)] * 1000:.1f} ms, max {times[-1] * 1000:.1f} ms; "
            f"statuses {dict(statuses)}"
        )
        print(
            f"baseline (a trivial view, same server and client): {baseline:.0f} requests/s; "
            f"the webhook reaches {len(calls) / seconds / baseline:.0%} of it"
        )
        spent = {
            name: (cpu_after[name] - cpu_before[name]) * 1000 / len(calls) for name in cpu_after
        }
        print(
            "CPU a call: "
            + ", ".join(f"{name} {ms:.1f} ms" for name, ms in spent.items())
            + f"; at that cost the machine's {os.cpu_count()} CPUs allow at most "
            f"{os.cpu_count() * 1000 / sum(spent.values()):.0f} calls/s"
        )
        problems = check(rows, expected)
        if set(statuses) != {200}:
            problems.append(f"answers other than 200: {dict(statuses)}")
        print(
            "checks: "
            + (
                "every match correct, none twice, every buyer emailed once"
                if not problems
                else "; ".join(problems)
            )
        )
    finally:
        cleanup(producers, rows, expected)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
