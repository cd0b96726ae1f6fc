"""Revisions over time: the archive reader, `history`, `export --jsonl`, and published
pages that say "edited" and link a history page with the diffs."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from typer.testing import CliRunner

from mirrors import demo_toml, make_mirror
from newsmirror.article import Article
from newsmirror.cli import ExitCode, app
from newsmirror.config import Mirror
from newsmirror.publish import SitePublisher, SiteSettings, SourcePage
from newsmirror.store import ArchiveReader, PageChecks, Store
from newsmirror.store.history import _HISTORIES, _ORDER
from newsmirror.urls import article_id

T0 = datetime(2022, 1, 10, 5, 0, tzinfo=UTC)
EDITED_AT = T0 + timedelta(hours=3)
URL = "https://news.example/world/a1"
FIRST = Article(
    url=URL, title="拜登会见德国总理",
    html="<p>美国总统拜登周一在白宫会见了德国总理。</p><p>Talks resume on Monday.</p>",
    text="美国总统拜登周一在白宫会见了德国总理。\n\nTalks resume on Monday.", published=T0)
SECOND = replace(FIRST, html=FIRST.html.replace("白宫", "戴维营").replace("Monday", "Tuesday"),
                 text=FIRST.text.replace("白宫", "戴维营").replace("Monday", "Tuesday"))
ONCE = Article(url="https://news.example/world/b2", title="只有一个版本",
                    html="<p>没有修改。</p>", text="没有修改。", published=T0)
README = Path(__file__).parent.parent / "README.md"


@pytest.fixture
def mirror(tmp_path: Path) -> Mirror:
    """The demo's mirror with one article edited once and one never edited."""
    made = make_mirror(tmp_path, demo_toml())
    with Store(made.paths.database) as store:
        store.save_article("dw", FIRST, T0)
        store.save_article("dw", FIRST, T0 + timedelta(hours=1))  # unchanged: no revision
        store.save_article("dw", SECOND, EDITED_AT)
        store.save_article("epochtimes", ONCE, T0)
    return made


def test_the_reader_gives_revisions_oldest_first(mirror: Mirror) -> None:
    with Store(mirror.paths.database) as store:
        reader = ArchiveReader(store)
        assert [(r.number, r.fetched_at) for r in reader.revisions(article_id(URL))] == [
            (1, T0), (2, EDITED_AT)]
        by_url = reader.history("https://NEWS.example/world/a1?utm_source=rss")
        assert by_url is not None and by_url.id == article_id(URL)
        assert by_url.status == "live" and by_url.removed_at is None
        assert reader.history(article_id(URL).upper()) == by_url
        assert reader.history("0123456789abcdef") is None
        assert [(h.id, len(h.revisions)) for h in reader.histories()] == sorted(
            [(article_id(URL), 2), (article_id(ONCE.url), 1)])


def test_the_export_query_sorts_nothing(mirror: Mirror) -> None:
    # Rows stream in index order: SQLite holds no sorted copy of the archive.
    with Store(mirror.paths.database) as store:
        plan = " ".join(str(row[3]) for row in store.connection.execute(
            f"EXPLAIN QUERY PLAN {_HISTORIES} {_ORDER}"))
    assert "TEMP B-TREE" not in plan


def test_an_article_removed_at_source_is_exported_as_removed(mirror: Mirror) -> None:
    with Store(mirror.paths.database) as store:
        PageChecks(store).mark_removed(article_id(URL), T0 + timedelta(days=2),
                                       T0 + timedelta(days=2, hours=1), "404")
    result = CliRunner().invoke(app, ["export", "--jsonl", "--dir", str(mirror.paths.root)])
    exported = {line["id"]: line for line in map(json.loads, result.stdout.splitlines())}
    assert exported[article_id(URL)]["status"] == "removed"
    assert exported[article_id(URL)]["removed_at"] == "2022-01-12T05:00:00Z"
    assert exported[article_id(ONCE.url)]["status"] == "live"


def test_export_writes_one_article_per_line_with_every_revision(mirror: Mirror) -> None:
    result = CliRunner().invoke(app, ["export", "--jsonl", "--dir", str(mirror.paths.root)])
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    edited = next(line for line in lines if line["id"] == article_id(URL))
    assert set(edited) == {"id", "url", "source", "status", "removed_at", "events",
                           "revisions"}
    assert edited["events"] == []
    assert (edited["url"], edited["source"], edited["status"], edited["removed_at"]) == (
        URL, "dw", "live", None)
    assert [r["fetched_at"] for r in edited["revisions"]] == ["2022-01-10T05:00:00Z",
                                                              "2022-01-10T08:00:00Z"]
    assert set(edited["revisions"][0]) == {"fetched_at", "title", "author", "published",
                                           "text", "html"}
    assert edited["revisions"][1]["text"] == SECOND.text
    assert len(lines) == 2


