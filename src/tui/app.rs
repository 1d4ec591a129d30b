//! The screen's state as a plain struct, and the transitions on it. Nothing
//! here touches the terminal, the clock or the database: transitions return
//! `Effect`s that the event loop (or a test) carries out.

use super::action::{Action, Scope, Tab, lookup};
use super::pane::audit::{AUDIT_LIMIT, AuditPane};
use super::pane::filter::{FilterPane, Preset, Row};
use super::pane::form::Form;
use super::pane::passages::PassagesPane;
use super::pane::pmo::PmoPane;
use super::pane::requests::RequestsPane;
use super::theme::Theme;
use super::worker::{Fill, Query, Request, Response};
use crate::i18n::{Lang, Msg};
use crate::store::passages::to_ts;
use chrono::NaiveDateTime;
use ratatui::crossterm::event::KeyEvent;
use std::path::PathBuf;
use tui_input::Input;
use tui_input::backend::crossterm::to_input_request;

/// What the screen shows about where it runs; injected so tests are stable.
#[derive(Debug, Clone)]
pub struct Labels {
    pub db: String,
    pub user: String,
    pub banner: Option<String>,
}

/// Something the event loop must do for the state. Effects live for one loop
/// turn, so the size of a request inside one does not matter.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone)]
pub enum Effect {
    Request(Request),
    Import(PathBuf),
    CancelImport,
    Quit,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Focus {
    Filters,
    Table,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PromptKind {
    Search,
    ImportPath,
    ExportPath,
    PmoComment,
    PmoConsulted,
    PmoExportPath,
    /// Why the user searches: an open request's reference or an incident note.
    Purpose,
}

#[derive(Debug, Clone)]
pub enum Overlay {
    Help {
        scope: Scope,
        scroll: usize,
    },
    Record {
        scroll: usize,
    },
    Prompt {
        kind: PromptKind,
        input: Input,
    },
    Importing {
        file: String,
        progress: f64,
        cancelling: bool,
    },
    Form(Form),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tone {
    Notice,
    Info,
    Error,
}

#[derive(Debug, Clone)]
pub struct App {
    pub lang: Lang,
    pub theme: Theme,
    pub labels: Labels,
    /// "Now" for `today` and `-24h`; the loop refreshes it, tests fix it.
    pub now: NaiveDateTime,
    pub size: (u16, u16),
    pub tab: Tab,
    pub focus: Focus,
    pub filter: FilterPane,
    pub passages: PassagesPane,
    pub audit: AuditPane,
    pub requests: RequestsPane,
    pub pmo: PmoPane,
    pub overlay: Option<Overlay>,
    pub message: Option<(Tone, String)>,
    /// Bumped whenever the filter changes; answers for older ones are dropped.
    pub generation: u64,
    pub query: Query,
    pub from_error: Option<String>,
    pub to_error: Option<String>,
    /// The folded search text for `/`, `n`, `N`.
    pub search: String,
    pub searching: bool,
    /// The purpose recorded with every search from here on (`p` changes it).
    pub purpose: Option<crate::ops::Purpose>,
    /// The config file asks for a purpose on every search, not only on a person's.
    pub purpose_always: bool,
    /// A search waits for the purpose prompt to be answered.
    purpose_wanted: bool,
    /// In the purpose prompt: which open request ↑/↓ chose, if any.
    pub purpose_choice: Option<usize>,
    pub quitting: bool,
}

/// Whether a pane used a key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EventState {
    Consumed,
    NotConsumed,
}
use EventState::*;

impl App {
    pub fn new(lang: Lang, theme: Theme, labels: Labels, now: NaiveDateTime) -> App {
        App {
            lang,
            theme,
            labels,
            now,
            size: (80, 24),
            tab: Tab::Passages,
            focus: Focus::Table,
            filter: FilterPane::default(),
            passages: PassagesPane::default(),
            audit: AuditPane::default(),
            requests: RequestsPane::default(),
            pmo: PmoPane::default(),
            overlay: None,
            message: Some((Tone::Notice, Msg::Monitored.text(lang).to_owned())),
            generation: 0,
            query: Query::default(),
            from_error: None,
            to_error: None,
            search: String::new(),
            searching: false,
            purpose: None,
            purpose_always: false,
            purpose_wanted: false,
            purpose_choice: None,
            quitting: false,
        }
    }

    /// What to ask for when the screen opens.
    pub fn start(&mut self) -> Vec<Effect> {
        let mut fx = vec![
            Effect::Request(Request::Readers),
            Effect::Request(Request::Audit { limit: AUDIT_LIMIT }),
        ];
        self.requery(&mut fx);
        fx
    }

    fn t(&self, sv: &'static str, en: &'static str) -> &'static str {
        if self.lang == Lang::Sv { sv } else { en }
    }

    /// The database holds no passages at all.
    pub fn is_empty_store(&self) -> bool {
        self.filter.readers_loaded && self.filter.readers.is_empty()
    }

    /// Where keys go now.
    pub fn scope(&self) -> Scope {
        match &self.overlay {
            Some(Overlay::Help { .. }) => return Scope::Help,
            Some(Overlay::Record { .. }) => return Scope::Record,
            Some(Overlay::Prompt { .. }) => return Scope::Prompt,
            Some(Overlay::Importing { .. }) => return Scope::Importing,
            Some(Overlay::Form(_)) => return Scope::Form,
            None => {}
        }
        match self.tab {
            Tab::Requests => Scope::Requests,
            // Until a period is imported only the global keys apply.
            Tab::Pmo if self.pmo.periods.is_empty() => Scope::Global,
            Tab::Pmo => Scope::Pmo,
            Tab::Audit => Scope::Audit,
            Tab::Passages if self.focus == Focus::Filters && !self.is_empty_store() => {
                match self.filter.current() {
                    Row::Input(_) => Scope::FilterText,
                    _ => Scope::Filters,
                }
            }
            Tab::Passages if self.is_empty_store() => Scope::Welcome,
            Tab::Passages => Scope::Passages,
        }
    }

    pub fn table_rows(&self) -> usize {
        super::ui::areas(self).table_rows
    }

    fn filter_rows(&self) -> usize {
        super::ui::areas(self).filter_rows
    }

    pub fn resize(&mut self, w: u16, h: u16) -> Vec<Effect> {
        self.size = (w, h);
        let v = self.table_rows();
        self.passages.keep_visible(v);
        self.audit.keep_visible(v);
        let fr = self.filter_rows();
        self.filter.scroll_into_view(fr);
        let mut fx = Vec::new();
        let next = self.passages.prefetch(v);
        self.fetch(next, &mut fx);
        fx
    }

    /// Routes a key: the scope's own bindings first, then global ones.
    pub fn on_key(&mut self, ev: KeyEvent) -> Vec<Effect> {
        let mut fx = Vec::new();
        let scope = self.scope();
        if let Some(action) = lookup(scope, &ev)
            && self.in_scope(scope, action, Some(&ev), &mut fx) == Consumed
        {
            return fx;
        }
        if !scope.is_modal()
            && let Some(action) = lookup(Scope::Global, &ev)
        {
            self.global(action, &mut fx);
        }
        fx
    }

    /// Carries out an action as if its key had been pressed.
    pub fn handle(&mut self, action: Action) -> Vec<Effect> {
        let mut fx = Vec::new();
        let scope = self.scope();
        if self.in_scope(scope, action, None, &mut fx) == Consumed {
            return fx;
        }
        if !scope.is_modal() {
            self.global(action, &mut fx);
        }
        fx
    }

    fn global(&mut self, action: Action, fx: &mut Vec<Effect>) {
        match action {
            Action::Quit => {
                self.quitting = true;
                fx.push(Effect::Quit);
            }
            Action::Help => {
                self.overlay = Some(Overlay::Help {
                    scope: self.scope(),
                    scroll: 0,
                });
            }
            Action::GoTab(tab) => {
                self.tab = tab;
                if tab == Tab::Audit {
                    fx.push(Effect::Request(Request::Audit { limit: AUDIT_LIMIT }));
                }
                if tab == Tab::Requests {
                    fx.push(Effect::Request(Request::Requests));
                }
                if tab == Tab::Pmo {
                    fx.push(Effect::Request(Request::PmoPeriods));
                }
            }
            Action::Import => {
                self.overlay = Some(Overlay::Prompt {
                    kind: PromptKind::ImportPath,
                    input: Input::default(),
                });
            }
            _ => {}
        }
    }

    fn in_scope(
        &mut self,
        scope: Scope,
        action: Action,
        ev: Option<&KeyEvent>,
        fx: &mut Vec<Effect>,
    ) -> EventState {
        match scope {
            Scope::Help => self.on_help(action),
            Scope::Record => self.on_record(action, fx),
            Scope::Prompt => self.on_prompt(action, ev, fx),
            Scope::Form => self.on_form(action, ev, fx),
            Scope::Importing => {
                if let (Action::Back | Action::Quit, Some(Overlay::Importing { cancelling, .. })) =
                    (action, &mut self.overlay)
                {
                    *cancelling = true;
                    fx.push(Effect::CancelImport);
                    if action == Action::Quit {
                        self.quitting = true;
                        fx.push(Effect::Quit);
                    }
                }
                Consumed
            }
            Scope::Filters | Scope::FilterText => self.on_filters(action, ev, fx),
            Scope::Passages => self.on_passages(action, fx),
            Scope::Audit => self.on_audit(action, fx),
            Scope::Requests => self.on_requests(action, fx),
            Scope::Pmo => self.on_pmo(action, fx),
            Scope::Welcome | Scope::Global => NotConsumed,
        }
    }

    fn on_help(&mut self, action: Action) -> EventState {
        let Some(Overlay::Help { scroll, .. }) = &mut self.overlay else {
            return NotConsumed;
        };
        match action {
            Action::Up => *scroll = scroll.saturating_sub(1),
            Action::Down => *scroll += 1,
            Action::PageUp => *scroll = scroll.saturating_sub(10),
            Action::PageDown => *scroll += 10,
            Action::Back | Action::Help => self.overlay = None,
            Action::Quit => {
                self.overlay = None;
                return NotConsumed;
            }
            _ => {}
        }
        Consumed
    }

    fn on_record(&mut self, action: Action, fx: &mut Vec<Effect>) -> EventState {
        let Some(Overlay::Record { scroll }) = &mut self.overlay else {
            return NotConsumed;
        };
        match action {
            Action::Up => *scroll = scroll.saturating_sub(1),
            Action::Down => *scroll += 1,
            Action::PageUp => *scroll = scroll.saturating_sub(10),
            Action::PageDown => *scroll += 10,
            Action::Back => self.overlay = None,
            Action::Quit => {
                self.overlay = None;
                self.global(Action::Quit, fx);
            }
            _ => {}
        }
        Consumed
    }

    fn on_prompt(
        &mut self,
        action: Action,
        ev: Option<&KeyEvent>,
        fx: &mut Vec<Effect>,
    ) -> EventState {
        let Some(Overlay::Prompt { kind, input }) = &mut self.overlay else {
            return NotConsumed;
        };
        let kind = *kind;
        match action {
            Action::Type | Action::Edit => {
                if let Some(req) =
                    ev.and_then(|e| to_input_request(&ratatui::crossterm::event::Event::Key(*e)))
                {
                    input.handle(req);
                }
                if kind == PromptKind::Search {
                    self.search = crate::text::fold(input.value());
                }
            }
            Action::Up | Action::Down if kind == PromptKind::Purpose => {
                let open = self.open_requests();
                if !open.is_empty() {
                    let n = open.len();
                    let next = match (self.purpose_choice, action) {
                        (None, Action::Down) => 0,
                        (None, _) => n - 1,
                        (Some(i), Action::Down) => (i + 1) % n,
                        (Some(i), _) => (i + n - 1) % n,
                    };
                    self.purpose_choice = Some(next);
                    if let Some(Overlay::Prompt { input, .. }) = &mut self.overlay {
                        *input = Input::new(open[next].clone());
                    }
                }
            }
            Action::Back => {
                self.overlay = None;
                if kind == PromptKind::Purpose {
                    self.purpose_wanted = false;
                }
            }
            Action::Enter => {
                let value = input.value().trim().to_owned();
                self.overlay = None;
                match kind {
                    PromptKind::Purpose => self.choose_purpose(&value, fx),
                    PromptKind::Search => {
                        self.search = crate::text::fold(&value);
                        if !self.search.is_empty() {
                            let note = format!(
                                "{} «{}» · n {} · N {}",
                                self.t("Sökt", "Searched"),
                                value,
                                self.t("nästa", "next"),
                                self.t("föregående", "previous")
                            );
                            self.message = Some((Tone::Info, note));
                            self.find(true, fx);
                        }
                    }
                    PromptKind::ExportPath if value.is_empty() => {}
                    PromptKind::ExportPath => {
                        if let Some(reference) = self.requests.selected_ref() {
                            fx.push(Effect::Request(Request::Export {
                                reference,
                                path: PathBuf::from(&value),
                                lang: self.lang,
                            }));
                        }
                    }
                    PromptKind::PmoComment => {
                        if let Some(row) = self.pmo.selected_row() {
                            fx.push(Effect::Request(if row.access.verdict.is_some() {
                                Request::PmoComment {
                                    id: row.access.id,
                                    text: value,
                                }
                            } else {
                                // A comment on a row without a verdict opens an inquiry.
                                Request::PmoMark {
                                    ids: vec![row.access.id],
                                    verdict: crate::domain::pmo::Verdict::Investigate,
                                    comment: Some(value),
                                    bulk: false,
                                }
                            }));
                        }
                    }
                    PromptKind::PmoConsulted if value.is_empty() => {}
                    PromptKind::PmoConsulted => {
                        if let Some(period_id) = self.pmo.period_id() {
                            fx.push(Effect::Request(Request::PmoSignoff {
                                period_id,
                                consulted: value,
                            }));
                        }
                    }
                    PromptKind::PmoExportPath if value.is_empty() => {}
                    PromptKind::PmoExportPath => {
                        if let Some(period_id) = self.pmo.period_id() {
                            fx.push(Effect::Request(Request::PmoExport {
                                period_id,
                                path: PathBuf::from(&value),
                                lang: self.lang,
                            }));
                        }
                    }
                    PromptKind::ImportPath if value.is_empty() => {}
                    PromptKind::ImportPath => {
                        let file = PathBuf::from(&value);
                        self.overlay = Some(Overlay::Importing {
                            file: value,
                            progress: 0.0,
                            cancelling: false,
                        });
                        fx.push(Effect::Import(file));
                    }
                }
            }
            Action::Quit => {
                self.overlay = None;
                self.global(Action::Quit, fx);
            }
            _ => {}
        }
        Consumed
    }

    fn on_form(
        &mut self,
        action: Action,
        ev: Option<&KeyEvent>,
        fx: &mut Vec<Effect>,
    ) -> EventState {
        let (now, lang) = (self.now, self.lang);
        let Some(Overlay::Form(form)) = &mut self.overlay else {
            return NotConsumed;
        };
        if form.busy && action != Action::Quit {
            // Saving: the worker answers shortly; keys would edit what is sent.
            return Consumed;
        }
        let choice = form.current().id.choices() > 0;
        match action {
            Action::Type
                if choice
                    && ev.is_some_and(|e| {
                        e.code == ratatui::crossterm::event::KeyCode::Char(' ')
                    }) =>
            {
                form.cycle(1);
            }
            // Other characters mean nothing on a choice.
            Action::Type if choice => {}
            Action::Edit if choice => match ev.map(|e| e.code) {
                Some(ratatui::crossterm::event::KeyCode::Left) => {
                    form.cycle(-1);
                }
                Some(ratatui::crossterm::event::KeyCode::Right) => {
                    form.cycle(1);
                }
                _ => {}
            },
            Action::Type | Action::Edit => {
                if let Some(req) =
                    ev.and_then(|e| to_input_request(&ratatui::crossterm::event::Event::Key(*e)))
                {
                    form.current_mut().input.handle(req);
                }
            }
            Action::NextPane | Action::Down => form.step(1),
            Action::PrevPane | Action::Up => form.step(-1),
            Action::Enter if !form.is_last() => form.step(1),
            Action::Enter | Action::Submit => match form.submit(now, lang) {
                Ok(req) => {
                    form.error = None;
                    form.busy = true;
                    fx.push(Effect::Request(req));
                }
                Err(e) => form.error = Some(e),
            },
            Action::Back => self.overlay = None,
            Action::Quit => {
                self.overlay = None;
                self.global(Action::Quit, fx);
            }
            _ => {}
        }
        Consumed
    }

    fn on_filters(
        &mut self,
        action: Action,
        ev: Option<&KeyEvent>,
        fx: &mut Vec<Effect>,
    ) -> EventState {
        let rows = self.filter_rows();
        let row = self.filter.current();
        match action {
            Action::Up | Action::Down | Action::PageUp | Action::PageDown => {
                let d = match action {
                    Action::Up => -1,
                    Action::Down => 1,
                    Action::PageUp => -(rows.max(2) as isize - 1),
                    _ => rows.max(2) as isize - 1,
                };
                self.filter.step(d);
                self.filter.scroll_into_view(rows);
            }
            Action::Left | Action::Right if row == Row::Presets => {
                let n = Preset::ALL.len();
                self.filter.preset = if action == Action::Left {
                    (self.filter.preset + n - 1) % n
                } else {
                    (self.filter.preset + 1) % n
                };
            }
            Action::Left | Action::Right => return NotConsumed,
            Action::Toggle | Action::Enter => match row {
                Row::Presets => {
                    let p = Preset::ALL[self.filter.preset % Preset::ALL.len()];
                    self.filter.apply_preset(p, self.now, self.lang);
                    self.filter_changed(fx);
                }
                Row::Input(_) => {}
                other => {
                    if self.filter.toggle(other) {
                        self.filter_changed(fx);
                    }
                }
            },
            Action::Type | Action::Edit => {
                let (Row::Input(field), Some(ev)) = (row, ev) else {
                    return Consumed;
                };
                let Some(req) = to_input_request(&ratatui::crossterm::event::Event::Key(*ev))
                else {
                    return Consumed;
                };
                let changed = self
                    .filter
                    .input_mut(field)
                    .handle(req)
                    .is_some_and(|c| c.value);
                if changed {
                    if field == super::pane::filter::Field::ReaderSearch {
                        self.filter.clamp();
                    }
                    self.filter_changed(fx);
                }
            }
            Action::ClearFilters => {
                self.filter.clear();
                self.filter_changed(fx);
            }
            Action::Back => {
                self.focus = Focus::Table;
            }
            Action::NextPane | Action::PrevPane => {
                self.focus = Focus::Table;
            }
            Action::Purpose => self.ask_purpose(fx),
            Action::Quit => return NotConsumed,
            _ => return NotConsumed,
        }
        Consumed
    }

    fn on_passages(&mut self, action: Action, fx: &mut Vec<Effect>) -> EventState {
        if self.is_empty_store() {
            return NotConsumed;
        }
        let v = self.table_rows();
        let page = v.max(2) as isize - 1;
        match action {
            Action::Up => self.move_table(-1, fx),
            Action::Down => self.move_table(1, fx),
            Action::PageUp => self.move_table(-page, fx),
            Action::PageDown => self.move_table(page, fx),
            Action::Top => self.reload(Fill::First, None, fx),
            Action::Bottom => self.reload(Fill::Last, None, fx),
            Action::Enter if self.passages.selected_row().is_some() => {
                self.overlay = Some(Overlay::Record { scroll: 0 });
            }
            Action::Search => self.open_search(),
            Action::SearchNext => self.find(true, fx),
            Action::SearchPrev => self.find(false, fx),
            Action::FocusFilters | Action::Left | Action::NextPane | Action::PrevPane => {
                self.focus = Focus::Filters;
                let fr = self.filter_rows();
                self.filter.clamp();
                self.filter.scroll_into_view(fr);
            }
            Action::ClearFilters => {
                self.filter.clear();
                self.filter_changed(fx);
            }
            _ => return NotConsumed,
        }
        Consumed
    }

    fn on_audit(&mut self, action: Action, _fx: &mut [Effect]) -> EventState {
        let v = self.table_rows();
        let page = v.max(2) as isize - 1;
        match action {
            Action::Up => self.audit.move_by(-1, v),
            Action::Down => self.audit.move_by(1, v),
            Action::PageUp => self.audit.move_by(-page, v),
            Action::PageDown => self.audit.move_by(page, v),
            Action::Top => self.audit.move_by(isize::MIN / 2, v),
            Action::Bottom => self.audit.move_by(isize::MAX / 2, v),
            Action::Enter if !self.audit.entries.is_empty() => {
                self.overlay = Some(Overlay::Record { scroll: 0 });
            }
            Action::Search => self.open_search(),
            Action::SearchNext | Action::SearchPrev => {
                let fwd = action == Action::SearchNext;
                if !self.search.is_empty() && !self.audit.find(&self.search, fwd, v) {
                    self.info(Tone::Info, self.t("Ingen träff.", "No match."));
                }
            }
            _ => return NotConsumed,
        }
        Consumed
    }

    fn on_pmo(&mut self, action: Action, fx: &mut Vec<Effect>) -> EventState {
        let v = self.table_rows();
        let page = v.max(2) as isize - 1;
        match action {
            Action::Up => self.pmo.move_by(-1, v),
            Action::Down => self.pmo.move_by(1, v),
            Action::PageUp => self.pmo.move_by(-page, v),
            Action::PageDown => self.pmo.move_by(page, v),
            Action::Top => self.pmo.move_by(isize::MIN / 2, v),
            Action::Bottom => self.pmo.move_by(isize::MAX / 2, v),
            Action::Left | Action::Right => {
                let d = if action == Action::Left { -1 } else { 1 };
                if self.pmo.step_period(d) {
                    self.ask_pmo_rows(fx);
                }
            }
            Action::Verdict => {
                if let (Some(row), Some(verdict)) =
                    (self.pmo.selected_row(), self.pmo.next_verdict())
                {
                    fx.push(Effect::Request(Request::PmoMark {
                        ids: vec![row.access.id],
                        verdict,
                        comment: None,
                        bulk: false,
                    }));
                }
            }
            Action::Reveal => {
                // Shown once the worker has recorded the reveal (Response::Revealed).
                if let (Some(row), Some(period_id)) =
                    (self.pmo.selected_row(), self.pmo.period_id())
                {
                    fx.push(Effect::Request(Request::PmoReveal {
                        period_id,
                        id: row.access.id,
                    }));
                }
            }
            Action::Comment => {
                if let Some(row) = self.pmo.selected_row() {
                    self.overlay = Some(Overlay::Prompt {
                        kind: PromptKind::PmoComment,
                        input: Input::new(row.access.comment.clone()),
                    });
                }
            }
            Action::BulkOk => {
                let ids = self.pmo.unflagged_open();
                if ids.is_empty() {
                    self.message = Some((
                        Tone::Info,
                        self.t(
                            "Inga oflaggade rader utan bedömning.",
                            "No unflagged rows without a verdict.",
                        )
                        .to_owned(),
                    ));
                } else {
                    fx.push(Effect::Request(Request::PmoMark {
                        ids,
                        verdict: crate::domain::pmo::Verdict::Ok,
                        comment: None,
                        bulk: true,
                    }));
                }
            }
            Action::SignOff => {
                if self.pmo.current().is_some() {
                    let open = self.pmo.open_rows();
                    if open > 0 {
                        self.message = Some((
                            Tone::Error,
                            format!(
                                "{open} {}",
                                self.t(
                                    "rader saknar bedömning; perioden kan inte signeras än.",
                                    "rows lack a verdict; the period cannot be signed off yet."
                                )
                            ),
                        ));
                    } else {
                        self.overlay = Some(Overlay::Prompt {
                            kind: PromptKind::PmoConsulted,
                            input: Input::default(),
                        });
                    }
                }
            }
            Action::Export => {
                if let Some(p) = self.pmo.current() {
                    self.overlay = Some(Overlay::Prompt {
                        kind: PromptKind::PmoExportPath,
                        input: Input::new(format!("granskning-{}.pdf", p.label)),
                    });
                }
            }
            _ => return NotConsumed,
        }
        Consumed
    }

    fn ask_pmo_rows(&mut self, fx: &mut Vec<Effect>) {
        if let Some(period_id) = self.pmo.period_id() {
            fx.push(Effect::Request(Request::PmoRows { period_id }));
        }
    }

    fn on_requests(&mut self, action: Action, fx: &mut Vec<Effect>) -> EventState {
        let v = self.request_rows();
        let moved = match action {
            Action::Up => self.requests.move_by(-1, v),
            Action::Down => self.requests.move_by(1, v),
            Action::PageUp => {
                let ev = super::ui::areas(self).table_rows;
                self.requests.scroll_events(-(ev.max(2) as isize - 1), ev);
                false
            }
            Action::PageDown => {
                let ev = super::ui::areas(self).table_rows;
                self.requests.scroll_events(ev.max(2) as isize - 1, ev);
                false
            }
            Action::Export => {
                if let Some(r) = self.requests.selected_ref() {
                    self.overlay = Some(Overlay::Prompt {
                        kind: PromptKind::ExportPath,
                        input: Input::new(format!("{r}.pdf")),
                    });
                }
                false
            }
            Action::NewRequest => {
                self.overlay = Some(Overlay::Form(Form::new_request()));
                false
            }
            Action::EditScope | Action::Decide => {
                let Some(r) = self.requests.list.get(self.requests.selected) else {
                    return Consumed;
                };
                if let Some(d) = &r.decision {
                    let note = format!(
                        "{} {} {}",
                        r.reference,
                        self.t(
                            "är beslutat och kan inte ändras; beslutat",
                            "is decided and cannot be changed; decided"
                        ),
                        d.at
                    );
                    self.message = Some((Tone::Error, note));
                    return Consumed;
                }
                let form = if action == Action::Decide {
                    Form::decide(r.reference)
                } else {
                    Form::edit_scope(r.reference, r.scope.clone())
                };
                self.overlay = Some(Overlay::Form(form));
                false
            }
            _ => return NotConsumed,
        };
        if moved {
            self.ask_request_events(fx);
        }
        Consumed
    }

    /// Rows of the requests list.
    pub fn request_rows(&self) -> usize {
        super::ui::areas(self).list_rows
    }

    fn ask_request_events(&mut self, fx: &mut Vec<Effect>) {
        if let Some(reference) = self.requests.selected_ref() {
            fx.push(Effect::Request(Request::RequestEvents { reference }));
        }
    }

    fn open_search(&mut self) {
        self.overlay = Some(Overlay::Prompt {
            kind: PromptKind::Search,
            input: Input::default(),
        });
    }

    fn info(&mut self, tone: Tone, text: &str) {
        self.message = Some((tone, text.to_owned()));
    }

    fn move_table(&mut self, delta: isize, fx: &mut Vec<Effect>) {
        let v = self.table_rows();
        let next = self.passages.move_by(delta, v);
        self.fetch(next, fx);
    }

    fn fetch(
        &mut self,
        next: Option<(crate::store::passages::Page, usize, Fill)>,
        fx: &mut Vec<Effect>,
    ) {
        if let Some((page, limit, fill)) = next {
            fx.push(Effect::Request(Request::Page {
                generation: self.generation,
                query: self.query.clone(),
                page,
                limit,
                fill,
            }));
        }
    }

    fn reload(
        &mut self,
        fill: Fill,
        at: Option<&crate::store::passages::PassageRow>,
        fx: &mut Vec<Effect>,
    ) {
        let req = self.passages.start(fill, at);
        self.fetch(Some(req), fx);
    }

    /// The next match of the search text: in the rows already here when there
    /// is one, otherwise asked of the worker, which scans further pages.
    fn find(&mut self, forward: bool, fx: &mut Vec<Effect>) {
        if self.search.is_empty() {
            self.open_search();
            return;
        }
        if self.tab == Tab::Audit {
            let v = self.table_rows();
            if !self.audit.find(&self.search, forward, v) {
                self.info(Tone::Info, self.t("Ingen träff.", "No match."));
            }
            return;
        }
        let rows = &self.passages.rows;
        let sel = self.passages.selected;
        let hit = if forward {
            (sel + 1..rows.len()).find(|&i| super::worker::row_matches(&rows[i], &self.search))
        } else {
            (0..sel)
                .rev()
                .find(|&i| super::worker::row_matches(&rows[i], &self.search))
        };
        if let Some(i) = hit {
            let v = self.table_rows();
            let delta = i as isize - sel as isize;
            self.move_table(delta, fx);
            let _ = v;
            return;
        }
        let edge_done = if forward {
            self.passages.at_end
        } else {
            self.passages.at_start
        };
        if edge_done || rows.is_empty() {
            self.info(Tone::Info, self.t("Ingen fler träff.", "No further match."));
            return;
        }
        let from = if forward { rows.last() } else { rows.first() }.map(|r| {
            crate::store::passages::Cursor {
                ts: to_ts(r.time),
                id: r.id,
            }
        });
        self.searching = true;
        self.info(Tone::Info, self.t("Söker …", "Searching …"));
        fx.push(Effect::Request(Request::Find {
            generation: self.generation,
            query: self.query.clone(),
            from,
            forward,
            needle: self.search.clone(),
        }));
    }

    /// The filter changed: rebuild it and, when valid, query again.
    fn filter_changed(&mut self, fx: &mut Vec<Effect>) {
        let built = self.filter.build(self.now);
        self.from_error = built.from_error;
        self.to_error = built.to_error;
        if self.from_error.is_some() || self.to_error.is_some() {
            // Half-typed times keep the last valid result on screen.
            return;
        }
        self.query = built.query;
        self.requery(fx);
    }

    /// Whether the query on screen may be searched with the purpose in force: one
    /// that names a person (or, by policy, any) needs a purpose first.
    fn purpose_missing(&self) -> bool {
        self.purpose.is_none() && (self.purpose_always || self.query.names_someone())
    }

    fn requery(&mut self, fx: &mut Vec<Effect>) {
        self.generation += 1;
        self.passages.reset();
        if self.purpose_missing() {
            // Nothing of this search is fetched before the user says why.
            self.passages.count = None;
            self.purpose_wanted = true;
            self.ask_purpose(fx);
            return;
        }
        self.reload(Fill::First, None, fx);
        fx.push(Effect::Request(Request::Count {
            generation: self.generation,
            query: self.query.clone(),
        }));
    }

    /// The references of the open requests, newest first, for the purpose prompt.
    pub fn open_requests(&self) -> Vec<String> {
        self.requests
            .list
            .iter()
            .filter(|r| r.decision.is_none())
            .map(|r| r.reference.to_string())
            .collect()
    }

    /// Opens the purpose prompt with the purpose in force.
    fn ask_purpose(&mut self, fx: &mut Vec<Effect>) {
        if matches!(
            self.overlay,
            Some(Overlay::Prompt {
                kind: PromptKind::Purpose,
                ..
            })
        ) {
            return;
        }
        if !self.requests.loaded {
            fx.push(Effect::Request(Request::Requests));
        }
        self.purpose_choice = None;
        self.overlay = Some(Overlay::Prompt {
            kind: PromptKind::Purpose,
            input: Input::new(self.purpose.as_ref().map(|p| p.label()).unwrap_or_default()),
        });
    }

    /// A reference typed or chosen is a request; anything else an incident note.
    fn choose_purpose(&mut self, value: &str, fx: &mut Vec<Effect>) {
        if value.is_empty() {
            self.purpose_wanted = false;
            return;
        }
        let purpose = match value.parse::<crate::domain::request::RequestId>() {
            Ok(r) => Ok(crate::ops::Purpose::Case(r)),
            Err(_) => crate::ops::Purpose::reason(value),
        };
        match purpose {
            Ok(p) => fx.push(Effect::Request(Request::SetPurpose(Some(p)))),
            Err(e) => {
                self.message = Some((Tone::Error, e.text(self.lang)));
                self.purpose_wanted = false;
            }
        }
    }

    /// Takes an answer from a worker.
    pub fn on_response(&mut self, resp: Response) -> Vec<Effect> {
        let mut fx = Vec::new();
        let v = self.table_rows();
        match resp {
            Response::Page {
                generation,
                fill,
                rows,
                elapsed,
            } => {
                if generation != self.generation {
                    return fx;
                }
                self.passages.page_ms = Some(elapsed.as_millis());
                self.passages.receive(fill, rows, v);
                let next = self.passages.prefetch(v);
                self.fetch(next, &mut fx);
            }
            Response::Count {
                generation,
                count,
                elapsed,
            } => {
                if generation == self.generation {
                    self.passages.count = Some(count);
                    self.passages.count_ms = Some(elapsed.as_millis());
                }
            }
            Response::Found {
                generation,
                row,
                scanned,
                ..
            } => {
                if generation != self.generation {
                    return fx;
                }
                self.searching = false;
                match row {
                    Some(row) => {
                        self.message = None;
                        self.reload(Fill::At, Some(&row), &mut fx);
                    }
                    None => {
                        let text = if scanned >= super::worker::FIND_BUDGET {
                            format!(
                                "{} {scanned} {}",
                                self.t("Ingen träff bland", "No match in"),
                                self.t("rader; smalna av filtret.", "rows; narrow the filter.")
                            )
                        } else {
                            self.t("Ingen fler träff.", "No further match.").to_owned()
                        };
                        self.message = Some((Tone::Info, text));
                    }
                }
            }
            Response::Readers(readers) => {
                self.filter.set_readers(readers);
                let fr = self.filter_rows();
                self.filter.scroll_into_view(fr);
            }
            Response::Audit(entries) => {
                self.audit.set(entries);
                self.audit.keep_visible(v);
            }
            Response::Requests(list) => {
                self.requests.set(list);
                let rows = self.request_rows();
                self.requests.keep_visible(rows);
                if self.requests.events.is_none() {
                    self.ask_request_events(&mut fx);
                }
            }
            Response::RequestEvents(extract) => self.requests.receive(*extract),
            Response::PmoPeriods(periods) => {
                self.pmo.set_periods(periods);
                if self.pmo.period_id().is_some() && self.pmo.rows_of != self.pmo.period_id() {
                    self.ask_pmo_rows(&mut fx);
                }
            }
            Response::PmoRows { period_id, rows } => self.pmo.set_rows(period_id, rows, v),
            Response::PmoDone(result) => {
                match result {
                    Ok(note) => self.message = Some((Tone::Info, note)),
                    Err(e) => self.message = Some((Tone::Error, e)),
                }
                fx.push(Effect::Request(Request::PmoPeriods));
                self.ask_pmo_rows(&mut fx);
                fx.push(Effect::Request(Request::Audit { limit: AUDIT_LIMIT }));
            }
            Response::Saved(result) => {
                let in_form = matches!(self.overlay, Some(Overlay::Form(_)));
                match result {
                    Ok((reference, note)) => {
                        if in_form {
                            self.overlay = None;
                        }
                        self.message = Some((Tone::Info, note));
                        self.tab = Tab::Requests;
                        self.requests.want = Some(reference);
                        self.requests.events = None;
                        fx.push(Effect::Request(Request::Requests));
                        fx.push(Effect::Request(Request::Audit { limit: AUDIT_LIMIT }));
                    }
                    Err(e) => match &mut self.overlay {
                        Some(Overlay::Form(form)) => {
                            form.busy = false;
                            form.error = Some(e);
                        }
                        _ => self.message = Some((Tone::Error, e)),
                    },
                }
            }
            Response::Exported(result) => match result {
                Ok(note) => {
                    self.message = Some((Tone::Info, note));
                    fx.push(Effect::Request(Request::Audit { limit: AUDIT_LIMIT }));
                }
                Err(e) => self.message = Some((Tone::Error, e)),
            },
            Response::PurposeSet(result) => match result {
                Ok(p) => {
                    self.purpose = p;
                    let waiting = std::mem::take(&mut self.purpose_wanted);
                    if waiting || self.purpose.is_some() {
                        self.requery(&mut fx);
                    }
                }
                Err(e) => {
                    self.purpose_wanted = false;
                    self.message = Some((Tone::Error, e));
                }
            },
            Response::Revealed(id) => {
                self.pmo.revealed = Some(id);
                if self.tab == Tab::Audit {
                    fx.push(Effect::Request(Request::Audit { limit: AUDIT_LIMIT }));
                }
            }
            Response::ImportProgress(p) => {
                if let Some(Overlay::Importing { progress, .. }) = &mut self.overlay {
                    *progress = p;
                }
            }
            Response::ImportDone(result) => {
                if matches!(self.overlay, Some(Overlay::Importing { .. })) {
                    self.overlay = None;
                }
                match result {
                    Ok(summary) => {
                        self.message = Some((Tone::Info, summary));
                        fx.push(Effect::Request(Request::Readers));
                        fx.push(Effect::Request(Request::Audit { limit: AUDIT_LIMIT }));
                        fx.push(Effect::Request(Request::PmoPeriods));
                        self.requery(&mut fx);
                    }
                    Err(e) => self.message = Some((Tone::Error, e)),
                }
            }
            Response::Failed {
                generation,
                message,
            } => {
                if generation.is_none_or(|g| g == self.generation) {
                    self.passages.pending = None;
                    self.searching = false;
                    self.message = Some((Tone::Error, message));
                }
            }
        }
        fx
    }
}
