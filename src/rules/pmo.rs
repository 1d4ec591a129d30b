//! Rules over one PMO period's rows. Some look at a row alone (time of day, action, names,
//! units, role); others need the whole period (volume and student outliers, reading without
//! writing, list bursts) or earlier periods (a user with a confirmed deviation).

use super::holidays::holiday;
use super::{Flags, Rule};
use crate::domain::pmo::{PmoAction, PmoRecord};
use crate::text::{fold, fold_key};
use chrono::{Datelike, NaiveDate, Timelike};
use std::collections::{HashMap, HashSet};

pub const AFTER_HOURS: Rule = Rule {
    id: "after_hours",
    weight: 1.0,
    sv: "Utanför skoltid (vardag före 07:00 eller efter 18:00)",
    en: "Outside school hours (weekday before 07:00 or after 18:00)",
};
pub const NIGHT: Rule = Rule {
    id: "night",
    weight: 2.0,
    sv: "Nattetid (22:00–06:00)",
    en: "At night (22:00–06:00)",
};
pub const WEEKEND_HOLIDAY: Rule = Rule {
    id: "weekend_holiday",
    weight: 1.5,
    sv: "Helg eller helgdag",
    en: "Weekend or public holiday",
};
pub const SAME_SURNAME: Rule = Rule {
    id: "same_surname",
    weight: 3.0,
    sv: "Användaren har samma efternamn som eleven (möjlig släkting)",
    en: "The user shares the student's surname (possible relative)",
};
pub const PROTECTED_IDENTITY: Rule = Rule {
    id: "protected_identity",
    weight: 3.0,
    sv: "Eleven har skyddade personuppgifter",
    en: "The student has protected identity",
};
pub const UNIT_MISMATCH: Rule = Rule {
    id: "unit_mismatch",
    weight: 1.0,
    sv: "Användaren tillhör en annan enhet än elevens skola",
    en: "The user belongs to another unit than the student's school",
};
pub const PRINT: Rule = Rule {
    id: "print",
    weight: 1.5,
    sv: "Utskrift: uppgifterna lämnar systemet",
    en: "Printed: the data left the system",
};
pub const DELETE: Rule = Rule {
    id: "delete",
    weight: 2.0,
    sv: "Radering i journalen",
    en: "Deletion in the record",
};
pub const EMERGENCY_ACCESS: Rule = Rule {
    id: "emergency_access",
    weight: 3.0,
    sv: "Nödöppning: behörighetsspärr förbigången",
    en: "Emergency opening: an access restriction was overridden",
};
pub const ROLE_MISMATCH: Rule = Rule {
    id: "role_mismatch",
    weight: 2.0,
    sv: "Yrkesrollen hör inte till journaltypen",
    en: "The role does not belong to this record type",
};
pub const VOLUME_OUTLIER: Rule = Rule {
    id: "volume_outlier",
    weight: 2.0,
    sv: "Ovanligt många elever samma dag för användaren",
    en: "Unusually many students in one day for this user",
};
pub const STUDENT_OUTLIER: Rule = Rule {
    id: "student_outlier",
    weight: 1.5,
    sv: "Eleven öppnades av ovanligt många användare",
    en: "The student was opened by unusually many users",
};
pub const READ_WITHOUT_WRITE: Rule = Rule {
    id: "read_without_write",
    weight: 1.0,
    sv: "Läst elevens journal flera dagar utan att dokumentera något",
    en: "Read the student's record on several days without documenting anything",
};
pub const LIST_BURST: Rule = Rule {
    id: "list_burst",
    weight: 0.25,
    sv: "Listvy: många elever inom några sekunder (troligen en översikt, nedviktad)",
    en: "List view: many students within seconds (probably an overview, down-weighted)",
};
pub const REPEAT_USER: Rule = Rule {
    id: "repeat_user",
    weight: 2.0,
    sv: "Användaren har en bekräftad avvikelse från en tidigare period",
    en: "The user has a confirmed deviation in an earlier period",
};
pub const RANDOM_SAMPLE: Rule = Rule {
    id: "random_sample",
    weight: 0.1,
    sv: "Stickprov: slumpvis utvald rad utan annan flagga",
    en: "Random sample: a row drawn at random among unflagged rows",
};

