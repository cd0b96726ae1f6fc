"""Turn the bytes of a page or feed into text, even when its declared charset lies.

Order: a byte-order mark wins; then bytes that are valid UTF-8 with non-ASCII content are
UTF-8 (no legacy CJK text of any length is valid UTF-8 by accident, and servers often
declare a default they do not use), and so are bytes that are UTF-8 but for a few stray
bytes, which are replaced; then the HTTP header, the ``<meta>`` charset and the
XML declaration, each tried strictly; then a detector, which also overrules a Latin
declaration when it finds a multi-byte CJK encoding. Legacy Chinese names are read as
their supersets (GB2312/GBK → GB18030, Big5 → Big5-HKSCS) because pages use characters
beyond what they declare.
"""

from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_SUPERSETS = {
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "x-gbk": "gb18030",
    "cp936": "gb18030",
    "euc-cn": "gb18030",
    "big5": "big5hkscs",
    "cp950": "big5hkscs",
    "iso-8859-1": "cp1252",
    "iso8859-1": "cp1252",
    "latin-1": "cp1252",
    "ascii": "cp1252",
    "us-ascii": "cp1252",
}
# Single-byte declarations that are often a server's default rather than the truth.
_WEAK = frozenset({"cp1252", "iso8859-15", "iso8859-2"})
_MULTIBYTE = frozenset({"gb18030", "big5hkscs", "euc_jp", "shift_jis", "cp932", "euc_kr",
                        "cp949", "iso2022_jp", "utf-8", "utf-16", "utf-32"})
_HEADER_CHARSET = re.compile(r"charset\s*=\s*[\"']?([\w.:-]+)", re.IGNORECASE)
_META_CHARSET = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?\s*([\w.:-]+)", re.IGNORECASE)
_XML_ENCODING = re.compile(rb"<\?xml[^>]+encoding\s*=\s*[\"']([\w.:-]+)", re.IGNORECASE)
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")
_PRESCAN_BYTES = 4096
# Undeclared bytes are read as the CJK encoding they decode in with at most this share of
# invalid sequences (a page cut off mid-character has one or two), if they have enough
# non-ASCII bytes to tell.
_CJK_CANDIDATES = ("gb18030", "big5hkscs", "shift_jis", "euc_kr")
_CJK_MIN_BYTES = 200
_CJK_MAX_ERROR_RATE = 0.001
_DETECT_BYTES = 100_000
# A detector's multi-byte guess overrules a Latin declaration from this many non-ASCII bytes.
_OVERRULE_MIN_BYTES = 40
# UTF-8 with stray bytes: at least this many valid non-ASCII characters per bad sequence
# (GBK read as UTF-8 gives about 0.1; single-byte code pages about 0), and at least this
# many in all.
_UTF8_VALID_PER_ERROR = 5
_UTF8_MIN_VALID = 8


def decode(body: bytes, content_type: str | None = None) -> tuple[str, str]:
    """Decode ``body``; returns the text and the name of the encoding used."""
    for bom, name in _BOMS:
        if body.startswith(bom):
            return body.decode(name, errors="replace"), name
    declared = declared_charsets(body, content_type)
    if not body.isascii():
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError:
            if _mostly_utf8(body):
                return body.decode("utf-8", errors="replace"), "utf-8"
        else:
            return _utf8_or_declared_cjk(body, text, declared)
    for name in (d for d in declared if d not in _WEAK):
        if _decodes(body, name):
            return body.decode(name), name
    guess = _detect(body)
    weak = [d for d in declared if d in _WEAK]
    # A Latin declaration is often a server's default whatever the page's language: a
    # detector that finds a multi-byte CJK encoding knows better; another guess does not.
    if weak and not _plainly_multibyte(body, guess) and _decodes(body, weak[0]):
        return body.decode(weak[0]), weak[0]
    name = guess or "utf-8"
    return body.decode(name, errors="replace"), name


