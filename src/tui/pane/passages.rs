//! The passage table: a buffer of a few hundred rows around the cursor, filled
//! page by page with keyset pagination, so millions of matches cost one page.

use crate::store::passages::{Cursor, Page, PassageRow, to_ts};
use crate::tui::worker::Fill;

/// Rows fetched per page.
pub const CHUNK: usize = 200;
/// Rows kept in the buffer; beyond this the far end is dropped.
pub const KEEP: usize = 3 * CHUNK;

/// Where the buffer sits in the whole result, when known.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Base {
    /// `rows[0]` is the n-th match (0-based).
    FromStart(u64),
    /// n matches follow the buffer's last row.
    FromEnd(u64),
    Unknown,
}

#[derive(Debug, Clone)]
pub struct PassagesPane {
    pub rows: Vec<PassageRow>,
    pub base: Base,
    /// Index into `rows` of the row under the cursor.
    pub selected: usize,
    /// Index into `rows` of the first row shown.
    pub offset: usize,
    pub at_start: bool,
    pub at_end: bool,
    /// A page asked for and not yet here.
    pub pending: Option<Fill>,
    /// The first page of the current filter has arrived.
    pub loaded: bool,
    pub count: Option<u64>,
    pub page_ms: Option<u128>,
    pub count_ms: Option<u128>,
}

impl Default for PassagesPane {
    fn default() -> Self {
        PassagesPane {
            rows: Vec::new(),
            base: Base::Unknown,
            selected: 0,
            offset: 0,
            at_start: true,
            at_end: true,
            pending: None,
            loaded: false,
            count: None,
            page_ms: None,
            count_ms: None,
        }
    }
}

fn cursor_of(r: &PassageRow) -> Cursor {
    Cursor {
        ts: to_ts(r.time),
        id: r.id,
    }
}

impl PassagesPane {
    /// Forgets the buffer for a new filter; the count is kept on screen until
    /// the new one arrives, so the number does not flicker to nothing.
    pub fn reset(&mut self) {
        let count = self.count;
        *self = PassagesPane::default();
        self.count = count;
        self.loaded = false;
    }

    pub fn selected_row(&self) -> Option<&PassageRow> {
        self.rows.get(self.selected)
    }

    /// The page request that fills the buffer from scratch.
    pub fn start(&mut self, fill: Fill, at: Option<&PassageRow>) -> (Page, usize, Fill) {
        self.pending = Some(fill);
        let page = match fill {
            Fill::Last => Page::Before(None),
            Fill::At => Page::After(at.map(|r| Cursor {
                ts: to_ts(r.time),
                // Strictly after (ts, id - 1) is the hit itself and what follows.
                id: r.id - 1,
            })),
            _ => Page::After(None),
        };
        (page, CHUNK, fill)
    }

    /// Takes a page that arrived. `viewport` is the number of rows shown.
    pub fn receive(&mut self, fill: Fill, rows: Vec<PassageRow>, viewport: usize) {
        if self.pending == Some(fill) {
            self.pending = None;
        }
        let n = rows.len();
        let full = n == CHUNK;
        match fill {
            Fill::First | Fill::Last | Fill::At => {
                self.rows = rows;
                self.loaded = true;
                self.at_start = fill == Fill::First || (fill == Fill::Last && !full);
                self.at_end = fill == Fill::Last || !full;
                self.base = match fill {
                    Fill::First => Base::FromStart(0),
                    Fill::Last => Base::FromEnd(0),
                    _ => Base::Unknown,
                };
                if fill == Fill::Last {
                    self.selected = self.rows.len().saturating_sub(1);
                } else {
                    self.selected = 0;
                }
                self.offset = 0;
            }
            Fill::Append => {
                self.rows.extend(rows);
                self.at_end = !full;
                if let Base::FromEnd(k) = self.base {
                    self.base = Base::FromEnd(k.saturating_sub(n as u64));
                }
                if self.rows.len() > KEEP {
                    let cut = self.rows.len() - KEEP;
                    self.rows.drain(..cut);
                    self.selected = self.selected.saturating_sub(cut);
                    self.offset = self.offset.saturating_sub(cut);
                    self.at_start = false;
                    if let Base::FromStart(k) = self.base {
                        self.base = Base::FromStart(k + cut as u64);
                    }
                }
            }
            Fill::Prepend => {
                let mut rows = rows;
                rows.append(&mut self.rows);
                self.rows = rows;
                self.selected += n;
                self.offset += n;
                self.at_start = !full;
                if let Base::FromStart(k) = self.base {
                    self.base = Base::FromStart(k.saturating_sub(n as u64));
                }
                if self.at_start {
                    self.base = Base::FromStart(0);
                }
                if self.rows.len() > KEEP {
                    let cut = self.rows.len() - KEEP;
                    self.rows.truncate(KEEP);
                    self.at_end = false;
                    if let Base::FromEnd(k) = self.base {
                        self.base = Base::FromEnd(k + cut as u64);
                    }
                }
            }
        }
        self.keep_visible(viewport);
    }

    /// Moves the cursor by `delta` rows within the buffer and says which page
    /// to fetch next, if the cursor came near an edge of the buffer.
    pub fn move_by(&mut self, delta: isize, viewport: usize) -> Option<(Page, usize, Fill)> {
        if self.rows.is_empty() {
            return None;
        }
        let max = self.rows.len() - 1;
        self.selected = (self.selected as isize + delta).clamp(0, max as isize) as usize;
        self.keep_visible(viewport);
        self.prefetch(viewport)
    }

    /// Asks for the next page when the cursor is within a screen of the edge.
    pub fn prefetch(&mut self, viewport: usize) -> Option<(Page, usize, Fill)> {
        if self.pending.is_some() || self.rows.is_empty() {
            return None;
        }
        let viewport = viewport.max(1);
        if !self.at_end && self.selected + 2 * viewport >= self.rows.len() {
            self.pending = Some(Fill::Append);
            let last = self.rows.last().map(cursor_of);
            return Some((Page::After(last), CHUNK, Fill::Append));
        }
        if !self.at_start && self.selected < 2 * viewport {
            self.pending = Some(Fill::Prepend);
            let first = self.rows.first().map(cursor_of);
            return Some((Page::Before(first), CHUNK, Fill::Prepend));
        }
        None
    }

    pub fn keep_visible(&mut self, viewport: usize) {
        let viewport = viewport.max(1);
        if self.rows.is_empty() {
            self.selected = 0;
            self.offset = 0;
            return;
        }
        self.selected = self.selected.min(self.rows.len() - 1);
        if self.selected < self.offset {
            self.offset = self.selected;
        } else if self.selected >= self.offset + viewport {
            self.offset = self.selected + 1 - viewport;
        }
    }

    /// The 1-based position of the cursor among all matches, when known.
    pub fn position(&self) -> Option<u64> {
        let sel = self.selected as u64;
        match self.base {
            Base::FromStart(k) => Some(k + sel + 1),
            Base::FromEnd(k) => self
                .count
                .map(|c| c.saturating_sub(k + self.rows.len() as u64) + sel + 1),
            Base::Unknown => None,
        }
    }
}
