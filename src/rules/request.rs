//! A request's extract: exactly the passages inside its scope, each marked with
//! the deviation aids that apply, Kom & Gå stamps set against the passages, and
//! the caveats a reader of the extract must know.
//!
//! Usual hours: for each person, count on how many of their active days they
//! passed any reader in each clock hour. An hour is usual when it holds passages
//! on at least a fifth of those days; the usual hours are the shortest run of
//! clock hours (wrapping past midnight for night shifts) that covers every usual
//! hour. The days counted are those outside the request's windows when there are
//! at least ten of them, else every stored day (which includes the windows, so
//! a rare visit at an odd hour still stands out against the routine).

use crate::domain::EventKind;
use crate::domain::request::{Request, Window};
use crate::domain::stamp::StampKind;
use crate::i18n::{Lang, Msg};
use crate::store::passages::{self, Cards, PassageFilter, PassageRow, Resolved};
use crate::store::requests::{self, ScopedPerson};
use crate::store::{Result, stamps};
use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime, Timelike, Weekday};
use rusqlite::Connection;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// The share of active days an hour must have passages on to count as usual.
const USUAL_SHARE: f64 = 0.2;
/// Fewer active days than this and usual hours are not estimated.
const MIN_DAYS: usize = 5;
/// Outside-window days needed before they alone are the baseline.
const MIN_BASELINE_DAYS: usize = 10;
/// Passages this long after UT are leaving the premises (garage exit), not work.
const AFTER_OUT_GRACE_MIN: i64 = 30;
/// The first passage later than this after IN is noted.
const LATE_FIRST_MIN: i64 = 60;

/// A mark on one passage.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Flag {
    OutsideUsualHours,
    Denied,
    NightAtReader,
    WeekendAtReader,
    AfterClockOut,
    /// The passage carries one of the person's cards but no name.
    CardOnly,
}

impl Flag {
    pub fn msg(self) -> Msg {
        match self {
            Flag::OutsideUsualHours => Msg::DevOutsideUsual,
            Flag::Denied => Msg::DevDenied,
            Flag::NightAtReader => Msg::DevNight,
            Flag::WeekendAtReader => Msg::DevWeekend,
            Flag::AfterClockOut => Msg::DevAfterOut,
            Flag::CardOnly => Msg::DevCardOnly,
        }
    }
}

/// A flag with the particulars that explain it (`usual 06–17`, `UT 16:09`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Deviation {
    pub flag: Flag,
    pub detail: String,
}

impl Deviation {
    pub fn text(&self, lang: Lang) -> String {
        if self.detail.is_empty() {
            self.flag.msg().text(lang).to_owned()
        } else {
            format!("{} ({})", self.flag.msg().text(lang), self.detail)
        }
    }
}

/// One passage of the extract.
#[derive(Debug, Clone)]
pub struct EventRow {
    pub row: PassageRow,
    pub deviations: Vec<Deviation>,
}

impl EventRow {
    pub fn deviations_text(&self, lang: Lang) -> String {
        self.deviations
            .iter()
            .map(|d| d.text(lang))
            .collect::<Vec<_>>()
            .join("; ")
    }
}

/// What Kom & Gå stamps and passages disagree on, per person and day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FindingKind {
    ClockedInNoPassage,
    PassagesAfterClockOut,
    LateFirstPassage,
    StampEdited,
    /// A Kom & Gå day lacks one of IN, LUNCH UT, LUNCH IN or UT.
    MissingStamp,
}

