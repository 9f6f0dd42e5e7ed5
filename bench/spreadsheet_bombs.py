"""Hand each spreadsheet bomb of tests/support/spreadsheet_bombs.py to the roster and product
import readers, each in a child process limited to --memory MB, and print what happened.

    python bench/spreadsheet_bombs.py            # the readers of this checkout
    python bench/spreadsheet_bombs.py --rev cfda5b9   # the readers of another commit

(--rev copies the readers' single files, so it reads revisions from before the roster and the
product import became the mentoring/roster/ and producers/product_import/ packages, whose
readers now share core/tabular.py.)

A reader without the size check dies ("memory allocation of … bytes failed", then SIGABRT);
with it, each bomb is refused with a reason. Never run a bomb in a process you care about.
"""

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BOMBS = [
    "far_cell",
    "huge_merge",
    "styled_empty_rows",
    "repeated_shared_string",
    "huge_shared_strings",
    "ods_repeated_cells",
]

CHILD = """
import os, resource, sys
sys.path.insert(0, sys.argv[1])
if sys.argv[2]:
    sys.path.insert(0, sys.argv[2])
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
import django
django.setup()
from tests.support import spreadsheet_bombs
if sys.argv[2]:
    roster, product_import = __import__("old_roster"), __import__("old_product_import")
    ROSTER_COLUMNS, read_table = roster.COLUMNS, roster.read_table
    RosterFileError = roster.RosterFileError
    PRODUCT_COLUMNS, read_rows = product_import.COLUMNS, product_import.read_rows
    ImportFileError = product_import.ImportFileError
else:
    from mentoring.roster.columns import COLUMNS as ROSTER_COLUMNS
    from mentoring.roster.errors import RosterFileError
    from mentoring.roster.reading import read_table
    from producers.product_import.columns import COLUMNS as PRODUCT_COLUMNS
    from producers.product_import.errors import ImportFileError
    from producers.product_import.reading import read_rows
reader, bomb, memory = sys.argv[3], sys.argv[4], int(sys.argv[5])
columns = ROSTER_COLUMNS if reader == "roster" else PRODUCT_COLUMNS
make = getattr(spreadsheet_bombs, bomb)
data = make([column.header for column in columns])
resource.setrlimit(resource.RLIMIT_AS, (memory * 1024 * 1024,) * 2)
try:
    if reader == "roster":
        print("read", len(read_table(data, "a.xlsx").rows), "rows")
    else:
        print("read", len(read_rows(data)), "rows")
except (RosterFileError, ImportFileError) as error:
    print("refused:", error.code)
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rev", help="read with the readers of this git revision")
    parser.add_argument("--memory", type=int, default=2048, help="MB for each child process")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as old:
        if args.rev:
            for path, module in [
                ("mentoring/roster.py", "old_roster"),
                ("producers/product_import.py", "old_product_import"),
            ]:
                source = subprocess.run(
                    ["git", "show", f"{args.rev}:{path}"], cwd=ROOT, check=True, capture_output=True
                ).stdout
                Path(old, f"{module}.py").write_bytes(source)
        for reader in ["roster", "product"]:
            for bomb in BOMBS:
                child = subprocess.run(
                    [
                        sys.executable,
                        "-c",
                        CHILD,
                        str(ROOT),
                        old if args.rev else "",
                        reader,
                        bomb,
                        str(args.memory),
                    ],
                    capture_output=True,
                    text=True,
                    env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"},
                )
                said = (child.stdout.strip() or child.stderr.strip()).splitlines()
                outcome = said[-1] if said else ""
                if child.returncode < 0:
                    outcome = f"KILLED by signal {-child.returncode}: {outcome}"
                print(f"{reader:8} {bomb:24} {outcome}", flush=True)


if __name__ == "__main__":
    main()
