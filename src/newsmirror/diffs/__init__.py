"""Readable diffs between revisions: by segmented words for Chinese, by words elsewhere."""

from newsmirror.diffs.compute import diff_texts
from newsmirror.diffs.model import Op, Run, TextDiff
from newsmirror.diffs.paragraphs import Paragraph, changed_paragraphs, paragraphs

__all__ = ["Op", "Paragraph", "Run", "TextDiff", "changed_paragraphs", "diff_texts",
           "paragraphs"]
