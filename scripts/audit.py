"""Known vulnerabilities in the pinned packages, from PyPI's advisory data (pip-audit).

Fails (exit 1) when a pinned package has a known vulnerability. pip-audit alone also passes
when it could not reach the advisory data and audited nothing ("Dependency not found on
PyPI"): this says so loudly, and fails too when AUDIT_REQUIRED=1 (set it where the advisory
data is reachable, so a closed network cannot pass for a clean audit)."""

import json
import os
import subprocess
import sys

command = [
    # The venv's pip-audit; PIP_AUDIT names another (the tests' stand-in for the advisory data).
    os.environ.get("PIP_AUDIT") or os.path.join(os.path.dirname(sys.executable), "pip-audit"),
    *("--requirement", "requirements.txt", "--no-deps", "--disable-pip"),
    *("--progress-spinner", "off", "--format", "json"),
]
result = subprocess.run(command, capture_output=True, text=True)
try:
    dependencies = json.loads(result.stdout)["dependencies"]
except (ValueError, KeyError):
    sys.stderr.write(result.stderr)
    sys.exit(f"pip-audit did not run: exit {result.returncode}")

vulnerable = [dep for dep in dependencies if dep.get("vulns")]
skipped = [dep for dep in dependencies if "skip_reason" in dep]
audited = len(dependencies) - len(skipped)
for dep in vulnerable:
    for vuln in dep["vulns"]:
        fixes = ", ".join(vuln.get("fix_versions", [])) or "no fixed release"
        print(f"VULNERABLE {dep['name']} {dep['version']}: {vuln['id']} (fixed in {fixes})")
print(
    f"pip-audit: {audited} of {len(dependencies)} pinned packages audited, "
    f"{len(vulnerable)} with a known vulnerability"
)
if skipped:
    print(
        f"NOT AUDITED: {len(skipped)} packages; the advisory data was not reachable "
        f"(first: {skipped[0]['skip_reason']})"
    )
if vulnerable:
    sys.exit(1)
if skipped and os.environ.get("AUDIT_REQUIRED") == "1":
    sys.exit("AUDIT_REQUIRED=1 and some packages could not be audited")