def _utf8_or_declared_cjk(body: bytes, text: str, declared: list[str]) -> tuple[str, str]:
    """Valid UTF-8 is UTF-8, unless a declared CJK encoding reads the bytes as more
    ideographs: a short GBK text can be valid UTF-8 by accident (一 is D2 BB, which UTF-8
    reads as a Cyrillic letter), never as Chinese."""
    for name in (d for d in declared if d in _MULTIBYTE and not d.startswith("utf")):
        if _decodes(body, name):
            reading = body.decode(name)
            if _ideographs(reading) > _ideographs(text):
                return reading, name
    return text, "utf-8"


def _ideographs(text: str) -> int:
    return len(_CJK.findall(text))


def _mostly_utf8(body: bytes) -> bool:
    """UTF-8 with a few bad bytes (a truncated character, one pasted Latin-1 byte): read
    as UTF-8 with those replaced, not as a single-byte code page that "decodes" it all into
    mojibake. A legacy encoding decoded as UTF-8 makes about one error per non-ASCII
    character; real UTF-8 text has many valid ones per stray byte."""
    text = body.decode("utf-8", errors="replace")
    errors = text.count("\ufffd")
    valid = sum(1 for char in text if char > "\x7f") - errors
    return valid >= max(_UTF8_MIN_VALID, _UTF8_VALID_PER_ERROR * errors)


def _detect(body: bytes) -> str:
    sample = body[:_DETECT_BYTES]
    best = from_bytes(sample).best()
    guess = normalise(best.encoding) if best is not None else ""
    if guess in _MULTIBYTE:
        return guess
    # charset-normalizer sometimes takes undeclared GBK for a Cyrillic code page: a CJK
    # multi-byte reading with next to no invalid sequences is the truth (text in a
    # single-byte script breaks multi-byte pairs at every odd-length word).
    return _cjk_reading(sample) or guess


def _plainly_multibyte(body: bytes, guess: str) -> bool:
    """Whether the detector's multi-byte guess is plain enough to overrule a declaration:
    enough non-ASCII bytes to tell, and next to none of them invalid in it (Latin text
    read as GBK breaks at every accented letter before a space)."""
    if guess not in _MULTIBYTE:
        return False
    sample = body[:_DETECT_BYTES]
    high = sum(1 for byte in sample if byte > 0x7F)
    errors = sample.decode(guess, errors="replace").count("\ufffd")
    return high >= _OVERRULE_MIN_BYTES and errors <= high * _CJK_MAX_ERROR_RATE


def _cjk_reading(sample: bytes) -> str:
    high = sum(1 for byte in sample if byte > 0x7F)
    if high < _CJK_MIN_BYTES:
        return ""
    errors = {name: sample.decode(name, errors="replace").count("\ufffd")
              for name in _CJK_CANDIDATES}
    name = min(errors, key=lambda candidate: errors[candidate])
    return name if errors[name] <= high * _CJK_MAX_ERROR_RATE else ""


def _decodes(body: bytes, name: str) -> bool:
    try:
        body.decode(name)
    except (UnicodeDecodeError, LookupError):
        return False
    return True


def declared_charsets(body: bytes, content_type: str | None) -> list[str]:
    """The charsets the header and the document declare, in order, normalised, unique."""
    found: list[str] = []
    if content_type and (match := _HEADER_CHARSET.search(content_type)):
        found.append(match.group(1))
    head = body[:_PRESCAN_BYTES]
    for pattern in (_META_CHARSET, _XML_ENCODING):
        if in_document := pattern.search(head):
            found.append(in_document.group(1).decode("ascii", errors="ignore"))
    unique: list[str] = []
    for name in found:
        normalised = normalise(name)
        if normalised and normalised not in unique:
            unique.append(normalised)
    return unique


def normalise(name: str) -> str:
    """A Python codec name for a declared charset, with the superset rule applied."""
    lowered = name.strip().lower().replace("_", "-")
    if lowered in _SUPERSETS:
        return _SUPERSETS[lowered]
    try:
        canonical = codecs.lookup(lowered).name
    except LookupError:
        return ""
    return _SUPERSETS.get(canonical, canonical)
