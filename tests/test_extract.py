"""Extract: the cascade, titles without site names, page metadata, and `extract --jsonl`."""

from __future__ import annotations

import gzip
import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from typer.testing import CliRunner

from mirrors import LOCAL_NETWORK, article_pages, make_mirror
from newsmirror.cli import ExitCode, app
from newsmirror.errors import ExtractError
from newsmirror.extract import ExtractionRule, Hints, extract_page
from newsmirror.extract.article import extract_feed_item
from newsmirror.extract.titles import strip_site_suffix
from newsmirror.ingest.model import Entry
from newsmirror.pipeline import run_mirror
from servers import FixtureServer, Route

SEED = Path(__file__).parent / "fixtures" / "seed"
EPOCH_URL = "https://www.epochtimes.com/gb/22/1/10/n13495457.htm"
EPOCH_HTML = (SEED / "epochtimes-n13495457.html").read_text(encoding="utf-8")
CAPTION = ("2022年1月10日，美国副国务卿温迪‧谢尔曼（左）与俄罗斯副外长谢尔盖·里亚布科夫"
           "在就乌克兰问题举行安全谈判前合影。(DENIS BALIBOUSE/POOL/AFP via Getty Images)")
LEAD = "https://i.epochtimes.com/assets/uploads/2022/01/id13496186-GettyImages-1237636491-600x400.jpg"


@pytest.mark.parametrize(("title", "sites", "headlines", "expected"), [
    ("美俄日内瓦会谈 美副国务卿：未能缩小分歧 | 俄罗斯 | 乌克兰 | 谢尔曼 | 大纪元", (), (),
     "美俄日内瓦会谈 美副国务卿：未能缩小分歧"),
    ("Ukraine talks end without a deal - BBC News", ("BBC News",), (),
     "Ukraine talks end without a deal"),
    ("BBC News | Ukraine talks end without a deal", ("BBC News",), (),
     "Ukraine talks end without a deal"),
    ("Talks - what happens next - Reuters", (), (), "Talks - what happens next"),
    ("美国大选_新浪新闻", (), (), "美国大选"),
    ("Headline: with colon | Site", (), ("Headline: with colon",), "Headline: with colon"),
    ("Short", ("Short",), (), "Short"),
])
def test_site_names_are_stripped_from_titles(title: str, sites: tuple[str, ...],
                                             headlines: tuple[str, ...], expected: str) -> None:
    assert strip_site_suffix(title, sites, headlines) == expected


def test_builtin_rule_finds_every_part_of_the_epoch_times_page() -> None:
    article = extract_page(EPOCH_HTML, EPOCH_URL)
    assert article.method == "rule"
    assert article.title == "美俄日内瓦会谈 美副国务卿：未能缩小分歧"
    assert article.published == datetime(2022, 1, 11, 2, 21, 9, tzinfo=UTC)
    assert article.author == "李馨"
    assert article.lead_image == LEAD
    assert article.caption == CAPTION
    assert "责任编辑：叶紫微#" in article.html
    for boilerplate in ("相关新闻", "最新文章", "below_article_ad", "标签："):
        assert boilerplate not in article.html


def test_generic_extraction_without_a_rule() -> None:
    article = extract_page(EPOCH_HTML, "https://mirror.example/n13495457.htm")
    assert article.method == "generic"
    assert "两国周一（1月10日）未能在日内瓦举行的安全谈判中缩小分歧" in article.html
    assert "相关新闻" not in article.html and "九评共产党" not in article.html
    assert article.title == "美俄日内瓦会谈 美副国务卿：未能缩小分歧"  # JSON-LD headline
    assert article.lead_image == LEAD  # og:image
    assert article.caption == CAPTION  # the .caption beside that image


def test_configured_rule_and_feed_hints() -> None:
    html = """<html><head><title>X | Site</title></head><body><div class="hdr">Hdr</div>
    <div class="story"><p>Body <span class="ad">AD</span> text of the story.</p></div>
    <span class="when">2022年1月10日 21:21</span><b class="by">Reporter</b></body></html>"""
    rule = ExtractionRule(body=".story", date=".when", author=".by", drop=(".ad",))
    hints = Hints(title="Feed title", image="https://i.example/f.jpg")
    article = extract_page(html, "https://site.example/a", rule=rule, hints=hints)
    assert article.title == "Feed title"
    assert article.author == "Reporter"
    assert article.published == datetime(2022, 1, 10, 21, 21, tzinfo=UTC)
    assert article.lead_image == "https://i.example/f.jpg"
    assert "AD" not in article.html and "Body" in article.html


def test_a_page_without_an_article() -> None:
    with pytest.raises(ExtractError):
        extract_page("<html><body><nav><a href='/'>home</a></nav></body></html>",
                     "https://x.example/")


def test_invalid_selector_is_an_extract_error() -> None:
    with pytest.raises(ExtractError, match="invalid CSS selector"):
        extract_page(EPOCH_HTML, "https://x.example/", rule=ExtractionRule(body="p[[["))


def test_full_text_feed_item_keeps_its_html_and_first_image() -> None:
    entry = Entry(link="https://n.example/a", title="T", content_html='<p>x</p><img src="/i.jpg">')
    article = extract_feed_item(entry)
    assert article.html == entry.content_html and article.lead_image == "https://n.example/i.jpg"


