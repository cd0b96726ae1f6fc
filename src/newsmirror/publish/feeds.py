"""The mirror's outgoing feeds: one per source and one for the whole mirror, each as
Atom, RSS 2.0 and JSON Feed, full text, beside the pages they list.

A feed is a view of the archive like a page: the body is the stored one, shown as the
source's display says (inert tag links, images through the proxy), except that a feed
is read away from the mirror, so every URL in it must stand alone: a local image copy is
given by its address under ``[publish] base_url``, or, without one, by its original URL.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from html import escape
from pathlib import PurePosixPath

from newsmirror import __version__
from newsmirror.publish.display import Display
from newsmirror.publish.history import shown_time
from newsmirror.publish.model import LocalImages, SourcePage
from newsmirror.publish.paths import checked
from newsmirror.publish.titles import shown_title
from newsmirror.store.model import StoredArticle
from newsmirror.syndication import FeedEntry, FeedInfo, atom_feed, json_feed, rss_feed

# file name → writer; the same names in the mirror's top folder and in each source's
FEED_FILES: dict[str, Callable[[FeedInfo, Sequence[FeedEntry]], bytes]] = {
    "atom.xml": atom_feed, "rss.xml": rss_feed, "feed.json": json_feed,
}
_SUMMARY = 200  # characters of the text that stand as an entry's summary


def feed_paths(source: str | None) -> dict[str, PurePosixPath]:
    """Where the feeds of ``source`` (of the whole mirror when ``None``) go."""
    folder = PurePosixPath(source) if source is not None else PurePosixPath()
    return {name: checked(folder / name) for name in FEED_FILES}


def feed_info(title: str, language: str, source: str | None, base_url: str,
              home: PurePosixPath) -> FeedInfo:
    """The feed's own fields; its URLs (``base_url``: the address of the folder the feeds
    are in; ``home``: the page they are the feeds of) only when that address is known."""
    paths = feed_paths(source)
    if not base_url:
        return FeedInfo(id=f"urn:newsmirror:feed:{source or ''}", title=title,
                        language=language, version=__version__)
    return FeedInfo(
        id=base_url + str(paths["atom.xml"]), title=title, language=language,
        home_url=base_url + str(home), atom_url=base_url + str(paths["atom.xml"]),
        rss_url=base_url + str(paths["rss.xml"]), json_url=base_url + str(paths["feed.json"]),
        version=__version__)


def feed_display(page_display: Display, source: SourcePage, images: LocalImages,
                 base_url: str) -> Display:
    """A page's display for a feed, read away from the mirror: a local image copy by its
    address under ``base_url``, or by its original URL when that is not known."""
    if source.images != "local":
        return page_display

    def copy(url: str) -> str:
        found = images.get(url)
        return base_url + str(found) if found is not None and base_url else url

    return Display(page_display.inert_links, copy)


def feed_entry(article: StoredArticle, display: Display, labels: Mapping[str, str],
               link: str) -> FeedEntry:
    """One article as a feed entry, read at ``link``: its notices (removed at source; only
    a summary yet) and its lead image before the body, as its page shows them."""
    head = []
    if article.removed_at is not None:
        head.append(f"<p><strong>{escape(labels['removed'])} "
                    f"{escape(shown_time(article.removed_at))}</strong></p>")
    if article.body_from == "summary":
        head.append(f"<p><em>{escape(labels['placeholder'])}</em></p>")
    image = display.lead_image(article.lead_image)
    if image and not article.lead_image_in_body:
        caption = (f"<figcaption>{escape(article.caption)}</figcaption>"
                   if article.caption else "")
        head.append(f'<figure><img src="{escape(image)}" alt="">{caption}</figure>')
    return FeedEntry(
        id=article.url, link=link, original=article.url,
        title=shown_title(article.title, article.text, article.url),
        content_html="".join(head) + display.body(article.html),
        summary=_summary(article.text), published=article.published or article.first_seen,
        updated=article.fetched_at, author=article.author, image=image)


def _summary(text: str) -> str:
    words = " ".join(text.split())
    return words if len(words) <= _SUMMARY else words[:_SUMMARY].rstrip() + "…"
