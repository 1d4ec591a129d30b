//! Times as people type them, in every face alike: dates, times, both, and the
//! shortcuts an incident calls for. One parser, so `22.00` means 22:00 in a filter
//! and in `--from`, and input that does not parse whole is refused, never half used.
//!
//! What it reads (case and diacritics ignored, `kl`/`kl.` before a time allowed):
//! - dates: `2026-10-14`, `20261014`, `14.10.2026`, `14/10/2026`, `14-10-2026`,
//!   `14/10`, `14 okt`, `14 oktober 2026`, `Oct 14 2026`; a date without a year is the
//!   latest such date that is not after today;
//! - times: `22:00`, `22.00`, `22:00:05`, `22.00.05`, and an hour alone (`22`) after a
//!   date or a day word, or after `kl`; a time without a date is the latest such
//!   time that is not after now (an end given as a time alone follows its start);
//! - day words: `idag`/`today`, `igår`/`yesterday`, `i förrgår`, `nu`/`now`, each with
//!   an optional time (`igår 22`);
//! - relative: `-24h`, `-7d`, `-30m`, `-2w` (`-2v`), also written `-7 dagar`, `-3 tim`.
//!
//! A date alone covers the whole day: as a start it is 00:00:00, as an end 23:59:59.
//! Any other time is the instant written (seconds 00 when not given).

use crate::i18n::when::WhenText;
use crate::i18n::{Lang, fill};
use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime, NaiveTime};
use std::fmt;

/// Which end of a window a typed time is for: a bare date means the start of
/// that day for `From` and its last second for `To`, so `--to` is inclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimeSpec {
    From,
    To,
}

/// What was written, beside the time it means: a window needs to know whether an
/// end was a time alone (then it follows the start) or a date alone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Typed {
    pub at: NaiveDateTime,
    /// Only a date was given (or a day word): the time covers the whole day.
    pub date_only: bool,
    /// Only a time of day was given; the date was taken from the clock.
    pub time_only: bool,
}

/// A window as typed: both ends optional, the start never after the end.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct TypedWindow {
    pub from: Option<NaiveDateTime>,
    pub to: Option<NaiveDateTime>,
}

/// Why a typed time was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TimeError {
    /// Not any form of time this parser reads.
    NotATime(String),
    /// A date that does not exist (`31/2`, `2026-13-01`).
    NoSuchDate(String),
    /// A number alone: an hour, a day or a year? Write it so that it is clear.
    BareNumber(String),
    /// A relative time reaching past what a calendar holds.
    TooFarBack(String),
    /// The window's start is after its end.
    Reversed { from: String, to: String },
}

impl TimeError {
    /// The refusal in the user's language, quoting what they wrote.
    pub fn text(&self, lang: Lang) -> String {
        match self {
            TimeError::NotATime(t) => fill(WhenText::NotATime.text(lang), &[t]),
            TimeError::NoSuchDate(t) => fill(WhenText::NoSuchDate.text(lang), &[t]),
            TimeError::BareNumber(t) => fill(WhenText::BareNumber.text(lang), &[t, t, t]),
            TimeError::TooFarBack(t) => fill(WhenText::TooFarBack.text(lang), &[t]),
            TimeError::Reversed { from, to } => fill(WhenText::Reversed.text(lang), &[from, to]),
        }
    }
}

impl fmt::Display for TimeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text(Lang::En))
    }
}

impl std::error::Error for TimeError {}

/// Reads one typed time for one end of a window, relative to `now`.
pub fn parse_time(
    text: &str,
    now: NaiveDateTime,
    end: TimeSpec,
) -> Result<NaiveDateTime, TimeError> {
    let typed = parse_typed(text, now)?;
    Ok(if typed.date_only && end == TimeSpec::To {
        last_second(typed.at.date())
    } else {
        typed.at
    })
}

/// The same as [`parse_time`], with the refusal as English text.
pub fn parse_time_spec(
    text: &str,
    now: NaiveDateTime,
    end: TimeSpec,
) -> Result<NaiveDateTime, String> {
    parse_time(text, now, end).map_err(|e| e.to_string())
}

