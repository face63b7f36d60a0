"""Find English sentences in Swedish text: built HTML pages, reports and CLI output.

Usage (from anywhere)::

    python tools/check_swedish.py docs/_build/html   # every page whose <html lang="sv">

Exit status 1 and one line per English sentence found, 0 when there is none.
Text inside ``code``, ``pre``, ``kbd``, ``script``, ``style`` and any element
marked ``lang="en"`` is skipped (identifiers and English passages marked as
such are allowed). A sentence counts as English when it has at least three
English function words and more English than Swedish ones (see :func:`is_english`).
"""

from __future__ import annotations

import re
import sys
from html.parser import HTMLParser
from pathlib import Path

ENGLISH = frozenset(
    [
        "the",
        "of",
        "and",
        "to",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "with",
        "for",
        "this",
        "that",
        "these",
        "those",
        "which",
        "who",
        "from",
        "by",
        "on",
        "or",
        "not",
        "it",
        "its",
        "an",
        "as",
        "at",
        "when",
        "where",
        "there",
        "their",
        "they",
        "has",
        "have",
        "had",
        "can",
        "will",
        "would",
        "must",
        "should",
        "may",
        "each",
        "every",
        "only",
        "if",
        "than",
        "into",
        "does",
        "do",
        "you",
        "your",
        "we",
        "our",
        "any",
        "all",
        "but",
    ]
)
SWEDISH = frozenset(
    [
        "och",
        "att",
        "det",
        "som",
        "en",
        "ett",
        "är",
        "av",
        "för",
        "med",
        "på",
        "till",
        "inte",
        "den",
        "de",
        "om",
        "har",
        "kan",
        "ska",
        "vid",
        "eller",
        "när",
        "från",
        "under",
        "också",
        "varje",
        "alla",
        "finns",
        "där",
        "hur",
        "vad",
        "vi",
        "du",
        "man",
        "sin",
        "sina",
        "sitt",
        "så",
        "men",
        "efter",
        "utan",
        "mellan",
        "samma",
        "andra",
        "eller",
        "ur",
        "bara",
        "även",
        "än",
        "vilka",
        "vilken",
    ]
)
_WORD = re.compile(r"[A-Za-zÅÄÖåäöÉé]+")
_SENTENCE = re.compile(r"(?<=[.!?:;])\s+|\n+")
_SKIP = frozenset({"code", "pre", "kbd", "script", "style", "samp", "tt"})
_VOID = frozenset({"br", "img", "meta", "link", "input", "hr", "wbr", "col", "source"})


def is_english(sentence: str) -> bool:
    """True for a sentence with ≥ 3 English function words, more than its Swedish ones."""
    words = [w.lower() for w in _WORD.findall(sentence)]
    en = sum(w in ENGLISH for w in words)
    sv = sum(w in SWEDISH for w in words)
    return en >= 3 and en > sv


def english_sentences(text: str) -> list[str]:
    """The English sentences of ``text`` (plain text), in order."""
    return [s.strip() for s in _SENTENCE.split(text) if s.strip() and is_english(s)]


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lang: str | None = None
        self.stack: list[tuple[str, bool]] = []
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "html":
            self.lang = a.get("lang")
        if tag in _VOID:
            return
        classes = (a.get("class") or "").split()
        skip = tag in _SKIP or a.get("lang", "sv") == "en" or "pre" in classes
        self.stack.append((tag, skip))
        if tag in ("p", "li", "td", "th", "dd", "dt", "h1", "h2", "h3", "h4", "div", "tr"):
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        while self.stack:
            open_tag, _ = self.stack.pop()
            if open_tag == tag:
                break
        self.parts.append(" ")

    def handle_data(self, data: str) -> None:
        if not any(skip for _, skip in self.stack):
            self.parts.append(data)


def html_text(page: str) -> tuple[str | None, str]:
    """The ``lang`` of the ``<html>`` element and the page's checkable text."""
    parser = _Text()
    parser.feed(page)
    return parser.lang, "".join(parser.parts)


def check_html(page: str) -> list[str]:
    """English sentences in a Swedish page (``[]`` for a page not marked ``lang="sv"``)."""
    lang, text = html_text(page)
    return english_sentences(text) if lang == "sv" else []


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    found = 0
    checked = 0
    for root in map(Path, args):
        for path in sorted(root.rglob("*.html")) if root.is_dir() else [root]:
            lang, _ = html_text(path.read_text(encoding="utf-8"))
            if lang != "sv":
                continue
            checked += 1
            for sentence in check_html(path.read_text(encoding="utf-8")):
                print(f"{path}: {sentence[:160]}")
                found += 1
    print(f"{checked} Swedish pages checked, {found} English sentences", file=sys.stderr)
    return 1 if found else 0


if __name__ == "__main__":
    raise SystemExit(main())
