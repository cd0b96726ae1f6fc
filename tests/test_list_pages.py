"""Not an article (issue 15.4): section fronts, forum indexes and a blog's list of posts
are named as lists by ``extract``, and a listing-page source does not archive them."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from conftest import Clock
from mirrors import LOCAL_NETWORK, make_mirror
from newsmirror.cli import app
from newsmirror.errors import NotAnArticleError
from newsmirror.extract.document import extract_document
from newsmirror.pipeline import run_mirror
from newsmirror.store import Store
from newsmirror.urls import article_id
from servers import FixtureServer, Route

HTML = {"content-type": "text/html; charset=utf-8"}
HEADLINES = [f"Council weighs new plan number {n} for the city's old bridge" for n in range(40)]
TEASER = "The mayor says a decision will come before the summer recess."
PROSE = ("The council approved the new budget on Monday after a long debate that ran late "
         "into the night. Opposition members said the plan cuts too deep into public "
         "transport, and the mayor promised a review of the bus network. ")


def _nav() -> str:
    return "".join(f"<li><a href='/s/{n}'>Section {n}</a></li>" for n in range(15))


def section_front() -> str:
    items = "".join(f"<div class='teaser'><h3><a href='/a/{n}'>{h}</a></h3><p>{TEASER}</p>"
                    "</div>" for n, h in enumerate(HEADLINES[:20]))
    return (f"<html><head><title>City - City News</title><meta property='og:type' "
            f"content='website'></head><body><ul>{_nav()}</ul><main>{items}</main>"
            "<footer>© City News</footer></body></html>")


def forum_index() -> str:
    rows = "".join(f"<tr><td><a href='/t/{n}'>{h}</a></td><td>12</td><td>user{n}</td></tr>"
                   for n, h in enumerate(HEADLINES[:30]))
    return (f"<html><head><title>Board - City Forum</title></head><body><ul>{_nav()}</ul>"
            f"<table class='threads'>{rows}</table></body></html>")


def blog_post_list() -> str:
    posts = "".join(f"<article><h2><a href='/p/{n}'>{h}</a></h2><p>{TEASER} "
                    f"<a href='/p/{n}'>Read more</a></p></article>"
                    for n, h in enumerate(HEADLINES[:12]))
    return (f"<html><head><title>My city blog</title></head><body><ul>{_nav()}</ul>"
            f"<div id='posts'>{posts}</div></body></html>")


def article(related: int) -> str:
    links = "".join(f"<li><a href='/a/{n}'>{h}</a></li>" for n, h in
                    enumerate(HEADLINES[:related]))
    return (f"<html><head><title>Budget passes - City News</title></head><body>"
            f"<ul>{_nav()}</ul><article><h1>Budget passes</h1>"
            + "".join(f"<p>{PROSE}</p>" for _ in range(5))
            + f"<h2>Read more</h2><ul>{links}</ul></article></body></html>")


@pytest.mark.parametrize("page", [section_front, forum_index, blog_post_list])
def test_extract_names_a_list_page_a_list(tmp_path: Path, page: Callable[[], str]) -> None:
    path = tmp_path / "page.html"
    path.write_text(page(), encoding="utf-8")
    result = CliRunner().invoke(app, ["extract", str(path), "--jsonl", "--url",
                                      "https://city.example/city/", "--dir", str(tmp_path)])
    record = json.loads(result.stdout)
    assert record["kind"] == "list" and record["error"].startswith("not an article: a list")
    assert "text" not in record


@settings(max_examples=15, deadline=None)
@given(related=st.integers(0, 40))
def test_an_article_with_any_number_of_related_links_is_an_article(related: int) -> None:
    found = extract_document(article(related).encode(), "https://city.example/a/budget")
    assert found.text.startswith("The council approved")


def test_a_front_page_of_headlines_is_a_list_even_with_teaser_text() -> None:
    front = ("<html><head><title>City News</title></head><body>"
             + "".join(f"<div><a href='/a/{n}'>{h}</a></div>" for n, h in enumerate(HEADLINES))
             + f"<div class='top'><p>{TEASER}</p><p>{TEASER}</p></div></body></html>")
    with pytest.raises(NotAnArticleError, match="linked headlines"):
        extract_document(front.encode(), "https://city.example/")


def test_a_listing_source_does_not_archive_the_section_fronts_it_links(
        tmp_path: Path, server: FixtureServer) -> None:
    server.routes["/city"] = Route(b"<html><body><a href='/news/a1'>Budget passes</a>"
                                   b"<a href='/news/world/'>World</a></body></html>", headers=HTML)
    server.routes["/news/a1"] = Route(article(5).encode(), headers=HTML)
    server.routes["/news/world/"] = Route(section_front().encode(), headers=HTML)
    source = (f'name = "city"\nkind = "page"\nurl = "{server.url("/city")}"\n'
              'links = "/news/"\n')
    mirror = make_mirror(tmp_path / "m", f"[network]\n{LOCAL_NETWORK}\n[[sources]]\n{source}")
    report = run_mirror(mirror).sources[0]
    assert (report.new_articles, report.not_articles, report.placeholders) == (1, 1, 0)
    with Store(mirror.paths.database) as store:
        assert store.article(article_id(server.url("/news/world/"))) is None
        assert store.article(article_id(server.url("/news/a1"))) is not None
    fetched = len(server.requests_for("/news/world/"))
    again = run_mirror(mirror).sources[0]
    assert again.not_articles == 0 and len(server.requests_for("/news/world/")) == fetched
    failures = CliRunner().invoke(app, ["failures", "--json", "--dir", str(mirror.paths.root)])
    listed = json.loads(failures.stdout)["failures"]
    assert [f["url"] for f in listed] == [server.url("/news/world/")]
    assert "not an article" in listed[0]["last_error"] and listed[0]["given_up"]


def test_an_article_whose_address_now_shows_a_list_is_gone(
        tmp_path: Path, server: FixtureServer, clock: Clock) -> None:
    """Checked twice an hour apart, as any "gone" answer (issue 12.4)."""
    server.routes["/city"] = Route(b"<html><body><a href='/news/a1'>Budget passes</a>"
                                   b"</body></html>", headers=HTML)
    server.routes["/news/a1"] = Route(article(5).encode(), headers=HTML)
    source = (f'name = "city"\nkind = "page"\nurl = "{server.url("/city")}"\n'
              'links = "/news/"\n')
    mirror = make_mirror(tmp_path / "m", f"[network]\n{LOCAL_NETWORK}\n[[sources]]\n{source}")
    run_mirror(mirror)
    server.routes["/news/a1"] = Route(section_front().encode(), headers=HTML)
    assert run_mirror(mirror, recheck_all=True).rechecks.missing == 1
    clock.advance(hours=2)
    assert run_mirror(mirror, recheck_all=True).rechecks.removed == 1
