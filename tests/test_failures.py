"""A bad feed, page or server costs that one item: the run goes on and `status` says why."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from conftest import Clock
from mirrors import LOCAL_NETWORK, article_pages, make_mirror
from newsmirror.cli import ExitCode, app
from newsmirror.pipeline import run_mirror
from newsmirror.store import ItemFailures, Store
from servers import FixtureServer, Route

RSS = {"Content-Type": "application/rss+xml; charset=utf-8"}
HTML = {"Content-Type": "text/html; charset=utf-8"}
ARTICLE = """<html><head><title>{title} - Example News</title></head><body>
<nav><a href="/">Home</a></nav><article><h1>{title}</h1>
<p>{text}</p><p>Second paragraph of the article, long enough to be kept by any
extractor that looks at text density and link density.</p></article></body></html>"""


def feed(server: FixtureServer, *paths: str) -> bytes:
    items = "".join(
        f"<item><title>Item {p}</title><link>{server.url(p)}</link>"
        "<description>Short summary.</description></item>" for p in paths
    )
    return (f'<?xml version="1.0"?><rss version="2.0"><channel><title>Good</title>'
            f"<link>{server.url('/')}</link>{items}</channel></rss>").encode()


def config(server: FixtureServer) -> str:
    sources = {
        "good": "/good.xml", "broken": "/broken.xml", "html-not-feed": "/page.html",
        "server-error": "/error.xml",
    }
    tables = "".join(f'[[sources]]\nname = "{name}"\nurl = "{server.url(path)}"\n\n'
                     for name, path in sources.items())
    refused = '[[sources]]\nname = "refused"\nurl = "http://127.0.0.1:9/feed.xml"\n'
    return "[network]\ntimeout = 5\n" + LOCAL_NETWORK + "\n" + tables + refused


def serve(server: FixtureServer) -> None:
    server.routes["/good.xml"] = Route(feed(server, "/a1", "/missing", "/a2"), headers=RSS)
    server.routes["/a1"] = Route(ARTICLE.format(title="First", text="Text one " * 40).encode(),
                                 headers=HTML)
    server.routes["/a2"] = Route(ARTICLE.format(title="Second", text="Text two " * 40).encode(),
                                 headers=HTML)
    server.routes["/broken.xml"] = Route(b"\x00\x01 this is not xml <<<", headers=RSS)
    server.routes["/page.html"] = Route(b"<!DOCTYPE html><html><body><p>hello</p></body></html>",
                                        headers=HTML)
    server.routes["/error.xml"] = Route(b"oops", status=500)


def test_each_failure_costs_only_its_own_source_or_item(tmp_path: Path,
                                                        server: FixtureServer) -> None:
    serve(server)
    mirror = make_mirror(tmp_path / "m", config(server))
    report = run_mirror(mirror)
    by_name = {s.name: s for s in report.sources}
    assert by_name["good"].new_articles == 2
    assert by_name["good"].errors == [f"{server.url('/missing')}: HTTP 404"]
    assert not by_name["good"].failed
    for name in ("broken", "html-not-feed", "server-error", "refused"):
        assert by_name[name].failed, name
    # two articles, the missing one's placeholder (its title, summary and link)
    pages = {p.name: p.read_text(encoding="utf-8") for p in article_pages(mirror.output / "good")}
    assert len(pages) == 3
    (placeholder,) = (page for page in pages.values() if "暂无全文" in page)
    assert "Item /missing" in placeholder and "Short summary." in placeholder


def test_status_names_the_source_and_the_reason(tmp_path: Path, server: FixtureServer) -> None:
    serve(server)
    folder = tmp_path / "m"
    make_mirror(folder, config(server))
    runner = CliRunner()
    result = runner.invoke(app, ["run", "--dir", str(folder)])
    assert result.exit_code == ExitCode.PARTIAL
    status = runner.invoke(app, ["status", "--json", "--dir", str(folder)])
    assert status.exit_code == 0
    rows = {row["name"]: row for row in json.loads(status.stdout)["sources"]}
    assert rows["good"]["articles"] == 3 and rows["good"]["last_success_at"]
    assert (rows["good"]["failing_items"], rows["good"]["given_up_items"]) == (1, 0)
    assert "/missing: HTTP 404" in rows["good"]["last_error"]
    assert rows["good"]["consecutive_failures"] == 0
    assert "HTML page" in rows["html-not-feed"]["last_error"]
    assert rows["server-error"]["last_error"].startswith("HTTP 500")  # after its retries
    assert "network error" in rows["refused"]["last_error"]
    assert rows["broken"]["last_error"]
    for name in ("broken", "html-not-feed", "server-error", "refused"):
        assert rows[name]["last_success_at"] is None
        assert rows[name]["consecutive_failures"] == 1
    table = runner.invoke(app, ["status", "--dir", str(folder)], terminal_width=200)
    assert "HTTP 500" in table.stdout and "server-error" in table.stdout


def test_a_missing_page_is_retried_on_its_own_schedule_and_replaces_its_placeholder(
        tmp_path: Path, server: FixtureServer, clock: Clock) -> None:
    serve(server)
    mirror = make_mirror(tmp_path / "m", config(server))
    run_mirror(mirror)
    server.routes["/missing"] = Route(
        ARTICLE.format(title="Late", text="Text late " * 40).encode(), headers=HTML)
    server.log.clear()
    assert run_mirror(mirror).rechecks.completed == 0  # not due yet
    assert server.requests_for("/missing") == []
    clock.advance(minutes=30)
    report = run_mirror(mirror)
    assert report.rechecks.completed == 1 and report.rechecks.errors == []
    with Store(mirror.paths.database) as store:
        late = next(a for a in store.articles() if a.url.endswith("/missing"))
        assert (late.title, late.revision, late.body_from) == ("Item /missing", 1, "page")
        assert "Text late" in late.text
        assert ItemFailures(store).failures() == []
    page = report.published.pages[late.id].read_text(encoding="utf-8")
    assert "暂无全文" not in page and "Text late" in page


def test_an_item_that_keeps_failing_is_tried_less_often_then_given_up(
        tmp_path: Path, server: FixtureServer, clock: Clock) -> None:
    serve(server)
    mirror = make_mirror(tmp_path / "m", config(server))
    run_mirror(mirror)
    tries = []
    for _ in range(40):  # 40 runs, one every half hour: 20 hours
        clock.advance(minutes=30)
        server.log.clear()
        run_mirror(mirror)
        tries.append(len(server.requests_for("/missing")))
    # after 30 min, 1 h, 2 h, 4 h, 8 h: the sixth try is due 16 h after the fifth
    assert sum(tries) == 5, tries
    result = CliRunner().invoke(app, ["failures", "--json", "--dir", str(mirror.paths.root)])
    (failure,) = json.loads(result.stdout)["failures"]
    assert (failure["attempts"], failure["given_up"], failure["last_error"]) == (
        6, False, "HTTP 404")
    assert failure["url"] == server.url("/missing") and failure["source"] == "good"
    for _ in range(3):  # the seventh and eighth tries, a day apart at most: then given up
        clock.advance(days=1)
        run_mirror(mirror)
    result = CliRunner().invoke(app, ["failures", "--source", "good", "--json", "--dir",
                                      str(mirror.paths.root)])
    (failure,) = json.loads(result.stdout)["failures"]
    assert (failure["attempts"], failure["given_up"], failure["next_attempt_at"]) == (
        8, True, None)
    table = CliRunner().invoke(app, ["failures", "--dir", str(mirror.paths.root)])
    assert table.exit_code == 0 and "Items whose page could not be had (1)" in table.stdout


def test_a_source_whose_pages_all_fail_costs_one_request_a_run_and_says_so(
        tmp_path: Path, server: FixtureServer) -> None:
    # The feed answers; its 50 items link to a host that does not resolve.
    links = "".join(f"<item><title>Item {n}</title><link>http://gone.invalid/a{n}</link>"
                    "<description>Short summary.</description></item>" for n in range(50))
    body = (f'<?xml version="1.0"?><rss version="2.0"><channel><title>Dead</title>'
            f"{links}</channel></rss>").encode()
    server.routes["/dead.xml"] = Route(body, headers={**RSS, "ETag": '"v1"'})
    toml = (f"[network]\n{LOCAL_NETWORK}\n"
            f'[[sources]]\nname = "dead"\nurl = "{server.url("/dead.xml")}"\n')
    mirror = make_mirror(tmp_path / "m", toml)
    first = run_mirror(mirror).sources[0]
    assert (first.placeholders, len(first.errors), first.failed) == (50, 50, False)
    server.log.clear()
    second = run_mirror(mirror)
    assert second.sources[0].unchanged_listing and second.rechecks.checked == 0
    assert [request.headers.get("If-None-Match") for request in server.log] == ['"v1"']
    status = CliRunner().invoke(app, ["status", "--json", "--dir", str(mirror.paths.root)])
    (row,) = json.loads(status.stdout)["sources"]
    assert (row["failing_items"], row["articles"]) == (50, 50)
