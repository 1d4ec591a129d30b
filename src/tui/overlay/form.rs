//! The forms: register a request, change its scope, decide it, escalate a PMO
//! row, sign a period off. Each field is a `tui-input` line or a choice cycled
//! with ←/→ or Space. Persons, readers and windows are checked against the store
//! as they are typed, and the matches listed under the fields.

use super::Reply;
use crate::domain::parse_window;
use crate::domain::pmo::EscalationTarget as PmoTarget;
use crate::domain::request::{EscalationTarget, Outcome, Reason, RequestId, Scope, Window};
use crate::i18n::tui::TuiText as T;
use crate::i18n::{Lang, Msg, fill};
use crate::ops::lookup::ScopeCheck;
use crate::store::requests::{NewRequest, ScopeChange};
use crate::tui::action::Action;
use crate::tui::pane::Ctx;
use crate::tui::widget::{centered, field, pane_block, safe, thousands, wrapped_rows};
use crate::tui::words;
use crate::tui::worker::Request as Ask;
use chrono::NaiveDateTime;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph, Wrap};
use std::path::PathBuf;
use tui_input::Input;

/// Counts per verdict and the escalations of a period, shown before signing off.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SignoffSummary {
    pub rows: usize,
    pub ok: usize,
    pub deviation: usize,
    pub investigate: usize,
    pub open: usize,
    /// Row id, receiver and reference of each escalation.
    pub escalations: Vec<(i64, String, String)>,
}

/// What the form writes.
#[derive(Debug, Clone, PartialEq)]
pub enum FormKind {
    NewRequest,
    EditScope(RequestId),
    Decide(RequestId),
    Escalate {
        access_id: i64,
        /// The row as the reviewer saw it.
        row: String,
    },
    SignOff {
        period_id: i64,
        period: String,
        summary: SignoffSummary,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldId {
    Requester,
    Unit,
    Reason,
    Text,
    Persons,
    Readers,
    Windows,
    Attachment,
    Change,
    What,
    Value,
    Outcome,
    Note,
    Medcontrol,
    Police,
    Intraservice,
    Target,
    Reference,
    EscalationNote,
    Consulted,
    Summary,
}

const REASONS: [Reason; 4] = [
    Reason::Theft,
    Reason::Timefraud,
    Reason::Breach,
    Reason::Other,
];
const OUTCOMES: [Outcome; 3] = [Outcome::Written, Outcome::Oral, Outcome::None];
const TARGETS: [PmoTarget; 3] = [
    PmoTarget::Intraservice,
    PmoTarget::Verksamhetschef,
    PmoTarget::Imy,
];

impl FieldId {
    /// How many choices the field cycles through; 0 for a text field.
    pub fn choices(self) -> usize {
        match self {
            FieldId::Reason => REASONS.len(),
            FieldId::Outcome => OUTCOMES.len(),
            FieldId::Change => 2,
            FieldId::What => 3,
            FieldId::Target => TARGETS.len(),
            _ => 0,
        }
    }

    pub fn choice_label(self, n: usize, lang: Lang) -> &'static str {
        match self {
            FieldId::Reason => crate::i18n::reason(REASONS[n % REASONS.len()], lang),
            FieldId::Outcome => crate::i18n::outcome(OUTCOMES[n % OUTCOMES.len()], lang),
            FieldId::Change => [T::ChoiceAdd, T::ChoiceRemove][n % 2].text(lang),
            FieldId::What => [T::ChoicePerson, T::ChoiceReader, T::ChoiceWindow][n % 3].text(lang),
            FieldId::Target => words::pmo_target_static(TARGETS[n % TARGETS.len()], lang),
            _ => "",
        }
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            FieldId::Requester => T::FieldRequester,
            FieldId::Unit => T::FieldUnit,
            FieldId::Reason => T::FieldReason,
            FieldId::Text => T::FieldText,
            FieldId::Persons => T::FieldPersons,
            FieldId::Readers => T::FieldReaders,
            FieldId::Windows => T::FieldWindows,
            FieldId::Attachment => T::FieldAttachment,
            FieldId::Change => T::FieldChange,
            FieldId::What => T::FieldWhat,
            FieldId::Value => T::FieldValue,
            FieldId::Outcome => T::FieldOutcome,
            FieldId::Note => T::FieldNote,
            FieldId::Medcontrol => T::FieldMedcontrol,
            FieldId::Police => T::FieldPolice,
            FieldId::Intraservice => T::FieldIntraservice,
            FieldId::Target => T::FieldTarget,
            FieldId::Reference => T::FieldReference,
            FieldId::EscalationNote => T::FieldNote,
            FieldId::Consulted => T::FieldConsulted,
            FieldId::Summary => T::FieldSummary,
        }
        .text(lang)
    }

