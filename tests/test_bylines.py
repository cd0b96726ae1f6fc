"""Bylines printed on the page (``extract.bylines``) and what counts as a name (``names``)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsmirror.extract.article import parse_html
from newsmirror.extract.bylines import page_byline
from newsmirror.extract.document import extract_document
from newsmirror.extract.names import clean_author, is_chinese_name
from newsmirror.extract.pagetext import page_text

STORY = ("<p>文章正文第一段，讲述了这座城市的桥梁因为发现裂缝而必须封闭维修的经过，"
         "以及市民的反应。</p><p>文章正文第二段，市政府表示维修工作将持续到明年夏天，"
         "期间市民可以乘坐渡轮过湖。</p>")


def byline_of(body: str, title: str = "桥梁封闭维修", article: str = "") -> str:
    root = parse_html(f"<html><head><title>{title}</title></head><body>{body}</body></html>")
    page = page_text(root)
    return page_byline(page, root, page.headline([title]), article)


@pytest.mark.parametrize(("body", "author"), [
    ('<h1>Bridge</h1><span itemprop="author" itemscope><span itemprop="name">Dan Goodin'
     "</span></span>", "Dan Goodin"),
    ('<h1>Bridge</h1><a rel="author" href="/u/mc">Mike Conley</a>', "Mike Conley"),
    ('<h1>Bridge</h1><div class="byline">By Brenda Goodman, MA<br>WebMD Health News</div>',
     "Brenda Goodman, MA"),
    ('<h1>Bridge</h1><p class="pb-byline">By <a>Erin Cunningham</a> March 18, 2015</p>',
     "Erin Cunningham"),
])
def test_elements_marked_as_the_author(body: str, author: str) -> None:
    assert byline_of(body + STORY, title="Bridge") == author


def test_comment_authors_and_sign_in_boxes_are_not_bylines() -> None:
    body = ('<div id="authorization"><a>Sign In</a></div><h1>Bridge</h1>' + STORY
            + '<ol class="comments"><li><cite class="comment-author">John Doe</cite></li></ol>')
    assert byline_of(body, title="Bridge") == ""


def test_the_marked_element_nearest_the_headline() -> None:
    body = ('<aside><span class="author">Sidebar Person</span></aside>' + "<p>x</p>" * 200
            + '<h1>Bridge</h1><span class="author">Real Writer</span>' + STORY)
    assert byline_of(body, title="Bridge") == "Real Writer"


@pytest.mark.parametrize(("line", "author"), [
    ("时间：2004年10月21日14:18 作者：郭励弘", "郭励弘"),
    ("作者： 周思博 (Joel Spolsky)", "周思博 (Joel Spolsky)"),
    ("作者：宋怡 杨志华", "宋怡 杨志华"),
    ("顶端新闻·河南商报记者马俊峰/文 受访者供图", "马俊峰"),
    ("文/张三", "张三"),
    ("By Nathan Willis March 25, 2015", "Nathan Willis"),
    ("【新春走基层】 光明日报记者 王建宏 张文攀", "王建宏 张文攀"),
    ("新京报记者 彭冲 山东冠县报道", "彭冲"),
    ("2004年7月16日08:19 [ 黄宇 ] 来源：[ 国际金融报 ]", "黄宇"),
    ("发布时间 2005/05/17 22:11:42 by 眉间尺", "眉间尺"),
])
def test_bylines_in_the_header(line: str, author: str) -> None:
    assert byline_of(f"<h2>桥梁封闭维修</h2><div>{line}</div>{STORY}") == author


@pytest.mark.parametrize(("ending", "author"), [
    ("<p>……这是最后一段，说明维修的费用由市财政承担。（记者 胡晓蓉） 责任编辑：孙重远</p>",
     "胡晓蓉"),
    ("<p>……这样的说法没有道理，所有的改革难道不都是利益再分配的过程吗？”（姚峰 上海报道）</p>",
     "姚峰"),
    ("<p>……过一个平安、祥和、温馨、廉洁的新春佳节。（常书香 马丹阳 ）</p>", "常书香 马丹阳"),
    ("<p>来源：新闻晨报 编辑：山石</p>", ""),  # an editor is no author (issue 15.5)
    ("<p>（ 责任编辑：刘林源 ）</p>", ""),
    ("<p>来源: 尹娟 【发表评论】【关闭窗口】</p>", "尹娟"),
    ("<p>来源：新华网</p>", ""),
    ("<p>【发表评论】【关闭窗口】【房产】</p>", ""),
    ("<p>看见记者进来，她立刻露出羞涩的表情。</p>", ""),
    ("<p>记者查实，此事确有其事，相关部门已经介入调查。</p>", ""),
])
def test_bylines_at_the_end_and_fallbacks(ending: str, author: str) -> None:
    assert byline_of(f"<h2>桥梁封闭维修</h2>{STORY}{ending}") == author


def test_the_writer_wins_over_the_editor_wherever_they_are() -> None:
    body = ("<div>本版编辑:Giki</div><h2>桥梁封闭维修</h2>" + STORY + "<p>x</p>" * 300
            + "<div>作者： 赵婕 出自[人民文学出版社]</div>")
    assert byline_of(body) == "赵婕"


def test_a_line_of_names_under_the_headline() -> None:
    assert byline_of(f"<p><strong>犬儒病(上)</strong></p><p> 胡平<br>——当代中国</p>{STORY}",
                     title="犬儒病(上)") == "胡平"
    assert byline_of(f"<p><strong>犬儒病(上)</strong></p><p>房产<br>文娱</p>{STORY}",
                     title="犬儒病(上)") == ""


@pytest.mark.parametrize(("line", "author"), [
    ("本贴由大卫于2005年8月12日16:12:21在〖心灵体操〗发表", "大卫"),
    ("由海姑娘张贴 @ 2005-06-14 03:25:55", "海姑娘"),
    ("[湖湘文化]陈天华《警世钟》ggjjzhzz 发表于 2005-9-15 11:46:00", "ggjjzhzz"),
])
def test_who_posted_it(line: str, author: str) -> None:
    assert byline_of(f"<div>menu</div>{STORY}<div>{line}</div>", title="no such") == author


@pytest.mark.parametrize(("text", "name"), [
    ("By Brenda  Goodman, MA\n  WebMD Health News", "Brenda Goodman, MA"),
    ("By Brenda  Goodman, MA WebMD Health News", "Brenda Goodman"),
    ("By\n\t\tScott Cunningham", "Scott Cunningham"),
    ("Dan Goodin - Apr 16, 2015 2:00 pm UTC", "Dan Goodin"),
    ("Par Sébastien Farcis", "Sébastien Farcis"),
    ("Joe Wee Monday, 29 February 2016", "Joe Wee"),
    ("赵  培", "赵培"),
    ("Stella Kim, Jennifer Jett", "Stella Kim, Jennifer Jett"),
    ("Bradley M. Kuhn (http://ebb.org/bkuhn/)", "Bradley M. Kuhn"),
    ("Written by Rob Ewaschuk Edited by Betsy Beyer", "Rob Ewaschuk"),
    ("https://www.facebook.com/profile.php?id=cesarsalza", ""),
    ("Discuz! Team and Comsenz UI Team", ""),
    ("51offer.com", ""),
    ("大汉网络", ""),
    ("■ 该作者文章", ""),
    ("Last Updated: January 7, 2025", ""),
    ("Follow Author", ""),
    ("*****Notes***** Not really a note, but do you guys know how different, at least, from "
     "school to school, gym to gym? And generational differences", ""),
])
def test_clean_author(text: str, name: str) -> None:
    assert clean_author(text) == name


@pytest.mark.parametrize(("text", "name"), [
    ("胡晓蓉", True), ("欧阳修", True), ("关闭", False), ("新华网", False), ("吉林大学", False),
    ("组图", False), ("近日从", False), ("胡", False), ("Jane", False),
])
def test_is_chinese_name(text: str, name: bool) -> None:
    assert is_chinese_name(text) is name


@given(st.text(max_size=300))
@settings(max_examples=300)
def test_clean_author_never_raises_and_never_grows(text: str) -> None:
    cleaned = clean_author(text)
    assert len(cleaned) <= len(text)
    assert clean_author(cleaned) == cleaned or cleaned == ""


@given(st.text(alphabet="作者记者文编辑来源：:/（）()【】[] \n王李张胡晓蓉2005年3月5日By ",
               max_size=120))
@settings(max_examples=300)
def test_page_byline_never_raises(text: str) -> None:
    root = parse_html("<html><body><h1>标题</h1><p></p></body></html>")
    next(root.iter("p")).text = text
    page = page_text(root)
    assert isinstance(page_byline(page, root, page.headline(["标题"])), str)


@pytest.mark.parametrize(("credit", "author"), [
    ("责任编辑：张三", ""), ("（编辑：王五）", ""), ("责编：钱七", ""), ("李四 摄", ""),
    ("新华社记者李四摄", ""), ("摄影：李四", ""), ("张三/图", ""), ("李四供图", ""),
    ("王小明/文 李大伟/摄", "王小明"), ("文/王小明 图/李大伟", "王小明"),
    ("记者 李楠 编辑：王五", "李楠"), ("来源：人民网 作者：孙八", "孙八"), ("张宏图", "张宏图"),
])
def test_an_editor_or_a_photo_credit_is_no_author(credit: str, author: str) -> None:
    """Issue 15.5: bylines took the editor (责任编辑, 责编, 编辑) or a photo credit (X摄)."""
    assert clean_author(credit) == author


def test_a_page_whose_only_credit_is_its_editor_has_no_author() -> None:
    story = "".join(f"<p>第{n}段：记者走访了十几家商店，发现价格普遍上涨，市民对此议论纷纷，"
                    "希望有关部门尽快出台措施。</p>" for n in range(6))
    for credit in ("<p class='editor'>责任编辑：张三</p>",
                   "<p>图为会议现场。新华社记者 赵六 摄</p>",
                   "<div class='author'>（编辑：王五）</div>"):
        page = (f"<html><head><title>物价</title></head><body><h1>物价上涨</h1><article>{story}"
                f"{credit}</article></body></html>")
        assert extract_document(page.encode(), "https://example.cn/a").author == "", credit
