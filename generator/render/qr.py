"""QR codes for printed flyers, notice-board listings and lobby screens: an inline SVG (made by
segno, with no other dependency) that opens a page of the hub. Pure; each address's code is made
once in a process (it was half the work of building the sample hub, and every build and `serve`'s
rebuild show the same addresses again)."""

from __future__ import annotations

import segno
from markupsafe import Markup, escape

from generator.incremental.cache import remembered


def qr_svg(address: str, label: str) -> Markup:
    """`address` (a full https:// address) as a QR code with error correction level M, which still
    reads when a flyer is creased or a corner is torn. The four modules of white around it are
    part of the code (scanners need them), so it prints the same on any background. `label` names
    it for screen readers."""
    named = f'<svg role="img" aria-label="{escape(label)}" shape-rendering="crispEdges" '
    return Markup(_code(address).replace("<svg ", named, 1))


@remembered(5000)  # about 2.5 KB each: a hub's flyers, listings and screens, in 12 MB at most
def _code(address: str) -> str:
    code = segno.make(address, error="m", micro=False, boost_error=False)
    return code.svg_inline(
        scale=1,
        border=4,
        dark="#000",
        light="#fff",
        svgclass="qr-code",
        lineclass=None,
        omitsize=True,  # sized by the stylesheet
    )
