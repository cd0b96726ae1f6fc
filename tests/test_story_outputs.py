"""Story pages beyond the static site (issue 18.2): the markdown mirror's
``stories/<id>.md`` — each outlet's article with what it adds, edited and removed ones
marked, relative links only, third-party text inert — the story link on each markdown
article page, a merged story's old id, rendered incrementally; and ``serve``'s
``/stories``, ``/stories/ID`` and ``/api/stories/ID``."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path, PurePosixPath

import httpx
import pytest
from markdown_it import MarkdownIt

from mirrors import demo_toml, make_mirror
from newsmirror.config import Mirror
from newsmirror.publish.mirror import publish_mirror
from newsmirror.serve import create_app
from newsmirror.site.mirror import build_site
from newsmirror.stories.consumer import update_stories
from serving import running
from test_stories import EARTHQUAKE, ELECTION, SATELLITE, TO_TRADITIONAL, WHEN, _save

# What only DW says, with what must stay text: markup, a link, an address GitHub links.
EXTRA = ("德国总理表示，德国将向土耳其提供五千万欧元的紧急援助，并派出技术救援队"
         "<img src=x onerror=alert(1)>，详见 https://evil.example/y 或 www.evil.example。")
INJECTED = " [点此](https://evil.example/x) <b>粗</b> **重** # 标题"
# The demo's sources, with the line under the headline that the seed mirrors have not.
TOML = demo_toml().replace("byline = false", "byline = true")
STORY_LINK = re.compile(r"\[同一事件的报道\]\(([^)]+)\)")


def story_mirror(folder: Path) -> tuple[Mirror, dict[str, str]]:
    """DW's report of the earthquake (a title with markdown and HTML in it, a sentence
    of its own), the Epoch Times' traditional edition (edited, then removed at source),
    and a report alone; grouped and published (markdown and site)."""
    mirror = make_mirror(folder, TOML)
    later = WHEN + timedelta(hours=5)
    trad_title, trad_text = (TO_TRADITIONAL.convert(part) for part in EARTHQUAKE)
    with mirror.open_store() as store:
        ids = {
            "dw": _save(store, "dw", 1, EARTHQUAKE[0] + INJECTED, EARTHQUAKE[1] + EXTRA),
            "epochtimes": _save(store, "epochtimes", 2, trad_title, trad_text, when=later),
            "alone": _save(store, "dw", 3, *SATELLITE),
        }
        _save(store, "epochtimes", 2, trad_title + "（更新）", trad_text + "死亡人数上升。",
              when=later)
        store.checks.mark_removed(ids["epochtimes"], WHEN + timedelta(days=1),
                                  WHEN + timedelta(days=1, hours=1), "404")
        update_stories(store)
        publish_mirror(mirror, store)
        build_site(mirror, store)
    return mirror, ids


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> tuple[Mirror, dict[str, str]]:
    return story_mirror(tmp_path_factory.mktemp("story-outputs") / "m")


def _page(mirror: Mirror, story: str) -> str:
    return (mirror.output / "stories" / f"{story}.md").read_text(encoding="utf-8")


def _sections(page: str) -> dict[str, str]:
    """The page's sections by their heading (outlet · time)."""
    parts = re.split(r"^## (.+)$", page, flags=re.MULTILINE)
    return dict(zip(parts[1::2], parts[2::2], strict=True))


def _links(markdown: str) -> list[str]:
    """Every link target of the page as a renderer reads it."""
    html = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"]) \
        .render(markdown)
    assert "<img" not in html and "<b>" not in html and "<strong>重" not in html
    return re.findall(r'href="([^"]*)"', html)


# --- the markdown mirror --------------------------------------------------------------

def test_the_markdown_story_page_lists_each_outlet_with_what_it_adds(
        made: tuple[Mirror, dict[str, str]]) -> None:
    mirror, ids = made
    page = _page(mirror, ids["dw"])
    assert page.startswith("# 土耳其东南部发生7.8级强烈地震")
    assert "2 篇 · 2 家媒体 · 2022-03-01 08:00 UTC – 2022-03-01 13:00 UTC" in page
    dw, epochtimes = _sections(page).items()  # oldest first
    assert dw[0].startswith("德国之声") and epochtimes[0].startswith("大纪元")
    assert "2022-03-01 08:00 UTC" in dw[0] and "2022-03-01 13:00 UTC" in epochtimes[0]
    assert "只有这篇有" in dw[1] and "德国总理表示" in dw[1]
    assert "- 德国总理表示" in dw[1]  # what it adds, as a list
    assert "只有这篇有" not in epochtimes[1]  # the other edition has nothing of its own
    assert "> 土耳其东南部周一凌晨" in dw[1]  # the lead
    assert "原文已被删除 2022-03-02 08:00 UTC" in epochtimes[1]
    assert "原文已被删除" not in dw[1] and "已编辑" not in dw[1]
    history = re.search(r"\*\[已编辑\]\(([^)]+)\)\*", epochtimes[1])
    assert history is not None and history.group(1).endswith(".history.md")
    assert "(https://epochtimes.example/a/2)" in epochtimes[1]  # the original
    assert "土耳其東南部發生7.8級強烈地震（更新）" in epochtimes[1]  # the latest revision