/// Every PMO rule, in the order reasons are listed.
pub const ALL: [&Rule; 16] = [
    &PROTECTED_IDENTITY,
    &SAME_SURNAME,
    &EMERGENCY_ACCESS,
    &DELETE,
    &PRINT,
    &ROLE_MISMATCH,
    &UNIT_MISMATCH,
    &NIGHT,
    &WEEKEND_HOLIDAY,
    &AFTER_HOURS,
    &VOLUME_OUTLIER,
    &STUDENT_OUTLIER,
    &READ_WITHOUT_WRITE,
    &REPEAT_USER,
    &LIST_BURST,
    &RANDOM_SAMPLE,
];

/// The knobs of the rules; the defaults suit a Swedish compulsory school.
#[derive(Debug, Clone)]
pub struct Thresholds {
    /// School day on weekdays, `[start, end)` hours.
    pub school_start: u32,
    pub school_end: u32,
    /// Night, from `night_start` to `night_end` hours.
    pub night_start: u32,
    pub night_end: u32,
    /// Outliers lie above `median + k · 1.4826 · MAD` of the baseline …
    pub mad_k: f64,
    /// … and above these floors.
    pub volume_floor: usize,
    pub student_floor: usize,
    /// Days with users needed before a user's own baseline counts.
    pub own_baseline_days: usize,
    /// Reading a student on this many days without writing.
    pub read_days: usize,
    /// A burst: this many distinct students within `burst_seconds`.
    pub burst_students: usize,
    pub burst_seconds: i64,
    /// Share of unflagged rows drawn for the random sample.
    pub sample_share: f64,
}

impl Default for Thresholds {
    fn default() -> Self {
        Thresholds {
            school_start: 7,
            school_end: 18,
            night_start: 22,
            night_end: 6,
            mad_k: 5.0,
            volume_floor: 15,
            student_floor: 10,
            own_baseline_days: 5,
            read_days: 3,
            burst_students: 10,
            burst_seconds: 5,
            sample_share: 0.02,
        }
    }
}

/// What the rules know beyond the rows: the period (which seeds the sample) and the users
/// with confirmed deviations in earlier periods (keys from `store::pmo::user_key`).
#[derive(Debug, Clone, Default)]
pub struct Context {
    pub unit: String,
    pub label: String,
    pub earlier_deviators: HashSet<String>,
    pub thresholds: Thresholds,
}

fn user_key(r: &PmoRecord) -> String {
    crate::store::pmo::user_key(&r.user_id, &r.user)
}

fn student_key(r: &PmoRecord) -> String {
    if r.student_id.is_empty() {
        fold(&r.student)
    } else {
        r.student_id.clone()
    }
}

/// Whether the export marks the student as protected (name replaced, or a marking word).
pub fn is_protected(student: &str) -> bool {
    let f = fold(student);
    [
        "skyddad identitet",
        "skyddade personuppgifter",
        "sekretessmarkering",
        "sekretessmarkerad",
        "skyddad folkbokforing",
    ]
    .iter()
    .any(|w| f.contains(w))
}

