//! The selection among a list's visible rows, and the scroll position that keeps it on
//! screen.

/// Where the selection is (a position among the visible rows) and the first visible row on
/// screen, for a list of `len` visible rows shown `page` at a time.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(super) struct Cursor {
    pub(super) selected: usize,
    pub(super) offset: usize,
}

impl Cursor {
    /// Selects the row at `position`, or the last one when there are fewer, and scrolls to
    /// keep it on screen.
    pub(super) fn select(&mut self, position: usize, len: usize, page: usize) {
        self.selected = position.min(len.saturating_sub(1));
        self.scroll_into_view(len, page);
    }

    /// Moves the selection by `delta` rows, staying in range, and scrolls to keep it on
    /// screen.
    pub(super) fn move_by(&mut self, delta: isize, len: usize, page: usize) {
        self.select(self.selected.saturating_add_signed(delta), len, page);
    }

    fn scroll_into_view(&mut self, len: usize, page: usize) {
        let page = page.max(1);
        if self.selected < self.offset {
            self.offset = self.selected;
        } else if self.selected >= self.offset + page {
            self.offset = self.selected + 1 - page;
        }
        let max_offset = len.saturating_sub(page);
        self.offset = self.offset.min(max_offset);
    }
}
