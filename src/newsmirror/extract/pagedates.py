"""The publish date a page prints, for pages that do not declare one in their metadata.

Most pages that lack ``article:published_time`` or JSON-LD still print the date, and they
print it beside the headline: ``标题 / 2005年03月21日 11:21 来源：…``, ``Title / By X |
March 25, 2015``. The rules, first match wins:

1. a ``<time datetime>`` element (or one marked ``pubdate``) next to the headline;
2. a date labelled as the publish time (``发布时间：``, ``Published``) next to the headline;
3. the first date next to the headline on a short line (a header line, not a sentence of
   the story), or one that gives the time of day; an "updated" date only when no other;
4. a date labelled as the publish time anywhere (``发表于 …``, ``本贴由X于 …``,
   ``由X张贴 @ …``);
5. the issue a reprinted magazine article credits (``——《北京之春》1998年3月号``);
6. a date in the page's address (``/2021/03/05/``, ``/20210305/``, ``t20210305_``).

"Next to the headline" is the few lines after it, or a date printed on the line just above
it (newspapers put the edition date over the headline). A page whose headline cannot be
found (a blog titled with the blog's name) is read the same way around the place where the
extracted article text begins, the date line above it first. Relative dates ("3 hours
ago") are not read: they need the time the page was fetched, which a saved page lacks.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, tzinfo

from lxml.html import HtmlElement

from newsmirror.dates import plausible, read_date
from newsmirror.extract.pagetext import PageText
from newsmirror.text.datetext import DateMention, find_dates

AFTER = 320  # characters after the headline that still belong to the article's header
BEFORE = 60  # characters above it (an edition date, a dateline)
TIME_BEFORE = 240  # a <time> element may sit further up, in a kicker or a byline box
_SHORT_LINE = 60
_PUBLISHED = re.compile(
    r"(?:(?:发布|发表|发稿|刊发|刊登|出版|上线|首发)(?:时间|日期|于)?|时间|日期"
    r"|由\S{1,20}?(?:于|张贴|发表|发布)"
    r"|(?<![a-z])(?:(?:first\s+)?published(?:\s+on)?|posted(?:\s+on)?|date|publié\s+le"
    r"|veröffentlicht(?:\s+am)?))$", re.I)
_WEAK_LABELS = frozenset({"时间", "日期", "date"})
_UPDATED = re.compile(r"更新|修改|修订|编辑于|updated?(?:\s+on)?|modified|last\s+updated", re.I)
_LABEL_GAP = re.compile(r"[\s:：|/\-—(（\[【@]*$")
_URL_DATES = (
    re.compile(r"/((?:19|20)\d{2})/([01]?\d)/([0-3]?\d)(?:/|$|[^\d])"),
    re.compile(r"/((?:19|20)\d{2})-([01]\d)-([0-3]\d)(?:/|$|[^\d])"),
    re.compile(r"/((?:19|20)\d{2})[-_/]?([01]\d)/([0-3]\d)/"),
    re.compile(r"[/_.a-z-]((?:19|20)\d{2})([01]\d)([0-3]\d)(?:[/_.-]|\d{2,}|$)"),
)


def page_date(page: PageText, root: HtmlElement, headline: tuple[int, int] | None,
              url: str, timezone: tzinfo = UTC, body: str = "") -> datetime | None:
    """The date the page prints as its publish time, in the offset it names (else in
    ``timezone``). ``body`` is the extracted article: where it starts is the other
    end of the header, for pages whose headline cannot be found."""
    found = None
    if headline is not None:
        found = _time_element(page, root, headline) or _near(page, headline)
    start = page.body_start(body) if found is None else None
    if start is not None:
        found = _time_element(page, root, (start, start)) or _near(page, (start, start),
                                                                   above_first=True)
    if found is None:
        mentions = find_dates(page.text)
        found = _labelled_anywhere(page, mentions) or _issue_credit(page, mentions) \
            or url_date(url)
    return plausible(found, timezone) if found is not None else None


def url_date(url: str) -> datetime | None:
    """A date in the path of ``url``: ``/2021/03/05/``, ``/2021-03-05/``, ``20210305``."""
    path = url.split("?", 1)[0].split("#", 1)[0]
    path = path.split("://", 1)[-1].partition("/")[2]
    for pattern in _URL_DATES:
        match = pattern.search("/" + path)
        if match:
            try:
                return datetime(int(match[1]), int(match[2]), int(match[3]))
            except ValueError:
                continue
    return None


def _time_element(page: PageText, root: HtmlElement, headline: tuple[int, int]
                  ) -> datetime | None:
    start, end = headline
    for element in root.iter("time"):
        offset = page.starts.get(element)
        if offset is None or not start - TIME_BEFORE <= offset <= end + AFTER:
            continue
        marked = element.get("pubdate") is not None or "publish" in (element.get("class") or "")
        if _UPDATED.search(element.get("class") or "") and not marked:
            continue
        value = read_date(element.get("datetime") or element.text_content())
        if value is not None:
            return value
    return None


def _near(page: PageText, anchor: tuple[int, int], *, above_first: bool = False
          ) -> datetime | None:
    start, end = anchor
    after = [_moved(m, end) for m in find_dates(page.text[end:end + AFTER])
             if m.precision != "month"]
    labelled = [m for m in after if _published(page.text, m) and not _updated(page.text, m)]
    if labelled:
        return labelled[0].value
    header = [m for m in after if _header_like(page, m)]
    current = [m for m in header if not _updated(page.text, m)]
    below = (current or header)[:1]
    line_start, _ = page.line_at(start)
    above_from = page.text.rfind("\n", 0, max(line_start - 1, 0)) + 1
    above = [_moved(m, above_from) for m in find_dates(page.text[above_from:start])
             if m.precision != "month"]
    above = [m for m in above if start - m.end <= BEFORE][-1:]
    chosen = (above + below) if above_first else (below + above)
    return chosen[0].value if chosen else None


def _labelled_anywhere(page: PageText, mentions: list[DateMention]) -> datetime | None:
    for mention in mentions:
        if mention.precision != "month" and _published(page.text, mention, strong=True):
            return mention.value
    return None


def _issue_credit(page: PageText, mentions: list[DateMention]) -> datetime | None:
    """The issue a reprinted magazine article credits: ``——《北京之春》1998年3月号``."""
    for mention in mentions:
        before = page.text[max(0, mention.start - 3):mention.start].rstrip()
        after = page.text[mention.end:mention.end + 1]
        if before.endswith("》") and (after in ("号", "期", "刊") or _at_line_end(page, mention)):
            return mention.value
    return None


def _at_line_end(page: PageText, mention: DateMention) -> bool:
    return page.line_at(mention.start)[1] - mention.end <= 1


def _moved(mention: DateMention, by: int) -> DateMention:
    return DateMention(mention.start + by, mention.end + by, mention.value, mention.precision)


def _label_before(text: str, mention: DateMention) -> str:
    line_start = text.rfind("\n", 0, mention.start) + 1
    before = text[max(line_start, mention.start - 24):mention.start]
    gap = _LABEL_GAP.search(before)
    return before[:gap.start()] if gap else before


def _published(text: str, mention: DateMention, *, strong: bool = False) -> bool:
    match = _PUBLISHED.search(_label_before(text, mention))
    return match is not None and not (strong and match.group(0).lower() in _WEAK_LABELS)


def _updated(text: str, mention: DateMention) -> bool:
    after = text[mention.end:mention.end + 4]
    return bool(_UPDATED.search(_label_before(text, mention)[-8:]) or after.startswith("更新"))


def _header_like(page: PageText, mention: DateMention) -> bool:
    line_start, line_end = page.line_at(mention.start)
    return mention.precision == "time" or line_end - line_start <= _SHORT_LINE
