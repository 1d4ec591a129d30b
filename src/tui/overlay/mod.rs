//! What opens on top of a pane: help, a whole record, one-line prompts, forms,
//! yes/no questions, a finished job's receipt and the import's progress. The top
//! overlay takes every key; closing it gives the keys back to what lies beneath.

pub mod form;
pub mod paths;
pub mod preview;

use super::action::{Action, Scope, bindings_for};
use super::pane::Ctx;
use super::widget::{centered, field, pane_block, safe, wrapped_rows};
use crate::domain::request::RequestId;
use crate::i18n::tui::TuiText as T;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Gauge, Paragraph, Wrap};
use std::path::PathBuf;
use tui_input::Input;

#[derive(Debug, Clone)]
pub enum Overlay {
    Help { scope: Scope, scroll: usize },
    Record(RecordView),
    Prompt(Prompt),
    Importing(Importing),
    Form(Box<form::Form>),
    Confirm(Confirm),
    Notice(Notice),
    ImportPreview(Box<preview::ImportPreview>),
}

impl Overlay {
    pub fn scope(&self) -> Scope {
        match self {
            Overlay::Help { .. } => Scope::Help,
            Overlay::Record(_) => Scope::Record,
            Overlay::Prompt(_) => Scope::Prompt,
            Overlay::Importing(_) => Scope::Importing,
            Overlay::Form(_) => Scope::Form,
            Overlay::Confirm(_) => Scope::Confirm,
            Overlay::Notice(_) => Scope::Notice,
            Overlay::ImportPreview(p) if p.pick.is_some() => Scope::ImportPick,
            Overlay::ImportPreview(_) => Scope::ImportPreview,
        }
    }

    pub fn draw(&self, frame: &mut Frame, body: Rect, ctx: &Ctx) {
        match self {
            Overlay::Help { scope, scroll } => draw_help(frame, ctx, *scope, *scroll),
            Overlay::Record(r) => r.draw(frame, ctx),
            Overlay::Prompt(p) => p.draw(frame, body, ctx),
            Overlay::Importing(i) => i.draw(frame, ctx),
            Overlay::Form(f) => f.draw(frame, ctx),
            Overlay::Confirm(c) => c.draw(frame, ctx),
            Overlay::Notice(n) => n.draw(frame, ctx),
            Overlay::ImportPreview(p) => p.draw(frame, body, ctx),
        }
    }
}

/// What an overlay asks of the app after an action.
#[derive(Debug, Clone, PartialEq)]
pub enum Reply {
    /// Used; the overlay stays.
    Stay,
    Close,
    Quit,
    /// A prompt was confirmed with this text.
    Entered(PromptKind, String),
    /// The search prompt's text changed (matches are marked as it is typed).
    Typed(String),
    /// A form asks to be saved.
    Save,
    Yes(Then),
    CancelImport,
    /// The import preview's choices changed: read the file again.
    Recompute,
    /// Import the file previewed, with the choices made.
    ImportFile,
    /// Leave the file previewed out and go on.
    SkipFile,
    /// Import none of the files left.
    EndImports,
}

/// Scrolls a text overlay; `None` when the action is not a scroll.
fn scrolled(scroll: &mut usize, action: Action) -> Option<()> {
    match action {
        Action::Up => *scroll = scroll.saturating_sub(1),
        Action::Down => *scroll += 1,
        Action::PageUp => *scroll = scroll.saturating_sub(10),
        Action::PageDown => *scroll += 10,
        _ => return None,
    }
    Some(())
}

