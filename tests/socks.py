"""A SOCKS5 proxy on 127.0.0.1 for the tests (RFC 1928, with RFC 1929 user and password
when given). It connects only to loopback: names are looked up in ``pins``."""

from __future__ import annotations

import contextlib
import socket
import socketserver
import struct
import threading
from collections.abc import Iterator


def _exactly(conn: socket.socket, size: int) -> bytes:
    data = b""
    while len(data) < size:
        piece = conn.recv(size - len(data))
        if not piece:
            raise ConnectionError("client went away")
        data += piece
    return data


def _pipe(source: socket.socket, target: socket.socket) -> None:
    with contextlib.suppress(OSError):
        while piece := source.recv(65536):
            target.sendall(piece)
    with contextlib.suppress(OSError):
        target.shutdown(socket.SHUT_WR)


class Socks5Server:
    def __init__(self, pins: dict[str, int], credentials: tuple[str, str] | None = None) -> None:
        self.pins = pins  # host name → port on 127.0.0.1
        self.credentials = credentials
        self.targets: list[str] = []
        proxy = self

        class Handler(socketserver.BaseRequestHandler):
            def handle(self) -> None:
                with contextlib.suppress(ConnectionError, OSError):
                    proxy._serve(self.request)

        self._server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def port(self) -> int:
        return int(self._server.server_address[1])

    def _serve(self, conn: socket.socket) -> None:
        _, count = _exactly(conn, 2)
        methods = _exactly(conn, count)
        if self.credentials is None:
            conn.sendall(b"\x05\x00")
        elif 2 in methods:
            conn.sendall(b"\x05\x02")
            _exactly(conn, 1)
            user = _exactly(conn, _exactly(conn, 1)[0]).decode()
            password = _exactly(conn, _exactly(conn, 1)[0]).decode()
            if (user, password) != self.credentials:
                conn.sendall(b"\x01\x01")
                return
            conn.sendall(b"\x01\x00")
        else:
            conn.sendall(b"\x05\xff")
            return
        _, command, _, kind = _exactly(conn, 4)
        if kind == 3:
            host = _exactly(conn, _exactly(conn, 1)[0]).decode()
        else:
            host = socket.inet_ntop(socket.AF_INET if kind == 1 else socket.AF_INET6,
                                    _exactly(conn, 4 if kind == 1 else 16))
        port = struct.unpack("!H", _exactly(conn, 2))[0]
        self.targets.append(f"{host}:{port}")
        if command != 1 or (host not in self.pins and not host.startswith("127.")):
            conn.sendall(b"\x05\x02\x00\x01" + bytes(6))  # not allowed
            return
        upstream = socket.create_connection(("127.0.0.1", self.pins.get(host, port)))
        conn.sendall(b"\x05\x00\x00\x01" + bytes(6))
        back = threading.Thread(target=_pipe, args=(upstream, conn), daemon=True)
        back.start()
        _pipe(conn, upstream)
        back.join(5)
        upstream.close()


@contextlib.contextmanager
def socks5(pins: dict[str, int],
           credentials: tuple[str, str] | None = None) -> Iterator[Socks5Server]:
    server = Socks5Server(pins, credentials)
    server._thread.start()
    try:
        yield server
    finally:
        server._server.shutdown()
        server._server.server_close()