/// Reads a window's two ends (either may be empty). An end given as a time alone
/// follows the start: `22.00`–`06.00` is one night, whatever the clock says now.
pub fn parse_window(
    from: Option<&str>,
    to: Option<&str>,
    now: NaiveDateTime,
) -> Result<TypedWindow, TimeError> {
    let from_text = given(from);
    let to_text = given(to);
    let from = from_text.map(|t| parse_typed(t, now)).transpose()?;
    let to = to_text.map(|t| parse_typed(t, now)).transpose()?;
    let from_at = from.map(|f| f.at);
    let to_at = to.map(|t| {
        let mut at = if t.date_only {
            last_second(t.at.date())
        } else {
            t.at
        };
        if let Some(f) = from_at
            && t.time_only
        {
            // The end's date is the start's, or the next day when the hour comes round again.
            at = f.date().and_time(t.at.time());
            if at < f {
                at += Duration::days(1);
            }
        }
        at
    });
    if let (Some(f), Some(t)) = (from_at, to_at)
        && f > t
    {
        return Err(TimeError::Reversed {
            from: from_text.unwrap_or_default().to_owned(),
            to: to_text.unwrap_or_default().to_owned(),
        });
    }
    Ok(TypedWindow {
        from: from_at,
        to: to_at,
    })
}

fn given(s: Option<&str>) -> Option<&str> {
    s.map(str::trim).filter(|s| !s.is_empty())
}

/// Reads a typed time as written: the instant and whether a date or a time was left out.
pub fn parse_typed(text: &str, now: NaiveDateTime) -> Result<Typed, TimeError> {
    let original = text.trim();
    let not_a_time = || TimeError::NotATime(original.to_owned());
    if original.is_empty() {
        return Err(not_a_time());
    }
    let lower = original.to_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty())
        .collect();
    if words.first().is_some_and(|w| w.starts_with('-')) {
        return relative(original, &words.concat(), now).map(|at| Typed {
            at,
            date_only: false,
            time_only: false,
        });
    }
    let mut words: Vec<&str> = words;
    if let [one] = words.as_slice()
        && let Some((date, time)) = one.split_once('t')
        && date.len() >= 8
        && date.as_bytes()[0].is_ascii_digit()
    {
        // ISO 8601: 2026-10-14T22:00[:05]
        words = vec![date, time];
    }
    let mut date: Option<NaiveDate> = None;
    let mut time: Option<NaiveTime> = None;
    let mut i = 0;
    while i < words.len() {
        let w = words[i];
        let rest = &words[i + 1..];
        let next_is_time = rest
            .iter()
            .find(|w| !is_kl(w))
            .is_some_and(|w| clock(w).is_some() || hour(w).is_some());
        if is_kl(w) {
            let Some(t) = rest.first().and_then(|w| clock(w).or_else(|| hour(w))) else {
                return Err(not_a_time());
            };
            set(&mut time, t, original)?;
            i += 2;
            continue;
        }
        if let Some((d, used)) = day_word(&words[i..], now.date()) {
            set(&mut date, d, original)?;
            i += used;
            continue;
        }
        if matches!(w, "nu" | "now") {
            set(&mut date, now.date(), original)?;
            set(&mut time, now.time(), original)?;
            i += 1;
            continue;
        }
        if let Some((d, used)) = named_month_date(&words[i..], now.date(), original)? {
            set(&mut date, d, original)?;
            i += used;
            continue;
        }
        // `14.10` alone is a time (14:10); before a time it is a day and month.
        if let Some(d) = numeric_date(
            w,
            now.date(),
            date.is_none() && (time.is_none() && next_is_time),
            original,
        )? {
            set(&mut date, d, original)?;
            i += 1;
            continue;
        }
        if let Some(t) = clock(w) {
            set(&mut time, t, original)?;
            i += 1;
            continue;
        }
        if let Some(t) = hour(w) {
            // An hour alone only after a date: `2026-10-14 22`, `igår 22`.
            if date.is_none() || time.is_some() {
                return Err(if words.len() == 1 {
                    TimeError::BareNumber(original.to_owned())
                } else {
                    not_a_time()
                });
            }
            time = Some(t);
            i += 1;
            continue;
        }
        return Err(
            if words.len() == 1 && w.bytes().all(|b| b.is_ascii_digit()) {
                TimeError::BareNumber(original.to_owned())
            } else {
                not_a_time()
            },
        );
    }
    match (date, time) {
        (Some(d), Some(t)) => Ok(Typed {
            at: d.and_time(t),
            date_only: false,
            time_only: false,
        }),
        (Some(d), None) => Ok(Typed {
            at: d.and_time(NaiveTime::MIN),
            date_only: true,
            time_only: false,
        }),
        (None, Some(t)) => {
            let today = now.date().and_time(t);
            Ok(Typed {
                at: if today > now {
                    today - Duration::days(1)
                } else {
                    today
                },
                date_only: false,
                time_only: true,
            })
        }
        (None, None) => Err(not_a_time()),
    }
}

