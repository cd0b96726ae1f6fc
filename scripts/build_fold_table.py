"""Regenerate ``src/newsmirror/text/fold.json``: the character table that the
search index and the search page both fold Chinese text with, so that 北約 finds 北约.

Made from OpenCC's conversions of each character alone (``t2s``, else ``tw2s``, else
``hk2s``: a Taiwan or Hong Kong form too), plus full-width letters and digits and the CJK
compatibility ideographs (NFKC). Character by character, not by phrase: the page must do
exactly what the index did, and a browser has no phrase dictionary. Every target is a
fixed point, so folding twice is folding once. Run with the dev dependencies installed:
``python scripts/build_fold_table.py``; a test checks the shipped table is this output.
"""

from __future__ import annotations

import json
import sys
import unicodedata
from importlib import metadata
from pathlib import Path

TABLE = Path(__file__).resolve().parent.parent / "src/newsmirror/text/fold.json"
HAN = ((0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF), (0x20000, 0x3134F))
COMPATIBILITY = ((0xF900, 0xFAFF), (0x2F800, 0x2FA1F))


def table() -> dict[str, str]:
    import opencc

    converters = [opencc.OpenCC(name) for name in ("t2s", "tw2s", "hk2s")]
    folded: dict[str, str] = {}
    for low, high in HAN:
        for point in range(low, high + 1):
            char = chr(point)
            for converter in converters:
                target = converter.convert(char)
                if target != char and len(target) == 1:
                    folded[char] = target
                    break
    for low, high in COMPATIBILITY:
        for point in range(low, high + 1):
            char = chr(point)
            target = unicodedata.normalize("NFKC", char)
            if target != char and len(target) == 1:
                folded.setdefault(char, target)
    for point in range(0xFF01, 0xFF5F):  # full-width letters and digits: ＮＡＴＯ, ２０２４
        if chr(point - 0xFEE0).isalnum():  # (not punctuation: excerpts show it as it was)
            folded[chr(point)] = chr(point - 0xFEE0)
    folded["\u3000"] = " "  # the ideographic space
    return {char: _settled(folded, char) for char in folded if _settled(folded, char) != char}


def _settled(folded: dict[str, str], char: str) -> str:
    seen = {char}
    while (char := folded.get(char, char)) not in seen:
        seen.add(char)
    return char


def main() -> int:
    found = table()
    keys = sorted(found)
    data = {"made_by": f"scripts/build_fold_table.py, OpenCC {metadata.version('opencc')}",
            "from": "".join(keys), "to": "".join(found[key] for key in keys)}
    text = json.dumps(data, ensure_ascii=False, indent=0) + "\n"
    if "--check" in sys.argv:
        return 0 if TABLE.read_text(encoding="utf-8") == text else 1
    TABLE.write_text(text, encoding="utf-8")
    print(f"{TABLE}: {len(keys)} characters")
    return 0


if __name__ == "__main__":
    sys.exit(main())
