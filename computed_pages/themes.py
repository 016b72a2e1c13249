"""The names every stage shares for a figure's files: its two themes and its phone variant.

Each figure is saved as `<name>[.phone].<theme>.svg`: the themes are Material's
light and dark palettes (compute/figure_theme.py draws them), the phone variant
its panels stacked for a narrow screen (compute/figure_layout.py).
"""

from __future__ import annotations

THEMES = ("light", "dark")
PHONE_SUFFIX = ".phone"
