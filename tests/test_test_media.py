"""Each test run keeps uploads in a folder of its own (two runs on one machine deleted each
other's files when all shared /tmp/chophien-test-media), unless TEST_MEDIA_ROOT names one."""

import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings

from config.test_media import RUN_VARIABLE, media_root_for_tests

# Reading the settings is enough (no app loading): that is where the folder is chosen.
PRINT_MEDIA_ROOT = (
    "import subprocess, sys; from django.conf import settings; "
    "print(settings.MEDIA_ROOT); print(settings.PRIVATE_MEDIA_ROOT); "
    # A server a test would start: a child of this process, with the settings it inherits.
    "child = subprocess.run([sys.executable, '-c', 'from django.conf import settings; "
    "print(settings.MEDIA_ROOT)'], capture_output=True, text=True, check=True); "
    "print(child.stdout.strip())"
)


def _run_settings(**extra) -> list[str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("TEST_MEDIA_ROOT", RUN_VARIABLE, "PYTEST_XDIST_WORKER")
    }
    env.update(DJANGO_SETTINGS_MODULE="config.settings.test", **extra)
    result = subprocess.run(
        [sys.executable, "-c", PRINT_MEDIA_ROOT],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout.split()


def test_two_runs_get_two_folders_each_removed_when_its_run_ends():
    first, second = _run_settings(), _run_settings()
    assert first[0] != second[0]
    for media, private, child_media in (first, second):
        assert Path(private).parent == Path(media).parent  # both inside the run's folder
        assert child_media == media  # a server started by the run shares its files
        assert not Path(media).parent.exists()  # removed at exit


def test_test_media_root_names_the_folder_and_is_left_in_place(tmp_path):
    chosen = tmp_path / "media"
    media, private, child_media = _run_settings(TEST_MEDIA_ROOT=str(chosen))
    assert media == child_media == str(chosen)
    assert private == f"{chosen}-private"
    assert tmp_path.exists()


def test_an_xdist_worker_makes_its_own_folder_and_its_children_share_it():
    controller: dict[str, str] = {}
    controller_root = media_root_for_tests(controller)
    worker = {**controller, "PYTEST_XDIST_WORKER": "gw0"}
    worker_root = media_root_for_tests(worker)
    assert worker_root != controller_root
    server_of_the_worker = dict(worker)
    assert media_root_for_tests(server_of_the_worker) == worker_root


def test_this_run_does_not_use_the_old_shared_folder():
    if "TEST_MEDIA_ROOT" not in os.environ:
        assert not str(settings.MEDIA_ROOT).startswith("/tmp/chophien-test-media")


def test_test_media_root_gets_a_folder_per_xdist_worker(tmp_path):
    """Two workers of one run in the caller's chosen folder would delete each other's uploads
    (a restore empties the media folder): each worker, and the servers it starts, gets its own."""
    chosen = tmp_path / "media"
    first = media_root_for_tests({"TEST_MEDIA_ROOT": str(chosen), "PYTEST_XDIST_WORKER": "gw0"})
    second = media_root_for_tests({"TEST_MEDIA_ROOT": str(chosen), "PYTEST_XDIST_WORKER": "gw1"})
    assert first != second
    assert first.parent == second.parent == chosen.parent  # still where the caller chose
    media, private, child_media = _run_settings(
        TEST_MEDIA_ROOT=str(chosen), PYTEST_XDIST_WORKER="gw1"
    )
    assert media == child_media == str(second)
    assert private == f"{second}-private"
