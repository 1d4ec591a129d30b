//! The requests tab: requests newest first, and for the one under the cursor
//! the passages inside its scope with their deviations, a pane of its own that
//! takes focus, moves and opens a passage with its deviations in full.

use super::passage_table::{self, flagged};
use super::{Ctx, EventState, Out};
use crate::domain::request::{Request, RequestId};
use crate::i18n::tui::TuiText as T;
use crate::i18n::{Lang, Msg, event_kind, fill};
use crate::rules::request::{EventRow, Extract};
use crate::tui::action::Action;
use crate::tui::overlay::form::Form;
use crate::tui::overlay::{Overlay, Prompt, PromptKind, RecordView};
use crate::tui::widget::columns::Width;
use crate::tui::widget::scroll::Scroll;
use crate::tui::widget::table::{self, TableRow};
use crate::tui::widget::{pane_block, safe};
use crate::tui::words;
use crate::tui::worker::Request as Ask;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Text};
use ratatui::widgets::{Paragraph, Wrap};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Focus {
    List,
    Events,
}

#[derive(Debug, Clone)]
pub struct RequestsPane {
    pub list: Vec<Request>,
    pub loaded: bool,
    pub scroll: Scroll,
    /// The extract of the selected request, once the worker has built it.
    pub events: Option<Extract>,
    pub events_scroll: Scroll,
    pub focus: Focus,
    /// The request to select when the list next arrives (one just saved).
    pub want: Option<RequestId>,
}

impl Default for RequestsPane {
    fn default() -> Self {
        RequestsPane {
            list: Vec::new(),
            loaded: false,
            scroll: Scroll::default(),
            events: None,
            events_scroll: Scroll::default(),
            focus: Focus::List,
            want: None,
        }
    }
}

impl RequestsPane {
    /// New contents; the cursor stays on the same request when it is still there.
    pub fn set(&mut self, list: Vec<Request>, out: &mut Out) {
        let keep = self.want.take().or(self.selected_ref());
        self.list = list;
        self.loaded = true;
        let at = keep
            .and_then(|r| self.list.iter().position(|x| x.reference == r))
            .unwrap_or(0);
        self.scroll.select(at, self.list.len());
        if self.events.as_ref().map(|x| x.request.reference) != self.selected_ref() {
            self.events = None;
        }
        if self.events.is_none() {
            self.ask_events(out);
        }
    }

    pub fn selected(&self) -> Option<&Request> {
        self.list.get(self.scroll.selected)
    }

    pub fn selected_ref(&self) -> Option<RequestId> {
        self.selected().map(|r| r.reference)
    }

    /// The references of the open requests, newest first, for the purpose prompt.
    pub fn open_references(&self) -> Vec<String> {
        self.list
            .iter()
            .filter(|r| !r.is_decided())
            .map(|r| r.reference.to_string())
            .collect()
    }

    pub fn open_count(&self) -> usize {
        self.list.iter().filter(|r| !r.is_decided()).count()
    }

    fn ask_events(&self, out: &mut Out) {
        if let Some(reference) = self.selected_ref() {
            out.request(Ask::RequestEvents { reference });
        }
    }

    /// Takes an extract unless the cursor has moved on since it was asked for.
    pub fn receive(&mut self, extract: Extract) {
        if Some(extract.request.reference) == self.selected_ref() {
            let same = self.events.as_ref().map(|x| x.request.reference)
                == Some(extract.request.reference);
            let n = extract.rows.len();
            self.events = Some(extract);
            if !same {
                self.events_scroll.select(0, n);
            } else {
                let sel = self.events_scroll.selected;
                self.events_scroll.select(sel, n);
            }
        }
    }

    /// Whether an action applies to the request under the cursor now; the
    /// hints leave out what does not.
    pub fn offers(&self, action: Action) -> bool {
        match action {
            Action::EditScope | Action::Decide => self.selected().is_some_and(|r| !r.is_decided()),
            Action::Export => self.selected().is_some(),
            _ => true,
        }
    }

    fn event_record(&self, lang: Lang) -> Option<RecordView> {
        let x = self.events.as_ref()?;
        let e = x.rows.get(self.events_scroll.selected)?;
        let mut fields = passage_table::record_fields(&e.row, lang);
        if e.deviations.is_empty() {
            fields.push((
                Msg::Deviations.text(lang).to_owned(),
                Msg::NoFindings.text(lang).to_owned(),
            ));
        }
        for d in &e.deviations {
            fields.push((Msg::Deviations.text(lang).to_owned(), safe(&d.text(lang))));
        }
        Some(RecordView::new(
            &format!("{} · {}", x.request.reference, T::ScopeRecord.text(lang)),
            fields,
        ))
    }