def test_every_link_of_the_story_page_is_relative_and_resolves(
        made: tuple[Mirror, dict[str, str]]) -> None:
    mirror, ids = made
    folder = mirror.output / "stories"
    targets = _links(_page(mirror, ids["dw"]))
    own = [t for t in targets if not t.startswith("https://")]
    assert sorted(t for t in targets if t not in own) == [
        "https://dw.example/a/1", "https://epochtimes.example/a/2"]
    assert len(own) == 4  # home, two articles, a history page
    for target in own:
        assert not PurePosixPath(target).is_absolute() and ":" not in target
        assert (folder / target).resolve().is_file(), target


def test_third_party_text_stays_text(made: tuple[Mirror, dict[str, str]]) -> None:
    mirror, ids = made
    page = _page(mirror, ids["dw"])
    assert all("evil" not in target for target in _links(page))
    assert "<img" not in page and "<b>" not in page and "**重**" not in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page
    # outside a link, nothing GitHub would link by itself, and no line that a title or a
    # sentence starts becomes a heading or a list
    for line in page.splitlines():
        if line.startswith(("# ", "> ", "- ")):
            assert "https://" not in line and "www." not in line, line
    assert "https&#58;//evil.example/y" in page and "www&#46;evil.example" in page
    assert page.count("\n# ") == 0  # the injected "# 标题" is no heading of its own


def test_article_pages_link_their_story(made: tuple[Mirror, dict[str, str]]) -> None:
    mirror, ids = made
    pages = {p.stem: p for p in mirror.output.glob("*/*/*/*/*.md") if ".history" not in p.name}
    for name in ("dw", "epochtimes"):
        page = pages[ids[name]]
        (target,) = STORY_LINK.findall(page.read_text(encoding="utf-8"))
        assert (page.parent / target).resolve() == (
            mirror.output / "stories" / f"{ids['dw']}.md").resolve()
    assert not STORY_LINK.search(pages[ids["alone"]].read_text(encoding="utf-8"))
    assert sorted(p.name for p in (mirror.output / "stories").iterdir()) == [
        f"{ids['dw']}.md"]  # a story of one article has no page


def test_pages_as_the_seed_mirrors_write_them_have_no_story_line(tmp_path: Path) -> None:
    mirror = make_mirror(tmp_path, demo_toml())  # byline = false: the seeds' pages
    with mirror.open_store() as store:
        first = _save(store, "dw", 1, *EARTHQUAKE)
        _save(store, "epochtimes", 2, *(TO_TRADITIONAL.convert(s) for s in EARTHQUAKE))
        update_stories(store)
        publish_mirror(mirror, store)
    assert (mirror.output / "stories" / f"{first}.md").is_file()
    assert not any(STORY_LINK.search(p.read_text(encoding="utf-8"))
                   for p in mirror.output.glob("*/*/*/*/*.md"))


def test_a_merged_storys_old_id_points_to_the_story_it_joined(tmp_path: Path) -> None:
    p, q, r = EARTHQUAKE[1], ELECTION[1], SATELLITE[1]
    mirror = make_mirror(tmp_path, TOML)
    with mirror.open_store() as store:
        first = _save(store, "dw", 1, "土耳其地震", p + q)
        second = _save(store, "epochtimes", 2, "卫星发射", q + r, when=WHEN + timedelta(hours=1))
        update_stories(store)
        publish_mirror(mirror, store)
        assert not (mirror.output / "stories").exists()  # two stories of one
        _save(store, "dw", 3, "报道汇编", p + q + r,  # a near-duplicate of both
              when=WHEN + timedelta(hours=2))
        update_stories(store)
        assert store.stories.resolve(second) == first
        written = publish_mirror(mirror, store).written
    stories = mirror.output / "stories"
    moved = (stories / f"{second}.md").read_text(encoding="utf-8")
    assert moved.startswith("# 土耳其地震")
    (target,) = re.findall(r"这组报道已并入 \[[^]]+\]\(([^)]+)\)", moved)
    assert target == f"{first}.md" and (stories / target).is_file()
    second_page = next(mirror.output.glob(f"epochtimes/*/*/*/{second}.md"))
    assert second_page in written  # its story link is new: rendered though unchanged
    (link,) = STORY_LINK.findall(second_page.read_text(encoding="utf-8"))
    assert link.endswith(f"stories/{first}.md")


