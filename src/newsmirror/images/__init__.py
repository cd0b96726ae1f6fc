"""Images: the ``local`` image policy's copies (``copies``: the step of a run that fetches
each image a new revision shows, once) and what an image's bytes are (``types``: a copy
is named by them, never by its URL)."""
