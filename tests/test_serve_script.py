"""`make run` (scripts/serve.sh) and the local card gateway: when another program holds its
port, localstripe takes a free one, says which, and the site is pointed there; when it cannot
start at all, nothing is served. Links in emails carry the port the site is served on."""

import os
import socket
import subprocess
import sys
import textwrap
from contextlib import ExitStack
from pathlib import Path

import pytest
from django.conf import settings

from core.servers import PortTaken, listen

SERVE = Path(settings.BASE_DIR) / "scripts" / "serve.sh"


def _held(port: int = 0) -> socket.socket:
    """A port held by "another program": a socket listening on it."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", port))
    sock.listen()
    return sock


def _free_block(size: int) -> int:
    """The first of `size` consecutive free ports."""
    for start in range(21000, 60000, size + 3):
        try:
            with ExitStack() as stack:
                for port in range(start, start + size):
                    stack.enter_context(_held(port))
            return start
        except OSError:
            continue
    raise RuntimeError("no free block of ports")


def test_listen_takes_the_next_free_port_when_another_program_holds_it():
    with _held() as other:
        taken = other.getsockname()[1]
        with listen("127.0.0.1", taken, search=20) as ours:
            assert ours.getsockname()[1] != taken
        with pytest.raises(PortTaken):
            listen("127.0.0.1", taken, search=0)


@pytest.fixture
def fake_python(tmp_path):
    """Runs localstripe for real; in place of runserver, says where the site would send card
    payments and its email links, and whether localstripe answers there."""
    script = tmp_path / "python"
    script.write_text(
        textwrap.dedent(
            f"""\
            #!/bin/sh
            if [ "$1" = manage.py ]; then
              exec {sys.executable} -c '
            import os, requests, socket, sys
            # Listen where runserver would, until the banner has seen the site answer.
            site = socket.create_server(("127.0.0.1", int(sys.argv[-1].rsplit(":", 1)[1])))
            base = os.environ["STRIPE_API_BASE"]
            print("STRIPE_API_BASE=" + base)
            print("LINKS=" + os.environ["WAGTAILADMIN_BASE_URL"])
            answer = requests.get(base + "/v1/customers", auth=("sk_test_x", ""), timeout=5)
            print("ANSWER=" + str(answer.json().get("object")))
            sms = os.environ["ESMS_API_URL"]
            print("SMS=" + sms)
            standin = sms.split("/MainService")[0]
            print("SMS_ANSWER=" + str(requests.get(standin + "/_messages", timeout=5).json()))
            site.settimeout(30)
            site.accept()[0].close()
            ' "$@"
            fi
            exec {sys.executable} "$@"
            """
        )
    )
    script.chmod(0o755)
    return script


def _serve(fake_python, *, stripe_port: int, port: int) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("WAGTAILADMIN_BASE_URL",)}
    env.update(PY=str(fake_python), PORT=str(port), LOCALSTRIPE_PORT=str(stripe_port))
    return subprocess.run(
        ["bash", str(SERVE)],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_make_run_moves_the_card_gateway_off_a_taken_port_and_says_so(fake_python):
    start = _free_block(3)
    with _held(start):
        result = _serve(fake_python, stripe_port=start, port=start + 2)
    out = result.stdout
    assert result.returncode == 0, result.stdout + result.stderr
    values = dict(line.split("=", 1) for line in out.splitlines() if "=" in line)
    chosen = int(values["STRIPE_API_BASE"].rsplit(":", 1)[1])
    assert chosen != start
    assert f"Local Stripe     http://127.0.0.1:{chosen}/" in out
    assert f"port {start} is taken by another program" in out
    assert values["ANSWER"] == "list"  # localstripe itself answers there
    assert values["LINKS"] == f"http://127.0.0.1:{start + 2}"  # email links follow PORT
    # Messages by SMS and Zalo go to the local stand-in, which answers there.
    assert values["SMS"].startswith("http://127.0.0.1:")
    assert values["SMS_ANSWER"] == "{'messages': []}"
    assert "SMS and Zalo     http://127.0.0.1:" in out
    with _held(chosen):  # localstripe stopped with the site
        pass


def test_make_run_stops_with_a_clear_message_when_the_card_gateway_cannot_start(fake_python):
    start = _free_block(22)
    with ExitStack() as stack:
        for port in range(start, start + 21):  # the port and the 20 after it
            stack.enter_context(_held(port))
        result = _serve(fake_python, stripe_port=start, port=start + 21)
    assert result.returncode == 1
    assert "STRIPE_API_BASE=" not in result.stdout  # the site was not started
    assert "Chợ Phiên is running" not in result.stdout
    assert "could not start" in result.stderr and "LOCALSTRIPE_PORT=" in result.stderr
    assert "Traceback" not in result.stderr


def test_email_links_default_to_the_port_the_site_is_served_on():
    env = {k: v for k, v in os.environ.items() if k != "WAGTAILADMIN_BASE_URL"}
    env.update(DJANGO_SETTINGS_MODULE="config.settings.dev", PORT="8123")
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "from django.conf import settings; print(settings.WAGTAILADMIN_BASE_URL)",
        ],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.strip() == "http://127.0.0.1:8123"