def test_extract_jsonl_reads_html_gz_and_urls(tmp_path: Path, server) -> None:  # type: ignore[no-untyped-def]
    from mirrors import LOCAL_NETWORK
    from servers import Route

    plain = tmp_path / "page.html"
    plain.write_text(EPOCH_HTML, encoding="utf-8")
    packed = tmp_path / "page.html.gz"
    packed.write_bytes(gzip.compress(EPOCH_HTML.encode("utf-8")))
    server.routes["/n13495457.htm"] = Route(EPOCH_HTML.encode(), headers={
        "Content-Type": "text/html; charset=utf-8"})
    runner = CliRunner()
    result = runner.invoke(app, ["extract", str(plain), str(packed), "--url", EPOCH_URL,
                                 "--jsonl", "--dir", str(tmp_path)])
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(records) == 2 and records[0] == {**records[1], "path": str(plain)}
    assert set(records[0]) == {"path", "url", "kind", "title", "author", "published",
                               "lead_image", "caption", "html", "text"}
    assert records[0]["kind"] == "article"
    assert records[0]["published"] == "2022-01-10T21:21:09-05:00"  # as the page gives it
    assert records[0]["caption"] == CAPTION
    assert "<ok" not in records[0]["html"] and "<script" not in records[0]["html"]

    (tmp_path / "newsmirror.toml").write_text("[network]\n" + LOCAL_NETWORK)  # 127.0.0.1
    from_url = runner.invoke(app, ["extract", server.url("/n13495457.htm"), "--jsonl",
                                   "--dir", str(tmp_path)])
    assert from_url.exit_code == 0, from_url.output
    record = json.loads(from_url.stdout)
    assert record["path"] is None and record["text"].startswith("【大纪元2022年01月11日讯】")


def test_extract_reports_failures_per_input(tmp_path: Path) -> None:
    empty = tmp_path / "empty.html"
    empty.write_text("<html><body></body></html>")
    result = CliRunner().invoke(app, ["extract", str(empty), str(tmp_path / "missing.html"),
                                      "--jsonl", "--dir", str(tmp_path)])
    assert result.exit_code == ExitCode.FAILED
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [("error" in r) for r in records] == [True, True]


def test_a_saved_page_without_url_uses_its_canonical_link(tmp_path: Path) -> None:
    """A saved page still finds its site rule and resolves its links by its own address."""
    page = tmp_path / "saved.html"
    canonical = f'<link rel="canonical" href="{EPOCH_URL}">'
    page.write_text(EPOCH_HTML.replace("</head>", canonical + "</head>", 1), encoding="utf-8")
    result = CliRunner().invoke(app, ["extract", str(page), "--jsonl", "--dir", str(tmp_path)])
    assert result.exit_code == 0, result.output
    record = json.loads(result.stdout)
    assert record["url"] == EPOCH_URL and record["caption"] == CAPTION


def test_a_rule_s_drop_selectors_trim_a_full_text_feed_item() -> None:
    """What a publisher appends to every item (CDT's feed, greatfire-feeds: a del.icio.us
    link and its tag list) goes by the source's rule; the rest stays as written."""
    entry = Entry(link="https://cdt.example/2015/03/a", title="A",
                  content_html="1 &lt; 2 <p>Text.</p><p class='tags'>Post tags: "
                               "<a href='/tag/x'>x</a></p><p>Add to <a href='http://del.icio."
                               "us/post?url=x'>del.icio.us</a></p>")
    rule = ExtractionRule(drop=(".tags", "a[href*='del.icio.us']"))
    article = extract_feed_item(entry, rule)
    assert article.html == "1 &lt; 2 <p>Text.</p><p>Add to </p>"
    assert extract_feed_item(entry).html == entry.content_html  # no rule: untouched
    with pytest.raises(ExtractError, match="invalid CSS selector"):
        extract_feed_item(entry, ExtractionRule(drop=("p[",)))


def test_a_full_text_feed_source_s_rule_trims_what_it_publishes(tmp_path: Path,
                                                                server: FixtureServer) -> None:
    body = "<p>" + "The whole story, told at length. " * 30 + "</p>"
    footer = "<p class='share'>Add to <a href='http://del.icio.us/post?url=x'>del.icio.us</a></p>"
    item = (f"<item><title>A</title><link>{server.url('/2015/a')}</link>"
            f"<description><![CDATA[{body}{footer}]]></description></item>")
    server.routes["/feed.xml"] = Route(
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>{item}'
        "</channel></rss>".encode(), headers={"Content-Type": "application/rss+xml"})
    mirror = make_mirror(tmp_path / "m", (
        f"[network]\n{LOCAL_NETWORK}\n[[sources]]\nname = \"cdt\"\n"
        f"url = \"{server.url('/feed.xml')}\"\nbody = \"feed\"\n"
        "[sources.rule]\ndrop = [\".share\"]\n"))
    assert run_mirror(mirror).sources[0].new_articles == 1
    (page,) = article_pages(mirror.output / "cdt")
    text = page.read_text(encoding="utf-8")
    assert "The whole story" in text and "del.icio.us" not in text
