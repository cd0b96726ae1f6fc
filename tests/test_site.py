"""The static site: every page, every link, pages that stay put, and what a run rewrites."""

from __future__ import annotations

import shutil
import tomllib
from datetime import timedelta
from pathlib import Path
from urllib.parse import unquote

import pytest

from newsmirror.config import parse_config
from newsmirror.errors import ConfigError
from newsmirror.site.mirror import build_site
from newsmirror.site.search.step import build_search
from newsmirror.store import Store
from sites import (
    DW_ARTICLES,
    IMAGE_URL,
    SCHEME,
    T0,
    URL_ATTRIBUTES,
    dw_article,
    pages,
    site_mirror,
)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return site_mirror(tmp_path_factory.mktemp("site") / "m").output / "site"


def test_every_link_leads_to_a_page_of_the_site(site: Path) -> None:
    outside = set()
    for path, page in pages(site).items():
        for element in page.iter():
            for attribute in ("href", "src"):
                value = element.get(attribute)
                if value is None:
                    continue
                if SCHEME.match(value):
                    outside.add((element.tag, value.split(":")[0]))
                    continue
                assert not value.startswith("/"), (path, value)  # relative links only
                target = (path.parent / unquote(value.split("#")[0])).resolve()
                assert target.is_file(), (path, value)
                assert target.is_relative_to(site.resolve()), (path, value)
    # only the originals' links go elsewhere; no image does (dw has none, local is local)
    assert outside == {("a", "https")}


def test_no_page_can_run_a_script_but_the_search_page_its_own(site: Path) -> None:
    for path, page in pages(site).items():
        if path == site / "search.html":
            continue
        assert not list(page.iter("script", "iframe", "object", "embed", "form")), path
        for element in page.iter():
            for name, value in element.attrib.items():
                assert not name.lower().startswith("on"), (path, name)
                if name in URL_ATTRIBUTES and (scheme := SCHEME.match(value)):
                    assert scheme.group(1).lower() in ("http", "https"), (path, value)
        policy = page.xpath("//meta[@http-equiv='Content-Security-Policy']/@content")
        assert policy and "script-src 'none'" in policy[0], path
    search = pages(site)[site / "search.html"]
    scripts = list(search.iter("script"))
    assert [s.get("src") for s in scripts] == ["search/search.js"]
    assert not scripts[0].text  # an external file: nothing inline
    assert not list(search.iter("iframe", "object", "embed"))
    for element in search.iter():
        assert not [name for name in element.attrib if name.lower().startswith("on")]
    policy = search.xpath("//meta[@http-equiv='Content-Security-Policy']/@content")[0]
    assert "script-src 'self' 'wasm-unsafe-eval';" in policy
    assert "default-src 'none'" in policy and "connect-src 'self'" in policy
    assert "unsafe-inline" not in policy and "http" not in policy


def test_pages_are_numbered_from_the_oldest_and_listed_newest_first(site: Path) -> None:
    def titles(name: str) -> list[str]:
        page = pages(site)[site / "dw" / name]
        return [a.text_content() for a in page.xpath("//ol[@class='items']/li/a")]

    assert titles("page-1.html") == [f"北约第{n}次会谈" for n in range(29, -1, -1)]
    assert titles("page-3.html") == [f"北约第{n}次会谈" for n in range(64, 59, -1)]
    assert titles("index.html") == [f"北约第{n}次会谈" for n in range(64, 34, -1)]
    index = pages(site)[site / "dw" / "index.html"]
    assert index.xpath("//nav[@class='pager']//a[@rel='next']/@href") == ["page-2.html"]
    middle = pages(site)[site / "dw" / "page-2.html"]
    assert middle.xpath("//nav[@class='pager']//a/@href") == [
        "index.html", "page-3.html", "page-1.html"]


def test_an_edited_article_has_its_history_and_a_removed_one_says_so(site: Path) -> None:
    edited = next(site.rglob("*.history.html"))
    page = pages(site)[edited]
    assert page.xpath("//ins") and page.xpath("//del")
    article = pages(site)[edited.with_name(edited.name.replace(".history", ""))]
    assert article.xpath("//a[contains(@href, '.history.html')]")
    removed = [p for p, page in pages(site).items()
               if page.xpath("//p[contains(@class, 'removed')]")]
    assert len(removed) == 1


def test_local_images_are_the_sites_own_copies(site: Path) -> None:
    for path in (site / "local").rglob("*.html"):
        page = pages(site)[path]
        for src in page.xpath("//img/@src"):
            assert "img.example" not in src
            assert (path.parent / src).resolve().is_relative_to((site / "media").resolve())
        if page.xpath("//article"):
            policy = page.xpath("//meta[@http-equiv='Content-Security-Policy']/@content")[0]
            assert "img-src 'self' data:;" in policy
    assert IMAGE_URL not in (site / "local" / "index.html").read_text(encoding="utf-8")


