"""The markdown mirror's indexes like the real mirrors' (issue 16.5): a home page, and per
source and per day an index of the newest with numbered pages of 30 that stay put —
numbered from the oldest, so a new article changes only the last page — all linked
relatively, so that the pages work on any git host, renamed or forked."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mirrors import make_mirror
from newsmirror.article import Article
from newsmirror.config import Mirror
from newsmirror.publish.mirror import publish_mirror
from newsmirror.store import Store
from newsmirror.urls import article_id

T0 = datetime(2022, 3, 1, 8, tzinfo=UTC)
_LINK = re.compile(r"\]\(([^)\s]+)\)")
_ITEM = re.compile(r"^- .*\]\(([^)]+\.md)\)$", re.MULTILINE)


def article(number: int) -> Article:
    return Article(url=f"https://one.example/a/{number}", title=f"Story {number}",
                   html=f"<p>Story {number}.</p>", text=f"Story {number}.",
                   published=T0 + timedelta(hours=number))


def mirror_of(folder: Path, count: int, config: str = "") -> Mirror:
    mirror = make_mirror(folder, config + '[[sources]]\nname = "one"\n'
                         'url = "https://one.example/feed"\n')
    add(mirror, range(count))
    return mirror


def add(mirror: Mirror, numbers: range) -> set[str]:
    with Store(mirror.paths.database) as store:
        for number in numbers:
            store.save_article("one", article(number), T0 + timedelta(hours=number))
        written = publish_mirror(mirror, store).written
    return {str(path.relative_to(mirror.output)) for path in written}


def listed(page: Path) -> list[str]:
    """The article ids a listing page lists, in its order."""
    return [Path(link).stem for link in _ITEM.findall(page.read_text(encoding="utf-8"))]


def ids(numbers: range) -> list[str]:
    return [article_id(article(n).url) for n in numbers]


def test_pages_of_thirty_from_the_oldest_and_the_newest_on_the_index(tmp_path: Path) -> None:
    mirror = mirror_of(tmp_path / "m", 65)
    pages = mirror.output / "one" / "pages"
    assert sorted(p.name for p in pages.iterdir()) == ["1.md", "2.md", "3.md"]
    assert listed(pages / "1.md") == ids(range(29, -1, -1))  # newest first on the screen
    assert listed(pages / "2.md") == ids(range(59, 29, -1))
    assert listed(pages / "3.md") == ids(range(64, 59, -1))
    index = mirror.output / "one" / "README.md"
    assert listed(index) == ids(range(64, 34, -1))  # the newest 30 (index_limit)
    text = index.read_text(encoding="utf-8")
    assert "65 篇" in text and "(pages/2.md)" in text  # older: the page of the 31st newest
    middle = (pages / "2.md").read_text(encoding="utf-8")
    assert "(../README.md)" in middle and "(3.md)" in middle and "(1.md)" in middle
    assert "第 2 页" in middle


def test_a_new_article_changes_the_last_page_never_a_full_one(tmp_path: Path) -> None:
    mirror = mirror_of(tmp_path / "m", 60)
    full = {name: (mirror.output / "one" / "pages" / name).stat().st_mtime_ns
            for name in ("1.md", "2.md")}
    written = add(mirror, range(60, 61))
    assert "one/pages/3.md" in written and "one/README.md" in written
    # the old last page changes only for its "newer" link to the new page
    assert "one/pages/1.md" not in written
    for name, mtime in full.items():
        if f"one/pages/{name}" not in written:
            assert (mirror.output / "one" / "pages" / name).stat().st_mtime_ns == mtime
    assert listed(mirror.output / "one" / "pages" / "1.md") == ids(range(29, -1, -1))
    assert listed(mirror.output / "one" / "pages" / "3.md") == ids(range(60, 61))
    # what the run left is what a whole publish makes: no page holds a stale count
    with Store(mirror.paths.database) as store:
        assert publish_mirror(mirror, store, everything=True).written == []


def test_days_have_their_own_pages_and_every_link_resolves(tmp_path: Path) -> None:
    mirror = mirror_of(tmp_path / "m", 50)  # hourly from March 1, 08:00: three days
    days = mirror.output / "days"
    assert sorted(p.name for p in days.iterdir() if p.is_dir()) == [
        "2022-03-01", "2022-03-02", "2022-03-03"]
    assert len(listed(days / "2022-03-02" / "README.md")) == 24
    home = (mirror.output / "README.md").read_text(encoding="utf-8")
    assert "(days/2022-03-03/README.md)" in home and "(days/README.md)" in home
    for page in mirror.output.rglob("*.md"):
        for target in _LINK.findall(page.read_text(encoding="utf-8")):
            if target.startswith(("http://", "https://", "#")):
                continue
            resolved = (page.parent / target.split("?")[0]).resolve()
            assert resolved.is_file(), f"{page.relative_to(mirror.output)} → {target}"
            assert resolved.is_relative_to(mirror.output.resolve())


def test_index_limit_sets_how_many_the_index_lists(tmp_path: Path) -> None:
    mirror = mirror_of(tmp_path / "m", 40, "[mirror]\nindex_limit = 5\n")
    index = mirror.output / "one" / "README.md"
    assert listed(index) == ids(range(39, 34, -1))
    assert "(pages/2.md)" in index.read_text(encoding="utf-8")  # the 6th newest's page


@settings(max_examples=6, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(count=st.integers(0, 95), more=st.integers(0, 40))
def test_every_article_on_exactly_one_page_of_at_most_thirty(
        tmp_path_factory: object, count: int, more: int) -> None:
    """Invariant, however the articles came (one run or two): every article is listed on
    exactly one numbered page, in archive order, thirty to a page but the last."""
    folder = tmp_path_factory.mktemp("m")  # type: ignore[attr-defined]
    mirror = mirror_of(folder, count)
    add(mirror, range(count, count + more))
    total = count + more
    pages = sorted((mirror.output / "one" / "pages").glob("*.md"), key=lambda p: int(p.stem))
    seen = [identifier for page in pages for identifier in reversed(listed(page))]
    assert seen == ids(range(total))
    assert all(len(listed(page)) == 30 for page in pages[:-1])
    assert len(pages) == max(1, -(-total // 30))