fn last_second(d: NaiveDate) -> NaiveDateTime {
    d.and_time(NaiveTime::from_hms_opt(23, 59, 59).expect("23:59:59 is a time"))
}

/// Sets a part once; the same part twice (`14 okt 15 okt`) is not a time.
fn set<T>(slot: &mut Option<T>, value: T, original: &str) -> Result<(), TimeError> {
    if slot.is_some() {
        return Err(TimeError::NotATime(original.to_owned()));
    }
    *slot = Some(value);
    Ok(())
}

fn is_kl(w: &str) -> bool {
    matches!(w, "kl" | "kl." | "klockan" | "at")
}

fn number(w: &str) -> Option<u32> {
    if w.is_empty() || w.len() > 9 || !w.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    w.parse().ok()
}

/// `22`, `7`, `07`: an hour of the day.
fn hour(w: &str) -> Option<NaiveTime> {
    if w.len() > 2 {
        return None;
    }
    NaiveTime::from_hms_opt(number(w)?, 0, 0)
}

/// `22:00`, `22.00`, `22:00:05`, `22.00.05`, `7.05`.
fn clock(w: &str) -> Option<NaiveTime> {
    let sep = if w.contains(':') { ':' } else { '.' };
    let parts: Vec<&str> = w.split(sep).collect();
    if !(2..=3).contains(&parts.len())
        || parts[0].len() > 2
        || parts[1..].iter().any(|p| p.len() != 2)
    {
        return None;
    }
    let h = number(parts[0])?;
    let m = number(parts[1])?;
    let s = parts.get(2).map_or(Some(0), |p| number(p))?;
    NaiveTime::from_hms_opt(h, m, s)
}

/// `idag`, `today`, `igår`, `yesterday`, `i förrgår`: a date, and how many words it took.
fn day_word(words: &[&str], today: NaiveDate) -> Option<(NaiveDate, usize)> {
    let back = |days| today.checked_sub_signed(Duration::days(days));
    match words {
        ["i", "dag", ..] => Some((today, 2)),
        ["i", "går" | "gar", ..] => Some((back(1)?, 2)),
        ["i", "förrgår" | "forrgar", ..] => Some((back(2)?, 2)),
        [w, ..] => match *w {
            "idag" | "today" => Some((today, 1)),
            "igår" | "igar" | "yesterday" => Some((back(1)?, 1)),
            "förrgår" | "forrgar" | "iförrgår" | "iforrgar" => Some((back(2)?, 1)),
            _ => None,
        },
        [] => None,
    }
}

/// A month by its Swedish or English name or abbreviation.
pub fn month_of(w: &str) -> Option<u32> {
    let w = w.trim_end_matches('.');
    const MONTHS: [(&[&str], u32); 12] = [
        (&["jan", "januari", "january"], 1),
        (&["feb", "febr", "februari", "february"], 2),
        (&["mar", "mars", "march"], 3),
        (&["apr", "april"], 4),
        (&["maj", "may"], 5),
        (&["jun", "juni", "june"], 6),
        (&["jul", "juli", "july"], 7),
        (&["aug", "augusti", "august"], 8),
        (&["sep", "sept", "september"], 9),
        (&["okt", "oktober", "oct", "october"], 10),
        (&["nov", "november"], 11),
        (&["dec", "december"], 12),
    ];
    MONTHS
        .iter()
        .find(|(names, _)| names.contains(&w))
        .map(|(_, m)| *m)
}

fn year_of(w: &str) -> Option<i32> {
    (w.len() == 4)
        .then(|| number(w))
        .flatten()
        .map(|y| y as i32)
}

