"""CPU time of processes, read from /proc (Linux): the benches' "CPU ms a request"."""

import os
from pathlib import Path

TICKS = os.sysconf("SC_CLK_TCK")


def children(pid: int) -> list[int]:
    """The processes `pid` started (gunicorn's workers)."""
    path = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(p) for p in path.read_text().split()] if path.exists() else []


def cpu_ticks(pids, *, ended_ok: bool = False) -> int:
    """User and system CPU time of `pids`, in clock ticks (TICKS a second). `ended_ok`: a
    process that has ended meanwhile counts nothing (PostgreSQL's connections come and go)
    instead of failing."""
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            if not ended_ok:
                raise
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime (fields 14 and 15)
    return total


def command_line(pid) -> str:
    """The process's command line, its arguments joined by NUL; "" if it has ended."""
    try:
        return Path(f"/proc/{pid}/cmdline").read_text()
    except OSError:
        return ""
