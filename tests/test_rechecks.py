"""Archived articles are fetched again: an edit becomes a revision, a deletion a mark."""

from __future__ import annotations

from pathlib import Path

from conftest import Clock
from mirrors import LOCAL_NETWORK, make_mirror
from newsmirror.config import Mirror
from newsmirror.pipeline import run_mirror
from newsmirror.store import Store
from servers import FixtureServer, Route
from test_failures import ARTICLE, HTML, RSS, feed


def page(title: str, text: str) -> Route:
    return Route(ARTICLE.format(title=title, text=text).encode(), headers=HTML)


def mirror_of(tmp_path: Path, server: FixtureServer, recheck: str = "1h for 1d") -> Mirror:
    server.routes["/feed.xml"] = Route(
        feed(server, "/news/2022/a1", "/news/2022/a2", "/news/2022/a3"), headers=RSS)
    for number in (1, 2, 3):
        server.routes[f"/news/2022/a{number}"] = page(f"Story {number}",
                                                      f"The first words of story {number}. " * 20)
    toml = (f"[mirror]\nrecheck = \"{recheck}\"\n\n[network]\n{LOCAL_NETWORK}\n"
            f"[[sources]]\nname = \"news\"\nurl = \"{server.url('/feed.xml')}\"\n"
            "body = \"page\"\n")
    return make_mirror(tmp_path / "m", toml)


def test_edits_become_revisions_and_deletions_marks(tmp_path: Path, server: FixtureServer,
                                                    clock: Clock) -> None:
    mirror = mirror_of(tmp_path, server)
    assert run_mirror(mirror).sources[0].new_articles == 3
    # The origin edits one story, deletes one, and sends one to its section page.
    server.routes["/news/2022/a1"] = page("Story 1",
                                          "The first words of story 1, corrected. " * 20)
    server.routes["/news/2022/a2"] = Route(b"gone", 410)
    server.routes["/news/2022/a3"] = Route(b"", 302, {"Location": server.url("/news/")})
    server.routes["/news/"] = page("News", "All the news. " * 30)
    report = run_mirror(mirror, recheck_all=True).rechecks
    assert (report.checked, report.edited, report.removed, report.missing) == (3, 1, 0, 2)
    clock.advance(hours=1)  # a second "gone" answer an hour later confirms a removal
    report = run_mirror(mirror, recheck_all=True).rechecks
    assert (report.checked, report.edited, report.removed, report.errors) == (3, 0, 2, [])
    with Store(mirror.paths.database) as store:
        by_url = {a.url: a for a in store.articles()}
    edited, deleted, moved = (by_url[server.url(f"/news/2022/a{n}")] for n in (1, 2, 3))
    assert edited.revision == 2 and "corrected" in edited.text and edited.removed_at is None
    assert deleted.removed_at is not None and deleted.removed_reason == "the page answers 410"
    assert moved.removed_at is not None and "redirects to" in moved.removed_reason
    assert deleted.revision == 1 and "story 2" in deleted.text  # kept as it was
    pages = {path.name: path.read_text(encoding="utf-8")
             for path in (mirror.output / "news").rglob("*.md")}
    assert len(pages) == 6  # three articles, one history page, the index and its page 1
    assert "原文已被删除" in pages[f"{deleted.id}.md"] and "story 2" in pages[f"{deleted.id}.md"]
    assert "原文已被删除" in pages[f"{moved.id}.md"]
    assert "已编辑" in pages[f"{edited.id}.md"] and "原文已被删除" not in pages[f"{edited.id}.md"]
    history = pages[f"{edited.id}.history.md"]
    assert "<ins>, corrected</ins>" in history or "<ins>corrected" in history, history


def test_a_server_error_is_not_a_deletion(tmp_path: Path, server: FixtureServer) -> None:
    mirror = mirror_of(tmp_path, server)
    run_mirror(mirror)
    server.routes["/news/2022/a1"] = Route(b"down", 503)
    report = run_mirror(mirror, recheck_all=True).rechecks
    assert report.removed == 0 and len(report.errors) == 1 and report.edited == 0


def test_nothing_is_due_right_after_a_run(tmp_path: Path, server: FixtureServer) -> None:
    mirror = mirror_of(tmp_path, server)
    run_mirror(mirror)
    server.log.clear()
    assert run_mirror(mirror).rechecks.checked == 0
    assert all(not request.path.startswith("/news/") for request in server.log)


def test_a_retitled_page_is_an_edit_and_a_feed_title_never_is(tmp_path: Path,
                                                               server: FixtureServer) -> None:
    mirror = mirror_of(tmp_path, server)
    run_mirror(mirror)
    text = "The first words of story 1. " * 20
    server.routes["/news/2022/a1"] = page("Story 1: the minister resigns", text)
    report = run_mirror(mirror, recheck_all=True).rechecks
    # a2 and a3 keep their feed titles ("Item …"), which never matched their headlines
    assert (report.checked, report.edited) == (3, 1)
    with Store(mirror.paths.database) as store:
        titles = {a.url: (a.title, a.revision) for a in store.articles()}
    assert titles[server.url("/news/2022/a1")] == ("Story 1: the minister resigns", 2)
    assert titles[server.url("/news/2022/a2")] == ("Item /news/2022/a2", 1)
    history = next((mirror.output / "news").rglob("*.history.md")).read_text(encoding="utf-8")
    assert "the minister resigns" in history
    assert run_mirror(mirror, recheck_all=True).rechecks.edited == 0  # no new headline since


def test_an_archive_from_before_headlines_were_kept_learns_them_first(
        tmp_path: Path, server: FixtureServer) -> None:
    mirror = mirror_of(tmp_path, server)
    run_mirror(mirror)
    with Store(mirror.paths.database) as store, store.transaction() as db:
        db.execute("UPDATE articles SET page_title = ''")
    url = server.url("/news/2022/a1")

    def title_after_recheck(headline: str) -> str:
        server.routes["/news/2022/a1"] = page(headline, "The first words of story 1. " * 20)
        run_mirror(mirror, recheck_all=True)
        with Store(mirror.paths.database) as store:
            return next(a.title for a in store.articles() if a.url == url)

    assert title_after_recheck("Story 1, retitled") == "Item /news/2022/a1"  # no headline known
    assert title_after_recheck("Story 1, again") == "Story 1, again"