    pub fn on(&mut self, action: Action, ctx: &Ctx, out: &mut Out) -> EventState {
        let lang = ctx.lang;
        match action {
            Action::NewRequest => {
                out.open = Some(Overlay::Form(Box::new(Form::new_request())));
                return EventState::Consumed;
            }
            Action::EditScope | Action::Decide => {
                let Some(r) = self.selected() else {
                    return EventState::Consumed;
                };
                if let Some(d) = &r.decision {
                    out.error(fill(
                        T::RequestDecided.text(lang),
                        &[&r.reference, &words::day(&d.at)],
                    ));
                    return EventState::Consumed;
                }
                out.open = Some(Overlay::Form(Box::new(if action == Action::Decide {
                    Form::decide(r.reference)
                } else {
                    Form::edit_scope(r.reference, r.scope.clone())
                })));
                return EventState::Consumed;
            }
            Action::Export => {
                if let Some(r) = self.selected_ref() {
                    out.open = Some(Overlay::Prompt(Prompt::with(
                        PromptKind::ExportRequest(r),
                        &format!("{r}.pdf"),
                    )));
                }
                return EventState::Consumed;
            }
            Action::NextPane | Action::PrevPane => {
                self.focus = match self.focus {
                    Focus::List => Focus::Events,
                    Focus::Events => Focus::List,
                };
                return EventState::Consumed;
            }
            _ => {}
        }
        match self.focus {
            Focus::List => {
                let n = self.list.len();
                let moved = match action {
                    Action::Up => self.scroll.move_by(-1, n),
                    Action::Down => self.scroll.move_by(1, n),
                    _ => return EventState::NotConsumed,
                };
                if moved {
                    self.events = None;
                    self.events_scroll.select(0, 0);
                    self.ask_events(out);
                }
            }
            Focus::Events => {
                let n = self.events.as_ref().map_or(0, |x| x.rows.len());
                if self.events_scroll.navigate(action, n).is_some() {
                    return EventState::Consumed;
                }
                match action {
                    Action::Enter => {
                        if let Some(r) = self.event_record(lang) {
                            out.open = Some(Overlay::Record(r));
                        }
                    }
                    _ => return EventState::NotConsumed,
                }
            }
        }
        EventState::Consumed
    }

    pub fn draw(&self, frame: &mut Frame, body: Rect, ctx: &Ctx, has_overlay: bool) {
        let lang = ctx.lang;
        if self.list.is_empty() {
            super::draw_empty(frame, body, ctx, empty_text(ctx));
            return;
        }
        let t = ctx.theme;
        let list_h = (self.list.len() as u16 + 3).min(body.height / 3).max(4);
        let notes_h = if body.height >= 30 { 8 } else { 5 };
        let [list, events, notes] = Layout::vertical([
            Constraint::Length(list_h),
            Constraint::Fill(1),
            Constraint::Length(notes_h),
        ])
        .areas(body);
        self.draw_list(frame, list, ctx, self.focus == Focus::List && !has_overlay);
        let Some(x) = &self.events else {
            let block = pane_block(t, Msg::Passages.text(lang).to_owned(), false);
            let inner = block.inner(events);
            frame.render_widget(block, events);
            frame.render_widget(Paragraph::new(T::Loading.text(lang)).style(t.muted), inner);
            return;
        };
        self.draw_events(
            frame,
            events,
            ctx,
            x,
            self.focus == Focus::Events && !has_overlay,
        );
        let mut lines: Vec<Line> = Vec::new();
        for f in &x.findings {
            lines.push(Line::styled(safe(&f.text(lang)), t.flagged));
        }
        for c in &x.caveats {
            lines.push(Line::from(format!("! {}", safe(&c.text(lang)))));
        }
        if lines.is_empty() {
            lines.push(Line::styled(Msg::NoFindings.text(lang), t.muted));
        }
        let title = format!("{} · {}", Msg::Findings.text(lang), Msg::Caveats.text(lang));
        frame.render_widget(
            Paragraph::new(lines)
                .wrap(Wrap { trim: true })
                .block(pane_block(t, title, false)),
            notes,
        );
    }

