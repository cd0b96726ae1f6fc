"""Relative URLs inside a feed's HTML made absolute, as feedparser does, without its cost.

feedparser runs every HTML value through an SGML parser that resolves the URL attributes
of a fixed list of elements (``<a href>``, ``<img src>`` …) and writes the whole fragment
out again; that rewrite is a third of its time. For nearly all HTML it changes nothing an
HTML parser would see but those URLs, so here the publisher's HTML is kept and only the
URLs feedparser would change are resolved, by feedparser's own function.

Where the rewrite would change the tree — markup the SGML parser and an HTML parser read
apart: ``<A<a``, ``<>``, ``<embed>``, ``<script>``, ``<p title>``, ``rel="NoFollow"``,
``<div class="x"/>``, an unknown ``&entity;``, an odd comment … — the value goes through
feedparser's own pass instead. Two scans find those places: :data:`_EVENT` over every
``<`` (it also finds the URLs to resolve) and :data:`_AMPERSAND` over every ``&``; the few
tags they point at are read strictly by :func:`_tag`. The result parses to the same tree
as feedparser's, attribute order and quoting aside, which the clean stage rewrites anyway
(``tests/test_fastfeed.py`` holds the two together on generated HTML). One difference is
left, too rare to pay a scan for: a tag that repeats an attribute keeps the first value,
as browsers do, where feedparser keeps the last.
"""

from __future__ import annotations

import re
import string
from collections.abc import Iterator
from functools import lru_cache
from html.entities import html5, name2codepoint

from feedparser.html import _BaseHTMLProcessor
from feedparser.urls import RelativeURIResolver, make_safe_absolute_uri
from feedparser.urls import resolve_relative_uris as feedparser_resolve

_URI_ATTRIBUTES: dict[str, frozenset[str]] = {
    tag: frozenset(a for t, a in RelativeURIResolver.relative_uris if t == tag)
    for tag, _ in RelativeURIResolver.relative_uris}
_URI_NAMES = sorted({name for names in _URI_ATTRIBUTES.values() for name in names})
# Written empty by feedparser (``<x />``, end tag dropped); lxml fills the ones read apart.
_VOID = frozenset(_BaseHTMLProcessor.elements_no_end_tag)
# Read apart: feedparser's voids that lxml fills, and elements whose content lxml takes as
# text while feedparser rewrites it as markup.
_READ_APART = frozenset({"command", "embed", "keygen", "source", "track", "wbr", "script",
                         "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes",
                         "noscript", "plaintext"})


def _alternatives(words: list[str]) -> str:
    """``words`` as an alternation grouped by first letter, which ``re`` rejects fast."""
    return "(?:" + _branches(words, "") + ")"


def _names(words: set[str] | frozenset[str]) -> str:
    """Tag names as top-level alternatives, each led by its first letter: ``re`` passes
    over an alternative whose first letter does not match without entering it."""
    return _branches(sorted(words), _NAME_END)


def _branches(words: list[str], end: str) -> str:
    by_first: dict[str, list[str]] = {}
    for word in sorted(words, key=len, reverse=True):
        by_first.setdefault(word[0], []).append(re.escape(word[1:]))
    return "|".join(f"{first}(?:{'|'.join(rests)}){end}"
                    for first, rests in sorted(by_first.items()))


def _any_case(word: str) -> str:
    """``word`` in any case, without IGNORECASE (which makes Python's ``re`` crawl)."""
    return "".join(f"[{c.lower()}{c.upper()}]" if c.isalpha() else re.escape(c) for c in word)


_WS = "[ \t\n\r\f]"
_NAME = "[a-zA-Z][-_.:a-zA-Z0-9]*+"  # sgmllib's tag name; an HTML parser reads it alike
_NAME_END = "(?![-_.:a-zA-Z0-9])"
_ATTRIBUTE_NAME = "[a-zA-Z_][-:.a-zA-Z_0-9]*+"
# Entities an HTML parser decodes without ";" (and "&notit;" as "¬it;") …
_LEGACY = "|".join(sorted((n for n in html5 if not n.endswith(";")), key=len, reverse=True))
# … and those feedparser writes back; it turns any other "&name;" into "&amp;name".
_KNOWN = "|".join(sorted({*name2codepoint, "apos"}, key=len, reverse=True))

# A plain absolute URL in an attribute: one feedparser's resolution gives back unchanged.
_PLAIN_PATH = (r"""(?:[^\t\n\r"'<>\\`?#;&]++|&(?:amp;|[a-zA-Z][a-zA-Z0-9]*+=)(?![?#])"""
               r"""|;(?![?#])|\?(?!#)|#)++"""
               r"(?<![\s?#;])")
