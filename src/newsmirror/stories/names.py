"""Place names written alike in Chinese and English: a Chinese and an English report of
one event share almost no words, but they name the same countries and cities.

The lexicon is CLDR's, as Babel ships it (no download): the names of the territories
(俄罗斯 / Russia) and the exemplar cities of the time zones (莫斯科 / Moscow, 日内瓦 /
Geneva) in Chinese and in English, and a few short forms CLDR does not list (香港 for
中国香港特别行政区, U.S. and UK). A name found in a title or lead becomes one term for
both languages, ``@`` and the territory's code or the zone's name (``@RU``,
``@Europe/Moscow``): an article in one script matches an article in the other by them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache
from typing import Any

from newsmirror.text.fold import fold

# Short forms the news uses that CLDR's names do not list: (code, Chinese, English).
_SHORT = (
    ("HK", "香港", "Hong Kong"), ("MO", "澳门", "Macau"), ("MO", "", "Macao"),
    ("US", "", "US"), ("US", "", "U.S."), ("US", "", "USA"), ("US", "", "America"),
    ("GB", "", "UK"), ("GB", "", "U.K."), ("GB", "", "Britain"),
    ("CZ", "", "Czech Republic"), ("AE", "", "UAE"),
)
# Territories that are no place a report is about (CLDR's groupings, "Unknown Region").
_NOT_PLACES = re.compile(r"^(\d{3}|EU|EZ|UN|QO|ZZ)$")
@cache
def lexicon() -> tuple[dict[str, str], dict[str, str]]:
    """The Chinese names (folded) and the English names (as CLDR writes them), each to
    its term."""
    from babel import Locale

    chinese, english = Locale("zh"), Locale("en")
    by_chinese: dict[str, str] = {}
    by_english: dict[str, str] = {}
    for code, name in chinese.territories.items():
        if _NOT_PLACES.match(code) or code not in english.territories:
            continue
        by_chinese[fold(name)] = f"@{code}"
        by_english[english.territories[code]] = f"@{code}"
    english_zones = english.time_zones
    for zone, names in chinese.time_zones.items():
        city = names.get("city")
        if not city or "/" not in zone or zone.startswith("Etc/"):
            continue
        by_chinese.setdefault(fold(city), f"@{zone}")
        written = english_zones.get(zone, {}).get("city") or zone.rsplit("/", 1)[1]
        by_english.setdefault(written.replace("_", " "), f"@{zone}")
    for code, name_zh, name_en in _SHORT:
        if name_zh:
            by_chinese[fold(name_zh)] = f"@{code}"
        by_english[name_en] = f"@{code}"
    return by_chinese, by_english


@cache
def _pattern() -> re.Pattern[str]:
    """Every name, the longest that stands (中国香港特别行政区 before 中国); English names
    as whole words. The names are a trie written as a pattern: an alternation of seven
    hundred names would be tried name by name at every character (1 ms a lead)."""
    by_chinese, by_english = lexicon()
    return re.compile(f"{_trie(by_chinese)}|(?<![\\w.]){_trie(by_english)}(?!\\w)")


def _trie(names: Iterable[str]) -> str:
    """A pattern matching each of ``names``, the longest where several begin alike."""
    root: dict[str, Any] = {}
    for name in names:
        node = root
        for character in name:
            node = node.setdefault(character, {})
        node[""] = {}  # a name ends here

    def written(node: dict[str, Any]) -> str:
        branches = [re.escape(c) + written(child) for c, child in sorted(node.items()) if c]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else f"(?:{'|'.join(branches)})"
        if "" in node:  # a name may end here: take more if a longer one stands
            return f"(?:{body})?"
        return body

    return f"(?:{written(root)})"


def place_terms(text: str) -> tuple[list[str], str]:
    """The place terms of ``text`` (folded), in order, and the text with their names
    taken out (the rest is tagged as words)."""
    by_chinese, by_english = lexicon()
    found: list[str] = []

    def take(match: re.Match[str]) -> str:
        name = match.group()
        found.append(by_chinese.get(name) or by_english[name])
        return " "

    rest = _pattern().sub(take, text)
    return found, rest
