"""QR codes for printed flyers, notice-board listings and lobby screens: an inline SVG (made by
segno, with no other dependency) that opens a page of the hub. Pure."""

from __future__ import annotations

from functools import lru_cache

import segno
from markupsafe import Markup, escape


@lru_cache(maxsize=8192)  # a hub's flyers are made again by every build in the same process
def qr_svg(address: str, label: str) -> Markup:
    """`address` (a full https:// address) as a QR code with error correction level M, which still
    reads when a flyer is creased or a corner is torn. The four modules of white around it are
    part of the code (scanners need them), so it prints the same on any background. `label` names
    it for screen readers."""
    code = segno.make(address, error="m", micro=False, boost_error=False)
    svg = code.svg_inline(
        scale=1,
        border=4,
        dark="#000",
        light="#fff",
        svgclass="qr-code",
        lineclass=None,
        omitsize=True,  # sized by the stylesheet
    )
    named = f'<svg role="img" aria-label="{escape(label)}" shape-rendering="crispEdges" '
    return Markup(svg.replace("<svg ", named, 1))
