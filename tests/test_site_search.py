"""The site's search: the folding table shared by the index and the page, and the index
built by the real Pagefind binary, in parts that a run builds again only when touched."""

from __future__ import annotations

import gzip
import json
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest

from mirrors import make_mirror
from newsmirror.article import Article
from newsmirror.config import Mirror
from newsmirror.site.mirror import build_site
from newsmirror.site.search import folding, index, parts
from newsmirror.site.search.bundle import bundle_problem
from newsmirror.site.search.service import PagefindService
from newsmirror.site.search.step import build_search
from newsmirror.store import Store
from sites import T0

ROOT = Path(__file__).parent.parent
SEARCH_JS = ROOT / "src/newsmirror/site/search/search.js"

# The articles the search tests look for (title, text); the browser test uses them too.
ARTICLES = {
    "nato": ("北约峰会开幕", "北约成员国领导人在布鲁塞尔开会。"),
    "nato-hant": ("北約秘書長談話", "北約秘書長說，烏克蘭問題仍有分歧。"),
    "russia": ("中俄关系", "中俄两国外长会谈，讨论双边关系。"),
    "beijing": ("北京的约定", "北京市政府与企业签订约定。"),  # 北 and 约, never side by side
    "weather": ("天气预报", "明天晴，有微风。"),
}
CONFIG = """[mirror]
title = "搜索镜像"

[[sources]]
name = "news"
url = "https://news.example/feed"
title = "新闻"
"""


def search_mirror(folder: Path, extra: str = "") -> Mirror:
    """A mirror of :data:`ARTICLES` (an hour apart), its site built."""
    mirror = make_mirror(folder, CONFIG + extra)
    with Store(mirror.paths.database) as store:
        for number, (slug, (title, text)) in enumerate(ARTICLES.items()):
            store.save_article("news", Article(
                url=f"https://news.example/{slug}", title=title, html=f"<p>{text}</p>",
                text=text, published=T0 + timedelta(hours=number)),
                T0 + timedelta(hours=number))
        build_site(mirror, store)
    return mirror


def fragments(part: Path) -> dict[str, dict[str, object]]:
    """The records of one Pagefind bundle, by URL."""
    found = {}
    for path in (part / "fragment").iterdir():
        data = gzip.decompress(path.read_bytes())
        record = json.loads(data[data.index(b"{"):])
        found[record["url"]] = record
    return found


def test_the_shipped_table_is_what_opencc_makes_now() -> None:
    done = subprocess.run([sys.executable, str(ROOT / "scripts/build_fold_table.py"),
                           "--check"], capture_output=True, check=False)
    assert done.returncode == 0, "fold.json is stale: python scripts/build_fold_table.py"


def test_traditional_taiwan_hong_kong_and_full_width_forms_fold_to_one() -> None:
    assert folding.fold("北約秘書長說") == "北约秘书长说"
    assert folding.fold("臺灣") == folding.fold("台湾") == "台湾"
    assert folding.fold("衞生") == "卫生"  # a Hong Kong form
    assert folding.fold("ＮＡＴＯ　２０２４") == "NATO 2024"
    assert folding.fold("北约与俄罗斯") == "北约与俄罗斯"  # simplified stays


def test_folding_twice_is_folding_once() -> None:
    table = folding.table()
    assert all(ord(target) not in table for target in table.values())


def test_each_han_character_is_a_word_of_its_own() -> None:
    assert folding.indexed("G7峰會 NATO") == "G7峰\u200b会\u200b NATO"
    assert folding.indexed("𠀋") == "𠀋\u200b"  # beyond the basic plane too


def test_the_page_knows_han_as_the_index_does() -> None:
    ranges = re.search(r'var HAN = "([^"]+)"', SEARCH_JS.read_text(encoding="utf-8"))
    assert ranges is not None

    def points(pattern: str) -> list[tuple[int, int]]:
        bounds = [int(h, 16) for h in re.findall(r"u\{?([0-9a-fA-F]{4,5})\}?", pattern)]
        return list(zip(bounds[::2], bounds[1::2], strict=True))

    assert points(ranges.group(1)) == points(folding.HAN.pattern.encode(
        "unicode_escape").decode().replace("\\U000", "\\u{").replace("-\\u{", "}-\\u{")
        .replace("]", "}]"))


@pytest.mark.pagefind
def test_the_index_holds_each_article_folded_under_its_own_title(tmp_path: Path) -> None:
    mirror = search_mirror(tmp_path / "m")
    with Store(mirror.paths.database) as store:
        report = build_search(mirror, store)
    assert (report.error, report.built, report.parts, report.articles) == (
        "", ["00000000"], 1, 5)
    assert report.peak_mb > 0
    site = mirror.output / "site"
    part = site / "pagefind" / "00000000"
    assert (part / "pagefind.js").is_file() and not (part / "pagefind-ui.js").exists()
    records = fragments(part)
    assert len(records) == 5
    hant = next(r for r in records.values() if r["meta"] == {"title": "北約秘書長談話"})
    assert "北\u200b约\u200b秘\u200b书\u200b长" in str(hant["content"])
    url = str(hant["url"])
    assert re.fullmatch(r"news/2022/01/10/[0-9a-f]{16}\.html", url)
    assert (site / url).is_file()  # the record's URL is the article page, site-relative
    page = (site / "search.html").read_text(encoding="utf-8")
    assert 'data-parts="pagefind/00000000/"' in page
    assert (site / "search" / "search.js").is_file()
    fold = (site / "search" / "fold.js").read_text(encoding="utf-8")
    assert "北約" not in fold.split("TO = ")[1]


