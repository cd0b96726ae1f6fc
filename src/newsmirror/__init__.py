"""newsmirror: collect news, archive every version, publish a self-contained mirror.

The pipeline is one-way: sources → fetch (``net``) → parse/discover (``ingest``) →
extract (``extract``) → clean (``clean``) → store (``store``) → publish (``publish``).
``pipeline`` wires the stages together; ``cli`` is the command line.
"""

__version__ = "0.1.0"
__all__ = ["__version__"]
