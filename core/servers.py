"""Local servers of the development site (localstripe, the SMS/Zalo and VNPay stand-ins): a
port to listen on, and the file that says which one was taken. `make run` (scripts/serve.sh)
starts each on its port or the next free one and points the site at the port it reports."""

import errno
import os
import socket
import tempfile
from http.server import ThreadingHTTPServer
from pathlib import Path


class PortTaken(OSError):
    """No port to listen on: every one tried is held by another program."""


def listen(host: str, port: int, *, search: int = 0) -> socket.socket:
    """A socket listening on `port`, or, when another program holds it, on the first free one
    of the `search` ports after it. Bound here, before the port is announced: whatever port
    is reported is held by this process, so no one is pointed at another program's."""
    for candidate in range(port, port + search + 1):
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        # Restarting after Ctrl-C finds our old connections in TIME_WAIT; Linux still refuses
        # a port another socket is listening on.
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, candidate))
        except OSError as error:
            sock.close()
            if error.errno in (errno.EADDRINUSE, errno.EACCES):
                continue
            raise
        sock.listen(128)
        return sock
    last = port + search
    raise PortTaken(
        errno.EADDRINUSE,
        f"port {port} is in use by another program"
        if not search
        else f"ports {port} to {last} are all in use by other programs",
    )


def port_file_write(path: Path, port: int) -> None:
    """Written whole, then renamed: a reader never sees half a number."""
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    with os.fdopen(handle, "w") as file:
        file.write(f"{port}\n")
    os.replace(temporary, path)


def http_server_on(sock: socket.socket, handler) -> ThreadingHTTPServer:
    """A threading HTTP server answering on `sock`, the socket `listen` already bound (so the
    port reported is the port served)."""
    server = ThreadingHTTPServer(sock.getsockname()[:2], handler, bind_and_activate=False)
    server.socket.close()
    server.socket = sock
    server.daemon_threads = True
    return server
