"""Generic extraction on portal pages laid out in tables (issue 15.5): the story, without
the header lines above it and the boxes below it, and without losing its short lines."""

from __future__ import annotations

from newsmirror.extract.boilerplate import is_end_marker, is_header_line, is_source_line
from newsmirror.extract.document import extract_document

PARAGRAPHS = [
    "张家界的春天，美得让人眩目。长期过著从家门到校门的机械生活，一下子置身于翠绿",
    "欲滴的森林，看不完的奇山异峰，山涧涓流，名花异草，我简直要玩疯了。傍晚，",
    "当我山花插满头，手里抱著一大把青青竹笋，乐不思蜀地回到招待所时，一位同事告诉",
    "我胡耀邦去世的消息，像突然被泼了一瓢冷水，我顿时醒过来。他突然辞去总书记职务",
    "又突然去世的命运，除了令我感到悲哀之外，更使我对中国的前景产生了",
    "一种黯淡之感。",
    "像我这样自小就跟随父母下乡回老家，在闭塞农村长大的人，对遥远京城的政治，长期",
    "以来，持一种不甚关心的态度。但胡耀邦先生其人其事，我还是有所耳闻的。那一年的",
    "四月，学生们在广场上静坐，城里的人们每天都在谈论他们，连菜市场也不例外。",
]
MENU = "".join(f"<td><a href='/c{n}'>{name}</a></td>" for n, name in enumerate(
    ["首页", "新闻", "体育", "娱乐", "财经", "汽车", "房产"]))
RELATED = "".join(f"<br>·<a href='/r{n}'>相关的另一篇报道第{n}篇</a>（2005-04-0{n} 17:19）"
                  for n in range(1, 6))


def _portal_page() -> bytes:
    story = "".join(f"<p>{line}</p>" for line in PARAGRAPHS)
    return f"""<html><head><meta charset="utf-8"><title>春天的回忆_新闻频道_某某网</title></head>
<body><table><tr>{MENU}</tr></table>
<table><tr><td>某某网首页 &gt; 新闻频道 &gt; 国内新闻</td></tr></table>
<table><tr><td><h1>春天的回忆</h1></td></tr>
<tr><td>【新春走基层】</td></tr>
<tr><td>本报记者 王建宏 张文攀</td></tr>
<tr><td>2005年08月16日 10:20 来源：新华网</td></tr>
<tr><td><font size="3">{story}
<p><a href="http://sms.example.com/6666"><b>发送GP到6666 随时随地查行情</b></a></p>
<p>来源：新闻晨报</p></font></td></tr>
<tr><td>相关报道：{RELATED}</td></tr>
<tr><td>【发送给朋友】【发表评论】【打印本文】【关闭窗口】</td></tr></table>
<table><tr><td>某某网版权所有 Copyright 2005</td></tr></table></body></html>""".encode()


def test_a_table_laid_portal_page_gives_the_story_and_only_the_story() -> None:
    text = extract_document(_portal_page(), "http://news.example.com/2005/a.html").text
    lines = text.splitlines()
    assert lines == PARAGRAPHS, lines


def test_header_lines_are_told_from_the_story() -> None:
    for header in ("网易娱乐 > 电影版区 > 周黎明留言板", "2005年08月16日 来源：新华网",
                   "2022.01.20 16:31 来源：河南日报客户端", "光明日报记者 王建宏 张文攀",
                   "本报实习生 刘国栋 周炜", "【新春走基层】", "新华网黑龙江频道 记者 伊琳 李清芬"):
        assert is_header_line(header), header
    for story in ("记者走访了十几家商店，发现价格普遍上涨。", "一种黯淡之感。",
                  "2005年，他回到了家乡，开始了新的生活，也开始写作。"):
        assert not is_header_line(story), story


def test_the_boxes_after_a_story_are_told_from_it() -> None:
    for marker in ("相关报道：·富夫妻望子成龙", "延伸阅读：",
                   "【发送给朋友】【发表评论】【打印本文】", "本周雅虎推荐: 环球奇闻"):
        assert is_end_marker(marker), marker
    assert not is_end_marker("相关部门表示，将尽快处理此事。")
    assert is_source_line("来源：新闻晨报") and not is_source_line("他说，来源不明的资金必须查清。")
