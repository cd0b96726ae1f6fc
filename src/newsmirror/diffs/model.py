"""A diff between two texts as plain data: runs of equal, deleted and inserted text."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Op(StrEnum):
    """What a run of text did between the old and the new revision."""

    EQUAL = "equal"
    DELETE = "delete"
    INSERT = "insert"


@dataclass(frozen=True)
class Run:
    """A stretch of text kept, deleted from the old revision, or inserted in the new one."""

    op: Op
    text: str


@dataclass(frozen=True)
class TextDiff:
    """The runs, in reading order, that turn the old text into the new one."""

    runs: tuple[Run, ...]

    @property
    def changed(self) -> bool:
        return any(run.op is not Op.EQUAL for run in self.runs)

    @property
    def old(self) -> str:
        """The old text, rebuilt from the equal and deleted runs."""
        return "".join(run.text for run in self.runs if run.op is not Op.INSERT)

    @property
    def new(self) -> str:
        """The new text, rebuilt from the equal and inserted runs."""
        return "".join(run.text for run in self.runs if run.op is not Op.DELETE)

    def apply(self, old: str) -> str:
        """``old`` turned into the new text; refuses an ``old`` this diff was not made from."""
        pieces: list[str] = []
        position = 0
        for run in self.runs:
            if run.op is Op.INSERT:
                pieces.append(run.text)
                continue
            end = position + len(run.text)
            if old[position:end] != run.text:
                raise ValueError(f"the diff does not match the old text at {position}")
            if run.op is Op.EQUAL:
                pieces.append(run.text)
            position = end
        if position != len(old):
            raise ValueError("the diff ends before the old text does")
        return "".join(pieces)
