"""Read a response body in bounded memory: the bytes on the wire and the bytes they
decompress to are both capped while streaming.

httpx's own decoders inflate a whole network chunk at once with no output limit (64 KiB
of a gzip bomb is 64 MB), so the fetcher reads raw bytes and decodes them here, asking
zlib and brotli for at most the room left under the cap. An endless body, a 10 GB one or
a compression bomb therefore ends with a :class:`FetchError` at the cap.
"""

from __future__ import annotations

import zlib
from collections.abc import AsyncIterator
from typing import Protocol

import brotli

from newsmirror.errors import FetchError, RefusedError
from newsmirror.net.model import BodyLimit

ACCEPT_ENCODING = "gzip, deflate, br"
_IDENTITY = frozenset({"", "identity"})


class _OverflowError(Exception):
    """A decoder produced more than the room it was given."""


class _Decoder(Protocol):
    def decode(self, data: bytes, room: int) -> bytes:
        """Everything ``data`` decodes to; raises :class:`_OverflowError` past ``room`` bytes."""

    def finish(self, room: int) -> bytes:
        """What is still held back at the end of the body."""


class _Zlib:
    """gzip (several members too) and zlib; ``wbits`` as for :func:`zlib.decompressobj`."""

    def __init__(self, wbits: int) -> None:
        self._wbits = wbits
        self._inflater = zlib.decompressobj(wbits)

    def decode(self, data: bytes, room: int) -> bytes:
        out = bytearray()
        while data:
            out += self._inflater.decompress(data, room - len(out) + 1)
            if len(out) > room:
                raise _OverflowError
            if self._inflater.eof:  # a new gzip member may follow the one that ended
                data = self._inflater.unused_data
                if data:
                    self._inflater = zlib.decompressobj(self._wbits)
            else:
                data = self._inflater.unconsumed_tail
        return bytes(out)

    def finish(self, room: int) -> bytes:
        # Input is all consumed, so what is pending is at most the rest of one match.
        out = self._inflater.flush()
        if len(out) > room:
            raise _OverflowError
        return out


class _Deflate:
    """``deflate`` means zlib-wrapped data, but some servers send raw deflate: the first
    two bytes tell which (a zlib header is a multiple of 31 with method 8)."""

    def __init__(self) -> None:
        self._head = b""
        self._inner: _Zlib | None = None

    def decode(self, data: bytes, room: int) -> bytes:
        if self._inner is None:
            self._head += data
            if len(self._head) < 2:
                return b""
            cmf, flg = self._head[0], self._head[1]
            wrapped = cmf & 0x0F == 8 and (cmf * 256 + flg) % 31 == 0
            self._inner = _Zlib(zlib.MAX_WBITS if wrapped else -zlib.MAX_WBITS)
            data, self._head = self._head, b""
        return self._inner.decode(data, room)

    def finish(self, room: int) -> bytes:
        return self._inner.finish(room) if self._inner is not None else b""


class _Brotli:
    """brotli ≥ 1.2, whose decompressor stops at an output limit and keeps the rest."""

    def __init__(self) -> None:
        self._inflater = brotli.Decompressor()

    def decode(self, data: bytes, room: int) -> bytes:
        out = bytearray(self._inflater.process(data, output_buffer_limit=room + 1))
        while len(out) <= room and not self._inflater.can_accept_more_data():
            piece = self._inflater.process(b"", output_buffer_limit=room - len(out) + 1)
            if not piece:
                break
            out += piece
        if len(out) > room:
            raise _OverflowError
        return bytes(out)

    def finish(self, room: int) -> bytes:
        return b""


def _decoders(content_encoding: str) -> list[_Decoder]:
    """Decoders in the order to apply them (the reverse of the header's)."""
    decoders: list[_Decoder] = []
    for name in reversed([n.strip().lower() for n in content_encoding.split(",")]):
        if name in _IDENTITY:
            continue
        if name in ("gzip", "x-gzip"):
            decoders.append(_Zlib(zlib.MAX_WBITS | 32))  # gzip, or zlib sent as gzip
        elif name == "deflate":
            decoders.append(_Deflate())
        elif name == "br":
            decoders.append(_Brotli())
        else:
            raise FetchError(f"the server sent an unsupported Content-Encoding {name!r}")
    return decoders


async def read_body(chunks: AsyncIterator[bytes], content_encoding: str,
                    cap: BodyLimit) -> bytes:
    """The decoded body of raw ``chunks``; a :class:`RefusedError` once the wire bytes or
    the decoded bytes pass the limit."""
    limit = cap.bytes
    decoders = _decoders(content_encoding)
    body = bytearray()
    wire = 0
    try:
        async for chunk in chunks:
            wire += len(chunk)
            if wire > limit:
                raise RefusedError(f"body over the limit of {limit:,} bytes ({cap.setting})")
            body += _through(decoders, chunk, limit, limit - len(body))
        for number, decoder in enumerate(decoders):
            # What a decoder held back still passes through the decoders after it.
            tail = decoder.finish(limit if number + 1 < len(decoders) else limit - len(body))
            body += _through(decoders[number + 1:], tail, limit, limit - len(body))
    except _OverflowError:
        raise RefusedError(f"body decompresses to over the limit of {limit:,} bytes "
                           f"({cap.setting}): a compression bomb or an oversized body"
                           ) from None
    except (zlib.error, brotli.error) as exc:
        raise FetchError(f"cannot decompress the body ({content_encoding}): {exc}") from None
    return bytes(body)


def _through(decoders: list[_Decoder], data: bytes, limit: int, room: int) -> bytes:
    """``data`` through every decoder; the last one's output must fit in ``room``."""
    for number, decoder in enumerate(decoders):
        if not data:
            break
        data = decoder.decode(data, limit if number + 1 < len(decoders) else room)
    if len(data) > room:
        raise _OverflowError
    return data
