"""Lines Chinese news pages print around every article, never part of it.

Portal pages end an article with a bar of page functions (【打印】【关闭】…), the editor's
name, a copyright notice and "back to top" links; trafilatura keeps them because they sit
in the article's own container. They are recognised by their wording, and only as whole
short blocks, so that a sentence that merely mentions an editor stays.

Applied by the generic extractor only: site rules and full-text feeds are the publisher's
or the mirror operator's choice of what the article is (the seed mirrors keep a
``责任编辑`` line and a feedx footer).
"""

from __future__ import annotations

import re

from newsmirror.text.datetext import find_dates

# Longer than this, a block is text, whatever it mentions.
_MAX_LENGTH = 120
_FUNCTIONS = "打印|关闭|推荐|评论|收藏|字体|字号|我来说两句|热点排行|纠错|揪|转发|分享|复制|返回"
_PATTERNS = (
    # A bar of bracketed page functions: 【打印】【关闭】, [推荐] [收藏].
    re.compile(rf"^(?:页面功能)?\s*(?:[【\[][^】\]]{{0,12}}(?:{_FUNCTIONS})[^】\]]{{0,12}}[】\]]\s*){{2,}}"),
    # 责任编辑：X, （编辑：X）, [编辑: X]
    re.compile(r"^[（(\[【]?\s*(?:责任编辑|责编|编辑|校对|审核)\s*[:：]\s*[^，。,.]{0,12}[）)\]】]?$"),
    # 版权所有 notices.
    re.compile(r"版权所有|保留所有权利"),
    # The label of a portal's box of links or comments, standing alone: ■相关链接,
    # 精彩推荐, 我来说两句(0), -- 给编辑写信
    re.compile(r"^[■□●○◆◇▲△►▶•·*\-—\s]*(?:相关(?:链接|连接|阅读|新闻|文章|报道|专题)|"
               r"延伸阅读|推荐阅读|精彩(?:推荐|彩信|短信|图片|专题)|热点推荐|我来说两句|"
               r"给编辑写信|发表评论|请发表您的看法)\s*[:：]?\s*(?:[(（]\d*[)）])?$"),
    # Navigation: 返回页首 | 关闭窗口, 打印本页, 【发表评论】【关闭窗口】
    re.compile(r"^(?:\s*[|｜\[【]?\s*(?:返回(?:页首|顶部|首页)|关闭(?:窗口|本页)|打印(?:本页|此文)|发表评论)"
               r"\s*[\]】]?\s*[|｜]?)+$"),
)


# A header line above the story: a breadcrumb trail (网易娱乐 > 电影版区 > 留言板), or a
# short line of when and where from (2005年08月16日 来源：新华网, 2022.01.20 16:31).
_HEADER_LENGTH = 60
_BREADCRUMB = re.compile(r"^(?:[^>»›]{1,20}\s*[>»›]\s*){2,}[^>»›]{0,30}$")
_SOURCE_LABEL = re.compile(r"(?:^|\s)(?:来源|來源|出处|出處)\s*[:：]")
# A byline line (光明日报记者 王建宏 张文攀, 本报实习生 刘国栋) and a kicker (【新春走基层】).
_BYLINE_LENGTH = 40
_BYLINE = re.compile(r"记者|記者|通讯员|通訊員|实习生|特约撰稿"
                     r"|^(?:作者|文|撰文|图|摄影|编译)\s*[:：/／]")
_SENTENCE = re.compile(r"[，。！？；,.!?;]")
_KICKER = re.compile(r"^[【\[][^】\]]{1,12}[】\]]$")


# What a portal prints after the story: a box of related stories under its label, a bar
# of page functions. The story ends there.
_END_MARKERS = (
    re.compile(r"^[■□●○◆◇▲△►▶•·*\-—\s]*(?:相关(?:链接|连接|阅读|新闻|文章|报道|专题|推荐)|"
               r"延伸阅读|推荐阅读|热点推荐|精彩推荐|更多精彩|猜你喜欢|本周\S{0,6}推荐)\s*[:：]"),
    re.compile(rf"^(?:\s*[【\[]?\s*[^】\]\s]{{0,4}}(?:发送给朋友|{_FUNCTIONS})[^】\]\s]{{0,4}}"
               rf"\s*[】\]]?){{3,}}\s*$"),
)


def is_end_marker(text: str) -> bool:
    """Whether a block after the story's prose is where the portal's own boxes begin."""
    text = " ".join(text.split())
    return bool(text) and any(pattern.search(text) for pattern in _END_MARKERS)


def is_source_line(text: str) -> bool:
    """A short line that names the story's source (来源：新闻晨报), printed after it."""
    text = " ".join(text.split())
    return bool(text) and len(text) <= _HEADER_LENGTH and bool(_SOURCE_LABEL.search(text))


def is_header_line(text: str) -> bool:
    """Whether a block above the story's first paragraph is its header, not its text."""
    text = " ".join(text.split())
    if not text or len(text) > _HEADER_LENGTH:
        return False
    if _BREADCRUMB.match(text) or _SOURCE_LABEL.search(text) or _KICKER.match(text):
        return True
    if len(text) <= _BYLINE_LENGTH and _BYLINE.search(text) and not _SENTENCE.search(text):
        return True
    return any(mention.precision in ("day", "time") for mention in find_dates(text))


def is_boilerplate(text: str) -> bool:
    """Whether the block with this text is one of those lines."""
    text = " ".join(text.split())
    if not text or len(text) > _MAX_LENGTH:
        return False
    return any(pattern.search(text) for pattern in _PATTERNS)