_PLAIN_URL = (r"https?://[A-Za-z0-9](?:[A-Za-z0-9.-]*+(?<=[A-Za-z0-9]))?(?::[0-9]{1,5}+)?"
              rf"(?:/(?:{_PLAIN_PATH})?|\?(?!#){_PLAIN_PATH}|#{_PLAIN_PATH})?")
_SIMPLE_AMPERSAND = "&(?:amp;|[a-zA-Z][a-zA-Z0-9]*+=)"
_SIMPLE_VALUE = (f'"[^"<>&]*+(?:{_SIMPLE_AMPERSAND}[^"<>&]*+)*+"'
                 f"|'[^'<>&]*+(?:{_SIMPLE_AMPERSAND}[^'<>&]*+)*+'")
_URI_NAME = _alternatives(_URI_NAMES)
_LOWERED_NAME = _alternatives(["rel", "type"])  # feedparser lowercases their values
_LOWER_CASE_VALUE = """(?:"[-a-z0-9_ ./+;,:=]*+"|'[-a-z0-9_ ./+;,:=]*+')"""
# The common attribute, read in the scan over every tag: a lower-case name="value"; a URL
# attribute holds a plain URL, a rel or type no capital. Any other makes the tag an event.
_SIMPLE_ATTRIBUTE = (
    rf"""(?:{_URI_NAME}=(?:"{_PLAIN_URL}"|'{_PLAIN_URL}')|{_LOWERED_NAME}={_LOWER_CASE_VALUE}"""
    rf"|(?!(?:{_URI_NAME}|{_LOWERED_NAME})=)[a-z_][-:.a-z_0-9]*+=(?:{_SIMPLE_VALUE}))")
_SIMPLE_ATTRIBUTES = rf"(?:{_WS}++{_SIMPLE_ATTRIBUTE})++{_WS}*+"
_CLOSED = "|".join(f"(?<=<{_any_case(name)})" for name in sorted(_VOID - _READ_APART))
_PLAIN_TAG_END = (rf"(?!{_WS}*+/?>|{_SIMPLE_ATTRIBUTES}>"
                  rf"|(?:{_CLOSED}){_SIMPLE_ATTRIBUTES}/>)")  # "<x/>" only where lxml agrees
# Every "<" where feedparser's rewrite could change the tree: a tag to read strictly, an
# end tag the two read apart, or a "<" not before a letter (a comment, "<>", "<0/>" …).
# A plain tag costs ``re`` few steps.
_EVENT = re.compile(
    "<(?:"
    rf"{_names(_READ_APART)}|[a-z][-_.:a-z0-9]*+{_PLAIN_TAG_END}"  # read apart; odd
    rf"|{_names({name.upper() for name in _READ_APART})}|[A-Z][-_.:A-Z0-9]*+{_PLAIN_TAG_END}"
    r"|/(?![a-zA-Z][^<>/]*+>)"  # end tags the two read apart: "</ a>", "</a<b>", "</a/>"
    r"|(?=[^a-zA-Z/]))")
# The end tag of a void element: feedparser drops it, which joins the text around it.
_VOID_END = re.compile(rf"</(?:{'|'.join(_any_case(name) for name in sorted(_VOID))})"
                       rf"{_NAME_END}")
_COMMENT_END = re.compile("(?!-?>)(?:[^-]++|-(?!-))*+-->")  # after "<!--"
# feedparser's first rewrite: "<x/>" becomes "<x></x>" whatever x is.
_SHORT_TAG = re.compile(r"<[^<>\s]+?\s*/>")
# An "&" the two read apart in text (in a tag, the tag's reading decides).
_AMPERSAND = re.compile(
    rf"&(?:(?=[a-zA-Z])(?!(?:{_KNOWN});)(?:(?={_LEGACY})|(?=[a-zA-Z][-.a-zA-Z0-9]*+;))"
    rf"|(?=#?[a-zA-Z0-9]*+</(?:{'|'.join(_any_case(name) for name in sorted(_VOID))})"
    rf"{_NAME_END}))")  # a reference cut short by a "</br>" feedparser drops


def _value_ampersand(quote: str) -> str:
    """An ``&`` in an attribute value both read alike (feedparser turns ``&#34;`` into a
    quote before parsing; a legacy entity is decoded by one of them only)."""
    return (rf"&(?:#(?!{ord(quote)};)[0-9]++;?|#x[0-9a-fA-F]++;|[a-zA-Z][a-zA-Z0-9]*+[;=]"
            rf"|(?!(?:{_LEGACY})(?![a-zA-Z0-9]))(?=[a-zA-Z])|(?![a-zA-Z#]))")


