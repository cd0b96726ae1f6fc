"""Search: the archive's full-text index, a consumer of the change feed.

Chinese is written without spaces, and the words that matter are often one or two
characters (俄, 北约), which SQLite's tokenizers miss: unicode61 takes a whole run of Han
as one token, trigram cannot match fewer than three characters. So the index is made of
our own tokens (``tokens``), over text folded with OpenCC (``text.fold``): every
character, and every pair of neighbouring characters, so that any one- or two-character
query is one token and a longer one a phrase of pairs — an exact match of the characters,
whatever a segmenter would have made of them. The query language (``query``) is compiled
to FTS5 with every token quoted, so no query is an FTS5 syntax error.
"""
