"""Helpers to make mirror folders in tests."""

from __future__ import annotations

import re
from pathlib import Path

from newsmirror.config import Mirror, open_mirror

SEED_ARTICLE_PAGE = "https://www.epochtimes.com/gb/22/1/10/n13495457.htm"
DEMO_CONFIG = Path(__file__).parent.parent / "src" / "newsmirror" / "demo" / "newsmirror.toml"


def make_mirror(folder: Path, toml: str) -> Mirror:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "newsmirror.toml").write_text(toml, encoding="utf-8")
    return open_mirror(folder)


# Test servers listen on 127.0.0.1, which the SSRF guard refuses unless allowed; the
# politeness delay and the retry backoff are cut so that the suite stays fast.
LOCAL_NETWORK = "allow_private = true\nhost_delay = 0\nretry_backoff = 0.01\n"


def demo_toml(network: str = "") -> str:
    """The demo's configuration behind a [network] table: :data:`LOCAL_NETWORK` and the
    ``network`` lines given."""
    return ("[network]\n" + LOCAL_NETWORK + network + "\n"
            + DEMO_CONFIG.read_text(encoding="utf-8"))


def snapshot(folder: Path) -> dict[str, tuple[int, bytes]]:
    """Every file under ``folder`` with its mtime (ns) and content."""
    return {str(p.relative_to(folder)): (p.stat().st_mtime_ns, p.read_bytes())
            for p in sorted(folder.rglob("*")) if p.is_file()}


_ARTICLE_PAGE = re.compile(r"^[0-9a-f]{16}\.md$")


def article_pages(folder: Path) -> list[Path]:
    """The articles' own pages under ``folder``: not indexes, their numbered pages, days
    or history pages."""
    return sorted(p for p in folder.rglob("*.md") if _ARTICLE_PAGE.match(p.name))