_DOUBLE_QUOTED = '"(?:[^"<>&]++|' + _value_ampersand('"') + ')*+"'
_SINGLE_QUOTED = "'(?:[^'<>&]++|" + _value_ampersand("'") + ")*+'"
_UNQUOTED = r"[-a-zA-Z0-9./,:;+*%?!$()_#~@\[\]]++(?=[ \t\n\r\f>])"  # sgmllib's characters
_VALUE = f"(?:{_DOUBLE_QUOTED}|{_SINGLE_QUOTED}|{_UNQUOTED})"
# The one tag an event points at, read strictly; anything else goes to feedparser.
_TAG = re.compile(rf"<({_NAME})((?:{_WS}++{_ATTRIBUTE_NAME}{_WS}*+={_WS}*+{_VALUE})*+)"
                  rf"{_WS}*+(/?)>")
_ATTRIBUTE = re.compile(rf"{_WS}++({_ATTRIBUTE_NAME}){_WS}*+={_WS}*+({_VALUE})")
# What feedparser rewrites before parsing, inside comments and instructions too.
_REWRITTEN_FIRST = ("/>", "<!", "&#39;", "&#34;")
_LOWER_VALUE = re.compile(r"""["']?[-a-z0-9_ ./+;,:=]*+["']?""").fullmatch
# feedparser's reading of a value (sgmllib's entity_or_charref, feedparser's conversions).
_REFERENCE = re.compile(r"&(?:([a-zA-Z][-.a-zA-Z0-9]*)|#([0-9]+))(;?)")
_BARE_AMPERSAND = re.compile(r"&(?!#\d+;|#x[0-9a-fA-F]+;|\w+;)")
# A plain absolute URL: one that feedparser's resolution and newsmirror's absolutize (which
# escapes spaces, controls and quotes) leave exactly as it is (see the tests). PLAIN_LINK is
# the readable form, one character a step (the tests draw URLs from it); the compiled
# form takes runs at once and never steps back, so that no URL can make it crawl.
_LINK_START = r"https?://[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?(?::[0-9]{1,5})?"
_LINK_CHARACTER = r"""[^\x00-\x20\x7f\s"'<>\\`?#;]"""
_LINK_BODY = rf"(?:{_LINK_CHARACTER}|;(?![?#])|\?(?!#)|#)*{_LINK_CHARACTER}"
PLAIN_LINK = rf"{_LINK_START}(?:/(?:{_LINK_BODY})?|\?(?!#){_LINK_BODY}|#{_LINK_BODY})?"
_FAST_LINK_BODY = (rf"(?:{_LINK_CHARACTER}++|;(?![?#])|\?(?!#)|#)++"
                   rf"(?<={_LINK_CHARACTER})")
_PLAIN_LINK = re.compile(
    rf"{_LINK_START}(?:/(?:{_FAST_LINK_BODY})?|\?(?!#){_FAST_LINK_BODY}|#{_FAST_LINK_BODY})?"
).fullmatch
# The usual shape of a plain link, a strict subset of PLAIN_LINK that ``re`` matches in
# half the time (the tests check that it is a subset).
COMMON_LINK = rf"{_LINK_START}(?:/[-A-Za-z0-9._~/%!$&()*+,=:@]*+)?"
_COMMON_LINK = re.compile(COMMON_LINK).fullmatch


_LETTERS = frozenset(string.ascii_letters)


class _Unsure(Exception):  # noqa: N818 - reads as "raise _Unsure"
    """Here feedparser's rewrite may change the tree: its own pass must run."""


@lru_cache(maxsize=8192)  # the same link is asked about by the reader, then by parse_feed
def is_plain_url(url: str) -> bool:
    """An absolute http(s) URL that joining to any base, feedparser's way or urllib's, gives
    back unchanged; knowing it saves a ``urljoin`` per link (the tests check the claim)."""
    return _COMMON_LINK(url) is not None or _PLAIN_LINK(url) is not None


def resolve_relative_uris(html: str, base: str) -> str:
    """``html`` with the URL attributes feedparser resolves made absolute against ``base``."""
    try:
        if "&" in html:
            _check_ampersands(html)
        if "<" not in html:
            return html
        pieces: list[str] = []
        done = 0
        for start in _tags_to_read(html):
            if start < done:
                raise _Unsure  # inside a tag just rewritten
            end, tag = _tag(html, start, base)
            if tag is not None:
                pieces.append(html[done:start])
                pieces.append(tag)
                done = end
    except _Unsure:
        return resolve_exactly(html, base)
    return "".join(pieces) + html[done:] if pieces else html


def resolve_exactly(html: str, base: str) -> str:
    """feedparser's own pass, byte for byte: for titles (short, compared as strings) and
    for HTML the fast pass is not sure of."""
    if "<" not in html and "&" not in html:
        return html
    return str(feedparser_resolve(html, base, "utf-8", "text/html"))


