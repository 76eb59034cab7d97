"""The inbox: one row per visible mention, its waiting time ticking, in the order the trainee chooses.

A Line API widget (a `ScrollView` that draws one terminal line at a time), not a `DataTable`: every clock
tick changes the waiting time on every row, and a DataTable rewrites each changed cell and then renders its
visible cells afresh through Rich, which with a thousand open mentions took longer than the tick itself. Here
a tick only swaps in the newly sorted items, and the cells are worked out when a row is drawn, for the rows
on screen only (see benchmarks/bench_app_tick.py). It looks and handles like the DataTable it replaced: the
same colours, a header that stays put, zebra stripes, a row cursor that stays on its mention when the order
changes, Enter or a second click to select, a hover highlight under the mouse.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import ClassVar

from rich.console import Console
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.cache import LRUCache
from textual.geometry import Region, Size, Spacing, clamp
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from trainer.session import InboxItem
from trainer.widgets.inbox_rows import COLUMNS, FIXED_WIDTHS, ORDERS, Order, row_cells

PADDING = 1
"""Blank cells on each side of a cell's content."""

_Look = tuple[str, bool, bool]
"""How a row is drawn: its component class (header, even or odd row), under the mouse, under the cursor."""


class Inbox(ScrollView, can_focus=True):
    """The mentions in the inbox; moving the cursor onto a row opens it, selecting it goes to the composer."""

    ALLOW_SELECT = False

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "select_cursor", "Select", show=False),
        Binding("up", "cursor_up", "Cursor up", show=False),
        Binding("down", "cursor_down", "Cursor down", show=False),
        Binding("ctrl+home", "first", "Top", show=False),
        Binding("ctrl+end", "last", "Bottom", show=False),
    ]

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "inbox--header",
        "inbox--cursor",
        "inbox--hover",
        "inbox--even-row",
        "inbox--odd-row",
    }

    # Textual's own DataTable look, so the inbox matches the app's other tables.
    DEFAULT_CSS = """
    Inbox {
        background: $surface;
        color: $foreground;
        height: auto;
        max-height: 100%;

        &:focus {
            background-tint: $foreground 5%;
            & > .inbox--cursor {
                background: $block-cursor-background;
                color: $block-cursor-foreground;
                text-style: $block-cursor-text-style;
            }
            & > .inbox--header {
                background-tint: $foreground 5%;
            }
        }
        &:dark > .inbox--even-row {
            background: $surface-darken-1 40%;
        }
        & > .inbox--header {
            text-style: bold;
            background: $panel;
            color: $foreground;
        }
        &:ansi > .inbox--header {
            background: ansi_bright_blue;
            color: ansi_default;
        }
        & > .inbox--even-row {
            background: $surface-lighten-1 50%;
        }
        & > .inbox--cursor {
            background: $block-cursor-blurred-background;
            color: $block-cursor-blurred-foreground;
            text-style: $block-cursor-blurred-text-style;
        }
        & > .inbox--hover {
            background: $block-hover-background;
        }
    }
    """

    class _About(Message):
        """Something happened to one mention of this inbox."""

        def __init__(self, inbox: Inbox, mention: str) -> None:
            super().__init__()
            self.inbox = inbox
            self.mention = mention

        @property
        def control(self) -> Inbox:
            """The inbox it happened in (so `@on(Inbox.Selected, "#inbox")` selectors work)."""
            return self.inbox

    class Highlighted(_About):
        """The cursor moved onto another mention."""

    class Selected(_About):
        """The trainee chose the mention under the cursor (Enter, or a click on the cursor's row)."""

    def __init__(self, targets: dict[str, float], *, id: str | None = None) -> None:
        """`targets` are the first-response deadlines by mention id, to colour the waiting times."""
        super().__init__(id=id)
        self.targets = targets
        self.order_index = 0
        self._items: list[InboxItem] = []
        self._cursor = 0
        self._hover: int | None = None
        self._base = Style()
        """The widget's own style, under every line (set as the lines are drawn)."""
        self._measured: set[str] = set()
        self._drawn: LRUCache[tuple[object, ...], list[Segment]] = LRUCache(4096)
        """Cells as drawn, by row, column, content, width and look: a tick redraws only the cells that
        changed (mostly the waiting times)."""
        self._widths = [len(column) + 2 * PADDING for column in COLUMNS]
        for column, width in FIXED_WIDTHS.items():
            self._widths[COLUMNS.index(column)] = width + 2 * PADDING

    @property
    def order(self) -> Order:
        """The current sort order."""
        return ORDERS[self.order_index]

    @property
    def selected(self) -> str | None:
        """The mention id under the cursor, if any."""
        return self._items[self._cursor].id if self._items else None

    def next_order(self) -> Order:
        """Switch to the next sort order (the rows are re-sorted on the next `show`)."""
        self.order_index = (self.order_index + 1) % len(ORDERS)
        return self.order

    def show(self, items: Sequence[InboxItem]) -> None:
        """Show `items` in the current order, the cursor kept on the mention it was on."""
        selected = self.selected
        self._items = sorted(items, key=self.order.key)
        self._measure(item for item in self._items if item.id not in self._measured)
        if selected is not None:
            self._cursor = next((i for i, item in enumerate(self._items) if item.id == selected), 0)
        self._cursor = clamp(self._cursor, 0, max(len(self._items) - 1, 0))
        self.virtual_size = Size(sum(self._widths), len(self._items) + 1)
        self.refresh()

    def _measure(self, new: Iterable[InboxItem]) -> None:
        """Widen the columns that fit their content to new rows (their content never changes later)."""
        for item in new:
            self._measured.add(item.id)
            for index, cell in enumerate(row_cells(item, self.targets[item.id])):
                if COLUMNS[index] not in FIXED_WIDTHS:
                    self._widths[index] = max(self._widths[index], cell.cell_len + 2 * PADDING)

    # Drawing -----------------------------------------------------------------------------------------

    def render_lines(self, crop: Region) -> list[Strip]:
        """Work out the widget's own style once for all the lines drawn (it walks up the DOM)."""
        self._base = self.rich_style
        return super().render_lines(crop)

    def render_line(self, y: int) -> Strip:
        """Line 0 is the header, which stays put; the rows below it scroll."""
        scroll_x, scroll_y = self.scroll_offset
        width = self.size.width
        base = self._base
        if y == 0:
            segments = self._line(-1, [Text(column) for column in COLUMNS], ("inbox--header", False, False))
        else:
            index = y - 1 + scroll_y
            if index >= len(self._items):
                return Strip.blank(width, base)
            segments = self._row(index)
        return Strip(segments).crop(scroll_x, scroll_x + width).adjust_cell_length(width, base).simplify()

    def _row(self, index: int) -> list[Segment]:
        item = self._items[index]
        look = (
            "inbox--odd-row" if index % 2 else "inbox--even-row",
            index == self._hover,
            index == self._cursor,
        )
        return self._line(index, row_cells(item, self.targets[item.id]), look)

    def _line(self, row: int, cells: Sequence[Text], look: _Look) -> list[Segment]:
        """The cells padded to their columns, then the row's colour to the widget's right edge."""
        segments: list[Segment] = []
        for column, (cell, width) in enumerate(zip(cells, self._widths, strict=True)):
            key = (row, column, cell.plain, cell.style, tuple(cell.spans), width, look)
            drawn = self._drawn.get(key)
            if drawn is None:
                drawn = self._drawn[key] = self._cell(row, column, cell, width, look)
            segments += drawn
        rest = max(0, self.size.width - sum(self._widths))
        row_style, highlight = self._styles(look)
        return [*segments, Segment(" " * rest, row_style + highlight + Style.from_meta({"row": row}))]

    def _cell(self, row: int, column: int, cell: Text, width: int, look: _Look) -> list[Segment]:
        """One cell, layered as the DataTable does.

        The row's style goes under the cell's own, the highlight over both, and the highlight's text colour
        over all (the cursor row reads in one colour). The cell carries its row and column as style meta,
        which tells a click or the mouse which row it is on.
        """
        console = self.app.console
        row_style, highlight = self._styles(look)
        content = Segment.adjust_line_length(_segments(cell, console), width - 2 * PADDING)
        padded = [Segment(" " * PADDING), *content, Segment(" " * PADDING)]
        under = row_style + Style.from_meta({"row": row, "column": column}) + highlight
        return list(Segment.apply_style(padded, under, Style.from_color(color=highlight.color)))

    def _styles(self, look: _Look) -> tuple[Style, Style]:
        """The row's style and the highlight over it, from the widget's CSS."""
        stripe, hover, cursor = look
        highlight = Style()
        if hover:
            highlight += self.get_component_rich_style("inbox--hover")
        if cursor:
            highlight += self.get_component_rich_style("inbox--cursor")
        return self.get_component_rich_style(stripe), highlight

    def notify_style_update(self) -> None:
        """Focus, hover or a new theme change the colours: draw every cell afresh."""
        super().notify_style_update()
        self._drawn.clear()

    # The cursor --------------------------------------------------------------------------------------

    def _move_cursor(self, index: int, *, scroll: bool = True) -> None:
        """Put the cursor on row `index` (kept in range); a new mention under it is announced."""
        if not self._items:
            return
        index = clamp(index, 0, len(self._items) - 1)
        if scroll:
            self.scroll_to_region(
                Region(int(self.scroll_x), index + 1, 1, 1), spacing=Spacing(top=1), animate=False, force=True
            )
        if index == self._cursor:
            return
        self.refresh_line(self._cursor + 1)
        self.refresh_line(index + 1)
        self._cursor = index
        self.post_message(self.Highlighted(self, self._items[index].id))

    def _set_hover(self, index: int | None) -> None:
        if index != self._hover:
            for row in (self._hover, index):
                if row is not None:
                    self.refresh_line(row + 1)
            self._hover = index

    def _row_under(self, event: events.MouseEvent) -> int | None:
        row = event.style.meta.get("row")
        return row if isinstance(row, int) and 0 <= row < len(self._items) else None

    def on_mouse_move(self, event: events.MouseMove) -> None:
        """Highlight the row under the mouse."""
        self._set_hover(self._row_under(event))

    def on_leave(self) -> None:
        """No hover highlight once the mouse is gone."""
        self._set_hover(None)

    def on_click(self, event: events.Click) -> None:
        """A click moves the cursor to the row; a click on the cursor's row selects it."""
        index = self._row_under(event)
        if index is None:
            return
        event.stop()
        if index == self._cursor:
            self.action_select_cursor()
        else:
            self._move_cursor(index)

    def action_select_cursor(self) -> None:
        """Select the mention under the cursor."""
        if self._items:
            self.post_message(self.Selected(self, self._items[self._cursor].id))

    def action_cursor_up(self) -> None:
        """One row up."""
        self._set_hover(None)
        self._move_cursor(self._cursor - 1)

    def action_cursor_down(self) -> None:
        """One row down."""
        self._set_hover(None)
        self._move_cursor(self._cursor + 1)

    def action_page_up(self) -> None:
        """A screenful up, the cursor keeping its place on the screen."""
        self._page(-1)

    def action_page_down(self) -> None:
        """A screenful down, the cursor keeping its place on the screen."""
        self._page(1)

    def _page(self, direction: int) -> None:
        self._set_hover(None)
        rows = max(1, self.scrollable_content_region.height - 1)
        self.scroll_relative(y=direction * rows, animate=False, force=True)
        self._move_cursor(self._cursor + direction * rows, scroll=False)

    def action_first(self) -> None:
        """To the first row."""
        self._set_hover(None)
        self._move_cursor(0)

    def action_last(self) -> None:
        """To the last row."""
        self._set_hover(None)
        self._move_cursor(len(self._items) - 1)

    def action_scroll_home(self) -> None:
        """To the left edge (the cursor is on whole rows, so only the view moves)."""
        self.scroll_x = 0

    def action_scroll_end(self) -> None:
        """To the right edge."""
        self.scroll_x = self.max_scroll_x


def _segments(text: Text, console: Console) -> list[Segment]:
    """A one-line `Text` as segments, its own style under its spans' (as Rich lays them out)."""
    return list(Segment.apply_style(text.render(console), console.get_style(text.style)))
