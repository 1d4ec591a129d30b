//! The passage table: a buffer of a few hundred rows around the cursor, filled
//! page by page with keyset pagination, so millions of matches cost one page.

use super::Ctx;
use crate::domain::{ClockNote, Direction, EventKind, clock};
use crate::i18n::tui::TuiText as T;
use crate::i18n::{Lang, Msg, event_kind};
use crate::store::passages::{Cursor, Page, PassageRow, to_ts};
use crate::tui::widget::columns::Width;
use crate::tui::widget::safe;
use crate::tui::widget::scroll::Scroll;
use crate::tui::widget::table::{self, TableRow};
use crate::tui::worker::Fill;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::widgets::Block;

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
pub struct PassageTable {
    pub rows: Vec<PassageRow>,
    pub base: Base,
    /// The cursor, an index into `rows`, and the window of rows in sight.
    pub scroll: Scroll,
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

impl Default for PassageTable {
    fn default() -> Self {
        PassageTable {
            rows: Vec::new(),
            base: Base::Unknown,
            scroll: Scroll::default(),
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

/// Event kinds that need a second look.
pub fn flagged(k: EventKind) -> bool {
    matches!(
        k,
        EventKind::Denied | EventKind::Forced | EventKind::HeldOpen | EventKind::Alarm
    )
}

pub fn direction(d: Direction, lang: Lang) -> &'static str {
    match d {
        Direction::In => T::DirectionIn.text(lang),
        Direction::Out => T::DirectionOut.text(lang),
        Direction::Unknown => "",
    }
}

/// A passage as label/value pairs, for the record overlay.
pub fn record_fields(r: &PassageRow, lang: Lang) -> Vec<(String, String)> {
    let m = |x: Msg| x.text(lang).to_owned();
    let mut out = vec![
        (m(Msg::Time), clock::show(r.time, r.clock)),
        (m(Msg::System), safe(&r.system)),
        (m(Msg::Reader), safe(&r.reader_label())),
        (m(Msg::Person), safe(&r.person)),
        (m(Msg::EmployeeId), safe(&r.employee_id)),
        (m(Msg::Card), safe(&r.card)),
        (m(Msg::Event), event_kind(r.kind, lang).to_owned()),
        (m(Msg::EventText), safe(&r.event_text)),
        (m(Msg::Direction), direction(r.direction, lang).to_owned()),
        (
            m(Msg::Source),
            format!("{}:{}", safe(&r.source_file), r.source_row),
        ),
    ];
    match r.clock {
        ClockNote::FirstPass | ClockNote::SecondPass | ClockNote::Uncertain => {
            out.push(("!".into(), m(Msg::ClockRepeated)))
        }
        ClockNote::Skipped => out.push(("!".into(), m(Msg::ClockSkipped))),
        ClockNote::None => {}
    }
    out
}

/// How the table is drawn: with focus, with a system column, marking a search.
pub struct Look<'a> {
    pub focused: bool,
    /// There is more than one system, so the column tells something.
    pub systems: bool,
    pub search: &'a str,
}

impl PassageTable {
    /// Forgets the buffer for a new filter; the count is kept on screen until
    /// the new one arrives, so the number does not flicker to nothing.
    pub fn reset(&mut self) {
        let count = self.count;
        let scroll = std::mem::take(&mut self.scroll);
        *self = PassageTable::default();
        self.count = count;
        // The window's height is the screen's, not the filter's.
        self.scroll = scroll;
        self.scroll.select(0, 0);
    }

    pub fn selected(&self) -> usize {
        self.scroll.selected
    }

