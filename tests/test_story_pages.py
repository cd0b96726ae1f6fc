"""Story pages (issue 18.2): the static site's page of a story — its outlets' articles
side by side, with what each adds, edited and removed ones marked — a link to it from
each article page, a page for a merged story's old id; and in Chromium."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from browser import shot
from mirrors import demo_toml, make_mirror
from newsmirror.config import Mirror
from newsmirror.site.mirror import build_site
from newsmirror.stories.consumer import update_stories
from test_stories import EARTHQUAKE, SATELLITE, TO_TRADITIONAL, WHEN, _save

EXTRA = "德国总理表示，德国将向土耳其提供五千万欧元的紧急援助，并派出技术救援队。"


def _site(folder: Path) -> tuple[Mirror, dict[str, str]]:
    mirror = make_mirror(folder, demo_toml())
    with mirror.open_store() as store:
        ids = {
            "dw": _save(store, "dw", 1, EARTHQUAKE[0], EARTHQUAKE[1] + EXTRA),
            "epochtimes": _save(store, "epochtimes", 2, TO_TRADITIONAL.convert(EARTHQUAKE[0]),
                                TO_TRADITIONAL.convert(EARTHQUAKE[1]),
                                when=WHEN + timedelta(hours=5)),
            "alone": _save(store, "dw", 3, *SATELLITE),
        }
        store.checks.mark_removed(ids["epochtimes"], WHEN + timedelta(days=1),
                                  WHEN + timedelta(days=1, hours=1), "404")
        update_stories(store)
        build_site(mirror, store)
    return mirror, ids


def test_a_story_page_shows_each_outlets_article_and_what_it_adds(tmp_path: Path) -> None:
    mirror, ids = _site(tmp_path)
    site = mirror.output / "site"
    page = (site / "stories" / f"{ids['dw']}.html").read_text(encoding="utf-8")
    assert page.count('<article class="report') == 2
    assert EXTRA in page  # only DW says it
    assert "原文已被删除" in page  # the Epoch Times' article was removed at source
    assert not (site / "stories" / f"{ids['alone']}.html").exists()
    articles = sorted(site.glob("*/*/*/*/*.html"))
    linked = [p for p in articles if f"stories/{ids['dw']}.html" in p.read_text("utf-8")]
    assert len(linked) == 2  # both articles of the story link to it; the lone one not


@pytest.fixture(scope="module")
def story_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    mirror, ids = _site(tmp_path_factory.mktemp("stories") / "m")
    return mirror.output / "site", ids


def test_a_story_page_in_chromium(browser: Any, story_site: tuple[Path, dict[str, str]]
                                  ) -> None:
    site, ids = story_site
    for name, viewport in (("story-wide", {"width": 1100, "height": 800}),
                           ("story-mobile", {"width": 390, "height": 844})):
        context = browser.new_context(viewport=viewport)
        page = context.new_page()
        requests: list[str] = []
        page.on("request", lambda request, seen=requests: seen.append(request.url))
        article = next(p for p in site.glob("dw/*/*/*/*.html") if ids["dw"] in p.name)
        page.goto(article.as_uri())
        page.get_by_role("link", name="同一事件的报道").click()
        assert page.url.endswith(f"/stories/{ids['dw']}.html")
        assert page.locator("article.report").count() == 2
        assert page.locator("ul.adds li").first.inner_text() == EXTRA
        columns = page.locator("article.report").evaluate_all(
            "nodes => nodes.map(n => n.getBoundingClientRect().left)")
        assert (columns[0] != columns[1]) == (name == "story-wide")  # side by side if wide
        shot(page, name)
        page.locator("article.report h2 a").nth(1).click()
        assert ids["epochtimes"] in page.url
        assert all(url.startswith("file://") for url in requests)
        context.close()
