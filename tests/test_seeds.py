"""Acceptance: the fixture inputs, served live or replayed, publish the two seed documents,
and running again changes nothing."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from typer.testing import CliRunner

from mirrors import (
    DEMO_CONFIG,
    SEED_ARTICLE_PAGE,
    article_pages,
    demo_toml,
    make_mirror,
    snapshot,
)
from newsmirror.cli import app
from newsmirror.cli.demo_command import DEMO_ARTICLES, demo_data
from newsmirror.config import Mirror
from newsmirror.pipeline import RunReport, run_mirror
from newsmirror.store import Store
from newsmirror.urls import article_id
from seedcmp import signature
from servers import FixtureServer, Route

SEED = Path(__file__).parent / "fixtures" / "seed"
DW_SEED = SEED / "000_214997b71d6f798a.txt"
EPOCH_SEED = SEED / "002_d87d864bdde93e5b.txt"
DW_ARTICLE = DEMO_ARTICLES["DW (archive style)"]


def assert_same_as_seed(seed: Path, produced: Path) -> None:
    expected = signature(seed.read_text(encoding="utf-8"))
    actual = signature(produced.read_text(encoding="utf-8"))
    for key in expected:
        assert actual[key] == expected[key], f"{produced.name}: {key} differs from {seed.name}"


def assert_publishes_seeds(report: RunReport) -> None:
    assert report.failures == 0, [s.errors for s in report.sources]
    assert_same_as_seed(DW_SEED, report.published.pages[article_id(DW_ARTICLE)])
    assert_same_as_seed(EPOCH_SEED, report.published.pages[article_id(SEED_ARTICLE_PAGE)])


def serve_fixtures(server: FixtureServer) -> None:
    urls = {s["name"]: s["url"] for s in tomllib.loads(DEMO_CONFIG.read_text())["sources"]}
    rss = {"Content-Type": "application/rss+xml; charset=utf-8"}
    html = {"Content-Type": "text/html; charset=utf-8"}
    server.routes[urls["dw"].split("://")[1]] = Route((SEED / "dw-feedx.xml").read_bytes(),
                                                      headers=rss)
    server.routes[urls["epochtimes"].split("://")[1]] = Route(
        (SEED / "epochtimes-feed.xml").read_bytes(), headers=rss)
    server.routes[SEED_ARTICLE_PAGE.split("://")[1]] = Route(
        (SEED / "epochtimes-n13495457.html").read_bytes(), headers=html)


def live_mirror(tmp_path: Path, tls_server: FixtureServer, ca_bundle: Path) -> Mirror:
    """The demo's sources, fetched over HTTPS from the loopback server: their real
    https:// URLs, with the hosts pinned to 127.0.0.1 and the test CA trusted."""
    serve_fixtures(tls_server)
    pins = ", ".join(f'"{host}" = "127.0.0.1:{tls_server.port}"'
                     for host in ("feedx.net", "www.epochtimes.com"))
    network = f'ca_bundle = "{ca_bundle}"\nresolve = {{ {pins} }}\n'
    return make_mirror(tmp_path / "live", demo_toml(network))


def test_live_run_publishes_the_seeds(tmp_path: Path, tls_server: FixtureServer,
                                      ca_bundle: Path) -> None:
    mirror = live_mirror(tmp_path, tls_server, ca_bundle)
    report = run_mirror(mirror)
    assert_publishes_seeds(report)
    assert {r.path for r in tls_server.log} == {"/rss/dw.xml", "/gb/nsc418.xml",
                                                "/gb/22/1/10/n13495457.htm"}


def test_replay_publishes_the_seeds(tmp_path: Path) -> None:
    mirror = make_mirror(tmp_path / "replayed", demo_toml())
    assert_publishes_seeds(run_mirror(mirror, replay=[demo_data("sample.warc.gz")]))


def test_the_live_run_capture_replays_to_the_same_mirror(
        tmp_path: Path, tls_server: FixtureServer, ca_bundle: Path) -> None:
    live = live_mirror(tmp_path, tls_server, ca_bundle)
    report = run_mirror(live)
    assert report.capture is not None and report.capture.stat().st_size > 0
    replayed = make_mirror(tmp_path / "again", demo_toml())
    replay_report = run_mirror(replayed, replay=[report.capture])
    assert_publishes_seeds(replay_report)
    live_pages = {p.relative_to(live.output): p.read_bytes() for p in live.output.rglob("*.md")}
    replay_pages = {p.relative_to(replayed.output): p.read_bytes()
                    for p in replayed.output.rglob("*.md")}
    assert live_pages == replay_pages


@pytest.mark.parametrize("mode", ["live", "replay"])
def test_second_run_changes_nothing(tmp_path: Path, tls_server: FixtureServer,
                                    ca_bundle: Path, mode: str) -> None:
    if mode == "live":
        mirror = live_mirror(tmp_path, tls_server, ca_bundle)
        replay: list[Path] = []
    else:
        mirror = make_mirror(tmp_path / "replayed", demo_toml())
        replay = [demo_data("sample.warc.gz")]
    first = run_mirror(mirror, replay=replay)
    # 2 articles, 2 indexes and their page 1, 2 days' index and page 1, the list of days,
    # the home page; 3 feeds each of 3; the page of their story (one event)
    assert len(first.published.written) == 12 + 9 + 1
    before = snapshot(mirror.output)
    with Store(mirror.paths.database) as store:
        revisions = store.revision_count()
    page_requests = len(tls_server.requests_for("/gb/22/1/10/n13495457.htm"))

    second = run_mirror(mirror, replay=replay)

    assert second.published.written == []
    assert snapshot(mirror.output) == before
    with Store(mirror.paths.database) as store:
        assert store.revision_count() == revisions == 2
    assert sum(s.new_articles + s.new_revisions for s in second.sources) == 0
    # An archived article's page is not fetched again.
    assert len(tls_server.requests_for("/gb/22/1/10/n13495457.htm")) == page_requests


def test_demo_command_twice(tmp_path: Path) -> None:
    runner = CliRunner()
    folder = tmp_path / "demo-mirror"
    first = runner.invoke(app, ["demo", str(folder)])
    assert first.exit_code == 0, first.output
    assert "015fdcb7608d6fe2.md" in first.output and "166485dca854da74.md" in first.output
    before = snapshot(folder / "output")
    second = runner.invoke(app, ["demo", str(folder)])
    assert second.exit_code == 0, second.output
    assert "is up to date" in second.output  # nothing changed: nothing rendered
    assert "015fdcb7608d6fe2.md" in second.output and "missing" not in second.output
    assert snapshot(folder / "output") == before
    assert_same_as_seed(DW_SEED, article_pages(folder / "output" / "dw")[0])
    assert_same_as_seed(EPOCH_SEED, article_pages(folder / "output" / "epochtimes")[0])


def test_bundled_demo_warc_is_built_from_the_fixtures(tmp_path: Path) -> None:
    """The demo replays exactly the fixture inputs: rebuilding gives the bundled bytes."""
    import importlib.util

    script = Path(__file__).parent.parent / "scripts" / "build_demo_warc.py"
    spec = importlib.util.spec_from_file_location("build_demo_warc", script)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.build(tmp_path / "sample.warc.gz")
    assert (tmp_path / "sample.warc.gz").read_bytes() == demo_data("sample.warc.gz").read_bytes()
