//! A request's extract as a security officer hands it over: the request in words, its
//! scope as stored, the letter and its attachments, the decision, then the passages; one
//! typed [`RequestExtract`] rendered to every format. The export itself (atomic, audited
//! before the file appears) is `ops::request::export`.

use super::{
    Body, Cell, Column, ColumnKind, Document, Fact, Kind, Orientation, RenderError, Section, Table,
    local_minute,
};
use crate::domain::request::{EscalationTarget, Outcome, Reason};
use crate::domain::{ClockNote, Direction};
use crate::i18n::report::Rep;
use crate::i18n::{Lang, Msg};
use crate::rules::request::{EventRow, Extract};
use crate::store::StoreError;
use chrono::{DateTime, FixedOffset};

/// Column headers of an extract's rows (CLI, CSV, XLSX and PDF alike).
pub fn event_headers(lang: Lang) -> Vec<String> {
    [
        Msg::Time,
        Msg::System,
        Msg::Reader,
        Msg::Person,
        Msg::Event,
        Msg::EventText,
        Msg::Direction,
        Msg::Source,
        Msg::Deviations,
    ]
    .iter()
    .map(|m| m.text(lang).to_owned())
    .collect()
}

/// One extract row as text cells, in the order of [`event_headers`].
pub fn event_cells(lang: Lang, r: &EventRow) -> Vec<String> {
    let row = &r.row;
    let time = crate::domain::clock::show(row.time, row.clock);
    let person = if row.employee_id.is_empty() {
        row.person.clone()
    } else {
        format!("{} ({})", row.person, row.employee_id)
    };
    vec![
        time,
        row.system.clone(),
        row.reader_label(),
        person,
        crate::i18n::event_kind(row.kind, lang).to_owned(),
        row.event_text.clone(),
        row.direction.as_str().to_owned(),
        format!("{}:{}", row.source_file, row.source_row),
        r.deviations_text(lang),
    ]
}

/// Plain lines describing the extract: usual hours, Kom & Gå findings, caveats.
pub fn extract_notes(lang: Lang, x: &Extract) -> Vec<(String, Vec<String>)> {
    let usual = x
        .persons
        .iter()
        .map(|p| match p.usual {
            Some(u) => format!(
                "{}: {} ({} d{})",
                p.label(),
                u.label(),
                u.days,
                if u.outside_windows {
                    ", outside windows"
                } else {
                    ""
                }
            ),
            None => format!("{}: –", p.label()),
        })
        .collect();
    let mut findings: Vec<String> = x.findings.iter().map(|f| f.text(lang)).collect();
    if findings.is_empty() {
        findings.push(Msg::NoFindings.text(lang).to_owned());
    }
    vec![
        (Msg::UsualHours.text(lang).to_owned(), usual),
        (Msg::Findings.text(lang).to_owned(), findings),
        (
            Msg::Caveats.text(lang).to_owned(),
            x.caveats.iter().map(|c| c.text(lang)).collect(),
        ),
    ]
}

/// A reader as stored, that a scope entry matched.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredReader {
    pub system: String,
    pub code: String,
    pub name: String,
}

impl StoredReader {
    /// `Läkemedelsrum Avd 42 [L0142] (salto)`: the name, the code and the system.
    pub fn label(&self) -> String {
        let mut s = match (self.name.is_empty(), self.code.is_empty()) {
            (false, false) => format!("{} [{}]", self.name, self.code),
            (false, true) => self.name.clone(),
            (true, _) => self.code.clone(),
        };
        if !self.system.is_empty() {
            s.push_str(&format!(" ({})", self.system));
        }
        s
    }
}

/// One reader entry of a request's scope, as typed, and the stored readers it matched.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScopedReader {
    pub query: String,
    pub matched: Vec<StoredReader>,
}

/// Everything a request's extract shows: the extract (request, letter text, attachments,
/// decision, persons as resolved, rows, findings, caveats), the readers as stored, and who
/// exported it when, with the audit trail's head at that moment.
#[derive(Debug, Clone)]
pub struct RequestExtract {
    pub extract: Extract,
    pub readers: Vec<ScopedReader>,
    pub exported_by: String,
    pub exported_at: DateTime<FixedOffset>,
    pub audit_head: String,
}

