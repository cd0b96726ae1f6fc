"""The published pages speak ``[mirror] language`` on every label, history pages too; an
item is never listed as an invisible link; what a feed lists without a link is counted."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from typer.testing import CliRunner

from mirrors import LOCAL_NETWORK, make_mirror
from newsmirror.article import Article
from newsmirror.cli import app
from newsmirror.errors import ConfigError
from newsmirror.pipeline import run_mirror
from newsmirror.publish.labels import LABELS
from newsmirror.publish.mirror import publish_mirror
from newsmirror.store import PageChecks, Store
from servers import FixtureServer, Route
from test_failures import RSS

T0 = datetime(2022, 1, 10, 5, tzinfo=UTC)
ARTICLE = Article(url="https://news.example/a/1", title="拜登会见德国总理",
                       html="<p>美国总统拜登周一在白宫会见了德国总理。</p>",
                       text="美国总统拜登周一在白宫会见了德国总理。", published=T0)
LONG = ("中国外交部发言人就美国国务卿访华一事回答记者提问，"
        "表示双方将就双边关系中的重要问题深入交换意见") * 2


def pages_of(tmp_path: Path, language: str, style: str) -> dict[str, str]:
    """Every page of a mirror in ``language`` whose one source writes zh-Hans articles:
    an article edited once and removed at source, one without a title, one with a very
    long title."""
    mirror = make_mirror(tmp_path / "m", f'[mirror]\nlanguage = "{language}"\n\n'
                         f'[[sources]]\nname = "news"\nurl = "https://news.example/feed"\n'
                         f'style = "{style}"\nlanguage = "zh-Hans"\n')
    with Store(mirror.paths.database) as store:
        edited = store.save_article("news", ARTICLE, T0).article_id
        store.save_article("news", replace(ARTICLE, html="<p>在戴维营会见。</p>",
                                           text="在戴维营会见。"), T0 + timedelta(hours=1))
        checks = PageChecks(store)
        checks.mark_removed(edited, T0 + timedelta(hours=2), T0 + timedelta(hours=3), "404")
        store.save_article("news", replace(ARTICLE, url="https://news.example/a/2", title="",
                                           text="无题的文章第一句话。\n第二句。"), T0)
        store.save_article("news", replace(ARTICLE, url="https://news.example/a/3",
                                           title=LONG), T0)
        publish_mirror(mirror, store)
    return {str(p.relative_to(mirror.output)): p.read_text(encoding="utf-8")
            for p in mirror.output.rglob("*.md")}


@pytest.mark.parametrize("style", ["archive", "mirror"])
@pytest.mark.parametrize("language", ["en", "zh-Hant"])
def test_every_label_of_every_page_is_in_the_mirror_s_language(tmp_path: Path, style: str,
                                                               language: str) -> None:
    pages = pages_of(tmp_path, language, style)
    labels, simplified = LABELS[language], LABELS["zh-Hans"]
    history = next(text for name, text in pages.items() if name.endswith(".history.md"))
    article = pages[next(name for name in pages if name.endswith(".md") and name.replace(
        ".md", ".history.md") in pages)]
    for key in ("revision", "back", "removed", "original_link"):
        assert labels[key] in history, key
    for key in ("edited", "history", "removed"):
        assert labels[key] in article, key
    for text in pages.values():
        for key, word in simplified.items():
            if word != labels[key] and len(word) > 1:
                assert word not in text, (key, word)


def test_a_title_is_never_an_invisible_link_and_never_fills_the_screen(tmp_path: Path) -> None:
    pages = pages_of(tmp_path, "zh-Hans", "archive")
    index = pages["news/README.md"]
    assert "[]" not in index and "[无题的文章第一句话。]" in index
    cut = next(line for line in index.splitlines() if "中国外交部" in line)
    assert LONG not in cut and "…]" in cut
    assert any(LONG in text for name, text in pages.items() if name.endswith(".md")
               and "README" not in name)


@pytest.mark.parametrize("language", ["fr", "zh", "zh-CN", ""])
def test_a_language_without_labels_is_a_configuration_error(tmp_path: Path,
                                                           language: str) -> None:
    with pytest.raises(ConfigError, match="language"):
        make_mirror(tmp_path / "m", f'[mirror]\nlanguage = "{language}"\n')


def test_items_without_a_link_are_counted_and_reported(tmp_path: Path,
                                                      server: FixtureServer) -> None:
    body = (f'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>'
            f"<item><title>No link</title><description>x</description></item>"
            f"<item><title>A mailto</title><link>mailto:a@b.example</link></item>"
            f"<item><title>Fine</title><link>{server.url('/a')}</link>"
            f"<description><![CDATA[<p>{'Whole story. ' * 60}</p>]]></description></item>"
            "</channel></rss>").encode()
    server.routes["/feed.xml"] = Route(body, headers=RSS)
    folder = tmp_path / "m"
    mirror = make_mirror(folder, f"[network]\n{LOCAL_NETWORK}\n[[sources]]\nname = \"s\"\n"
                         f'url = "{server.url("/feed.xml")}"\n')
    report = run_mirror(mirror).sources[0]
    assert (report.entries, report.new_articles, report.without_link) == (1, 1, 2)
    server.routes["/feed.xml"] = Route(body.replace(b"<title>t</title>", b"<title>u</title>"),
                                       headers=RSS)
    result = CliRunner().invoke(app, ["run", "--dir", str(folder)])
    assert "2 items without a link" in result.output
