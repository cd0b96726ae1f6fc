"""images = "local": each image is downloaded once, stored by the SHA-256 of its bytes
under output/media/, and the pages point to the copy by a relative path — so that a
mirror keeps its images when the image server is blocked or deletes them.

Articles come from one local server, their images from another that the tests stop.
"""

from __future__ import annotations

import hashlib
import json
import re
import struct
import zlib
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from mirrors import LOCAL_NETWORK, article_pages, make_mirror, snapshot
from newsmirror.clean.images import image_sources
from newsmirror.cli import app
from newsmirror.config import Mirror
from newsmirror.images.copies import MAX_ATTEMPTS
from newsmirror.images.types import looks_like_svg, sniff_image
from newsmirror.pipeline import reprocess_mirror, run_mirror
from newsmirror.publish import UnsafePathError, media_path
from newsmirror.publish.display import Display
from newsmirror.store import ImageArchive, ImageCopy, ImageSummary, Store
from servers import FixtureServer, Route, serving
from test_clean import HTML_PIECES, clean
from test_failures import HTML, RSS, feed

PAGE = """<html><head><title>{title} - Example News</title>
<meta property="og:image" content="{lead}"></head><body><article><h1>{title}</h1>
<p>{text}</p>{figures}<p>Second paragraph of the article, long enough to be kept by any
extractor that looks at text density and link density.</p></article></body></html>"""
WHEN = datetime(2022, 1, 10, 5, 0, tzinfo=UTC)
MEDIA_NAME = re.compile(r"^media/[0-9a-f]{2}/[0-9a-f]{64}\.(png|gif|jpg|webp|avif)$")


