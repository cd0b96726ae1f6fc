"""A run among misbehaving servers: each bad source costs only itself, within its bounds,
and `status` says why; the good source is archived."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from badserver import declared, encoded, endless, redirect, reset_mid_body, slow_headers
from mirrors import LOCAL_NETWORK, make_mirror
from newsmirror.cli import ExitCode, app
from servers import FixtureServer, Route
from test_failures import ARTICLE, HTML, RSS, feed

# Small bounds, so that every case ends within a second or two.
NETWORK = ("[network]\n" + LOCAL_NETWORK + "connect_timeout = 2\ntimeout = 1\n"
           "total_timeout = 4\nmax_bytes = 1000000\nattempts = 2\n")
BAD = {
    "slow-headers": ("/slow.xml", slow_headers(3), "timed out"),
    "endless": ("/endless.xml", endless(), "over the limit"),
    "huge": ("/huge.xml", declared(10 * 1024 ** 3), "over the limit"),
    "gzip-bomb": ("/bomb.xml", encoded("gzip", b"", "application/rss+xml"), "over the limit"),
    "loop": ("/loop.xml", redirect("/loop.xml"), "redirect loop"),
    "reset": ("/reset.xml", reset_mid_body(), "cut off mid-answer"),
    "html": ("/page.html", Route(b"<!DOCTYPE html><html><body><p>hi</p></body></html>",
                                 headers=HTML), "HTML"),
    "busy": ("/busy.xml", Route(b"", 429, {"Retry-After": "7200"}), "HTTP 429"),
}


def test_a_run_among_misbehaving_servers(tmp_path: Path, server: FixtureServer) -> None:
    server.routes["/good.xml"] = Route(feed(server, "/a1"), headers=RSS)
    server.routes["/a1"] = Route(ARTICLE.format(title="Fine", text="Good text " * 40).encode(),
                                 headers=HTML)
    sources = {"good": "/good.xml"}
    for name, (path, route, _) in BAD.items():
        server.routes[path] = route
        sources[name] = path
    tables = "".join(f'[[sources]]\nname = "{name}"\nurl = "{server.url(path)}"\n\n'
                     for name, path in sources.items())
    folder = tmp_path / "m"
    make_mirror(folder, NETWORK + "\n" + tables)
    runner = CliRunner()
    run = runner.invoke(app, ["run", "--json", "--dir", str(folder)])
    assert run.exit_code == ExitCode.PARTIAL, run.output
    reports = {s["name"]: s for s in json.loads(run.output)["sources"]}
    assert reports["good"]["new_articles"] == 1 and not reports["good"]["failed"]
    status = runner.invoke(app, ["status", "--json", "--dir", str(folder)])
    rows = {row["name"]: row for row in json.loads(status.output)["sources"]}
    for name, (_, _, reason) in BAD.items():
        assert reports[name]["failed"], name
        assert reason in rows[name]["last_error"], (name, rows[name]["last_error"])
    assert rows["busy"]["next_check_at"] is not None  # it asked for two hours
    assert list((folder / "output" / "good").rglob("*.md"))
