"""Where each published file goes, and the guard that keeps every path in the output folder."""

from __future__ import annotations

import posixpath
import re
from datetime import date, datetime
from pathlib import Path, PurePosixPath
from typing import Protocol

_SEGMENT = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
_SHA256 = re.compile(r"^[0-9a-f]{64}$")
_EXTENSION = re.compile(r"^[a-z0-9]{1,8}$")


class UnsafePathError(ValueError):
    """A computed path would leave the output folder."""


class Placed(Protocol):
    """What an article's place in the mirror is made of (a stored or a listed article)."""

    @property
    def id(self) -> str: ...
    @property
    def source(self) -> str: ...
    @property
    def path_date(self) -> datetime: ...


def article_path(article: Placed) -> PurePosixPath:
    """``{source}/{yyyy}/{mm}/{dd}/{id}.md``: a folder per day keeps every folder small
    enough for git hosts to list, and the date never changes once assigned."""
    day = article.path_date
    return checked(PurePosixPath(article.source, f"{day.year:04d}", f"{day.month:02d}",
                                 f"{day.day:02d}", f"{article.id}.md"))


def history_path(article: Placed) -> PurePosixPath:
    """``{id}.history.md`` beside the article's page."""
    return checked(article_path(article).with_name(f"{article.id}.history.md"))


def source_index_path(source: str) -> PurePosixPath:
    return checked(PurePosixPath(source, "README.md"))


def source_page_path(source: str, number: int) -> PurePosixPath:
    """Page ``number`` of the source's index, counted from the oldest (``pagination``)."""
    return checked(PurePosixPath(source, "pages", f"{number}.md"))


def day_index_path(day: date) -> PurePosixPath:
    """The articles published on ``day``, every source's: the newest."""
    return checked(PurePosixPath("days", day.isoformat(), "README.md"))


def day_page_path(day: date, number: int) -> PurePosixPath:
    return checked(PurePosixPath("days", day.isoformat(), f"{number}.md"))


STORIES = "stories"  # the folder of the story pages, in the markdown mirror and the site


def story_path(story: str) -> PurePosixPath:
    """``stories/{id}.md``: a story's articles, outlet by outlet (``stories`` is a name
    no source may take: ``site.paths.RESERVED``)."""
    return checked(PurePosixPath(STORIES, f"{story}.md"))


HOME_PATH = PurePosixPath("README.md")
DAYS_PATH = PurePosixPath("days", "README.md")


def media_path(sha256: str, extension: str) -> PurePosixPath:
    """``media/{sha[:2]}/{sha}.{ext}``: a local image copy, named by its bytes' SHA-256 and
    an extension from its sniffed format, never from its URL; one file however many URLs
    serve the same bytes, and 256 folders keep each listing small."""
    if not _SHA256.match(sha256) or not _EXTENSION.match(extension):
        raise UnsafePathError(f"unsafe media name {sha256!r}.{extension!r}")
    return checked(PurePosixPath("media", sha256[:2], f"{sha256}.{extension}"))


def checked(relative: PurePosixPath) -> PurePosixPath:
    """Refuse absolute paths and any segment that is not a plain name."""
    if relative.is_absolute() or not relative.parts:
        raise UnsafePathError(f"unsafe output path {relative}")
    for part in relative.parts:
        if not _SEGMENT.match(part) or part in (".", ".."):
            raise UnsafePathError(f"unsafe output path {relative}")
    return relative


def resolve_inside(root: Path, relative: PurePosixPath) -> Path:
    """``root / relative``, guaranteed (after resolving links) to be inside ``root``."""
    target = (root / checked(relative)).resolve()
    if not target.is_relative_to(root.resolve()):
        raise UnsafePathError(f"{relative} resolves outside {root}")
    return target


class Inside:
    """:func:`resolve_inside` for many files of one output folder: each folder is
    resolved once (a link among its parts could lead out), and a file, whose name is a
    plain one, is written by a rename in its folder, which replaces a link in that folder
    rather than follow it."""

    def __init__(self, root: Path) -> None:
        self.root = root.resolve()
        self._folders: dict[PurePosixPath, Path] = {}

    def __call__(self, relative: PurePosixPath) -> Path:
        parent = checked(relative).parent
        folder = self._folders.get(parent)
        if folder is None:
            folder = (self.root / parent).resolve()
            if not folder.is_relative_to(self.root):
                raise UnsafePathError(f"{relative} resolves outside {self.root}")
            self._folders[parent] = folder
        return folder / relative.name


def up_to_root(page: PurePosixPath) -> str:
    """The relative path from ``page``'s folder to the output folder: ``../../../..``."""
    depth = len(page.parts) - 1
    return "/".join([".."] * depth) if depth else "."


def link(from_page: PurePosixPath, to_page: PurePosixPath) -> str:
    """A relative link from one published page to another."""
    return posixpath.relpath(str(to_page), str(from_page.parent) or ".")
