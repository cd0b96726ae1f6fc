"""The search query language, parsed by us and compiled to FTS5, so that whatever a
reader types gives a clear message or a valid FTS5 expression — never FTS5's own syntax
error.

    北约 峰会          both words (AND is implied; `AND` may be written)
    北约 OR 北約        either
    北约 -俄罗斯        the first, not the second (or: NOT 俄罗斯)
    "日内瓦 会谈"       the characters and words in this order
    (美国 OR 美國) 俄   groups
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from newsmirror.errors import NewsmirrorError
from newsmirror.search.tokens import phrase_match, runs, word_match

_LEXEME = re.compile(r'\s*(?:(?P<quote>"[^"]*"?)|(?P<open>\()|(?P<close>\))|(?P<word>[^\s()"]+))')


class QueryError(NewsmirrorError):
    """A query that cannot be read, with what is wrong with it."""


@dataclass(frozen=True)
class Query:
    """A parsed query: its FTS5 expression, and the words and phrases to highlight."""

    expression: str
    highlights: tuple[str, ...]  # folded runs of the positive words, longest first


def parse_query(text: str) -> Query:
    lexemes = _lexemes(text)
    parser = _Parser(lexemes, alone=sum(kind in ("word", "phrase") for kind, _ in lexemes) == 1)
    expression = parser.expression()
    if parser.position < len(parser.lexemes):
        raise QueryError(f"unexpected {parser.lexemes[parser.position][1]!r}: a ')' without "
                         "its '('?")
    highlights = sorted({run for word in parser.positive for run, _ in runs(word)},
                        key=lambda run: (-len(run), run))
    return Query(expression, tuple(highlights))


def _lexemes(text: str) -> list[tuple[str, str]]:
    lexemes: list[tuple[str, str]] = []
    position = 0
    text = text.strip()
    while position < len(text):
        match = _LEXEME.match(text, position)
        if match is None or match.end() == position:
            break
        position = match.end()
        kind = match.lastgroup or "word"
        value = match.group(kind)
        if kind == "quote":
            if len(value) < 2 or not value.endswith('"'):
                raise QueryError('a quoted phrase is not closed: add the closing "')
            lexemes.append(("phrase", value[1:-1]))
        elif kind == "word" and value in ("AND", "OR", "NOT"):
            lexemes.append((value, value))
        else:
            lexemes.append((kind, value))
    if not lexemes:
        raise QueryError("an empty query: give a word to look for")
    return lexemes


class _Parser:
    """or := and ('OR' and)*; and := unary (['AND'] unary)*; unary := ('NOT'|'-') atom
    | atom; atom := '(' or ')' | phrase | word."""

    def __init__(self, lexemes: list[tuple[str, str]], alone: bool) -> None:
        self.lexemes = lexemes
        self.alone = alone
        self.position = 0
        self.positive: list[str] = []
        self._negated = 0

    def _peek(self) -> str | None:
        return self.lexemes[self.position][0] if self.position < len(self.lexemes) else None

    def expression(self) -> str:
        parts = [self._all()]
        while self._peek() == "OR":
            self.position += 1
            if self._peek() in (None, "OR", "close", "AND"):
                raise QueryError("OR needs a word on each side")
            parts.append(self._all())
        return parts[0] if len(parts) == 1 else "(" + " OR ".join(parts) + ")"

    def _all(self) -> str:
        wanted: list[str] = []
        unwanted: list[str] = []
        while self._peek() not in (None, "OR", "close"):
            if self._peek() == "AND":
                self.position += 1
                continue
            negative = self._peek() == "NOT"
            if negative:
                self.position += 1
            term, negative = self._unary(negative)
            if term:
                (unwanted if negative else wanted).append(term)
        if not wanted:
            if unwanted:
                raise QueryError("a query needs a word to look for, not only words to leave "
                                 "out (NOT, -)")
            raise QueryError("nothing to look for here: give a word, not only operators "
                             "or punctuation")
        found = wanted[0] if len(wanted) == 1 else "(" + " AND ".join(wanted) + ")"
        if unwanted:
            return f"({found} NOT ({' OR '.join(unwanted)}))"
        return found

    def _unary(self, negative: bool) -> tuple[str, bool]:
        kind = self._peek()
        if kind is None:
            raise QueryError("NOT needs a word after it")
        _, value = self.lexemes[self.position]
        if kind == "word" and value.startswith("-") and len(value) > 1:
            self.lexemes[self.position] = ("word", value[1:])
            return self._unary(not negative)
        self.position += 1
        if kind == "open":
            self._negated += negative
            inner = self.expression()
            self._negated -= negative
            if self._peek() != "close":
                raise QueryError("a '(' is not closed: add the ')'")
            self.position += 1
            return inner, negative
        if kind in ("close", "OR", "AND", "NOT"):
            raise QueryError(f"{value!r} cannot stand here")
        if not negative and not self._negated:
            self.positive.append(value)
        match = phrase_match(value) if kind == "phrase" else word_match(value, self.alone)
        return match, negative