/// Surname parts: `Efternamn, Förnamn` or `Förnamn Efternamn`, double names split on `-`.
fn surnames(name: &str) -> Vec<String> {
    let last = match name.split_once(',') {
        Some((last, _)) => last.trim().to_owned(),
        None => name.split_whitespace().last().unwrap_or("").to_owned(),
    };
    last.split('-')
        .map(fold)
        .filter(|p| p.chars().count() >= 2)
        .collect()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Journal {
    Emi,
    Psychology,
    Counsellor,
    SpecialNeeds,
    Principal,
    Shared,
}

fn journal(record_type: &str) -> Option<Journal> {
    let f = fold(record_type);
    if f.contains("emi") || f.contains("medicinsk") || f.contains("halsojournal") {
        Some(Journal::Emi)
    } else if f.contains("psykolog") {
        Some(Journal::Psychology)
    } else if f.contains("kurator") {
        Some(Journal::Counsellor)
    } else if f.contains("specialped") {
        Some(Journal::SpecialNeeds)
    } else if f.contains("rektor") {
        Some(Journal::Principal)
    } else if f.contains("elevakt") || f.contains("elevhalsoakt") {
        Some(Journal::Shared)
    } else {
        None
    }
}

/// The journals a role works in; `None` when the role is unknown (no judgement then).
fn allowed(role: &str) -> Option<&'static [Journal]> {
    use Journal::*;
    let f = fold(role);
    if f.is_empty() {
        return None;
    }
    Some(
        if f.contains("skolskoterska") || f.contains("skollakare") || f.contains("sjukskoterska") {
            &[Emi, Shared]
        } else if f.contains("psykolog") {
            &[Psychology, Shared]
        } else if f.contains("kurator") {
            &[Counsellor, Shared]
        } else if f.contains("specialped") || f.contains("speciallarare") || f.contains("logoped") {
            &[SpecialNeeds, Shared]
        } else if f.contains("rektor") {
            &[Principal, Shared]
        } else {
            &[Shared]
        },
    )
}

fn same_unit(a: &str, b: &str) -> bool {
    let (a, b) = (fold_key(a), fold_key(b));
    a.is_empty() || b.is_empty() || a.starts_with(&b) || b.starts_with(&a)
}

/// Median and scaled median absolute deviation.
fn median_mad(values: &[usize]) -> (f64, f64) {
    fn median(v: &mut [f64]) -> f64 {
        v.sort_by(|a, b| a.total_cmp(b));
        let n = v.len();
        if n == 0 {
            0.0
        } else if n % 2 == 1 {
            v[n / 2]
        } else {
            (v[n / 2 - 1] + v[n / 2]) / 2.0
        }
    }
    let mut v: Vec<f64> = values.iter().map(|&x| x as f64).collect();
    let m = median(&mut v);
    let mut dev: Vec<f64> = v.iter().map(|x| (x - m).abs()).collect();
    (m, 1.4826 * median(&mut dev))
}

/// Evaluates every rule; the result has one [`Flags`] per row, in the rows' order.
pub fn evaluate(rows: &[PmoRecord], ctx: &Context) -> Vec<Flags> {
    let th = &ctx.thresholds;
    let mut flags = vec![Flags::default(); rows.len()];
    for (r, f) in rows.iter().zip(flags.iter_mut()) {
        row_rules(r, ctx, f);
    }
    let burst = bursts(rows, th);
    for (i, b) in burst.iter().enumerate() {
        if let Some(detail) = b {
            flags[i].add2(&LIST_BURST, detail.clone());
        }
    }
    let counted: Vec<usize> = (0..rows.len()).filter(|&i| burst[i].is_none()).collect();
    volume(rows, &counted, th, &mut flags);
    student_outliers(rows, &counted, th, &mut flags);
    read_without_write(rows, &counted, th, &mut flags);
    random_sample(rows, ctx, &mut flags);
    for f in &mut flags {
        f.hits
            .sort_by_key(|h| ALL.iter().position(|r| r.id == h.rule.id));
    }
    flags
}

