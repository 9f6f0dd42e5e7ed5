"""How fast a large member list is checked and imported (mentoring.roster).

Generates a roster of `--rows` members spread over a few org units, then times, through the
same services the import screens call:

1. the dry run and the commit of the new file (every row creates a member);
2. the same file again (every row unchanged, nothing written);
3. a file where every row changes its phone number and 1 % of the members move to another
   unit (bulk updates plus dated transfers).

    DATABASE_URL=postgres://... DJANGO_SETTINGS_MODULE=config.settings.dev \\
        python bench/roster_import.py --rows 100000 --format xlsx

Everything it creates (units, members, transfers, imports, files, log entries, the user) is
deleted at the end, so it can run again on the same database. See bench/README.md.
"""

import argparse
import csv
import io
import os
import sys
import tempfile
import time
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
# The uploaded lists go to a temporary folder, not the project's media folder.
os.environ.setdefault("DJANGO_MEDIA_ROOT", tempfile.mkdtemp(prefix="roster-bench-"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
os.environ.setdefault("DJANGO_DEBUG", "False")  # as in production: no query log kept in memory

import django  # noqa: E402

django.setup()

import openpyxl  # noqa: E402
from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: E402
from django.db import connection  # noqa: E402
from openpyxl.utils import get_column_letter  # noqa: E402
from wagtail.log_actions import registry as log_registry  # noqa: E402
from wagtail.models import ModelLogEntry  # noqa: E402

from accounts.models import User  # noqa: E402
from mentoring.models import (  # noqa: E402
    THE_BEGINNING,
    Member,
    MemberTransfer,
    OrgUnit,
    RosterImport,
)
from mentoring.roster import committing  # noqa: E402
from mentoring.roster.columns import COLUMNS  # noqa: E402
from mentoring.services import org_unit_create  # noqa: E402

UNITS = 10


def make_rows(count: int, tag: str, units: list[OrgUnit], *, phone_base: int, moved: int = 0):
    for n in range(count):
        unit = units[(n + (1 if n < moved else 0)) % len(units)]
        yield [
            f"B{tag}-{n:07d}",
            f"Đoàn viên thử {n}",
            1980 + n % 40,
            ("Nam", "Nữ")[n % 2],
            ("Kinh", "Dao", "H'Mông", "Tày", "Giáy")[n % 5],
            f"09{(phone_base + n) % 100_000_000:08d}",
            unit.code,
            ("Có", "Không", "Chưa rõ")[n % 3],
            "Mật ong bạc hà" if n % 3 == 0 else "",
            ("Có", "Không")[n % 2],
            ("Có", "Không", "Chưa rõ")[n % 3],
            "15/03/2025",
            ("Có", "Không")[n % 2],
        ]


def make_file(fmt: str, rows) -> bytes:
    header = [column.header for column in COLUMNS]
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(header)
        writer.writerows(rows)
        return b"\xef\xbb\xbf" + buffer.getvalue().encode("utf-8")
    workbook = openpyxl.Workbook(write_only=True)  # a normal workbook of 100,000 rows: GBs
    sheet = workbook.create_sheet("Danh sách đoàn viên")
    sheet.append(header)
    count = 1
    for line in rows:
        sheet.append(line)
        count += 1
    buffer = io.BytesIO()
    workbook.save(buffer)
    return _with_dimension(buffer.getvalue(), f"A1:{get_column_letter(len(header))}{count}")


def _with_dimension(data: bytes, ref: str) -> bytes:
    """Write the sheet's size at its top, as Excel does (openpyxl's write-only mode cannot):
    without it, openpyxl reads the whole sheet once more just to learn its size."""
    source, target = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename.startswith("xl/worksheets/sheet"):
                text = content.decode()
                at = min(
                    i
                    for tag in ("<sheetViews", "<sheetFormatPr", "<cols", "<sheetData")
                    if (i := text.find(tag)) >= 0
                )
                content = (text[:at] + f'<dimension ref="{ref}"/>' + text[at:]).encode()
            out.writestr(item, content)
    return target.getvalue()


def timed(label: str, rows: int, results: list, fn):
    started = time.perf_counter()
    value = fn()
    seconds = time.perf_counter() - started
    results.append((label, rows, seconds))
    print(f"  {label:<40} {seconds:7.1f} s  {rows / seconds:9.0f} rows/s", flush=True)
    return value


def run_import(data: bytes, name: str, user, label: str, rows: int, results: list):
    roster_import = committing.roster_import_create(
        upload=SimpleUploadedFile(name, data), user=user
    )
    roster_import = timed(
        f"{label}: dry run",
        rows,
        results,
        lambda: committing.roster_import_check(roster_import=roster_import, user=user),
    )
    assert roster_import.status == RosterImport.Status.CHECKED, roster_import.summary
    assert committing.roster_import_claim_commit(roster_import=roster_import)
    roster_import = timed(
        f"{label}: commit",
        rows,
        results,
        lambda: committing.roster_import_commit(roster_import=roster_import, user=user),
    )
    assert roster_import.status == RosterImport.Status.DONE, roster_import.summary
    summary = roster_import.summary
    print(
        "    created {create}, updated {update}, unchanged {unchanged}, moved {transfer}".format(
            **summary
        )
    )
    return roster_import


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--format", choices=["xlsx", "csv"], default="xlsx")
    args = parser.parse_args()

    tag = time.strftime("%H%M%S")
    print(
        f"{args.rows} rows, {args.format}, on {connection.vendor} "
        f"({connection.settings_dict['NAME']})"
    )
    if not log_registry.action_exists(committing.LOG_ACTION):
        log_registry.register_action(
            committing.LOG_ACTION, "Roster import", "Imported a member list"
        )
    user = User.objects.create_superuser(email=f"roster-bench-{tag}@example.invalid")
    province = org_unit_create(
        code=f"bench-{tag}",
        kind=OrgUnit.Kind.PROVINCE,
        name="Bench",
        parent=None,
        opened_on=THE_BEGINNING,
    )
    units = [
        org_unit_create(
            code=f"bench-{tag}-{n}",
            kind=OrgUnit.Kind.GRASSROOTS,
            name=f"Bench {n}",
            parent=province,
            opened_on=province.opened_on,
        )
        for n in range(UNITS)
    ]
    results: list = []
    imports = []
    try:
        started = time.perf_counter()
        first = make_file(args.format, make_rows(args.rows, tag, units, phone_base=0))
        print(f"  generated {len(first) / 1e6:.1f} MB in {time.perf_counter() - started:.1f} s")
        name = f"roster.{args.format}"
        imports.append(run_import(first, name, user, "new file", args.rows, results))
        imports.append(run_import(first, name, user, "same file again", args.rows, results))
        changed = make_file(
            args.format,
            make_rows(args.rows, tag, units, phone_base=5_000_000, moved=args.rows // 100),
        )
        imports.append(
            run_import(changed, name, user, "phones changed, 1% moved", args.rows, results)
        )
    finally:
        members = Member.objects.filter(member_number__startswith=f"B{tag}-")
        MemberTransfer.objects.filter(member__in=members).delete()
        members.delete()
        for roster_import in RosterImport.objects.filter(created_by=user):
            roster_import.file.delete(save=False)
            ModelLogEntry.objects.filter(
                object_id=str(roster_import.pk), action=committing.LOG_ACTION
            ).delete()
            roster_import.delete()
        OrgUnit.objects.filter(code__startswith=f"bench-{tag}-").delete()
        OrgUnit.objects.filter(code=f"bench-{tag}").delete()
        user.delete()

    print("\nphase                                      seconds     rows/s")
    for label, rows, seconds in results:
        print(f"{label:<40} {seconds:9.1f} {rows / seconds:10.0f}")
    pairs = [results[i][2] + results[i + 1][2] for i in range(0, len(results), 2)]
    print(f"dry run + commit of the new file: {pairs[0]:.1f} s (goal: under 60 s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
