"""Titles on portal pages (issue 15.5): no portal suffix, no column's name, not cut at a
quotation mark, and a headline found in the story when the page has no title at all."""

from __future__ import annotations

import pytest

from newsmirror.extract.document import extract_document
from newsmirror.extract.titles import strip_site_suffix, uncut, without_column

STORY = "".join(f"<p>第{n}段：记者走访了十几家商店，发现价格普遍上涨，市民对此议论纷纷，"
                "希望有关部门尽快出台措施。</p>" for n in range(6))


def _title_of(head: str, body_top: str = "") -> str:
    page = f"<html><head>{head}</head><body>{body_top}<article>{STORY}</article></body></html>"
    return extract_document(page.encode(), "https://news.example.cn/a.html").title


@pytest.mark.parametrize(("head", "top", "title"), [
    ("<title>物价上涨 市民议论纷纷_新浪网</title>", "", "物价上涨 市民议论纷纷"),
    ("<title>物价上涨 市民议论纷纷-搜狐财经</title>", "", "物价上涨 市民议论纷纷"),
    ('<meta property="og:title" content="法国报纸摘要 - 马克龙在莫斯科与普京会面">'
     "<title>马克龙在莫斯科与普京会面 - 法国报纸摘要</title>", "<h1>马克龙在莫斯科与普京会面</h1>",
     "马克龙在莫斯科与普京会面"),
    ("<title>图说洛阳| 学院剪窗花 过廉洁之年 河南日报网</title>",
     "<h1>图说洛阳| 学院剪窗花 过廉洁之年</h1>", "学院剪窗花 过廉洁之年"),
    ('<meta property="og:title" content="他说"明天会更好"，然后走了">'
     '<title>他说"明天会更好"，然后走了_网易新闻</title>', "", '他说"明天会更好"，然后走了'),
])
def test_the_title_is_the_headline_alone(head: str, top: str, title: str) -> None:
    assert _title_of(head, top) == title


def test_a_page_without_any_title_takes_its_first_line_as_the_headline() -> None:
    page = (f"<html><body><table><tr><td><p>广汽回应现代合资内幕 全面合作项目即将展开</p>{STORY}"
            "</td></tr></table></body></html>")
    article = extract_document(page.encode(), "https://auto.example.cn/a.htm")
    assert article.title == "广汽回应现代合资内幕 全面合作项目即将展开"
    assert not article.text.startswith("广汽回应")


def test_the_helpers_keep_what_is_no_column_or_cut() -> None:
    assert without_column("Opinion | Why the bridge must close now") == \
        "Why the bridge must close now"
    assert without_column("A | B") == "A | B"  # too short beside it to be a column's name
    assert uncut("他说", '他说"你好"世界') == '他说"你好"世界'
    assert uncut("他说你好", "他说你好世界") == "他说你好"  # not cut at a quotation mark
    assert strip_site_suffix("标题很长的一篇报道 | 俄罗斯 | 大纪元") == "标题很长的一篇报道"
