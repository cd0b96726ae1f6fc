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


def is_boilerplate(text: str) -> bool:
    """Whether the block with this text is one of those lines."""
    text = " ".join(text.split())
    if not text or len(text) > _MAX_LENGTH:
        return False
    return any(pattern.search(text) for pattern in _PATTERNS)