/// `14 okt`, `14 oktober 2026`, `14. okt`, `Oct 14 2026`: a date and the words it took.
fn named_month_date(
    words: &[&str],
    today: NaiveDate,
    original: &str,
) -> Result<Option<(NaiveDate, usize)>, TimeError> {
    let day_of = |w: &str| {
        let w = w.trim_end_matches('.');
        (w.len() <= 2).then(|| number(w)).flatten()
    };
    let (day, month, used) = match words {
        [d, m, ..] if day_of(d).is_some() && month_of(m).is_some() => (day_of(d), month_of(m), 2),
        [m, d, ..] if month_of(m).is_some() && day_of(d).is_some() => (day_of(d), month_of(m), 2),
        _ => return Ok(None),
    };
    let (Some(day), Some(month)) = (day, month) else {
        return Ok(None);
    };
    let year = words.get(used).and_then(|w| year_of(w));
    let used = used + usize::from(year.is_some());
    let date = match year {
        Some(y) => NaiveDate::from_ymd_opt(y, month, day),
        None => latest(today, month, day),
    }
    .ok_or_else(|| TimeError::NoSuchDate(original.to_owned()))?;
    Ok(Some((date, used)))
}

/// The latest `day`/`month` that is not after `today`.
fn latest(today: NaiveDate, month: u32, day: u32) -> Option<NaiveDate> {
    let this_year = NaiveDate::from_ymd_opt(today.year(), month, day);
    match this_year {
        Some(d) if d <= today => Some(d),
        // 29 February in a year without one: the last year that has it.
        _ => (1..=8).find_map(|back| NaiveDate::from_ymd_opt(today.year() - back, month, day)),
    }
}

/// `2026-10-14`, `20261014`, `14.10.2026`, `14/10/2026`, `14-10-2026`, `14/10`, and
/// `14.10` when `dotted_day_month` (a time follows, so it cannot be 14:10).
fn numeric_date(
    w: &str,
    today: NaiveDate,
    dotted_day_month: bool,
    original: &str,
) -> Result<Option<NaiveDate>, TimeError> {
    let no_such = || TimeError::NoSuchDate(original.to_owned());
    if w.len() == 8 && w.bytes().all(|b| b.is_ascii_digit()) {
        let (y, m, d) = (number(&w[..4]), number(&w[4..6]), number(&w[6..]));
        return match (y, m, d) {
            (Some(y), Some(m), Some(d)) => NaiveDate::from_ymd_opt(y as i32, m, d)
                .map(Some)
                .ok_or_else(no_such),
            _ => Ok(None),
        };
    }
    let Some(sep) = ['-', '/', '.'].into_iter().find(|&s| w.contains(s)) else {
        return Ok(None);
    };
    let parts: Vec<&str> = w.split(sep).collect();
    if parts.iter().any(|p| number(p).is_none()) {
        return Ok(None);
    }
    let n = |i: usize| number(parts[i]).unwrap_or(0);
    let date = match parts.as_slice() {
        [y, _, _] if y.len() == 4 => NaiveDate::from_ymd_opt(n(0) as i32, n(1), n(2)),
        [d, m, y] if d.len() <= 2 && m.len() <= 2 && y.len() == 4 => {
            NaiveDate::from_ymd_opt(n(2) as i32, n(1), n(0))
        }
        [d, m]
            if d.len() <= 2 && m.len() <= 2 && (sep == '/' || (sep == '.' && dotted_day_month)) =>
        {
            latest(today, n(1), n(0))
        }
        _ => return Ok(None),
    };
    date.map(Some).ok_or_else(no_such)
}

