//! The passages tab: the filter pane beside the table of matching passages and
//! the detail of the row under the cursor. It owns the query: a filter change
//! asks again, an invalid one keeps the last valid result on screen and says why.

use super::filter::{Field, FilterPane, Reply};
use super::passage_table::{self, PassageTable};
use super::{Ctx, EventState, Out};
use crate::domain::TimeError;
use crate::i18n::tui::TuiText as T;
use crate::i18n::{Lang, fill};
use crate::ops::Purpose;
use crate::store::passages::{Cursor, PassageRow, to_ts};
use crate::tui::action::Action;
use crate::tui::overlay::{Overlay, Prompt, PromptKind, RecordView};
use crate::tui::widget::{pane_block, safe, thousands, wrapped_rows};
use crate::tui::worker::{FIND_BUDGET, Fill, Query, Request, Response, row_matches};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span, Text};
use ratatui::widgets::{Paragraph, Wrap};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Focus {
    Filters,
    Table,
}

/// From this width the filters stay beside the table; below it they fold into
/// a one-line summary and open over the left of the table when focused.
pub const FULL_WIDTH: u16 = 100;
const FILTER_WIDTH: u16 = 32;
const FILTER_WIDTH_COMPACT: u16 = 32;

#[derive(Debug, Clone)]
pub struct PassagesTab {
    pub filter: FilterPane,
    pub table: PassageTable,
    pub focus: Focus,
    /// Bumped whenever the query changes; answers for older ones are dropped.
    pub generation: u64,
    /// The query on screen: the last valid filter.
    pub query: Query,
    /// Why the filter as typed is not a query, and the field at fault.
    pub error: Option<(Field, TimeError)>,
    /// The folded search text for `/`, `n`, `N`.
    pub search: String,
    pub searching: bool,
    /// The purpose recorded with every search from here on (`p` changes it).
    pub purpose: Option<Purpose>,
    /// The config file asks for a purpose on every search, not only on a person's.
    pub purpose_always: bool,
    /// The query on screen waits for a purpose before anything of it is fetched.
    pub waiting_for_purpose: bool,
}

impl Default for PassagesTab {
    fn default() -> Self {
        PassagesTab {
            filter: FilterPane::default(),
            table: PassageTable::default(),
            focus: Focus::Table,
            generation: 0,
            query: Query::default(),
            error: None,
            search: String::new(),
            searching: false,
            purpose: None,
            purpose_always: false,
            waiting_for_purpose: false,
        }
    }
}

impl PassagesTab {
    /// The database holds no passages at all.
    pub fn is_empty_store(&self) -> bool {
        self.filter.readers_loaded && self.filter.readers.is_empty()
    }

    pub fn busy(&self) -> bool {
        self.table.pending.is_some() || self.searching
    }

    /// Asks for the first page and the count of the current query. The worker
    /// audits each distinct query before its first page is shown; one that names
    /// someone (or, by policy, any) asks for the purpose first and fetches nothing.
    pub fn requery(&mut self, out: &mut Out) {
        self.generation += 1;
        self.table.reset();
        self.waiting_for_purpose = self.purpose_missing();
        if self.waiting_for_purpose {
            // Not even how many: nothing of this search is read before it has a purpose.
            self.table.count = None;
            out.open = Some(self.purpose_prompt());
            return;
        }
        self.reload(Fill::First, None, out);
        out.request(Request::Count {
            generation: self.generation,
            query: self.query.clone(),
        });
    }

    /// Whether the query on screen needs a purpose that has not been given.
    fn purpose_missing(&self) -> bool {
        self.purpose.is_none() && (self.purpose_always || self.query.names_someone())
    }

    /// The purpose prompt, holding the purpose in force; the app adds the open
    /// requests to choose from.
    fn purpose_prompt(&self) -> Overlay {
        Overlay::Prompt(Prompt::with(
            PromptKind::Purpose,
            &self
                .purpose
                .as_ref()
                .map(Purpose::label)
                .unwrap_or_default(),
        ))
    }

    /// Enter in the purpose prompt: a request's reference names the request,
    /// anything else is an incident note. The worker checks and keeps it.
    pub fn choose_purpose(&mut self, value: &str, ctx: &Ctx, out: &mut Out) {
        if value.is_empty() {
            return;
        }
        let purpose = match value.parse::<crate::domain::request::RequestId>() {
            Ok(r) => Ok(Purpose::Case(r)),
            Err(_) => Purpose::reason(value),
        };
        match purpose {
            Ok(p) => out.request(Request::SetPurpose(Some(p))),
            Err(e) => out.error(e.text(ctx.lang)),
        }
    }

