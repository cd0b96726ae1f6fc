"""HTML as the stages hold it: a whole page parsed (:func:`parse_page`), and an article
body — an HTML fragment parsed into a ``<div>``, and written back out as that ``<div>``'s
inner HTML."""

from __future__ import annotations

import re
from html import escape

import lxml.html
from lxml import etree
from lxml.html import HtmlElement


def parse_fragment(html: str) -> HtmlElement:
    """Parse an HTML fragment into a ``<div>`` holding it (an empty one if it cannot be)."""
    try:
        return lxml.html.fragment_fromstring(html or "", create_parent="div")
    except (etree.ParserError, ValueError):
        return lxml.html.fragment_fromstring("", create_parent="div")


def inner_html(container: HtmlElement) -> str:
    """The inner HTML of ``container``. Its leading text is escaped like any other: written
    raw, ``&lt;script&gt;`` shown as text in an article would become a script."""
    parts = [escape(container.text or "", quote=False)]
    parts.extend(etree.tostring(child, encoding="unicode", method="html") for child in container)
    return "".join(parts)


# Comments and processing instructions go at parse time: nothing reads them, and text
# split around a comment confuses trafilatura (it loses the tail after it).
_PAGE_PARSER = lxml.html.HTMLParser(remove_comments=True, remove_pis=True,
                                    collect_ids=False)
# Control characters are not allowed in HTML, and lxml refuses them in the elements that
# later stages build from the page's text.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# An XHTML page's XML declaration: lxml refuses a decoded text that still declares an
# encoding ("Unicode strings with encoding declaration are not supported").
_XML_DECLARATION = re.compile(r"^\ufeff?\s*<\?xml[^>]*\?>", re.IGNORECASE)


def parse_page(html: str) -> HtmlElement:
    """Parse a whole page (decoded text); raises ``ValueError`` or lxml's
    ``ParserError`` when there is no document in it."""
    text = _XML_DECLARATION.sub("", _CONTROL.sub("", html), count=1)
    return lxml.html.document_fromstring(text, parser=_PAGE_PARSER)
