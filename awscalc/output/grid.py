"""A plain text table for terminals at any width: cells wrap, nothing is cut with "…".

Rows are made of :class:`Cell` s, each spanning one or more columns (a formula under its
line item, a subtotal label across the first columns). :func:`fit` chooses the columns'
widths for the width available: every column first gets what its longest cell needs;
when that is too wide, the wrappable columns shrink (widest first) down to their longest
word, then the optional columns are left out (``Rate``), and only then do words break.
A ``keep`` column (a resource name) is never narrower than its longest cell while the
width allows it, and a cell spanning columns (a name on a row of its own) widens the
last of them rather than break a word. A table with more columns than the width holds
can be printed as blocks of columns, one under the other (:func:`column_blocks`).
Lines carry no trailing spaces; styles (ANSI) only with ``color``.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

BROKEN_FLOOR = 16  # cells a column whose words break keeps before others grow
BREAKS = "-/_.,#&"  # where a word too long for its line breaks best (after the mark)
STYLES = {"bold": "1", "dim": "2", "italic": "3", "yellow": "33", "cyan": "36"}


@dataclass(slots=True)
class Column:
    """One column: its header, alignment and how it may give way to a narrow terminal."""

    header: str
    right: bool = False
    keep: bool = False  # never narrower than its longest cell while the width allows
    optional: bool = False  # left out (first) when the table does not fit otherwise
    firm: bool = False  # its words never break (amounts of money)


@dataclass(slots=True)
class Cell:
    """Text spanning ``span`` columns (a ``None`` text: an empty cell)."""

    text: str | None
    span: int = 1
    style: str = ""
    right: bool | None = None  # None: the column's alignment
    lines: list[str] = field(default_factory=list)  # extra lines under the text (dim)
    label: bool = False  # a name on a row of its own (across the columns): never firm
    loose: bool = False  # across the columns, wraps where it must: never widens them


Row = list[Cell]
RULE = "rule"  # a row that is a horizontal rule between sections


def width_of(text: str) -> int:
    """Terminal cells ``text`` takes (wide East Asian characters take two)."""
    if text.isascii():
        return len(text)
    return sum(0 if unicodedata.combining(c) else
               2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def wrap(text: str, width: int) -> list[str]:
    """``text`` in lines of at most ``width`` cells: broken at spaces, and a word
    longer than a line broken where it must be."""
    width = max(width, 1)
    if width_of(text) <= width:
        return [text]
    lines: list[str] = []
    line = ""
    for word in text.split():
        candidate = f"{line} {word}" if line else word
        if width_of(candidate) <= width:
            line = candidate
            continue
        if line:
            lines.append(line)
        while width_of(word) > width:
            head = _break(word, width)
            lines.append(head)
            word = word[len(head):]
        line = word
    if line:
        lines.append(line)
    return lines or [""]


def _break(word: str, width: int) -> str:
    """The start of ``word`` (longer than ``width``) to put on a line: up to its last
    ``-``, ``/``, ``_``, ``.``, ``,``, ``#`` or ``&`` that fits (a key, a URL or a list
    breaks between its parts), unless that leaves less than a third of the line used;
    else as much as fits."""
    head = _head(word, width)
    cut = max(head.rfind(mark) for mark in BREAKS) + 1
    return head[:cut] if cut > 1 and 3 * width_of(head[:cut]) >= width else head


def _head(word: str, width: int) -> str:
    """The longest start of ``word`` that fits ``width`` cells (at least one char)."""
    used = 0
    for index, char in enumerate(word):
        used += width_of(char)
        if used > width:
            return word[:max(index, 1)]
    return word


def _longest_word(text: str) -> int:
    return max((width_of(word) for word in text.split()), default=0)


def _style(text: str, style: str, color: bool) -> str:
    if not (color and style and text):
        return text
    codes = ";".join(STYLES[name] for name in style.split())
    return f"\x1b[{codes}m{text}\x1b[0m"


@dataclass
class Grid:
    """A table: columns, rows (lists of cells, or :data:`RULE`), a footer row."""

    columns: list[Column]
    rows: list[Row | str] = field(default_factory=list)
    footer: Row | None = None

    def add(self, *cells: Cell) -> None:
        """Append a row of ``cells``."""
        self.rows.append(list(cells))

    def rule(self) -> None:
        """Append a horizontal rule (between sections), never two in a row."""
        if self.rows and self.rows[-1] is not RULE:
            self.rows.append(RULE)

    def render(self, width: int, color: bool = False) -> list[str]:
        """The table's lines for a terminal ``width`` cells wide."""
        shown, widths, _ = fit(self.columns, self._all_rows(), width)
        out = [_border("┌", "┬", "┐", "─", widths)]
        out += _row_lines([Cell(self.columns[i].header, style="bold",
                                right=self.columns[i].right) for i in shown],
                          [self.columns[i] for i in shown], widths, color)
        out.append(_border("╞", "╪", "╡", "═", widths))
        for row in self.rows:
            if row is RULE:
                out.append(_border("├", "┼", "┤", "─", widths))
            else:
                out += _row_lines(_visible(row, shown), [self.columns[i] for i in shown],
                                  widths, color)
        if self.footer is not None:
            out.append(_border("├", "┼", "┤", "─", widths))
            out += _row_lines(_visible(self.footer, shown), [self.columns[i] for i in shown],
                              widths, color)
        out.append(_border("└", "┴", "┘", "─", widths))
        return out

    def fits(self, width: int) -> bool:
        """Whether the table fits ``width`` cells without breaking a word (optional
        columns may be left out)."""
        return not fit(self.columns, self._all_rows(), width)[2]

    def _all_rows(self) -> list[Row]:
        """The rows that size the columns (the header's, whose words count too)."""
        rows = [row for row in self.rows if row is not RULE]
        header = [Cell(column.header) for column in self.columns]
        return [header, *rows, *([self.footer] if self.footer else [])]  # type: ignore[list-item]


