"""Stories: the coverage of one event across outlets, grouped as articles come.

``features`` (what an article is about: title and lead terms, names, a MinHash
signature of its text, its day), ``minhash`` (signatures and LSH bands), ``grouping``
(the online clustering: near-duplicates, then the nearest story, merges and splits),
``consumer`` (the change feed's consumer every run calls), ``compare`` (what each
outlet's article adds, for the story pages). The tables are in ``store/stories.py``.
"""
