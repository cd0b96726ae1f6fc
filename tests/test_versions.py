"""Versions to trust: every real edit is recorded and none is invented — tried as an
operator would, against real local servers, with the defaults a user gets (a feed source
with ``body = "auto"`` whose items are summaries, a full-text feed, a listing page)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from xml.sax.saxutils import escape

import pytest
from typer.testing import CliRunner

from conftest import Clock
from mirrors import LOCAL_NETWORK, make_mirror
from newsmirror.cli import ExitCode, app
from newsmirror.config import Mirror
from newsmirror.pipeline import RecheckReport, run_mirror
from newsmirror.store import ArchiveReader, Store, StoredArticle
from newsmirror.urls import article_id
from servers import FixtureServer, Request, Route
from test_failures import HTML, RSS

FIXTURES = Path(__file__).parent / "fixtures"
STORY = ("The council approved the new budget on Monday after a long debate. ",
         "Opposition members said the plan cuts too deep into public transport. ",
         "The mayor promised a review of the bus network before the summer. ")


def article_page(title: str, paragraphs: tuple[str, ...], extra: str = "") -> Route:
    body = "".join(f"<p>{p * 4}</p>" for p in paragraphs)
    html = (f"<html><head><title>{title} - City News</title></head><body>"
            f"<nav><a href='/'>Home</a> <a href='/city'>City</a></nav><article><h1>{title}</h1>"
            f"{body}{extra}</article><footer>© City News</footer></body></html>")
    return Route(html.encode(), headers=HTML)


def rss(server: FixtureServer, items: list[tuple[str, str, str]]) -> Route:
    """A feed of (path, title, description) items."""
    rows = "".join(f"<item><title>{escape(title)}</title><link>{server.url(path)}</link>"
                   f"<description>{escape(text)}</description></item>"
                   for path, title, text in items)
    return Route((f'<?xml version="1.0"?><rss version="2.0"><channel><title>City</title>'
                  f"<link>{server.url('/')}</link>{rows}</channel></rss>").encode(), headers=RSS)


def mirror_of(tmp_path: Path, source: str) -> Mirror:
    """A mirror with the default settings but for the loopback network."""
    return make_mirror(tmp_path / "m", f"[network]\n{LOCAL_NETWORK}\n[[sources]]\n{source}")


def feed_source(server: FixtureServer) -> str:
    return f'name = "city"\nurl = "{server.url("/feed.xml")}"\n'


def stored(mirror: Mirror, url: str) -> StoredArticle:
    with Store(mirror.paths.database) as store:
        found = store.article(article_id(url))
    assert found is not None
    return found


def recheck(mirror: Mirror) -> RecheckReport:
    return run_mirror(mirror, recheck_all=True).rechecks


# 1. Edits of articles whose body came from their page ------------------------------------

def test_an_edit_of_a_summary_feed_article_is_a_revision(tmp_path: Path,
                                                         server: FixtureServer) -> None:
    server.routes["/feed.xml"] = rss(server, [("/a/1", "Budget passes", "Short summary.")])
    server.routes["/a/1"] = article_page("Budget passes", STORY)
    mirror = mirror_of(tmp_path, feed_source(server))
    assert run_mirror(mirror).sources[0].new_articles == 1
    assert stored(mirror, server.url("/a/1")).body_from == "page"
    assert recheck(mirror).edited == 0  # nothing changed yet
    edited = (STORY[0], STORY[1].replace("too deep", "far too deep"), STORY[2])
    server.routes["/a/1"] = article_page("Budget passes", edited)
    assert recheck(mirror).edited == 1
    article = stored(mirror, server.url("/a/1"))
    assert article.revision == 2 and "far too deep" in article.text


def test_an_edit_of_a_page_source_article_is_a_revision(tmp_path: Path,
                                                        server: FixtureServer) -> None:
    server.routes["/city"] = Route(b"<html><body><a href='/a/1'>City</a></body></html>",
                                   headers=HTML)
    server.routes["/a/1"] = article_page("Budget passes", STORY)
    source = f'name = "city"\nkind = "page"\nurl = "{server.url("/city")}"\nlinks = "/a/"\n'
    mirror = mirror_of(tmp_path, source)
    run_mirror(mirror)
    server.routes["/a/1"] = article_page("Budget passes", (STORY[0], STORY[2]))
    assert recheck(mirror).edited == 1
    assert "Opposition" not in stored(mirror, server.url("/a/1")).text


def test_a_full_text_feed_article_gets_its_edits_from_the_feed(tmp_path: Path,
                                                               server: FixtureServer) -> None:
    whole = "".join(f"<p>{p * 4}</p>" for p in STORY)
    server.routes["/feed.xml"] = rss(server, [("/a/1", "Budget passes", whole)])
    server.routes["/a/1"] = article_page("Budget passes", STORY)
    mirror = mirror_of(tmp_path, feed_source(server))
    run_mirror(mirror)
    assert stored(mirror, server.url("/a/1")).body_from == "feed"
    server.routes["/a/1"] = article_page("Budget passes", (STORY[0],))
    assert recheck(mirror).edited == 0  # its page is checked for life only
    server.routes["/feed.xml"] = rss(server, [("/a/1", "Budget passes",
                                               whole.replace("Monday", "Tuesday"))])
    assert run_mirror(mirror).sources[0].new_revisions == 1


def test_reprocess_applies_a_changed_rule_to_summary_feed_articles(
        tmp_path: Path, server: FixtureServer) -> None:
    note = "<p class='promo'>" + "Subscribe to City News for a year and save a third. " * 3 \
        + "</p>"
    server.routes["/feed.xml"] = rss(server, [("/a/1", "Budget passes", "Short summary.")])
    server.routes["/a/1"] = article_page("Budget passes", STORY, extra=note)
    mirror = mirror_of(tmp_path, feed_source(server))
    run_mirror(mirror)
    assert "Subscribe" in stored(mirror, server.url("/a/1")).text
    config = mirror.paths.config
    config.write_text(config.read_text() + "rule = { drop = [\".promo\"] }\n")
    result = CliRunner().invoke(app, ["reprocess", "--json", "--dir", str(mirror.paths.root)])
    assert result.exit_code == ExitCode.OK, result.output
    assert json.loads(result.output)["rechecks"]["edited"] == 1
    assert "Subscribe" not in stored(mirror, server.url("/a/1")).text


# 2. No edit invented from page furniture -------------------------------------------------

SOHU_URL = "/20050311/n224661339.shtml"


def sohu_page(promo: Callable[[], str], *, edited: bool = False) -> Callable[[Request], Route]:
    """The Sohu portal page of 2005, with a promo line in the story that the server
    changes on every request (as portals do), and optionally a sentence edited."""
    html = (FIXTURES / "pages" / "cwce" / "sohu-33a95b71.html").read_bytes().decode("gb18030")
    anchor = html.rindex("<P>", 0, html.index("此外肖冰还表示"))
    if edited:
        html = html.replace("最终更改的可能性不大", "最终更改的可能性很小")

    def answer(request: Request) -> Route:
        page = html[:anchor] + f"<P>　　{promo()}：搜狐财经两会特别报道每日更新，敬请关注</P>" \
            + html[anchor:]
        return Route(page.encode("gb18030"), headers={"Content-Type": "text/html"})

    return answer


def counter(start: int, step: int) -> Callable[[], str]:
    values = iter(range(start, 10**9, step))
    return lambda: f"今日推荐{next(values)}"


def rotating(*titles: str) -> Callable[[], str]:
    served = iter(range(10**9))
    return lambda: f"今日推荐《{titles[next(served) % len(titles)]}》"


def portal_mirror(tmp_path: Path, server: FixtureServer, promo: Callable[[], str],
                  kind: str) -> Mirror:
    """The portal page archived from a summary feed, or from a listing page."""
    server.routes["/feed.xml"] = rss(server, [(SOHU_URL, "工商部门初定SKII广告属于虚假宣传",
                                               "“使用4周后，肌肤年轻12年”")])
    server.routes["/business"] = Route(f"<a href='{SOHU_URL}'>产经新闻</a>".encode(),
                                       headers=HTML)
    listing = f'name = "city"\nkind = "page"\nurl = "{server.url("/business")}"\n' \
        'links = "/n\\\\d+"\n'
    source = feed_source(server) if kind == "feed" else listing
    server.routes[SOHU_URL] = sohu_page(promo)
    mirror = mirror_of(tmp_path, source + 'timezone = "Asia/Shanghai"\n')
    assert run_mirror(mirror).sources[0].new_articles == 1
    assert "今日推荐" in stored(mirror, server.url(SOHU_URL)).text  # the extractor keeps it
    return mirror


@pytest.mark.parametrize("kind", ["feed", "page"])
def test_a_rotating_promo_line_makes_no_revision_and_an_edit_exactly_one(
        tmp_path: Path, server: FixtureServer, kind: str) -> None:
    promo = counter(417458, 319846)
    mirror = portal_mirror(tmp_path, server, promo, kind)
    first = stored(mirror, server.url(SOHU_URL))
    assert [recheck(mirror).edited for _ in range(10)] == [0] * 10
    # Learned from the first re-check's two fetches: later ones fetch the page once.
    server.log.clear()
    recheck(mirror)
    assert len(server.requests_for(SOHU_URL)) == 1
    server.routes[SOHU_URL] = sohu_page(promo, edited=True)
    assert recheck(mirror).edited == 1
    assert [recheck(mirror).edited for _ in range(3)] == [0] * 3
    latest = stored(mirror, server.url(SOHU_URL))
    assert latest.revision == 2 and "可能性很小" in latest.text
    # The revision keeps the promo line as the first one had it: its diff is the edit.
    promo_line = next(line for line in first.text.splitlines() if "今日推荐" in line)
    assert promo_line in latest.text
    with Store(mirror.paths.database) as store:
        found = ArchiveReader(store).history(latest.id)
    assert found is not None
    before, after = (r.text.splitlines() for r in found.revisions)
    assert [(a, b) for a, b in zip(before, after, strict=True) if a != b] == [
        next((a, b) for a, b in zip(before, after, strict=True) if "可能性" in a)]


@pytest.mark.parametrize("kind", ["feed", "page"])
def test_a_promo_that_rotates_its_words_makes_no_revision(tmp_path: Path,
                                                          server: FixtureServer,
                                                          kind: str) -> None:
    mirror = portal_mirror(tmp_path, server, rotating("两会观察", "财经头条", "股市快评"), kind)
    assert [recheck(mirror).edited for _ in range(10)] == [0] * 10
    assert stored(mirror, server.url(SOHU_URL)).revision == 1


def test_a_page_that_changes_between_two_fetches_and_stays_changed_is_an_edit(
        tmp_path: Path, server: FixtureServer) -> None:
    server.routes["/feed.xml"] = rss(server, [("/a/1", "Budget passes", "Short summary.")])
    server.routes["/a/1"] = article_page("Budget passes", STORY)
    mirror = mirror_of(tmp_path, feed_source(server))
    run_mirror(mirror)
    server.routes["/a/1"] = article_page("Budget passes", (*STORY, "A vote follows in May. "))
    assert recheck(mirror).edited == 1
    assert recheck(mirror).edited == 0


# 3. Items that are one article -----------------------------------------------------------

def test_an_article_listed_twice_is_stored_once_and_never_flips(tmp_path: Path,
                                                                server: FixtureServer) -> None:
    whole = "".join(f"<p>{p * 4}</p>" for p in STORY)
    items = [("/a/x?utm_source=rss", "Budget passes: what it means", whole),
             ("/a/x", "Budget passes", whole)]
    builds = iter(range(10**9))

    def feed(request: Request) -> Route:  # a new lastBuildDate each time: parsed every run
        route = rss(server, items)
        return Route(route.body.replace(b"<channel>", f"<channel><lastBuildDate>{next(builds)}"
                                        "</lastBuildDate>".encode()), headers=RSS)

    server.routes["/feed.xml"] = feed
    mirror = mirror_of(tmp_path, feed_source(server))
    reports = [run_mirror(mirror).sources[0] for _ in range(3)]
    assert [(r.entries, r.new_articles, r.new_revisions) for r in reports] == [
        (1, 1, 0), (1, 0, 0), (1, 0, 0)]
    items.reverse()  # the same item wins whatever the feed's order
    assert run_mirror(mirror).sources[0].new_revisions == 0
    article = stored(mirror, server.url("/a/x"))
    assert (article.revision, article.title) == (1, "Budget passes")


# 4. A removal is confirmed, and a page that comes back is restored ----------------------

def test_one_404_is_not_a_removal_and_a_page_that_comes_back_is_restored(
        tmp_path: Path, server: FixtureServer, clock: Clock) -> None:
    server.routes["/feed.xml"] = rss(server, [("/a/1", "Budget passes", "Short summary.")])
    server.routes["/a/1"] = article_page("Budget passes", STORY)
    mirror = mirror_of(tmp_path, feed_source(server))
    url = server.url("/a/1")
    run_mirror(mirror)
    server.routes["/a/1"] = Route(b"not found", 404)
    report = recheck(mirror)
    assert (report.removed, report.missing) == (0, 1)
    assert stored(mirror, url).removed_at is None
    clock.advance(minutes=20)
    assert recheck(mirror).removed == 0  # too soon to confirm
    clock.advance(minutes=45)
    first_404 = clock.now()
    # Not asked for: the schedule's hourly check confirms it.
    assert run_mirror(mirror).rechecks.removed == 1
    removed = stored(mirror, url)
    assert removed.removed_at is not None and removed.removed_at < first_404
    assert "原文已被删除" in next(mirror.output.rglob(f"{removed.id}.md")).read_text()
    # Removed articles stay on the schedule: an hour later the page is back.
    server.routes["/a/1"] = article_page("Budget passes", STORY)
    clock.advance(hours=1)
    assert run_mirror(mirror).rechecks.restored == 1
    assert stored(mirror, url).removed_at is None and stored(mirror, url).revision == 1
    assert "原文已被删除" not in next(mirror.output.rglob(f"{removed.id}.md")).read_text()
    history = CliRunner().invoke(app, ["history", url, "--json", "--dir",
                                       str(mirror.paths.root)])
    events = json.loads(history.stdout)["events"]
    assert [event["kind"] for event in events] == ["removed", "restored"]
    assert events[0]["detail"] == "the page answers 404"


def test_a_page_that_answers_404_once_in_a_while_is_never_removed(
        tmp_path: Path, server: FixtureServer, clock: Clock) -> None:
    server.routes["/feed.xml"] = rss(server, [("/a/1", "Budget passes", "Short summary.")])
    server.routes["/a/1"] = article_page("Budget passes", STORY)
    mirror = mirror_of(tmp_path, feed_source(server))
    run_mirror(mirror)
    for _ in range(3):
        server.routes["/a/1"] = Route(b"not found", 404)
        assert recheck(mirror).missing == 1
        clock.advance(hours=2)
        server.routes["/a/1"] = article_page("Budget passes", STORY)
        assert recheck(mirror).removed == 0
    assert stored(mirror, server.url("/a/1")).removed_at is None
    with Store(mirror.paths.database) as store:
        found = ArchiveReader(store).history(server.url("/a/1"))
    assert found is not None and found.events == ()


# 5. A page source's title is its page's headline -----------------------------------------

def test_a_page_source_article_is_titled_by_its_headline_not_the_link(
        tmp_path: Path, server: FixtureServer) -> None:
    listing = "<html><body><a href='/a/1'>云南</a><a href='/a/2'>西藏</a></body></html>"
    server.routes["/china"] = Route(listing.encode(), headers=HTML)
    text = ("内蒙古农牧区推进“厕所革命”，改善人居环境，牧民生活条件明显提高。" * 6,)
    server.routes["/a/1"] = article_page("“厕所革命”改善农牧区人居环境", text)
    untitled = ("<html><body><div><p>" + "牧民说，新建的卫生厕所让冬天不再难熬。" * 8
                + "</p></div></body></html>")
    server.routes["/a/2"] = Route(untitled.encode(), headers=HTML)
    source = f'name = "china"\nkind = "page"\nurl = "{server.url("/china")}"\nlinks = "/a/"\n'
    mirror = mirror_of(tmp_path, source)
    run_mirror(mirror)
    assert stored(mirror, server.url("/a/1")).title == "“厕所革命”改善农牧区人居环境"
    assert stored(mirror, server.url("/a/2")).title == "西藏"  # no headline: the link's words


# 6. The publish time and author on every page ---------------------------------------------

def test_both_styles_show_the_publish_time_and_author(tmp_path: Path,
                                                      server: FixtureServer) -> None:
    dated = (b"<html><head><meta property='article:published_time' "
             b"content='2022-01-10T08:30:00+08:00'><meta name='author' content='Li Wei'>")
    for path in ("/a/1", "/a/2"):
        server.routes[path] = Route(article_page("Budget passes", STORY).body.replace(
            b"<html><head>", dated), headers=HTML)
    server.routes["/feed.xml"] = rss(server, [("/a/1", "Budget passes", "Short summary.")])
    server.routes["/mirror.xml"] = rss(server, [("/a/2", "Budget passes", "Short summary.")])
    sources = (feed_source(server) + f'\n[[sources]]\nname = "m"\nstyle = "mirror"\n'
               f'url = "{server.url("/mirror.xml")}"\n')
    mirror = mirror_of(tmp_path, sources)
    pages = run_mirror(mirror).published.pages
    for path in ("/a/1", "/a/2"):
        page = pages[article_id(server.url(path))].read_text(encoding="utf-8")
        assert "*发布时间 2022-01-10 00:30 UTC · 作者 Li Wei*" in page, page
    exported = CliRunner().invoke(app, ["export", "--jsonl", "--dir", str(mirror.paths.root)])
    assert {json.loads(line)["revisions"][0]["author"]
            for line in exported.stdout.splitlines()} == {"Li Wei"}
