//! The archived record of a PMO review as the routine prints it: a first block saying what
//! was reviewed, by whom, with whom and until when it is kept, then every row in chronological
//! order with its verdict, comment and ruled room to write, the legend of rules and a line to
//! sign on. Rendered as PDF/A-2u (A4 landscape), XLSX or CSV, in the reader's language.

use super::{
    Body, Cell, Column, ColumnKind, Document, Fact, Kind, Orientation, RenderError, Section, Table,
    local_minute,
};
use crate::domain::pmo::{PmoAction, Verdict};
use crate::i18n::Lang;
use crate::i18n::report::{Rep, rule_name};
use crate::rules::pmo::{ALL, Thresholds};
use crate::rules::ranking::{Ranked, evaluated};
use crate::store::pmo::{Escalation, Period, escalations};
use chrono::{DateTime, Datelike, FixedOffset, NaiveDate};
use rusqlite::Connection;

/// Everything the record shows.
#[derive(Debug, Clone)]
pub struct Record {
    pub period: Period,
    /// In chronological order.
    pub rows: Vec<Ranked>,
    pub escalations: Vec<Escalation>,
    /// The last day the record is kept; a purge after it removes the period.
    pub purge_date: NaiveDate,
    pub retention_years: u32,
    /// Who exported, when, and the audit trail's head hash at that moment.
    pub exported_by: String,
    pub exported_at: DateTime<FixedOffset>,
    pub audit_head: String,
}

/// The date a period may be purged: `years` after its last day (28 February for a 29th).
pub fn purge_date(period_end: NaiveDate, years: u32) -> NaiveDate {
    let year = period_end.year() + years as i32;
    period_end
        .with_year(year)
        .or_else(|| NaiveDate::from_ymd_opt(year, period_end.month(), period_end.day() - 1))
        .unwrap_or(period_end)
}

/// The record's columns, in the order printed. Columns the layout may leave out (a unit
/// column that would repeat the record's unit on every row) are named by [`Col`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Col {
    Id,
    Time,
    User,
    Role,
    StudentId,
    Student,
    Class,
    RecordType,
    Document,
    Action,
    Flags,
    Comment,
}

impl Col {
    pub const ALL: [Col; 12] = [
        Col::Id,
        Col::Time,
        Col::User,
        Col::Role,
        Col::StudentId,
        Col::Student,
        Col::Class,
        Col::RecordType,
        Col::Document,
        Col::Action,
        Col::Flags,
        Col::Comment,
    ];

    pub fn header(self) -> Rep {
        match self {
            Col::Id => Rep::ColId,
            Col::Time => Rep::ColTime,
            Col::User => Rep::ColUser,
            Col::Role => Rep::ColRole,
            Col::StudentId => Rep::ColStudentId,
            Col::Student => Rep::ColStudent,
            Col::Class => Rep::ColClass,
            Col::RecordType => Rep::ColRecordType,
            Col::Document => Rep::ColDocument,
            Col::Action => Rep::ColAction,
            Col::Flags => Rep::ColFlags,
            Col::Comment => Rep::ColComment,
        }
    }

    /// The widest the column grows on paper before its text wraps, in millimetres.
    fn max_mm(self) -> f32 {
        match self {
            Col::Id => 12.0,
            Col::Time => 30.0,
            Col::User | Col::Student => 34.0,
            Col::Class => 14.0,
            Col::Role | Col::RecordType => 26.0,
            Col::StudentId => 24.0,
            Col::Document => 36.0,
            Col::Action => 18.0,
            Col::Flags => 30.0,
            Col::Comment => 200.0,
        }
    }
}

