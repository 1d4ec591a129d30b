//! Turning rows of a PMO "Logg elevåtkomst" export into [`PmoRecord`]s, and reading
//! the report's unit and period from its title rows.

use super::profile::Field;
use super::source::RawRow;
use super::{Expect, ImportError, Outcome, RowContext};
use crate::domain::pmo::{PmoAction, PmoRecord};
use chrono::NaiveDate;

pub struct PmoParser<'a> {
    pub ctx: RowContext<'a>,
}

impl<'a> PmoParser<'a> {
    pub fn new(ctx: RowContext<'a>) -> Self {
        PmoParser { ctx }
    }

    pub fn parse(&self, raw: &RawRow) -> Result<Outcome<PmoRecord>, ImportError> {
        let time = match self.ctx.data_time(raw)? {
            Ok(t) => t,
            Err(skip) => return Ok(Outcome::Skip(skip)),
        };
        let t = |f| self.ctx.text(raw, f);
        let action_text = t(Field::Action);
        if action_text.is_empty() {
            return Err(self.ctx.bad_value(raw, Field::Action, Expect::Action));
        }
        let (user, user_id) = (t(Field::User), t(Field::UserId));
        if user.is_empty() && user_id.is_empty() {
            let field = if self.ctx.has(Field::User) {
                Field::User
            } else {
                Field::UserId
            };
            return Err(self.ctx.bad_value(raw, field, Expect::User));
        }
        let (student, student_id) = (t(Field::Student), t(Field::StudentId));
        if student.is_empty() && student_id.is_empty() {
            let field = if self.ctx.has(Field::StudentId) {
                Field::StudentId
            } else {
                Field::Student
            };
            return Err(self.ctx.bad_value(raw, field, Expect::Student));
        }
        Ok(Outcome::Record(PmoRecord {
            time,
            user,
            user_id,
            role: t(Field::Role),
            user_unit: t(Field::UserUnit),
            student_id,
            student,
            student_unit: t(Field::StudentUnit),
            class: t(Field::Class),
            record_type: t(Field::RecordType),
            document: t(Field::Document),
            action: PmoAction::parse(&action_text),
            action_text,
            row: raw.row,
        }))
    }
}

/// Unit and period as printed above the header (`Enhet: …`, `Period: 2026-10-01 – 2026-10-31`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TitleInfo {
    pub unit: Option<String>,
    pub period: Option<(NaiveDate, NaiveDate)>,
}

pub fn title_info(lines: &[String]) -> TitleInfo {
    let mut info = TitleInfo::default();
    for line in lines {
        let folded = crate::text::fold(line);
        if info.unit.is_none() && (folded.starts_with("enhet:") || folded.starts_with("enhet ")) {
            let rest = line.split_once(':').map_or(&line[5..], |(_, r)| r).trim();
            // "Exempelskolan F–9 (Grundskoleförvaltningen)": the unit is before the brackets.
            let unit = rest.split(" (").next().unwrap_or(rest).trim();
            if !unit.is_empty() {
                info.unit = Some(unit.to_owned());
            }
        }
        if info.period.is_none() && folded.starts_with("period") {
            let dates: Vec<NaiveDate> = line
                .split(|c: char| !(c.is_ascii_digit() || c == '-'))
                .flat_map(|w| w.split_terminator("--"))
                .filter_map(|w| {
                    let w = w.trim_matches('-');
                    NaiveDate::parse_from_str(w, "%Y-%m-%d").ok()
                })
                .collect();
            if let [from, to, ..] = dates[..]
                && from <= to
            {
                info.period = Some((from, to));
            }
        }
    }
    info
}

/// The period an export belongs to: its unit, `YYYY-MM` label and first and last day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PeriodChoice {
    pub unit: String,
    pub label: String,
    pub from: NaiveDate,
    pub to: NaiveDate,
}

/// Parses `YYYY-MM` into the month's first and last day.
pub fn month_bounds(label: &str) -> Option<(NaiveDate, NaiveDate)> {
    let from = NaiveDate::parse_from_str(&format!("{}-01", label.trim()), "%Y-%m-%d").ok()?;
    let next = from.checked_add_months(chrono::Months::new(1))?;
    Some((from, next.pred_opt()?))
}

