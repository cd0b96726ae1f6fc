"""A diff for the terminal (rich): deletions red and struck through, insertions green.

Where colour cannot show (a pipe, a file, NO_COLOR) the runs are also marked in the
form of ``git diff --word-diff=plain``: ``[-deleted-]{+inserted+}``.
"""

from __future__ import annotations

from rich.text import Text

from newsmirror.diffs.model import Op, TextDiff
from newsmirror.diffs.paragraphs import changed_paragraphs

STYLES = {Op.EQUAL: "", Op.DELETE: "red strike", Op.INSERT: "green"}
MARKERS = {Op.EQUAL: ("", ""), Op.DELETE: ("[-", "-]"), Op.INSERT: ("{+", "+}")}


def diff_text(diff: TextDiff, *, marked: bool = False) -> Text:
    """The changed paragraphs, one per line, ``…`` where unchanged ones are skipped.
    A :class:`~rich.text.Text` never reads markup from its content: third-party text
    such as ``[bold]`` is shown as written."""
    shown = Text()
    for index, paragraph in enumerate(changed_paragraphs(diff)):
        if index:
            shown.append("\n")
        if paragraph is None:
            shown.append("…", style="dim")
            continue
        for run in paragraph.runs:
            before, after = MARKERS[run.op] if marked else ("", "")
            shown.append(f"{before}{run.text}{after}", style=STYLES[run.op])
    return shown
