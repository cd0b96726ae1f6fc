"""The page furniture of Chinese news pages is recognised, and article text is not."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from newsmirror.extract.boilerplate import is_boilerplate


@pytest.mark.parametrize("text", [
    "页面功能 【我来说两句】【我要“揪”错】【推荐】【字体：大 中 小】【打印】 【关闭】",
    "【发表评论】【关闭窗口】",
    "返回页首 | 关闭窗口",
    "打印本页",
    "（编辑：严玉洁 王辉）",
    "【责任编辑：严玉洁】",
    "责任编辑：",
    "编辑： 吕峥",
    "Copyright © 2005 Sohu.com Inc. All rights reserved.搜狐公司 版权所有",
    "© 版权所有2000-2006，北京千龙新闻网络传播有限责任公司",
    "■相关链接",
    "■ 我来说两句",
    "精彩彩信：",
    "-- 给编辑写信",
    "我来说两句(0)",
])
def test_page_furniture_is_boilerplate(text: str) -> None:
    assert is_boilerplate(text)


@pytest.mark.parametrize("text", [
    "（德国之声中文网）美国和俄罗斯周一将于瑞士日内瓦就乌克兰议题进行安全会谈。",
    "该报编辑：我们不会同意任何让步，这个可能性完全不在考量范围内。",
    "他说，记者应当尊重版权所有人的权利，" + "并且在转载前取得授权。" * 10,
    "编辑部的故事",
    "相关链接已经失效，记者多次联系该公司未获回应。",  # a sentence, not a box's label
    "精彩推荐了三位候选人",
    "Copyright 2019 Hawaii News Now. All rights reserved.",  # English pages keep theirs
])
def test_article_text_is_not(text: str) -> None:
    assert not is_boilerplate(text)


@given(st.text(min_size=121))
def test_long_blocks_are_never_boilerplate(text: str) -> None:
    if len(" ".join(text.split())) > 120:
        assert not is_boilerplate(text)
