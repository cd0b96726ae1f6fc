"""A bad feed, page or server costs that one item: the run goes on and `status` says why."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from mirrors import LOCAL_NETWORK, make_mirror
from newsmirror.cli import ExitCode, app
from newsmirror.pipeline import run_mirror
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
    assert len(list((mirror.output / "good").rglob("*.md"))) == 3  # two articles, one index


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
    assert rows["good"]["articles"] == 2 and rows["good"]["last_success_at"]
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


def test_a_missing_page_is_retried_on_the_next_run(tmp_path: Path,
                                                   server: FixtureServer) -> None:
    serve(server)
    mirror = make_mirror(tmp_path / "m", config(server))
    run_mirror(mirror)
    server.routes["/missing"] = Route(
        ARTICLE.format(title="Late", text="Text late " * 40).encode(), headers=HTML)
    report = run_mirror(mirror)
    good = next(s for s in report.sources if s.name == "good")
    assert good.new_articles == 1 and good.known == 2 and good.errors == []