/// The action in the record's language; the export's own wording when it is PMO's.
fn action_words(a: &PmoAction, lang: Lang) -> String {
    let rep = match a {
        PmoAction::Read => Rep::ActRead,
        PmoAction::Write => Rep::ActWrite,
        PmoAction::Sign => Rep::ActSign,
        PmoAction::Print => Rep::ActPrint,
        PmoAction::Delete => Rep::ActDelete,
        PmoAction::Emergency => Rep::ActEmergency,
        PmoAction::Other(s) => return s.clone(),
    };
    rep.text(lang).to_owned()
}

fn verdict_words(v: Verdict) -> Rep {
    match v {
        Verdict::Ok => Rep::VerdictOk,
        Verdict::Deviation => Rep::VerdictDeviation,
        Verdict::Investigate => Rep::VerdictInvestigate,
    }
}

fn target_words(code: &str) -> Rep {
    match code {
        "intraservice" => Rep::ToIntraservicePmo,
        "verksamhetschef" => Rep::ToVerksamhetschef,
        "imy" => Rep::ToImy,
        _ => Rep::ToUnknown,
    }
}

fn same_unit(a: &str, b: &str) -> bool {
    crate::text::fold(a) == crate::text::fold(b)
}

impl Record {
    pub fn load(
        conn: &Connection,
        period: &Period,
        thresholds: &Thresholds,
        retention_years: u32,
    ) -> crate::store::Result<Record> {
        Ok(Record {
            period: period.clone(),
            rows: evaluated(conn, period, thresholds)?,
            escalations: escalations(conn, period.id)?,
            purge_date: purge_date(period.to, retention_years),
            retention_years,
            exported_by: String::new(),
            exported_at: chrono::Local::now().fixed_offset(),
            audit_head: String::new(),
        })
    }

    pub fn count(&self, v: Option<Verdict>) -> usize {
        self.rows.iter().filter(|r| r.access.verdict == v).count()
    }

    /// The first block: what was reviewed, by whom, with whom, until when it is kept.
    pub fn summary(&self, lang: Lang) -> Vec<Fact> {
        let t = |m: Rep| m.text(lang).to_owned();
        let p = &self.period;
        let mut reviewers: Vec<&str> = self
            .rows
            .iter()
            .map(|r| r.access.reviewed_by.as_str())
            .filter(|s| !s.is_empty())
            .collect();
        reviewers.sort_unstable();
        reviewers.dedup();
        let reviewer = match &p.signed_off_by {
            Some(by) => by.clone(),
            None => reviewers.join(", "),
        };
        let review_date = match &p.signed_off_at {
            Some(at) => local_minute(at),
            None => t(Rep::NotSignedOff),
        };
        let escalations = if self.escalations.is_empty() {
            t(Rep::NoEscalations)
        } else {
            self.escalations
                .iter()
                .map(|e| {
                    let mut line = Rep::PmoEscalationLine.fill(
                        lang,
                        &[
                            &e.access_id,
                            &target_words(&e.target).text(lang),
                            &e.reference,
                            &e.by,
                            &local_minute(&e.at),
                        ],
                    );
                    if !e.note.is_empty() {
                        line.push_str(": ");
                        line.push_str(&e.note);
                    }
                    line
                })
                .collect::<Vec<_>>()
                .join("; ")
        };
        let flagged = self.rows.iter().filter(|r| r.flags.flagged()).count();
        let sampled = self
            .rows
            .iter()
            .filter(|r| r.flags.has(&crate::rules::pmo::RANDOM_SAMPLE))
            .count();
        vec![
            Fact::new(t(Rep::Unit), p.unit.clone()),
            Fact::new(t(Rep::Period), format!("{} – {}", p.from, p.to)),
            Fact::new(t(Rep::Reviewer), reviewer),
            Fact::new(t(Rep::ReviewDate), review_date),
            Fact::new(
                t(Rep::Consulted),
                p.consulted.clone().unwrap_or_else(|| "—".into()),
            ),
            Fact::new(
                t(Rep::Rows),
                Rep::RowsLine.fill(lang, &[&self.rows.len(), &flagged, &sampled]),
            ),
            Fact::new(
                t(Rep::Verdicts),
                Rep::VerdictsLine.fill(
                    lang,
                    &[
                        &self.count(Some(Verdict::Ok)),
                        &self.count(Some(Verdict::Deviation)),
                        &self.count(Some(Verdict::Investigate)),
                        &self.count(None),
                    ],
                ),
            ),
            Fact::new(t(Rep::Escalations), escalations).movable(),
            Fact::new(
                t(Rep::Summary),
                p.summary.clone().unwrap_or_else(|| "—".into()),
            )
            .movable(),
            Fact::new(
                t(Rep::Purged),
                Rep::PurgedLine.fill(lang, &[&self.purge_date, &self.retention_years]),
            ),
            Fact::new(t(Rep::SourceFile), p.source_sha256.clone()),
            Fact::new(
                t(Rep::Exported),
                Rep::ExportedLine.fill(
                    lang,
                    &[
                        &self.exported_at.format("%Y-%m-%d %H:%M"),
                        &self.exported_by,
                    ],
                ),
            ),
            Fact::new(t(Rep::AuditHead), self.audit_head.clone()),
        ]
    }