def plan(old: parts.Layout, articles: int, touched: frozenset[int] = frozenset()
         ) -> tuple[list[parts.Span], parts.Layout]:
    """The spans built after ``old`` over ``articles`` articles of 10 characters each."""
    def read(first: int, end: int | None) -> Iterator[parts.Record]:
        for position in range(first, articles if end is None else end):
            yield (f"{position}.html", "x" * 10, "")

    made = parts.Plan(old, set(touched), lambda span: True)
    return [job.span for job in made.jobs(read)], made.layout


def test_parts_fill_then_stay_put_and_the_tail_is_cut_small(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parts, "PART_CHARS", 50)  # five articles
    monkeypatch.setattr(parts, "TAIL_CHARS", 20)  # two
    built, layout = plan(parts.Layout(), 12)
    assert built == [(0, 5), (5, 10), (10, 12)]
    assert (layout.parts, layout.sealed) == (((0, 5), (5, 10), (10, 12)), 2)
    built, layout = plan(layout, 13, frozenset({12}))  # a new article: a new piece of the tail
    assert (built, layout.parts[2:]) == ([(12, 13)], ((10, 12), (12, 13)))
    built, layout = plan(layout, 14, frozenset({13}))  # the last piece only
    assert (built, layout.parts[2:]) == ([(12, 14)], ((10, 12), (12, 14)))
    built, layout = plan(layout, 16, frozenset({14, 15}))  # the tail is full: a part, built once
    assert built == [(10, 15), (15, 16)]
    assert (layout.parts, layout.sealed) == (((0, 5), (5, 10), (10, 15), (15, 16)), 3)
    assert plan(layout, 16, frozenset({3})) == ([(0, 5)], layout)  # an edit: its own part
    assert plan(layout, 16) == ([], layout)
    assert parts.Layout.loads(layout.dumps()) == layout


@pytest.mark.pagefind
def test_a_run_builds_again_only_the_parts_it_touched(tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    sizes = [len(folding.indexed(f"{title} {text}")) for title, text in ARTICLES.values()]
    monkeypatch.setattr(parts, "PART_CHARS", sizes[0] + sizes[1])  # two articles a part
    monkeypatch.setattr(parts, "TAIL_CHARS", 1)  # an article a piece
    mirror = search_mirror(tmp_path / "m")
    root = mirror.output / "site" / "pagefind"
    with Store(mirror.paths.database) as store:
        first = build_search(mirror, store)
        names = ["00000000", "00000002", "00000004"]
        assert (first.built, first.parts) == (names, 3)
        assert [len(fragments(root / name)) for name in names] == [2, 2, 1]
        assert build_search(mirror, store).built == []  # nothing changed
        before = {name: fragments(root / name) for name in names}
        store.save_article("news", Article(url="https://news.example/late", title="新文章",
                                           html="<p>北约新闻。</p>", text="北约新闻。",
                                           published=T0), T0 + timedelta(days=1))
        added = build_search(mirror, store)
        assert (added.built, added.parts) == (["00000005"], 4)  # a new piece of the tail
        assert {name: fragments(root / name) for name in names} == before
        title = ARTICLES["nato"][0]
        store.save_article("news", Article(url="https://news.example/nato", title=title,
                                           html="<p>改写。</p>", text="改写。",
                                           published=T0), T0 + timedelta(days=2))
        assert build_search(mirror, store).built == ["00000000"]  # an edit: its own part
        assert len(build_search(mirror, store, everything=True).built) == 4
    page = (mirror.output / "site" / "search.html").read_text(encoding="utf-8")
    assert ('data-parts="pagefind/00000000/ pagefind/00000002/ pagefind/00000004/ '
            'pagefind/00000005/"') in page


@pytest.mark.pagefind
def test_a_lost_part_is_built_again(tmp_path: Path) -> None:
    mirror = search_mirror(tmp_path / "m")
    with Store(mirror.paths.database) as store:
        build_search(mirror, store)
        (mirror.output / "site" / "pagefind" / "00000000" / "pagefind-entry.json").unlink()
        assert build_search(mirror, store).built == ["00000000"]


@pytest.mark.pagefind
def test_when_pagefind_fails_the_pages_stay_and_the_next_run_tries_again(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    mirror = search_mirror(tmp_path / "m")
    with Store(mirror.paths.database) as store:
        monkeypatch.setenv("PAGEFIND_BINARY_PATH", "/bin/false")
        failed = build_search(mirror, store)
        assert "Pagefind stopped" in failed.error
        assert store.changes.cursor(index.CONSUMER) == 0
        monkeypatch.delenv("PAGEFIND_BINARY_PATH")
        assert build_search(mirror, store).built == ["00000000"]


def test_without_search_no_page_links_a_search_page(tmp_path: Path) -> None:
    mirror = search_mirror(tmp_path / "m", "\n[publish]\nsearch = false\n")
    site = mirror.output / "site"
    with Store(mirror.paths.database) as store:
        build_search(mirror, store)
    assert not (site / "search.html").exists() and not (site / "pagefind").exists()
    assert not [p for p in site.rglob("*.html") if "search.html" in p.read_text("utf-8")]


@pytest.mark.pagefind
def test_an_empty_archive_has_a_search_page_and_no_index_yet(tmp_path: Path) -> None:
    mirror = make_mirror(tmp_path / "m", CONFIG)
    with Store(mirror.paths.database) as store:
        build_site(mirror, store)
        report = build_search(mirror, store)
    assert (report.error, report.built) == ("", [])
    site = mirror.output / "site"
    assert 'data-parts=""' in (site / "search.html").read_text(encoding="utf-8")
    assert not (site / "pagefind").exists() or not any((site / "pagefind").iterdir())


# --- a bundle is read back: Pagefind may leave a file unwritten -------------------------

def _cut(path: Path) -> None:
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])