def png(red: int, green: int = 0, blue: int = 0) -> bytes:
    """A real one-pixel PNG of the colour given."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data)))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(bytes([0, red, green, blue]))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels)
            + chunk(b"IEND", b""))


PNG = {"Content-Type": "image/png"}
LEAD, BODY = png(200), png(0, 200)


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def article_page(title: str, lead: str, *images: str, text: str = "") -> Route:
    figures = "".join(f'<figure><img src="{src}" alt="photo"></figure>' for src in images)
    body = text or f"The words of {title}. " * 30
    return Route(PAGE.format(title=title, lead=lead, text=body, figures=figures).encode(),
                 headers=HTML)


def local_mirror(tmp_path: Path, server: FixtureServer, *paths: str, cap: int = 0,
                 style: str = "archive") -> Mirror:
    server.routes["/feed.xml"] = Route(feed(server, *paths), headers=RSS)
    mirror_table = f"[mirror]\nmax_image_bytes = {cap}\n\n" if cap else ""
    return make_mirror(tmp_path / "m", (
        f"{mirror_table}[network]\n{LOCAL_NETWORK}\n[[sources]]\nname = \"news\"\n"
        f"url = \"{server.url('/feed.xml')}\"\nbody = \"page\"\nimages = \"local\"\n"
        f"style = \"{style}\"\n"))


@pytest.fixture
def images() -> Iterator[FixtureServer]:
    """The image server, apart from the article server so that it can go away."""
    with serving() as running:
        yield running


def sources_in(page: Path) -> list[str]:
    return re.findall(r'<img[^>]*\bsrc="([^"]+)"', page.read_text(encoding="utf-8"))


def local_files(page: Path, output: Path) -> set[str]:
    """The files under ``output`` that ``page``'s images reach, each checked to be a
    relative path that resolves to a file of the media folder."""
    found = set()
    for src in sources_in(page):
        assert not src.startswith(("http:", "https:", "/")), f"{page.name}: {src}"
        target = (page.parent / src).resolve()
        assert target.is_file(), src
        found.add(target.relative_to(output.resolve()).as_posix())
    return found


def media(output: Path) -> dict[str, bytes]:
    return {p.relative_to(output).as_posix(): p.read_bytes()
            for p in sorted((output / "media").rglob("*")) if p.is_file()}


def the_page(mirror: Mirror) -> Path:
    (page,) = article_pages(mirror.output / "news")
    return page


def test_a_local_image_survives_the_image_server_going_away(
        tmp_path: Path, server: FixtureServer, images: FixtureServer) -> None:
    images.routes["/lead.png"] = Route(LEAD, headers=PNG)
    images.routes["/photos/body.png"] = Route(BODY, headers=PNG)
    lead, body = images.url("/lead.png"), images.url("/photos/body.png")
    server.routes["/news/a1"] = article_page("Story", lead, body)
    mirror = local_mirror(tmp_path, server, "/news/a1")
    report = run_mirror(mirror)
    assert (report.images.copied, report.images.failed) == (2, 0)
    expected = {f"media/{sha(LEAD)[:2]}/{sha(LEAD)}.png": LEAD,
                f"media/{sha(BODY)[:2]}/{sha(BODY)}.png": BODY}
    assert media(mirror.output) == expected  # named by the SHA-256 of their bytes
    page = the_page(mirror)
    assert local_files(page, mirror.output) == set(expected)
    assert lead not in page.read_text(encoding="utf-8")
    with Store(mirror.paths.database) as store:
        (stored,) = store.articles()
    assert body in stored.html and stored.lead_image == lead  # the archive keeps the URLs

    images.stop()  # the image server is gone; the origin edits the story
    server.routes["/news/a1"] = article_page("Story", lead, body,
                                             text="The corrected words of Story. " * 30)
    again = run_mirror(mirror, recheck_all=True)
    assert again.rechecks.edited == 1 and not again.images.failed
    assert media(mirror.output) == expected
    page = the_page(mirror)
    assert "corrected" in page.read_text(encoding="utf-8")
    assert local_files(page, mirror.output) == set(expected)
    history = page.with_name(f"{page.stem}.history.md")
    assert local_files(history, mirror.output) == {f"media/{sha(BODY)[:2]}/{sha(BODY)}.png"}
    result = CliRunner().invoke(app, ["publish", "--dir", str(mirror.paths.root)])
    assert result.exit_code == 0, result.output
    assert local_files(the_page(mirror), mirror.output) == set(expected)


def test_the_mirror_style_shows_the_lead_image_from_its_copy(
        tmp_path: Path, server: FixtureServer, images: FixtureServer) -> None:
    images.routes["/lead.png"] = Route(LEAD, headers=PNG)
    server.routes["/news/a1"] = article_page("Story", images.url("/lead.png"))
    mirror = local_mirror(tmp_path, server, "/news/a1", style="mirror")
    run_mirror(mirror)
    page = the_page(mirror)
    assert f'src="../../../../media/{sha(LEAD)[:2]}/{sha(LEAD)}.png"' in \
        page.read_text(encoding="utf-8")


def test_each_image_is_downloaded_once(tmp_path: Path, server: FixtureServer,
                                       images: FixtureServer) -> None:
    images.routes["/lead.png"] = Route(LEAD, headers=PNG)
    images.routes["/body.png"] = Route(BODY, headers=PNG)
    images.routes["/new.png"] = Route(png(1, 2, 3), headers=PNG)
    server.routes["/news/a1"] = article_page("One", images.url("/lead.png"),
                                             images.url("/body.png"))
    mirror = local_mirror(tmp_path, server, "/news/a1")
    run_mirror(mirror)
    assert len(images.log) == 2
    images.log.clear()
    assert run_mirror(mirror, recheck_all=True).images.copied == 0
    assert images.log == []  # the same images, archived already: not asked for again
    server.routes["/news/a2"] = article_page("Two", images.url("/lead.png"),
                                             images.url("/body.png"), images.url("/new.png"))
    server.routes["/feed.xml"] = Route(feed(server, "/news/a1", "/news/a2"), headers=RSS)
    assert run_mirror(mirror).images.copied == 1
    assert [request.path for request in images.log] == ["/new.png"]
    images.log.clear()
    quiet = run_mirror(mirror)
    assert images.log == [] and quiet.up_to_date and quiet.published.written == []


def test_an_image_that_came_later_is_shown_without_a_new_revision(
        tmp_path: Path, server: FixtureServer, images: FixtureServer) -> None:
    images.routes["/body.png"] = Route(b"busy", 503)
    server.routes["/news/a1"] = article_page("One", "", images.url("/body.png"))
    mirror = local_mirror(tmp_path, server, "/news/a1")
    first = run_mirror(mirror)
    assert first.images.failed == 1 and "HTTP 503" in first.images.errors[0]
    assert sources_in(the_page(mirror)) == [images.url("/body.png")]  # the original, meanwhile
    images.routes["/body.png"] = Route(BODY, headers=PNG)
    second = run_mirror(mirror)  # the feed and the article are as they were
    assert second.images.copied == 1 and not second.up_to_date
    assert local_files(the_page(mirror), mirror.output) == {
        f"media/{sha(BODY)[:2]}/{sha(BODY)}.png"}
    third = run_mirror(mirror)
    assert third.up_to_date and third.published.written == []


def endless_png() -> Iterator[bytes]:
    yield b"\x89PNG\r\n\x1a\n"
    while True:
        yield b"\0" * 4096


def test_too_big_or_not_an_image_keeps_the_original_url(
        tmp_path: Path, server: FixtureServer, images: FixtureServer) -> None:
    refused = {
        "/endless.png": Route(chunks=endless_png, headers=PNG),  # no length: cut off streaming
        "/big.png": Route(png(9) + b"\0" * 5000, headers=PNG),  # its length says it
        "/page.png": Route(b"<!DOCTYPE html><html><body>Hotlinking!</body></html>",
                           headers=HTML),
        "/liar.png": Route(b"<html><body>not a picture</body></html>", headers=PNG),
        "/drawing.svg": Route(b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>',
                              headers={"Content-Type": "image/svg+xml"}),
        "/gone.png": Route(b"gone", 404),
    }
    images.routes.update(refused)
    images.routes["/small.png"] = Route(BODY, headers=PNG)
    urls = [images.url(path) for path in [*refused, "/small.png"]]
    server.routes["/news/a1"] = article_page("One", "", *urls)
    mirror = local_mirror(tmp_path, server, "/news/a1", cap=2048)
    report = run_mirror(mirror)
    assert (report.images.copied, report.images.failed) == (1, len(refused))
    assert report.sources[0].new_articles == 1 and not report.sources[0].errors
    errors = "\n".join(report.images.errors)
    assert "over the limit of 2,048 bytes (mirror.max_image_bytes)" in errors
    assert "expected an image, got text/html" in errors
    assert "SVG images are not copied" in errors and "HTTP 404" in errors
    page = the_page(mirror)
    assert sources_in(page)[:-1] == urls[:-1]  # the refused ones keep their original URL
    assert sources_in(page)[-1].endswith(f"{sha(BODY)}.png")
    assert list(media(mirror.output)) == [f"media/{sha(BODY)[:2]}/{sha(BODY)}.png"]
    status = CliRunner().invoke(app, ["status", "--json", "--dir", str(mirror.paths.root)])
    summary = json.loads(status.output)["images"]
    assert (summary["copied"], summary["missing"]) == (1, len(refused))
    assert len(summary["failures"]) == 5 and all(f["error"] for f in summary["failures"])
    shown = CliRunner().invoke(app, ["status", "--dir", str(mirror.paths.root)],
                               env={"COLUMNS": "200"})
    assert f"Local images: 1 copied, {len(refused)} missing" in shown.output
    images.log.clear()
    assert run_mirror(mirror, recheck_all=True).images.failed == 0
    assert images.log == []  # final failures are not tried again


def test_the_same_bytes_at_two_urls_are_one_file(tmp_path: Path, server: FixtureServer,
                                                 images: FixtureServer) -> None:
    images.routes["/a.png"] = Route(BODY, headers=PNG)
    images.routes["/copy-of-a"] = Route(BODY, headers={"Content-Type": "application/octet-stream"})
    server.routes["/news/a1"] = article_page("One", "", images.url("/a.png"),
                                             images.url("/copy-of-a"))
    mirror = local_mirror(tmp_path, server, "/news/a1")
    assert run_mirror(mirror).images.copied == 2
    assert list(media(mirror.output)) == [f"media/{sha(BODY)[:2]}/{sha(BODY)}.png"]
    (first, second) = sources_in(the_page(mirror))
    assert first == second and first.endswith(f"{sha(BODY)}.png")
    with Store(mirror.paths.database) as store:
        copies = ImageArchive(store).copies()
    assert {copy.sha256 for copy in copies.values()} == {sha(BODY)}


def test_a_hostile_url_cannot_choose_the_path(tmp_path: Path, server: FixtureServer,
                                              images: FixtureServer) -> None:
    hostile = ["/img/..%2F..%2F..%2F..%2Fevil.png", "/img/" + "a" * 3000 + ".php",
               "/x.png?name=../../../../../etc/passwd", "/%2e%2e/%2e%2e/up.html"]
    for number, path in enumerate(hostile):
        images.routes[path] = Route(png(number + 1), headers={
            "Content-Type": 'image/png; name="../../evil.php"',
            "Content-Disposition": 'attachment; filename="../../../evil.php"'})
    server.routes["/news/a1"] = article_page("One", "", *(images.url(p) for p in hostile))
    mirror = local_mirror(tmp_path, server, "/news/a1")
    assert run_mirror(mirror).images.copied == len(hostile)
    names = list(media(mirror.output))
    assert len(names) == len(hostile) and all(MEDIA_NAME.match(name) for name in names)
    outside = {p for p in tmp_path.rglob("*") if p.is_file()
               and not p.is_relative_to(mirror.output) and not p.is_relative_to(
                   mirror.paths.data)}
    assert outside == {mirror.paths.config}
    site = mirror.output / "site"  # the static site's own pages are .html
    assert all(not p.name.endswith((".php", ".html")) or p.name == "README.md"
               or (p.is_relative_to(site) and not p.is_relative_to(site / "media"))
               for p in mirror.output.rglob("*"))
    assert not [p for p in mirror.output.rglob("*") if "evil" in p.name or "up" in p.stem]


def test_switching_to_local_copies_the_archived_images_without_extracting_again(
        tmp_path: Path, server: FixtureServer, images: FixtureServer) -> None:
    images.routes["/body.png"] = Route(BODY, headers=PNG)
    server.routes["/news/a1"] = article_page("One", "", images.url("/body.png"))
    mirror = local_mirror(tmp_path, server, "/news/a1")
    config = mirror.paths.config.read_text(encoding="utf-8")
    keep = config.replace('images = "local"', 'images = "keep"')
    kept = make_mirror(mirror.paths.root, keep)
    run_mirror(kept)
    assert sources_in(the_page(kept)) == [images.url("/body.png")] and images.log == []
    server.log.clear()
    switched = run_mirror(make_mirror(mirror.paths.root, config))
    assert switched.images.copied == 1 and switched.sources[0].new_revisions == 0
    assert all(request.path == "/feed.xml" for request in server.log)  # no page again
    assert local_files(the_page(mirror), mirror.output) == {
        f"media/{sha(BODY)[:2]}/{sha(BODY)}.png"}
    run_mirror(make_mirror(mirror.paths.root, keep))  # and back: the originals again
    assert sources_in(the_page(kept)) == [images.url("/body.png")]


def test_reprocess_uses_the_copies_and_downloads_nothing(
        tmp_path: Path, server: FixtureServer, images: FixtureServer) -> None:
    images.routes["/lead.png"] = Route(LEAD, headers=PNG)
    images.routes["/body.png"] = Route(BODY, headers=PNG)
    server.routes["/news/a1"] = article_page("One", images.url("/lead.png"),
                                             images.url("/body.png"))
    mirror = local_mirror(tmp_path, server, "/news/a1")
    run_mirror(mirror)
    before = snapshot(mirror.output)
    images.log.clear()
    report = reprocess_mirror(mirror)
    assert images.log == [] and report.rechecks.edited == 0
    assert snapshot(mirror.output) == before  # the same pages, pointing to the same copies


def test_a_copy_missing_from_the_output_leaves_its_page_with_the_original(
        tmp_path: Path, server: FixtureServer, images: FixtureServer) -> None:
    images.routes["/body.png"] = Route(BODY, headers=PNG)
    server.routes["/news/a1"] = article_page("One", "", images.url("/body.png"))
    mirror = local_mirror(tmp_path, server, "/news/a1")
    run_mirror(mirror)
    for copy in (mirror.output / "media").rglob("*.png"):
        copy.unlink()
    # Files deleted by hand are no change of the archive: --all renders every page.
    CliRunner().invoke(app, ["publish", "--all", "--dir", str(mirror.paths.root)])
    assert sources_in(the_page(mirror)) == [images.url("/body.png")]


def test_a_failure_that_may_pass_is_tried_again_a_few_times(tmp_path: Path) -> None:
    busy, gone = "https://i.example/busy.png", "https://i.example/gone.png"
    with Store(tmp_path / "db.sqlite") as store:
        archive = ImageArchive(store)
        assert archive.unknown([busy, gone]) == [busy, gone]
        for attempt in range(1, MAX_ATTEMPTS + 1):
            archive.record_failure(busy, "news", "HTTP 503", WHEN, final=False,
                                   max_attempts=MAX_ATTEMPTS)
            archive.record_failure(gone, "news", "HTTP 404", WHEN, final=True,
                                   max_attempts=MAX_ATTEMPTS)
            assert archive.to_retry() == ({busy: "news"} if attempt < MAX_ATTEMPTS else {})
        assert archive.unknown([busy, gone]) == []
        assert archive.summary() == ImageSummary(0, 2, ((busy, "HTTP 503"), (gone, "HTTP 404")))
        archive.record_copy(busy, "news", ImageCopy(sha(BODY), "image/png", "png", len(BODY)),
                            WHEN)
        assert archive.summary().copied == 1 and archive.copies()[busy].sha256 == sha(BODY)


def test_sniffing_and_media_names() -> None:
    starts = (png(1), b"\xff\xd8\xff\xe0", b"GIF89a\1\0", b"RIFF\0\0\0\0WEBPVP8 ",
              b"\0\0\0\x1cftypavif", b"<html>", b"BM", b"")
    kinds = [sniff_image(start) for start in starts]
    assert [kind.extension if kind else None for kind in kinds] == [
        "png", "jpg", "gif", "webp", "avif", None, None, None]
    assert looks_like_svg(b'<?xml version="1.0"?>\n<!-- x --><svg>')
    assert not looks_like_svg(b"<html><svg></svg></html>")
    digest = sha(b"x")
    assert media_path(digest, "png") == PurePosixPath("media", digest[:2], f"{digest}.png")
    for bad in (("../" + digest[3:], "png"), (digest, "php/../x"), (digest.upper(), "png")):
        with pytest.raises(UnsafePathError):
            media_path(*bad)


def test_pointing_images_changes_their_src_and_nothing_else() -> None:
    html = clean('<p>a &amp; b</p><pre>one\n\ntwo</pre><figure><img src="/a.jpg" alt="x">'
                 '<figcaption>cap</figcaption></figure><p><img src="/b.jpg"></p>')
    assert image_sources(html) == ["https://news.example/a.jpg", "https://news.example/b.jpg"]
    assert Display(image=lambda url: url).body(html) is html
    local = {"https://news.example/a.jpg": "../media/a.jpg"}
    pointed = Display(image=lambda url: local.get(url, url)).body(html)
    assert pointed == html.replace("https://news.example/a.jpg", "../media/a.jpg")


IMAGE_PIECES = st.sampled_from(['<img src="/a.jpg">', "<figure><img src='/b.png' alt='&'>",
                                "</figure>", "<img src=/c.gif>"])


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(HTML_PIECES, IMAGE_PIECES), max_size=30).map("".join))
def test_pointing_images_there_and_back_gives_the_same_html(html: str) -> None:
    cleaned = clean(html)
    local = {url: f"../media/{number}.png"
             for number, url in enumerate(image_sources(cleaned))}
    back = {path: url for url, path in local.items()}
    pointed = Display(image=lambda url: local.get(url, url)).body(cleaned)
    assert "\n\n" not in pointed
    assert image_sources(pointed) == list(back)
    assert Display(image=lambda url: back.get(url, url)).body(pointed) == cleaned