def first_fitting(layouts: Sequence[Callable[[], Grid]], width: int) -> Grid:
    """The grid of the first of ``layouts`` (widest first) that fits ``width`` without
    breaking a word; the last one's when none does. Each layout is built only if needed."""
    for layout in layouts[:-1]:
        grid = layout()
        if grid.fits(width):
            return grid
    return layouts[-1]()


def fit(columns: Sequence[Column], rows: Iterable[Row], width: int
        ) -> tuple[list[int], list[int], bool]:
    """The columns shown, their widths, and whether words had to break (see the module
    docstring)."""
    rows = list(rows)
    count = len(columns)
    natural = [1] * count
    words = [1] * count
    # what a firm column never breaks: its cells' words, not its header's (rows[0]: a
    # resource or scenario name as a header breaks, when a line cannot hold it beside
    # the row labels, rather than run past the width)
    firm = [1] * count
    for number, row in enumerate(rows):
        position = 0
        for cell in row:
            if cell.span == 1 and cell.text is not None:
                # extra lines (a description) wrap: up to 28 cells wide where room
                natural[position] = max(natural[position], width_of(cell.text),
                                        *(min(width_of(line), 28) for line in cell.lines))
                words[position] = max(
                    words[position], *map(_longest_word, cell.lines),
                    width_of(cell.text) if columns[position].keep else
                    _longest_word(cell.text))
                if number and not cell.label:
                    firm[position] = max(firm[position], _longest_word(cell.text))
            position += cell.span
    natural = [max(pair) for pair in zip(natural, words, strict=True)]
    shown = list(range(count))
    while True:
        widths = _shrink([natural[i] for i in shown], [words[i] for i in shown],
                         width - 3 * len(shown) - 1)
        if widths is not None:
            return shown, *_span_room(rows, shown, widths, width - 3 * len(shown) - 1)
        optional = [i for i in shown if columns[i].optional]
        if not optional:
            break
        shown.remove(optional[0])
    budget = max(width - 3 * len(shown) - 1, len(shown))
    need = [words[i] for i in shown]
    floors = [firm[i] if columns[i].firm else 4 for i in shown]
    widths = _squeeze(need, [columns[i].keep for i in shown],
                      [columns[i].firm for i in shown], budget, floors)
    # a column whose words break anyway (a URL) gives way to whole cells elsewhere
    broken = [i for i, w in enumerate(widths) if w < need[i]]
    widths = [max(min(w, BROKEN_FLOOR), floors[i]) if i in broken else w
              for i, w in enumerate(widths)]
    widths = _grow(widths, [natural[i] if k not in broken else 0
                            for k, i in enumerate(shown)], budget)
    return shown, _span_room(rows, shown, _grow(widths, need, budget), budget)[0], True