@pytest.mark.pagefind
def test_a_bundle_with_a_file_empty_or_cut_is_found_out(tmp_path: Path) -> None:
    """What Pagefind left behind at 100,000 articles: an empty entry file, an empty or cut
    WebAssembly, an empty script; and a fragment or index chunk cut half-way."""
    mirror = search_mirror(tmp_path / "m")
    with Store(mirror.paths.database) as store:
        build_search(mirror, store)
    whole = mirror.output / "site" / "pagefind" / "00000000"
    assert bundle_problem(whole, "zh", len(ARTICLES)) == ""
    assert "5 pages of 6" in bundle_problem(whole, "zh", 6)
    damages = {
        "entry emptied": lambda b: (b / "pagefind-entry.json").write_bytes(b""),
        "wasm emptied": lambda b: next(b.glob("wasm.*")).write_bytes(b""),
        "wasm cut": lambda b: _cut(next(b.glob("wasm.*"))),
        "script emptied": lambda b: (b / "pagefind.js").write_bytes(b""),
        "worker gone": lambda b: (b / "pagefind-worker.js").unlink(),
        "fragment cut": lambda b: _cut(next((b / "fragment").iterdir())),
        "index chunk emptied": lambda b: next((b / "index").iterdir()).write_bytes(b""),
        "metadata cut": lambda b: _cut(next(b.glob("*.pf_meta"))),
    }
    for name, damage in damages.items():
        copy = tmp_path / name
        shutil.copytree(whole, copy)
        damage(copy)
        assert bundle_problem(copy, "zh", len(ARTICLES)), name


def _cutting_writes(monkeypatch: pytest.MonkeyPatch, times: int) -> list[Path]:
    """Pagefind's writes, the first ``times`` of them leaving the WebAssembly cut."""
    written: list[Path] = []
    real = PagefindService.write

    def write(self: PagefindService, folder: Path) -> None:
        real(self, folder)
        written.append(folder)
        if len(written) <= times:
            _cut(next(folder.glob("wasm.*")))

    monkeypatch.setattr(PagefindService, "write", write)
    return written


@pytest.mark.pagefind
def test_a_part_written_incompletely_is_built_again(tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    mirror = search_mirror(tmp_path / "m")
    written = _cutting_writes(monkeypatch, times=1)
    with Store(mirror.paths.database) as store:
        report = build_search(mirror, store)
    assert report.error == "" and report.built == ["00000000"]
    assert len(written) == 2  # the second process wrote it whole
    part = mirror.output / "site" / "pagefind" / "00000000"
    assert bundle_problem(part, "zh", len(ARTICLES)) == ""


@pytest.mark.pagefind
def test_a_part_pagefind_never_writes_whole_keeps_the_old_index(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    mirror = search_mirror(tmp_path / "m")
    with Store(mirror.paths.database) as store:
        build_search(mirror, store)
        part = mirror.output / "site" / "pagefind" / "00000000"
        before = {p.name: p.read_bytes() for p in part.iterdir() if p.is_file()}
        store.save_article("news", Article(
            url="https://news.example/new", title="新文章", html="<p>北约又开会。</p>",
            text="北约又开会。", published=T0 + timedelta(days=1)), T0 + timedelta(days=1))
        with monkeypatch.context() as patch:
            _cutting_writes(patch, times=99)
            failed = build_search(mirror, store)
        assert "incompletely 3 times" in failed.error and "wasm" in failed.error
        assert {p.name: p.read_bytes() for p in part.iterdir() if p.is_file()} == before
        assert store.changes.cursor(index.CONSUMER) < store.changes.latest()
        assert build_search(mirror, store).built == ["00000000"]
