"""Text: what several stages share about (Chinese) text — bytes decoded to text
(``encoding``), text cut into the words a reader sees (``words``; Chinese by jieba), and
the dates a text mentions (``datetext``). Diffs use them now; search and story grouping
will."""
