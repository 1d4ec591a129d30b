//! The forms that write a request: register a new one, change its scope, decide
//! it. Each field is a `tui-input` line or a choice cycled with ←/→ or Space.

use crate::domain::request::{EscalationTarget, Outcome, Reason, RequestId, Scope, Window};
use crate::domain::{TimeSpec, parse_time_spec};
use crate::i18n::Lang;
use crate::store::requests::{NewRequest, ScopeChange};
use crate::tui::worker::Request;
use chrono::NaiveDateTime;
use std::path::PathBuf;
use tui_input::Input;

/// What the form writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormKind {
    NewRequest,
    EditScope(RequestId),
    Decide(RequestId),
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
}

const REASONS: [Reason; 4] = [
    Reason::Theft,
    Reason::Timefraud,
    Reason::Breach,
    Reason::Other,
];
const OUTCOMES: [Outcome; 3] = [Outcome::Written, Outcome::Oral, Outcome::None];

impl FieldId {
    /// How many choices the field cycles through; 0 for a text field.
    pub fn choices(self) -> usize {
        match self {
            FieldId::Reason => REASONS.len(),
            FieldId::Outcome => OUTCOMES.len(),
            FieldId::Change => 2,
            FieldId::What => 3,
            _ => 0,
        }
    }

    pub fn choice_label(self, n: usize, lang: Lang) -> &'static str {
        let sv = lang == Lang::Sv;
        match self {
            FieldId::Reason => crate::i18n::reason(REASONS[n % REASONS.len()], lang),
            FieldId::Outcome => crate::i18n::outcome(OUTCOMES[n % OUTCOMES.len()], lang),
            FieldId::Change => match (n % 2, sv) {
                (0, true) => "lägg till",
                (0, false) => "add",
                (_, true) => "ta bort",
                (_, false) => "remove",
            },
            FieldId::What => match (n % 3, sv) {
                (0, true) => "person",
                (0, false) => "person",
                (1, true) => "läsare",
                (1, false) => "reader",
                (_, true) => "tidsfönster",
                (_, false) => "time window",
            },
            _ => "",
        }
    }

    pub fn label(self, lang: Lang) -> &'static str {
        let (sv, en) = match self {
            FieldId::Requester => ("Begärd av", "Requester"),
            FieldId::Unit => ("Enhet", "Unit"),
            FieldId::Reason => ("Skäl", "Reason"),
            FieldId::Text => ("Begäran", "Text"),
            FieldId::Persons => ("Personer", "Persons"),
            FieldId::Readers => ("Läsare", "Readers"),
            FieldId::Windows => ("Tidsfönster", "Windows"),
            FieldId::Attachment => ("Bilaga", "Attachment"),
            FieldId::Change => ("Ändring", "Change"),
            FieldId::What => ("Vad", "What"),
            FieldId::Value => ("Värde", "Value"),
            FieldId::Outcome => ("Utfall", "Outcome"),
            FieldId::Note => ("Anteckning", "Note"),
            FieldId::Medcontrol => ("MedControl Pro", "MedControl Pro"),
            FieldId::Police => ("Polisanmälan", "Police report"),
            FieldId::Intraservice => ("Intraservice", "Intraservice"),
        };
        if lang == Lang::Sv { sv } else { en }
    }

    /// Shown in an empty field: what to write there.
    pub fn placeholder(self, lang: Lang) -> &'static str {
        let (sv, en) = match self {
            FieldId::Persons => (
                "namn eller anst.nr; flera med ;",
                "name or employee id; several with ;",
            ),
            FieldId::Readers => ("tomt = alla; flera med ;", "empty = all; several with ;"),
            FieldId::Windows => (
                "2026-10-01..2026-10-28 23:59; flera med ;",
                "2026-10-01..2026-10-28 23:59; several with ;",
            ),
            FieldId::Attachment => (
                "sökväg till brevet (valfritt)",
                "path of the letter (optional)",
            ),
            FieldId::Value => ("namn, läsare eller FRÅN..TILL", "name, reader or FROM..TO"),
            FieldId::Note => (
                "vad som beslutades (muntligt: vad som sades)",
                "what was decided (oral: what was said)",
            ),
            FieldId::Medcontrol | FieldId::Police | FieldId::Intraservice => {
                ("referens (valfri)", "reference (optional)")
            }
            _ => ("", ""),
        };
        if lang == Lang::Sv { sv } else { en }
    }
}

