"""What an edited article's history page shows: each revision with its time, the
readable diff from the one before, and its full text.

The diff is third-party text: every run is HTML-escaped (and its markdown punctuation
neutralised) before it is wrapped in ``<del>``/``<ins>``, so an article can never inject
markup. Paragraphs are one ``<p>`` line each with no blank line between them, so that
markdown renderers keep the whole block as HTML.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from typing import Any

from markupsafe import Markup

from newsmirror.diffs import Op, Run, TextDiff, changed_paragraphs, diff_texts
from newsmirror.publish.display import Display
from newsmirror.publish.render import escape_markdown
from newsmirror.store.history import Revision

_TAGS = {Op.EQUAL: ("", ""), Op.DELETE: ("<del>", "</del>"), Op.INSERT: ("<ins>", "</ins>")}


def diff_html(diff: TextDiff) -> Markup:
    """The changed paragraphs as ``<p>`` lines, ``<p>…</p>`` where unchanged ones are
    skipped."""
    lines: list[str] = []
    for paragraph in changed_paragraphs(diff):
        if paragraph is None:
            lines.append("<p>…</p>")
            continue
        lines.append(f"<p>{inline_diff_html(paragraph.runs)}</p>")
    return Markup("\n".join(lines))  # noqa: S704 - the pieces are escaped by inline_diff_html


def inline_diff_html(runs: Iterable[Run]) -> Markup:
    """Runs as one line of HTML (a title, a paragraph), each run's text escaped."""
    parts = [f"{_TAGS[run.op][0]}{escape_markdown(run.text)}{_TAGS[run.op][1]}"
             for run in runs]
    # Safe: every piece of text was escaped above; the tags are our own.
    return Markup("".join(parts))  # noqa: S704


def shown_time(moment: datetime) -> str:
    """``2022-01-11 03:00 UTC``: what the pages print for a revision's time."""
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")


def body_markup(html: str, display: Display) -> Markup:
    """An article's HTML, sanitized by the clean stage before it was stored, as markup
    for the templates, shown as ``display`` says (inert links, images)."""
    return Markup(display.body(html))  # noqa: S704 - sanitized before it was stored


def revisions_context(revisions: Sequence[Revision], display: Display
                      ) -> list[dict[str, Any]]:
    """Each revision as the history template sees it, oldest first; ``diff`` and
    ``title_diff`` are ``None`` where there is nothing before or nothing changed;
    ``display`` shows each body as the page shows its article's."""
    shown: list[dict[str, Any]] = []
    previous: Revision | None = None
    for revision in revisions:
        title_diff = text_diff = None
        if previous is not None:
            if previous.title != revision.title:
                title_diff = inline_diff_html(diff_texts(previous.title, revision.title).runs)
            changes = diff_texts(previous.text, revision.text)
            text_diff = diff_html(changes) if changes.changed else None
        shown.append({
            "number": revision.number,
            "fetched_at": shown_time(revision.fetched_at),
            "title": revision.title,
            "title_diff": title_diff,
            "diff": text_diff,
            "html": body_markup(revision.html, display),
        })
        previous = revision
    return shown