def _written_stories(written: list[Path]) -> list[str]:
    return sorted(p.stem for p in written if p.parent.name == "stories")


def test_a_publish_renders_only_the_stories_its_changes_touch(tmp_path: Path) -> None:
    mirror = make_mirror(tmp_path, TOML)
    traditional = [TO_TRADITIONAL.convert(part) for part in EARTHQUAKE]
    with mirror.open_store() as store:
        quake = _save(store, "dw", 1, *EARTHQUAKE)
        _save(store, "epochtimes", 2, *traditional)
        satellite = _save(store, "dw", 3, *SATELLITE)

        def publish() -> list[Path]:
            """A run's outputs: the site renders the same stories as the markdown."""
            update_stories(store)
            written = publish_mirror(mirror, store).written
            site = build_site(mirror, store).written
            assert _written_stories(site) == _written_stories(written)
            return written

        assert _written_stories(publish()) == [quake]
        satellite_page = next(mirror.output.glob(f"dw/*/*/*/{satellite}.md"))
        assert not STORY_LINK.search(satellite_page.read_text(encoding="utf-8"))
        _save(store, "epochtimes", 4, *ELECTION)  # a story of its own: no story page
        assert _written_stories(publish()) == []
        _save(store, "epochtimes", 5, *(TO_TRADITIONAL.convert(s) for s in SATELLITE))
        written = publish()  # the satellite story has two articles now
        assert _written_stories(written) == [satellite]
        assert satellite_page in written and STORY_LINK.search(satellite_page.read_text())
        quake_pages = set(mirror.output.glob(f"*/*/*/*/{quake}.md"))
        _save(store, "dw", 6, *EARTHQUAKE, when=WHEN + timedelta(hours=2))  # a third
        written = publish()
        assert _written_stories(written) == [quake]
        assert not quake_pages & set(written)  # the others' story link did not change
        assert "3 篇" in _page(mirror, quake)
        nothing = publish_mirror(mirror, store)
        assert nothing.up_to_date and nothing.written == []
        whole = publish_mirror(mirror, store, everything=True)
        assert whole.written == []  # what the runs wrote is what a whole publish writes
        site = build_site(mirror, store, everything=True).written
        assert [p for p in site if p.suffix == ".html"] == []
        satellite_site = next((mirror.output / "site").glob(f"dw/*/*/*/{satellite}.html"))
        assert "stories/" in satellite_site.read_text(encoding="utf-8")



def test_an_article_that_leaves_its_story_leaves_its_page(tmp_path: Path) -> None:
    """An edit takes an article to another story: the story it left shows it no more,
    in a run (not only on a whole publish); a story left with one article has no page,
    and the article left in it no story link."""
    mirror = make_mirror(tmp_path, TOML)
    traditional = [TO_TRADITIONAL.convert(part) for part in EARTHQUAKE]
    with mirror.open_store() as store:

        def run() -> None:
            update_stories(store)
            publish_mirror(mirror, store)
            build_site(mirror, store)

        quake = _save(store, "dw", 1, *EARTHQUAKE)
        _save(store, "epochtimes", 2, *traditional)
        third = _save(store, "voa", 3, *EARTHQUAKE, when=WHEN + timedelta(hours=1))
        run()
        pages = [mirror.output / "stories" / f"{quake}.md",
                 mirror.output / "site" / "stories" / f"{quake}.html"]
        assert all(third in page.read_text(encoding="utf-8") for page in pages)
        _save(store, "voa", 3, *SATELLITE, when=WHEN + timedelta(hours=3))  # now another
        run()
        assert not any(third in page.read_text(encoding="utf-8") for page in pages)
        assert "2 篇" in pages[0].read_text(encoding="utf-8")
        _save(store, "epochtimes", 2, *ELECTION, when=WHEN + timedelta(hours=4))
        run()  # the quake story is DW's article alone now: no page, no link
        assert not any(page.exists() for page in pages)
        dw_page = next(mirror.output.glob(f"dw/*/*/*/{quake}.md"))
        assert not STORY_LINK.search(dw_page.read_text(encoding="utf-8"))
        dw_site = next((mirror.output / "site").glob(f"dw/*/*/*/{quake}.html"))
        assert "stories/" not in dw_site.read_text(encoding="utf-8")
        assert {p.name for p in (mirror.output / "stories").iterdir()} == set()
        # what the runs left is what a whole publish makes
        assert publish_mirror(mirror, store, everything=True).written == []
        assert [p for p in build_site(mirror, store, everything=True).written
                if p.suffix == ".html"] == []


