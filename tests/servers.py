"""Real HTTP(S) servers on 127.0.0.1 for the tests: routes by host and path, a request log,
and misbehaviours (delays, resets, wrong lengths) where a test asks for them."""

from __future__ import annotations

import contextlib
import socket
import ssl
import struct
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class Route:
    """What the server answers for one path."""

    body: bytes = b""
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0  # seconds before the headers are sent
    reset_after: int | None = None  # close the connection after this many body bytes
    abort: bool = False  # ...and close it with a TCP reset (RST), not a clean FIN
    chunks: Callable[[], Iterator[bytes]] | None = None  # a body streamed until it ends


@dataclass
class Request:
    method: str
    host: str
    path: str
    headers: dict[str, str]


class FixtureServer:
    """A threaded server; ``routes`` maps ``path`` or ``host/path`` to a :class:`Route`
    or to a callable returning one."""

    def __init__(self, tls: ssl.SSLContext | None = None) -> None:
        self.routes: dict[str, Route | Callable[[Request], Route]] = {}
        self.log: list[Request] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:
                host = (self.headers.get("Host") or "").split(":")[0]
                request = Request("GET", host, self.path, dict(self.headers.items()))
                server.log.append(request)
                route = server.routes.get(f"{host}{self.path}") or server.routes.get(self.path)
                if callable(route):
                    route = route(request)
                if route is None:
                    route = Route(b"not found", 404, {"Content-Type": "text/plain"})
                if route.delay:
                    time.sleep(route.delay)
                self.send_response(route.status)
                if route.chunks is not None:
                    self._stream(route)
                    return
                headers = {"Content-Length": str(len(route.body)), **route.headers}
                for name, value in headers.items():
                    self.send_header(name, value)
                self.end_headers()
                body = route.body
                if route.reset_after is not None:
                    body = body[:route.reset_after]
                with contextlib.suppress(OSError):
                    self.wfile.write(body)
                    self.wfile.flush()
                if route.reset_after is not None:
                    self.close_connection = True
                if route.abort:
                    self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER,
                                               struct.pack("ii", 1, 0))
                    self.connection.close()  # now, before the server's clean shutdown

            def _stream(self, route: Route) -> None:
                assert route.chunks is not None
                for name, value in {"Connection": "close", **route.headers}.items():
                    self.send_header(name, value)
                self.end_headers()
                self.close_connection = True
                with contextlib.suppress(OSError):
                    for chunk in route.chunks():
                        self.wfile.write(chunk)

            def log_message(self, *args: Any) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        if tls is not None:
            self._server.socket = tls.wrap_socket(self._server.socket, server_side=True)
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True,
                                        kwargs={"poll_interval": 0.05})  # quick stop

    @property
    def port(self) -> int:
        return int(self._server.server_address[1])

    def url(self, path: str = "/") -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def requests_for(self, path: str) -> list[Request]:
        return [r for r in self.log if r.path == path]

    def start(self) -> FixtureServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()


@contextlib.contextmanager
def serving(tls: ssl.SSLContext | None = None) -> Iterator[FixtureServer]:
    server = FixtureServer(tls).start()
    try:
        yield server
    finally:
        server.stop()
