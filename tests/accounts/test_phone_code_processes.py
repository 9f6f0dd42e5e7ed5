"""The limits on asking for phone codes hold across app processes (issue 26 item 1): two
processes asking at the same moment, on PostgreSQL, together send no more than the limit."""

import os
import subprocess
import sys
import time

import pytest
from django.db import connection

from accounts import otp
from accounts.models import PhoneCode
from tests.test_deploy import BASE_DIR

# One app process: waits for the common start, then asks `count` codes, one number each when
# `spread` (so only the address limit applies), else all for one number; prints how many passed.
ASK_SCRIPT = """
import sys, time
import django
django.setup()
from django.core.exceptions import ValidationError
from accounts import otp
from accounts.models import PhoneCode

# Widen the moment between counting the asks and writing this one, as a busy server would:
# without the lock, the other process counts in that moment and lets one more through.
checked = PhoneCode.full_clean
def slow_full_clean(self, *args, **kwargs):
    time.sleep(0.3)
    return checked(self, *args, **kwargs)
PhoneCode.full_clean = slow_full_clean
start, ip, count = float(sys.argv[1]), sys.argv[2], int(sys.argv[3])
spread, tag = sys.argv[4] == "1", sys.argv[5]
while time.time() < start:
    time.sleep(0.001)
passed = 0
for n in range(count):
    phone = f"+849120{tag}{n:03d}" if spread else "+84912345678"
    try:
        otp.phone_code_request(phone=phone, purpose="sign_up", ip_address=ip)
        passed += 1
    except ValidationError:
        pass
print(passed)
"""


def _database_url() -> str:
    db = connection.settings_dict
    return (
        f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST'] or '127.0.0.1'}:"
        f"{db['PORT'] or 5432}/{db['NAME']}"
    )


def _two_processes(*, ip: str, count: int, spread: bool) -> list[int]:
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": _database_url(),
    }
    start = time.time() + 4  # both processes are up and connected by then
    processes = [
        subprocess.Popen(
            [
                sys.executable,
                "-c",
                ASK_SCRIPT,
                str(start),
                ip,
                str(count),
                "1" if spread else "0",
                tag,
            ],
            cwd=BASE_DIR,
            env=environment,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for tag in ("1", "2")
    ]
    results = []
    for process in processes:
        out, err = process.communicate(timeout=120)
        assert process.returncode == 0, err
        results.append(int(out.strip().splitlines()[-1]))
    return results


@pytest.fixture
def postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("two app processes share the counters through PostgreSQL")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_processes_together_send_a_number_at_most_three_codes(postgres_only):
    passed = _two_processes(ip="203.0.113.20", count=3, spread=False)
    assert sum(passed) == otp.SENDS_PER_PHONE
    assert PhoneCode.objects.filter(phone="+84912345678").count() == otp.SENDS_PER_PHONE


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_processes_together_send_an_address_at_most_ten_codes(postgres_only):
    passed = _two_processes(ip="203.0.113.21", count=8, spread=True)
    assert sum(passed) == otp.SENDS_PER_IP
    assert PhoneCode.objects.filter(ip_address="203.0.113.21").count() == otp.SENDS_PER_IP