    /// Shown in an empty field: what to write there.
    pub fn placeholder(self, lang: Lang) -> &'static str {
        match self {
            FieldId::Persons => T::PlacePersons.text(lang),
            FieldId::Readers => T::PlaceReaders.text(lang),
            FieldId::Windows => T::PlaceWindows.text(lang),
            FieldId::Attachment => T::PlaceAttachment.text(lang),
            FieldId::Value => T::PlaceValue.text(lang),
            FieldId::Note => T::PlaceNote.text(lang),
            FieldId::Medcontrol | FieldId::Police | FieldId::Intraservice => {
                T::PlaceReference.text(lang)
            }
            FieldId::Reference => T::PlaceEscalationReference.text(lang),
            FieldId::EscalationNote | FieldId::Summary => T::PlaceOptional.text(lang),
            FieldId::Consulted => T::PlaceConsulted.text(lang),
            _ => "",
        }
    }
}

#[derive(Debug, Clone)]
pub struct Field {
    pub id: FieldId,
    pub input: Input,
    pub choice: usize,
}

/// What the scope fields hold, as sent to be checked.
pub type CheckAsk = (Vec<String>, Vec<String>, Vec<Window>);

#[derive(Debug, Clone)]
pub struct Form {
    pub kind: FormKind,
    pub fields: Vec<Field>,
    pub cursor: usize,
    /// Why the last attempt to save failed.
    pub error: Option<String>,
    /// Saved and waiting for the worker's answer.
    pub busy: bool,
    /// The scope as it stands, shown while editing it.
    pub scope: Option<Scope>,
    /// The latest check of the scope fields against the store, and its number.
    pub check: Option<ScopeCheck>,
    pub checked: u64,
    /// The number of the last check asked for, and what it asked.
    pub asked: u64,
    asked_for: Option<CheckAsk>,
    /// Save once the check being made has come back.
    pub save_when_checked: bool,
    /// The user said yes to saving with a person nobody in the store matches.
    pub unknown_confirmed: bool,
}

impl Form {
    fn with(kind: FormKind, ids: &[FieldId]) -> Form {
        Form {
            kind,
            fields: ids
                .iter()
                .map(|&id| Field {
                    id,
                    input: Input::default(),
                    choice: 0,
                })
                .collect(),
            cursor: 0,
            error: None,
            busy: false,
            scope: None,
            check: None,
            checked: 0,
            asked: 0,
            asked_for: None,
            save_when_checked: false,
            unknown_confirmed: false,
        }
    }

    pub fn new_request() -> Form {
        use FieldId::*;
        Form::with(
            FormKind::NewRequest,
            &[
                Requester, Unit, Reason, Text, Persons, Readers, Windows, Attachment,
            ],
        )
    }

    pub fn edit_scope(reference: RequestId, scope: Scope) -> Form {
        let mut f = Form::with(
            FormKind::EditScope(reference),
            &[FieldId::Change, FieldId::What, FieldId::Value],
        );
        f.scope = Some(scope);
        f
    }

    pub fn decide(reference: RequestId) -> Form {
        use FieldId::*;
        Form::with(
            FormKind::Decide(reference),
            &[Outcome, Note, Medcontrol, Police, Intraservice],
        )
    }

    pub fn escalate(access_id: i64, row: String) -> Form {
        use FieldId::*;
        Form::with(
            FormKind::Escalate { access_id, row },
            &[Target, Reference, EscalationNote],
        )
    }

