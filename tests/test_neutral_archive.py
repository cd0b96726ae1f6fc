"""The archive keeps the article as the publisher had it; each output applies its display
when it renders. A change of display invents no revision, and an archive made by the
release before this is upgraded keeping every revision, adding none."""

from __future__ import annotations

import re
import shutil
import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

from mirrors import article_pages, make_mirror
from newsmirror.cli import ExitCode, app
from newsmirror.cli.demo_command import demo_data
from newsmirror.config import Mirror, open_mirror
from newsmirror.pipeline import run_mirror
from newsmirror.store import ArchiveReader
from servers import FixtureServer
from test_seeds import live_mirror

RELEASE = Path(__file__).parent / "fixtures" / "archives" / "release-0.1"
EPOCH = "166485dca854da74"
DW = "015fdcb7608d6fe2"


def release_copy(tmp_path: Path) -> Mirror:
    shutil.copytree(RELEASE, tmp_path / "m", ignore=shutil.ignore_patterns("published"))
    return open_mirror(tmp_path / "m")


def rows(database: Path) -> list[tuple[str, int, str, str]]:
    with sqlite3.connect(database) as db:
        return list(db.execute("SELECT article_id, number, fetched_at, text FROM revisions "
                               "ORDER BY id"))


def test_the_release_archive_upgrades_keeping_every_revision_and_adding_none(
        tmp_path: Path) -> None:
    mirror = release_copy(tmp_path)
    before = rows(mirror.paths.database)
    with mirror.open_store() as store:
        histories = {h.id: h for h in ArchiveReader(store).histories()}
    assert rows(mirror.paths.database) == before  # every revision, as it was, none added
    assert [len(histories[i].revisions) for i in (DW, EPOCH)] == [1, 3]
    assert [e.kind for e in histories[DW].events] == ["removed", "restored"]
    for history in histories.values():
        for revision in history.revisions:
            assert "<ok " not in revision.html and "weserv" not in revision.html
            assert "weserv" not in revision.lead_image
    assert 'src="https://static.dw.com/image/60367876_303.jpg"' in \
        histories[DW].revisions[0].html
    assert histories[DW].revisions[0].lead_image.startswith("https://static.dw.com/")
    assert histories[EPOCH].revisions[0].html.count(
        '<a href="https://www.epochtimes.com/gb/tag/') == 8


def test_the_upgraded_archive_publishes_what_the_release_published(tmp_path: Path) -> None:
    mirror = release_copy(tmp_path)
    result = CliRunner().invoke(app, ["publish", "--all", "--dir", str(mirror.paths.root)])
    assert result.exit_code == ExitCode.OK, result.output
    # the articles' pages as the release wrote them (the indexes are paginated since)
    published = {str(p.relative_to(mirror.output)): p.read_bytes()
                 for p in article_pages(mirror.output)}
    expected = {str(p.relative_to(RELEASE / "published")): p.read_bytes()
                for p in article_pages(RELEASE / "published")}
    assert published == expected and len(published) == 2


def test_an_upgraded_archive_extracted_again_has_no_new_revision(tmp_path: Path) -> None:
    mirror = release_copy(tmp_path)
    with sqlite3.connect(mirror.paths.database) as db:  # the articles as first archived
        db.execute("DELETE FROM revisions WHERE number > 1")
    mirror.paths.warc.mkdir(parents=True)
    shutil.copy(demo_data("sample.warc.gz"), mirror.paths.warc / "demo-sample.warc.gz")
    report = run_mirror(mirror, replay=[mirror.paths.warc / "demo-sample.warc.gz"],
                        recheck_all=True)
    assert report.rechecks.checked == 2 and report.rechecks.edited == 0
    assert sum(s.new_revisions + s.new_articles for s in report.sources) == 0
    with mirror.open_store() as store:
        assert store.revision_count() == 2


CHANGES = {
    "image_proxy": ("[mirror]\n", '[mirror]\nimage_proxy = "https://img.example/p?u={url}"\n'),
    "style": ('style = "mirror"', 'style = "archive"'),
    "tag_links": ('name = "epochtimes"\n', 'name = "epochtimes"\ntag_links = "/nothing/"\n'),
    "images": ('images = "keep"', 'images = "proxy"'),
}


@pytest.mark.parametrize("setting", CHANGES)
def test_a_change_of_display_makes_no_revision_and_renders_again(
        tmp_path: Path, tls_server: FixtureServer, ca_bundle: Path, setting: str) -> None:
    mirror = live_mirror(tmp_path, tls_server, ca_bundle)
    first = run_mirror(mirror)
    pages = {path: path.read_text(encoding="utf-8") for path in first.published.pages.values()}
    old, new = CHANGES[setting]
    config = mirror.paths.config
    text = config.read_text(encoding="utf-8")
    assert old in text
    config.write_text(text.replace(old, new, 1), encoding="utf-8")
    changed = open_mirror(mirror.paths.root)
    report = run_mirror(changed, recheck_all=True)
    assert report.rechecks.checked == 2 and report.rechecks.edited == 0
    assert sum(s.new_revisions for s in report.sources) == 0
    assert report.published.everything
    rendered = {path: path.read_text(encoding="utf-8") for path in pages}
    dw, epoch = (next(p for p in pages if p.stem == i) for i in (DW, EPOCH))
    if setting == "image_proxy":
        assert "https://img.example/p?u=https://static.dw.com/" in rendered[dw]
        assert rendered[epoch] == pages[epoch]
    elif setting == "style":
        assert rendered[epoch].startswith("<!--") and "<ok " not in rendered[epoch]
    elif setting == "tag_links":
        assert "<ok " in pages[epoch] and "<ok " not in rendered[epoch]
        assert len(re.findall(r'<a href="https://www.epochtimes.com/gb/tag/',
                              rendered[epoch])) == 8
    else:
        assert "images.weserv.nl/?url=i.epochtimes.com/" in rendered[epoch]
        assert "images.weserv.nl" not in pages[epoch]


def test_a_new_archive_needs_no_conversion(tmp_path: Path) -> None:
    mirror = make_mirror(tmp_path / "m", "")
    with mirror.open_store() as store:
        assert store.meta("neutral") is None
