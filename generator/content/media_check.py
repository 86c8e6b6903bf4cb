"""Check media files that would run as code on the hub's address. Pure: works on the bytes given.

GitHub Pages serves every project site of an organisation from one origin (<org>.github.io), so a
script in a published file runs with every one of those sites' cookies and storage. Web pages and
scripts (.html, .js, ...) are refused outright. An SVG is a document that may hold scripts, event
handlers, links and references to other sites; it is checked against an allowlist of SVG's drawing
elements and attributes (shapes, text, paint, gradients, filters) and refused, with the line, when
it holds anything else. Nothing is rewritten: a refused picture is saved again by its owner.
"""

from __future__ import annotations

import re
import xml.parsers.expat

SVG = "http://www.w3.org/2000/svg"
XLINK = "http://www.w3.org/1999/xlink"
XML = "http://www.w3.org/XML/1998/namespace"
XHTML = "http://www.w3.org/1999/xhtml"
# Drawing programs' own notes (Inkscape, Sodipodi, Illustrator, Sketch, RDF metadata): inert in
# browsers, and left in by most programs.
EDITORS = (
    "http://www.inkscape.org/namespaces/inkscape",
    "http://sodipodi.sourceforge.net/DTD/sodipodi-0.dtd",
    "http://ns.adobe.com/",
    "http://www.bohemiancoding.com/sketch/ns",
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "http://purl.org/dc/elements/1.1/",
    "http://creativecommons.org/ns#",
    "http://web.resource.org/cc/",
)
# Files a browser runs as a page or a script when opened from the site.
ACTIVE = (
    ".htm",
    ".html",
    ".js",
    ".mht",
    ".mhtml",
    ".mjs",
    ".shtml",
    ".svgz",
    ".swf",
    ".wasm",
    ".xht",
    ".xhtml",
    ".xml",
    ".xsl",
    ".xslt",
)
ELEMENTS = set(
    """svg g defs title desc symbol use switch path rect circle ellipse line polyline polygon text
    tspan textPath linearGradient radialGradient stop pattern clipPath mask marker style metadata
    filter feBlend feColorMatrix feComponentTransfer feComposite feConvolveMatrix
    feDiffuseLighting feDisplacementMap feDistantLight feDropShadow feFlood feFuncA feFuncB
    feFuncG feFuncR feGaussianBlur feMerge feMergeNode feMorphology feOffset fePointLight
    feSpecularLighting feSpotLight feTile feTurbulence""".split()
)
ATTRIBUTES = set(
    """id class style lang role version baseProfile viewBox preserveAspectRatio x y x1 y1 x2 y2
    cx cy r rx ry fx fy fr d points pathLength width height transform fill fill-opacity fill-rule
    stroke stroke-width stroke-opacity stroke-linecap stroke-linejoin stroke-miterlimit
    stroke-dasharray stroke-dashoffset opacity color display visibility overflow clip-path
    clip-rule clipPathUnits mask maskUnits maskContentUnits filter filterUnits primitiveUnits
    marker-start marker-mid marker-end markerWidth markerHeight markerUnits refX refY orient
    font-family font-size font-style font-weight font-variant font-stretch text-anchor
    dominant-baseline alignment-baseline baseline-shift letter-spacing word-spacing
    text-decoration writing-mode dx dy rotate textLength lengthAdjust startOffset method spacing
    side offset stop-color stop-opacity gradientUnits gradientTransform spreadMethod
    patternUnits patternContentUnits patternTransform vector-effect shape-rendering
    text-rendering image-rendering color-interpolation color-interpolation-filters paint-order
    mix-blend-mode isolation flood-color flood-opacity lighting-color stdDeviation in in2 result
    mode operator k1 k2 k3 k4 values type tableValues slope intercept amplitude exponent
    edgeMode kernelMatrix kernelUnitLength order divisor bias targetX targetY preserveAlpha
    surfaceScale diffuseConstant specularConstant specularExponent limitingConeAngle azimuth
    elevation pointsAtX pointsAtY pointsAtZ z scale xChannelSelector yChannelSelector radius
    baseFrequency numOctaves seed stitchTiles requiredFeatures requiredExtensions
    systemLanguage focusable tabindex href""".split()
)
# url(...) may only point inside the picture (url(#gradient)); nothing may name a script.
OUTSIDE = re.compile(r"url\(\s*['\"]?\s*(?!#)|@import|javascript:|expression\(|-moz-binding", re.I)
ADVICE = "save the picture again as plain SVG without it, or as a PNG"


