"""A diff cut into paragraphs, so that a page or a terminal can show the changed ones
and skip the rest: an article edited in one sentence should not be reprinted whole."""

from __future__ import annotations

from dataclasses import dataclass

from newsmirror.diffs.model import Op, Run, TextDiff


@dataclass(frozen=True)
class Paragraph:
    """One paragraph's runs (no newline inside any of them)."""

    runs: tuple[Run, ...]

    @property
    def changed(self) -> bool:
        return any(run.op is not Op.EQUAL for run in self.runs)


def paragraphs(diff: TextDiff) -> list[Paragraph]:
    """The diff's runs, cut at line breaks; blank paragraphs are left out."""
    cut: list[list[Run]] = [[]]
    for run in diff.runs:
        for index, line in enumerate(run.text.split("\n")):
            if index:
                cut.append([])
            if line:
                cut[-1].append(Run(run.op, line))
    return [Paragraph(tuple(runs)) for runs in cut
            if "".join(run.text for run in runs).strip()]


def changed_paragraphs(diff: TextDiff) -> list[Paragraph | None]:
    """The changed paragraphs in order, with ``None`` where unchanged ones were skipped."""
    shown: list[Paragraph | None] = []
    for paragraph in paragraphs(diff):
        if paragraph.changed:
            shown.append(paragraph)
        elif not shown or shown[-1] is not None:
            shown.append(None)
    return shown
