"""Built-in rules for the big Chinese portals (issue 15.5). Each page here is laid out as
the site lays out its articles (its containers, classes and ids), with the chrome that
generic extraction took for the article: navigation, comment boxes, related stories, the
account's profile, the editor's credit."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from newsmirror.extract.document import extract_document

PARAGRAPHS = [
    "记者从市交通局获悉，横跨江面的老桥将于下月起封闭维修，为期约三个月。",
    "维修期间，过江车辆需绕行新建的二桥，公交线路也将作出相应调整。",
    "交通部门提醒市民提前规划出行路线，错峰出行，并留意最新的交通公告。",
]
STORY = "".join(f"<p>{line}</p>" for line in PARAGRAPHS)
NAV = "".join(f"<li><a href='/c{n}'>频道{n}</a></li>" for n in range(12))
RELATED = "".join(f"<li><a href='/r{n}'>另一篇相关新闻的标题第{n}篇</a></li>" for n in range(8))
COMMENTS = "".join(f"<div class='comment'><p>网友{n}：这座桥早该修了，每天堵车好几个小时，"
                   "希望这次能修好。</p></div>" for n in range(10))
TITLE = "老桥下月起封闭维修 过江车辆需绕行"


def _page(head: str, body: str) -> bytes:
    return (f"<html><head><meta charset='utf-8'>{head}</head><body><ul class='nav'>{NAV}</ul>"
            f"{body}<ul class='related'>{RELATED}</ul><div class='comments'>{COMMENTS}</div>"
            "</body></html>").encode()


PAGES = {
    "https://www.163.com/news/article/ABCD1234000189FH.html": _page(
        f"<title>{TITLE}_网易新闻</title>",
        f"<div class='post_main'><h1 class='post_title'>{TITLE}</h1>"
        "<div class='post_info'>2021-03-05 10:20:33　来源: 澎湃新闻</div>"
        f"<div class='post_body'>{STORY}<div class='post_statement'>特别声明：以上内容为自媒体"
        "平台用户上传并发布，本平台仅提供信息存储服务。</div>"
        "<div class='ep-source'>责任编辑：张三_NBJS1234</div></div></div>"),
    "https://mp.weixin.qq.com/s/AbCdEfGhIjKlMn": _page(
        f"<title>{TITLE}</title><meta property='og:title' content='{TITLE}'>"
        "<script>var nickname = \"城市交通\"; var ct = \"1614910833\";</script>",
        f"<div id='img-content'><h1 class='rich_media_title' id='activity-name'>{TITLE}</h1>"
        "<div id='meta_content' class='rich_media_meta_list'>"
        "<span class='rich_media_meta rich_media_meta_text'>李明</span>"
        "<span class='rich_media_meta rich_media_meta_nickname' id='profileBt'>"
        "<a id='js_name'>城市交通</a></span>"
        "<em id='publish_time' class='rich_media_meta rich_media_meta_text'></em></div>"
        f"<div class='rich_media_content' id='js_content' style='visibility: hidden;'>{STORY}"
        "</div><div id='js_pc_qr_code' class='qr_code_pc'><p>微信扫一扫关注该公众号</p></div>"
        "</div>"),
    "https://baijiahao.baidu.com/s?id=1693457890123456789": _page(
        f"<title>{TITLE}</title>",
        f"<div class='article-title'><h2>{TITLE}</h2></div><div class='author-info'>"
        "<p class='author-name'>城市观察</p><div class='article-source'>"
        "<span class='date'>发布时间：03-05</span><span class='time'>10:20</span></div></div>"
        f"<div class='article-content'>{STORY}</div>"),
    "https://news.sina.com.cn/c/2021-03-05/doc-ikftssap1234567.shtml": _page(
        f"<title>{TITLE}|交通_新浪新闻</title>",
        f"<h1 class='main-title'>{TITLE}</h1><div class='date-source'>"
        "<span class='date'>2021年03月05日 10:20</span><a class='source'>新京报</a></div>"
        f"<div class='article' id='article'>{STORY}"
        "<p class='show_author'>责任编辑：王五</p></div>"),
    "https://www.thepaper.cn/newsDetail_forward_11612345": _page(
        f"<title>{TITLE}_澎湃新闻-The Paper</title>",
        f"<h1 class='news_title'>{TITLE}</h1><div class='news_about'><p>澎湃新闻记者 赵六</p>"
        f"<p>2021-03-05 10:20 来源：澎湃新闻</p></div><div class='news_txt'>{STORY}</div>"
        "<div class='news_editor'>责任编辑：钱七</div>"),
    "http://society.people.com.cn/n1/2021/0305/c1008-32043210.html": _page(
        f"<title>{TITLE}--社会·法治--人民网</title>",
        f"<div class='rm_txt'><h1>{TITLE}</h1><div class='col-1-1'>2021年03月05日10:20 | "
        "来源：人民网－社会频道</div>"
        f"<div class='rm_txt_con'>{STORY}<div class='edit'>(责编：孙八、周九)</div></div></div>"),
    "http://www.news.cn/local/2021-03/05/c_1127172345.htm": _page(
        f"<title>{TITLE}-新华网</title>",
        f"<div class='head-line'><h1><span class='title'>{TITLE}</span></h1></div>"
        "<div class='header-time'>2021-03-05 10:20:33</div>"
        f"<div id='detail'>{STORY}<div id='articleEdit'>【纠错】 责任编辑： 吴十</div></div>"),
    "https://www.sohu.com/a/454321098_123456": _page(
        f"<title>{TITLE}_交通</title>",
        f"<div class='text-title'><h1>{TITLE}</h1></div><div class='article-info'>"
        "<span class='time' id='news-time'>2021-03-05 10:20</span></div>"
        f"<article class='article' id='mp-editor'>{STORY}"
        "<p data-role='editor-name'>责任编辑：<span>郑十一</span></p>"
        "<a class='backword' href='//www.sohu.com'>返回搜狐，查看更多</a></article>"),
}
AUTHORS = {"mp.weixin.qq.com": "李明", "baijiahao.baidu.com": "城市观察", "thepaper.cn": "赵六"}
DATES = {"163.com": datetime(2021, 3, 5, 2, 20, 33, tzinfo=UTC),
         "mp.weixin.qq.com": datetime(2021, 3, 5, 2, 20, 33, tzinfo=UTC),
         "sina.com.cn": datetime(2021, 3, 5, 2, 20, tzinfo=UTC),
         "people.com.cn": datetime(2021, 3, 5, 2, 20, tzinfo=UTC),
         "news.cn": datetime(2021, 3, 5, 2, 20, 33, tzinfo=UTC),
         "sohu.com": datetime(2021, 3, 5, 2, 20, tzinfo=UTC)}


@pytest.mark.parametrize("url", list(PAGES))
def test_a_portal_article_is_its_story_headline_and_writer(url: str) -> None:
    from zoneinfo import ZoneInfo

    article = extract_document(PAGES[url], url, timezone=ZoneInfo("Asia/Shanghai"))
    assert article.text.splitlines() == PARAGRAPHS
    assert article.title == TITLE
    site = next((key for key in AUTHORS if key in url), "")
    assert article.author == AUTHORS.get(site, "")  # never an editor
    dated = next((key for key in DATES if key in url), "")
    if dated:
        assert article.published == DATES[dated]
