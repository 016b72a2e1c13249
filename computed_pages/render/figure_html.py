"""The HTML of one computed figure image: both themes, each a <picture> whose
phone variant a narrow screen picks instead, so a reader downloads one file.

Material hides `img[src$="#only-dark"]` in the light palette and vice versa;
the fragment is on every URL, so the rule holds whichever file is shown.
"""

from __future__ import annotations

import html
from dataclasses import dataclass

from computed_pages.compute.figure_layout import PHONE


@dataclass(frozen=True)
class Variant:
    """One theme's files: the desktop and phone URLs (with their #only-<theme>) and sizes."""

    url: str
    size: tuple[int, int]
    phone_url: str
    phone_size: tuple[int, int]


def pictures(variants: list[Variant], alt: str) -> str:
    """One <picture> per theme, in the order given; `alt` is plain text."""
    alt = html.escape(alt, quote=True)
    out = []
    for v in variants:
        (width, height), (phone_width, phone_height) = v.size, v.phone_size
        out.append(
            f'<picture><source media="{PHONE.media}" srcset="{v.phone_url}" '
            f'width="{phone_width}" height="{phone_height}">'
            f'<img src="{v.url}" alt="{alt}" width="{width}" height="{height}" loading="lazy">'
            "</picture>"
        )
    return "".join(out)
