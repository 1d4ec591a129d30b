//! The archived record of a PMO review: a first block saying what was reviewed, by whom, with
//! whom and until when it is kept, then every row in chronological order with its verdict
//! and comment. Rendered as CSV (`;`, UTF-8 with BOM), XLSX or PDF (A4 landscape, through
//! the shared writer in `report::pdf`).

use super::Kind;
use crate::domain::pmo::{EscalationTarget, Verdict};
use crate::rules::pmo::{ALL, Thresholds};
use crate::rules::ranking::{Ranked, evaluated};
use crate::store::pmo::{Escalation, Period, escalations};
use crate::text::neutralise_formula;
use chrono::{Datelike, NaiveDate};
use rusqlite::Connection;

/// The column headings of the record's table.
pub const COLUMNS: [&str; 14] = [
    "ID",
    "Tid",
    "Användare",
    "Yrkesroll",
    "Användarens enhet",
    "Personnummer",
    "Elev",
    "Elevens skola",
    "Klass",
    "Journaltyp",
    "Dokument/Vy",
    "Händelse",
    "Flaggor (poäng)",
    "Kommentar",
];

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
    pub exported_at: String,
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
            exported_at: String::new(),
            // The trail is its own file: the export fills in its head.
            audit_head: String::new(),
        })
    }

    pub fn count(&self, v: Option<Verdict>) -> usize {
        self.rows.iter().filter(|r| r.access.verdict == v).count()
    }

    /// The first block: (label, value) pairs.
    pub fn summary(&self) -> Vec<(String, String)> {
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
            Some(at) => at.get(..10).unwrap_or(at).to_owned(),
            None => "ej avslutad (inte signerad)".to_owned(),
        };
        let escalations = if self.escalations.is_empty() {
            "inga".to_owned()
        } else {
            self.escalations
                .iter()
                .map(|e| {
                    format!(
                        "rad {} till {} (ref. {}) av {} {}{}",
                        e.access_id,
                        EscalationTarget::swedish(&e.target),
                        e.reference,
                        e.by,
                        e.at.get(..10).unwrap_or(&e.at),
                        if e.note.is_empty() {
                            String::new()
                        } else {
                            format!(": {}", e.note)
                        }
                    )
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
            ("Enhet".into(), p.unit.clone()),
            ("Period".into(), format!("{} – {}", p.from, p.to)),
            ("Granskare".into(), reviewer),
            ("Granskningsdatum".into(), review_date),
            (
                "Konsulterade".into(),
                p.consulted.clone().unwrap_or_else(|| "—".into()),
            ),
            (
                "Rader".into(),
                format!(
                    "{} (kronologisk ordning); {flagged} flaggade av regler, {sampled} i stickprov",
                    self.rows.len()
                ),
            ),
            (
                "Bedömningar".into(),
                format!(
                    "OK {}, Avvikelse {}, Utreds {}, utan bedömning {}",
                    self.count(Some(Verdict::Ok)),
                    self.count(Some(Verdict::Deviation)),
                    self.count(Some(Verdict::Investigate)),
                    self.count(None)
                ),
            ),
            ("Eskaleringar".into(), escalations),
            (
                "Sammanfattning".into(),
                p.summary.clone().unwrap_or_else(|| "—".into()),
            ),
            (
                "Gallras".into(),
                format!(
                    "efter {} (periodens slut + {} år)",
                    self.purge_date, self.retention_years
                ),
            ),
            ("Källfil (SHA-256)".into(), p.source_sha256.clone()),
            (
                "Exporterad".into(),
                format!("{} av {}", self.exported_at, self.exported_by),
            ),
            ("Granskningsloggens huvud".into(), self.audit_head.clone()),
        ]
    }

    /// The rules that fired somewhere in the period: (id, Swedish text).
    pub fn legend(&self) -> Vec<(&'static str, &'static str)> {
        ALL.iter()
            .filter(|rule| self.rows.iter().any(|r| r.flags.has(rule)))
            .map(|r| (r.id, r.sv))
            .collect()
    }

    /// The table's cells, one row per access, chronological.
    pub fn table(&self) -> Vec<[String; 14]> {
        self.rows
            .iter()
            .map(|r| {
                let rec = &r.access.record;
                let flags = if r.flags.hits.is_empty() {
                    String::new()
                } else {
                    format!("{} ({:.2})", r.flags.ids().join(", "), r.score())
                };
                let comment = match r.access.verdict {
                    Some(v) if r.access.comment.is_empty() => v.swedish().to_owned(),
                    Some(v) => format!("{}: {}", v.swedish(), r.access.comment),
                    None => String::new(),
                };
                [
                    r.access.id.to_string(),
                    rec.time.format("%Y-%m-%d %H:%M:%S").to_string(),
                    rec.user.clone(),
                    rec.role.clone(),
                    rec.user_unit.clone(),
                    rec.student_id.clone(),
                    rec.student.clone(),
                    rec.student_unit.clone(),
                    rec.class.clone(),
                    rec.record_type.clone(),
                    rec.document.clone(),
                    rec.action.label().to_owned(),
                    flags,
                    comment,
                ]
            })
            .collect()
    }

    pub fn title(&self) -> String {
        format!(
            "Logg elevåtkomst – granskning {} – {}",
            self.period.label, self.period.unit
        )
    }

    pub fn render(&self, kind: Kind) -> anyhow::Result<Vec<u8>> {
        match kind {
            Kind::Csv => Ok(self.csv()?),
            Kind::Xlsx => self.xlsx(),
            Kind::Pdf => Ok(super::pdf::render(
                &self.document(),
                &super::pdf::PageSetup::a4_landscape(),
            )),
        }
    }

    /// The record as the shared export writers' document: the first block, the rule
    /// legend, every row, and a footer naming unit and period on each page.
    pub fn document(&self) -> super::Document {
        let mut info = self.summary();
        for (id, text) in self.legend() {
            info.push((format!("Flagga {id}"), text.to_owned()));
        }
        super::Document {
            title: self.title(),
            info,
            headers: COLUMNS.iter().map(|h| (*h).to_owned()).collect(),
            rows: self.table().into_iter().map(Vec::from).collect(),
            notes: Vec::new(),
            footer: format!(
                "Logg elevåtkomst – {} – period {} – {}",
                self.period.unit, self.period.from, self.period.to
            ),
            page_word: "Sida".to_owned(),
        }
    }

    fn csv(&self) -> std::io::Result<Vec<u8>> {
        let mut buf = "\u{FEFF}".as_bytes().to_vec();
        {
            let mut w = csv::WriterBuilder::new()
                .delimiter(b';')
                .flexible(true)
                .from_writer(&mut buf);
            let mut row = |cells: &[&str]| -> std::io::Result<()> {
                w.write_record(cells.iter().map(|c| neutralise_formula(c).into_owned()))
                    .map_err(std::io::Error::other)
            };
            row(&[&self.title()])?;
            for (k, v) in self.summary() {
                row(&[&k, &v])?;
            }
            for (id, text) in self.legend() {
                row(&["Flagga", id, text])?;
            }
            row(&[""])?;
            row(&COLUMNS)?;
            for cells in self.table() {
                let refs: Vec<&str> = cells.iter().map(String::as_str).collect();
                row(&refs)?;
            }
            w.flush()?;
        }
        Ok(buf)
    }

    fn xlsx(&self) -> anyhow::Result<Vec<u8>> {
        use rust_xlsxwriter::{Format, FormatBorder, Workbook};
        let mut wb = Workbook::new();
        let bold = Format::new().set_bold();
        let head = Format::new()
            .set_bold()
            .set_border(FormatBorder::Thin)
            .set_text_wrap();
        let cell = Format::new().set_border(FormatBorder::Thin).set_text_wrap();
        let ws = wb.add_worksheet();
        ws.set_name("Granskning")?;
        ws.set_landscape();
        ws.set_paper_size(9); // A4
        ws.set_print_fit_to_pages(1, 0);
        let text = |s: &str| neutralise_formula(s).into_owned();
        ws.write_string_with_format(0, 0, text(&self.title()), &bold)?;
        let mut r = 1u32;
        for (k, v) in self.summary() {
            ws.write_string_with_format(r, 0, text(&k), &bold)?;
            ws.write_string(r, 1, text(&v))?;
            r += 1;
        }
        for (id, t) in self.legend() {
            ws.write_string(r, 0, "Flagga")?;
            ws.write_string(r, 1, id)?;
            ws.write_string(r, 2, t)?;
            r += 1;
        }
        r += 1;
        let header_row = r;
        for (c, h) in COLUMNS.iter().enumerate() {
            ws.write_string_with_format(r, c as u16, *h, &head)?;
        }
        for cells in self.table() {
            r += 1;
            for (c, v) in cells.iter().enumerate() {
                ws.write_string_with_format(r, c as u16, text(v), &cell)?;
            }
        }
        ws.set_repeat_rows(header_row, header_row)?;
        for (c, w) in [6, 18, 16, 14, 16, 15, 16, 16, 6, 16, 18, 10, 22, 30]
            .iter()
            .enumerate()
        {
            ws.set_column_width(c as u16, *w)?;
        }
        Ok(wb.save_to_buffer()?)
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