#[derive(Debug, Clone)]
pub struct Field {
    pub id: FieldId,
    pub input: Input,
    pub choice: usize,
}

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

    /// The worker request that saves the form, or what to correct first.
    pub fn submit(&self, now: NaiveDateTime, lang: Lang) -> Result<Request, String> {
        let sv = lang == Lang::Sv;
        let t = |s: &'static str, e: &'static str| if sv { s } else { e };
        match self.kind {
            FormKind::NewRequest => {
                let requester = self.text(FieldId::Requester);
                let unit = self.text(FieldId::Unit);
                if requester.is_empty() || unit.is_empty() {
                    return Err(t(
                        "Begärd av och Enhet måste fyllas i.",
                        "Requester and Unit must not be empty.",
                    )
                    .into());
                }
                let persons = list(&self.text(FieldId::Persons));
                if persons.is_empty() {
                    return Err(t(
                        "Ange minst en person (namn eller anst.nr).",
                        "Name at least one person (name or employee id).",
                    )
                    .into());
                }
                let windows = list(&self.text(FieldId::Windows))
                    .iter()
                    .map(|w| window(w, now))
                    .collect::<Result<Vec<_>, _>>()?;
                if windows.is_empty() {
                    return Err(t(
                        "Ange minst ett tidsfönster, t.ex. 2026-10-01..2026-10-28.",
                        "Give at least one time window, e.g. 2026-10-01..2026-10-28.",
                    )
                    .into());
                }
                let attachment = self.text(FieldId::Attachment);
                Ok(Request::NewRequest {
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
                    attachment: (!attachment.is_empty()).then(|| PathBuf::from(attachment)),
                    year: chrono::Datelike::year(&now),
                })
            }
            FormKind::EditScope(reference) => {
                let value = self.text(FieldId::Value);
                if value.is_empty() {
                    return Err(t("Skriv ett värde.", "Write a value.").into());
                }
                let add = self.choice(FieldId::Change) == 0;
                let change = match (self.choice(FieldId::What), add) {
                    (0, true) => ScopeChange::AddPerson(value),
                    (0, false) => ScopeChange::RemovePerson(value),
                    (1, true) => ScopeChange::AddReader(value),
                    (1, false) => ScopeChange::RemoveReader(value),
                    (_, true) => ScopeChange::AddWindow(window(&value, now)?),
                    (_, false) => ScopeChange::RemoveWindow(window(&value, now)?),
                };
                Ok(Request::EditScope { reference, change })
            }
            FormKind::Decide(reference) => {
                let note = self.text(FieldId::Note);
                if note.is_empty() {
                    return Err(t(
                        "Anteckningen ska säga vad som beslutades (muntligt: vad som sades).",
                        "The note must say what was decided (oral: what was said).",
                    )
                    .into());
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
                Ok(Request::Decide {
                    reference,
                    outcome: OUTCOMES[self.choice(FieldId::Outcome) % OUTCOMES.len()],
                    note,
                    escalations,
                })
            }
        }
    }
}

/// Items separated by `;` (names are written `Efternamn, Förnamn`, so not `,`).
fn list(text: &str) -> Vec<String> {
    text.split(';')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect()
}

/// Reads `FROM..TO`, both ends as `parse_time_spec` takes them.
pub fn window(spec: &str, now: NaiveDateTime) -> Result<Window, String> {
    let (from, to) = spec.split_once("..").ok_or_else(|| {
        format!("\"{spec}\" is not a window; write FROM..TO, e.g. 2026-10-01..2026-10-28 23:59")
    })?;
    let w = Window {
        from: parse_time_spec(from, now, TimeSpec::From)?,
        to: parse_time_spec(to, now, TimeSpec::To)?,
    };
    if w.from > w.to {
        return Err(format!(
            "the window {spec} ends before it begins; swap its ends"
        ));
    }
    Ok(w)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn now() -> NaiveDateTime {
        NaiveDateTime::parse_from_str("2026-11-02 09:00:00", "%Y-%m-%d %H:%M:%S").unwrap()
    }

    #[test]
    fn a_window_is_from_dot_dot_to_with_whole_days_inclusive() {
        let w = window("2026-10-01..2026-10-28", now()).unwrap();
        assert_eq!(w.from.to_string(), "2026-10-01 00:00:00");
        assert_eq!(w.to.to_string(), "2026-10-28 23:59:59");
        assert!(window("2026-10-28..2026-10-01", now()).is_err());
        assert!(
            window("2026-10-01", now())
                .unwrap_err()
                .contains("FROM..TO")
        );
    }

    #[test]
    fn lists_split_on_semicolons_so_surname_first_names_survive() {
        assert_eq!(
            list("Lindqvist, Åsa; 100877 ;"),
            ["Lindqvist, Åsa", "100877"]
        );
    }
}