    /// The rules that fired somewhere in the period: short name and full text.
    pub fn legend(&self, lang: Lang) -> Vec<(String, String)> {
        ALL.iter()
            .filter(|rule| self.rows.iter().any(|r| r.flags.has(rule)))
            .map(|r| {
                let name = rule_name(r.id).map_or(r.id, |n| n.text(lang));
                (name.to_owned(), r.text(lang).to_owned())
            })
            .collect()
    }

    fn cell(&self, r: &Ranked, col: Col, lang: Lang) -> Cell {
        let rec = &r.access.record;
        let unit = &self.period.unit;
        match col {
            Col::Id => Cell::Number(r.access.id),
            Col::Time => Cell::Time(rec.time),
            // A unit other than the record's follows the name; the usual one is in the facts.
            Col::User if same_unit(&rec.user_unit, unit) || rec.user_unit.is_empty() => {
                Cell::text(rec.user.clone())
            }
            Col::User => Cell::text(format!("{} ({})", rec.user, rec.user_unit)),
            Col::Role => Cell::text(rec.role.clone()),
            Col::StudentId => Cell::text(rec.student_id.clone()),
            Col::Student if same_unit(&rec.student_unit, unit) || rec.student_unit.is_empty() => {
                Cell::text(rec.student.clone())
            }
            Col::Student => Cell::text(format!("{} ({})", rec.student, rec.student_unit)),
            Col::Class => Cell::text(rec.class.clone()),
            Col::RecordType => Cell::text(rec.record_type.clone()),
            Col::Document => Cell::text(rec.document.clone()),
            Col::Action => Cell::text(action_words(&rec.action, lang)),
            Col::Flags => Cell::text(
                r.flags
                    .hits
                    .iter()
                    .map(|h| rule_name(h.rule.id).map_or(h.rule.id, |n| n.text(lang)))
                    .collect::<Vec<_>>()
                    .join(", "),
            ),
            Col::Comment => match r.access.verdict {
                Some(v) if r.access.comment.is_empty() => Cell::text(verdict_words(v).text(lang)),
                Some(v) => Cell::text(format!(
                    "{}: {}",
                    verdict_words(v).text(lang),
                    r.access.comment
                )),
                None => Cell::text(r.access.comment.clone()),
            },
        }
    }