    fn fetch(&self, next: Option<(crate::store::passages::Page, usize, Fill)>, out: &mut Out) {
        if let Some((page, limit, fill)) = next {
            out.request(Request::Page {
                generation: self.generation,
                query: self.query.clone(),
                page,
                limit,
                fill,
            });
        }
    }

    fn reload(&mut self, fill: Fill, at: Option<&PassageRow>, out: &mut Out) {
        let req = self.table.start(fill, at);
        self.fetch(Some(req), out);
    }

    fn move_table(&mut self, delta: isize, out: &mut Out) {
        let next = self.table.move_by(delta);
        self.fetch(next, out);
    }

    /// The filter changed: rebuild it and, when valid, query again.
    fn filter_changed(&mut self, ctx: &Ctx, out: &mut Out) {
        let built = self.filter.build(ctx.now);
        self.error = built.error;
        if self.error.is_some() {
            // Half-typed times keep the last valid result on screen.
            return;
        }
        self.query = built.query;
        self.requery(out);
    }

    pub fn focus_filters(&mut self) {
        self.focus = Focus::Filters;
        self.filter.clamp();
    }

    /// Takes an action while the tab is shown.
    pub fn on(&mut self, action: Action, ctx: &Ctx, out: &mut Out) -> EventState {
        if self.is_empty_store() {
            return EventState::NotConsumed;
        }
        if action == Action::Purpose {
            out.open = Some(self.purpose_prompt());
            return EventState::Consumed;
        }
        if self.focus == Focus::Filters {
            let reply = self.filter.on(action, ctx);
            match reply {
                Reply::Changed => self.filter_changed(ctx, out),
                Reply::Leave => self.focus = Focus::Table,
                Reply::Consumed | Reply::NotConsumed => {}
            }
            return reply.state();
        }
        let page = self.table.scroll.page();
        match action {
            Action::Up => self.move_table(-1, out),
            Action::Down => self.move_table(1, out),
            Action::PageUp => self.move_table(-page, out),
            Action::PageDown => self.move_table(page, out),
            Action::Top => self.reload(Fill::First, None, out),
            Action::Bottom => self.reload(Fill::Last, None, out),
            Action::Enter => {
                if let Some(r) = self.table.selected_row() {
                    out.open = Some(Overlay::Record(RecordView::new(
                        T::ScopeRecord.text(ctx.lang),
                        passage_table::record_fields(r, ctx.lang),
                    )));
                }
            }
            Action::Search => out.open = Some(Overlay::Prompt(Prompt::new(PromptKind::Search))),
            Action::SearchNext => self.find(true, ctx, out),
            Action::SearchPrev => self.find(false, ctx, out),
            Action::FocusFilters | Action::NextPane | Action::PrevPane => self.focus_filters(),
            Action::ClearFilters => {
                self.filter.clear();
                self.filter_changed(ctx, out);
            }
            _ => return EventState::NotConsumed,
        }
        EventState::Consumed
    }

    /// Typing in the search prompt marks matches as they are typed.
    pub fn search_typed(&mut self, text: &str) {
        self.search = crate::text::fold(text);
    }

    /// Enter in the search prompt: jump to the first match after the cursor.
    pub fn search_for(&mut self, text: &str, ctx: &Ctx, out: &mut Out) {
        self.search = crate::text::fold(text);
        if self.search.is_empty() {
            return;
        }
        out.info(fill(T::Searched.text(ctx.lang), &[&text]));
        self.find(true, ctx, out);
    }

    /// The next match of the search text: in the rows already here when there
    /// is one, otherwise asked of the worker, which scans further pages.
    fn find(&mut self, forward: bool, ctx: &Ctx, out: &mut Out) {
        if self.search.is_empty() {
            out.open = Some(Overlay::Prompt(Prompt::new(PromptKind::Search)));
            return;
        }
        let rows = &self.table.rows;
        let sel = self.table.selected();
        let hit = if forward {
            (sel + 1..rows.len()).find(|&i| row_matches(&rows[i], &self.search))
        } else {
            (0..sel)
                .rev()
                .find(|&i| row_matches(&rows[i], &self.search))
        };
        if let Some(i) = hit {
            self.move_table(i as isize - sel as isize, out);
            return;
        }
        let edge_done = if forward {
            self.table.at_end
        } else {
            self.table.at_start
        };
        if edge_done || rows.is_empty() {
            out.info(T::NoFurtherMatch.text(ctx.lang));
            return;
        }
        let from = if forward { rows.last() } else { rows.first() }.map(|r| Cursor {
            ts: to_ts(r.time),
            id: r.id,
        });
        self.searching = true;
        out.info(T::Searching.text(ctx.lang));
        out.request(Request::Find {
            generation: self.generation,
            query: self.query.clone(),
            from,
            forward,
            needle: self.search.clone(),
        });
    }

