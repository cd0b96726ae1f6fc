"""A run renders only what its changes touch: the changed articles' pages, their sources'
indexes and the home page; every other file is left alone. `publish --all`, or a change
of what every page is made of, renders everything."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

from typer.testing import CliRunner

from mirrors import make_mirror
from newsmirror.article import Article
from newsmirror.cli import app
from newsmirror.config import Mirror
from newsmirror.publish.mirror import publish_mirror
from newsmirror.store import PageChecks, Store
from newsmirror.urls import article_id

T0 = datetime(2022, 1, 10, 5, tzinfo=UTC)


def article(source: str, number: int) -> Article:
    return Article(url=f"https://{source}.example/a/{number}", title=f"{source} {number}",
                        html=f"<p>Story {number} of {source}.</p>",
                        text=f"Story {number} of {source}.",
                        published=T0 + timedelta(hours=number))


def mirror_with_articles(tmp_path: Path) -> Mirror:
    mirror = make_mirror(tmp_path / "m", "".join(
        f'[[sources]]\nname = "{name}"\nurl = "https://{name}.example/feed"\n\n'
        for name in ("one", "two")))
    with Store(mirror.paths.database) as store:
        for number in range(5):
            for name in ("one", "two"):
                store.save_article(name, article(name, number), T0 + timedelta(hours=number))
        publish_mirror(mirror, store)
    return mirror


def written_after(mirror: Mirror, change: str) -> set[str]:
    """The files a publish wrote after ``change`` was made to the archive."""
    with Store(mirror.paths.database) as store:
        if change == "new":
            store.save_article("one", article("one", 9), T0 + timedelta(days=1))
        elif change == "edit":
            store.save_article("two", replace(article("two", 1), html="<p>Corrected.</p>",
                                              text="Corrected."), T0 + timedelta(days=1))
        elif change == "removed":
            identifier = store.articles("two")[2].id
            PageChecks(store).mark_removed(identifier, T0, T0 + timedelta(hours=1), "404")
        report = publish_mirror(mirror, store)
    return {str(path.relative_to(mirror.output)) for path in report.written}


def feeds(folder: str = "") -> set[str]:
    """The outgoing feeds of a source's folder (of the whole mirror: ``""``)."""
    return {f"{folder}/{name}".lstrip("/") for name in ("atom.xml", "rss.xml", "feed.json")}


def test_a_new_article_writes_its_page_its_index_and_the_home_page(tmp_path: Path) -> None:
    mirror = mirror_with_articles(tmp_path)
    files = {p: p.stat().st_mtime_ns for p in mirror.output.rglob("*.md")}
    written = written_after(mirror, "new")
    new_page = f"one/2022/01/10/{article_id(article('one', 9).url)}.md"
    # its source's index and last page (here its only one), its day's index and last
    # page, the list of days (with the day's count)
    assert written == {new_page, "one/README.md", "one/pages/1.md", "README.md",
                       "days/README.md", "days/2022-01-10/README.md",
                       "days/2022-01-10/1.md"} | feeds("one") | feeds()
    for path, mtime in files.items():  # every other file left alone
        if str(path.relative_to(mirror.output)) not in written:
            assert path.stat().st_mtime_ns == mtime, path


def test_an_edit_writes_the_page_and_its_history_and_a_removal_the_page(tmp_path: Path) -> None:
    mirror = mirror_with_articles(tmp_path)
    edited = written_after(mirror, "edit")
    assert {name.rsplit("/", 1)[-1].split(".", 1)[1] for name in edited
            if "/2022/" in name} == {"md", "history.md"}
    assert all(name.startswith(("two/", "days/")) or name in {"README.md"} | feeds()
               for name in edited)
    removed = written_after(mirror, "removed")
    assert len([name for name in removed if "/2022/" in name]) == 1


def test_nothing_changed_renders_nothing_and_all_renders_everything(tmp_path: Path) -> None:
    mirror = mirror_with_articles(tmp_path)
    with Store(mirror.paths.database) as store:
        quiet = publish_mirror(mirror, store)
        assert quiet.up_to_date and quiet.pages == {}
        everything = publish_mirror(mirror, store, everything=True)
    assert everything.everything and len(everything.pages) == 10
    assert everything.written == []  # the same pages: not one file rewritten
    result = CliRunner().invoke(app, ["publish", "--all", "--dir", str(mirror.paths.root)])
    # 10 articles, 2 indexes and their page 1, the day's index and page 1, the list of
    # days, the home page, and 3 feeds of each source and of the mirror
    assert result.output.startswith("0 files written, 27 unchanged")


def test_a_change_of_the_configuration_renders_everything(tmp_path: Path) -> None:
    mirror = mirror_with_articles(tmp_path)
    config = mirror.paths.config
    config.write_text('[mirror]\ntitle = "Another title"\n' + config.read_text())
    result = CliRunner().invoke(app, ["publish", "--dir", str(mirror.paths.root)])
    # the pages that carry the mirror's title: the home page, the mirror's feeds, the
    # indexes and their pages, the list of days, the day's index and page
    assert result.output.startswith("11 files written, 16 unchanged"), result.output
    assert "Another title" in (mirror.output / "README.md").read_text(encoding="utf-8")