class _Refused(Exception):
    def __init__(self, line: int, message: str):
        self.line, self.message = line, message


def active_file(path: str) -> str | None:
    """Why a media file may not be published as it is (a page or a script), or None."""
    lowered = path.lower()
    suffix = next((s for s in ACTIVE if lowered.endswith(s)), None)
    if suffix is None:
        return None
    return (
        f"is a web page or script ({suffix}), which would run on the hub's address; media/ "
        f"is for pictures and documents: link to the page instead, or save it as a PDF"
    )


def svg_problem(data: bytes) -> tuple[int | None, str] | None:
    """(line, message) for an SVG that holds anything beyond drawing, or None."""
    parser = xml.parsers.expat.ParserCreate(namespace_separator=" ")
    stack: list[str] = []  # the open elements, as 'namespace local'
    styles: list[str] = []

    def line() -> int:
        return parser.CurrentLineNumber

    def start(name: str, attributes: dict[str, str]) -> None:
        namespace, _, local = name.rpartition(" ")
        inside_metadata = any(open_.endswith(" metadata") for open_ in stack)
        if not stack and (namespace, local) != (SVG, "svg"):
            raise _Refused(
                line(),
                f'the file is not an SVG picture (it does not start with <svg xmlns="{SVG}">); '
                f"save it again from the drawing program",
            )
        if namespace in EDITORS or (inside_metadata and namespace not in (SVG, XHTML)):
            stack.append(name)  # inert: browsers draw and run nothing in other namespaces
            return
        if namespace != SVG or local not in ELEMENTS:
            raise _Refused(
                line(),
                f"the picture contains <{local}>, which SVG pictures on the hub may not have (it "
                f"could run code, or load something from another site); {ADVICE}",
            )
        for attribute, value in attributes.items():
            attribute_namespace, _, attribute_local = attribute.rpartition(" ")
            allowed = (
                (not attribute_namespace and attribute_local in ATTRIBUTES)
                or (not attribute_namespace and attribute_local.startswith(("aria-", "data-")))
                or (attribute_namespace == XLINK and attribute_local in ("href", "title"))
                or (attribute_namespace == XML and attribute_local in ("space", "lang"))
                or attribute_namespace in EDITORS
            )
            if not allowed:
                raise _Refused(
                    line(),
                    f"the picture's <{local}> has the attribute '{attribute_local}', which SVG "
                    f"pictures on the hub may not have (it could run code); {ADVICE}",
                )
            outside = attribute_local == "href" and not value.strip().startswith("#")
            if outside or OUTSIDE.search(value):
                shown = value if len(value) <= 60 else value[:57] + "..."
                raise _Refused(
                    line(),
                    f'the picture\'s <{local}> has {attribute_local}="{shown}", which points '
                    f"outside the picture (the hub loads nothing from other sites); {ADVICE}",
                )
        stack.append(name)
        if local == "style":
            styles.append("")

    def end(name: str) -> None:
        stack.pop()
        if name.endswith(" style") and OUTSIDE.search(styles[-1]):
            raise _Refused(
                line(),
                f"the picture's <style> loads something from outside the picture (url(), "
                f"@import); the hub loads nothing from other sites; {ADVICE}",
            )

    def text(data: str) -> None:
        if stack and stack[-1].endswith(" style"):
            styles[-1] += data

    def declaration(*_args) -> None:
        raise _Refused(
            line(),
            f"the picture declares a DOCTYPE or entities, which SVG pictures on the hub may not "
            f"have (they can make a file expand without end); {ADVICE}",
        )

    def instruction(target: str, _data: str) -> None:
        raise _Refused(
            line(),
            f"the picture has a processing instruction (<?{target} ...?>), which could load a "
            f"style sheet from another site; {ADVICE}",
        )

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = text
    parser.StartDoctypeDeclHandler = declaration
    parser.EntityDeclHandler = declaration
    parser.ProcessingInstructionHandler = instruction
    try:
        parser.Parse(data, True)
    except _Refused as refused:
        return refused.line, refused.message
    except xml.parsers.expat.ExpatError as error:
        return (
            error.lineno,
            f"the picture is not a readable SVG file ({xml.parsers.expat.ErrorString(error.code)}); "
            f"save it again from the drawing program",
        )
    return None
