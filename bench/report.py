"""Sections of docs/benchmarks.md: each benchmark writes its own, the page joins them."""

from __future__ import annotations

import json
import os
import platform
import subprocess
import sys
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import Any

from bench.corpora import ROOT

RESULTS = ROOT / "bench" / "results"
DOC = ROOT / "docs" / "benchmarks.md"
ORDER = ("extraction", "metadata", "portals", "allpages", "feeds", "fetch", "archive",
         "site", "search", "stories", "stories_scale", "soak")


@dataclass
class Section:
    """One benchmark's part of the page, and its figures for machines."""

    name: str
    title: str
    command: str
    lines: list[str] = field(default_factory=list)
    figures: dict[str, Any] = field(default_factory=dict)

    def add(self, *lines: str) -> None:
        self.lines.extend(lines)

    def table(self, header: list[str], rows: list[list[Any]]) -> None:
        self.add("| " + " | ".join(header) + " |",
                 "|" + "|".join("---" if i == 0 else "---:" for i in range(len(header))) + "|")
        for row in rows:
            self.add("| " + " | ".join(_cell(value) for value in row) + " |")
        self.add("")

    def save(self) -> None:
        RESULTS.mkdir(parents=True, exist_ok=True)
        stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
        text = "\n".join([f"## {self.title}", "",
                          f"Measured {stamp} with `{self.command}`, newsmirror at "
                          f"commit {commit()}.", "", *self.lines])
        (RESULTS / f"{self.name}.md").write_text(text.rstrip() + "\n", encoding="utf-8")
        (RESULTS / f"{self.name}.json").write_text(
            json.dumps(self.figures, indent=2, ensure_ascii=False), encoding="utf-8")


def _cell(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:.3f}" if value < 10 else f"{value:,.1f}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def versions(*packages: str) -> str:
    found = []
    for package in packages:
        try:
            found.append(f"{package} {metadata.version(package)}")
        except metadata.PackageNotFoundError:
            found.append(f"{package} (not installed)")
    return ", ".join(found)


def machine() -> list[str]:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = ""
    try:
        kib = int(Path("/proc/meminfo").read_text().split()[1])
        memory = f", {kib / 1024 / 1024:.0f} GiB RAM"
    except (OSError, ValueError, IndexError):
        pass
    return [
        f"- Machine: {cpu}, {os.cpu_count()} cores{memory}; {platform.system()} "
        f"{platform.release()}",
        f"- Python {sys.version.split()[0]}; page written at commit {commit()}",
    ]


def commit() -> str:
    """The checked-out commit, marked when the working tree differs from it."""
    def git(*arguments: str) -> str:
        return subprocess.run(["git", *arguments], cwd=ROOT, capture_output=True, text=True,
                              check=False).stdout.strip()
    head = git("rev-parse", "--short", "HEAD") or "unknown"
    # The page itself is left out: one section written makes it differ for the next.
    changed = git("status", "--porcelain", "--untracked-files=no", "--", ".",
                  f":!{DOC.relative_to(ROOT)}")
    return head + (" with uncommitted changes" if changed else "")


def write_page() -> Path:
    """Join every saved section into docs/benchmarks.md."""
    sections = sorted(RESULTS.glob("*.md"), key=lambda p: (
        ORDER.index(p.stem) if p.stem in ORDER else len(ORDER), p.stem))
    parts = ["# Benchmarks", "",
             "Written by `make bench` (`python -m bench`); each section says when it was "
             "measured and the exact command. Corpora: `../shared/corpora` "
             "(or `$NEWSMIRROR_CORPORA`); a benchmark whose data is absent is skipped.", "",
             *machine(), ""]
    parts.extend(path.read_text(encoding="utf-8") for path in sections)
    DOC.parent.mkdir(parents=True, exist_ok=True)
    DOC.write_text("\n".join(parts), encoding="utf-8")
    return DOC
