//! The screen's state and the routing between tabs, panes and overlays. Nothing
//! here touches the terminal, the clock or the database: transitions return
//! `Effect`s that the event loop (or a test) carries out.

use super::action::{Action, Scope, Tab, lookup};
use super::overlay::preview::ImportPreview;
use super::overlay::{self, Confirm, Importing, Notice, Overlay, Prompt, PromptKind, Reply, Then};
use super::pane::audit::{AUDIT_LIMIT, AuditPane};
use super::pane::filter::Row;
use super::pane::passages::{FULL_WIDTH, Focus, PassagesTab};
use super::pane::pmo::PmoPane;
use super::pane::requests::{self, RequestsPane};
use super::pane::{Ctx, EventState, Out, Tone};
use super::theme::Theme;
use super::words;
use super::worker::{Request, Response};
use crate::i18n::tui::TuiText as T;
use crate::i18n::{Lang, Msg, fill};
use crate::ops::lookup::{ExportWhat, WriteFailure};
use chrono::NaiveDateTime;
use ratatui::crossterm::event::KeyEvent;
use std::path::PathBuf;

/// What the screen shows about where it runs, and the places it writes to;
/// injected so tests are stable.
#[derive(Debug, Clone, Default)]
pub struct Labels {
    pub db: String,
    pub user: String,
    pub banner: Option<String>,
    /// Where exports go unless an absolute path is given.
    pub exports: PathBuf,
    /// The tab the user was on when the program last closed.
    pub last_tab: Option<Tab>,
}

/// Something the event loop must do for the state. Effects live for one loop
/// turn, so the size of a request inside one does not matter.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone)]
pub enum Effect {
    Request(Request),
    /// Import a file with the profile, mappings and date order chosen for it.
    Import(PathBuf, crate::import::Choice),
    CancelImport,
    Quit,
}

/// What the first answers said about the database, to choose the tab it opens on.
#[derive(Debug, Clone, Copy, Default)]
struct Landing {
    passages: Option<bool>,
    periods: Option<bool>,
    /// Requests at all, and open ones.
    requests: Option<(bool, bool)>,
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
    pub passages: PassagesTab,
    pub audit: AuditPane,
    pub requests: RequestsPane,
    pub pmo: PmoPane,
    /// Overlays, the top one last; it takes the keys.
    pub overlays: Vec<Overlay>,
    pub message: Option<(Tone, String)>,
    pub quitting: bool,
    /// Until the user picks a tab, what the database holds picks it.
    landing: Option<Landing>,
    /// Numbers the checks of a form's scope, so a late answer is dropped.
    check_seq: u64,
}

impl App {
    pub fn new(lang: Lang, theme: Theme, labels: Labels, now: NaiveDateTime) -> App {
        App {
            lang,
            theme,
            tab: labels.last_tab.unwrap_or(Tab::Passages),
            labels,
            now,
            size: (80, 24),
            passages: PassagesTab::default(),
            audit: AuditPane::default(),
            requests: RequestsPane::default(),
            pmo: PmoPane::default(),
            overlays: Vec::new(),
            message: Some((Tone::Notice, Msg::Monitored.text(lang).to_owned())),
            quitting: false,
            landing: Some(Landing::default()),
            check_seq: 0,
        }
    }

