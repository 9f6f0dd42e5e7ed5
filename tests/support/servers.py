"""The local stand-ins the tests talk to over HTTP (localstripe, the SMS/Zalo and the VNPay
stand-ins), each started once per run as its own process, as `make run` starts them."""

import contextlib
import socket
import subprocess
import sys
import time

import pytest
import requests


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def local_server(module: str, *arguments: str, probe: str, name: str, auth=None):
    """`python -m <module> --port <free port> <arguments>`, yielded as its base URL once a GET
    of `probe` answers. On a busy machine (CI's two passes side by side) its first answer can
    take longer than a second, which is a slow start, not a failed one: a minute is allowed."""
    port = _free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", module, "--port", str(port), *arguments],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            requests.get(f"{url}{probe}", auth=auth, timeout=5)
            break
        except (requests.ConnectionError, requests.Timeout):
            if time.monotonic() > deadline or process.poll() is not None:
                process.kill()
                pytest.fail(f"{name} did not start")
            time.sleep(0.1)
    try:
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)
