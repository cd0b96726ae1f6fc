"""``extract``: the article in local pages or at URLs, as JSON lines or for reading."""

from __future__ import annotations

import gzip
import json
import sys
from datetime import tzinfo
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any
from zoneinfo import ZoneInfoNotFoundError

import typer

from newsmirror.cli.application import DirOption, ExitCode, app, handles_errors, out, warn
from newsmirror.dates import iso_local, zone
from newsmirror.errors import FetchError, NewsmirrorError, NotAnArticleError
from newsmirror.urls import is_http_url

if TYPE_CHECKING:
    from newsmirror.config import Config
    from newsmirror.net import FetchResult


@app.command()
@handles_errors
def extract(
    inputs: Annotated[list[str], typer.Argument(
        help=".html or .html.gz files, or http(s) URLs.", metavar="PATH_OR_URL...")],
    url: Annotated[str, typer.Option(
        "--url", help="The address local files were fetched from (resolves their links "
        "and selects site rules; default: the page's own canonical link).")] = "",
    jsonl: Annotated[bool, typer.Option(
        "--jsonl", help="One JSON object per input and line: path, url, kind (article, or "
        "list for a page of links), title, author, published (ISO 8601, in the offset the "
        "page gives), lead_image, caption, html, text; or error.")] = False,
    timezone: Annotated[str, typer.Option(
        "--timezone", envvar="NEWSMIRROR_TIMEZONE", metavar="ZONE",
        help="Zone of dates that carry none, as a source's `timezone` (e.g. Asia/Shanghai; "
        "default: UTC).")] = "",
    directory: DirOption = Path(),
) -> None:
    """Extract the article from each input (network settings come from --dir's mirror)."""
    try:
        default_zone = zone(timezone)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise typer.BadParameter(f"unknown time zone {timezone!r}",
                                 param_hint="--timezone") from exc
    urls = [item for item in inputs if is_http_url(item)]
    pages = _fetch_urls(urls, directory) if urls else {}
    failures = 0
    for item in inputs:
        result = _extract_one(item, url, pages, default_zone)
        failures += "error" in result
        if jsonl:
            sys.stdout.write(json.dumps(result, ensure_ascii=False) + "\n")
            sys.stdout.flush()
        else:
            _print_readable(result)
    if failures:
        raise typer.Exit(int(ExitCode.FAILED if failures == len(inputs) else ExitCode.PARTIAL))


def _fetch_urls(urls: list[str], directory: Path) -> dict[str, FetchResult | FetchError]:
    """Fetch ``urls`` with the network settings of ``directory``'s mirror, if it is one.
    Imported here: local files need neither the configuration nor the event loop."""
    import asyncio

    from newsmirror.config import CONFIG_NAME, Config, open_mirror

    config = open_mirror(directory).config if (directory / CONFIG_NAME).is_file() else Config()
    return asyncio.run(_fetch_all(urls, config))


async def _fetch_all(urls: list[str], config: Config) -> dict[str, FetchResult | FetchError]:
    """Fetch every URL concurrently (bounded by the fetcher); a failure is kept, not raised."""
    import asyncio

    from newsmirror.net import HttpFetcher  # only when there are URLs to fetch

    fetcher = HttpFetcher(config.network)

    async def one(address: str) -> FetchResult | FetchError:
        try:
            return await fetcher.fetch(address, expect="page")
        except FetchError as exc:
            return exc

    try:
        results = await asyncio.gather(*(one(address) for address in urls))
    finally:
        await fetcher.aclose()
    return dict(zip(urls, results, strict=True))


def _extract_one(item: str, base_url: str, pages: dict[str, FetchResult | FetchError],
                 timezone: tzinfo) -> dict[str, Any]:
    from newsmirror.extract.document import extract_document  # trafilatura & co. load only here

    is_url = is_http_url(item)
    record: dict[str, Any] = {"path": None if is_url else item, "url": item if is_url else
                              (base_url or Path(item).resolve().as_uri())}
    try:
        if is_url:
            page = pages[item]
            if isinstance(page, FetchError):
                raise page
            body, content_type, record["url"] = page.body, page.content_type, page.final_url
        else:
            body, content_type = _read_local(Path(item)), ""
        article = extract_document(body, record["url"], content_type, timezone=timezone)
    except NotAnArticleError as exc:
        record.update(kind=exc.kind, error=str(exc))
        return record
    except NewsmirrorError as exc:
        record["error"] = str(exc)
        return record
    except OSError as exc:
        record["error"] = f"cannot read {item}: {exc.strerror or exc}"
        return record
    record.update(kind="article", url=article.url, title=article.title, author=article.author,
                  published=iso_local(article.published), lead_image=article.lead_image,
                  caption=article.caption, html=article.html, text=article.text)
    return record


def _read_local(path: Path) -> bytes:
    data = path.read_bytes()
    if path.suffix == ".gz" or data[:2] == b"\x1f\x8b":
        data = gzip.decompress(data)
    return data


def _print_readable(result: dict[str, Any]) -> None:
    source = result["path"] or result["url"]
    if "error" in result:
        warn(source, result["error"])
        return
    out.rule(result["title"] or "(no title)")
    for key in ("url", "author", "published", "lead_image", "caption"):
        if result.get(key):
            out.print(f"{key}: {result[key]}")
    out.print()
    out.print(result["text"])
    out.print()