/// Takes an action for the overlay on top.
pub fn on(overlay: &mut Overlay, action: Action, ctx: &Ctx) -> Reply {
    if action == Action::Quit {
        return match overlay {
            Overlay::Importing(_) => Reply::CancelImport,
            _ => Reply::Quit,
        };
    }
    match overlay {
        Overlay::Help { scroll, .. } => {
            if scrolled(scroll, action).is_none() && matches!(action, Action::Back | Action::Help) {
                return Reply::Close;
            }
            Reply::Stay
        }
        Overlay::Record(r) => {
            if scrolled(&mut r.scroll, action).is_none() && action == Action::Back {
                return Reply::Close;
            }
            Reply::Stay
        }
        Overlay::Notice(_) => match action {
            Action::Back => Reply::Close,
            _ => Reply::Stay,
        },
        Overlay::Confirm(c) => match action {
            Action::Yes => Reply::Yes(c.then.clone()),
            Action::No | Action::Back => Reply::Close,
            _ => Reply::Stay,
        },
        Overlay::Importing(i) => match action {
            Action::Back => {
                i.cancelling = true;
                Reply::CancelImport
            }
            _ => Reply::Stay,
        },
        Overlay::Prompt(p) => p.on(action),
        Overlay::Form(f) => f.on(action, ctx),
        Overlay::ImportPreview(p) => p.on(action, ctx.lang),
    }
}

/// One record, every field on its own line: a passage, a PMO row, an audit entry.
#[derive(Debug, Clone, PartialEq)]
pub struct RecordView {
    pub title: String,
    pub fields: Vec<(String, String)>,
    pub scroll: usize,
}

impl RecordView {
    pub fn new(title: &str, fields: Vec<(String, String)>) -> RecordView {
        RecordView {
            title: title.to_owned(),
            fields,
            scroll: 0,
        }
    }

    fn draw(&self, frame: &mut Frame, ctx: &Ctx) {
        let area = frame.area();
        let t = ctx.theme;
        let key_w = self
            .fields
            .iter()
            .map(|(k, _)| k.chars().count())
            .max()
            .unwrap_or(0);
        let w = area.width.saturating_sub(4).min(90);
        let value_w = (w as usize).saturating_sub(key_w + 4);
        let mut need = 2;
        let lines: Vec<Line> = self
            .fields
            .iter()
            .map(|(k, v)| {
                need += wrapped_rows(v, value_w.max(1)) as u16;
                // An empty value says so, rather than leaving the reader to wonder.
                let v = if v.is_empty() {
                    "–".to_owned()
                } else {
                    v.clone()
                };
                Line::from(vec![
                    Span::styled(format!("{k:<key_w$}  "), t.muted),
                    Span::raw(v),
                ])
            })
            .collect();
        let h = need.min(area.height.saturating_sub(2));
        let r = centered(area, w, h);
        frame.render_widget(Clear, r);
        frame.render_widget(
            Paragraph::new(lines)
                .wrap(Wrap { trim: false })
                .scroll((self.scroll as u16, 0))
                .block(
                    pane_block(t, safe(&self.title), true)
                        .title_bottom(Line::from(format!(" {} ", T::EscCloses.text(ctx.lang)))),
                ),
            r,
        );
    }
}

/// What a one-line prompt is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PromptKind {
    Search,
    /// Files to import: several, quoted when they hold spaces, Tab completes.
    Import,
    ExportRequest(RequestId),
    ExportPeriod(i64),
    /// The comment of a PMO row, by id.
    PmoComment(i64),
    /// Why the user searches: an open request's reference (chosen with ↑/↓) or an
    /// incident note.
    Purpose,
    /// Whose entries in the audit trail to list.
    AuditWho,
}

#[derive(Debug, Clone)]
pub struct Prompt {
    pub kind: PromptKind,
    pub input: Input,
    /// What Tab found, or why the text cannot be used.
    pub note: Option<String>,
    /// The folder a relative export name is written to.
    pub folder: Option<PathBuf>,
    /// What ↑/↓ choose from (the purpose prompt's open requests), and which is chosen.
    pub choices: Vec<String>,
    pub choice: Option<usize>,
}

impl Prompt {
    pub fn new(kind: PromptKind) -> Prompt {
        Prompt::with(kind, "")
    }

    pub fn with(kind: PromptKind, text: &str) -> Prompt {
        Prompt {
            kind,
            input: Input::new(text.to_owned()),
            note: None,
            folder: None,
            choices: Vec::new(),
            choice: None,
        }
    }

