"""The publish date a page prints (``extract.pagedates``), and the page's text layout."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from typer.testing import CliRunner

from newsmirror.cli import app
from newsmirror.extract import extract_page
from newsmirror.extract.article import parse_html
from newsmirror.extract.pagedates import page_date, url_date
from newsmirror.extract.pagetext import page_text

STORY = ("<p>The council voted on Monday to close the old bridge for repairs after engineers "
         "found cracks in two of its supporting piers during a routine inspection.</p>"
         "<p>Residents will have to use the ferry or drive twenty minutes around the lake "
         "while the work goes on, which the city expects to last until next summer.</p>")
SHANGHAI = ZoneInfo("Asia/Shanghai")


def date_of(body: str, url: str = "https://news.example/story", title: str = "桥梁封闭维修",
            timezone: ZoneInfo | None = None, article: str = "") -> datetime | None:
    root = parse_html(f"<html><head><title>{title}_新闻网</title></head><body>{body}</body>"
                      "</html>")
    page = page_text(root)
    headline = page.headline([title])
    return page_date(page, root, headline, url, timezone or UTC, article)


def test_the_layout_has_one_line_per_block_and_element_offsets() -> None:
    root = parse_html("<html><body><div>nav <a>home</a></div><h1> My  headline </h1>"
                      "<p>2021年3月5日 <span>10:20</span><script>x=1</script> 来源：新华社</p>"
                      '<p style="display:none">hidden</p></body></html>')
    page = page_text(root)
    assert page.text == "nav home\nMy headline \n2021年3月5日 10:20 来源：新华社\n"
    assert page.headline(["My headline | Site", "other"]) == (9, 20)
    span = next(root.iter("span"))
    assert page.text[page.starts[span]:].startswith("10:20")


def test_a_time_element_beside_the_headline() -> None:
    body = ('<h1>桥梁封闭维修</h1><p>By X <time datetime="2021-03-05T10:20:00+08:00">'
            "March 5</time></p>" + STORY)
    assert date_of(body) == datetime(2021, 3, 5, 2, 20, tzinfo=UTC)


def test_a_labelled_date_under_the_headline_read_in_the_source_zone() -> None:
    body = "<h2>桥梁封闭维修</h2><div>来源：新华社 发布时间：2021年3月5日 10:20</div>" + STORY
    assert date_of(body, timezone=SHANGHAI) == datetime(2021, 3, 5, 2, 20, tzinfo=UTC)


def test_the_publish_label_wins_over_an_updated_one() -> None:
    body = ("<h2>桥梁封闭维修</h2><div>更新时间：2021-03-06 08:00 发布时间：2021-03-05 10:20</div>"
            + STORY)
    assert date_of(body) == datetime(2021, 3, 5, 10, 20, tzinfo=UTC)


def test_an_unlabelled_header_date_but_not_a_date_inside_the_story() -> None:
    header = "<h2>桥梁封闭维修</h2><div>2005-04-05 06:40更新 来源：转载文章</div>"
    assert date_of(header + STORY) == datetime(2005, 4, 5, 6, 40, tzinfo=UTC)
    sentence = ("<p>据报道，2004年3月20日至5月7日，来自四川的个体老中医在四川省雅安市"
                "碧峰峡十几米高、昼夜温差很大的玻璃八卦房中，只饮用矿泉水，不摄入其它任何营养"
                "性物质。</p>")
    assert date_of("<h2>桥梁封闭维修</h2>" + sentence) is None


def test_an_edition_date_printed_over_the_headline() -> None:
    body = "<div>下一版 2022年02月13日</div><h2>桥梁封闭维修</h2>" + STORY
    assert date_of(body) == datetime(2022, 2, 13, tzinfo=UTC)


def test_without_a_headline_the_date_line_above_the_article_text() -> None:
    article = "<p>湘菜粤菜兵分两路，新鲜的是，湘菜浓妆淡抹，粤菜却是明艳照人。</p>"
    body = ("<div>控制面板</div><div>湘菜粤菜 兵分两路 (图)</div><div>2005-06-14 03:25:55</div>"
            + article)
    assert date_of(body, title="海姑娘 | blog", article=article) == \
        datetime(2005, 6, 14, 3, 25, 55, tzinfo=UTC)


@pytest.mark.parametrize(("line", "expected"), [
    ("本贴由大卫于2005年8月12日16:12:21在〖心灵体操〗发表", datetime(2005, 8, 12, 16, 12, 21)),
    ("由海姑娘张贴 @ 2005-06-14 03:25:55 (370)", datetime(2005, 6, 14, 3, 25, 55)),
    ("发表于 2004年12月27日 12:40 - (阅读:3727)", datetime(2004, 12, 27, 12, 40)),
    ("Posted on March 25, 2015", datetime(2015, 3, 25)),
])
def test_a_labelled_date_anywhere(line: str, expected: datetime) -> None:
    body = f"<div>menu</div>{STORY}<div>{line}</div><div>2006年12月27日 其他</div>"
    assert date_of(body, title="no such headline") == expected.replace(tzinfo=UTC)


def test_the_issue_a_reprint_credits() -> None:
    body = f"<p>犬儒病</p>{STORY}<p>——《北京之春》1998年3月号</p>"
    assert date_of(body, title="显示") == datetime(1998, 3, 1, tzinfo=UTC)


@pytest.mark.parametrize(("url", "expected"), [
    ("https://n.example/2021/03/05/story.html", datetime(2021, 3, 5)),
    ("https://n.example/news/2021-03-05/story", datetime(2021, 3, 5)),
    ("http://www.gov.example/xxgk/202103/t20210305_123.html", datetime(2021, 3, 5)),
    ("https://n.example/a/20210305/123.htm", datetime(2021, 3, 5)),
    ("https://n.example/2021/13/45/story", None),
    ("https://n.example/story-123456789", None),
    ("https://www.epochtimes.com/gb/22/1/10/n13495457.htm", None),
])
def test_url_dates(url: str, expected: datetime | None) -> None:
    assert url_date(url) == expected


def test_the_url_is_the_last_resort() -> None:
    assert date_of("<div>menu</div>" + STORY, url="https://n.example/2021/03/05/x") == \
        datetime(2021, 3, 5, tzinfo=UTC)
    assert date_of("<div>menu</div>" + STORY) is None


def test_extract_page_uses_the_printed_date_when_nothing_is_declared() -> None:
    html = (f"<html><head><title>桥梁封闭维修-新闻网</title></head><body><h1>桥梁封闭维修</h1>"
            f"<div>时间：2021年3月5日 10:20 作者：李明</div><article>{STORY}</article>"
            "</body></html>")
    article = extract_page(html, "https://news.example/a", timezone=SHANGHAI)
    assert article.published == datetime(2021, 3, 5, 2, 20, tzinfo=UTC)
    assert article.author == "李明"
    assert article.title == "桥梁封闭维修"


def test_extract_timezone_option(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_text(f"<html><head><title>Bridge</title></head><body><h1>Bridge</h1>"
                    f"<p>2021-03-05 10:20</p><article>{STORY}</article></body></html>")
    runner = CliRunner()
    result = runner.invoke(app, ["extract", str(page), "--jsonl", "--timezone", "Asia/Shanghai",
                                 "--dir", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["published"] == "2021-03-05T10:20:00+08:00"
    bad = runner.invoke(app, ["extract", str(page), "--timezone", "Mars/Olympus",
                              "--dir", str(tmp_path)])
    assert bad.exit_code == 2 and "Mars/Olympus" in bad.output
