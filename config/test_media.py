"""Where a test run keeps its uploads: a folder of its own, so that two runs on one machine
(two `make test`, or CI's SQLite and PostgreSQL passes) never delete each other's files, as
they did when every run shared /tmp/chophien-test-media.

- `TEST_MEDIA_ROOT` set: that folder, kept (the caller chose it); under pytest-xdist, one folder
  per worker beside it (`<TEST_MEDIA_ROOT>-gw0`, ...).
- Otherwise a new temporary folder for this process, removed when it exits. Its path is left
  in the environment, so a server a test starts as a subprocess (which inherits it) shares
  the files; a pytest-xdist worker, whose variables come from the controller, makes its own.
"""

import atexit
import os
import shutil
import tempfile
from collections.abc import MutableMapping
from pathlib import Path

RUN_VARIABLE = "CHOPHIEN_TEST_MEDIA_RUN"


def media_root_for_tests(environ: MutableMapping[str, str] = os.environ) -> Path:
    # "" without pytest-xdist: then every process of the run is the controller's child.
    worker = environ.get("PYTEST_XDIST_WORKER", "")
    if chosen := environ.get("TEST_MEDIA_ROOT"):
        # Each worker its own folder beside the chosen one (a restore empties the media folder:
        # it must not be another worker's); the servers a worker starts inherit its name.
        return Path(f"{chosen}-{worker}" if worker else chosen)
    owner, _, inherited = environ.get(RUN_VARIABLE, "").partition("|")
    if inherited and owner == worker:
        return Path(inherited)
    run = Path(tempfile.mkdtemp(prefix="chophien-test-"))
    atexit.register(shutil.rmtree, run, ignore_errors=True)
    folder = run / "media"
    environ[RUN_VARIABLE] = f"{worker}|{folder}"
    return folder