    /// ↑/↓ in the purpose prompt: the previous or next open request, round the
    /// ends, written into the line so Enter takes it.
    fn choose(&mut self, down: bool) {
        let n = self.choices.len();
        if n == 0 {
            return;
        }
        let next = match (self.choice, down) {
            (None, true) => 0,
            (None, false) => n - 1,
            (Some(i), true) => (i + 1) % n,
            (Some(i), false) => (i + n - 1) % n,
        };
        self.choice = Some(next);
        self.input = Input::new(self.choices[next].clone());
    }

    fn on(&mut self, action: Action) -> Reply {
        match action {
            Action::Back => Reply::Close,
            Action::Enter => Reply::Entered(self.kind, self.input.value().trim().to_owned()),
            Action::Complete if self.kind == PromptKind::Import => {
                let (value, note) = paths::complete(self.input.value());
                if value != self.input.value() {
                    self.input = Input::new(value);
                }
                self.note = note;
                Reply::Stay
            }
            Action::Up | Action::Down if self.kind == PromptKind::Purpose => {
                self.choose(action == Action::Down);
                Reply::Stay
            }
            Action::Type(_) | Action::Edit(_) => {
                if field::edit(&mut self.input, action) == Some(true) {
                    self.note = None;
                    // Typed over, the line is an incident note, not the request chosen.
                    if self.choice.is_some_and(|i| {
                        self.choices.get(i).map(String::as_str) != Some(self.input.value())
                    }) {
                        self.choice = None;
                    }
                    if self.kind == PromptKind::Search {
                        return Reply::Typed(self.input.value().to_owned());
                    }
                }
                Reply::Stay
            }
            _ => Reply::Stay,
        }
    }

    fn texts(&self) -> (T, T) {
        match self.kind {
            PromptKind::Search => (T::PromptSearch, T::PromptSearchHint),
            PromptKind::AuditWho => (T::PromptWho, T::PromptWhoHint),
            PromptKind::Import => (T::PromptImport, T::PromptImportHint),
            PromptKind::ExportRequest(_) => (T::PromptExportExtract, T::PromptExportHint),
            PromptKind::ExportPeriod(_) => (T::PromptExportRecord, T::PromptExportHint),
            PromptKind::PmoComment(_) => (T::PromptComment, T::PromptCommentHint),
            PromptKind::Purpose => unreachable!("the purpose prompt draws itself"),
        }
    }

    fn draw(&self, frame: &mut Frame, body: Rect, ctx: &Ctx) {
        if self.kind == PromptKind::Purpose {
            return self.draw_purpose(frame, body, ctx);
        }
        let lang = ctx.lang;
        let (title, hint) = self.texts();
        // The folder an export goes to, and what Tab found, above the line.
        let mut above: Vec<Line> = Vec::new();
        if let Some(f) = &self.folder {
            above.push(Line::from(vec![
                Span::styled(format!("{}: ", T::Folder.text(lang)), ctx.theme.muted),
                Span::raw(safe(&f.display().to_string())),
            ]));
        }
        if let Some(n) = &self.note {
            above.push(Line::styled(safe(n), ctx.theme.muted));
        }
        let extra = above
            .iter()
            .map(|l| wrapped_rows(&l.to_string(), body.width.saturating_sub(2) as usize) as u16)
            .sum::<u16>();
        let h = 3 + extra;
        let r = Rect::new(
            body.x,
            (body.y + body.height).saturating_sub(h),
            body.width,
            h.min(body.height),
        );
        let block = pane_block(ctx.theme, title.text(lang).to_owned(), true)
            .title_bottom(Line::from(format!(" {} ", hint.text(lang))));
        let inner = block.inner(r);
        frame.render_widget(Clear, r);
        frame.render_widget(block, r);
        let [top, line] =
            Layout::vertical([Constraint::Length(extra), Constraint::Length(1)]).areas(inner);
        frame.render_widget(Paragraph::new(above).wrap(Wrap { trim: true }), top);
        let (shown, cursor) = field::visible(&self.input, inner.width as usize);
        frame.render_widget(Paragraph::new(safe(&shown)), line);
        frame.set_cursor_position((line.x + cursor as u16, line.y));
    }
}

