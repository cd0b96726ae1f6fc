"""The neutral form of an article stored before the archive was neutral.

Until schema 11 the clean stage wrote two choices of display into the archive: the
mirror style's inert tag links (``<ok href>``) and, for images = "proxy", image URLs
through the proxy. The archive now keeps real links and the original URLs, and every
output applies its display when it renders (``publish.display``). This turns a stored
body and lead image back, as exactly as what they were made from allows:

- ``<ok href="X">`` was an ``<a href="X">`` (its other attributes were dropped then; the
  ``rel`` the sanitizer gives every link is given back);
- an image URL that a proxy template makes is the URL it was made from; a template that
  drops the scheme (``{url_noscheme}``, the default) leaves it unknown, and ``https`` is
  taken (which the proxy gets the same way; revisions never differ by it: see
  ``Article.content_key``).

It works on the serialized HTML as the clean stage wrote it, so that the rest of each
line stays byte for byte the same.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from html import unescape
from urllib.parse import unquote

_INERT = re.compile(r'<ok href="([^"]*)">')
_SRC = re.compile(r'(<img\b[^>]*?\bsrc=")([^"]*)(")')


def neutral_html(html: str, original: Callable[[str], str | None]) -> str:
    """``html`` with inert links as links and proxied images by their original URLs."""
    if "<ok " in html:
        html = _INERT.sub(r'<a href="\1" rel="noopener noreferrer">', html)
        html = html.replace("</ok>", "</a>")
    if "<img" in html:
        html = _SRC.sub(lambda m: m[1] + _attribute(original(unescape(m[2])), m[2]) + m[3],
                        html)
    return html


def unproxy(templates: Sequence[str]) -> Callable[[str], str | None]:
    """A function that gives the URL an image proxy URL was made from by one of the
    ``templates`` (None: it is not one)."""
    patterns = [_pattern(template) for template in dict.fromkeys(templates) if template]

    def original(url: str) -> str | None:
        for pattern in patterns:
            found = pattern.fullmatch(url)
            if found is not None:
                groups = found.groupdict()
                if groups.get("url"):
                    return unquote(groups["url"])
                return "https://" + unquote(groups["noscheme"])
        return None

    return original


def _pattern(template: str) -> re.Pattern[str]:
    escaped = re.escape(template)
    return re.compile(escaped.replace(re.escape("{url}"), "(?P<url>.+)")
                      .replace(re.escape("{url_noscheme}"), "(?P<noscheme>.+)"))


def _attribute(url: str | None, written: str) -> str:
    """``url`` written as lxml writes an attribute value (``written`` when None)."""
    if url is None:
        return written
    return url.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace(
        '"', "&quot;")
