"""What feedparser does to every attribute and value it reads, for the fast path's readers.

Both readers of the fast path — :mod:`.lanes` for plain items, :mod:`.machine` for
the rest — hand feedparser's rules the attribute dictionaries its strict (SAX) parser would
build, and finish every value as feedparser's ``pop`` does (:func:`fix`).
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Sequence
from typing import Any

from feedparser.html import _cp1252
from feedparser.mixin import _FeedParserMixin
from lxml import etree

KNOWN_NAMESPACES: dict[str, str] = {
    uri.lower(): prefix for uri, prefix in _FeedParserMixin.namespaces.items()}
NO_ATTRIBUTES: dict[str, str] = {}  # shared: never written to
# feedparser's repair of "?a=1&amp;b=2" read as "&b;" in links.
AMPERSAND_REFERENCE = re.compile("&([A-Za-z0-9_]+);")
_XML_NAMESPACE = "http://www.w3.org/XML/1998/namespace"
_C1 = re.compile("[\x80-\x9f]")
_BEYOND_LATIN1 = re.compile("[^\x00-\xff]")
_C1_REFERENCE = re.compile(rb"&#(?:0*1(?:2[89]|[345][0-9])|[xX]0*[89][0-9a-fA-F]);")


def attributes_of(element: etree._Element) -> dict[str, str]:
    """The attribute dictionary feedparser's strict parser hands its handlers."""
    items = element.items()
    return attributes_from(items, element) if items else {}


def attributes_from(items: Sequence[tuple[Any, Any]], element: etree._Element) -> dict[str, str]:
    """:func:`attributes_of` for ``element``'s ``items()``."""
    found: dict[str, str] = dict(items)
    keys = "".join(found)
    if "{" in keys or not keys.islower():
        return _qualified_attributes(items, element)
    if "rel" in found:
        found["rel"] = found["rel"].lower()
    if "type" in found:
        found["type"] = found["type"].lower()
    return found


def _qualified_attributes(items: Sequence[tuple[Any, Any]],
                          element: etree._Element) -> dict[str, str]:
    """feedparser's two passes over SAX's attributes: each under its known prefix (else its
    local name), then each under the name written in the document (its qname)."""
    found: dict[str, str] = {}
    written: list[tuple[str, str]] = []
    for key, value in items:
        if key[0] == "{":
            namespace, local = key[1:].split("}", 1)
            prefix = KNOWN_NAMESPACES.get(namespace.lower(), "")
            found[f"{prefix}:{local}".lower() if prefix else local.lower()] = value
            written.append((f"{_written_prefix(namespace, element)}:{local}".lower(), value))
        else:
            found[key.lower()] = value
    found.update(written)
    for key in ("rel", "type"):
        if key in found:
            found[key] = found[key].lower()
    return found


def _written_prefix(namespace: str, element: etree._Element) -> str:
    """The prefix the document gives ``namespace`` where ``element`` is; ValueError where
    that cannot be told (no prefix, or several), which leaves the feed to feedparser."""
    if namespace == _XML_NAMESPACE:
        return "xml"
    prefixes = [prefix for prefix, uri in element.nsmap.items() if uri == namespace and prefix]
    if len(prefixes) != 1:
        raise ValueError(f"the prefix of {namespace} as written is not known")
    return str(prefixes[0])


def fix(output: str, c1: bool = True) -> str:
    """The last steps of feedparser's ``pop``: undo UTF-8 read as Latin-1, map C1 controls
    to cp1252 (``c1``: the document may hold some; see :func:`may_hold_c1`)."""
    if output.isascii():
        return output
    if not _BEYOND_LATIN1.search(output):  # else it cannot be UTF-8 bytes read as Latin-1
        with contextlib.suppress(UnicodeDecodeError):
            output = output.encode("iso-8859-1").decode("utf-8")
    return output.translate(_cp1252) if c1 and _C1.search(output) else output


def may_hold_c1(data: bytes) -> bool:
    """Whether UTF-8 ``data`` can yield a C1 control (U+0080-U+009F), itself or by reference:
    one look at the bytes spares a search of every value. ``bytes.find`` of one byte runs
    many times faster than a regular expression, so the rare bytes are looked for first."""
    last = len(data) - 1
    position = data.find(b"\xc2", 0, last)
    while position >= 0:
        if 0x80 <= data[position + 1] <= 0x9F:
            return True
        position = data.find(b"\xc2", position + 1, last)
    position = data.find(b"#")
    while position >= 0:
        if position and data[position - 1] == 0x26 and _C1_REFERENCE.match(data, position - 1):
            return True
        position = data.find(b"#", position + 1)
    return False