    /// Takes the worker's answers that concern the tab; `false` when not one.
    pub fn on_response(&mut self, resp: &mut Option<Response>, ctx: &Ctx, out: &mut Out) {
        let Some(r) = resp.take() else { return };
        match r {
            Response::Page {
                generation,
                fill,
                rows,
                elapsed,
            } => {
                if generation == self.generation {
                    self.table.page_ms = Some(elapsed.as_millis());
                    self.table.receive(fill, rows);
                    let next = self.table.prefetch();
                    self.fetch(next, out);
                }
            }
            Response::Count {
                generation,
                count,
                elapsed,
            } => {
                if generation == self.generation {
                    self.table.count = Some(count);
                    self.table.count_ms = Some(elapsed.as_millis());
                }
            }
            Response::Found {
                generation,
                row,
                scanned,
                ..
            } => {
                if generation != self.generation {
                    return;
                }
                self.searching = false;
                match row {
                    Some(row) => {
                        out.say = Some((super::Tone::Info, String::new()));
                        self.reload(Fill::At, Some(&row), out);
                    }
                    None if scanned >= FIND_BUDGET => {
                        out.info(fill(T::NoMatchIn.text(ctx.lang), &[&thousands(scanned)]))
                    }
                    None => out.info(T::NoFurtherMatch.text(ctx.lang)),
                }
            }
            Response::Readers(readers) => self.filter.set_readers(readers),
            Response::PurposeSet(result) => match result {
                Ok(p) => {
                    self.purpose = p;
                    // A new purpose searches again, so what is shown is audited under it.
                    if self.waiting_for_purpose || self.purpose.is_some() {
                        self.requery(out);
                    }
                }
                Err(e) => out.error(e),
            },
            other => *resp = Some(other),
        }
    }

    /// A worker failed on this tab's generation: nothing is pending any more.
    pub fn failed(&mut self) {
        self.table.pending = None;
        self.searching = false;
    }

    pub fn draw(&self, frame: &mut Frame, body: Rect, ctx: &Ctx, has_overlay: bool) {
        let lang = ctx.lang;
        if self.is_empty_store() {
            super::draw_empty(frame, body, ctx, empty_text(ctx));
            return;
        }
        let show_filters = ctx.full || self.focus == Focus::Filters;
        let right = if show_filters {
            let fw = if ctx.full {
                FILTER_WIDTH
            } else {
                FILTER_WIDTH_COMPACT
            };
            let [f, r] =
                Layout::horizontal([Constraint::Length(fw), Constraint::Fill(1)]).areas(body);
            let bad = self.error.as_ref().map(|(f, _)| *f);
            self.filter.draw(
                frame,
                f,
                ctx,
                self.focus == Focus::Filters && !has_overlay,
                bad,
            );
            r
        } else {
            let [s, r] = Layout::vertical([Constraint::Length(1), Constraint::Fill(1)]).areas(body);
            self.draw_summary(frame, s, ctx);
            r
        };
        // An invalid filter: its error in full above the table, which keeps the
        // last valid result and says so in its title.
        let error_text = self
            .error
            .as_ref()
            .map(|(_, e)| format!("! {}", e.text(lang)));
        let error_rows = error_text
            .as_ref()
            .map_or(0, |e| wrapped_rows(e, right.width as usize) as u16);
        let detail_h = if body.height >= 30 { 8 } else { 6 };
        let [err, table, detail] = Layout::vertical([
            Constraint::Length(error_rows),
            Constraint::Fill(1),
            Constraint::Length(detail_h),
        ])
        .areas(right);
        if let Some(e) = error_text {
            frame.render_widget(
                Paragraph::new(safe(&e))
                    .style(ctx.theme.error)
                    .wrap(Wrap { trim: true }),
                err,
            );
        }
        let mut title = match self.table.count {
            Some(c) => format!(
                "{} · {}",
                T::TabPassages.text(lang),
                crate::i18n::tui::count(c, T::MatchOne, T::MatchMany, lang)
            ),
            None => format!("{} · …", T::TabPassages.text(lang)),
        };
        if self.error.is_some() {
            title.push_str(" · ");
            title.push_str(T::LastValidResult.text(lang));
        }
        let focused = self.focus == Focus::Table && !has_overlay;
        let block = pane_block(ctx.theme, title, focused);
        self.table.draw(
            frame,
            table,
            block,
            ctx,
            passage_table::Look {
                focused,
                systems: self.filter.systems.len() > 1,
                search: &self.search,
            },
        );
        if self.table.rows.is_empty() {
            let inner = Rect::new(
                table.x + 2,
                table.y + 3,
                table.width.saturating_sub(4),
                table.height.saturating_sub(4),
            );
            let t = ctx.theme;
            let text = if self.waiting_for_purpose {
                vec![
                    Line::from(T::PurposeWaiting.text(lang)),
                    Line::from(vec![
                        Span::styled("p ", t.key),
                        Span::raw(T::GivesPurpose.text(lang)),
                    ]),
                ]
            } else if self.table.loaded {
                vec![
                    Line::from(crate::i18n::Msg::NoPassages.text(lang)),
                    Line::from(vec![
                        Span::styled("x ", t.key),
                        Span::raw(T::ClearsFilters.text(lang)),
                        Span::styled("f ", t.key),
                        Span::raw(T::ChangesThem.text(lang)),
                    ]),
                ]
            } else {
                vec![Line::styled(T::Loading.text(lang), t.muted)]
            };
            frame.render_widget(Paragraph::new(text).wrap(Wrap { trim: true }), inner);
        }
        self.table.draw_detail(frame, detail, ctx);
    }