    pub fn ctx(&self) -> Ctx<'_> {
        Ctx {
            lang: self.lang,
            now: self.now,
            theme: &self.theme,
            full: self.size.0 >= FULL_WIDTH,
        }
    }

    /// What to ask for when the screen opens.
    pub fn start(&mut self) -> Vec<Effect> {
        let mut out = Out::default();
        // The first page first: the worker answers in order, and it is what shows.
        self.passages.requery(&mut out);
        out.request(Request::Readers);
        out.request(Request::Audit { limit: AUDIT_LIMIT });
        out.request(Request::Requests);
        out.request(Request::PmoPeriods);
        out.fx
    }

    /// The database holds no passages at all.
    pub fn is_empty_store(&self) -> bool {
        self.passages.is_empty_store()
    }

    pub fn busy(&self) -> bool {
        self.passages.busy()
            || match self.overlays.last() {
                Some(Overlay::Importing(_)) => true,
                Some(Overlay::ImportPreview(p)) => {
                    matches!(p.state, overlay::preview::State::Reading)
                }
                _ => false,
            }
    }

    /// Where keys go now.
    pub fn scope(&self) -> Scope {
        if let Some(o) = self.overlays.last() {
            return o.scope();
        }
        match self.tab {
            Tab::Requests if self.requests.focus == requests::Focus::Events => Scope::RequestEvents,
            Tab::Requests => Scope::Requests,
            // Until a period is imported only the global keys apply.
            Tab::Pmo if self.pmo.periods.is_empty() => Scope::Global,
            Tab::Pmo => Scope::Pmo,
            Tab::Audit => Scope::Audit,
            Tab::Passages if self.is_empty_store() => Scope::Welcome,
            Tab::Passages if self.passages.focus == Focus::Filters => {
                match self.passages.filter.current() {
                    Row::Input(_) => Scope::FilterText,
                    _ => Scope::Filters,
                }
            }
            Tab::Passages => Scope::Passages,
        }
    }

    /// Whether an action applies where the keys go now; the hints show only these.
    pub fn offers(&self, action: Action) -> bool {
        match self.scope() {
            Scope::Requests | Scope::RequestEvents => self.requests.offers(action),
            Scope::Pmo => self.pmo.offers(action),
            // Esc leads back to the whole trail only from one person's entries.
            Scope::Audit if action == Action::Back => self.audit.who.is_some(),
            Scope::ImportPreview | Scope::ImportPick => match self.overlays.last() {
                Some(Overlay::ImportPreview(p)) => p.offers(action),
                _ => true,
            },
            // Tab completes paths only where paths are typed.
            Scope::Prompt if action == Action::Complete => matches!(
                self.overlays.last(),
                Some(Overlay::Prompt(p)) if p.kind == PromptKind::Import
            ),
            // ↑/↓ choose among the open requests only where a purpose is asked.
            Scope::Prompt if matches!(action, Action::Up | Action::Down) => matches!(
                self.overlays.last(),
                Some(Overlay::Prompt(p)) if p.kind == PromptKind::Purpose
            ),
            _ => true,
        }
    }

    pub fn resize(&mut self, w: u16, h: u16) -> Vec<Effect> {
        self.size = (w, h);
        let mut out = Out::default();
        // A taller window may show rows the buffer does not hold yet.
        let next = self.passages.table.prefetch();
        if let Some((page, limit, fill)) = next {
            out.request(Request::Page {
                generation: self.passages.generation,
                query: self.passages.query.clone(),
                page,
                limit,
                fill,
            });
        }
        out.fx
    }

    /// Routes a key: the scope's own bindings first, then global ones.
    pub fn on_key(&mut self, ev: KeyEvent) -> Vec<Effect> {
        use ratatui::crossterm::event::{KeyCode, KeyModifiers};
        // Esc and a key typed at once reach us as Alt+key (the terminal cannot
        // tell them apart); no binding uses Alt, so it is taken as the two keys.
        if ev.modifiers == KeyModifiers::ALT
            && let KeyCode::Char(c) = ev.code
        {
            let mut fx = self.on_key(KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE));
            if !self.quitting {
                fx.extend(self.on_key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)));
            }
            return fx;
        }
        let scope = self.scope();
        let mut out = Out::default();
        if let Some(action) = lookup(scope, &ev)
            && self.route(action, &mut out) == EventState::Consumed
        {
            return self.apply(out);
        }
        if !scope.is_modal()
            && let Some(action) = lookup(Scope::Global, &ev)
        {
            self.global(action, &mut out);
        }
        self.apply(out)
    }

    /// Carries out an action as if its key had been pressed.
    pub fn handle(&mut self, action: Action) -> Vec<Effect> {
        let scope = self.scope();
        let mut out = Out::default();
        if self.route(action, &mut out) == EventState::NotConsumed && !scope.is_modal() {
            self.global(action, &mut out);
        }
        self.apply(out)
    }

    /// Takes what a pane or overlay asked for: an overlay, a message, effects.
    fn apply(&mut self, out: Out) -> Vec<Effect> {
        if let Some((tone, text)) = out.say {
            self.message = (!text.is_empty()).then_some((tone, text));
        }
        let mut fx = out.fx;
        if let Some(mut o) = out.open {
            if let Overlay::Prompt(p) = &mut o {
                match p.kind {
                    PromptKind::ExportRequest(_) | PromptKind::ExportPeriod(_) => {
                        p.folder = Some(self.labels.exports.clone());
                    }
                    PromptKind::Purpose => {
                        // What is open now, also what another officer registered since.
                        p.choices = self.requests.open_references();
                        fx.push(Effect::Request(Request::Requests));
                    }
                    _ => {}
                }
            }
            // A purpose asked for while it is being asked is one question.
            let asking =
                |o: &Overlay| matches!(o, Overlay::Prompt(p) if p.kind == PromptKind::Purpose);
            if !(asking(&o) && self.overlays.last().is_some_and(asking)) {
                self.overlays.push(o);
            }
        }
        self.ask_check(&mut fx);
        fx
    }

    /// Sends the form's scope to be checked when it changed.
    fn ask_check(&mut self, fx: &mut Vec<Effect>) {
        let now = self.now;
        let Some(Overlay::Form(form)) = self.overlays.last_mut() else {
            return;
        };
        if let Some((persons, readers, windows)) = form.wants_check(now) {
            self.check_seq += 1;
            form.asked = self.check_seq;
            fx.push(Effect::Request(Request::CheckScope {
                seq: self.check_seq,
                persons,
                readers,
                windows,
            }));
        }
    }

    fn route(&mut self, action: Action, out: &mut Out) -> EventState {
        if let Some(top) = self.overlays.last_mut() {
            let ctx = Ctx {
                lang: self.lang,
                now: self.now,
                theme: &self.theme,
                full: self.size.0 >= FULL_WIDTH,
            };
            let reply = overlay::on(top, action, &ctx);
            self.overlay_reply(reply, out);
            return EventState::Consumed;
        }
        let ctx = Ctx {
            lang: self.lang,
            now: self.now,
            theme: &self.theme,
            full: self.size.0 >= FULL_WIDTH,
        };
        match self.tab {
            Tab::Passages => self.passages.on(action, &ctx, out),
            Tab::Audit => self.audit.on(action, &ctx, out),
            Tab::Requests => self.requests.on(action, &ctx, out),
            Tab::Pmo if self.pmo.periods.is_empty() => EventState::NotConsumed,
            Tab::Pmo => self.pmo.on(action, &ctx, out),
        }
    }

    fn global(&mut self, action: Action, out: &mut Out) {
        match action {
            Action::Quit => self.quit(&mut out.fx),
            Action::Help => {
                out.open = Some(Overlay::Help {
                    scope: self.scope(),
                    scroll: 0,
                })
            }
            Action::GoTab(tab) => {
                self.landing = None;
                self.go_tab(tab, out);
            }
            Action::Import => out.open = Some(Overlay::Prompt(Prompt::new(PromptKind::Import))),
            _ => {}
        }
    }

    fn go_tab(&mut self, tab: Tab, out: &mut Out) {
        self.tab = tab;
        match tab {
            Tab::Audit => {
                self.audit.to_newest = true;
                out.request(Request::Audit { limit: AUDIT_LIMIT });
            }
            Tab::Requests => out.request(Request::Requests),
            Tab::Pmo => out.request(Request::PmoPeriods),
            Tab::Passages => {}
        }
    }

    fn quit(&mut self, fx: &mut Vec<Effect>) {
        if matches!(self.overlays.last(), Some(Overlay::Importing(_))) {
            fx.push(Effect::CancelImport);
        }
        self.quitting = true;
        fx.push(Effect::Quit);
    }

    fn overlay_reply(&mut self, reply: Reply, out: &mut Out) {
        let lang = self.lang;
        match reply {
            Reply::Stay => {}
            Reply::Close => {
                self.overlays.pop();
            }
            Reply::Quit => {
                self.quit(&mut out.fx);
                self.overlays.clear();
            }
            Reply::CancelImport => out.fx.push(Effect::CancelImport),
            Reply::Recompute => self.ask_preview(out),
            Reply::ImportFile => self.import_previewed(out),
            Reply::SkipFile => {
                if let Some(p) = self.preview_mut() {
                    p.skipped += 1;
                }
                self.next_preview(out);
            }
            Reply::EndImports => self.end_imports(out),
            Reply::Typed(text) => match self.tab {
                Tab::Audit => self.audit.search = crate::text::fold(&text),
                _ => self.passages.search_typed(&text),
            },
            Reply::Entered(kind, value) => self.entered(kind, value, out),
            Reply::Save => self.save_form(out),
            Reply::Yes(then) => {
                self.overlays.pop();
                match then {
                    Then::BulkOk(ids) => self.pmo.confirmed_bulk(ids, out),
                    Then::SaveForm => {
                        if let Some(Overlay::Form(f)) = self.overlays.last_mut() {
                            f.unknown_confirmed = true;
                        }
                        self.save_form(out);
                    }
                }
            }
        }
        let _ = lang;
    }

    /// A prompt was confirmed.
    fn entered(&mut self, kind: PromptKind, value: String, out: &mut Out) {
        let ctx = self.ctx();
        let (lang, now, full) = (ctx.lang, ctx.now, ctx.full);
        let theme = self.theme;
        let ctx = Ctx {
            lang,
            now,
            theme: &theme,
            full,
        };
        if kind == PromptKind::Import {
            match overlay::paths::parse(&value) {
                Ok(files) => {
                    self.overlays.pop();
                    self.start_preview(files, out);
                }
                Err(e) => {
                    if let Some(Overlay::Prompt(p)) = self.overlays.last_mut() {
                        p.note = Some(match e {
                            overlay::paths::PathsError::OpenQuote(q) => {
                                fill(T::OpenQuote.text(lang), &[&q])
                            }
                            overlay::paths::PathsError::Empty => {
                                T::NoFileGiven.text(lang).to_owned()
                            }
                        });
                    }
                }
            }
            return;
        }
        self.overlays.pop();
        match kind {
            PromptKind::Search => match self.tab {
                Tab::Audit => {
                    self.audit.search = crate::text::fold(&value);
                    if !self.audit.search.is_empty() && !self.audit.find(true, lang) {
                        out.info(T::NoMatch.text(lang));
                    }
                }
                _ => self.passages.search_for(&value, &ctx, out),
            },
            PromptKind::ExportRequest(r) if !value.is_empty() => {
                self.export(ExportWhat::Request(r), value, out)
            }
            PromptKind::ExportPeriod(p) if !value.is_empty() => {
                self.export(ExportWhat::Period(p), value, out)
            }
            PromptKind::PmoComment(id) => self.pmo.comment(id, value, out),
            PromptKind::Purpose => self.passages.choose_purpose(&value, &ctx, out),
            PromptKind::AuditWho if !value.trim().is_empty() => out.request(Request::AuditWho {
                person: value.trim().to_owned(),
            }),
            _ => {}
        }
    }

    fn export(&mut self, what: ExportWhat, name: String, out: &mut Out) {
        out.info(T::Exporting.text(self.lang));
        out.request(Request::ExportTo {
            what,
            folder: self.labels.exports.clone(),
            name,
            lang: self.lang,
        });
    }

    /// Opens the preview of the files chosen; none is imported before the user
    /// has seen what it would store and said so.
    fn start_preview(&mut self, files: Vec<PathBuf>, out: &mut Out) {
        if files.is_empty() {
            return;
        }
        self.overlays
            .push(Overlay::ImportPreview(Box::new(ImportPreview::new(files))));
        self.ask_preview(out);
    }

    /// The import preview, wherever it lies in the stack.
    fn preview_mut(&mut self) -> Option<&mut ImportPreview> {
        self.overlays.iter_mut().rev().find_map(|o| match o {
            Overlay::ImportPreview(p) => Some(p.as_mut()),
            _ => None,
        })
    }

    fn ask_preview(&mut self, out: &mut Out) {
        if let Some(req) = self.preview_mut().and_then(|p| p.ask()) {
            out.request(req);
        }
    }

    /// Enter on a preview that reads: the file goes to the import as shown.
    fn import_previewed(&mut self, out: &mut Out) {
        let Some(p) = self.preview_mut() else { return };
        let Some(file) = p.file().cloned() else {
            return;
        };
        let choice = p.choice.clone();
        let queued = p.left();
        self.overlays.push(Overlay::Importing(Importing {
            file: file.display().to_string(),
            progress: 0.0,
            cancelling: false,
            queued,
        }));
        out.fx.push(Effect::Import(file, choice));
    }

    /// The next file's preview, or the end when none is left.
    fn next_preview(&mut self, out: &mut Out) {
        match self.preview_mut().map(|p| p.next_file()) {
            Some(true) => self.ask_preview(out),
            Some(false) => self.end_imports(out),
            None => {}
        }
    }

    /// Closes the preview and says what became of every file.
    fn end_imports(&mut self, out: &mut Out) {
        let lang = self.lang;
        let Some(at) = self
            .overlays
            .iter()
            .rposition(|o| matches!(o, Overlay::ImportPreview(_)))
        else {
            return;
        };
        let Overlay::ImportPreview(p) = self.overlays.remove(at) else {
            return;
        };
        self.overlays.truncate(at);
        let count = |n: usize| crate::i18n::tui::count(n as u64, T::FileOne, T::FileMany, lang);
        let not_started = p.files.len().saturating_sub(p.at);
        let mut parts = p.failed.clone();
        parts.extend(p.imported.iter().cloned());
        if p.skipped > 0 {
            parts.push(fill(T::ImportSkipped.text(lang), &[&count(p.skipped)]));
        }
        if not_started > 0 {
            parts.push(fill(T::ImportNotStarted.text(lang), &[&count(not_started)]));
        }
        let text = parts.join(" · ");
        if p.failed.is_empty() {
            out.info(text);
        } else {
            out.error(text);
        }
    }

    /// Whatever an import kept shows at once.
    fn refresh_after_import(&mut self, out: &mut Out) {
        out.request(Request::Readers);
        out.request(Request::Audit { limit: AUDIT_LIMIT });
        out.request(Request::PmoPeriods);
        out.request(Request::Requests);
        self.passages.requery(out);
    }

    /// Saves the form on top: refused with a reason, asked about when a person
    /// is unknown, or sent to the worker.
    fn save_form(&mut self, out: &mut Out) {
        let (now, lang) = (self.now, self.lang);
        let Some(Overlay::Form(form)) = self.overlays.last_mut() else {
            return;
        };
        let req = match form.submit(now, lang) {
            Ok(req) => req,
            Err(e) => {
                form.error = Some(e);
                return;
            }
        };
        form.error = None;
        match form.unknown_persons() {
            // The check of what was typed last is on its way; save when it is here.
            None => form.save_when_checked = true,
            Some(unknown) if !unknown.is_empty() && !form.unknown_confirmed => {
                let names = unknown
                    .iter()
                    .map(|u| format!("«{}»", super::widget::safe(u)))
                    .collect::<Vec<_>>()
                    .join(", ");
                out.open = Some(Overlay::Confirm(Confirm::new(
                    fill(T::UnknownPersonQuestion.text(lang), &[&names]),
                    Then::SaveForm,
                )));
            }
            Some(_) => {
                form.busy = true;
                // A review's forms close at once, so keys typed on do not wait for
                // the store; what it says comes as a message.
                let review = matches!(
                    req,
                    Request::PmoSignoffWith { .. } | Request::PmoEscalate { .. }
                );
                let at = self.now.format("%Y-%m-%dT%H:%M:%S").to_string();
                match &req {
                    Request::PmoSignoffWith { .. } => {
                        self.pmo.signing_off(at, self.labels.user.clone())
                    }
                    Request::PmoEscalate {
                        access_id,
                        target,
                        reference,
                        ..
                    } => self.pmo.escalating(*access_id, *target, reference, at),
                    _ => {}
                }
                out.request(req);
                if review {
                    self.overlays.pop();
                }
            }
        }
    }

    /// Chooses the tab to open on once the first answers are in: the only kind
    /// of data there is, else open requests, else the tab last used.
    fn land(&mut self) {
        let Some(l) = self.landing else { return };
        let (Some(passages), Some(periods), Some((requests, open))) =
            (l.passages, l.periods, l.requests)
        else {
            return;
        };
        self.landing = None;
        let security = passages || requests;
        self.tab = if periods && !security {
            Tab::Pmo
        } else if security && !periods {
            if open { Tab::Requests } else { Tab::Passages }
        } else if let Some(t) = self.labels.last_tab {
            t
        } else if open {
            Tab::Requests
        } else {
            Tab::Passages
        };
    }

    /// Takes an answer from a worker.
    pub fn on_response(&mut self, resp: Response) -> Vec<Effect> {
        let mut out = Out::default();
        let lang = self.lang;
        let theme = self.theme;
        let ctx = Ctx {
            lang,
            now: self.now,
            theme: &theme,
            full: self.size.0 >= FULL_WIDTH,
        };
        let is_readers = matches!(resp, Response::Readers(_));
        let mut resp = Some(resp);
        self.passages.on_response(&mut resp, &ctx, &mut out);
        if is_readers && let Some(l) = &mut self.landing {
            l.passages = Some(!self.passages.filter.readers.is_empty());
            self.land();
        }
        let Some(resp) = resp else {
            return self.apply(out);
        };
        match resp {
            Response::Audit(entries) => self.audit.set(entries),
            Response::AuditWho(answer) => match answer {
                Ok(who) => self.audit.show_who(*who),
                Err(e) => out.error(e),
            },
            Response::Requests(list) => {
                self.requests.set(list, &mut out);
                if let Some(Overlay::Prompt(p)) = self.overlays.last_mut()
                    && p.kind == PromptKind::Purpose
                {
                    let chosen = p.choice.and_then(|i| p.choices.get(i).cloned());
                    p.choices = self.requests.open_references();
                    p.choice = chosen.and_then(|c| p.choices.iter().position(|r| *r == c));
                }
                if let Some(l) = &mut self.landing {
                    l.requests = Some((
                        !self.requests.list.is_empty(),
                        self.requests.open_count() > 0,
                    ));
                    self.land();
                }
            }
            Response::RequestEvents(extract) => self.requests.receive(*extract),
            Response::PmoPeriods(periods) => {
                self.pmo.set_periods(periods, &mut out);
                if let Some(l) = &mut self.landing {
                    l.periods = Some(!self.pmo.periods.is_empty());
                    self.land();
                }
            }
            Response::PmoRows { period_id, rows } => self.pmo.set_rows(period_id, rows),
            Response::PmoEscalations { period_id, list } => {
                self.pmo.set_escalations(period_id, list)
            }
            Response::PmoDone(result) => {
                if let Some(Overlay::Form(f)) = self.overlays.last_mut()
                    && f.busy
                    && matches!(f.kind, overlay::form::FormKind::SignOff { .. })
                {
                    match &result {
                        Ok(_) => {
                            self.overlays.pop();
                        }
                        Err(e) => {
                            f.busy = false;
                            f.error = Some(fill(T::NotSaved.text(lang), &[e]));
                        }
                    }
                }
                self.pmo.done(result, lang, &mut out);
            }
            Response::PmoEscalated(result) => {
                if let Some(Overlay::Form(f)) = self.overlays.last_mut()
                    && f.busy
                {
                    match &result {
                        Ok(()) => {
                            self.overlays.pop();
                        }
                        Err(e) => {
                            f.busy = false;
                            f.error = Some(fill(T::NotSaved.text(lang), &[e]));
                        }
                    }
                }
                self.pmo.escalated(result, lang, &mut out);
            }
            Response::ScopeChecked { seq, check } => {
                if let Some(Overlay::Form(f)) = self.overlays.last_mut() {
                    let check = check.unwrap_or_else(|e| {
                        out.error(fill(T::CheckFailed.text(lang), &[&e]));
                        Default::default()
                    });
                    f.checked(seq, check);
                    if f.save_when_checked && f.check_is_current() {
                        f.save_when_checked = false;
                        self.save_form(&mut out);
                    }
                }
            }
            Response::Saved(result) => match result {
                Ok((reference, _)) => {
                    let what = match self.overlays.last() {
                        Some(Overlay::Form(f)) => match f.kind {
                            overlay::form::FormKind::NewRequest => T::SavedNew,
                            overlay::form::FormKind::Decide(_) => T::SavedDecided,
                            _ => T::SavedScope,
                        },
                        _ => T::SavedScope,
                    };
                    if matches!(self.overlays.last(), Some(Overlay::Form(_))) {
                        self.overlays.pop();
                    }
                    out.info(fill(what.text(lang), &[&reference]));
                    self.tab = Tab::Requests;
                    self.landing = None;
                    self.requests.want = Some(reference);
                    self.requests.events = None;
                    out.request(Request::Requests);
                    out.request(Request::Audit { limit: AUDIT_LIMIT });
                }
                Err(e) => match self.overlays.last_mut() {
                    Some(Overlay::Form(form)) => {
                        form.busy = false;
                        form.error = Some(fill(T::NotSaved.text(lang), &[&e]));
                    }
                    _ => out.error(fill(T::NotSaved.text(lang), &[&e])),
                },
            },
            Response::Exported(result) => match result {
                Ok(note) => out.info(note),
                Err(e) => out.error(fill(T::ExportFailed.text(lang), &[&e])),
            },
            Response::Written(result) => match result {
                Ok(w) => {
                    let path = w.path.display().to_string();
                    out.info(fill(T::ExportedTo.text(lang), &[&path]));
                    out.open = Some(Overlay::Notice(Notice {
                        title: T::ExportDone.text(lang).to_owned(),
                        fields: vec![
                            (T::File.text(lang).to_owned(), super::widget::safe(&path)),
                            (
                                Msg::Rows.text(lang).to_owned(),
                                crate::tui::widget::thousands(w.rows as u64),
                            ),
                            ("SHA-256".to_owned(), w.sha256),
                        ],
                    }));
                    out.request(Request::Audit { limit: AUDIT_LIMIT });
                }
                Err(f) => out.error(write_failure(&f, lang)),
            },
            Response::Waiting(seconds) => {
                out.info(fill(T::WaitingForWrite.text(lang), &[&seconds]))
            }
            Response::Revealed(id) => {
                self.pmo.revealed = Some(id);
                if self.tab == Tab::Audit {
                    out.request(Request::Audit { limit: AUDIT_LIMIT });
                }
            }
            Response::ImportProgress(p) => {
                if let Some(Overlay::Importing(i)) = self.overlays.last_mut() {
                    i.progress = p;
                }
            }
            Response::ImportDone(result) => self.import_done(result, &mut out),
            Response::Preview(answer) => {
                if let Some(Overlay::ImportPreview(p)) = self.overlays.last_mut() {
                    p.receive(*answer);
                }
            }
            Response::Failed {
                generation,
                message,
            } => {
                if generation.is_none_or(|g| g == self.passages.generation) {
                    self.passages.failed();
                    out.error(fill(T::WorkerFailed.text(lang), &[&message]));
                }
            }
            // The passages tab took these above.
            Response::Page { .. }
            | Response::Count { .. }
            | Response::Found { .. }
            | Response::Readers(_)
            | Response::PurposeSet(_) => {}
        }
        self.apply(out)
    }

    /// An import finished: the preview goes on to the next file, unless the
    /// import was cancelled, which cancels the rest.
    fn import_done(&mut self, result: Result<String, String>, out: &mut Out) {
        let lang = self.lang;
        let cancelled = matches!(self.overlays.last(), Some(Overlay::Importing(i)) if i.cancelling);
        if matches!(self.overlays.last(), Some(Overlay::Importing(_))) {
            self.overlays.pop();
        }
        let Some(p) = self.preview_mut() else {
            // An import the preview did not start (none is, but the answer says what happened).
            match result {
                Ok(summary) => out.info(summary),
                Err(_) if cancelled => out.error(T::ImportCancelled.text(lang).to_owned()),
                Err(e) => out.error(e),
            }
            self.refresh_after_import(out);
            return;
        };
        let kept = result.is_ok();
        match result {
            Ok(summary) => p.imported.push(summary),
            Err(_) if cancelled => p.failed.push(T::ImportCancelled.text(lang).to_owned()),
            Err(e) => p.failed.push(e),
        }
        if cancelled {
            // The cancelled file counts as not imported, not as still to come.
            p.at += 1;
            self.end_imports(out);
        } else {
            self.next_preview(out);
        }
        if kept {
            self.refresh_after_import(out);
        }
    }
}

/// Why an export was not written, in one sentence of the user's language.
pub fn write_failure(f: &WriteFailure, lang: Lang) -> String {
    match f {
        WriteFailure::Folder { path, kind, code } => fill(
            T::ExportFolderFailed.text(lang),
            &[&path.display(), &words::io_error(*kind, *code, lang)],
        ),
        WriteFailure::File { path, kind, code } => fill(
            T::ExportFileFailed.text(lang),
            &[&path.display(), &words::io_error(*kind, *code, lang)],
        ),
        WriteFailure::Format { path } => fill(T::ExportFormat.text(lang), &[&path.display()]),
        WriteFailure::Other(e) => fill(T::ExportFailed.text(lang), &[e]),
    }
}