fn row_rules(r: &PmoRecord, ctx: &Context, f: &mut Flags) {
    let th = &ctx.thresholds;
    let date = r.time.date();
    let hour = r.time.hour();
    let day_off = holiday(date);
    let weekend = date.weekday().number_from_monday() >= 6;
    if hour >= th.night_start || hour < th.night_end {
        f.add(&NIGHT, r.time.format("%H:%M").to_string());
    } else if !weekend && day_off.is_none() && (hour < th.school_start || hour >= th.school_end) {
        f.add(&AFTER_HOURS, r.time.format("%H:%M").to_string());
    }
    if let Some(name) = day_off {
        f.add(&WEEKEND_HOLIDAY, name);
    } else if weekend {
        let day = if date.weekday() == chrono::Weekday::Sat {
            ("lördag", "Saturday")
        } else {
            ("söndag", "Sunday")
        };
        f.add2(&WEEKEND_HOLIDAY, (day.0.to_owned(), day.1.to_owned()));
    }
    if is_protected(&r.student) {
        f.add(&PROTECTED_IDENTITY, "");
    } else {
        let theirs = surnames(&r.student);
        if let Some(shared) = surnames(&r.user).into_iter().find(|s| theirs.contains(s)) {
            f.add(&SAME_SURNAME, shared);
        }
    }
    if !same_unit(&r.user_unit, &r.student_unit) {
        f.add2(
            &UNIT_MISMATCH,
            (
                format!("{}; elevens skola {}", r.user_unit, r.student_unit),
                format!("{}; the student's school {}", r.user_unit, r.student_unit),
            ),
        );
    }
    match r.action {
        PmoAction::Print => f.add(&PRINT, ""),
        PmoAction::Delete => f.add(&DELETE, ""),
        PmoAction::Emergency => f.add(&EMERGENCY_ACCESS, ""),
        _ => {}
    }
    if let (Some(j), Some(ok)) = (journal(&r.record_type), allowed(&r.role))
        && !ok.contains(&j)
    {
        f.add2(
            &ROLE_MISMATCH,
            (
                format!("{} i {}", r.role, r.record_type),
                format!("{} in {}", r.role, r.record_type),
            ),
        );
    }
    if ctx.earlier_deviators.contains(&user_key(r)) {
        f.add(&REPEAT_USER, "");
    }
}

/// Rows in a list burst, with a description of the burst.
fn bursts(rows: &[PmoRecord], th: &Thresholds) -> Vec<Option<(String, String)>> {
    let mut out = vec![None; rows.len()];
    let mut by_user: HashMap<String, Vec<usize>> = HashMap::new();
    for (i, r) in rows.iter().enumerate() {
        by_user.entry(user_key(r)).or_default().push(i);
    }
    for idx in by_user.values_mut() {
        idx.sort_by_key(|&i| rows[i].time);
        let mut start = 0;
        for end in 0..idx.len() {
            while (rows[idx[end]].time - rows[idx[start]].time).num_seconds() > th.burst_seconds {
                start += 1;
            }
            let window = &idx[start..=end];
            let students: HashSet<String> = window.iter().map(|&i| student_key(&rows[i])).collect();
            if students.len() >= th.burst_students {
                let secs = (rows[idx[end]].time - rows[idx[start]].time).num_seconds();
                let (n, secs) = (students.len(), secs.max(1));
                let detail = (
                    format!("{n} elever på {secs} s"),
                    format!("{n} students in {secs} s"),
                );
                for &i in window {
                    out[i] = Some(detail.clone());
                }
            }
        }
    }
    // Give every row of a burst the description of its largest window.
    out
}

fn volume(rows: &[PmoRecord], counted: &[usize], th: &Thresholds, flags: &mut [Flags]) {
    let mut per_day: HashMap<(String, NaiveDate), HashSet<String>> = HashMap::new();
    for &i in counted {
        let r = &rows[i];
        per_day
            .entry((user_key(r), r.time.date()))
            .or_default()
            .insert(student_key(r));
    }
    let role_of: HashMap<String, String> = counted
        .iter()
        .map(|&i| (user_key(&rows[i]), fold(&rows[i].role)))
        .collect();
    let mut by_user: HashMap<&str, Vec<usize>> = HashMap::new();
    let mut by_role: HashMap<&str, Vec<usize>> = HashMap::new();
    for ((u, _), s) in &per_day {
        by_user.entry(u).or_default().push(s.len());
        by_role
            .entry(role_of.get(u).map_or("", String::as_str))
            .or_default()
            .push(s.len());
    }
    let limit = |u: &str| -> f64 {
        let (rm, rmad) = median_mad(&by_role[role_of.get(u).map_or("", String::as_str)]);
        let mut lim = (th.volume_floor as f64).max(rm + th.mad_k * rmad);
        let own = &by_user[u];
        if own.len() >= th.own_baseline_days {
            let (m, mad) = median_mad(own);
            lim = lim.max(m + th.mad_k * mad);
        }
        lim
    };
    let mut outliers: HashMap<(String, NaiveDate), (String, String)> = HashMap::new();
    for ((u, day), s) in &per_day {
        let lim = limit(u);
        if s.len() as f64 > lim {
            let (m, _) = median_mad(&by_user[u.as_str()]);
            outliers.insert(
                (u.clone(), *day),
                (
                    format!("{} elever {day}; vanligt {m:.0}, gräns {lim:.0}", s.len()),
                    format!(
                        "{} students on {day}; usually {m:.0}, limit {lim:.0}",
                        s.len()
                    ),
                ),
            );
        }
    }
    for &i in counted {
        if let Some(detail) = outliers.get(&(user_key(&rows[i]), rows[i].time.date())) {
            flags[i].add2(&VOLUME_OUTLIER, detail.clone());
        }
    }
}