impl Prompt {
    /// The purpose prompt: what it is for, the open requests to choose from with
    /// ↑/↓, and the line where an incident note is typed.
    fn draw_purpose(&self, frame: &mut Frame, body: Rect, ctx: &Ctx) {
        use crate::i18n::ops::PurposeUi as P;
        let lang = ctx.lang;
        let t = ctx.theme;
        let text_w = body.width.saturating_sub(2) as usize;
        let shown = self.choices.len().min(5);
        // The chosen request stays in view when there are more than fit.
        let first = self
            .choice
            .map_or(0, |c| (c + 1).saturating_sub(shown))
            .min(self.choices.len() - shown);
        let mut lines = vec![Line::from(P::Explain.text(lang))];
        if shown > 0 {
            lines.push(Line::styled(
                format!("{}:", P::Requests.text(lang)),
                t.title,
            ));
            for (i, reference) in self.choices.iter().enumerate().skip(first).take(shown) {
                let chosen = self.choice == Some(i);
                lines.push(Line::styled(
                    format!("{} {}", if chosen { "▶" } else { " " }, safe(reference)),
                    if chosen {
                        t.selected
                    } else {
                        ratatui::style::Style::new()
                    },
                ));
            }
        }
        if let Some(n) = &self.note {
            lines.push(Line::styled(safe(n), t.error));
        }
        let text_h: u16 = lines
            .iter()
            .map(|l| wrapped_rows(&l.to_string(), text_w.max(1)) as u16)
            .sum();
        let h = (3 + text_h).min(body.height);
        let r = Rect::new(
            body.x,
            (body.y + body.height).saturating_sub(h),
            body.width,
            h,
        );
        let block = pane_block(t, P::Title.text(lang).to_owned(), true)
            .title_bottom(Line::from(format!(" {} ", P::Keys.text(lang))));
        let inner = block.inner(r);
        frame.render_widget(Clear, r);
        frame.render_widget(block, r);
        let [above, line] =
            Layout::vertical([Constraint::Fill(1), Constraint::Length(1)]).areas(inner);
        frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), above);
        let label = format!("{}: ", P::Reason.text(lang));
        let lw = super::widget::width(&label) as u16;
        let [label_area, field_area] =
            Layout::horizontal([Constraint::Length(lw), Constraint::Fill(1)]).areas(line);
        frame.render_widget(Span::styled(label, t.title), label_area);
        let (shown, cursor) = field::visible(&self.input, field_area.width as usize);
        frame.render_widget(Paragraph::new(safe(&shown)), field_area);
        frame.set_cursor_position((field_area.x + cursor as u16, field_area.y));
    }
}

/// What to do on yes.
#[derive(Debug, Clone, PartialEq)]
pub enum Then {
    /// Verdict ok for these PMO rows.
    BulkOk(Vec<i64>),
    /// Save the form beneath although a person named in it is unknown.
    SaveForm,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Confirm {
    pub question: String,
    pub then: Then,
}

impl Confirm {
    pub fn new(question: String, then: Then) -> Confirm {
        Confirm { question, then }
    }