/// The stored readers each scope entry matches (the same matching the extract uses).
pub fn scoped_readers(
    conn: &rusqlite::Connection,
    queries: &[String],
) -> Result<Vec<ScopedReader>, StoreError> {
    if queries.is_empty() {
        return Ok(Vec::new());
    }
    let all = crate::store::catalog::readers(conn)?;
    queries
        .iter()
        .map(|q| {
            let ids = crate::store::catalog::match_readers(conn, std::slice::from_ref(q))?;
            let matched = all
                .iter()
                .filter(|r| ids.contains(&r.id))
                .map(|r| StoredReader {
                    system: r.system.clone(),
                    code: r.code.clone(),
                    name: r.name.clone(),
                })
                .collect();
            Ok(ScopedReader {
                query: q.clone(),
                matched,
            })
        })
        .collect()
}

/// Name particles that belong to the surname (`von Essen`, `de la Cruz`).
const PARTICLES: [&str; 14] = [
    "af", "av", "von", "van", "der", "den", "de", "la", "du", "da", "di", "del", "al", "bin",
];

/// A stored name (`Åsa Lindqvist`) in register order, `Lindqvist, Åsa`. When the requester
/// typed the name in that order, the typed split decides which words are the surname;
/// otherwise the last word and any particles before it.
pub fn register_name(stored: &str, typed: &str) -> String {
    let words: Vec<&str> = stored.split_whitespace().collect();
    if words.len() < 2 {
        return stored.to_owned();
    }
    let mut surname = 1;
    if let Some((last, _)) = typed.split_once(',') {
        let typed_last: Vec<String> = last.split_whitespace().map(crate::text::fold).collect();
        let k = typed_last.len();
        if k > 0 && k < words.len() {
            let tail: Vec<String> = words[words.len() - k..]
                .iter()
                .map(|w| crate::text::fold(w))
                .collect();
            if tail == typed_last {
                surname = k;
            }
        }
    } else {
        while surname < words.len() - 1 && PARTICLES.contains(&words[words.len() - surname - 1]) {
            surname += 1;
        }
    }
    let (first, last) = words.split_at(words.len() - surname);
    format!("{}, {}", last.join(" "), first.join(" "))
}

/// The people a scope entry resolved to, in register order with their employee ids
/// (`Lindqvist, Åsa (100234)`); the same name without an id is the same person.
pub fn person_label(lang: Lang, p: &crate::rules::request::PersonInScope) -> String {
    let mut names: Vec<String> = Vec::new();
    let with_id: Vec<&str> = p
        .people
        .iter()
        .filter(|x| !x.employee_id.is_empty())
        .map(|x| x.name_key.as_str())
        .collect();
    for x in &p.people {
        if x.employee_id.is_empty() && with_id.contains(&x.name_key.as_str()) {
            continue;
        }
        let name = register_name(&x.name, &p.query);
        let s = if x.employee_id.is_empty() {
            name
        } else {
            format!("{name} ({})", x.employee_id)
        };
        if !names.contains(&s) {
            names.push(s);
        }
    }
    if names.is_empty() {
        Rep::NoPersonMatches.fill(lang, &[&p.query])
    } else {
        names.join(", ")
    }
}

fn reason_words(r: Reason) -> Rep {
    match r {
        Reason::Theft => Rep::ReasonTheft,
        Reason::Timefraud => Rep::ReasonTimefraud,
        Reason::Breach => Rep::ReasonBreach,
        Reason::Other => Rep::ReasonOther,
    }
}

fn outcome_words(o: Outcome) -> Rep {
    match o {
        Outcome::Written => Rep::OutcomeWritten,
        Outcome::Oral => Rep::OutcomeOral,
        Outcome::None => Rep::OutcomeNone,
    }
}

fn target_words(t: EscalationTarget) -> Rep {
    match t {
        EscalationTarget::Medcontrol => Rep::ToMedcontrol,
        EscalationTarget::Police => Rep::ToPolice,
        EscalationTarget::Intraservice => Rep::ToIntraservice,
    }
}