    pub fn sign_off(period_id: i64, period: String, summary: SignoffSummary) -> Form {
        Form::with(
            FormKind::SignOff {
                period_id,
                period,
                summary,
            },
            &[FieldId::Consulted, FieldId::Summary],
        )
    }

    pub fn current(&self) -> &Field {
        &self.fields[self.cursor.min(self.fields.len() - 1)]
    }

    pub fn current_mut(&mut self) -> &mut Field {
        let i = self.cursor.min(self.fields.len() - 1);
        &mut self.fields[i]
    }

    pub fn is_last(&self) -> bool {
        self.cursor + 1 >= self.fields.len()
    }

    pub fn step(&mut self, delta: isize) {
        let n = self.fields.len() as isize;
        self.cursor = (self.cursor as isize + delta).rem_euclid(n) as usize;
    }

    /// Cycles the choice under the cursor; false on a text field.
    pub fn cycle(&mut self, delta: isize) -> bool {
        let f = self.current_mut();
        let n = f.id.choices() as isize;
        if n == 0 {
            return false;
        }
        f.choice = (f.choice as isize + delta).rem_euclid(n) as usize;
        true
    }

    fn field(&self, id: FieldId) -> Option<&Field> {
        self.fields.iter().find(|f| f.id == id)
    }

    fn text(&self, id: FieldId) -> String {
        self.field(id)
            .map(|f| f.input.value().trim().to_owned())
            .unwrap_or_default()
    }

    fn choice(&self, id: FieldId) -> usize {
        self.field(id).map_or(0, |f| f.choice)
    }

    pub fn on(&mut self, action: Action, _ctx: &Ctx) -> Reply {
        if self.busy {
            // Saving: the worker answers shortly; keys would edit what is sent.
            return Reply::Stay;
        }
        let choice = self.current().id.choices() > 0;
        match action {
            Action::Type(' ') if choice => {
                self.cycle(1);
            }
            // Other characters mean nothing on a choice.
            Action::Type(_) if choice => {}
            Action::Edit(crate::tui::action::Edit::Left) if choice => {
                self.cycle(-1);
            }
            Action::Edit(crate::tui::action::Edit::Right) if choice => {
                self.cycle(1);
            }
            Action::Edit(_) if choice => {}
            Action::Type(_) | Action::Edit(_)
                if field::edit(&mut self.current_mut().input, action) == Some(true) =>
            {
                self.unknown_confirmed = false;
            }
            Action::Type(_) | Action::Edit(_) => {}
            Action::NextField | Action::Down => self.step(1),
            Action::PrevField | Action::Up => self.step(-1),
            Action::Enter if !self.is_last() => self.step(1),
            Action::Enter | Action::Submit => return Reply::Save,
            Action::Back => return Reply::Close,
            _ => {}
        }
        if choice && matches!(self.current().id, FieldId::What | FieldId::Change) {
            self.unknown_confirmed = false;
        }
        Reply::Stay
    }

    /// What the scope fields hold now, when it differs from the last check asked
    /// for: the app sends it to be checked against the store.
    pub fn wants_check(&mut self, now: NaiveDateTime) -> Option<CheckAsk> {
        let ask = match &self.kind {
            FormKind::NewRequest => (
                list(&self.text(FieldId::Persons)),
                list(&self.text(FieldId::Readers)),
                list(&self.text(FieldId::Windows))
                    .iter()
                    .filter_map(|w| window(w, now, Lang::En).ok())
                    .collect(),
            ),
            FormKind::EditScope(_) => {
                let value = self.text(FieldId::Value);
                match self.choice(FieldId::What) {
                    _ if value.is_empty() => (vec![], vec![], vec![]),
                    0 => (vec![value], vec![], vec![]),
                    1 => (vec![], vec![value], vec![]),
                    _ => (
                        vec![],
                        vec![],
                        window(&value, now, Lang::En).into_iter().collect(),
                    ),
                }
            }
            _ => return None,
        };
        if self.asked_for.as_ref() == Some(&ask) {
            return None;
        }
        self.asked_for = Some(ask.clone());
        Some(ask)
    }

    /// A check came back; older ones than the last asked for are dropped.
    pub fn checked(&mut self, seq: u64, check: ScopeCheck) {
        if seq == self.asked {
            self.check = Some(check);
            self.checked = seq;
        }
    }

