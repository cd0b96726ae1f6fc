"""One page through decode → extract → clean: what ``run`` does to each page it fetches
and ``newsmirror extract`` to each input. Its own module so that ``extract`` loads no
network, feed or publishing code."""

from __future__ import annotations

import dataclasses
from datetime import UTC, tzinfo

from newsmirror.article import Article
from newsmirror.clean import clean_article
from newsmirror.extract import ExtractionRule, Hints, extract_page
from newsmirror.text.encoding import decode


def extract_document(body: bytes, url: str, content_type: str = "", *,
                     rule: ExtractionRule | None = None, hints: Hints | None = None,
                     timezone: tzinfo = UTC, article_url: str = "") -> Article:
    """Decode, extract and clean one page (what ``run`` and ``extract`` both do)."""
    html, _ = decode(body, content_type)
    extracted = extract_page(html, url, rule=rule, hints=hints, timezone=timezone)
    if article_url:
        extracted = dataclasses.replace(extracted, url=article_url)
    return clean_article(extracted)
