"""Markup made readable as paragraphs: loose text wrapped into <p>, datelines joined, layout tables opened."""

from __future__ import annotations

import re

import lxml.html
from lxml.etree import _Element

CONTAINERS = ("div", "span", "td", "section", "article", "font")
INLINE = {"a", "b", "strong", "em", "i", "u", "span", "font", "small", "sup", "sub", "abbr", "q", "mark"}
LOOSE_MIN = 80  # characters of text standing directly in a container before it is read as paragraphs
TEASER = "./*[self::h2 or self::h3 or self::h4 or self::h5]//a[@href]"  # a linked heading over a blurb
TEASER_MAX = 400  # blurb characters under a linked heading: a teaser of another article
SENTENCE_MIN, SENTENCE_WORDS = 40, 6  # shorter loose text counts when it ends like a sentence
SENTENCE_END = re.compile(r"[.!?][\"'”’)]?$")
LAYOUT_CELL_CHARS = 200  # a table cell this long holds prose: the table lays out the page
DATELINE_MAX = 50  # "TRIBUNKALTIM.CO, SAMARINDA -", "Jakarta, CNN Indonesia --"
DATELINE_ELEMENTS = 4  # inline elements a dateline may span ("<b>JAKARTA</b>, <i>Kabar</i> -")
DATELINE_END = re.compile(r"\w\W*\s*[-–—]+$")  # a place or outlet name, then a dash
# Containers named like these hold a picture's caption or a teaser, not the article's own text.
CAPTION = re.compile(r"caption|photo|foto|keterangan|deskripsi|galler|galeri|thumb|teaser|headline", re.I)


def loose_chars(node: _Element) -> int:
    """Characters of text directly inside the node (its text and its children's tails)."""
    return len((node.text or "").strip()) + sum(len((child.tail or "").strip()) for child in node)


def _paragraph(run: list[str | _Element]) -> _Element | None:
    """A <p> holding the run of strings and inline elements, or None when it has no text."""
    if not any(part.strip() if isinstance(part, str) else part.text_content().strip() for part in run):
        return None
    paragraph = lxml.html.Element("p")
    last: _Element | None = None
    for part in run:
        if isinstance(part, str):
            if last is None:
                paragraph.text = (paragraph.text or "") + part
            else:
                last.tail = (last.tail or "") + part
        else:
            paragraph.append(part)
            last = part
    return paragraph


def _pieces(node: _Element) -> list[str | _Element]:
    """The node's text, children and tails in order, detached from the node."""
    pieces: list[str | _Element] = [node.text or ""]
    for child in list(node):
        tail = child.tail or ""
        child.tail = None
        node.remove(child)
        pieces += [child, tail]
    node.text = None
    return pieces


def wrap(node: _Element) -> None:
    """Replace runs of loose text and inline elements by <p> elements, split at <br> and blocks."""
    run: list[str | _Element] = []
    for piece in [*_pieces(node), lxml.html.Element("br")]:
        if isinstance(piece, str) or (isinstance(piece.tag, str) and piece.tag in INLINE):
            run.append(piece)
            continue
        paragraph = _paragraph(run)
        if paragraph is not None:
            node.append(paragraph)
        run = []
        if isinstance(piece.tag, str) and piece.tag != "br":
            node.append(piece)
    if node.tag == "span":
        node.tag = "div"  # it holds paragraphs now


def is_sentence(node: _Element) -> bool:
    """Loose text that is one whole sentence or more ("…," katanya.): a short paragraph, not a menu item."""
    text = " ".join(((node.text or "") + "".join(child.tail or "" for child in node)).split())
    long_enough = len(text) >= SENTENCE_MIN and len(text.split()) >= SENTENCE_WORDS
    return long_enough and SENTENCE_END.search(text) is not None


def is_prose(node: _Element) -> bool:
    """Enough loose text to be paragraphs, and not a picture's caption or a teaser beside its image."""
    chars = loose_chars(node)
    short = chars < LOOSE_MIN and not (chars >= SENTENCE_MIN and is_sentence(node))
    if short or (chars < TEASER_MAX and node.xpath(TEASER)):
        return False
    names = [f"{n.get('class', '')} {n.get('id', '')}" for n in [node, *node.iterancestors()][:3]]
    return not any(CAPTION.search(name) for name in names)


def inline_before(paragraph: _Element) -> list[_Element] | None:
    """The few inline elements before a container's first paragraph, or None when a block (another
    paragraph, a list) comes before it."""
    before: list[_Element] = []
    sibling = paragraph.getprevious()
    while sibling is not None:
        if not isinstance(sibling.tag, str) or sibling.tag not in INLINE or len(before) == DATELINE_ELEMENTS:
            return None
        before.insert(0, sibling)
        sibling = sibling.getprevious()
    return before


def dateline_before(paragraph: _Element) -> tuple[str, list[_Element]] | None:
    """The dateline standing loose just before a container's first paragraph ("<b>Jakarta</b> - <p>…"),
    with the inline elements it spans, when all that comes before the paragraph is that short text
    ending in a dash."""
    parent = paragraph.getparent()
    before = inline_before(paragraph)
    if parent is None or parent.tag not in CONTAINERS or before is None:
        return None
    text = " ".join([parent.text or "", *(f"{child.text_content()} {child.tail or ''}" for child in before)])
    text = " ".join(text.split())
    return (text, before) if 0 < len(text) <= DATELINE_MAX and DATELINE_END.search(text) else None


def join_datelines(tree: _Element) -> None:
    """Move a loose dateline into the paragraph it opens, where trafilatura keeps it."""
    for paragraph in list(tree.iter("p")):
        found = dateline_before(paragraph)
        if found is None:
            continue
        dateline, spanned = found
        parent = paragraph.getparent()
        parent.text = None
        for child in spanned:
            parent.remove(child)  # with its tail
        paragraph.text = f"{dateline} {paragraph.text or ''}"


def unwrap_layout_tables(tree: _Element) -> None:
    """Turn tables that lay out a page (a cell holding LAYOUT_CELL_CHARS of text or more) into <div>s:
    trafilatura leaves tables out, and an old site's whole article can stand in one cell. Tables of
    data, whose cells are short, stay."""
    layout = {
        table
        for cell in tree.iter("td", "th")
        if len(cell.text_content()) >= LAYOUT_CELL_CHARS
        for table in cell.iterancestors("table")
    }
    parts = [  # each layout table's own rows and cells (a table of data inside one stays)
        node
        for table in layout
        for node in table.iter("tbody", "thead", "tfoot", "tr", "td", "th")
        if next(node.iterancestors("table")) is table
    ]
    for node in [*layout, *parts]:
        node.tag = "div"


def paragraphize(tree: _Element) -> None:
    """Wrap the loose text of every container holding at least LOOSE_MIN characters of it; join a
    loose dateline to the paragraph it opens; read layout tables as blocks."""
    unwrap_layout_tables(tree)
    join_datelines(tree)
    for node in [node for node in tree.iter(*CONTAINERS) if is_prose(node)]:
        wrap(node)