# --- serve ----------------------------------------------------------------------------

@pytest.fixture(scope="module")
def client(made: tuple[Mirror, dict[str, str]]) -> Iterator[httpx.Client]:
    mirror, _ = made
    with running(create_app(mirror)) as base, httpx.Client(base_url=base) as http:
        yield http


def test_serve_shows_a_story_with_the_sites_template(
        client: httpx.Client, made: tuple[Mirror, dict[str, str]]) -> None:
    _, ids = made
    page = client.get(f"/stories/{ids['dw']}")
    assert page.status_code == 200
    assert "script-src 'none'" in page.headers["content-security-policy"]
    text = page.text
    assert text.count('<article class="report') == 2
    assert f'<a href="/articles/{ids["dw"]}">' in text
    assert f'<a href="/articles/{ids["epochtimes"]}/history">已编辑</a>' in text
    assert "原文已被删除" in text and "德国总理表示" in text
    assert "&lt;img src=x onerror=alert(1)&gt;" in text and "<img" not in text
    assert "&lt;b&gt;粗&lt;/b&gt;" in text
    article = client.get(f"/articles/{ids['epochtimes']}").text
    assert f'<a href="/stories/{ids["dw"]}">同一事件的报道</a> · 2 篇' in article
    assert "/stories/" not in client.get(f"/articles/{ids['alone']}").text


def test_serve_lists_the_stories(client: httpx.Client,
                                 made: tuple[Mirror, dict[str, str]]) -> None:
    _, ids = made
    listed = client.get("/stories").text
    assert re.findall(r'<a href="/stories/([^"]+)">', listed) == [ids["dw"]]
    assert "德国之声 DW 中文" in listed and "大纪元" in listed and "2 篇" in listed
    assert f"/stories/{ids['dw']}" in client.get("/stories?source=epochtimes").text
    assert client.get("/stories?source=nope").status_code == 404
    assert client.get("/stories?page=2").status_code == 400
    assert 'href="/stories"' in client.get("/").text  # in every page's footer


def test_serve_answers_404_for_an_unknown_story(client: httpx.Client) -> None:
    for path in ("/stories/0123456789abcdef", "/stories/nope", "/stories/..%2Fx",
                 "/api/stories/0123456789abcdef"):
        response = client.get(path)
        assert response.status_code == 404, path
    assert client.get("/api/stories/nope").json()["error"].startswith("no story nope")


def test_the_api_gives_a_story_as_stories_json_does(
        client: httpx.Client, made: tuple[Mirror, dict[str, str]]) -> None:
    _, ids = made
    story = client.get(f"/api/stories/{ids['dw']}").json()
    assert set(story) == {"id", "title", "first_seen", "last_seen", "articles"}
    assert story["id"] == ids["dw"] and story["title"] == EARTHQUAKE[0] + INJECTED
    assert (story["first_seen"], story["last_seen"]) == ("2022-03-01T08:00:00Z",
                                                         "2022-03-01T13:00:00Z")
    assert [(a["id"], a["source"], a["edited"], a["removed"]) for a in story["articles"]] == [
        (ids["dw"], "dw", False, False), (ids["epochtimes"], "epochtimes", True, True)]
    assert story["articles"][1]["url"] == "https://epochtimes.example/a/2"
    assert set(story["articles"][0]) == {"id", "url", "source", "title", "at", "edited",
                                         "removed"}


def test_serve_leads_a_merged_id_to_the_story_it_joined(tmp_path: Path) -> None:
    p, q, r = EARTHQUAKE[1], ELECTION[1], SATELLITE[1]
    mirror = make_mirror(tmp_path, TOML)
    with mirror.open_store() as store:
        first = _save(store, "dw", 1, "土耳其地震", p + q)
        second = _save(store, "epochtimes", 2, "卫星发射", q + r)
        update_stories(store)
        _save(store, "dw", 3, "报道汇编", p + q + r)
        update_stories(store)
    data = mirror.paths.data
    before = {p.name: p.read_bytes() for p in data.glob("*.db")}
    with running(create_app(mirror)) as base, httpx.Client(base_url=base) as http:
        moved = http.get(f"/stories/{second}")
        assert moved.status_code == 301 and moved.headers["location"] == f"/stories/{first}"
        assert http.get(f"/stories/{second}", follow_redirects=True).text.count(
            '<article class="report') == 3
        assert http.get(f"/api/stories/{second}").json()["id"] == first
    assert before == {p.name: p.read_bytes() for p in data.glob("*.db")}  # read-only