    /// The columns printed and the facts about what every row shares: the units (other
    /// units than the record's are given after the name) and any column of one value.
    pub fn columns(&self, lang: Lang) -> (Vec<Col>, Vec<Fact>) {
        let unit = &self.period.unit;
        let mut cols = Vec::new();
        let mut facts = Vec::new();
        let others = |f: fn(&Ranked) -> &str| {
            self.rows
                .iter()
                .any(|r| !f(r).is_empty() && !same_unit(f(r), unit))
        };
        let users_elsewhere = others(|r| r.access.record.user_unit.as_str());
        let students_elsewhere = others(|r| r.access.record.student_unit.as_str());
        for (label, elsewhere) in [
            (Rep::ColUserUnitAll, users_elsewhere),
            (Rep::ColStudentUnitAll, students_elsewhere),
        ] {
            let value = if elsewhere {
                Rep::OtherUnitInBrackets.fill(lang, &[unit])
            } else {
                Rep::SameEveryRow.fill(lang, &[unit])
            };
            facts.push(Fact::new(label.text(lang), value));
        }
        for col in Col::ALL {
            let values: Vec<Cell> = self.rows.iter().map(|r| self.cell(r, col, lang)).collect();
            match col {
                Col::Role | Col::Class | Col::RecordType | Col::Action
                    if self.rows.len() > 1 && values.iter().all(|v| *v == values[0]) =>
                {
                    facts.push(Fact::new(
                        col.header().text(lang),
                        Rep::SameEveryRow.fill(lang, &[&values[0].display()]),
                    ));
                }
                _ => cols.push(col),
            }
        }
        (cols, facts)
    }

    pub fn title(&self, lang: Lang) -> String {
        Rep::PmoTitle.fill(lang, &[&self.period.label, &self.period.unit])
    }

    /// The record as the document every format renders.
    pub fn document(&self, lang: Lang) -> Document {
        let t = |m: Rep| m.text(lang).to_owned();
        let (cols, column_facts) = self.columns(lang);
        let mut facts = self.summary(lang);
        // After the unit and period: what every row shares.
        let at = facts.len().min(2);
        facts.splice(at..at, column_facts);
        let columns = cols
            .iter()
            .map(|&c| {
                let kind = match c {
                    Col::Id => ColumnKind::Number,
                    Col::Time => ColumnKind::Time,
                    _ => ColumnKind::Text,
                };
                let mut col = Column::new(c.header().text(lang), kind, c.max_mm());
                if c == Col::Comment {
                    // The routine's comment column: room to write by hand on the printout.
                    col.write_in_mm = Some(60.0);
                }
                col
            })
            .collect();
        let rows = self
            .rows
            .iter()
            .map(|r| cols.iter().map(|&c| self.cell(r, c, lang)).collect())
            .collect();
        let legend = self.legend(lang);
        let after = vec![
            Section {
                heading: t(Rep::Legend),
                body: if legend.is_empty() {
                    Body::Lines(vec![t(Rep::NoFlags)])
                } else {
                    Body::Terms(legend)
                },
            },
            Section {
                heading: t(Rep::Attest),
                body: Body::Signatures(vec![t(Rep::Signature), t(Rep::NamePrinted), t(Rep::Date)]),
            },
        ];
        Document {
            lang,
            title: self.title(lang),
            author: self.exported_by.clone(),
            created: self.exported_at,
            orientation: Orientation::Landscape,
            facts,
            facts_limit: Some(1.0 / 3.0),
            before: Vec::new(),
            table: Table {
                heading: String::new(),
                columns,
                rows,
                empty: t(Rep::NoFlags),
            },
            after,
            footer: Rep::PmoFooter.fill(
                lang,
                &[&self.period.unit, &self.period.from, &self.period.to],
            ),
            sheet: t(Rep::SheetReview),
            second_sheet: t(Rep::SheetReview),
        }
    }

    /// The record rendered in one format: typed data in, bytes out.
    pub fn render(&self, kind: Kind, lang: Lang) -> Result<Vec<u8>, RenderError> {
        super::render(&self.document(lang), kind)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn purge_date_is_years_after_the_period_end() {
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
        assert_eq!(purge_date(d(2026, 10, 31), 10), d(2036, 10, 31));
        assert_eq!(purge_date(d(2028, 2, 29), 10), d(2038, 2, 28));
    }
}
