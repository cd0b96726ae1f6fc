"""newsmirror's benchmarks: quality, speed and memory, side by side with the peer tools.

``python -m bench`` (``make bench``) runs them all and writes ``docs/benchmarks.md``. They
read the public corpora in ``../shared/corpora`` (or ``$NEWSMIRROR_CORPORA``) and skip, with
a line saying so, whatever is absent. Nothing here is part of ``make test``.
"""