def test_a_new_article_rewrites_the_last_pages_only(tmp_path: Path) -> None:
    mirror = site_mirror(tmp_path / "m")
    site = mirror.output / "site"
    with Store(mirror.paths.database) as store:
        store.save_article("dw", dw_article(DW_ARTICLES), T0 + timedelta(days=4))
        report = build_site(mirror, store)
    written = {str(p.relative_to(site.resolve())) for p in report.written}
    assert not report.everything
    assert {"dw/index.html", "dw/page-3.html", "index.html", "dw/atom.xml"} <= written
    assert not written & {"dw/page-1.html", "dw/page-2.html", "local/index.html"}
    articles = [w for w in written if w.startswith(("dw/20", "local/20"))]
    assert len(articles) == 1  # the new article's own page
    day = articles[0].split("/")[1:4]
    assert {w for w in written if w.startswith("days/")} <= {
        "days/index.html", f"days/{'-'.join(day)}/index.html",
        f"days/{'-'.join(day)}/page-1.html"}


def test_a_page_once_full_never_changes_but_for_its_newer_link(tmp_path: Path) -> None:
    mirror = site_mirror(tmp_path / "m")
    site = mirror.output / "site"
    before = {name: (site / "dw" / name).read_bytes() for name in ("page-1.html", "page-2.html")}
    with Store(mirror.paths.database) as store:
        for number in range(DW_ARTICLES, DW_ARTICLES + 40):  # page 3 fills, page 4 begins
            store.save_article("dw", dw_article(number), T0 + timedelta(days=5))
        build_site(mirror, store)
    after = {name: (site / "dw" / name).read_bytes() for name in before}
    assert after == before
    assert (site / "dw" / "page-4.html").is_file()
    third = pages(site)[site / "dw" / "page-3.html"]
    assert third.xpath("//a[@rel='prev']/@href") == ["page-4.html"]


@pytest.mark.parametrize("name", ["site", "media", "days", "search", "pagefind"])
def test_a_source_may_not_take_a_folder_of_the_sites_own(name: str) -> None:
    with pytest.raises(ConfigError, match="folder of the mirror's own"):
        parse_config(tomllib.loads(f'[[sources]]\nname = "{name}"\nurl = "https://x/"\n'))


def test_a_whole_build_shared_among_processes_writes_the_same_site(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    alone = site_mirror(tmp_path / "alone").output / "site"
    shared = site_mirror(tmp_path / "shared")
    shutil.rmtree(shared.output / "site")
    monkeypatch.setattr("newsmirror.site.mirror.worker_count", lambda articles: 2)
    with Store(shared.paths.database) as store:
        report = build_site(shared, store, everything=True)
        site = shared.output / "site"
        pages = [p for p in site.rglob("*") if p.is_file() and "media" not in p.parts]
        assert len(report.written) == len(pages)  # (a local copy is linked, not written)
        build_search(shared, store, everything=True)
    assert ({p.relative_to(site): p.read_bytes() for p in site.rglob("*") if p.is_file()}
            == {p.relative_to(alone): p.read_bytes() for p in alone.rglob("*") if p.is_file()})


def test_with_base_url_each_article_page_has_its_address_and_qr_code(tmp_path: Path) -> None:
    base = "https://example.github.io/mirror/"
    mirror = site_mirror(tmp_path / "m", f'\n[publish]\nbase_url = "{base}"\n')
    site = mirror.output / "site"
    page_path = next(p for p in (site / "dw" / "2022").rglob("*.html")
                     if ".history" not in p.name)
    page = pages(site)[page_path]
    address = f"{base}site/{page_path.relative_to(site)}"
    assert page.xpath("//aside[@class='share']//a/@href") == [address]
    svg = page.xpath("//figure[@class='qr']/*[local-name()='svg']")
    assert len(svg) == 1 and svg[0].xpath(".//*[local-name()='path']/@d")
    assert not [name for element in svg[0].iter() for name in element.attrib
                if name.startswith("on") or "href" in name]


def test_without_base_url_no_page_has_a_qr_code(site: Path) -> None:
    assert not [p for p, page in pages(site).items() if page.xpath("//figure[@class='qr']")]


def test_a_quiet_run_renders_only_the_health_of_the_sources(tmp_path: Path) -> None:
    mirror = site_mirror(tmp_path / "m")
    with Store(mirror.paths.database) as store:
        assert build_site(mirror, store).written == []  # nothing changed, nothing written
        store.record_source_error("dw", "https://rss.dw.com/rdf/rss-chi-all", T0,
                                  "HTTP 503", whole_source=True)
        written = {p.name for p in build_site(mirror, store).written}
    assert written == {"health.html", "index.html"}  # dw's health page, and the home's mark
