"""The search page in a real browser (headless Chromium), the site served under a sub-path
of a server on 127.0.0.1: 北约 and 北約 find the same articles, a one-character word finds
the articles holding it even inside a longer word, nothing comes from another host, and
opened from disk the page says that search needs a web address."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from browser import MOBILE, phone_pages, served, shot, under_sub_path
from mirrors import make_mirror
from newsmirror.article import Article
from newsmirror.site.mirror import build_site
from newsmirror.site.search import parts
from newsmirror.site.search.folding import indexed
from newsmirror.site.search.step import build_search
from newsmirror.store import Store
from sites import T0
from test_site_search import ARTICLES, CONFIG, search_mirror

pytestmark = pytest.mark.pagefind


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    mirror = search_mirror(tmp_path_factory.mktemp("search") / "m")
    sizes = [len(indexed(f"{title} {text}")) for title, text in ARTICLES.values()]
    with pytest.MonkeyPatch.context() as patch, Store(mirror.paths.database) as store:
        # in three parts, merged by the page: two full, and a piece of the tail
        patch.setattr(parts, "PART_CHARS", sizes[0] + sizes[1])
        patch.setattr(parts, "TAIL_CHARS", 1)
        report = build_search(mirror, store)
    assert (report.error, report.parts) == ("", 3)
    return mirror.output / "site"


def titles(*slugs: str) -> set[str]:
    return {ARTICLES[slug][0] for slug in slugs}


def ask(page: Any, words: str) -> set[str]:
    """Type ``words`` and press Enter; the titles of the results, once shown."""
    box = page.get_by_role("searchbox")
    box.fill(words)
    box.press("Enter")
    # (a selector, not a script: the page's policy allows no script but its own)
    page.wait_for_selector(f'#search-results[aria-busy="false"][data-query="{words}"]',
                           state="attached")
    return set(page.locator("#search-results li h2 a").all_inner_texts())


def test_search_finds_simplified_traditional_and_one_character_words(browser: Any, site: Path,
                                                                   tmp_path: Path) -> None:
    with under_sub_path(site, tmp_path) as base:
        for scheme, page, requests in phone_pages(browser):
            page.goto(f"{base}/mirror/site/index.html")
            page.locator("header.site a.search").click()
            assert page.url == f"{base}/mirror/site/search.html"
            page.wait_for_selector("form.search input:not([disabled])")
            nato = titles("nato", "nato-hant")  # 北京的约定 holds 北 and 约, not 北约
            assert ask(page, "北约") == nato
            assert ask(page, "北約") == nato
            assert ask(page, "俄") == titles("russia")  # inside 中俄: one character
            assert ask(page, "约") == titles("nato", "nato-hant", "beijing")  # two parts
            assert ask(page, "秘書長") == titles("nato-hant")
            assert ask(page, "北约 布鲁塞尔") == titles("nato")  # both words
            assert ask(page, "台风") == set()
            assert page.locator("#search-status").inner_text() == "没有找到含有这些字词的文章。"
            assert ask(page, "北约") == nato
            assert page.locator("#search-status").inner_text() == "找到 2 篇"
            assert page.locator("#search-results mark").count() >= 2
            shot(page, f"search-{scheme}")
            page.get_by_role("link", name="北約秘書長談話").click()
            assert page.url.startswith(f"{base}/mirror/site/news/2022/01/10/")
            assert page.locator("article h1").inner_text() == "北約秘書長談話"
            page.goto(f"{base}/mirror/site/search.html?q=%E4%BF%84")  # ?q=俄: shareable
            page.wait_for_selector('#search-results[data-query="俄"]', state="attached")
            assert page.locator("#search-results li").count() == 1
            hosts = {urlsplit(url).netloc for url in requests}
            assert hosts == {urlsplit(base).netloc}, hosts
            assert all(urlsplit(url).path.startswith("/mirror/site/") for url in requests)


def test_from_disk_the_page_says_search_needs_a_web_address(browser: Any, site: Path) -> None:
    context = browser.new_context(viewport=MOBILE)
    page = context.new_page()
    page.goto((site / "search.html").as_uri())
    page.wait_for_load_state("load")
    notice = page.locator("#search-status")
    assert notice.is_visible() and "file://" in notice.inner_text()
    assert page.get_by_role("searchbox").is_disabled()
    shot(page, "search-file")
    page.goto((site / "index.html").as_uri())  # the rest of the site reads from disk
    page.locator("header.site a").first.click()
    assert page.url.endswith("/site/index.html")
    context.close()


def test_more_results_come_twenty_at_a_time(browser: Any, tmp_path: Path) -> None:
    mirror = make_mirror(tmp_path / "m", CONFIG)
    with Store(mirror.paths.database) as store:
        for number in range(45):
            store.save_article("news", Article(
                url=f"https://news.example/{number}", title=f"北约新闻 {number}",
                html="<p>讲话。</p>", text=f"北约秘书长第{number}次讲话。",
                published=T0 + timedelta(hours=number)), T0 + timedelta(hours=number))
        build_site(mirror, store)
        build_search(mirror, store)
    with served(mirror.output / "site") as base:
        context = browser.new_context(viewport=MOBILE)
        page = context.new_page()
        page.goto(f"{base}/search.html?q=%E5%8C%97%E7%BA%A6")  # ?q=北约
        page.wait_for_selector('#search-results[aria-busy="false"][data-query="北约"]',
                               state="attached")
        results, more = page.locator("#search-results li"), page.locator("#search-more")
        assert (results.count(), more.is_visible()) == (20, True)
        more.click()
        page.wait_for_selector("#search-results li:nth-child(40)", state="attached")
        more.click()
        page.wait_for_selector("#search-results li:nth-child(45)", state="attached")
        assert (results.count(), more.is_visible()) == (45, False)
        assert len(set(results.locator("h2 a").all_inner_texts())) == 45
        context.close()
