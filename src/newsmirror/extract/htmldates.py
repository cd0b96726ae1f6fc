"""The last step of the publish-date cascade: htmldate, the field's maintained library.

It runs only when the page declares no date and prints none where ``pagedates`` looks
(beside the headline, labelled, in the address): there it knows more forms and more
languages than we do ("Gespeichert am 24. Juli 2017", "jeudi 13 juin 2019", dates in a
page's scripts), in its extensive mode. """

from __future__ import annotations

import logging
import re
from datetime import datetime, tzinfo

from newsmirror.dates import plausible

# htmldate logs each date it rejects; a page without one is no event for a mirror.
logging.getLogger("htmldate").setLevel(logging.CRITICAL)


def htmldate_date(html: str, url: str, timezone: tzinfo) -> datetime | None:
    """The page's original publish date as htmldate finds it in ``html``, at midnight in
    ``timezone`` (it gives a day, not a time); ``None`` when it finds none. It parses the
    page itself: the tree the other steps read has lost what body extraction took out."""
    from htmldate import find_date  # only for the few pages that reach this last step

    try:
        found = find_date(html, extensive_search=True, original_date=True, url=url or None)
    except (ValueError, TypeError, OverflowError):  # a page it cannot read is no date
        return None
    if not found:
        return None
    try:
        day = datetime.strptime(found, "%Y-%m-%d")
    except ValueError:
        return None
    if day.day == 1 and not _first_of_month_written(html, day):
        return None  # a year or a month alone ("© 2016", "2005-10"), given as its first day
    return plausible(day, timezone)


def _first_of_month_written(html: str, day: datetime) -> bool:
    """Whether the page writes the first of ``day``'s month as a whole date: htmldate
    gives a month or a year it found alone as the month's (or January's) first day."""
    year, month = day.year, day.month
    pattern = (rf"{year}\s*[-/.年]\s*0?{month}\s*[-/.月]\s*0?1(?!\d)"
               rf"|(?<!\d)0?1\s*[-/.]\s*0?{month}\s*[-/.]\s*{year}"
               rf"|(?<!\d)0?{month}\s*/\s*0?1\s*/\s*{year}"
               rf"|(?<![\d.])1(?:st|er|\.)?\s+(?:de\s+)?[^\W\d]+\.?,?\s+(?:de\s+)?{year}"
               rf"|[^\W\d]+\.?\s+1(?:st)?,?\s+{year}")
    return re.search(pattern, html, re.IGNORECASE) is not None
