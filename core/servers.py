"""Local servers of the development site (localstripe, the SMS/Zalo and VNPay stand-ins): a
port to listen on, and the file that says which one was taken. `make run` (scripts/serve.sh)
starts each on its port or the next free one and points the site at the port it reports."""

import argparse
import errno
import os
import socket
import sys
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


def standin_parser(description: str, *, port: int) -> argparse.ArgumentParser:
    """The command line every stand-in takes: --port, --search N (try the N ports after it
    when it is taken) and --port-file (where to say which port it took). A stand-in adds its
    own options to it."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--port", type=int, default=port)
    parser.add_argument("--search", type=int, default=0, metavar="N")
    parser.add_argument("--port-file", type=Path)
    return parser


def standin_serve(name: str, args: argparse.Namespace, server_make) -> None:
    """Listen as `args` say (or exit saying why), write the port file, then serve the server
    `server_make(sock)` builds on that socket until interrupted."""
    try:
        sock = listen("127.0.0.1", args.port, search=args.search)
    except OSError as error:
        sys.exit(f"{name}: {error}")
    if args.port_file:
        port_file_write(args.port_file, sock.getsockname()[1])
    server = server_make(sock)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
