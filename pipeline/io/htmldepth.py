"""How deeply an HTML document nests, counted in one linear pass over its text before it is parsed.

An HTML tree builder's cost grows with the depth of the open elements: lexbor (selectolax) takes time in the
square of the nesting (100,000 nested <div>: about a minute; 1,000,000: still parsing after ten), so a deep
document is refused before the parser sees it. The count follows the tree builder's rules where they decide depth,
erring on the deep side: void elements and elements that close their predecessor (<p>, <li>, …) do not nest, an
end tag closes the elements opened since its start tag, `/>` closes only inside SVG or MathML, and a formatting
element (<b>, <font>, …) stays open until its own end tag, since the parser reopens it after a block that closed
it. Tags inside comments, scripts and other raw text are not counted.
"""

from __future__ import annotations

import re

# Chromium's HTML parser stops nesting at this depth (kMaximumHTMLParserDOMTreeDepth): a page that needs more
# does not render as written in a browser either. Up to this depth lexbor's time stays linear in the size (about
# 0.3 s per MB measured at depth 500, against 0.1 s for a shallow page).
MAX_HTML_DEPTH = 512
# The reject of a document past the limit (counting stops there, so its real depth is not known).
DEEP_HTML = (f"HTML nested deeper than {MAX_HTML_DEPTH} elements: not parsed, since parsing time grows with the "
             "square of the depth (browsers stop nesting at this depth too)")

# A comment's start, or a tag: end slash, name, attributes (a self-closing slash at their end).
_TAG = re.compile(r"<(?:(!--)|(/?)([A-Za-z][^\t\n\f\r />]*)([^>]*)>)")
# Elements without content.
VOID = frozenset("area base basefont bgsound br col embed frame hr image img input keygen link meta param source "
                 "track wbr".split())
# Elements a start tag of their kind (or of a block) closes: repeated, they are siblings, not nested. html, head
# and body are merged when repeated.
FLAT = frozenset("html head body p li dd dt option optgroup tr td th tbody thead tfoot colgroup caption rb rt rp "
                 "rtc".split())
# Formatting elements (the HTML standard's list).
FORMATTING = frozenset("a b big code em font i nobr s small strike strong tt u".split())
# Elements whose content is text up to their end tag; plaintext runs to the end of the document.
RAW_TEXT = frozenset("script style textarea title xmp iframe noembed noframes".split())
_RAW_END = {name: re.compile(rf"</{name}", re.IGNORECASE) for name in RAW_TEXT}
# Start tags that open no element to count.
SKIPPED = VOID | FLAT | RAW_TEXT | {"plaintext"}
FOREIGN_ROOTS = frozenset(("svg", "math"))
# Foreign elements whose content is HTML again.
INTEGRATION_POINTS = frozenset("foreignobject desc title mi mo mn ms mtext annotation-xml".split())
# HTML start tags that end SVG or MathML content (the tree builder pops back to HTML).
BREAKOUT = frozenset("b big blockquote body br center code dd div dl dt em embed h1 h2 h3 h4 h5 h6 head hr i img li "
                     "listing menu meta nobr ol p pre ruby s small span strong strike sub sup table tt u ul var"
                     .split())


def html_depth(text: str, limit: int = MAX_HTML_DEPTH) -> int:
    """The nesting depth of the document `text` (an upper estimate, see the module rules); counting stops as soon
    as it passes `limit`, so a refused document costs at most a pass over its first tags."""
    stack: list[str] = []  # open elements' names (formatting elements are counted apart)
    foreign: list[bool] = []  # per element of `stack`: SVG or MathML content (not an integration point)
    open_count: dict[str, int] = {}  # per name, how many of `stack` have it
    formatting: dict[str, int] = {}  # per formatting name, how many are open
    formatting_open = 0
    deepest = 0
    position = 0

    def pop_to(name: str) -> None:
        while stack:
            popped = stack.pop()
            foreign.pop()
            open_count[popped] -= 1
            if popped == name:
                return

    # Every `<` the pattern matches has a `>` after it (the text is cut at its last one), so each match ends at the
    # next `>` and the pass stays linear.
    for match in _TAG.finditer(text, 0, text.rfind(">") + 1):
        if match.start() < position:  # inside a comment or raw text skipped below
            continue
        comment, closing, name, attributes = match.groups()
        if comment:  # to its end, or the document's
            end = text.find("-->", match.start() + 4)
            if end < 0:
                break
            position = end + 3
            continue
        name = name.lower()
        in_foreign = bool(foreign) and foreign[-1]
        if closing:
            if not in_foreign and formatting.get(name):
                formatting[name] -= 1
                formatting_open -= 1
            elif open_count.get(name):
                pop_to(name)
            continue
        if in_foreign and name in BREAKOUT:  # back to HTML: the foreign elements close
            while foreign and foreign[-1]:
                pop_to(stack[-1])
            in_foreign = False
        if in_foreign or name in FOREIGN_ROOTS:
            if attributes.endswith("/"):
                continue
            stack.append(name)
            foreign.append(name not in INTEGRATION_POINTS)
        elif name in SKIPPED:
            if name in RAW_TEXT:
                found = _RAW_END[name].search(text, match.end())
                if found is None:
                    break
                position = found.start()
            elif name == "plaintext":
                break
            continue
        elif name in FORMATTING:
            formatting[name] = formatting.get(name, 0) + 1
            formatting_open += 1
            deepest = max(deepest, len(stack) + formatting_open)
            if deepest > limit:
                break
            continue
        else:
            stack.append(name)
            foreign.append(False)
        open_count[name] = open_count.get(name, 0) + 1
        deepest = max(deepest, len(stack) + formatting_open)
        if deepest > limit:
            break
    return deepest