    fn draw_list(&self, frame: &mut Frame, area: Rect, ctx: &Ctx, focused: bool) {
        let lang = ctx.lang;
        let fit = |min, max| Width::Fit { min, max };
        let cols = vec![
            (Msg::Reference.text(lang).to_owned(), Width::Fixed(11)),
            (Msg::Status.text(lang).to_owned(), fit(6, 24)),
            (Msg::Requester.text(lang).to_owned(), fit(6, 24)),
            (Msg::Reason.text(lang).to_owned(), fit(5, 24)),
            (Msg::Persons.text(lang).to_owned(), fit(6, 30)),
            (Msg::Windows.text(lang).to_owned(), fit(10, 80)),
        ];
        let title = format!("{} · {}", T::RequestsTitle.text(lang), self.list.len());
        let block = pane_block(ctx.theme, title, focused);
        let height = block.inner(area).height.saturating_sub(1) as usize;
        let top = self.scroll.frame(height, self.list.len());
        let rows: Vec<TableRow> = self
            .list
            .iter()
            .skip(top)
            .take(height)
            .map(|r| {
                let status = match &r.decision {
                    Some(d) => format!(
                        "{} ({})",
                        Msg::Decided.text(lang),
                        crate::i18n::outcome(d.outcome, lang)
                    ),
                    None => Msg::Open.text(lang).to_owned(),
                };
                let windows = r
                    .scope
                    .windows
                    .iter()
                    .map(words::window)
                    .collect::<Vec<_>>()
                    .join("; ");
                TableRow::new(vec![
                    r.reference.to_string(),
                    status,
                    safe(&r.requester),
                    crate::i18n::reason(r.reason, lang).to_owned(),
                    safe(&r.scope.persons.join("; ")),
                    windows,
                ])
            })
            .collect();
        let selected = Some(self.scroll.selected.saturating_sub(top));
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
            ctx.theme,
        );
    }

    fn draw_events(&self, frame: &mut Frame, area: Rect, ctx: &Ctx, x: &Extract, focused: bool) {
        let lang = ctx.lang;
        let t = ctx.theme;
        let scope = &x.request.scope;
        let readers = if scope.readers.is_empty() {
            Msg::AllReaders.text(lang).to_owned()
        } else {
            scope.readers.join(", ")
        };
        // The count first: a narrow window cuts the title's end.
        let title = format!(
            "{} · {} · {} · {}",
            x.request.reference,
            crate::i18n::tui::count(x.rows.len() as u64, T::PassageOne, T::PassageMany, lang),
            x.persons
                .iter()
                .map(|p| safe(&p.label()))
                .collect::<Vec<_>>()
                .join(", "),
            safe(&readers),
        );
        let fit = |min, max| Width::Fit { min, max };
        let block = pane_block(t, title, focused);
        let height = block.inner(area).height.saturating_sub(1) as usize;
        let top = self.events_scroll.frame(height, x.rows.len());
        // Wider only while a time with its offset is in sight.
        let note_w = x
            .rows
            .iter()
            .skip(top)
            .take(height)
            .map(|r| r.row.clock.suffix().len() as u16)
            .max()
            .unwrap_or(0);
        let cols = vec![
            (Msg::Time.text(lang).to_owned(), Width::Fixed(19 + note_w)),
            (Msg::Reader.text(lang).to_owned(), fit(8, 40)),
            (Msg::Person.text(lang).to_owned(), fit(8, 30)),
            (Msg::Event.text(lang).to_owned(), fit(6, 16)),
            (Msg::Deviations.text(lang).to_owned(), fit(10, 200)),
        ];
        let rows: Vec<TableRow> = x
            .rows
            .iter()
            .skip(top)
            .take(height)
            .map(|r: &EventRow| {
                let row = TableRow::new(vec![
                    crate::domain::clock::show(r.row.time, r.row.clock),
                    safe(&r.row.reader_label()),
                    safe(&r.row.person),
                    event_kind(r.row.kind, lang).to_owned(),
                    safe(&r.deviations_text(lang)),
                ]);
                if !r.deviations.is_empty() || flagged(r.row.kind) {
                    row.style(t.flagged)
                } else {
                    row
                }
            })
            .collect();
        let empty = rows.is_empty();
        let selected = (focused && !empty).then(|| self.events_scroll.selected.saturating_sub(top));
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
        if empty {
            let inner = Rect::new(area.x + 1, area.y + 2, area.width.saturating_sub(2), 1);
            frame.render_widget(
                Paragraph::new(Msg::NoPassages.text(lang)).style(t.muted),
                inner,
            );
        }
    }
}

fn empty_text(ctx: &Ctx) -> Text<'static> {
    let lang = ctx.lang;
    Text::from(vec![
        Line::from(T::EmptyRequestsTitle.text(lang)).style(ctx.theme.title),
        Line::from(""),
        Line::from(T::EmptyRequestsBody.text(lang)),
        Line::from(""),
        Line::from(T::EmptyRequestsHow.text(lang)),
        Line::from("  loggvakt request new …").style(ctx.theme.title),
    ])
}
