"""Publish: safe paths, markdown-safe text, template overrides, writes only on change."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path, PurePosixPath

import pytest

from newsmirror.publish import NavLink, SitePublisher, SiteSettings, SourcePage, UnsafePathError
from newsmirror.publish.paths import article_path, checked, link, resolve_inside, up_to_root
from newsmirror.store import StoredArticle

WHEN = datetime(2022, 1, 11, 2, 21, 9, tzinfo=UTC)


def stored(**changes: object) -> StoredArticle:
    values: dict[str, object] = dict(
        id="166485dca854da74", source="epoch", url="https://n.example/gb/n1.htm", title="T",
        html="<p>body</p>", text="body", author="", published=WHEN, first_seen=WHEN,
        path_date=WHEN, lead_image="", caption="", lead_image_in_body=False, revision=1,
        fetched_at=WHEN)
    values.update(changes)
    return StoredArticle(**values)  # type: ignore[arg-type]


def test_article_paths_are_by_source_and_day() -> None:
    page = article_path(stored())
    assert page == PurePosixPath("epoch/2022/01/11/166485dca854da74.md")
    assert up_to_root(page) == "../../../.."
    assert link(PurePosixPath("README.md"), page) == "epoch/2022/01/11/166485dca854da74.md"
    assert link(PurePosixPath("epoch/README.md"), page) == "2022/01/11/166485dca854da74.md"


@pytest.mark.parametrize("bad", ["../x.md", "/etc/passwd", "a/../../b", "a/.hidden/..", "a\\b"])
def test_unsafe_paths_are_refused(bad: str, tmp_path: Path) -> None:
    with pytest.raises(UnsafePathError):
        resolve_inside(tmp_path, checked(PurePosixPath(bad)))


def test_a_symlink_out_of_the_output_is_refused(tmp_path: Path) -> None:
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "epoch").symlink_to(tmp_path)
    with pytest.raises(UnsafePathError):
        resolve_inside(tmp_path / "out", PurePosixPath("epoch/x.md"))


def test_hostile_titles_stay_text(tmp_path: Path) -> None:
    publisher = SitePublisher(tmp_path, SiteSettings(), {
        "epoch": SourcePage(name="epoch", title="E", style="mirror",
                            nav=(NavLink("首页", "{root}?{slug}"),))})
    title = '<script>alert(1)</script> [x](javascript:y) *bold* | `code` \\'
    report = publisher.publish([stored(title=title, url="https://n.example/a b(1).htm")])
    page = report.pages["166485dca854da74"].read_text()
    assert "<script>" not in page and "&lt;script&gt;" in page
    assert "[x](javascript" not in page and "&#91;x&#93;" in page
    assert "[首页](../../../..?a%20b%281%29)" in page
    home = (tmp_path / "README.md").read_text()
    assert "<script>" not in home


def test_templates_in_the_mirror_override_the_built_in_ones(tmp_path: Path) -> None:
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "archive.md.j2").write_text("CUSTOM {{ article.title | md }}\n")
    publisher = SitePublisher(tmp_path / "out", SiteSettings(), {}, templates)
    report = publisher.publish([stored(source="other")])
    assert report.pages["166485dca854da74"].read_text() == "CUSTOM T\n"


def test_unchanged_files_are_not_rewritten(tmp_path: Path) -> None:
    articles = [stored()]
    first = SitePublisher(tmp_path, SiteSettings(), {}).publish(articles)
    # the article, the source index, the home page, the source's and the mirror's feeds
    assert len(first.written) == 9
    second = SitePublisher(tmp_path, SiteSettings(), {}).publish(articles)
    assert second.written == [] and second.unchanged == 9
    third = SitePublisher(tmp_path, SiteSettings(), {}).publish([stored(html="<p>new</p>")])
    assert third.written[0] == report_path(tmp_path)
    assert {path.name for path in third.written[1:]} == {"atom.xml", "rss.xml", "feed.json"}


def report_path(root: Path) -> Path:
    return (root / "epoch/2022/01/11/166485dca854da74.md").resolve()


def test_archive_style_shows_a_lead_image_missing_from_the_body(tmp_path: Path) -> None:
    publisher = SitePublisher(tmp_path, SiteSettings(), {})
    page = publisher.publish([stored(lead_image="https://i.example/l.jpg", caption="Cap")]
                             ).pages["166485dca854da74"].read_text()
    assert page.startswith("<!--1641867669000-->\n[T](https://n.example/gb/n1.htm)\n------\n")
    assert '<img src="https://i.example/l.jpg"' in page and "Cap" in page
    inline = publisher.publish([stored(lead_image="https://i.example/l.jpg",
                                       lead_image_in_body=True)]).pages["166485dca854da74"]
    assert "i.example/l.jpg" not in inline.read_text()


def test_mirror_style_pages_get_their_address_and_a_qr_code_with_base_url(
        tmp_path: Path) -> None:
    from lxml import etree

    sources = {"epoch": SourcePage(name="epoch", title="E", style="mirror")}
    page = SitePublisher(tmp_path / "plain", SiteSettings(), sources).publish(
        [stored()]).pages["166485dca854da74"]
    assert "qr.svg" not in page.read_text()  # no address known, no code (the seed's case)
    base = "https://example.github.io/mirror/"
    page = SitePublisher(tmp_path / "m", SiteSettings(base_url=base), sources).publish(
        [stored()]).pages["166485dca854da74"]
    text = page.read_text()
    assert f"{base}epoch/2022/01/11/166485dca854da74.md" in text
    assert "![二维码](166485dca854da74.qr.svg)" in text
    svg = etree.fromstring(page.with_name("166485dca854da74.qr.svg").read_bytes())
    assert svg.tag.endswith("svg") and not svg.xpath("//*[local-name()='script']")
