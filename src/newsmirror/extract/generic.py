"""Generic extraction with trafilatura, for pages no site rule covers."""

from __future__ import annotations

from dataclasses import dataclass

from lxml import etree


@dataclass(frozen=True)
class GenericResult:
    """trafilatura's body (as simple HTML) and the metadata it found."""

    html: str
    title: str = ""
    author: str = ""
    date: str = ""
    image: str = ""


def extract_generic(html: str, url: str) -> GenericResult | None:
    """Run trafilatura; ``None`` when it finds no main text."""
    # Imported here: trafilatura takes most of a second to import, and the CLI's other
    # commands (status, --help) should not pay for it.
    import trafilatura
    from trafilatura.htmlprocessing import convert_to_html

    document = trafilatura.bare_extraction(
        html, url=url, with_metadata=True, include_comments=False, include_tables=True,
        include_images=True, include_links=True, include_formatting=True,
    )
    if document is None or isinstance(document, dict) or document.body is None:
        return None
    if not (document.text or "").strip():
        return None
    body = convert_to_html(document.body).find("body")
    if body is None:
        return None
    parts = [etree.tostring(child, encoding="unicode", method="html") for child in body]
    return GenericResult(
        html="".join(parts),
        title=document.title or "",
        author=document.author or "",
        date=document.date or "",
        image=document.image or "",
    )
