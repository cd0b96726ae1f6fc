"""Listening: the socket is bound before uvicorn starts, so that a port in use is a
clear message (and ``--port 0`` a free port that the start line names), then uvicorn
serves on it until Ctrl-C or SIGTERM."""

from __future__ import annotations

import socket

import uvicorn
from starlette.types import ASGIApp


def bind(host: str, port: int) -> socket.socket:
    """A listening TCP socket on ``host``:``port`` (raises OSError)."""
    family, kind, proto, _, address = socket.getaddrinfo(
        host.strip("[]"), port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)[0]
    listener = socket.socket(family, kind, proto)
    try:
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(address)
        listener.listen(128)
    except OSError:
        listener.close()
        raise
    return listener


def address(listener: socket.socket) -> str:
    """``http://host:port/`` of a bound socket."""
    host, port = listener.getsockname()[:2]
    return f"http://[{host}]:{port}/" if ":" in host else f"http://{host}:{port}/"


def server(app: ASGIApp) -> uvicorn.Server:
    """uvicorn for ``app``: no access log (a ``?token=`` would be written in it), no
    Server header, no proxy headers believed."""
    return uvicorn.Server(uvicorn.Config(
        app, log_level="warning", access_log=False, server_header=False,
        proxy_headers=False, lifespan="off"))


def serve(app: ASGIApp, listener: socket.socket) -> None:
    """Serve ``app`` on ``listener`` until Ctrl-C or SIGTERM."""
    with listener:
        server(app).run(sockets=[listener])
