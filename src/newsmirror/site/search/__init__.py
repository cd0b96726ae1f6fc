"""The static site's search: a Pagefind index of every article (``index``), built by
Pagefind's own binary (``service``), over text folded traditional to simplified
(``folding``), and the one page that may run a script (``search.html``, ``search.js``).
"""
