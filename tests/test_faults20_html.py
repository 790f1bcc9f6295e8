"""Issue 20, the HTML bomb: a document nested deeper than MAX_HTML_DEPTH (lexbor's time grows with the square of
the depth: 1,000,000 nested <div> were still planning after 600 s) is refused in one linear pass before it is
parsed, with a reject naming the file and the limit; a document over max_record_bytes is refused without being
held. Ordinary pages (void elements, unclosed <p>/<li>, inline SVG icons, tags inside comments and scripts) are
read as before."""

from __future__ import annotations

import gzip
import json
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.io.htmldepth import DEEP_HTML, MAX_HTML_DEPTH, html_depth
from pipeline.io.readers import ReadOptions, read_file
from pipeline.records import Document, Reject

ARTICLE = "<article><h1>贵州茅台涨停</h1><p>贵州茅台今日涨停，成交额放大。</p></article>"
REPEAT = MAX_HTML_DEPTH + 100  # enough repetitions of a pattern to pass the limit, if the pattern nests


def _page(inner: str) -> str:
    return f"<html><head><title>t</title></head><body>{ARTICLE}{inner}</body></html>"


# Each pattern, repeated, nests one element (or more) deeper per repetition in lexbor's tree, whatever the tags'
# own spelling: they are refused. Self-closing `/>` on an HTML element, end tags of elements not open and
# formatting elements reopened after a block are the ways a naive tag count would be fooled.
NESTING = ["<div>", "<DIV class='x'>", "<div/>", "<div></span>", "<b>", "<font color=#{i}>x", "<p><b id={i}></p>",
           "<b><div></b>", "<svg><g>", "<svg><div/>", "<svg><foreignObject><x/>", "<svg><title><div>",
           "<math><mtext><div/>", "<ul><li>", "<table><tr><td>", "<dl><dd>", "<x-custom>"]
# Repeated, these stay shallow.
FLAT = ["<br>", "<p>x", "<li>x", "<img src=a.png>", "<svg><path d='M0 0'/></svg>", "<div><svg><path/></svg></div>",
        "<!-- <div> -->", "<script>if (a<b) document.write('<div>')</script>", "<span>x</span>",
        "<style>div>p{}</style>", "<td>x", "<textarea><div></textarea>"]


def _repeated(pattern: str) -> str:
    return "".join(pattern.replace("{i}", str(i)) for i in range(REPEAT))


@pytest.mark.parametrize("pattern", NESTING)
def test_a_document_nested_past_the_limit_is_refused_naming_it(tmp_path: Path, pattern: str) -> None:
    path = tmp_path / "deep.html"
    path.write_text(_page(_repeated(pattern)), encoding="utf-8")
    [item] = read_file(path, ReadOptions())
    assert isinstance(item, Reject), item
    assert (item.input, item.line, item.reason) == (str(path), 1, DEEP_HTML)
    assert f"deeper than {MAX_HTML_DEPTH} elements" in item.reason


@pytest.mark.parametrize("pattern", FLAT)
def test_an_ordinary_page_is_read(tmp_path: Path, pattern: str) -> None:
    path = tmp_path / "page.html"
    path.write_text(_page(_repeated(pattern)), encoding="utf-8")
    [item] = read_file(path, ReadOptions())
    assert isinstance(item, Document), item
    assert item.title == "贵州茅台涨停"


@pytest.mark.parametrize(("text", "depth"), [
    ("<div><div></div><div><p>x</div></div>", 2),
    ("<div>" * 3 + "</div>" * 3 + "<span>" * 2, 3),
    ("<b><i>x</i></b><svg><g><path/></g></svg>", 2),
    ("<div><!-- <div><div><div> -->", 1),
    ("<div><!-- unclosed <div><div>", 1),
    ("<div><script><div><div></script>", 1),
])
def test_the_depth_count(text: str, depth: int) -> None:
    assert html_depth(text) == depth


def test_counting_stops_past_the_limit() -> None:
    assert html_depth("<div>" * 1000, limit=10) == 11


def test_a_file_over_max_record_bytes_is_refused_without_parsing(tmp_path: Path) -> None:
    path = tmp_path / "big.html.gz"
    with gzip.open(path, "wt", encoding="utf-8") as fh:
        fh.write(_page("<p>" + "涨" * 50_000 + "</p>"))
    [item] = read_file(path, ReadOptions(max_record_bytes=10_000))
    assert isinstance(item, Reject) and item.line == 1
    assert item.reason.startswith("line over max_record_bytes (10,000): at least")


CHILD = r"""
import json, sys
from pathlib import Path
from pipeline.io.readers import ReadOptions, read_file
def status(key):  # KiB
    return int(next(x for x in Path("/proc/self/status").read_text().splitlines() if x.startswith(key)).split()[1])
base = status("VmRSS")
items = list(read_file(Path(sys.argv[1]), ReadOptions()))
print(json.dumps({"reasons": [getattr(i, "reason", "document") for i in items],
                  "grew_mb": (status("VmHWM") - base) / 1024}))
"""


def test_the_issues_million_nested_divs_cost_one_linear_pass(tmp_path: Path) -> None:
    """The issue's 11 MB file of 1,000,000 nested <div> (a few KB compressed): refused after its first tags, in
    a child process whose memory grows by the document's text and no more (lexbor never sees it)."""
    path = tmp_path / "bomb.html.gz"
    with gzip.open(path, "wb", compresslevel=9) as fh:
        fh.write(b"<html><body>" + b"<div>" * 1_000_000 + b"</body></html>")
    done = subprocess.run([sys.executable, "-c", CHILD, str(path)], capture_output=True, text=True, check=True)
    result = json.loads(done.stdout)
    assert result["reasons"] == [DEEP_HTML]
    assert result["grew_mb"] < 100, result  # 5 MB of text, decoded once and copied once