    fn draw(&self, frame: &mut Frame, ctx: &Ctx) {
        let area = frame.area();
        let w = area.width.saturating_sub(8).min(70);
        let text_w = w.saturating_sub(4) as usize;
        let rows = wrapped_rows(&self.question, text_w) as u16;
        let r = centered(area, w, rows + 4);
        let block = pane_block(ctx.theme, T::ScopeConfirm.text(ctx.lang).to_owned(), true)
            .title_bottom(Line::from(format!(" {} ", T::YesNoHint.text(ctx.lang))));
        let inner = block.inner(r);
        frame.render_widget(Clear, r);
        frame.render_widget(block, r);
        frame.render_widget(
            Paragraph::new(safe(&self.question)).wrap(Wrap { trim: true }),
            Rect::new(
                inner.x + 1,
                inner.y + 1,
                inner.width.saturating_sub(2),
                rows,
            ),
        );
    }
}

/// A receipt: what was written where, whole, so it can be copied.
#[derive(Debug, Clone, PartialEq)]
pub struct Notice {
    pub title: String,
    pub fields: Vec<(String, String)>,
}

impl Notice {
    fn draw(&self, frame: &mut Frame, ctx: &Ctx) {
        let view = RecordView::new(&self.title, self.fields.clone());
        view.draw(frame, ctx);
    }
}

/// An import on its worker: the file being read, how far, and what waits.
#[derive(Debug, Clone, PartialEq)]
pub struct Importing {
    pub file: String,
    pub progress: f64,
    pub cancelling: bool,
    /// Files still to import after this one.
    pub queued: usize,
}

impl Importing {
    fn draw(&self, frame: &mut Frame, ctx: &Ctx) {
        let lang = ctx.lang;
        let area = frame.area();
        let r = centered(area, area.width.saturating_sub(8).min(70), 7);
        let block = pane_block(ctx.theme, T::Importing.text(lang).to_owned(), true);
        let inner = block.inner(r);
        frame.render_widget(Clear, r);
        frame.render_widget(block, r);
        let [name, gauge, queued, hint] =
            Layout::vertical([Constraint::Length(1); 4]).areas(Rect::new(
                inner.x + 1,
                inner.y,
                inner.width.saturating_sub(2),
                inner.height,
            ));
        frame.render_widget(Line::from(safe(&self.file)), name);
        frame.render_widget(
            Gauge::default()
                .ratio(self.progress.clamp(0.0, 1.0))
                .gauge_style(ctx.theme.gauge)
                .use_unicode(true),
            gauge,
        );
        if self.queued > 0 {
            frame.render_widget(
                Line::styled(
                    crate::i18n::fill(
                        T::ImportQueued.text(lang),
                        &[&crate::i18n::tui::count(
                            self.queued as u64,
                            T::FileOne,
                            T::FileMany,
                            lang,
                        )],
                    ),
                    ctx.theme.muted,
                ),
                queued,
            );
        }
        frame.render_widget(
            Line::styled(
                if self.cancelling {
                    T::ImportCancelling.text(lang)
                } else {
                    T::ImportEscCancels.text(lang)
                },
                ctx.theme.muted,
            ),
            hint,
        );
    }
}

/// Every line of the help for a scope: its own keys, then the global ones.
pub fn help_lines(ctx: &Ctx, scope: Scope) -> Vec<Line<'static>> {
    let t = ctx.theme;
    let lang = ctx.lang;
    let bindings = bindings_for(scope);
    let key_w = bindings
        .iter()
        .map(|b| b.key_label(lang).chars().count())
        .max()
        .unwrap_or(4)
        .min(24);
    let mut lines = vec![Line::styled(scope.title(lang).to_owned(), t.title)];
    let mut in_global = false;
    for b in bindings {
        let global = b.scopes.contains(&Scope::Global) && !b.scopes.contains(&scope);
        if global && !in_global {
            in_global = true;
            lines.push(Line::from(""));
            lines.push(Line::styled(Scope::Global.title(lang).to_owned(), t.title));
        }
        lines.push(Line::from(vec![
            Span::styled(format!("  {:<key_w$}  ", b.key_label(lang)), t.key),
            Span::raw(b.describe(lang)),
        ]));
    }
    lines
}

fn draw_help(frame: &mut Frame, ctx: &Ctx, scope: Scope, scroll: usize) {
    let area = frame.area();
    let lines = help_lines(ctx, scope);
    let w = area.width.saturating_sub(4).min(76);
    let h = (lines.len() as u16 + 2).min(area.height.saturating_sub(2));
    let r = centered(area, w, h);
    let max_scroll = lines.len().saturating_sub(h.saturating_sub(2) as usize);
    let scroll = scroll.min(max_scroll);
    let title = format!(
        "{} – {}{}",
        T::Keys.text(ctx.lang),
        scope.title(ctx.lang),
        if max_scroll > 0 { " (↑↓)" } else { "" }
    );
    frame.render_widget(Clear, r);
    frame.render_widget(
        Paragraph::new(lines)
            .block(
                pane_block(ctx.theme, title, true)
                    .title_bottom(Line::from(format!(" {} ", T::EscCloses.text(ctx.lang)))),
            )
            .scroll((scroll as u16, 0)),
        r,
    );
}
