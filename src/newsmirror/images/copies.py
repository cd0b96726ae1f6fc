"""The ``local`` image policy's step of a run: copy the images the archive shows.

After a run has archived its articles, every image that the new revisions of a source
with images = "local" show — in the body or as the lead image — is fetched once, through
the run's fetcher (its SSRF guard, politeness, retries and capture), refused unless its
bytes are a JPEG, PNG, GIF, WebP or AVIF image within ``[mirror] max_image_bytes``, and
written to ``<output>/media/<sha[:2]>/<sha>.<ext>``; the store records URL → SHA-256, or
why there is no copy. Publishing then points the pages to the copies.

A URL never chooses a path: the name is the SHA-256 of the bytes, the extension that of
their sniffed format. A failed image costs that image only — its page keeps the original
URL — and is tried again on later runs unless the failure is final (a 4xx, a body that is
no image or is too big). The stored articles keep the original URLs, so the archive, its
export and ``reprocess`` do not depend on the policy. Replaying captures copies nothing:
``reprocess`` uses the copies made already and never reaches the network.
"""

from __future__ import annotations

import asyncio
import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from newsmirror.clean.images import image_sources
from newsmirror.config import Source
from newsmirror.dates import now
from newsmirror.errors import FetchError, RefusedError, describe
from newsmirror.files import write_atomic
from newsmirror.images.types import sniff_image
from newsmirror.net import BodyLimit, Fetcher
from newsmirror.publish.paths import media_path, resolve_inside
from newsmirror.store import Archive, ImageCopy, RevisionImages
from newsmirror.urls import is_http_url

MAX_ATTEMPTS = 5  # tries, one per run, of an image whose failure may pass
_RETRIED_STATUSES = frozenset({408, 425, 429})  # 4xx answers that may change


@dataclass
class ImageReport:
    """What copying images did in one run."""

    copied: int = 0
    failed: int = 0
    errors: list[str] = field(default_factory=list)


class ImageCopier:
    """Copies the images of ``local`` sources into ``output``, once each."""

    def __init__(self, fetcher: Fetcher, store: Archive, output: Path, max_bytes: int) -> None:
        self.fetcher = fetcher
        self.store = store
        self.archive = store.images
        self.changes = store.changes
        self.output = output
        self.limit = BodyLimit(max_bytes, "mirror.max_image_bytes")

    async def copy(self, sources: Sequence[Source]) -> ImageReport:
        """Copy the images of ``sources``' revisions archived since the last copy, and
        try again those whose failure may have passed."""
        report = ImageReport()
        local = {source.name: source for source in sources if source.images == "local"}
        if not local:
            return report
        wanted: dict[str, Source] = {}
        scanned: list[str] = []
        latest = self.changes.latest()
        for source in local.values():
            consumer = f"images:{source.name}"  # its own cursor: a source made local
            if self.changes.cursor(consumer) >= latest:  # later starts from the start
                continue  # nothing archived since the last scan: nothing to write either
            for batch in self.changes.pending(consumer, source=source.name):
                uses = _shown(self.archive.revision_images(batch))
                self.archive.record_uses(uses)
                for url in self.archive.unknown(dict.fromkeys(url for url, _ in uses)):
                    wanted.setdefault(url, source)
            scanned.append(consumer)
        for url, name in self.archive.to_retry().items():
            if name in local:
                wanted.setdefault(url, local[name])
        await asyncio.gather(*(self._one(url, source, report) for url, source in wanted.items()))
        for consumer in scanned:  # only now: a killed run looks at them again
            self.changes.advance(consumer, latest)
        return report

    async def _one(self, url: str, source: Source, report: ImageReport) -> None:
        try:
            fetched = await self.fetcher.fetch(url, expect="image", proxy=source.proxy or None,
                                               robots=source.robots, limit=self.limit)
            kind = sniff_image(fetched.body)
            if kind is None:  # the fetcher refuses these; a copy is never trusted blindly
                raise RefusedError("the body is no JPEG, PNG, GIF, WebP or AVIF image")
            copy = ImageCopy(sha256=hashlib.sha256(fetched.body).hexdigest(),
                             media_type=kind.media_type, extension=kind.extension,
                             bytes=len(fetched.body))
            target = resolve_inside(self.output, media_path(copy.sha256, copy.extension))
            if not target.is_file():  # named by its bytes: an existing file holds them
                await asyncio.to_thread(write_atomic, target, fetched.body)
        except Exception as exc:  # one image's failure, whatever it is, costs only it
            message = describe(exc)
            report.failed += 1
            report.errors.append(f"{url}: {message}")
            self.archive.record_failure(url, source.name, message, now(), final=_final(exc),
                                        max_attempts=MAX_ATTEMPTS)
            self.store.log_fetch(source.name, url, "image", now(), ok=False,
                                 http_status=_status(exc), message=message)
            return
        self.archive.record_copy(url, source.name, copy, fetched.fetched_at)
        self.store.log_fetch(source.name, url, "image", fetched.fetched_at, ok=True,
                             http_status=fetched.status)
        report.copied += 1


def _shown(revisions: Iterable[RevisionImages]) -> list[tuple[str, str]]:
    """Every http(s) image the revisions show, body and lead image, with the article
    that shows it; each pair once, in order."""
    uses: dict[tuple[str, str], None] = {}
    for revision in revisions:
        for url in (*image_sources(revision.html), revision.lead_image):
            if url and is_http_url(url):
                uses.setdefault((url, revision.article_id))
    return list(uses)


def _final(exc: Exception) -> bool:
    """Would asking again get the same answer? A refusal or a 4xx, but for the few 4xx
    that say "later": yes. A timeout, a 5xx, a full disk: no."""
    if isinstance(exc, RefusedError):
        return True
    status = _status(exc)
    return status is not None and 400 <= status < 500 and status not in _RETRIED_STATUSES


def _status(exc: Exception) -> int | None:
    return exc.status if isinstance(exc, FetchError) else None