    pub fn selected_row(&self) -> Option<&PassageRow> {
        self.rows.get(self.scroll.selected)
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

    /// Takes a page that arrived.
    pub fn receive(&mut self, fill: Fill, rows: Vec<PassageRow>) {
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
                let len = self.rows.len();
                self.scroll.shift(-(self.scroll.top() as isize));
                let at = if fill == Fill::Last {
                    len.saturating_sub(1)
                } else {
                    0
                };
                self.scroll.select(at, len);
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
                    self.scroll.shift(-(cut as isize));
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
                self.scroll.shift(n as isize);
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
        let len = self.rows.len();
        let sel = self.scroll.selected;
        self.scroll.select(sel, len);
    }

    /// Moves the cursor by `delta` rows within the buffer and says which page
    /// to fetch next, if the cursor came near an edge of the buffer.
    pub fn move_by(&mut self, delta: isize) -> Option<(Page, usize, Fill)> {
        if self.rows.is_empty() {
            return None;
        }
        self.scroll.move_by(delta, self.rows.len());
        self.prefetch()
    }

    /// Asks for the next page when the cursor is within two screens of the edge.
    pub fn prefetch(&mut self) -> Option<(Page, usize, Fill)> {
        if self.pending.is_some() || self.rows.is_empty() {
            return None;
        }
        let viewport = self.scroll.viewport();
        let sel = self.scroll.selected;
        if !self.at_end && sel + 2 * viewport >= self.rows.len() {
            self.pending = Some(Fill::Append);
            let last = self.rows.last().map(cursor_of);
            return Some((Page::After(last), CHUNK, Fill::Append));
        }
        if !self.at_start && sel < 2 * viewport {
            self.pending = Some(Fill::Prepend);
            let first = self.rows.first().map(cursor_of);
            return Some((Page::Before(first), CHUNK, Fill::Prepend));
        }
        None
    }

    /// The 1-based position of the cursor among all matches, when known.
    pub fn position(&self) -> Option<u64> {
        let sel = self.scroll.selected as u64;
        match self.base {
            Base::FromStart(k) => Some(k + sel + 1),
            Base::FromEnd(k) => self
                .count
                .map(|c| c.saturating_sub(k + self.rows.len() as u64) + sel + 1),
            Base::Unknown => None,
        }
    }

    /// Draws the rows in sight. Beside the filters (`narrow`) only time, reader
    /// and person fit; the full width adds system (when there are several) and card.
    pub fn draw(&self, frame: &mut Frame, area: Rect, block: Block<'_>, ctx: &Ctx, look: Look<'_>) {
        let Look {
            focused,
            systems,
            search,
        } = look;
        let t = ctx.theme;
        let lang = ctx.lang;
        let inner = block.inner(area);
        let narrow = inner.width < 64;
        let full = ctx.full && !narrow;
        let fit = |min, max| Width::Fit { min, max };
        let spare = |min, max| Width::Spare { min, max };
        // Beside the filters the year goes: the window in the filters shows it.
        // The header row and the frame take three rows.
        let height = inner.height.saturating_sub(1) as usize;
        let top = self.scroll.frame(height, self.rows.len());
        // A time in the repeated or skipped hour carries its offset: the column
        // widens for it only while such a row is in sight.
        let note_w = self
            .rows
            .iter()
            .skip(top)
            .take(height)
            .map(|r| r.clock.suffix().len() as u16)
            .max()
            .unwrap_or(0);
        let time_w = if narrow { 14 } else { 19 } + note_w;
        let mut cols = vec![(Msg::Time.text(lang).to_owned(), Width::Fixed(time_w))];
        let show_system = full && systems;
        if show_system {
            cols.push((Msg::System.text(lang).to_owned(), spare(4, 8)));
        }
        cols.push((Msg::Reader.text(lang).to_owned(), fit(8, 40)));
        cols.push((Msg::Person.text(lang).to_owned(), fit(8, 32)));
        if full {
            cols.push((Msg::Card.text(lang).to_owned(), spare(6, 16)));
        }
        if !narrow {
            cols.push((Msg::Event.text(lang).to_owned(), fit(6, 16)));
        }
        let rows: Vec<TableRow> = self
            .rows
            .iter()
            .skip(top)
            .take(height)
            .map(|r| {
                let mut cells = vec![if narrow {
                    format!("{}{}", r.time.format("%m-%d %H:%M:%S"), r.clock.suffix())
                } else {
                    clock::show(r.time, r.clock)
                }];
                if show_system {
                    cells.push(safe(&r.system));
                }
                // The door's name reads best; its code is in the detail pane.
                let reader = if r.reader_name.is_empty() {
                    r.reader_label()
                } else {
                    r.reader_name.clone()
                };
                cells.push(safe(&reader));
                cells.push(safe(&r.person));
                if full {
                    cells.push(safe(&r.card));
                }
                let mut row = TableRow::new(cells);
                if !narrow {
                    let i = row.cells.len();
                    row.cells.push(event_kind(r.kind, lang).to_owned());
                    if flagged(r.kind) {
                        row = row.cell_style(i, t.flagged);
                    }
                }
                if crate::tui::worker::row_matches(r, search) {
                    row = row.style(t.matched);
                }
                row
            })
            .collect();
        let selected = (!rows.is_empty()).then(|| self.scroll.selected.saturating_sub(top));
        table::draw(
            frame,
            area,
            block,
            table::View {
                columns: &cols,
                rows,
                selected,
                focused,
            },
            t,
        );
    }

    /// The detail pane: the row under the cursor, whole.
    pub fn draw_detail(&self, frame: &mut Frame, area: Rect, ctx: &Ctx) {
        use ratatui::text::{Line, Span};
        use ratatui::widgets::{Paragraph, Wrap};
        let t = ctx.theme;
        let lang = ctx.lang;
        let block = crate::tui::widget::pane_block(t, T::Detail.text(lang).to_owned(), false);
        let inner = block.inner(area);
        frame.render_widget(block, area);
        let Some(r) = self.selected_row() else {
            return;
        };
        let k = |s: &str| Span::styled(format!("{s}: "), t.muted);
        let kind_style = if flagged(r.kind) {
            t.flagged
        } else {
            Style::new()
        };
        let mut l = vec![
            Line::from(vec![
                Span::styled(clock::show(r.time, r.clock), t.title),
                Span::raw("  "),
                Span::raw(safe(&r.reader_label())),
                Span::styled(format!("  ({})", safe(&r.system)), t.muted),
            ]),
            Line::from(vec![
                k(Msg::Person.text(lang)),
                Span::raw(safe(if r.person.is_empty() {
                    "–"
                } else {
                    &r.person
                })),
                Span::raw("  "),
                k(Msg::EmployeeId.text(lang)),
                Span::raw(safe(&r.employee_id)),
                Span::raw("  "),
                k(Msg::Card.text(lang)),
                Span::raw(safe(&r.card)),
            ]),
            Line::from(vec![
                k(Msg::Event.text(lang)),
                Span::styled(event_kind(r.kind, lang), kind_style),
                Span::raw(format!(" «{}»", safe(&r.event_text))),
                Span::raw(match direction(r.direction, lang) {
                    "" => String::new(),
                    d => format!("  {}: {d}", Msg::Direction.text(lang)),
                }),
            ]),
            Line::from(vec![
                k(Msg::Source.text(lang)),
                Span::raw(format!("{}:{}", safe(&r.source_file), r.source_row)),
            ]),
        ];
        match r.clock {
            ClockNote::FirstPass | ClockNote::SecondPass | ClockNote::Uncertain => {
                l.push(Line::styled(Msg::ClockRepeated.text(lang), t.flagged))
            }
            ClockNote::Skipped => l.push(Line::styled(Msg::ClockSkipped.text(lang), t.flagged)),
            ClockNote::None => {}
        }
        frame.render_widget(Paragraph::new(l).wrap(Wrap { trim: true }), inner);
    }
}