/// The extract as the document every format renders: facts of the request and the export,
/// the letter and its attachments, the passages, usual hours, Kom & Gå findings, caveats.
pub fn document(lang: Lang, input: &RequestExtract) -> Document {
    let t = |m: Rep| m.text(lang).to_owned();
    let x = &input.extract;
    let r = &x.request;
    let persons = x
        .persons
        .iter()
        .map(|p| person_label(lang, p))
        .collect::<Vec<_>>()
        .join("; ");
    let readers = if r.scope.readers.is_empty() {
        format!("({})", t(Rep::AllReaders))
    } else {
        input
            .readers
            .iter()
            .map(|s| {
                if s.matched.is_empty() {
                    Rep::NoReaderMatches.fill(lang, &[&s.query])
                } else {
                    s.matched
                        .iter()
                        .map(StoredReader::label)
                        .collect::<Vec<_>>()
                        .join("; ")
                }
            })
            .collect::<Vec<_>>()
            .join("; ")
    };
    let windows = r
        .scope
        .windows
        .iter()
        .map(|w| w.to_string())
        .collect::<Vec<_>>()
        .join("; ");
    let decision = match &r.decision {
        Some(d) => Rep::DecisionLine.fill(
            lang,
            &[
                &outcome_words(d.outcome).text(lang),
                &local_minute(&d.at),
                &d.by,
                &d.note,
            ],
        ),
        None => t(Rep::NotDecided),
    };
    let exported_at = input.exported_at.format("%Y-%m-%d %H:%M").to_string();
    let mut facts = vec![
        Fact::new(t(Rep::Reference), r.reference.to_string()),
        Fact::new(t(Rep::Requester), r.requester.clone()),
        Fact::new(t(Rep::Unit), r.unit.clone()),
        Fact::new(t(Rep::Reason), t(reason_words(r.reason))),
        Fact::new(
            t(Rep::Registered),
            Rep::RegisteredBy.fill(lang, &[&local_minute(&r.created_at), &r.created_by]),
        ),
        Fact::new(t(Rep::ScopePersons), persons),
        Fact::new(t(Rep::ScopeReaders), readers),
        Fact::new(t(Rep::Windows), windows),
        Fact::new(t(Rep::Decision), decision),
    ];
    if !r.escalations.is_empty() {
        facts.push(Fact::new(
            t(Rep::TakenFurther),
            r.escalations
                .iter()
                .map(|e| {
                    Rep::EscalationLine.fill(
                        lang,
                        &[
                            &target_words(e.target).text(lang),
                            &e.reference,
                            &local_minute(&e.at),
                            &e.by,
                        ],
                    )
                })
                .collect::<Vec<_>>()
                .join("; "),
        ));
    }
    facts.extend([
        Fact::new(t(Rep::ExportedBy), input.exported_by.clone()),
        Fact::new(t(Rep::ExportedAt), exported_at.clone()),
        Fact::new(t(Rep::Rows), x.rows.len().to_string()),
        Fact::new(t(Rep::AuditHead), input.audit_head.clone()),
    ]);

    let letter = if r.text.trim().is_empty() {
        t(Rep::NoRequestText)
    } else {
        r.text.clone()
    };
    let attachments = if r.attachments.is_empty() {
        vec![t(Rep::NoAttachments)]
    } else {
        r.attachments
            .iter()
            .map(|a| Rep::AttachmentLine.fill(lang, &[&a.n, &a.name, &a.size, &a.sha256]))
            .collect()
    };
    let before = vec![
        Section {
            heading: t(Rep::RequestText),
            body: Body::Text(letter),
        },
        Section {
            heading: t(Rep::Attachments),
            body: Body::Lines(attachments),
        },
    ];

    let clock_notes = x.rows.iter().any(|e| e.row.clock != ClockNote::None);
    let mut columns = vec![
        Column::new(t(Rep::ColNo), ColumnKind::Number, 12.0),
        Column::new(t(Rep::ColTime), ColumnKind::Time, 40.0),
        Column::new(t(Rep::ColSystem), ColumnKind::Text, 20.0),
        Column::new(t(Rep::ColReader), ColumnKind::Text, 55.0),
        Column::new(t(Rep::ColPerson), ColumnKind::Text, 50.0),
        Column::new(t(Rep::ColEvent), ColumnKind::Text, 25.0),
        Column::new(t(Rep::ColEventText), ColumnKind::Text, 50.0),
        Column::new(t(Rep::ColDirection), ColumnKind::Text, 16.0),
        Column::new(t(Rep::ColSource), ColumnKind::Text, 60.0),
        Column::new(t(Rep::ColDeviations), ColumnKind::Text, 75.0),
    ];
    if clock_notes {
        columns.insert(2, Column::new(t(Rep::ColClock), ColumnKind::Text, 35.0));
    }
    let rows = x
        .rows
        .iter()
        .enumerate()
        .map(|(i, e)| {
            let row = &e.row;
            let person = if row.employee_id.is_empty() {
                row.person.clone()
            } else {
                format!("{} ({})", row.person, row.employee_id)
            };
            let direction = match row.direction {
                Direction::In => t(Rep::DirIn),
                Direction::Out => t(Rep::DirOut),
                Direction::Unknown => String::new(),
            };
            let mut cells = vec![
                Cell::Number(i as i64 + 1),
                Cell::Time(row.time),
                Cell::text(row.system.clone()),
                Cell::text(row.reader_label()),
                Cell::text(person),
                Cell::text(crate::i18n::event_kind(row.kind, lang)),
                Cell::text(row.event_text.clone()),
                Cell::text(direction),
                Cell::text(format!("{}:{}", row.source_file, row.source_row)),
                Cell::text(e.deviations_text(lang)),
            ];
            if clock_notes {
                let note = match row.clock {
                    ClockNote::FirstPass => Rep::ClockFirstPass.text(lang),
                    ClockNote::SecondPass => Rep::ClockSecondPass.text(lang),
                    ClockNote::Uncertain => Rep::ClockUncertain.text(lang),
                    ClockNote::Skipped => Rep::ClockSkipped.text(lang),
                    ClockNote::None => "",
                };
                cells.insert(2, Cell::text(note));
            }
            cells
        })
        .collect();

    let usual = x
        .persons
        .iter()
        .map(|p| {
            let who = person_label(lang, p);
            match p.usual {
                Some(u) if u.outside_windows => {
                    Rep::UsualLineOutside.fill(lang, &[&who, &u.label(), &u.days])
                }
                Some(u) => Rep::UsualLine.fill(lang, &[&who, &u.label(), &u.days]),
                None => Rep::UsualUnknown.fill(lang, &[&who]),
            }
        })
        .collect();
    let mut findings: Vec<String> = x.findings.iter().map(|f| f.text(lang)).collect();
    if findings.is_empty() {
        findings.push(t(Rep::NoFindings));
    }
    let mut caveats: Vec<String> = x.caveats.iter().map(|c| c.text(lang)).collect();
    if caveats.is_empty() {
        caveats.push(t(Rep::NoCaveats));
    }
    let after = vec![
        Section {
            heading: t(Rep::UsualHours),
            body: Body::Lines(usual),
        },
        Section {
            heading: t(Rep::Findings),
            body: Body::Lines(findings),
        },
        Section {
            heading: t(Rep::Caveats),
            body: Body::Lines(caveats),
        },
    ];

    Document {
        lang,
        title: Rep::ExtractTitle.fill(lang, &[&r.reference]),
        author: input.exported_by.clone(),
        created: input.exported_at,
        // Landscape: a passage's fields fit on one line of 277 mm, so every passage is one
        // printed line that can be cited by its number.
        orientation: Orientation::Landscape,
        facts,
        facts_limit: None,
        before,
        table: Table {
            heading: t(Rep::PassagesHeading),
            columns,
            rows,
            empty: t(Rep::NoPassages),
        },
        after,
        footer: Rep::ExtractFooter.fill(
            lang,
            &[
                &r.reference,
                &exported_at,
                &input.exported_by,
                &input.audit_head,
            ],
        ),
        sheet: t(Rep::SheetExtract),
        second_sheet: t(Rep::SheetRequest),
    }
}

/// The extract rendered in one format: typed data in, bytes out.
pub fn render(input: &RequestExtract, kind: Kind, lang: Lang) -> Result<Vec<u8>, RenderError> {
    super::render(&document(lang, input), kind)
}