    fn draw_summary(&self, frame: &mut Frame, area: Rect, ctx: &Ctx) {
        let t = ctx.theme;
        let lang = ctx.lang;
        let parts = self.filter.summary(lang);
        let mut spans = vec![Span::styled(
            format!(" {}: ", T::ScopeFilters.text(lang)),
            t.title,
        )];
        if parts.is_empty() {
            spans.push(Span::styled(T::NoFilters.text(lang), t.muted));
        } else {
            spans.push(Span::raw(safe(&parts.join(" · "))));
        }
        spans.push(Span::styled("  f ", t.key));
        spans.push(Span::styled(T::Change.text(lang), t.muted));
        frame.render_widget(Line::from(spans), area);
    }

    /// The purpose, position and timing shown at the right of the message line,
    /// in at most `room` columns: the timing gives way first, then the purpose is
    /// shortened.
    pub fn stats(&self, lang: Lang, room: usize) -> String {
        if self.is_empty_store() {
            return String::new();
        }
        let p = &self.table;
        let mut rest = Vec::new();
        if let (Some(pos), Some(c)) = (p.position(), p.count)
            && c > 0
        {
            rest.push(fill(
                T::RowOfCount.text(lang),
                &[&thousands(pos), &thousands(c)],
            ));
        } else if let Some(c) = p.count {
            rest.push(crate::i18n::tui::count(c, T::MatchOne, T::MatchMany, lang));
        }
        let timing = p.count_ms.or(p.page_ms).map(|ms| {
            if ms == 0 {
                "<1 ms".to_owned()
            } else {
                format!("{ms} ms")
            }
        });
        let label = format!("{}: ", crate::i18n::ops::PurposeUi::Label.text(lang));
        let purpose = self.purpose.as_ref().map_or_else(
            || crate::i18n::ops::PurposeUi::None.text(lang).to_owned(),
            |p| safe(&p.label()),
        );
        let join = |purpose: &str, rest: &[String]| {
            std::iter::once(format!("{label}{purpose}"))
                .chain(rest.iter().cloned())
                .collect::<Vec<_>>()
                .join(" · ")
        };
        let mut with_timing = rest.clone();
        with_timing.extend(timing);
        let full = join(&crate::text::truncate(&purpose, 28), &with_timing);
        if crate::tui::widget::width(&full) <= room {
            return full;
        }
        let short = join("", &rest);
        let left = room.saturating_sub(crate::tui::widget::width(&short));
        join(&crate::text::truncate(&purpose, left.max(6)), &rest)
    }
}

fn empty_text(ctx: &Ctx) -> Text<'static> {
    let lang = ctx.lang;
    Text::from(vec![
        Line::from(T::EmptyPassagesTitle.text(lang)).style(ctx.theme.title),
        Line::from(""),
        Line::from(T::EmptyPassagesBody.text(lang)),
        Line::from(""),
        Line::from(vec![
            Span::styled("  i", ctx.theme.key),
            Span::raw(format!(
                "                       {}",
                T::EmptyPassagesHere.text(lang)
            )),
        ]),
        Line::from(vec![
            Span::styled(format!("  {}", T::ImportCommand.text(lang)), ctx.theme.key),
            Span::raw(format!("     {}", T::InTheShell.text(lang))),
        ]),
    ])
}
