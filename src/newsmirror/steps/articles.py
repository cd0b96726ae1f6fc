"""What archiving an article takes, the same whether a source's item is archived the
first time or an archived article is checked again: its page fetched as its source asks,
the article read from it, what the listing said about it, and a failure recorded for the
item's own retries."""

from __future__ import annotations

from datetime import datetime

from newsmirror.article import Article
from newsmirror.config import Source
from newsmirror.dates import now, zone
from newsmirror.errors import NotAnArticleError, RefusedError, describe
from newsmirror.extract import Hints
from newsmirror.extract.document import extract_document
from newsmirror.net import Fetcher, FetchResult
from newsmirror.steps.backoff import item_retry
from newsmirror.store import Archive


def record_item_failure(store: Archive, source: Source, url: str, error: Exception) -> None:
    """An item's page could not be had: counted, and tried again on its own schedule
    (a page that is refused — not HTML, too big — or that is no article but a list of
    links is not tried again)."""
    at = now()
    status = getattr(error, "status", None)
    store.failures.record(source.name, url, at, describe(error), status,
                          lambda attempts: item_retry(attempts,
                                                      final=isinstance(
                                                          error, RefusedError | NotAnArticleError)))
    store.log_fetch(source.name, url, "page", at, ok=False, http_status=status,
                    message=describe(error))


def item_hints(source: Source, title: str, author: str, published: datetime | None,
               image: str) -> Hints:
    """What a listing said about an article: a feed's title is the publisher's; a
    listing page's link text ("云南") is only a title when the page has no headline."""
    listed = source.kind == "page"
    return Hints(title="" if listed else title, link_text=title if listed else "",
                 author=author, published=published, image=image)


async def fetch_page(fetcher: Fetcher, source: Source, url: str) -> FetchResult:
    """An article's page, as ``source`` asks for its pages."""
    return await fetcher.fetch(url, expect="page", proxy=source.proxy or None,
                               robots=source.robots)


def page_article(source: Source, hints: Hints, page: FetchResult, article_url: str
                 ) -> Article:
    """The article in a fetched page. It is known by the link its source gave
    (``article_url``), wherever that link redirected."""
    return extract_document(page.body, page.final_url, page.content_type, rule=source.rule,
                            hints=hints, timezone=zone(source.timezone),
                            article_url=article_url)
