"""Latency of the commune picker and of the old-address conversion over the whole country.

Loads the administrative units first (`load_admin_units`, idempotent: unchanged rows are not
written), then times, one call at a time:

- picker: for each of the 3,321 communes, wards and special zones of today, what the picker
  asks as a buyer types: `communes_of(<province code>, q=<first 4 letters of the name>)`,
  listed in full (the province found by its code, then the matching units);
- convert (text): for each of the 10,035 communes of before 1 July 2025, its old address
  written out ("Xã Tả Phời, Thành phố Lào Cai, Tỉnh Lào Cai") through `convert_old_address`
  (vietnamadminunits' parser, then our successions);
- convert (code): the same communes by their old code;
- look-up (HTTP): the picker as the buyer's script asks it, through the whole Django stack
  (middleware, the JSON view `places:communes`, its response): for each commune of today,
  `GET /places/communes/?province=<code>&q=<first 4 letters>` with the test client;
- paste (form): the checkout's paste box (`places.forms.OldAddressForm`, as the address step
  validates it) with each old address written out, street first ("12 Đường Chính, Xã ...").

    DJANGO_SETTINGS_MODULE=config.settings.dev [DATABASE_URL=postgres://...] \\
        python bench/admin_units.py [--limit N]

It prints p50/p95/max per measure and how many text conversions found a different old commune
than the one written (the parser's misses). Goal: each under 20 ms p95 (docs/performance.md).
"""

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import django  # noqa: E402

django.setup()

from django.core.exceptions import ValidationError  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402

from places.forms import OldAddressForm  # noqa: E402
from places.models import BEFORE_REFORM_2025, AdministrativeUnit  # noqa: E402
from places.selectors import communes_of, convert_old_address  # noqa: E402


def _summary(label: str, timings: list[float]) -> str:
    ms = sorted(t * 1000 for t in timings)
    p95 = ms[min(len(ms) - 1, int(len(ms) * 0.95))]
    return (
        f"{label:<16} n={len(ms):>6}  p50 {statistics.median(ms):6.2f} ms  "
        f"p95 {p95:6.2f} ms  max {ms[-1]:7.2f} ms"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--limit", type=int, default=0, help="time only the first N units of each set"
    )
    args = parser.parse_args()

    started = time.perf_counter()
    call_command("load_admin_units")
    print(f"load_admin_units: {time.perf_counter() - started:.1f} s ({connection.vendor})")

    today = AdministrativeUnit.objects.current().filter(level=AdministrativeUnit.Level.COMMUNE)
    communes = list(today.select_related("parent").order_by("code"))
    old = list(
        AdministrativeUnit.objects.filter(
            level=AdministrativeUnit.Level.COMMUNE, valid_until=BEFORE_REFORM_2025
        )
        .select_related("parent__parent")
        .order_by("code")
    )
    if args.limit:
        communes, old = communes[: args.limit], old[: args.limit]

    picker = []
    for unit in communes:
        t = time.perf_counter()
        found = list(communes_of(unit.parent.code, q=unit.name[:4]))
        picker.append(time.perf_counter() - t)
        assert unit in found, unit

    convert_old_address(commune_code=old[0].code)  # the parser's first import is not timed
    convert_old_address(f"{old[0].full_name}, {old[0].parent.full_name}, {old[0].parent.parent}")
    by_text, by_code, misses, refused = [], [], 0, 0
    for unit in old:
        address = f"{unit.full_name}, {unit.parent.full_name}, {unit.parent.parent.full_name}"
        t = time.perf_counter()
        try:
            converted = convert_old_address(address)
        except ValidationError:
            refused += 1
        else:
            misses += converted.old_commune != unit
        by_text.append(time.perf_counter() - t)
        t = time.perf_counter()
        convert_old_address(commune_code=unit.code)
        by_code.append(time.perf_counter() - t)

    client = Client(HTTP_HOST="localhost")
    url = reverse("places:communes")
    client.get(url, {"province": communes[0].parent.code})  # URL resolver, first import
    lookup = []
    for unit in communes:
        t = time.perf_counter()
        response = client.get(url, {"province": unit.parent.code, "q": unit.name[:4]})
        codes = [item["code"] for item in response.json()["results"]]
        lookup.append(time.perf_counter() - t)
        assert unit.code in codes, unit

    pasted = []
    for unit in old:
        text = f"12 Đường Chính, {unit.full_name}, {unit.parent.full_name}, "
        text += unit.parent.parent.full_name
        t = time.perf_counter()
        OldAddressForm({"old_address": text}).is_valid()
        pasted.append(time.perf_counter() - t)

    print(_summary("picker", picker))
    print(_summary("look-up (HTTP)", lookup))
    print(_summary("paste (form)", pasted))
    print(_summary("convert (text)", by_text))
    print(_summary("convert (code)", by_code))
    print(
        f"text conversions: {len(old) - misses - refused} found the written commune, "
        f"{misses} another one, {refused} refused"
    )


if __name__ == "__main__":
    main()
