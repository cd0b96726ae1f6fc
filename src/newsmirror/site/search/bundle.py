"""Whether a Pagefind bundle was written whole.

Pagefind answers that it has written an index before every file is on disk: its files
are written by background tasks, and when the process ends (we close its input once it
has answered) a task still under way leaves its file empty. At 100,000 articles, four of
55 parts had an empty file (the entry file, the WebAssembly, the script), and a page
that loads such a part finds no search at all. So a bundle is read back once its
process has ended: the entry file must name the language's metadata and every record
sent, each compressed file (metadata, WebAssembly, index chunks, fragments) must
decompress whole (gzip's length and CRC check a cut file), and the scripts must not be
empty. A bundle that fails is built again (``index._build``).
"""

from __future__ import annotations

import gzip
import json
import zlib
from pathlib import Path

_SCRIPTS = ("pagefind.js", "pagefind-worker.js")


def bundle_problem(folder: Path, language: str, records: int) -> str:
    """What is wrong with the bundle in ``folder`` ('' when it is whole)."""
    try:
        entry = json.loads((folder / "pagefind-entry.json").read_bytes())
        written = entry["languages"][language]
        meta = folder / f"pagefind.{written['hash']}.pf_meta"
    except (OSError, ValueError, KeyError, TypeError):
        return "its entry file is missing, cut or names no index of the language"
    if written.get("page_count") != records:
        return f"it holds {written.get('page_count')} pages of {records}"
    compressed = [meta, *folder.glob("wasm.*.pagefind"), *(folder / "index").glob("*"),
                  *(folder / "fragment").glob("*")]
    for path in compressed:
        try:
            whole = bool(gzip.decompress(path.read_bytes()))  # (b"" decompresses to b"")
        except (OSError, EOFError, zlib.error) as exc:
            return f"{path.relative_to(folder)} is cut or missing ({exc})"
        if not whole:
            return f"{path.relative_to(folder)} is empty"
    if not any(folder.glob("wasm.*.pagefind")):
        return "its WebAssembly is missing"
    for name in _SCRIPTS:
        if not (folder / name).is_file() or not (folder / name).stat().st_size:
            return f"{name} is empty or missing"
    return ""
