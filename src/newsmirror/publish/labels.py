"""The few words the published pages say themselves, per language."""

from __future__ import annotations

LABELS: dict[str, dict[str, str]] = {
    "zh-Hans": {
        "original_link": "原文链接（需翻墙）：",
        "latest": "最新文章",
        "sources": "来源",
        "articles": "篇",
        "by": "作者",
        "published": "发布时间",
        "archived": "存档时间",
        "revision": "版本",
        "edited": "已编辑",
        "removed": "原文已被删除",
        "restored": "原文已恢复",
        "placeholder": "暂无全文：原文页面暂时无法获取，将自动重试",
        "history": "修改记录",
        "full_text": "全文",
        "text_unchanged": "正文文字未变",
        "back": "返回文章",
        "subscribe": "订阅",
    },
    "zh-Hant": {
        "original_link": "原文連結（需翻牆）：",
        "latest": "最新文章",
        "sources": "來源",
        "articles": "篇",
        "by": "作者",
        "published": "發佈時間",
        "archived": "存檔時間",
        "revision": "版本",
        "edited": "已編輯",
        "removed": "原文已被刪除",
        "restored": "原文已恢復",
        "placeholder": "暫無全文：原文頁面暫時無法取得，將自動重試",
        "history": "修改記錄",
        "full_text": "全文",
        "text_unchanged": "正文文字未變",
        "back": "返回文章",
        "subscribe": "訂閱",
    },
    "en": {
        "original_link": "Original: ",
        "latest": "Latest articles",
        "sources": "Sources",
        "articles": "articles",
        "by": "By",
        "published": "Published",
        "archived": "Archived",
        "revision": "Revision",
        "edited": "Edited",
        "removed": "Removed at source",
        "restored": "Back at source",
        "placeholder": "Summary only: the original page could not be had yet; tried again soon",
        "history": "History",
        "full_text": "Full text",
        "text_unchanged": "Text unchanged",
        "back": "Back to the article",
        "subscribe": "Subscribe",
    },
}


def labels_for(language: str) -> dict[str, str]:
    """The labels of ``[mirror] language`` (zh-Hans, zh-Hant or en; the configuration
    refuses any other), whatever the language of the articles themselves."""
    return LABELS[language] if language in LABELS else LABELS["zh-Hans"]