fn student_outliers(rows: &[PmoRecord], counted: &[usize], th: &Thresholds, flags: &mut [Flags]) {
    let mut users: HashMap<String, HashSet<String>> = HashMap::new();
    for &i in counted {
        users
            .entry(student_key(&rows[i]))
            .or_default()
            .insert(user_key(&rows[i]));
    }
    let counts: Vec<usize> = users.values().map(HashSet::len).collect();
    let (m, mad) = median_mad(&counts);
    let lim = (th.student_floor as f64).max(m + th.mad_k * mad);
    for &i in counted {
        let n = users[&student_key(&rows[i])].len();
        if n as f64 > lim {
            flags[i].add2(
                &STUDENT_OUTLIER,
                (
                    format!("{n} användare; vanligt {m:.0}, gräns {lim:.0}"),
                    format!("{n} users; usually {m:.0}, limit {lim:.0}"),
                ),
            );
        }
    }
}

fn read_without_write(rows: &[PmoRecord], counted: &[usize], th: &Thresholds, flags: &mut [Flags]) {
    let mut days: HashMap<(String, String), HashSet<NaiveDate>> = HashMap::new();
    let mut wrote: HashSet<(String, String)> = HashSet::new();
    for &i in counted {
        let r = &rows[i];
        let key = (user_key(r), student_key(r));
        if r.action.documents() {
            wrote.insert(key);
        } else if r.action == PmoAction::Read {
            days.entry(key).or_default().insert(r.time.date());
        }
    }
    for &i in counted {
        let r = &rows[i];
        if r.action != PmoAction::Read {
            continue;
        }
        let key = (user_key(r), student_key(r));
        if wrote.contains(&key) {
            continue;
        }
        if let Some(d) = days.get(&key)
            && d.len() >= th.read_days
        {
            flags[i].add2(
                &READ_WITHOUT_WRITE,
                (format!("{} dagar", d.len()), format!("{} days", d.len())),
            );
        }
    }
}

/// FNV-1a: a stable hash, so the same period draws the same sample in every version.
fn fnv(parts: &[&str]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for p in parts {
        for b in p.bytes().chain(std::iter::once(0x1f)) {
            h ^= b as u64;
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    }
    h
}

/// Draws the sample among rows no other rule flagged, seeded by the period, so the same
/// period always gives the same rows whatever order they were imported in.
fn random_sample(rows: &[PmoRecord], ctx: &Context, flags: &mut [Flags]) {
    let mut pool: Vec<(u64, usize)> = (0..rows.len())
        .filter(|&i| flags[i].hits.is_empty())
        .map(|i| {
            let r = &rows[i];
            let t = r.time.format("%Y-%m-%dT%H:%M:%S").to_string();
            let key = fnv(&[
                &ctx.unit,
                &ctx.label,
                &t,
                &r.user_id,
                &r.user,
                &r.student_id,
                &r.record_type,
                &r.document,
                &r.action_text,
            ]);
            (key, i)
        })
        .collect();
    if pool.is_empty() || ctx.thresholds.sample_share <= 0.0 {
        return;
    }
    pool.sort_unstable();
    let n = ((pool.len() as f64 * ctx.thresholds.sample_share).ceil() as usize).max(1);
    let pct = ctx.thresholds.sample_share * 100.0;
    for &(_, i) in pool.iter().take(n) {
        flags[i].add(&RANDOM_SAMPLE, format!("{pct:.0} %"));
    }
}

#[cfg(test)]
mod tests;
