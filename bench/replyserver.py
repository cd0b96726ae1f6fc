"""A local HTTP server that answers every request with the same bytes, in a process of its
own (asyncio, keep-alive), so that a benchmark measures the client and not the server."""

from __future__ import annotations

import asyncio
import multiprocessing
from collections.abc import Iterator
from contextlib import contextmanager
from multiprocessing.connection import Connection


class _SameReply(asyncio.Protocol):
    """Answers every request on a connection with ``reply``, keeping it open."""

    def __init__(self, reply: bytes) -> None:
        self._reply = reply
        self._buffer = b""

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self._transport = transport

    def data_received(self, data: bytes) -> None:
        self._buffer += data
        while (end := self._buffer.find(b"\r\n\r\n")) >= 0:
            self._buffer = self._buffer[end + 4:]
            self._transport.write(self._reply)


def _serve(ready: Connection, reply: bytes) -> None:
    async def main() -> None:
        server = await asyncio.get_running_loop().create_server(
            lambda: _SameReply(reply), "127.0.0.1", 0, backlog=512)
        ready.send(server.sockets[0].getsockname()[1])
        await server.serve_forever()
    asyncio.run(main())


@contextmanager
def reply_server(reply: bytes) -> Iterator[int]:
    """A server answering ``reply`` to every request, for the block; yields its port."""
    receive, send = multiprocessing.get_context("fork").Pipe(duplex=False)
    server = multiprocessing.get_context("fork").Process(target=_serve, args=(send, reply),
                                                         daemon=True)
    server.start()
    try:
        yield int(receive.recv())
    finally:
        server.terminate()
        server.join()