def _check_ampersands(html: str) -> None:
    """:class:`_Unsure` at an ``&`` in text the two read apart (in a tag, the tag's reading
    decides). The last "<" and ">" before each one are carried along, not searched again."""
    opened = closed = done = -1
    for ampersand in _AMPERSAND.finditer(html):
        position = ampersand.start()
        opened = max(opened, html.rfind("<", done + 1, position))
        closed = max(closed, html.rfind(">", done + 1, position))
        done = position
        if opened <= closed or html[opened + 1] not in _LETTERS:
            raise _Unsure


def _tags_to_read(html: str) -> Iterator[int]:
    """Where the tags :data:`_EVENT` points at start; :class:`_Unsure` at any other
    event that may read apart."""
    skip_to = 0  # the end of a comment or instruction: no tags in there
    for event in _EVENT.finditer(html):
        start = event.start()
        if start < skip_to:
            continue
        after = html[start + 1]
        if after in _LETTERS:
            yield start
        elif after == "/":
            raise _Unsure
        else:
            skip_to = _not_a_tag(html, start)


def _not_a_tag(html: str, start: int) -> int:
    """A "<" before no letter: where the comment or instruction it opens ends (``start``
    if none); :class:`_Unsure` where the two read it apart."""
    if html.startswith("<!--", start):
        found = _COMMENT_END.match(html, start + 4)
        if found is None:
            raise _Unsure
        end = found.end()
    elif html.startswith("<?", start):
        end = html.find(">", start)
        end = len(html) if end < 0 else end + 1
    elif (html.startswith(("<!", "<>"), start) or _SHORT_TAG.match(html, start)
          or _VOID_END.match(html, start + 1)):
        raise _Unsure  # "<" joined to what follows a dropped "</br>" would be markup
    else:
        return start  # a "<" in text: "1 < 2"
    if any(rewritten in html[start + 2:end] for rewritten in _REWRITTEN_FIRST):
        raise _Unsure
    return end


def _tag(html: str, start: int, base: str) -> tuple[int, str | None]:
    """The tag at ``start`` read strictly: where it ends and, if feedparser would resolve
    a URL in it, the tag with that URL resolved; :class:`_Unsure` if it may read otherwise."""
    found = _TAG.match(html, start)
    if found is None:
        raise _Unsure
    name, attributes, closed = found.groups()
    lower = name.lower()
    if lower in _READ_APART:
        raise _Unsure
    if not attributes:
        return found.end(), None
    if closed and lower not in _VOID:
        raise _Unsure  # feedparser leaves such a tag open, lxml closes it
    seen = set()
    for attribute in _ATTRIBUTE.finditer(html, found.start(2), found.end()):
        key = attribute.group(1).lower()
        if key in seen or (key in ("rel", "type")
                           and not _LOWER_VALUE(attribute.group(2))):
            raise _Unsure
        seen.add(key)
    names = _URI_ATTRIBUTES.get(lower)
    if names is None or not seen & names:
        return found.end(), None
    tag = _resolve_attributes(html, found, names, base)
    return found.end(), (None if tag == found.group() else tag)


def _resolve_attributes(html: str, found: re.Match[str], names: frozenset[str],
                        base: str) -> str:
    """The tag ``found`` with its URL attributes resolved and written as feedparser does."""
    pieces: list[str] = []
    done = found.start()
    for attribute in _ATTRIBUTE.finditer(html, found.start(2), found.end()):
        if attribute.group(1).lower() not in names:
            continue
        value = attribute.group(2)
        if value[:1] in "'\"":
            value = value[1:-1]
        value = _REFERENCE.sub(_reference, value)
        # feedparser keeps the value when its resolution is refused (javascript: …)
        resolved = _resolve(base, value.strip()) or value
        pieces.append(html[done:attribute.start(2)])
        pieces.append('"' + _escape(resolved) + '"')
        done = attribute.end(2)
    return "".join(pieces) + html[done:found.end()]


def _reference(match: re.Match[str]) -> str:
    """sgmllib's ``_convert_ref`` with feedparser's conversions: references kept as written."""
    if match.group(2):
        return f"&#{match.group(2)};"
    return f"&{match.group(1)}{match.group(3)}"


@lru_cache(maxsize=4096)
def _resolve(base: str, url: str) -> str:
    return str(make_safe_absolute_uri(base, url))


def _escape(value: str) -> str:
    value = value.replace(">", "&gt;").replace("<", "&lt;").replace('"', "&quot;")
    return _BARE_AMPERSAND.sub("&amp;", value)


CACHES = (is_plain_url, _resolve)  # see fastfeed.clear_caches