    /// Whether the check on screen is of what the fields hold now.
    pub fn check_is_current(&self) -> bool {
        self.asked == self.checked && self.check.is_some()
    }

    /// Persons (to be) added that nobody in the store matches; `None` when the
    /// check of the fields as they are has not come back yet.
    pub fn unknown_persons(&self) -> Option<Vec<String>> {
        let adds_persons = match self.kind {
            FormKind::NewRequest => true,
            FormKind::EditScope(_) => {
                self.choice(FieldId::Change) == 0 && self.choice(FieldId::What) == 0
            }
            _ => false,
        };
        if !adds_persons {
            return Some(vec![]);
        }
        if !self.check_is_current() {
            return None;
        }
        Some(
            self.check
                .iter()
                .flat_map(|c| &c.persons)
                .filter(|p| p.found.is_empty())
                .map(|p| p.query.clone())
                .collect(),
        )
    }

    /// The worker request that saves the form, or what to correct first.
    pub fn submit(&self, now: NaiveDateTime, lang: Lang) -> Result<Ask, String> {
        let need = |t: T| Err(t.text(lang).to_owned());
        match &self.kind {
            FormKind::NewRequest => {
                let requester = self.text(FieldId::Requester);
                let unit = self.text(FieldId::Unit);
                if requester.is_empty() || unit.is_empty() {
                    return need(T::NeedRequesterUnit);
                }
                let persons = list(&self.text(FieldId::Persons));
                if persons.is_empty() {
                    return need(T::NeedPerson);
                }
                let windows = list(&self.text(FieldId::Windows))
                    .iter()
                    .map(|w| window(w, now, lang))
                    .collect::<Result<Vec<_>, _>>()?;
                if windows.is_empty() {
                    return need(T::NeedWindow);
                }
                let attachment = self.text(FieldId::Attachment);
                Ok(Ask::NewRequest {
                    new: NewRequest {
                        requester,
                        unit,
                        reason: REASONS[self.choice(FieldId::Reason) % REASONS.len()],
                        text: self
                            .field(FieldId::Text)
                            .map(|f| f.input.value().to_owned())
                            .unwrap_or_default(),
                        scope: Scope {
                            persons,
                            readers: list(&self.text(FieldId::Readers)),
                            windows,
                        },
                    },
                    attachment: (!attachment.is_empty())
                        .then(|| super::paths::parse(&attachment).ok())
                        .flatten()
                        .and_then(|p| p.into_iter().next())
                        .or_else(|| (!attachment.is_empty()).then(|| PathBuf::from(&attachment))),
                    year: chrono::Datelike::year(&now),
                })
            }
            FormKind::EditScope(reference) => {
                let value = self.text(FieldId::Value);
                if value.is_empty() {
                    return need(T::NeedValue);
                }
                let add = self.choice(FieldId::Change) == 0;
                let change = match (self.choice(FieldId::What), add) {
                    (0, true) => ScopeChange::AddPerson(value),
                    (0, false) => ScopeChange::RemovePerson(value),
                    (1, true) => ScopeChange::AddReader(value),
                    (1, false) => ScopeChange::RemoveReader(value),
                    (_, true) => ScopeChange::AddWindow(window(&value, now, lang)?),
                    (_, false) => ScopeChange::RemoveWindow(window(&value, now, lang)?),
                };
                // What the store would refuse is said here, in the user's words.
                if let Some(scope) = &self.scope {
                    match &change {
                        ScopeChange::RemovePerson(v) if !scope.persons.contains(v) => {
                            return Err(fill(T::NotInScope.text(lang), &[v]));
                        }
                        ScopeChange::RemoveReader(v) if !scope.readers.contains(v) => {
                            return Err(fill(T::NotInScope.text(lang), &[v]));
                        }
                        ScopeChange::RemovePerson(_) if scope.persons.len() <= 1 => {
                            return need(T::LastPerson);
                        }
                        ScopeChange::RemoveWindow(w) if !scope.windows.contains(w) => {
                            return Err(fill(T::NotInScope.text(lang), &[&words::window(w)]));
                        }
                        ScopeChange::RemoveWindow(_) if scope.windows.len() <= 1 => {
                            return need(T::LastWindow);
                        }
                        _ => {}
                    }
                }
                Ok(Ask::EditScope {
                    reference: *reference,
                    change,
                })
            }
            FormKind::Decide(reference) => {
                let note = self.text(FieldId::Note);
                if note.is_empty() {
                    return need(T::NeedNote);
                }
                let escalations = [
                    (FieldId::Medcontrol, EscalationTarget::Medcontrol),
                    (FieldId::Police, EscalationTarget::Police),
                    (FieldId::Intraservice, EscalationTarget::Intraservice),
                ]
                .into_iter()
                .map(|(id, target)| (target, self.text(id)))
                .filter(|(_, r)| !r.is_empty())
                .collect();
                Ok(Ask::Decide {
                    reference: *reference,
                    outcome: OUTCOMES[self.choice(FieldId::Outcome) % OUTCOMES.len()],
                    note,
                    escalations,
                })
            }
            FormKind::Escalate { access_id, .. } => {
                let reference = self.text(FieldId::Reference);
                if reference.is_empty() {
                    return need(T::NeedReference);
                }
                Ok(Ask::PmoEscalate {
                    access_id: *access_id,
                    target: TARGETS[self.choice(FieldId::Target) % TARGETS.len()],
                    reference,
                    note: self.text(FieldId::EscalationNote),
                })
            }
            FormKind::SignOff {
                period_id, summary, ..
            } => {
                if summary.open > 0 {
                    return Err(fill(
                        T::PmoOpenRows.text(lang),
                        &[&crate::i18n::tui::count(
                            summary.open as u64,
                            T::RowOne,
                            T::RowMany,
                            lang,
                        )],
                    ));
                }
                let consulted = self.text(FieldId::Consulted);
                if consulted.is_empty() {
                    return need(T::NeedConsulted);
                }
                let text = self.text(FieldId::Summary);
                Ok(Ask::PmoSignoffWith {
                    period_id: *period_id,
                    consulted,
                    summary: (!text.is_empty()).then_some(text),
                })
            }
        }
    }

