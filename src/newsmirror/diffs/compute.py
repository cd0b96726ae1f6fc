"""Word-level diff of two revisions' plain text.

Paragraphs are matched first, and only the paragraphs that changed are compared word by
word (the words of :mod:`newsmirror.text.words`): an edit is usually local, words never
pair up across unrelated paragraphs, and long articles stay fast. Within a changed
stretch, difflib's matcher runs after the common beginning and end are set aside. A space
or a single mark left equal between two changes is folded into them, so a rewritten
phrase reads as one deletion and one insertion instead of confetti.
"""

from __future__ import annotations

from dataclasses import dataclass
from difflib import SequenceMatcher

from newsmirror.diffs.model import Op, Run, TextDiff
from newsmirror.text.words import words

# Word pairs beyond which a changed stretch is shown as deleted and inserted whole: the
# matcher's time grows with their product, and a stretch this large that changed is a
# rewrite, not an edit (third-party text must not make publishing slow).
MAX_WORD_PAIRS = 4_000_000


@dataclass
class _Piece:
    old: str
    new: str
    equal: bool


def diff_texts(old: str, new: str) -> TextDiff:
    """The runs that turn ``old`` into ``new``, word by word."""
    before, after = old.splitlines(keepends=True), new.splitlines(keepends=True)
    pieces: list[_Piece] = []
    matcher = SequenceMatcher(None, before, after, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        old_part, new_part = "".join(before[i1:i2]), "".join(after[j1:j2])
        if tag == "equal":
            pieces.append(_Piece(old_part, new_part, True))
        else:
            pieces.extend(_word_pieces(old_part, new_part))
    return TextDiff(_runs(_fold(pieces)))


def _word_pieces(old: str, new: str) -> list[_Piece]:
    before, after = words(old), words(new)
    head = _common_head(before, after)
    tail = _common_head(before[head:][::-1], after[head:][::-1])
    middle_before, middle_after = before[head:len(before) - tail], after[head:len(after) - tail]
    pieces = [_Piece("".join(before[:head]), "".join(after[:head]), True)]
    if len(middle_before) * len(middle_after) > MAX_WORD_PAIRS:
        pieces.append(_Piece("".join(middle_before), "".join(middle_after), False))
    else:
        matcher = SequenceMatcher(None, middle_before, middle_after, autojunk=False)
        for tag, i1, i2, j1, j2 in matcher.get_opcodes():
            pieces.append(_Piece("".join(middle_before[i1:i2]),
                                 "".join(middle_after[j1:j2]), tag == "equal"))
    pieces.append(_Piece("".join(before[len(before) - tail:]),
                         "".join(after[len(after) - tail:]), True))
    return pieces


def _common_head(first: list[str], second: list[str]) -> int:
    count = 0
    for left, right in zip(first, second, strict=False):
        if left != right:
            break
        count += 1
    return count


def _fold(pieces: list[_Piece]) -> list[_Piece]:
    """Join changes separated only by a space or one mark, and neighbours of one kind."""
    kept = [piece for piece in pieces if piece.old or piece.new]
    folded: list[_Piece] = []
    for index, piece in enumerate(kept):
        between_changes = (0 < index < len(kept) - 1 and not kept[index - 1].equal
                           and not kept[index + 1].equal)
        if piece.equal and between_changes and len(piece.old.strip()) <= 1:
            piece = _Piece(piece.old, piece.new, False)
        if folded and folded[-1].equal == piece.equal:
            folded[-1].old += piece.old
            folded[-1].new += piece.new
        else:
            folded.append(_Piece(piece.old, piece.new, piece.equal))
    return folded


def _runs(pieces: list[_Piece]) -> tuple[Run, ...]:
    runs: list[Run] = []
    for piece in pieces:
        if piece.equal:
            runs.append(Run(Op.EQUAL, piece.old))
            continue
        if piece.old:
            runs.append(Run(Op.DELETE, piece.old))
        if piece.new:
            runs.append(Run(Op.INSERT, piece.new))
    return tuple(runs)