def test_export_needs_a_format(mirror: Mirror) -> None:
    result = CliRunner().invoke(app, ["export", "--dir", str(mirror.paths.root)])
    assert result.exit_code == ExitCode.USAGE and "--jsonl" in result.output


def test_history_prints_revisions_and_the_changed_words(mirror: Mirror) -> None:
    result = CliRunner().invoke(app, ["history", URL, "--dir", str(mirror.paths.root)])
    assert result.exit_code == 0, result.output
    assert "revision 1 · 2022-01-10T05:00:00Z · 拜登会见德国总理" in result.stdout
    assert "revision 2 · 2022-01-10T08:00:00Z" in result.stdout
    assert "在[-白宫-]{+戴维营+}会见" in result.stdout  # not a terminal: marked in the text
    assert "on [-Monday-]{+Tuesday+}." in result.stdout


def test_history_json_has_the_revisions_and_the_diff_runs(mirror: Mirror) -> None:
    result = CliRunner().invoke(app, ["history", article_id(URL), "--json",
                                      "--dir", str(mirror.paths.root)])
    shown = json.loads(result.stdout)
    assert [r["number"] for r in shown["revisions"]] == [1, 2]
    assert shown["revisions"][0]["diff"] is None
    assert shown["revisions"][1]["title_diff"] == [{"op": "equal", "text": FIRST.title}]
    assert [run for run in shown["revisions"][1]["diff"] if run["op"] != "equal"] == [
        {"op": "delete", "text": "白宫"}, {"op": "insert", "text": "戴维营"},
        {"op": "delete", "text": "Monday"}, {"op": "insert", "text": "Tuesday"}]


def test_history_of_an_unknown_article_is_a_usage_error(mirror: Mirror) -> None:
    result = CliRunner().invoke(app, ["history", "https://news.example/none",
                                      "--dir", str(mirror.paths.root)])
    assert result.exit_code == ExitCode.USAGE and "no archived article" in result.output


@pytest.mark.parametrize("command", ["history", "export"])
def test_the_new_commands_have_help_and_are_in_the_readme(command: str) -> None:
    result = CliRunner().invoke(app, [command, "--help"])
    assert result.exit_code == 0 and "--dir" in result.output
    assert f"newsmirror {command}" in README.read_text(encoding="utf-8")


def publish(mirror: Mirror, style: str, *, with_history: bool) -> dict[str, str]:
    """Every page published into a fresh folder, by its path."""
    output = mirror.paths.root / f"out-{style}-{with_history}"
    with Store(mirror.paths.database) as store:
        pages = {name: SourcePage(name=name, title=name, style=style)
                 for name in ("dw", "epochtimes")}
        history = ArchiveReader(store).history if with_history else None
        SitePublisher(output, SiteSettings(), pages, history=history).publish(store.articles())
    return {str(p.relative_to(output)): p.read_text(encoding="utf-8")
            for p in output.rglob("*.md")}


@pytest.mark.parametrize("style", ["archive", "mirror"])
def test_an_edited_article_says_edited_and_links_its_history(mirror: Mirror,
                                                             style: str) -> None:
    pages = publish(mirror, style, with_history=True)
    folder = "dw/2022/01/10"
    page = pages[f"{folder}/{article_id(URL)}.md"]
    assert (f"*已编辑 2022-01-10 08:00 UTC* · [修改记录]({article_id(URL)}.history.md)"
            in page)
    assert "戴维营" in page
    history = pages[f"{folder}/{article_id(URL)}.history.md"]
    assert "## 版本 1 · 2022-01-10 05:00 UTC" in history
    assert "## 版本 2 · 2022-01-10 08:00 UTC" in history
    assert "在<del>白宫</del><ins>戴维营</ins>会见" in history
    assert "on <del>Monday</del><ins>Tuesday</ins>." in history
    assert f"[返回文章]({article_id(URL)}.md)" in history


@pytest.mark.parametrize("style", ["archive", "mirror"])
def test_a_single_revision_renders_as_before(mirror: Mirror, style: str) -> None:
    before = publish(mirror, style, with_history=False)
    after = publish(mirror, style, with_history=True)
    only_once = f"epochtimes/2022/01/10/{article_id(ONCE.url)}.md"
    assert after[only_once] == before[only_once]
    assert "已编辑" not in after[only_once]
    assert not any(name.startswith("epochtimes/") and "history" in name for name in after)
    # Without a history lookup even the edited article renders as it always did.
    assert "已编辑" not in before[f"dw/2022/01/10/{article_id(URL)}.md"]