    fn title(&self, lang: Lang) -> String {
        match &self.kind {
            FormKind::NewRequest => T::FormNewRequest.text(lang).to_owned(),
            FormKind::EditScope(r) => format!("{r}: {}", T::FormEditScope.text(lang)),
            FormKind::Decide(r) => format!("{r}: {}", T::FormDecide.text(lang)),
            FormKind::Escalate { access_id, .. } => fill(T::FormEscalate.text(lang), &[access_id]),
            FormKind::SignOff { period, .. } => fill(T::FormSignOff.text(lang), &[&safe(period)]),
        }
    }

    /// Lines above the fields: the scope being changed, the row being escalated,
    /// the summary being signed.
    fn head_lines(&self, ctx: &Ctx, label_w: usize) -> Vec<Line<'static>> {
        let lang = ctx.lang;
        let t = ctx.theme;
        let pair = |k: &str, v: String| {
            Line::from(vec![
                Span::styled(format!("  {k:<w$} ", w = label_w - 2), t.muted),
                Span::raw(v),
            ])
        };
        let mut lines = Vec::new();
        match &self.kind {
            FormKind::EditScope(_) => {
                if let Some(scope) = &self.scope {
                    let readers = if scope.readers.is_empty() {
                        Msg::AllReaders.text(lang).to_owned()
                    } else {
                        scope.readers.join("; ")
                    };
                    let windows = scope
                        .windows
                        .iter()
                        .map(words::window_typed)
                        .collect::<Vec<_>>()
                        .join("; ");
                    lines.push(pair(
                        Msg::Persons.text(lang),
                        safe(&scope.persons.join("; ")),
                    ));
                    lines.push(pair(Msg::Readers.text(lang), safe(&readers)));
                    lines.push(pair(Msg::Windows.text(lang), windows));
                    lines.push(Line::from(""));
                }
            }
            FormKind::Escalate { row, .. } => {
                lines.push(pair(T::Row.text(lang), safe(row)));
                lines.push(Line::from(""));
            }
            FormKind::SignOff { summary: s, .. } => {
                let n = |x: usize| thousands(x as u64);
                lines.push(pair(
                    T::SummaryRows.text(lang),
                    fill(
                        T::SummaryCounts.text(lang),
                        &[&n(s.rows), &n(s.ok), &n(s.deviation), &n(s.investigate)],
                    ),
                ));
                if s.open > 0 {
                    lines.push(Line::styled(
                        format!(
                            "  {}",
                            fill(
                                T::PmoOpenRows.text(lang),
                                &[&crate::i18n::tui::count(
                                    s.open as u64,
                                    T::RowOne,
                                    T::RowMany,
                                    lang
                                )]
                            )
                        ),
                        t.error,
                    ));
                }
                if s.escalations.is_empty() {
                    lines.push(pair(
                        T::Escalations.text(lang),
                        T::NoEscalations.text(lang).to_owned(),
                    ));
                }
                for (i, (id, target, reference)) in s.escalations.iter().enumerate() {
                    let k = if i == 0 {
                        T::Escalations.text(lang)
                    } else {
                        ""
                    };
                    lines.push(pair(
                        k,
                        format!(
                            "#{id} → {} {}",
                            words::pmo_target(target, lang),
                            safe(reference)
                        ),
                    ));
                }
                lines.push(Line::from(""));
            }
            _ => {}
        }
        lines
    }

    /// Lines under the fields: what the store holds for the persons, readers and
    /// windows typed.
    fn check_lines(&self, ctx: &Ctx) -> Vec<(String, Style)> {
        let lang = ctx.lang;
        let t = ctx.theme;
        let Some(c) = &self.check else {
            return vec![];
        };
        let mut out = Vec::new();
        for p in &c.persons {
            let q = safe(&p.query);
            if p.ambiguous {
                out.push((
                    fill(
                        T::CheckPersonAmbiguous.text(lang),
                        &[&q, &known(&p.similar)],
                    ),
                    t.error,
                ));
            } else if p.found.is_empty() {
                let text = if p.similar.is_empty() {
                    fill(T::CheckPersonUnknown.text(lang), &[&q])
                } else {
                    fill(T::CheckPersonSimilar.text(lang), &[&q, &known(&p.similar)])
                };
                out.push((text, t.error));
            } else {
                out.push((format!("✓ {q}: {}", known(&p.found)), Style::new()));
            }
        }
        for r in &c.readers {
            let q = safe(&r.query);
            if r.names.is_empty() {
                out.push((fill(T::CheckReaderUnknown.text(lang), &[&q]), t.error));
            } else {
                let mut names: Vec<String> = r.names.iter().take(4).map(|n| safe(n)).collect();
                if r.names.len() > 4 {
                    names.push("…".into());
                }
                out.push((
                    format!(
                        "✓ {q}: {} ({})",
                        crate::i18n::tui::count(
                            r.names.len() as u64,
                            T::ReaderOne,
                            T::ReaderMany,
                            lang
                        ),
                        names.join(", ")
                    ),
                    Style::new(),
                ));
            }
        }
        for w in &c.windows {
            let text = format!(
                "{} {}: {}",
                if w.passages > 0 { "✓" } else { "!" },
                words::window(&w.window),
                fill(
                    T::CheckWindowPassages.text(lang),
                    &[&crate::i18n::tui::count(
                        w.passages,
                        T::PassageOne,
                        T::PassageMany,
                        lang
                    )]
                )
            );
            out.push((
                text,
                if w.passages > 0 {
                    Style::new()
                } else {
                    t.error
                },
            ));
        }
        out
    }

    pub fn draw(&self, frame: &mut Frame, ctx: &Ctx) {
        let t = ctx.theme;
        let lang = ctx.lang;
        let area = frame.area();
        let w = area.width.saturating_sub(2).min(90);
        let text_w = w.saturating_sub(4) as usize;
        let label_w = self
            .fields
            .iter()
            .map(|f| f.id.label(lang).chars().count())
            .chain([T::SummaryRows, T::Escalations, T::Row].map(|x| x.text(lang).chars().count()))
            .chain([Msg::Persons, Msg::Readers, Msg::Windows].map(|m| m.text(lang).chars().count()))
            .max()
            .unwrap_or(8)
            + 2;
        let mut lines = self.head_lines(ctx, label_w);
        let first_field = lines.len();
        for (i, f) in self.fields.iter().enumerate() {
            let here = i == self.cursor;
            let marker = if here { "▸ " } else { "  " };
            let label = Span::styled(
                format!("{marker}{:<w$}", f.id.label(lang), w = label_w - 2),
                if here { t.selected } else { t.muted },
            );
            let value = if f.id.choices() > 0 {
                Span::styled(
                    format!(" ‹ {} › ", f.id.choice_label(f.choice, lang)),
                    if here { t.input } else { Style::default() },
                )
            } else if f.input.value().is_empty() && !here {
                Span::styled(format!(" {}", f.id.placeholder(lang)), t.muted)
            } else {
                Span::raw(String::new())
            };
            lines.push(Line::from(vec![label, value]));
        }
        // What the store says of the persons, readers and windows typed.
        let checks = self.check_lines(ctx);
        if !checks.is_empty() {
            lines.push(Line::from(""));
            lines.push(Line::styled(
                format!("  {}", T::CheckTitle.text(lang)),
                t.title,
            ));
        }
        let mut check_rows = Vec::new();
        for (text, style) in checks {
            let rows = wrapped_rows(&text, text_w.saturating_sub(2));
            check_rows.push((lines.len(), rows, text, style));
            for _ in 0..rows {
                lines.push(Line::from(""));
            }
        }
        // Room for why saving failed, wrapped whole.
        let error_row = lines.len();
        let error_rows = self
            .error
            .as_ref()
            .map_or(1, |e| wrapped_rows(e, text_w.saturating_sub(2)));
        lines.push(Line::from(""));
        for _ in 0..error_rows {
            lines.push(Line::from(""));
        }
        let h = (lines.len() as u16 + 2).min(area.height.saturating_sub(1));
        let r = centered(area, w, h);
        let hint = if self.busy {
            format!(" {} ", T::Saving.text(lang))
        } else {
            format!(" {} ", T::FormHint.text(lang))
        };
        let block = pane_block(t, self.title(lang), true).title_bottom(Line::from(hint));
        let inner = block.inner(r);
        frame.render_widget(Clear, r);
        frame.render_widget(Paragraph::new(lines).block(block), r);
        let bottom = inner.y + inner.height;
        for (row, rows, text, style) in check_rows {
            let y = inner.y + row as u16;
            if y < bottom {
                frame.render_widget(
                    Paragraph::new(text).style(style).wrap(Wrap { trim: true }),
                    Rect::new(
                        inner.x + 2,
                        y,
                        inner.width.saturating_sub(2),
                        (rows as u16).min(bottom - y),
                    ),
                );
            }
        }
        // Text fields: each value scrolls inside its own slot after the label.
        let slot_x = inner.x + label_w as u16 + 1;
        let slot_w = inner.width.saturating_sub(label_w as u16 + 2);
        for (i, f) in self.fields.iter().enumerate() {
            let y = inner.y + (first_field + i) as u16;
            if f.id.choices() > 0 || y >= bottom || slot_w == 0 {
                continue;
            }
            let here = i == self.cursor;
            if f.input.value().is_empty() && !here {
                continue;
            }
            let (shown, cursor) = field::visible(&f.input, slot_w as usize);
            frame.render_widget(
                Paragraph::new(safe(&shown)).style(if here { t.input } else { Style::default() }),
                Rect::new(slot_x, y, slot_w, 1),
            );
            if here {
                frame.set_cursor_position((slot_x + cursor as u16, y));
            }
        }
        if let Some(e) = &self.error {
            let y = inner.y + error_row as u16 + 1;
            if y < bottom {
                frame.render_widget(
                    Paragraph::new(safe(e))
                        .style(t.error)
                        .wrap(Wrap { trim: true }),
                    Rect::new(
                        inner.x + 2,
                        y,
                        inner.width.saturating_sub(2),
                        (error_rows as u16).min(bottom - y),
                    ),
                );
            }
        }
    }
}