def _span_room(rows: list[Row], shown: list[int], widths: list[int], budget: int
               ) -> tuple[list[int], bool]:
    """``widths`` with the last column under a cell spanning several columns (a label
    across the row) widened, within ``budget``, until the cell's longest word fits; and
    whether a word of such a cell still has to break."""
    widths = list(widths)
    broken = False
    for row in rows:
        position = 0
        for cell in row:
            covered = [k for k, i in enumerate(shown) if position <= i < position + cell.span]
            if cell.span > 1 and cell.text is not None and covered and not cell.loose:
                need = max([_longest_word(cell.text), *map(_longest_word, cell.lines)])
                short = need - sum(widths[k] for k in covered) - 3 * (len(covered) - 1)
                if short > 0:
                    grow = min(short, max(budget - sum(widths), 0))
                    widths[covered[-1]] += grow
                    broken = broken or grow < short
            position += cell.span
    return widths, broken



def _shrink(natural: list[int], words: list[int], budget: int) -> list[int] | None:
    """Widths within ``budget`` shrinking the widest wrappable column first, none below
    its longest word; ``None`` when that is not enough."""
    if sum(words) > budget:
        return None
    widths = list(natural)
    excess = sum(widths) - budget
    while excess > 0:
        # (a keep column's words are its whole cells: it gives way only what its
        # wrapped extra lines, a description, took)
        candidates = [i for i, w in enumerate(widths) if w > words[i]]
        widest = max(candidates, key=lambda i: widths[i])
        others = [widths[i] for i in candidates if i != widest]
        step = max(1, min(excess, widths[widest] - max(words[widest], max(others, default=0))))
        widths[widest] -= step
        excess -= step
    return widths


def _squeeze(widths: list[int], keep: list[bool], firm: list[bool], budget: int,
             floors: list[int] | None = None) -> list[int]:
    """Widths within ``budget`` when even the longest words do not fit: the widest
    columns give way first (words break), ``keep`` ones last, ``firm`` ones only down to
    their ``floors`` (the longest word of their cells, not of their header); none
    narrower than 4."""
    widths = list(widths)
    floors = floors or [4] * len(widths)
    soft = [i for i in range(len(widths)) if not firm[i]]
    pools = ([i for i in soft if not keep[i]], soft, list(range(len(widths))))
    for pool in pools:
        while sum(widths) > budget:
            movable = [i for i in pool if widths[i] > max(floors[i], 4)]
            widest = max(movable, key=lambda i: widths[i], default=None)
            if widest is None:
                break
            widths[widest] -= 1
    return widths


def _grow(widths: list[int], natural: list[int], budget: int) -> list[int]:
    """Give the room left within ``budget`` back to the columns narrower than their
    natural width: whole, the smallest shortfall first; then what is left to the
    first short column."""
    widths = list(widths)
    room = budget - sum(widths)
    for i in sorted(range(len(widths)), key=lambda i: natural[i] - widths[i]):
        gap = natural[i] - widths[i]
        if 0 < gap <= room:
            widths[i] += gap
            room -= gap
    for i, w in enumerate(widths):
        if room > 0 and w < natural[i]:
            step = min(room, natural[i] - w)
            widths[i] += step
            room -= step
    return widths


def _visible(row: Row, shown: list[int]) -> Row:
    """``row``'s cells over the columns shown (a span loses its hidden columns; a cell
    in a hidden column goes)."""
    out: Row = []
    position = 0
    for cell in row:
        covered = sum(1 for i in range(position, position + cell.span) if i in shown)
        if covered:
            out.append(cell if covered == cell.span else Cell(
                cell.text, covered, cell.style, cell.right, cell.lines, cell.label,
                cell.loose))
        position += cell.span
    return out


