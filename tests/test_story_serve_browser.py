"""``serve``'s story pages in headless Chromium (issue 18.2): from an article to its
story, its outlets side by side when the window is wide, what each adds, to the list of
stories and back; every request to the server itself, no script run."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

import pytest

from browser import MOBILE, shot
from newsmirror.config import Mirror
from newsmirror.serve import create_app
from serving import running
from test_story_outputs import story_mirror

DESKTOP = {"width": 1100, "height": 900}


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory
           ) -> Iterator[tuple[str, Mirror, dict[str, str]]]:
    mirror, ids = story_mirror(tmp_path_factory.mktemp("story-browser") / "m")
    with running(create_app(mirror)) as base:
        yield base, mirror, ids


def test_a_story_page_of_serve_in_chromium(browser: Any,
                                           served: tuple[str, Mirror, dict[str, str]]
                                           ) -> None:
    base, _, ids = served
    for name, viewport in (("serve-story-wide", DESKTOP), ("serve-story-mobile", MOBILE)):
        context = browser.new_context(viewport=viewport)
        requests: list[str] = []
        context.on("request", lambda request, seen=requests: seen.append(request.url))
        page = context.new_page()
        dialogs: list[str] = []
        page.on("dialog", lambda dialog, seen=dialogs: (seen.append(dialog.message),
                                                        dialog.dismiss()))
        page.goto(f"{base}/articles/{ids['epochtimes']}")
        page.get_by_role("link", name="同一事件的报道").click()
        page.wait_for_url(f"**/stories/{ids['dw']}")
        reports = page.locator("article.report")
        assert reports.count() == 2
        assert "德国总理表示" in page.locator("ul.adds li").first.inner_text()
        assert "<img src=x" in page.locator("ul.adds li").first.inner_text()  # as text
        assert "原文已被删除" in reports.nth(1).locator("p.notice.removed").inner_text()
        columns = reports.evaluate_all(
            "nodes => nodes.map(n => n.getBoundingClientRect().left)")
        assert (columns[0] != columns[1]) == (viewport is DESKTOP)  # side by side if wide
        shot(page, name)
        reports.nth(1).locator("p.notice.edited a").click()
        page.wait_for_url(f"**/articles/{ids['epochtimes']}/history")
        page.go_back()
        page.get_by_role("link", name="事件报道").click()
        page.wait_for_url(f"{base}/stories")
        assert page.locator("ol.stories li").count() == 1
        if viewport is DESKTOP:
            shot(page, "serve-stories")
        page.locator("ol.stories a").first.click()
        page.wait_for_url(f"**/stories/{ids['dw']}")
        assert page.evaluate("window.__pwned") is None and dialogs == []
        assert {urlsplit(url).netloc for url in requests} == {urlsplit(base).netloc}
        context.close()
