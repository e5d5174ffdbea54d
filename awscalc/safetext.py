"""Showing text that came from outside awscalc — a spec, a file name, a rate card — as text.

Such text may hold anything: console markup (``[link=…]``, ``[/x]``), HTML, or
terminal control sequences (``ESC [2J`` clears the screen, ``ESC ]52;…`` writes the
clipboard). Every formatter and error message passes it through one of these functions:

* :func:`printable` — for terminals and one-line messages: control characters (and the
  invisible characters that reorder text) become visible escapes such as ``\\x1b``;
* :func:`markdown_text` — :func:`printable`, then HTML and table syntax escaped for
  GitHub-flavoured Markdown.

JSON and CSV carry the exact text (they are data, read by programs); see
``awscalc/output/csv_format.py`` for why CSV needs no formula escaping.
"""

from __future__ import annotations

import re

# C0 and C1 control characters (ESC, BEL, CR, newline, tab …) and DEL; the Unicode marks
# and overrides that reorder how a line reads ("Trojan source"); line and paragraph
# separators; a byte order mark or zero-width no-break space.
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069"
                     "\ufeff\ufff9-\ufffb]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    named = _NAMED.get(char)
    if named:
        return named
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(text: object) -> str:
    """``text`` (made a ``str``) with every control character shown as an escape.

    >>> printable("a\\x1b[2Jb\\n")
    'a\\\\x1b[2Jb\\\\n'

    The result is one line and cannot move the cursor, clear the screen, set the
    window title, write the clipboard or make a hyperlink on any terminal.
    Ordinary text is returned unchanged (the same object).
    """
    text = text if isinstance(text, str) else str(text)
    if _UNSAFE.search(text) is None:  # nearly always: one scan, no copy
        return text
    return _UNSAFE.sub(_escape, text)


# "&" only where it would begin a character reference such as "&lt;" or "&#60;": a
# plain "Australia & NZ" stays as it is.
# "[" and "]" so that no link or image (![alt](https://…), a request from the reader's
# browser) can come out of a spec's name, a group or a description.
_MARKDOWN = re.compile(r"[<>|`\[\]]|&(?=#?\w+;)")
# One character class: a quick test that nothing needs escaping (may match a plain "&").
_MARKDOWN_OR_UNSAFE = re.compile(_UNSAFE.pattern[:-1] + "<>|`&\\[\\]]")
_MARKDOWN_ESCAPES = {"<": "&lt;", ">": "&gt;", "&": "&amp;", "|": "\\|", "`": "\\`",
                     "[": "\\[", "]": "\\]"}


def markdown_text(text: object) -> str:
    """:func:`printable` ``text`` for a Markdown document or table cell: no HTML tag,
    character reference, code span, link, image or cell border can come out of it."""
    text = text if isinstance(text, str) else str(text)
    if _MARKDOWN_OR_UNSAFE.search(text) is None:  # nearly always: one scan, no copy
        return text
    return _MARKDOWN.sub(lambda match: _MARKDOWN_ESCAPES[match.group()[0]], printable(text))