fn known(people: &[crate::ops::lookup::Known]) -> String {
    let mut names: Vec<String> = people
        .iter()
        .take(3)
        .map(|p| {
            if p.employee_id.is_empty() {
                safe(&p.name)
            } else {
                format!("{} ({})", safe(&p.name), safe(&p.employee_id))
            }
        })
        .collect();
    if people.len() > 3 {
        names.push("…".into());
    }
    names.join(", ")
}

/// Items separated by `;` (names are written `Efternamn, Förnamn`, so not `,`).
pub fn list(text: &str) -> Vec<String> {
    text.split(';')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect()
}

/// Reads `FROM..TO`, both ends as people type times; an end written as a time
/// alone follows the start (`2026-10-14 22.00..06.00` is one night).
pub fn window(spec: &str, now: NaiveDateTime, lang: Lang) -> Result<Window, String> {
    let Some((from, to)) = spec.split_once("..") else {
        return Err(fill(T::NotAWindow.text(lang), &[&spec]));
    };
    if from.trim().is_empty() || to.trim().is_empty() {
        return Err(fill(T::NotAWindow.text(lang), &[&spec]));
    }
    let w = parse_window(Some(from), Some(to), now).map_err(|e| e.text(lang))?;
    match (w.from, w.to) {
        (Some(from), Some(to)) => Ok(Window { from, to }),
        _ => Err(fill(T::NotAWindow.text(lang), &[&spec])),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn now() -> NaiveDateTime {
        NaiveDateTime::parse_from_str("2026-11-02 09:00:00", "%Y-%m-%d %H:%M:%S").unwrap()
    }

    #[test]
    fn a_window_is_from_dot_dot_to_with_whole_days_inclusive() {
        let w = window("2026-10-01..2026-10-28", now(), Lang::En).unwrap();
        assert_eq!(w.from.to_string(), "2026-10-01 00:00:00");
        assert_eq!(w.to.to_string(), "2026-10-28 23:59:59");
        assert!(window("2026-10-28..2026-10-01", now(), Lang::En).is_err());
        assert!(
            window("2026-10-01", now(), Lang::Sv)
                .unwrap_err()
                .contains("FRÅN..TILL")
        );
    }

    #[test]
    fn a_night_window_ends_the_next_morning() {
        let w = window("14/10 22.00..06.00", now(), Lang::Sv).unwrap();
        assert_eq!(w.from.to_string(), "2026-10-14 22:00:00");
        assert_eq!(w.to.to_string(), "2026-10-15 06:00:00");
    }

    #[test]
    fn lists_split_on_semicolons_so_surname_first_names_survive() {
        assert_eq!(
            list("Lindqvist, Åsa; 100877 ;"),
            ["Lindqvist, Åsa", "100877"]
        );
    }

    #[test]
    fn the_check_is_asked_again_only_when_the_scope_fields_change() {
        let mut f = Form::new_request();
        f.cursor = 4;
        f.fields[4].input = Input::new("Åsa".into());
        assert!(f.wants_check(now()).is_some());
        assert!(f.wants_check(now()).is_none());
        f.fields[0].input = Input::new("Karin".into());
        assert!(
            f.wants_check(now()).is_none(),
            "the requester is not checked"
        );
        f.fields[6].input = Input::new("2026-10-01..2026-10-02".into());
        let (_, _, windows) = f.wants_check(now()).unwrap();
        assert_eq!(windows.len(), 1);
    }

    #[test]
    fn sign_off_is_refused_while_rows_are_open_and_needs_who_took_part() {
        let mut s = SignoffSummary {
            rows: 3,
            ok: 2,
            open: 1,
            ..SignoffSummary::default()
        };
        let f = Form::sign_off(1, "2026-10".into(), s.clone());
        assert!(f.submit(now(), Lang::Sv).unwrap_err().contains("1 rad"));
        s.open = 0;
        let mut f = Form::sign_off(1, "2026-10".into(), s);
        assert!(f.submit(now(), Lang::Sv).is_err());
        f.fields[0].input = Input::new("EHT".into());
        assert!(matches!(
            f.submit(now(), Lang::Sv),
            Ok(Ask::PmoSignoffWith { .. })
        ));
    }
}
