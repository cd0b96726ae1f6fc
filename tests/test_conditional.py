"""Runs that find nothing new cost next to nothing; failing sources rest; moves stick.

A second run against unchanged servers sends conditional requests and parses nothing —
counted here through the server's request log and the calls of the feed parser.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

import newsmirror.steps.sources
from conftest import Clock
from mirrors import LOCAL_NETWORK, make_mirror
from newsmirror.cli import app
from newsmirror.pipeline import run_mirror
from newsmirror.store import Store
from servers import FixtureServer, Request, Route
from test_failures import ARTICLE, HTML, RSS, feed


@pytest.fixture
def parses(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The URLs of every feed the pipeline parses."""
    calls: list[str] = []
    real = newsmirror.steps.sources.parse_feed

    def counting(body: bytes, url: str, *args: object, **kwargs: object) -> object:
        calls.append(url)
        return real(body, url, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(newsmirror.steps.sources, "parse_feed", counting)
    return calls


def one_source(server: FixtureServer, path: str = "/feed.xml") -> str:
    return (f"[network]\n{LOCAL_NETWORK}\n[[sources]]\nname = \"news\"\n"
            f"url = \"{server.url(path)}\"\nbody = \"page\"\n")


def articles(server: FixtureServer) -> None:
    for number in (1, 2):
        server.routes[f"/a{number}"] = Route(ARTICLE.format(
            title=f"Story {number}", text=f"Words of story {number} " * 30).encode(),
            headers=HTML)


def with_validators(body: bytes) -> object:
    """A feed route that honours If-None-Match and If-Modified-Since with a 304."""
    etag = '"' + hashlib.sha256(body).hexdigest()[:16] + '"'
    modified = "Mon, 10 Jan 2022 05:00:00 GMT"

    def answer(request: Request) -> Route:
        if request.headers.get("If-None-Match") == etag:
            return Route(b"", 304, {"ETag": etag})
        return Route(body, headers={**RSS, "ETag": etag, "Last-Modified": modified})

    return answer


def test_an_unchanged_feed_costs_one_conditional_request_and_no_parsing(
        tmp_path: Path, server: FixtureServer, parses: list[str]) -> None:
    articles(server)
    server.routes["/feed.xml"] = with_validators(feed(server, "/a1", "/a2"))
    mirror = make_mirror(tmp_path / "m", one_source(server))
    first = run_mirror(mirror)
    assert first.sources[0].new_articles == 2 and len(parses) == 1
    server.log.clear()
    second = run_mirror(mirror)
    assert [request.path for request in server.log] == ["/feed.xml"]
    assert server.log[0].headers.get("If-None-Match", "").startswith('"')
    assert server.log[0].headers.get("If-Modified-Since") == "Mon, 10 Jan 2022 05:00:00 GMT"
    assert len(parses) == 1  # not parsed again
    assert second.sources[0].unchanged_listing and not second.sources[0].errors
    assert second.up_to_date and second.published.written == []  # nothing rendered


def test_a_quiet_run_publishes_again_after_a_configuration_change(
        tmp_path: Path, server: FixtureServer) -> None:
    articles(server)
    server.routes["/feed.xml"] = with_validators(feed(server, "/a1", "/a2"))
    mirror = make_mirror(tmp_path / "m", one_source(server))
    assert not run_mirror(mirror).up_to_date
    assert run_mirror(mirror).up_to_date
    mirror = make_mirror(mirror.paths.root, one_source(server).replace(
        "[network]", "[mirror]\ntitle = \"Another title\"\n\n[network]"))
    again = run_mirror(mirror)
    assert not again.up_to_date
    assert "Another title" in (mirror.output / "README.md").read_text(encoding="utf-8")


def test_a_feed_without_validators_is_not_parsed_when_its_bytes_are_the_same(
        tmp_path: Path, server: FixtureServer, parses: list[str]) -> None:
    articles(server)
    server.routes["/feed.xml"] = Route(feed(server, "/a1", "/a2"), headers=RSS)
    mirror = make_mirror(tmp_path / "m", one_source(server))
    run_mirror(mirror)
    server.log.clear()
    assert run_mirror(mirror).sources[0].unchanged_listing
    assert [request.path for request in server.log] == ["/feed.xml"]
    assert len(parses) == 1


def test_an_item_that_failed_is_tried_again_on_its_own_while_the_feed_answers_304(
        tmp_path: Path, server: FixtureServer, parses: list[str], clock: Clock) -> None:
    articles(server)
    server.routes["/feed.xml"] = with_validators(feed(server, "/a1", "/a2"))
    server.routes["/a2"] = Route(b"down", 503)
    mirror = make_mirror(tmp_path / "m", one_source(server))
    first = run_mirror(mirror).sources[0]
    assert (first.new_articles, first.placeholders) == (1, 1)
    articles(server)  # the page is back
    server.log.clear()
    second = run_mirror(mirror)  # the validators were kept: a 304, and a2 not due yet
    assert second.sources[0].unchanged_listing and second.rechecks.completed == 0
    assert [request.path for request in server.log] == ["/feed.xml"]
    clock.advance(minutes=30)
    third = run_mirror(mirror)
    assert third.sources[0].unchanged_listing and third.rechecks.completed == 1
    assert len(parses) == 1  # the feed was read once


def test_a_failing_source_rests_and_a_named_run_checks_it_anyway(
        tmp_path: Path, server: FixtureServer) -> None:
    server.routes["/feed.xml"] = Route(b"busy", 429, {"Retry-After": "3600"})
    folder = tmp_path / "m"
    mirror = make_mirror(folder, one_source(server) + "\n")
    assert run_mirror(mirror).sources[0].failed
    with Store(mirror.paths.database) as store:
        (health,) = store.source_health()
    assert health.next_check_at is not None and health.last_error.startswith("HTTP 429")
    status = CliRunner().invoke(app, ["status", "--dir", str(folder)],
                                env={"COLUMNS": "250"})
    assert "backing off: next check" in status.output
    as_json = CliRunner().invoke(app, ["status", "--json", "--dir", str(folder)])
    assert json.loads(as_json.output)["sources"][0]["next_check_at"] is not None
    server.log.clear()
    resting = run_mirror(mirror).sources[0]
    assert resting.resting_until == health.next_check_at and server.log == []
    articles(server)
    server.routes["/feed.xml"] = Route(feed(server, "/a1"), headers=RSS)
    named = run_mirror(mirror, only=["news"]).sources[0]
    assert named.new_articles == 1
    with Store(mirror.paths.database) as store:
        (health,) = store.source_health()
    assert health.next_check_at is None and health.consecutive_failures == 0


def test_a_feed_that_moved_for_good_is_fetched_at_its_new_address(
        tmp_path: Path, server: FixtureServer) -> None:
    articles(server)
    server.routes["/old.xml"] = Route(b"", 301, {"Location": server.url("/new.xml")})
    server.routes["/new.xml"] = Route(feed(server, "/a1"), headers=RSS)
    mirror = make_mirror(tmp_path / "m", one_source(server, "/old.xml"))
    assert run_mirror(mirror).sources[0].new_articles == 1
    with Store(mirror.paths.database) as store:
        assert store.source_health()[0].moved_to == server.url("/new.xml")
    server.log.clear()
    run_mirror(mirror)
    assert [request.path for request in server.log] == ["/new.xml"]
