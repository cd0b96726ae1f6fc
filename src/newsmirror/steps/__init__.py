"""The steps a run is made of that belong to no one stage: checking a source and archiving
its items (``sources``), how long failures rest (``backoff``), one run at a time
(``lock``), keeping the captures (``retention``), and a dry run (``preview``).
``newsmirror.pipeline`` puts them in order."""
