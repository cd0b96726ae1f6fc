"""The publish-date cascade on pages nobody tuned for (issue 15.1): printed forms in other
languages, dates only in a page's scripts, a UTC time whose local form the page also
writes, and no date invented from a year alone."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from newsmirror.dates import iso_local
from newsmirror.extract.document import extract_document

STORY = "".join(f"<p>Der Rat tagte heute erneut, und Satz Nummer {n} des Berichts sagt, "
                "was er über die Brücke beschlossen hat.</p>" for n in range(8))


def _page(head: str = "", header: str = "", footer: str = "") -> bytes:
    return (f"<html><head><title>Die Brücke</title>{head}</head><body>"
            "<div class='nav'><a href='/'>Start</a> <a href='/politik'>Politik</a></div>"
            f"<h1>Die Brücke</h1>{header}<article>{STORY}</article>"
            f"<footer>{footer}</footer></body></html>").encode()


@pytest.mark.parametrize(("header", "day"), [
    ('<p class="meta">Gespeichert am 24. Juli 2017</p>', "2017-07-24"),
    ('<p class="meta">jeudi 13 juin 2019</p>', "2019-06-13"),
    ('<p class="meta">10.11.2021</p>', "2021-11-10"),
    ('<script>var page = {"publishTime": "2021-03-05 10:20:00", "id": 5};</script>',
     "2021-03-05"),
])
def test_a_date_in_a_form_of_another_language_or_in_a_script_is_found(header: str,
                                                                       day: str) -> None:
    published = extract_document(_page(header=header), "https://example.org/a").published
    assert published is not None and published.date().isoformat() == day


@pytest.mark.parametrize("footer", ["© 2016 Beispiel GmbH", "Archiv: 2005-10",
                                    "Seit 2016 für Sie da"])
def test_a_year_or_a_month_alone_is_no_publish_date(footer: str) -> None:
    assert extract_document(_page(footer=footer), "https://example.org/a").published is None


def test_a_utc_time_takes_the_offset_of_the_same_moment_written_locally() -> None:
    head = '<meta property="article:published_time" content="2020-12-05T23:15:00Z">'
    script = "<script>var info = {publication_date: '2020-12-06 00:15'};</script>"
    published = extract_document(_page(head=head, header=script),
                                 "https://example.org/a").published
    assert published == datetime(2020, 12, 5, 23, 15, tzinfo=UTC)
    assert iso_local(published) == "2020-12-06T00:15:00+01:00"


def test_a_utc_time_keeps_utc_when_no_local_time_writes_the_same_moment() -> None:
    head = '<meta property="article:published_time" content="2020-12-05T23:15:00Z">'
    other = "<p class='meta'>Zuletzt gesehen 2020-12-06 09:40</p>"  # another moment
    published = extract_document(_page(head=head, header=other),
                                 "https://example.org/a").published
    assert iso_local(published) == "2020-12-05T23:15:00Z"


def test_a_time_the_metadata_declares_without_a_zone_is_read_in_the_sources_zone() -> None:
    head = '<meta property="article:published_time" content="2020-12-06 00:15">'
    script = "<script>var t = '2020-12-05 16:15';</script>"  # must not move a local time
    published = extract_document(_page(head=head, header=script),
                                 "https://example.org/a").published
    assert iso_local(published) == "2020-12-06T00:15:00Z"