def _border(left: str, middle: str, right: str, line: str, widths: list[int]) -> str:
    return left + middle.join(line * (w + 2) for w in widths) + right


def _row_lines(row: Row, columns: list[Column], widths: list[int], color: bool) -> list[str]:
    """The lines of one row: each cell wrapped to its width, padded, between borders."""
    blocks = []
    position = 0
    for cell in row:
        span_width = sum(widths[position:position + cell.span]) + 3 * (cell.span - 1)
        right = columns[position].right if cell.right is None else cell.right
        lines = [(text, cell.style) for text in wrap(cell.text or "", span_width)]
        lines += [(text, "dim") for extra in cell.lines for text in wrap(extra, span_width)]
        blocks.append((lines, span_width, right))
        position += cell.span
    height = max(len(lines) for lines, _, _ in blocks)
    out = []
    for index in range(height):
        parts = []
        for lines, span_width, right in blocks:
            text, style = lines[index] if index < len(lines) else ("", "")
            pad = " " * (span_width - width_of(text))
            styled = _style(text, style, color)
            parts.append(pad + styled if right else styled + pad)
        out.append("│ " + " │ ".join(parts) + " │")
    return out


def paragraph(text: str, width: int, style: str = "", color: bool = False) -> list[str]:
    """A note or warning as lines of at most ``width`` cells (no trailing spaces), each
    in ``style`` when ``color``."""
    return [_style(line.rstrip(), style, color) for line in wrap(text, width)]


def column_blocks(grid: Grid, width: int, fixed: int = 1) -> list[Grid]:
    """``grid`` as one or more grids to print one under the other, for a table with more
    columns than ``width`` holds: each block has the first ``fixed`` columns (the row
    labels) and as many of the others, in order, as fit without breaking a word — cells
    wrap first (:func:`fit`), then the columns go on in the next block. A column that
    does not fit even alone with the fixed ones has a block of its own (where its words
    break). Rows are one-column cells, or a single cell across every column (a label),
    which spans each block's columns."""
    blocks: list[list[int]] = []
    current: list[int] = []
    labels = list(range(fixed))
    for index in range(fixed, len(grid.columns)):
        if current and not _columns_of(grid, [*labels, *current, index]).fits(width):
            blocks.append(current)
            current = []
        current.append(index)
    if current:
        blocks.append(current)
    if len(blocks) <= 1:
        return [grid]
    return [_columns_of(grid, [*labels, *block]) for block in blocks]


def _columns_of(grid: Grid, indices: list[int]) -> Grid:
    """The grid of ``grid``'s columns ``indices`` (see :func:`column_blocks`)."""
    count = len(grid.columns)

    def take(row: Row) -> Row:
        if len(row) == 1 and row[0].span == count:
            cell = row[0]
            return [Cell(cell.text, len(indices), cell.style, cell.right, cell.lines,
                         cell.label, cell.loose)]
        if len(row) != count:
            raise ValueError("column_blocks: a row's cells must span one column each")
        return [row[i] for i in indices]

    return Grid([grid.columns[i] for i in indices],
                [row if row is RULE else take(row) for row in grid.rows],  # type: ignore[arg-type]
                None if grid.footer is None else take(grid.footer))


def simple_table(title: str, headers: Sequence[str], rows: Iterable[Sequence[str]],
                 width: int, color: bool = False, right: Sequence[str] = (),
                 keep: Sequence[str] = (), optional: Sequence[str] = ()) -> str:
    """A titled table of plain text ``rows`` (already made printable), ``width`` cells
    wide: the columns named in ``right`` right-aligned, those in ``keep`` never
    wrapped while the width allows, those in ``optional`` left out (in that order)
    when the rest would not fit otherwise."""
    grid = Grid([Column(h, right=h in right, keep=h in keep, optional=h in optional)
                 for h in headers])
    for row in rows:
        grid.add(*(Cell(text) for text in row))
    return "\n".join([*paragraph(title, width), *grid.render(width, color)]) + "\n"
