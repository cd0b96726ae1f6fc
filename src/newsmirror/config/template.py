"""The newsmirror.toml that ``init`` writes: every setting with its default, commented,
and the sources a new operator most often wants, ready to uncomment."""

from __future__ import annotations

import json
from typing import Any

from newsmirror.config.schema import ARCHIVE, MIRROR, NETWORK, PUBLISH, Setting

# Real sources, with the feed URL that independent public projects use for each (checked
# against their source lists in 2026; outlets move feeds, so `newsmirror status` after the
# first run tells which still answer). VOA's /api/ path is its "all news" Chinese feed,
# Epoch Times' n24hr.xml its 24-hour news feed; Zaobao has no feed, so it is a page source.
EXAMPLE_SOURCES: tuple[dict[str, Any], ...] = (
    {"name": "dw", "title": "德国之声 DW 中文", "url": "https://rss.dw.com/rdf/rss-chi-all",
     "language": "zh-Hans"},
    {"name": "bbc", "title": "BBC 中文（简体）",
     "url": "https://feeds.bbci.co.uk/zhongwen/simp/rss.xml", "language": "zh-Hans"},
    {"name": "voa", "title": "美国之音 VOA 中文", "url": "https://www.voachinese.com/api/zm_yql-vomx-tpeybti",
     "language": "zh-Hans"},
    {"name": "rfa", "title": "自由亚洲电台 RFA 普通话",
     "url": "https://www.rfa.org/mandarin/rss2.xml", "language": "zh-Hans"},
    {"name": "rfi", "title": "法广 RFI 中文", "url": "https://www.rfi.fr/cn/rss",
     "language": "zh-Hans"},
    {"name": "nyt", "title": "纽约时报中文网", "url": "https://cn.nytimes.com/rss/",
     "language": "zh-Hans"},
    {"name": "epochtimes", "title": "大纪元", "url": "https://www.epochtimes.com/gb/n24hr.xml",
     "language": "zh-Hans", "style": "mirror",
     "nav": [{"text": "首页", "href": "{root}?{slug}"}]},
    {"name": "zaobao", "title": "联合早报 中国", "kind": "page",
     "url": "https://www.zaobao.com.sg/realtime/china",
     "links": r"/realtime/china/story\d+-\d+", "language": "zh-Hans",
     "timezone": "Asia/Singapore"},
)

_HEADER = """\
# newsmirror.toml — the configuration of one mirror.
#
# Every setting is shown with its default value, commented out: uncomment to change it.
# Sources are [[sources]] tables; add one with:
#   newsmirror add NAME URL [--kind feed|page] [--style archive|mirror]
# then run `newsmirror run` and see `newsmirror status`.
"""


def config_template() -> str:
    """The text of a new newsmirror.toml."""
    parts = [_HEADER, _table("mirror", MIRROR), _table("archive", ARCHIVE),
             _table("publish", PUBLISH),
             _table("network", NETWORK), _DEFAULTS]
    parts.append("# --- Sources: uncomment the ones you want. ---\n")
    parts.extend(_commented_source(source) for source in EXAMPLE_SOURCES)
    parts.append(_RULE_EXAMPLE)
    return "\n".join(parts)


def toml_value(value: Any) -> str:
    """A TOML literal for the simple values used here (JSON's strings are TOML's)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return f"{value:_}" if isinstance(value, int) and value >= 10_000 else str(value)
    if isinstance(value, dict):
        if not value:
            return "{}"
        return "{ " + ", ".join(f"{k} = {toml_value(v)}" for k, v in value.items()) + " }"
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    return json.dumps(value, ensure_ascii=False)


def _table(name: str, settings: tuple[Setting, ...]) -> str:
    lines = [f"[{name}]"]
    for setting in settings:
        lines.append(f"# {setting.help}")
        lines.append(f"# {setting.key} = {toml_value(setting.default)}")
    return "\n".join(lines) + "\n"


_DEFAULTS = """\
# [defaults] holds any source key that every source should share, e.g.
# [defaults]
# language = "zh-Hans"
# timezone = "Asia/Shanghai"
# Images: "keep" their URLs (the default), "proxy" them through [mirror] image_proxy, or
# "local": download each once into output/media/, so that pages keep them when the image
# server is blocked or deletes them (at most [mirror] max_image_bytes each; no SVG).
# images = "local"
"""


def _commented_source(source: dict[str, Any]) -> str:
    lines = ["# [[sources]]"]
    for key, value in source.items():
        if key == "nav":
            lines.append("# nav = [")
            lines.extend(f"#   {toml_value(item)}," for item in value)
            lines.append("# ]")
        else:
            lines.append(f"# {key} = {toml_value(value)}")
    return "\n".join(lines) + "\n"


_RULE_EXAMPLE = """\
# A source may say where its site keeps each part of an article (CSS selectors); without
# one, built-in rules for known outlets and then generic extraction are used:
# [sources.rule]
# body = "#artbody"
# title = "h1"
# date = "time[datetime]"
# author = ".author"
# lead_image = ".featured_image img"
# caption = ".featured_image .caption"
# drop = [".share", ".related"]
"""