/// `-24h`, `-7d`, `-30m`, `-2w`, `-7dagar`: that long before `now`.
fn relative(original: &str, joined: &str, now: NaiveDateTime) -> Result<NaiveDateTime, TimeError> {
    let not_a_time = || TimeError::NotATime(original.to_owned());
    let rel = joined.strip_prefix('-').ok_or_else(not_a_time)?;
    let split = rel.find(|c: char| !c.is_ascii_digit()).unwrap_or(rel.len());
    let (num, unit) = rel.split_at(split);
    let n: i64 = num.parse().map_err(|_| not_a_time())?;
    let d = match unit {
        "m" | "min" | "minuter" | "minutes" => Duration::try_minutes(n),
        "h" | "t" | "tim" | "timmar" | "hours" => Duration::try_hours(n),
        "d" | "dag" | "dagar" | "days" => Duration::try_days(n),
        "w" | "v" | "veckor" | "vecka" | "weeks" => Duration::try_weeks(n),
        _ => return Err(not_a_time()),
    };
    // A typed count can reach past what a date can hold (found by fuzzing).
    d.and_then(|d| now.checked_sub_signed(d))
        .ok_or_else(|| TimeError::TooFarBack(original.to_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn at(s: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S").unwrap()
    }

    /// 2026-12-01 is a Tuesday; the clock reads 10:00.
    fn now() -> NaiveDateTime {
        at("2026-12-01 10:00:00")
    }

    fn from(s: &str) -> Result<NaiveDateTime, TimeError> {
        parse_time(s, now(), TimeSpec::From)
    }

    fn to(s: &str) -> Result<NaiveDateTime, TimeError> {
        parse_time(s, now(), TimeSpec::To)
    }

    #[test]
    fn a_date_alone_covers_the_whole_day_as_an_end() {
        assert_eq!(from("2026-10-14"), Ok(at("2026-10-14 00:00:00")));
        assert_eq!(to("2026-10-14"), Ok(at("2026-10-14 23:59:59")));
        assert_eq!(to("2026-10-14 07:52"), Ok(at("2026-10-14 07:52:00")));
        assert_eq!(to("14 okt"), Ok(at("2026-10-14 23:59:59")));
    }

    #[test]
    fn swedish_times_with_a_dot_are_times_not_whole_days() {
        assert_eq!(from("2026-10-14 22.00"), Ok(at("2026-10-14 22:00:00")));
        assert_eq!(to("2026-10-14 22.00"), Ok(at("2026-10-14 22:00:00")));
        assert_eq!(from("2026-10-14 22.00.05"), Ok(at("2026-10-14 22:00:05")));
        assert_eq!(from("2026-10-14 kl. 22.00"), Ok(at("2026-10-14 22:00:00")));
    }

    #[test]
    fn every_form_the_users_write_is_read() {
        let cases = [
            ("2026-10-14 22", "2026-10-14 22:00:00"),
            ("2026-10-14T22:00", "2026-10-14 22:00:00"),
            ("2026-10-14T22:00:05", "2026-10-14 22:00:05"),
            ("20261014", "2026-10-14 00:00:00"),
            ("14.10.2026 22:00", "2026-10-14 22:00:00"),
            ("14/10/2026", "2026-10-14 00:00:00"),
            ("14-10-2026 06.30", "2026-10-14 06:30:00"),
            ("14/10 22.00", "2026-10-14 22:00:00"),
            ("14.10 22.00", "2026-10-14 22:00:00"),
            ("14 okt 22:00", "2026-10-14 22:00:00"),
            ("14 Okt. 2025 kl 7", "2025-10-14 07:00:00"),
            ("14 oktober, 22.00", "2026-10-14 22:00:00"),
            ("Oct 14 2026 22:00", "2026-10-14 22:00:00"),
            ("igår 22", "2026-11-30 22:00:00"),
            ("Igår kl 22.30", "2026-11-30 22:30:00"),
            ("i går 06", "2026-11-30 06:00:00"),
            ("yesterday 22:00", "2026-11-30 22:00:00"),
            ("idag", "2026-12-01 00:00:00"),
            ("i förrgår", "2026-11-29 00:00:00"),
            ("22:00", "2026-11-30 22:00:00"),
            ("22.00", "2026-11-30 22:00:00"),
            ("09.15", "2026-12-01 09:15:00"),
            ("kl 22", "2026-11-30 22:00:00"),
            ("-24h", "2026-11-30 10:00:00"),
            ("-7d", "2026-11-24 10:00:00"),
            ("-7 dagar", "2026-11-24 10:00:00"),
            ("-30m", "2026-12-01 09:30:00"),
            ("-2v", "2026-11-17 10:00:00"),
            ("nu", "2026-12-01 10:00:00"),
        ];
        for (text, want) in cases {
            assert_eq!(from(text), Ok(at(want)), "{text}");
        }
    }

    #[test]
    fn a_date_without_a_year_is_the_latest_one_not_after_today() {
        // 14 December has not come yet on 1 December 2026: last year's.
        assert_eq!(from("14/12"), Ok(at("2025-12-14 00:00:00")));
        assert_eq!(from("1 dec"), Ok(at("2026-12-01 00:00:00")));
        assert_eq!(
            parse_time("29/2", at("2027-03-01 00:00:00"), TimeSpec::From),
            Ok(at("2024-02-29 00:00:00"))
        );
    }

    #[test]
    fn input_that_does_not_parse_whole_is_refused() {
        for text in [
            "2026-10-14 22.00 x",
            "2026-10-14 nonsense",
            "14 okt 15 okt",
            "22:00 23:00",
            "soon",
            "2026-10-14 25",
            "2026-10-14 22:61",
            "kl",
            "-7x",
            "",
            "   ",
            "22:00:00:00",
        ] {
            assert!(from(text).is_err(), "{text:?} was read as {:?}", from(text));
        }
        assert_eq!(
            from("2026-13-01"),
            Err(TimeError::NoSuchDate("2026-13-01".into()))
        );
        assert_eq!(from("31/2"), Err(TimeError::NoSuchDate("31/2".into())));
    }

    #[test]
    fn a_number_alone_asks_what_it_is() {
        let e = from("22").unwrap_err();
        assert_eq!(e, TimeError::BareNumber("22".into()));
        assert!(e.text(Lang::Sv).contains("kl 22"), "{}", e.text(Lang::Sv));
        assert!(e.to_string().contains("22:00"), "{e}");
    }

    #[test]
    fn refusals_are_in_the_users_language() {
        let e = from("14 okto").unwrap_err();
        assert!(
            e.text(Lang::Sv).starts_with("\"14 okto\" är ingen tid"),
            "{}",
            e.text(Lang::Sv)
        );
        assert!(
            e.to_string().starts_with("\"14 okto\" is not a time"),
            "{e}"
        );
    }

    #[test]
    fn relative_time_too_far_back_is_an_error_not_a_panic() {
        for text in ["-2033602032d", "-99999999999999w", "-9223372036854775807m"] {
            let e = from(text).unwrap_err();
            assert!(matches!(e, TimeError::TooFarBack(_)), "{text}: {e}");
        }
    }

    #[test]
    fn a_night_typed_as_two_times_is_one_night() {
        let w = parse_window(Some("22.00"), Some("06.00"), now()).unwrap();
        assert_eq!(w.from, Some(at("2026-11-30 22:00:00")));
        assert_eq!(w.to, Some(at("2026-12-01 06:00:00")));
        let w = parse_window(Some("2026-10-14 22.00"), Some("06.00"), now()).unwrap();
        assert_eq!(w.to, Some(at("2026-10-15 06:00:00")));
        let w = parse_window(Some("14 okt 22:00"), Some("15 okt 06:00"), now()).unwrap();
        assert_eq!(w.from, Some(at("2026-10-14 22:00:00")));
        assert_eq!(w.to, Some(at("2026-10-15 06:00:00")));
    }

    #[test]
    fn a_window_ending_before_it_begins_is_refused_once_for_every_face() {
        let e = parse_window(Some("2026-10-15"), Some("2026-10-14"), now()).unwrap_err();
        assert_eq!(
            e,
            TimeError::Reversed {
                from: "2026-10-15".into(),
                to: "2026-10-14".into()
            }
        );
        assert!(e.text(Lang::Sv).contains("byt plats"));
        let w = parse_window(Some("2026-10-14"), Some("2026-10-14"), now()).unwrap();
        assert_eq!(w.to, Some(at("2026-10-14 23:59:59")));
        assert_eq!(
            parse_window(None, Some(" "), now()),
            Ok(TypedWindow::default())
        );
    }

    proptest! {
        #[test]
        fn any_text_is_read_or_refused_without_panicking(s in "\\PC{0,24}") {
            let _ = parse_typed(&s, now());
        }

        #[test]
        fn written_forms_read_back_as_the_time_they_write(
            y in 1990i32..2100, mo in 1u32..=12, d in 1u32..=28, h in 0u32..24, mi in 0u32..60, s in 0u32..60,
        ) {
            let t = NaiveDate::from_ymd_opt(y, mo, d).unwrap().and_hms_opt(h, mi, s).unwrap();
            let forms = [
                t.format("%Y-%m-%d %H:%M:%S").to_string(),
                t.format("%Y-%m-%dT%H:%M:%S").to_string(),
                t.format("%Y-%m-%d %H.%M.%S").to_string(),
                t.format("%d.%m.%Y %H:%M:%S").to_string(),
                t.format("%d/%m/%Y kl %H.%M.%S").to_string(),
            ];
            for f in forms {
                prop_assert_eq!(from(&f), Ok(t), "{}", f);
                // Anything after a time that reads whole makes it not a time.
                prop_assert!(from(&format!("{f} x")).is_err(), "{} x", f);
            }
        }
    }
}
