"""What the clean stage is told: nothing but the name of the image policies, which the
publish stage applies (the clean stage takes and gives :class:`newsmirror.article.Article`)."""

from __future__ import annotations

from typing import Literal

ImagePolicy = Literal["keep", "proxy", "local"]
"""How the pages show images (``publish.display``): keep the original URLs; proxy them
through an image proxy; local: point them to copies in the mirror. The archive keeps the
original URLs whatever the policy."""