impl FindingKind {
    pub fn msg(self) -> Msg {
        match self {
            FindingKind::ClockedInNoPassage => Msg::DevInNoPassage,
            FindingKind::PassagesAfterClockOut => Msg::DevAfterOut,
            FindingKind::LateFirstPassage => Msg::DevLateFirst,
            FindingKind::StampEdited => Msg::CavStampsEdited,
            FindingKind::MissingStamp => Msg::DevMissingStamp,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Finding {
    pub kind: FindingKind,
    pub person: String,
    pub date: NaiveDate,
    pub detail: String,
}

impl Finding {
    pub fn text(&self, lang: Lang) -> String {
        format!(
            "{} {}: {} ({})",
            self.date,
            self.person,
            self.kind.msg().text(lang),
            self.detail
        )
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CaveatKind {
    Coverage,
    EntryOnlyReader,
    NoMatch,
    UsualHoursUnknown,
}

impl CaveatKind {
    pub fn msg(self) -> Msg {
        match self {
            CaveatKind::Coverage => Msg::CavCoverage,
            CaveatKind::EntryOnlyReader => Msg::CavEntryOnly,
            CaveatKind::NoMatch => Msg::CavNoMatch,
            CaveatKind::UsualHoursUnknown => Msg::CavUsualUnknown,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Caveat {
    pub kind: CaveatKind,
    /// What it is about: a system, a reader, a person.
    pub subject: String,
    pub detail: String,
}

impl Caveat {
    pub fn text(&self, lang: Lang) -> String {
        if self.detail.is_empty() {
            format!("{}: {}", self.subject, self.kind.msg().text(lang))
        } else {
            format!(
                "{}: {} ({})",
                self.subject,
                self.kind.msg().text(lang),
                self.detail
            )
        }
    }
}

/// A person's usual clock hours: `from` to `to` inclusive, whole hours, wrapping
/// past midnight when `from > to`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct UsualHours {
    pub from: u32,
    pub to: u32,
    /// How many active days the estimate rests on.
    pub days: usize,
    /// Whether only days outside the request's windows were counted.
    pub outside_windows: bool,
}

impl UsualHours {
    pub fn contains(&self, hour: u32) -> bool {
        if self.from <= self.to {
            (self.from..=self.to).contains(&hour)
        } else {
            hour >= self.from || hour <= self.to
        }
    }

    /// `06–17` meaning 06:00 to 17:59.
    pub fn label(&self) -> String {
        format!("{:02}:00–{:02}:59", self.from, self.to)
    }
}

/// One scope entry and whom it resolved to.
#[derive(Debug, Clone)]
pub struct PersonInScope {
    pub query: String,
    pub people: Vec<ScopedPerson>,
    pub usual: Option<UsualHours>,
}

impl PersonInScope {
    pub fn label(&self) -> String {
        let mut names: Vec<String> = Vec::new();
        for p in &self.people {
            let s = if p.employee_id.is_empty() {
                p.name.clone()
            } else {
                format!("{} ({})", p.name, p.employee_id)
            };
            if !names.contains(&s) {
                names.push(s);
            }
        }
        if names.is_empty() {
            self.query.clone()
        } else {
            names.join(", ")
        }
    }
}

/// The extract for a request.
#[derive(Debug, Clone)]
pub struct Extract {
    pub request: Request,
    pub persons: Vec<PersonInScope>,
    pub rows: Vec<EventRow>,
    pub findings: Vec<Finding>,
    pub caveats: Vec<Caveat>,
}

/// Builds the extract: resolves the scope's persons to stored people, fetches
/// their passages at the scoped readers inside the windows, and marks them.
pub fn extract(conn: &Connection, request: &Request) -> Result<Extract> {
    let scope = &request.scope;
    let mut caveats = Vec::new();
    let readers = if scope.readers.is_empty() {
        None
    } else {
        let ids = crate::store::catalog::match_readers(conn, &scope.readers)?;
        for r in &scope.readers {
            if crate::store::catalog::match_readers(conn, std::slice::from_ref(r))?.is_empty() {
                caveats.push(Caveat {
                    kind: CaveatKind::NoMatch,
                    subject: r.clone(),
                    detail: String::new(),
                });
            }
        }
        Some(ids)
    };
    let mut persons = Vec::new();
    let mut by_passage: BTreeMap<(NaiveDateTime, i64), (usize, PassageRow)> = BTreeMap::new();
    let mut all_of: Vec<Vec<PassageRow>> = Vec::new();
    for (gi, query) in scope.persons.iter().enumerate() {
        let people = requests::resolve_person(conn, query)?;
        if people.is_empty() {
            caveats.push(Caveat {
                kind: CaveatKind::NoMatch,
                subject: query.clone(),
                detail: String::new(),
            });
        }
        let ids: Vec<i64> = people.iter().map(|p| p.id).collect();
        // Passages that name no one but carry the person's card are theirs too.
        let cards = nameless_cards_of(conn, &ids)?;
        let resolved_scoped = Resolved {
            readers: readers.clone(),
            persons: Some((ids.clone(), cards.clone())),
            cards: None,
        };
        for w in &scope.windows {
            let filter = PassageFilter {
                from: Some(w.from),
                to: Some(w.to),
                ..PassageFilter::default()
            };
            passages::for_each(conn, &filter, &resolved_scoped, 0, |row| {
                by_passage.entry((row.time, row.id)).or_insert((gi, row));
                Ok(())
            })?;
        }
        // Every passage of the person, for usual hours and for Kom & Gå days.
        let mut all = Vec::new();
        let resolved_all = Resolved {
            readers: None,
            persons: Some((ids, cards)),
            cards: None,
        };
        passages::for_each(conn, &PassageFilter::default(), &resolved_all, 0, |row| {
            all.push(row);
            Ok(())
        })?;
        let usual = usual_hours(&all, &scope.windows);
        let entry = PersonInScope {
            query: query.clone(),
            people,
            usual,
        };
        if usual.is_none() && !entry.people.is_empty() {
            caveats.push(Caveat {
                kind: CaveatKind::UsualHoursUnknown,
                subject: entry.label(),
                detail: String::new(),
            });
        }
        persons.push(entry);
        all_of.push(all);
    }

    // Kom & Gå: days by person.
    let mut findings = Vec::new();
    let mut clock_out: Vec<BTreeMap<NaiveDate, NaiveDateTime>> =
        vec![BTreeMap::new(); persons.len()];
    if let (Some(first), Some(last)) = (
        scope.windows.iter().map(|w| w.from.date()).min(),
        scope.windows.iter().map(|w| w.to.date()).max(),
    ) {
        for (gi, p) in persons.iter().enumerate() {
            if p.people.is_empty() {
                continue;
            }
            let emp: Vec<String> = unique(p.people.iter().map(|x| x.employee_id.clone()));
            let keys: Vec<String> = unique(p.people.iter().map(|x| x.name_key.clone()));
            let stamped = stamps::for_people(conn, &emp, &keys, first, last)?;
            let mut days: BTreeMap<NaiveDate, Vec<&stamps::Stamp>> = BTreeMap::new();
            for s in &stamped {
                if scope.contains_time(s.time) {
                    days.entry(s.day).or_default().push(s);
                }
            }
            let label = p.label();
            for (day, stamps) in days {
                let passed: Vec<&PassageRow> =
                    all_of[gi].iter().filter(|r| r.time.date() == day).collect();
                let stamp_in = stamps.iter().find(|s| s.kind == StampKind::In);
                let stamp_out = stamps.iter().rev().find(|s| s.kind == StampKind::Out);
                for s in stamps.iter().filter(|s| !s.edited.is_empty()) {
                    findings.push(Finding {
                        kind: FindingKind::StampEdited,
                        person: label.clone(),
                        date: day,
                        detail: format!(
                            "{} {} {}, {}",
                            s.kind.as_str(),
                            s.time.format("%H:%M"),
                            s.source,
                            s.edited
                        ),
                    });
                }
                let missing: Vec<&str> = [
                    StampKind::In,
                    StampKind::LunchOut,
                    StampKind::LunchIn,
                    StampKind::Out,
                ]
                .into_iter()
                // The whole shift counts, also a night shift's UT past the window's end.
                .filter(|k| !stamped.iter().any(|s| s.day == day && s.kind == *k))
                .map(StampKind::as_str)
                .collect();
                if !missing.is_empty() {
                    let present = stamped
                        .iter()
                        .filter(|s| s.day == day)
                        .map(|s| format!("{} {}", s.kind.as_str(), s.time.format("%H:%M")))
                        .collect::<Vec<_>>()
                        .join(", ");
                    let last = passed
                        .last()
                        .map(|r| format!("; {} {}", r.time.format("%H:%M:%S"), r.reader_label()))
                        .unwrap_or_default();
                    findings.push(Finding {
                        kind: FindingKind::MissingStamp,
                        person: label.clone(),
                        date: day,
                        detail: format!("{} –; {present}{last}", missing.join(" –, ")),
                    });
                }
                if let Some(i) = stamp_in {
                    match passed.first() {
                        None => findings.push(Finding {
                            kind: FindingKind::ClockedInNoPassage,
                            person: label.clone(),
                            date: day,
                            detail: format!("IN {}", i.time.format("%H:%M")),
                        }),
                        Some(first) if first.time - i.time > Duration::minutes(LATE_FIRST_MIN) => {
                            findings.push(Finding {
                                kind: FindingKind::LateFirstPassage,
                                person: label.clone(),
                                date: day,
                                detail: format!(
                                    "IN {}, {} {} {}, {} min",
                                    i.time.format("%H:%M"),
                                    first.time.format("%H:%M:%S"),
                                    first.system,
                                    first.reader_label(),
                                    (first.time - i.time).num_minutes()
                                ),
                            })
                        }
                        Some(_) => {}
                    }
                }
                if let Some(o) = stamp_out {
                    clock_out[gi].insert(day, o.time);
                    let late: Vec<&&PassageRow> = passed
                        .iter()
                        .filter(|r| r.time - o.time > Duration::minutes(AFTER_OUT_GRACE_MIN))
                        .collect();
                    if let Some(first) = late.first() {
                        findings.push(Finding {
                            kind: FindingKind::PassagesAfterClockOut,
                            person: label.clone(),
                            date: day,
                            // Times, the door and a count read alike in every language.
                            detail: format!(
                                "UT {}; {} {}{}",
                                o.time.format("%H:%M"),
                                first.time.format("%H:%M:%S"),
                                first.reader_label(),
                                match late.len() {
                                    1 => String::new(),
                                    n => format!(" (+{})", n - 1),
                                }
                            ),
                        });
                    }
                }
            }
        }
    }

    // Marks on each row.
    let readers_scoped = !scope.readers.is_empty();
    let mut rows = Vec::with_capacity(by_passage.len());
    for (_, (gi, row)) in by_passage {
        let mut deviations = Vec::new();
        let hour = row.time.hour();
        if let Some(u) = persons[gi].usual
            && !u.contains(hour)
        {
            deviations.push(Deviation {
                flag: Flag::OutsideUsualHours,
                detail: u.label(),
            });
        }
        if row.kind == EventKind::Denied {
            deviations.push(Deviation {
                flag: Flag::Denied,
                detail: row.event_text.clone(),
            });
        }
        let reader_note = if readers_scoped {
            String::new()
        } else {
            row.reader_label()
        };
        if !(6..22).contains(&hour) {
            deviations.push(Deviation {
                flag: Flag::NightAtReader,
                detail: reader_note.clone(),
            });
        }
        if matches!(row.time.weekday(), Weekday::Sat | Weekday::Sun) {
            deviations.push(Deviation {
                flag: Flag::WeekendAtReader,
                detail: weekday_name(row.time.weekday()).to_owned(),
            });
        }
        if row.person.is_empty() && !row.card.is_empty() {
            deviations.push(Deviation {
                flag: Flag::CardOnly,
                detail: row.card.clone(),
            });
        }
        if let Some(out) = clock_out[gi].get(&row.time.date())
            && row.time - *out > Duration::minutes(AFTER_OUT_GRACE_MIN)
        {
            deviations.push(Deviation {
                flag: Flag::AfterClockOut,
                detail: format!("UT {}", out.format("%H:%M")),
            });
        }
        rows.push(EventRow { row, deviations });
    }

    caveats.extend(coverage_caveats(conn, &scope.windows)?);
    let no_exit = requests::readers_without_exit(conn)?;
    let mut seen = BTreeSet::new();
    for r in &rows {
        let key = (
            r.row.system.clone(),
            r.row.reader_code.clone(),
            r.row.reader_name.clone(),
        );
        if no_exit.contains(&key) && seen.insert(key) {
            caveats.push(Caveat {
                kind: CaveatKind::EntryOnlyReader,
                subject: format!("{} {}", r.row.system, r.row.reader_label()),
                detail: String::new(),
            });
        }
    }
    Ok(Extract {
        request: request.clone(),
        persons,
        rows,
        findings,
        caveats,
    })
}

/// The cards last held by these people, for finding passages that log the card
/// but no name.
fn nameless_cards_of(conn: &Connection, people: &[i64]) -> Result<Cards> {
    if people.is_empty() {
        return Ok(Cards::default());
    }
    let list = people
        .iter()
        .map(i64::to_string)
        .collect::<Vec<_>>()
        .join(",");
    let mut st = conn.prepare(&format!(
        "SELECT id FROM card WHERE person_id IN ({list})
         UNION SELECT card_id FROM card_holder WHERE person_id IN ({list}) ORDER BY 1"
    ))?;
    let ids = st
        .query_map([], |r| r.get::<_, i64>(0))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    // Only the nameless passages of these cards: the named ones are the people's own.
    Ok(Cards {
        ids,
        holders: Vec::new(),
    })
}

fn weekday_name(d: Weekday) -> &'static str {
    match d {
        Weekday::Sat => "lör/Sat",
        Weekday::Sun => "sön/Sun",
        _ => "",
    }
}

fn unique(items: impl Iterator<Item = String>) -> Vec<String> {
    let set: BTreeSet<String> = items.filter(|s| !s.is_empty()).collect();
    set.into_iter().collect()
}

/// See the module comment for the method.
pub fn usual_hours(all: &[PassageRow], windows: &[Window]) -> Option<UsualHours> {
    let outside: Vec<&PassageRow> = all
        .iter()
        .filter(|r| !windows.iter().any(|w| w.contains(r.time)))
        .collect();
    let days_of = |rows: &[&PassageRow]| -> BTreeSet<NaiveDate> {
        rows.iter().map(|r| r.time.date()).collect()
    };
    let outside_days = days_of(&outside);
    let (rows, outside_windows): (Vec<&PassageRow>, bool) =
        if outside_days.len() >= MIN_BASELINE_DAYS {
            (outside, true)
        } else {
            (all.iter().collect(), false)
        };
    let mut per_hour: [BTreeSet<NaiveDate>; 24] = Default::default();
    for r in &rows {
        per_hour[r.time.hour() as usize].insert(r.time.date());
    }
    let days = days_of(&rows).len();
    if days < MIN_DAYS {
        return None;
    }
    let usual: Vec<bool> = per_hour
        .iter()
        .map(|d| d.len() as f64 >= USUAL_SHARE * days as f64)
        .collect();
    if !usual.iter().any(|u| *u) {
        return None;
    }
    // The longest circular run of unusual hours is the gap; the rest is usual.
    let (mut best_len, mut best_start) = (0usize, 0usize);
    for start in 0..24 {
        let len = (0..24).take_while(|k| !usual[(start + k) % 24]).count();
        if len > best_len {
            best_len = len;
            best_start = start;
        }
    }
    if best_len == 0 {
        return Some(UsualHours {
            from: 0,
            to: 23,
            days,
            outside_windows,
        });
    }
    Some(UsualHours {
        from: ((best_start + best_len) % 24) as u32,
        to: ((best_start + 23) % 24) as u32,
        days,
        outside_windows,
    })
}

/// One caveat per passage system whose stored exports cover fewer days of a
/// window than the window has, and one when no export is stored at all.
fn coverage_caveats(conn: &Connection, windows: &[Window]) -> Result<Vec<Caveat>> {
    let coverage = requests::coverage(conn)?;
    let mut out = Vec::new();
    if coverage.is_empty() {
        out.push(Caveat {
            kind: CaveatKind::Coverage,
            subject: "–".into(),
            detail: "no passage exports are stored".into(),
        });
    }
    for (system, first, last) in coverage {
        for w in windows {
            let want = (w.to.date() - w.from.date()).num_days() + 1;
            let lo = w.from.date().max(first.date());
            let hi = w.to.date().min(last.date());
            let have = if hi < lo { 0 } else { (hi - lo).num_days() + 1 };
            if have < want {
                out.push(Caveat {
                    kind: CaveatKind::Coverage,
                    subject: system.clone(),
                    detail: format!(
                        "{} – {}; {w}: {have}/{want}",
                        first.format("%Y-%m-%d %H:%M"),
                        last.format("%Y-%m-%d %H:%M")
                    ),
                });
            }
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{ClockNote, Direction};

    fn row(t: &str) -> PassageRow {
        PassageRow {
            id: 0,
            time: NaiveDateTime::parse_from_str(t, "%Y-%m-%d %H:%M").unwrap(),
            utc_offset: 3600,
            system: "salto".into(),
            reader_code: String::new(),
            reader_name: "Dörr".into(),
            person: "P".into(),
            employee_id: String::new(),
            card: String::new(),
            kind: EventKind::Granted,
            event_text: String::new(),
            direction: Direction::Unknown,
            clock: ClockNote::None,
            source_file: "f".into(),
            source_row: 1,
        }
    }

    #[test]
    fn usual_hours_cover_the_routine_and_not_a_rare_night_visit() {
        let mut all = Vec::new();
        for d in 1..=20 {
            all.push(row(&format!("2026-10-{d:02} 06:50")));
            all.push(row(&format!("2026-10-{d:02} 12:10")));
            all.push(row(&format!("2026-10-{d:02} 16:20")));
        }
        all.push(row("2026-10-11 03:12"));
        let u = usual_hours(&all, &[]).unwrap();
        assert_eq!((u.from, u.to), (6, 16));
        assert!(!u.contains(3) && !u.contains(19) && u.contains(12));
    }

    #[test]
    fn usual_hours_wrap_past_midnight_for_night_shifts() {
        let mut all = Vec::new();
        for d in 1..=20 {
            all.push(row(&format!("2026-10-{d:02} 21:10")));
            all.push(row(&format!("2026-10-{d:02} 03:00")));
            all.push(row(&format!("2026-10-{d:02} 07:10")));
        }
        let u = usual_hours(&all, &[]).unwrap();
        assert_eq!((u.from, u.to), (21, 7));
        assert!(u.contains(23) && u.contains(0) && !u.contains(12));
    }

    #[test]
    fn too_few_days_give_no_usual_hours() {
        let all = vec![row("2026-10-01 07:00"), row("2026-10-02 07:00")];
        assert_eq!(usual_hours(&all, &[]), None);
    }
}
