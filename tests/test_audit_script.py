"""`make audit` (scripts/audit.py) over pip-audit's JSON report. The advisory data lives on
PyPI, off this machine, so a stand-in pip-audit prints the report a real one would."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "audit.py"

DJANGO_ADVISORY = {
    "name": "django",
    "version": "5.2.1",
    "vulns": [{"id": "PYSEC-2025-0001", "fix_versions": ["5.2.2"], "aliases": []}],
}
CLEAN = {"name": "wagtail", "version": "8.0.1", "vulns": []}
UNREACHABLE = {
    "name": "willow",
    "skip_reason": "Dependency not found on PyPI and could not be audited: willow (1.12.0)",
}


def run_audit(tmp_path, dependencies, **env):
    stand_in = tmp_path / "pip-audit"
    report = json.dumps({"dependencies": dependencies, "fixes": []})
    stand_in.write_text(f"#!/bin/sh\ncat <<'JSON'\n{report}\nJSON\n")
    stand_in.chmod(0o755)
    return subprocess.run(
        [sys.executable, str(SCRIPT)],
        capture_output=True,
        text=True,
        cwd=SCRIPT.parent.parent,
        env={"PATH": "/usr/bin:/bin", "PIP_AUDIT": str(stand_in), **env},
    )


def test_a_known_vulnerability_fails_and_is_named(tmp_path):
    result = run_audit(tmp_path, [DJANGO_ADVISORY, CLEAN])
    assert result.returncode == 1
    assert "VULNERABLE django 5.2.1: PYSEC-2025-0001 (fixed in 5.2.2)" in result.stdout
    assert "2 of 2 pinned packages audited, 1 with a known vulnerability" in result.stdout


def test_a_clean_audit_passes(tmp_path):
    result = run_audit(tmp_path, [CLEAN])
    assert result.returncode == 0
    assert "1 of 1 pinned packages audited, 0 with" in result.stdout
    assert "NOT AUDITED" not in result.stdout


@pytest.mark.parametrize(("required", "returncode"), [("", 0), ("1", 1)])
def test_unreachable_advisory_data_is_reported_and_fails_when_required(
    tmp_path, required, returncode
):
    result = run_audit(tmp_path, [CLEAN, UNREACHABLE], AUDIT_REQUIRED=required)
    assert result.returncode == returncode
    assert "1 of 2 pinned packages audited" in result.stdout
    assert "NOT AUDITED: 1 packages" in result.stdout
