"""Sources in and out as OPML: what feed readers export becomes sources, and back."""

from __future__ import annotations

import contextlib
import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from newsmirror.cli import app
from newsmirror.config import open_mirror
from newsmirror.config.opml import Subscription, read_opml, unique_name
from newsmirror.errors import ParseError

READER_EXPORT = Path(__file__).parent / "fixtures" / "opml" / "reader-export.opml"
runner = CliRunner()


def invoke(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout


@pytest.fixture
def mirror_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "m"
    assert invoke("init", str(folder))[0] == 0
    return folder


def test_the_feeds_a_reader_exported_become_sources_once(mirror_dir: Path) -> None:
    code, output = invoke("import", str(READER_EXPORT), "--json", "--dir", str(mirror_dir))
    assert code == 0
    report = json.loads(output)
    sources = {s.name: s for s in open_mirror(mirror_dir).config.sources}
    assert [table["name"] for table in report["added"]] == list(sources) == [
        "dw", "bbc-news", "voachinese", "rfa", "bbc"]  # folders flattened, order kept
    assert sources["dw"].title == "DW 中文 | 德国之声" and sources["dw"].kind == "feed"
    assert sources["bbc"].url == "https://feeds.bbci.co.uk/zhongwen/trad/rss.xml"
    assert {(s["url"], s["reason"]) for s in report["skipped"]} == {
        ("ftp://files.example/podcast.xml", "not an http(s) URL"),
        ("https://lists.example/more.opml", "a link, not a feed")}
    # Imported again: every feed is there already, nothing is written.
    config = (mirror_dir / "newsmirror.toml").read_bytes()
    again = json.loads(invoke("import", str(READER_EXPORT), "--json", "--dir",
                              str(mirror_dir))[1])
    assert again["added"] == [] and len(again["skipped"]) == 7
    assert (mirror_dir / "newsmirror.toml").read_bytes() == config


def test_a_dry_run_changes_nothing(mirror_dir: Path) -> None:
    config = (mirror_dir / "newsmirror.toml").read_bytes()
    code, output = invoke("import", str(READER_EXPORT), "--dry-run", "--dir", str(mirror_dir))
    assert code == 0 and "Would add 5 source(s)" in output and "dw: https://rss.dw.com" in output
    assert (mirror_dir / "newsmirror.toml").read_bytes() == config


def test_export_then_import_gives_the_same_feeds(mirror_dir: Path, tmp_path: Path) -> None:
    invoke("import", str(READER_EXPORT), "--dir", str(mirror_dir))
    assert invoke("add", "zaobao", "https://www.zaobao.com.sg/realtime/china", "--kind", "page",
                  "--links", "/realtime/china/story", "--dir", str(mirror_dir))[0] == 0
    code, opml = invoke("export", "--opml", "--dir", str(mirror_dir))
    assert code == 0 and opml.startswith("<?xml")
    exported = tmp_path / "sources.opml"
    exported.write_text(opml, encoding="utf-8")
    other = tmp_path / "other"
    invoke("init", str(other))
    report = json.loads(invoke("import", str(exported), "--json", "--dir", str(other))[1])
    before = [(s.name, s.url, s.title) for s in open_mirror(mirror_dir).config.sources
              if s.kind == "feed"]
    after = [(s.name, s.url, s.title) for s in open_mirror(other).config.sources]
    assert after == before
    assert report["skipped"] == [{"url": "https://www.zaobao.com.sg/realtime/china",
                                  "reason": "a link, not a feed"}]  # listed, not followed


def test_export_asks_which_format(mirror_dir: Path) -> None:
    assert invoke("export", "--dir", str(mirror_dir))[0] == 2
    assert invoke("export", "--jsonl", "--opml", "--dir", str(mirror_dir))[0] == 2


def test_a_file_that_is_not_opml_changes_nothing(mirror_dir: Path, tmp_path: Path) -> None:
    config = (mirror_dir / "newsmirror.toml").read_bytes()
    feed = tmp_path / "feed.xml"
    feed.write_bytes(b'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>'
                     b"</channel></rss>")
    result = runner.invoke(app, ["import", str(feed), "--dir", str(mirror_dir)])
    assert result.exit_code == 5 and "not an OPML subscription list" in result.stderr
    assert (mirror_dir / "newsmirror.toml").read_bytes() == config


def test_entities_in_an_opml_file_are_not_read(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET", encoding="utf-8")
    body = (f'<?xml version="1.0"?><!DOCTYPE opml [<!ENTITY x SYSTEM "{secret.as_uri()}">'
            '<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
            '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">'
            '<!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">'
            ']><opml version="2.0"><body><outline type="rss" text="&x;&d;" '
            'xmlUrl="https://a.example/feed"/></body></opml>').encode()
    (subscription,), _ = read_opml(body)
    assert subscription.url == "https://a.example/feed"
    assert "TOP-SECRET" not in subscription.title and len(subscription.title) < 1000


@pytest.mark.parametrize(("codec", "declared"), [
    ("gbk", "gbk"), ("big5", "big5"), ("utf-16", "utf-16"), ("utf-8", ""), ("gb18030", "gb2312")])
def test_lists_in_the_encodings_chinese_readers_wrote_read_right(codec: str,
                                                                  declared: str) -> None:
    declaration = f'<?xml version="1.0" encoding="{declared}"?>' if declared else ""
    title = "德國之聲 中文" if codec == "big5" else "德国之声 中文"
    text = (f'{declaration}<opml version="1.0"><head><title>{title}</title></head><body>'
            f'<outline type="rss" text="{title}" xmlUrl="https://rss.dw.com/rdf/rss-chi-all"/>'
            "</body></opml>")
    (subscription,), _ = read_opml(text.encode(codec))
    assert subscription.title == title


@pytest.mark.parametrize(("title", "url", "taken", "expected"), [
    ("DW 中文", "https://rss.dw.com/rdf/rss-chi-all", set(), "dw"),
    ("联合早报", "https://www.zaobao.com.sg/rss/realtime/china", set(), "zaobao"),
    ("", "https://feeds.bbci.co.uk/zhongwen/simp/rss.xml", set(), "bbci"),
    ("BBC", "https://x.example/", {"bbc", "bbc-2"}, "bbc-3"),
    ("纽约时报", "https://cn.nytimes.com/rss/", set(), "nytimes"),
    ("", "http://127.0.0.1:8080/feed", set(), "feed"),
    ("A" * 200, "https://a.example/", set(), "a" * 48),
    ("A" * 200, "https://a.example/", {"a" * 48} | {f"{'a' * 48}-{n}" for n in range(2, 5000)},
     f"{'a' * 48}-5000"),
])
def test_names_come_from_the_title_or_the_host(title: str, url: str, taken: set[str],
                                               expected: str) -> None:
    assert unique_name(Subscription(url, title), taken) == expected


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=2000) | st.text(max_size=500).map(
    lambda t: f'<opml version="2.0"><body><outline type="rss" text="{t}" xmlUrl="{t}"/>'
              "</body></opml>".encode()))
def test_reading_never_fails_but_to_say_it_is_not_opml(data: bytes) -> None:
    with contextlib.suppress(ParseError):
        subscriptions, _ = read_opml(data)
        for subscription in subscriptions:
            assert subscription.url.startswith(("http://", "https://"))
            assert unique_name(subscription, set())