/// Decides the period: `--period`, else the title rows, else the rows' dates (a whole
/// calendar month when they all fall in one); the unit from `--unit`, the title, else the
/// students' school most rows name.
pub fn choose_period(
    title: &TitleInfo,
    records: &[PmoRecord],
    period: Option<&str>,
    unit: Option<&str>,
) -> Result<PeriodChoice, String> {
    let (from, to) = if let Some(p) = period {
        month_bounds(p).ok_or_else(|| format!("--period {p}: expected a month like 2026-10"))?
    } else if let Some(p) = title.period {
        p
    } else {
        let first = records.iter().map(|r| r.time.date()).min();
        let last = records.iter().map(|r| r.time.date()).max();
        let (Some(first), Some(last)) = (first, last) else {
            return Err(
                "the export has no rows and names no period; give it with --period YYYY-MM"
                    .to_owned(),
            );
        };
        let label = first.format("%Y-%m").to_string();
        match month_bounds(&label) {
            Some((f, t)) if last <= t => (f, t),
            _ => (first, last),
        }
    };
    let unit = match unit.map(str::trim).filter(|u| !u.is_empty()) {
        Some(u) => u.to_owned(),
        None => title
            .unit
            .clone()
            .or_else(|| most_common(records.iter().map(|r| r.student_unit.as_str())))
            .or_else(|| most_common(records.iter().map(|r| r.user_unit.as_str())))
            .unwrap_or_else(|| "Okänd enhet".to_owned()),
    };
    Ok(PeriodChoice {
        unit,
        label: from.format("%Y-%m").to_string(),
        from,
        to,
    })
}

fn most_common<'a>(values: impl Iterator<Item = &'a str>) -> Option<String> {
    let mut counts: std::collections::BTreeMap<&str, usize> = Default::default();
    for v in values.filter(|v| !v.is_empty()) {
        *counts.entry(v).or_default() += 1;
    }
    counts
        .into_iter()
        .max_by_key(|(_, n)| *n)
        .map(|(v, _)| v.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rec(day: u32) -> PmoRecord {
        PmoRecord {
            time: NaiveDate::from_ymd_opt(2026, 9, day)
                .unwrap()
                .and_hms_opt(9, 0, 0)
                .unwrap(),
            user: "Karin Lind".into(),
            user_id: "kali01".into(),
            role: "Skolsköterska".into(),
            user_unit: "Bergsskolan".into(),
            student_id: "20150312-T123".into(),
            student: "Liam Berg".into(),
            student_unit: "Exempelskolan".into(),
            class: "4B".into(),
            record_type: "EMI-journal".into(),
            document: "Besök".into(),
            action: PmoAction::Read,
            action_text: "Läsa".into(),
            row: 2,
        }
    }

    #[test]
    fn period_from_rows_is_the_whole_month_when_they_fall_in_one() {
        let p = choose_period(&TitleInfo::default(), &[rec(3), rec(17)], None, None).unwrap();
        assert_eq!(p.label, "2026-09");
        assert_eq!(p.from.to_string(), "2026-09-01");
        assert_eq!(p.to.to_string(), "2026-09-30");
        assert_eq!(p.unit, "Exempelskolan");
        let over = choose_period(
            &TitleInfo::default(),
            &[rec(3)],
            Some("2026-02"),
            Some("Annan skola"),
        )
        .unwrap();
        assert_eq!(over.to.to_string(), "2026-02-28");
        assert_eq!(over.unit, "Annan skola");
        assert!(choose_period(&TitleInfo::default(), &[], Some("2026-13"), None).is_err());
    }

    #[test]
    fn title_rows_give_unit_and_period() {
        let lines = vec![
            "Logg elevåtkomst".to_owned(),
            "Enhet: Exempelskolan F–9 (Grundskoleförvaltningen)".to_owned(),
            "Period: 2026-10-01 – 2026-10-31".to_owned(),
            "Utskriftsdatum: 2026-11-02 07:58 Användare: leho47".to_owned(),
        ];
        let info = title_info(&lines);
        assert_eq!(info.unit.as_deref(), Some("Exempelskolan F–9"));
        let d = |m, day| NaiveDate::from_ymd_opt(2026, m, day).unwrap();
        assert_eq!(info.period, Some((d(10, 1), d(10, 31))));
        let dashes = title_info(&["Period 2026-10-01 - 2026-10-31".to_owned()]);
        assert_eq!(dashes.period, Some((d(10, 1), d(10, 31))));
    }

    #[test]
    fn missing_title_gives_nothing() {
        assert_eq!(title_info(&[]), TitleInfo::default());
    }
}
