"""A mirror with enough articles for the static site's pages: two sources, one with
images = "local" (and a local copy of its images), 65 articles over three days in one of
them (three pages), an edited article and one removed at source; its site built, search
page and index too (the index only where Pagefind runs: tests marked ``pagefind``, and
module-scoped fixtures)."""

from __future__ import annotations

import hashlib
import re
import zlib
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

from lxml import html as lxml_html

from mirrors import make_mirror
from newsmirror.article import Article
from newsmirror.config import Mirror
from newsmirror.site.mirror import build_site
from newsmirror.site.search.step import build_search
from newsmirror.store import PageChecks, Store
from newsmirror.store.model import ImageCopy

T0 = datetime(2022, 1, 10, 5, tzinfo=UTC)
IMAGE_URL = "https://img.example/photo.png"
DW_ARTICLES = 65


def png() -> bytes:
    """A 1×1 PNG."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (len(data).to_bytes(4, "big") + kind + data
                + zlib.crc32(kind + data).to_bytes(4, "big"))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", bytes.fromhex("00000001000000010806000000"))
            + chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00\xff")) + chunk(b"IEND", b""))


def dw_article(number: int) -> Article:
    return Article(
        url=f"https://www.dw.com/zh/a-{number}", title=f"北约第{number}次会谈",
        html=f"<p>北约与俄罗斯第{number}次会谈在日内瓦举行。北約秘書長說，雙方分歧仍大。</p>"
             f"<p>Story {number}: NATO and Russia met in Geneva.</p>",
        text=f"北约与俄罗斯第{number}次会谈在日内瓦举行。", author="记者 王",
        published=T0 + timedelta(hours=number))


def local_article(number: int) -> Article:
    return Article(
        url=f"https://local.example/n/{number}", title=f"本地图片 {number}",
        html=f'<p>图片新闻 {number}。</p><figure><img src="{IMAGE_URL}"></figure>',
        text=f"图片新闻 {number}。", lead_image=IMAGE_URL, caption="图：说明",
        published=T0 + timedelta(hours=number))


CONFIG = """[mirror]
title = "测试镜像"

[[sources]]
name = "dw"
url = "https://rss.dw.com/rdf/rss-chi-all"
title = "德国之声"

[[sources]]
name = "local"
url = "https://local.example/feed"
title = "本地"
images = "local"
"""


def site_mirror(folder: Path, extra: str = "") -> Mirror:
    """The mirror, archived and with its site built."""
    mirror = make_mirror(folder, CONFIG + extra)
    data = png()
    digest = hashlib.sha256(data).hexdigest()
    media = mirror.output / "media" / digest[:2] / f"{digest}.png"
    media.parent.mkdir(parents=True, exist_ok=True)
    media.write_bytes(data)
    with Store(mirror.paths.database) as store:
        for number in range(DW_ARTICLES):
            store.save_article("dw", dw_article(number), T0 + timedelta(hours=number))
        for number in range(3):
            store.save_article("local", local_article(number), T0 + timedelta(hours=number))
        store.images.record_copy(IMAGE_URL, "local", ImageCopy(digest, "image/png", "png",
                                                               len(data)), T0)
        edited = dw_article(64)
        store.save_article("dw", replace(
            edited, html=edited.html.replace("日内瓦", "维也纳"),
            text=edited.text.replace("日内瓦", "维也纳")), T0 + timedelta(days=3))
        removed = store.article(_id("https://www.dw.com/zh/a-63"))
        assert removed is not None
        PageChecks(store).mark_removed(removed.id, T0 + timedelta(days=3),
                                       T0 + timedelta(days=3, hours=1), "404")
        build_site(mirror, store)
        build_search(mirror, store)
    return mirror


def _id(url: str) -> str:
    from newsmirror.urls import article_id
    return article_id(url)


def pages(root: Path) -> dict[Path, lxml_html.HtmlElement]:
    """Every HTML page of the site, parsed."""
    return {path: lxml_html.fromstring(path.read_bytes()) for path in root.rglob("*.html")}


URL_ATTRIBUTES = ("href", "src", "action", "formaction", "poster", "data", "srcset")
SCHEME = re.compile(r"^\s*([a-zA-Z][a-zA-Z0-9+.-]*):")
