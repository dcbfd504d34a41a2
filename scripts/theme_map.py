"""The theme map: the seven themes as an inline SVG, joined where their pages link.

Pure functions: the hook (overrides/hooks/draw_theme_map.py) hands in the theme
pages' cross-links (read from their rendered HTML) and their addresses; nothing here reads files, so the tests
can feed it any site. The layout is deterministic (a circle, clockwise from
the top in the article's order), so the same site always draws the same map.
"""

from __future__ import annotations

import html
import math
import posixpath
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass

MARKER = "<!-- theme-map -->"

# Geometry in SVG user units; the SVG scales to its container (viewBox).
WIDTH, HEIGHT = 640, 560
CENTRE_X, CENTRE_Y = 320, 282
RADIUS_X, RADIUS_Y = 224, 216
NODE_WIDTH, NODE_HEIGHT = 190, 66
FONT_SIZE, LINE_HEIGHT = 22, 25
LABEL_CHARS = 14  # a wrapped label line, so it fits NODE_WIDTH at FONT_SIZE

# Node links use xlink:href, not href: Material's instant navigation rewrites every
# element matching [href] with `el.href = el.href`, which throws on an SVG <a>
# (its href is a read-only SVGAnimatedString); [href] does not match xlink:href.
XLINK = "http://www.w3.org/1999/xlink"


@dataclass(frozen=True)
class ThemeNode:
    page: str  # docs-relative Markdown path, e.g. "themes/jaggedness.md"
    label: str  # the short title a reader sees
    href: str  # the page's address relative to the page the map is on
    x: float = 0
    y: float = 0

    @property
    def slug(self) -> str:
        return posixpath.splitext(posixpath.basename(self.page))[0]


def cross_links(links: Mapping[str, list[str]]) -> Counter[tuple[str, str]]:
    """How many links run from each of these pages to each other one: {(from, to): count}.

    ``links`` gives, for each page, the docs pages its rendered content links to, a link
    each (as quote_catalogue.Catalogue reads them); links to other pages are left out."""
    return Counter(
        (page, target) for page, targets in links.items() for target in targets if target in links and target != page
    )


def edges(links: Counter[tuple[str, str]], order: list[str]) -> dict[tuple[str, str], int]:
    """One undirected edge per pair of pages that link either way, in theme order,
    weighed by the links between them in both directions."""
    rank = {page: n for n, page in enumerate(order)}
    pairs: Counter[tuple[str, str]] = Counter()
    for (source, target), count in links.items():
        first, second = sorted((source, target), key=rank.__getitem__)
        pairs[(first, second)] += count
    return {pair: pairs[pair] for pair in sorted(pairs, key=lambda pair: (rank[pair[0]], rank[pair[1]]))}


def stroke_width(links: int) -> float:
    """Thicker for more links, within reason: 1.5 units for one, 6 at most."""
    return min(1.5 + 1.5 * (links - 1), 6.0)


def layout(nodes: list[ThemeNode]) -> list[ThemeNode]:
    """Nodes on an ellipse, clockwise from the top, in the order given."""
    placed = []
    for n, node in enumerate(nodes):
        angle = -math.pi / 2 + 2 * math.pi * n / len(nodes)
        placed.append(
            ThemeNode(
                node.page,
                node.label,
                node.href,
                round(CENTRE_X + RADIUS_X * math.cos(angle), 1),
                round(CENTRE_Y + RADIUS_Y * math.sin(angle), 1),
            )
        )
    return placed


def wrap(label: str, width: int = LABEL_CHARS) -> list[str]:
    """Break a label into lines of at most `width` characters, at spaces."""
    lines: list[str] = []
    for word in label.split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines


def describe(nodes: list[ThemeNode], pairs: dict[tuple[str, str], int]) -> str:
    """The map in words: its text alternative."""
    labels = {node.page: node.label for node in nodes}
    order = "; ".join(f"{n}. {node.label}" for n, node in enumerate(nodes, start=1))
    joined = "; ".join(
        f"{labels[a]} and {labels[b]}" + (f" ({count} links)" if count > 1 else "") for (a, b), count in pairs.items()
    )
    links = (
        f"Lines join the themes whose pages link to each other: {joined}."
        if pairs
        else "No theme page links to another yet."
    )
    return f"The seven themes in the article's order, clockwise from the top: {order}. {links}"


def render(nodes: list[ThemeNode], pairs: dict[tuple[str, str], int]) -> str:
    """The map as one block of HTML: a figure holding an inline SVG and its caption."""
    placed = {node.page: node for node in layout(nodes)}
    esc = html.escape
    out = [
        '<figure class="theme-map">',
        f'<svg class="theme-map__svg" viewBox="0 0 {WIDTH} {HEIGHT}" role="group" '
        'aria-labelledby="theme-map-title" aria-describedby="theme-map-desc" '
        f'xmlns="http://www.w3.org/2000/svg" xmlns:xlink="{XLINK}">',
        '<title id="theme-map-title">Map of the seven themes and the links between them</title>',
        f'<desc id="theme-map-desc">{esc(describe(nodes, pairs))}</desc>',
        '<g class="theme-map__edges">',
    ]
    for (a, b), count in pairs.items():
        start, end = placed[a], placed[b]
        out.append(
            f'<line class="theme-map__edge" data-from="{start.slug}" data-to="{end.slug}" '
            f'data-links="{count}" stroke-width="{stroke_width(count)}" '
            f'x1="{start.x}" y1="{start.y}" x2="{end.x}" y2="{end.y}"/>'
        )
    out.append("</g>")
    out.append('<g class="theme-map__nodes">')
    for node in placed.values():
        lines = wrap(node.label)
        first_y = node.y - (len(lines) - 1) * LINE_HEIGHT / 2 + FONT_SIZE * 0.35
        spans = "".join(
            f'<tspan x="{node.x}" y="{round(first_y + n * LINE_HEIGHT, 1)}">{esc(line)}</tspan>'
            for n, line in enumerate(lines)
        )
        out.append(
            # The label as one name: a screen reader would run the lines together.
            f'<a class="theme-map__node" xlink:href="{esc(node.href)}" aria-label="{esc(node.label)}" '
            f'data-theme="{node.slug}">'
            f'<rect x="{node.x - NODE_WIDTH / 2}" y="{node.y - NODE_HEIGHT / 2}" '
            f'width="{NODE_WIDTH}" height="{NODE_HEIGHT}" rx="12"/>'
            f'<text text-anchor="middle" font-size="{FONT_SIZE}">{spans}</text></a>'
        )
    out.append("</g>")
    out.append("</svg>")
    out.append(
        "<figcaption>The seven themes, clockwise from the top in the order the article takes them. "
        "A line joins two themes when one’s page links to the other; the more links, the thicker the line. "
        "Select a theme to open it.</figcaption>"
    )
    out.append("</figure>")
    return "\n".join(out)
