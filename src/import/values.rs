//! Typed values from export cells: dates and times in the forms exports use
//! (ISO, day or month first, 12- or 24-hour clocks, Swedish `HH.MM`), Excel serial
//! numbers and date cells, directions.

use crate::domain::Direction;
use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime, NaiveTime, Timelike};

/// One cell as a reader hands it over, before any field-specific parsing.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Empty,
    Text(String),
    Number(f64),
    DateTime(NaiveDateTime),
}

impl Cell {
    pub fn is_empty(&self) -> bool {
        match self {
            Cell::Empty => true,
            Cell::Text(s) => s.trim().is_empty(),
            _ => false,
        }
    }

    /// The cell as text, the way a person reading the export would see it.
    pub fn to_text(&self) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Text(s) => s.clone(),
            Cell::Number(n) if n.fract() == 0.0 && n.abs() < 1e15 => format!("{}", *n as i64),
            Cell::Number(n) => n.to_string(),
            Cell::DateTime(t) if t.time() == NaiveTime::MIN => t.format("%Y-%m-%d").to_string(),
            Cell::DateTime(t) if t.date() == excel_epoch() => t.format("%H:%M:%S").to_string(),
            Cell::DateTime(t) => t.format("%Y-%m-%d %H:%M:%S").to_string(),
        }
    }
}

/// How a date that does not start with its year is read: `03/11/2026` is
/// 3 November day first (`dmy`), March 11 month first (`mdy`); `ymd` accepts only
/// dates that start with the year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DateOrder {
    Dmy,
    Mdy,
    Ymd,
}

impl DateOrder {
    pub fn as_str(self) -> &'static str {
        match self {
            DateOrder::Dmy => "dmy",
            DateOrder::Mdy => "mdy",
            DateOrder::Ymd => "ymd",
        }
    }

    pub fn parse(s: &str) -> Option<DateOrder> {
        match s.trim().to_ascii_lowercase().as_str() {
            "dmy" | "dd/mm/yyyy" | "day" => Some(DateOrder::Dmy),
            "mdy" | "mm/dd/yyyy" | "month" => Some(DateOrder::Mdy),
            "ymd" | "yyyy-mm-dd" | "iso" => Some(DateOrder::Ymd),
            _ => None,
        }
    }
}

/// What a date's text says about the order it was written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateShape {
    /// `2026-10-14`: the year first, never ambiguous.
    YearFirst,
    /// The first number is above 12, so it is the day.
    DayFirst,
    /// The second number is above 12, so the first is the month.
    MonthFirst,
    /// Both numbers could be the month; `sep` is what separates them.
    Ambiguous { sep: u8 },
    /// Both numbers are the same: either order reads the same date.
    Either,
}

/// The shape of the date at the start of `s`, when it looks like one.
pub fn date_shape(s: &str) -> Option<DateShape> {
    let b = s.trim().as_bytes();
    if b.len() >= 8 && b[..4].iter().all(u8::is_ascii_digit) && matches!(b[4], b'-' | b'/' | b'.') {
        return Some(DateShape::YearFirst);
    }
    let first_sep = b.iter().position(|c| !c.is_ascii_digit())?;
    if !(1..=2).contains(&first_sep) || !matches!(b[first_sep], b'.' | b'/' | b'-') {
        return None;
    }
    let sep = b[first_sep];
    let a = digits(&b[..first_sep])?;
    let second_end = b[first_sep + 1..].iter().position(|&c| c == sep)? + first_sep + 1;
    let m = digits(&b[first_sep + 1..second_end])?;
    let year_len = b[second_end + 1..]
        .iter()
        .take_while(|c| c.is_ascii_digit())
        .count();
    if year_len != 4 || a == 0 || m == 0 || a > 31 || m > 31 {
        return None;
    }
    Some(match (a > 12, m > 12) {
        (true, false) => DateShape::DayFirst,
        (false, true) => DateShape::MonthFirst,
        (false, false) if a == m => DateShape::Either,
        (false, false) => DateShape::Ambiguous { sep },
        (true, true) => return None,
    })
}

fn excel_epoch() -> NaiveDate {
    NaiveDate::from_ymd_opt(1899, 12, 30).expect("valid constant date")
}

/// Converts an Excel serial number (days since 1899-12-30, fraction = time of day).
pub fn from_excel_serial(serial: f64) -> Option<NaiveDateTime> {
    // Serials outside 1900..=9999 are not dates anyone exported.
    if !(1.0..2_958_466.0).contains(&serial) {
        return None;
    }
    let millis = (serial * 86_400_000.0).round() as i64;
    excel_epoch()
        .and_time(NaiveTime::MIN)
        .checked_add_signed(Duration::milliseconds(millis))
        .map(round_to_second)
}

fn round_to_second(t: NaiveDateTime) -> NaiveDateTime {
    let nanos = t.nanosecond();
    let base = t.with_nanosecond(0).expect("zero nanoseconds is valid");
    if nanos >= 500_000_000 {
        base + Duration::seconds(1)
    } else {
        base
    }
}

/// Parses a date with an optional time of day from a cell, day first.
pub fn parse_datetime(cell: &Cell) -> Option<NaiveDateTime> {
    parse_datetime_in(cell, DateOrder::Dmy)
}

/// [`parse_datetime`] reading dates that do not start with the year in `order`.
pub fn parse_datetime_in(cell: &Cell, order: DateOrder) -> Option<NaiveDateTime> {
    match cell {
        Cell::DateTime(t) => Some(round_to_second(*t)),
        Cell::Number(n) => from_excel_serial(*n),
        Cell::Text(s) => parse_datetime_text_in(s, order),
        Cell::Empty => None,
    }
}

/// Parses a date (any time of day in the cell is dropped).
pub fn parse_date(cell: &Cell) -> Option<NaiveDate> {
    parse_datetime(cell).map(|t| t.date())
}

/// [`parse_date`] in `order`.
pub fn parse_date_in(cell: &Cell, order: DateOrder) -> Option<NaiveDate> {
    parse_datetime_in(cell, order).map(|t| t.date())
}

/// Parses a time of day from a cell: text, an Excel time fraction or a time cell.
pub fn parse_time(cell: &Cell) -> Option<NaiveTime> {
    match cell {
        Cell::DateTime(t) => Some(round_to_second(*t).time()),
        Cell::Number(n) if (0.0..1.0).contains(n) => {
            let secs = (n * 86_400.0).round() as u32;
            NaiveTime::from_num_seconds_from_midnight_opt(secs.min(86_399), 0)
        }
        Cell::Number(_) | Cell::Empty => None,
        Cell::Text(s) => {
            let s = s.trim();
            parse_time_text(s).and_then(|(t, rest)| rest.trim().is_empty().then_some(t))
        }
    }
}

/// Reads text dates: `2026-10-14`, `2026-10-14 07:52[:13[.123]]`, `2026-10-14T07:52:13`,
/// `14.10.2026 07:52`, `14.10.2026 kl. 07.52`, `14/10/2026`, `2026/10/14`, with the
/// time on a 24-hour clock or a 12-hour one (`2:05:09 PM`). A trailing `Z` or
/// `+01:00` marks UTC or an offset, converted to Swedish wall-clock time like the
/// rest. Dates that do not start with the year are read day first.
pub fn parse_datetime_text(s: &str) -> Option<NaiveDateTime> {
    parse_datetime_text_in(s, DateOrder::Dmy)
}

/// [`parse_datetime_text`] reading dates that do not start with the year in `order`.
pub fn parse_datetime_text_in(s: &str, order: DateOrder) -> Option<NaiveDateTime> {
    let s = s.trim();
    let (date, rest) = parse_date_prefix(s, order)?;
    let rest = rest.trim_start_matches(['T', ' ', ',']);
    let rest = rest
        .strip_prefix("kl.")
        .or_else(|| rest.strip_prefix("kl "))
        .map_or(rest, str::trim_start);
    if rest.is_empty() {
        return Some(date.and_time(NaiveTime::MIN));
    }
    let (time, rest) = parse_time_text(rest)?;
    let local = date.and_time(time);
    match rest.trim() {
        "" => Some(local),
        "Z" | "z" | "UTC" => Some(utc_to_swedish(local)),
        offset => {
            let minutes = parse_offset(offset)?;
            Some(utc_to_swedish(local - Duration::minutes(minutes)))
        }
    }
}

fn digits(s: &[u8]) -> Option<u32> {
    if s.is_empty() || !s.iter().all(u8::is_ascii_digit) {
        return None;
    }
    s.iter().try_fold(0u32, |acc, d| {
        acc.checked_mul(10)?.checked_add(u32::from(d - b'0'))
    })
}

/// A day and a month written as a word, in either order, then a four-digit year:
/// `14-okt-2026`, `14 okt. 2026`, `14. oktober 2026`, `Oct 14, 2026`, `14-Oct-2026`.
fn named_month_date(s: &str) -> Option<(NaiveDate, &str)> {
    const SEP: [char; 4] = ['-', ' ', '.', ','];
    fn day(s: &str) -> Option<(u32, &str)> {
        let n = s.bytes().take_while(u8::is_ascii_digit).count();
        (1..=2).contains(&n).then_some(())?;
        Some((s[..n].parse().ok()?, &s[n..]))
    }
    fn month(s: &str) -> Option<(u32, &str)> {
        let n: usize = s
            .chars()
            .take_while(|c| c.is_alphabetic())
            .map(char::len_utf8)
            .sum();
        let m = crate::domain::month_of(&s[..n].to_lowercase())?;
        Some((m, &s[n..]))
    }
    fn separated(rest: &str) -> Option<&str> {
        let trimmed = rest.trim_start_matches(SEP);
        (trimmed.len() < rest.len()).then_some(trimmed)
    }
    let (d, m, rest) = if s.starts_with(|c: char| c.is_ascii_digit()) {
        let (d, rest) = day(s)?;
        let (m, rest) = month(separated(rest)?)?;
        (d, m, rest)
    } else {
        let (m, rest) = month(s)?;
        let (d, rest) = day(separated(rest)?)?;
        (d, m, rest)
    };
    let rest = separated(rest)?;
    let n = rest.bytes().take_while(u8::is_ascii_digit).count();
    if n != 4 {
        return None;
    }
    let year: i32 = rest[..4].parse().ok()?;
    Some((NaiveDate::from_ymd_opt(year, m, d)?, &rest[4..]))
}

fn parse_date_prefix(s: &str, order: DateOrder) -> Option<(NaiveDate, &str)> {
    let b = s.as_bytes();
    // Year first: 2026-10-14, 2026/10/14, 2026.10.14
    if b.len() >= 8 && b[..4].iter().all(u8::is_ascii_digit) && matches!(b[4], b'-' | b'/' | b'.') {
        let sep = b[4];
        let month_end = b[5..].iter().position(|&c| c == sep)? + 5;
        let month = digits(&b[5..month_end])?;
        let day_end = b[month_end + 1..]
            .iter()
            .position(|c| !c.is_ascii_digit())
            .map_or(b.len(), |p| p + month_end + 1);
        let day = digits(&b[month_end + 1..day_end])?;
        let year = digits(&b[..4])? as i32;
        return Some((NaiveDate::from_ymd_opt(year, month, day)?, &s[day_end..]));
    }
    // A month by its name says which part is which: 14-okt-2026, 14 Oct 2026.
    if let Some(found) = named_month_date(s) {
        return Some(found);
    }
    // Day or month first: 14.10.2026, 14/10/2026, 10/14/2026, 14-10-2026
    if order == DateOrder::Ymd {
        return None;
    }
    let first_sep = b.iter().position(|c| !c.is_ascii_digit())?;
    if !(1..=2).contains(&first_sep) || !matches!(b[first_sep], b'.' | b'/' | b'-') {
        return None;
    }
    let sep = b[first_sep];
    let first = digits(&b[..first_sep])?;
    let second_end = b[first_sep + 1..].iter().position(|&c| c == sep)? + first_sep + 1;
    let second = digits(&b[first_sep + 1..second_end])?;
    let (day, month) = match order {
        DateOrder::Mdy => (second, first),
        _ => (first, second),
    };
    let year_start = second_end + 1;
    let year_end = b[year_start..]
        .iter()
        .position(|c| !c.is_ascii_digit())
        .map_or(b.len(), |p| p + year_start);
    if year_end - year_start != 4 {
        return None;
    }
    let year = digits(&b[year_start..year_end])? as i32;
    Some((NaiveDate::from_ymd_opt(year, month, day)?, &s[year_end..]))
}

/// Parses `HH:MM`, `HH:MM:SS`, `HH:MM:SS.fff` or `HH.MM[.SS]` at the start of `s`,
/// on a 24-hour clock or followed by `AM`/`PM` (`a.m.`, `p.m.`, Swedish `fm`/`em`),
/// where 12 AM is midnight and 12 PM noon.
fn parse_time_text(s: &str) -> Option<(NaiveTime, &str)> {
    let (time, rest) = parse_clock(s)?;
    let (half, after) = meridiem(rest);
    let Some(pm) = half else {
        return Some((time, rest));
    };
    let hour = time.hour();
    if !(1..=12).contains(&hour) {
        return None;
    }
    let hour = match (pm, hour) {
        (false, 12) => 0,
        (true, 12) => 12,
        (true, h) => h + 12,
        (false, h) => h,
    };
    Some((time.with_hour(hour)?, after))
}

/// An `AM`/`PM` marker after a time: `Some(true)` for PM, with what follows it.
fn meridiem(rest: &str) -> (Option<bool>, &str) {
    let trimmed = rest.trim_start();
    let lower = trimmed.to_ascii_lowercase();
    for (word, pm) in [
        ("a.m.", false),
        ("p.m.", true),
        ("am", false),
        ("pm", true),
        ("fm", false),
        ("em", true),
    ] {
        if lower.starts_with(word) {
            let after = &trimmed[word.len()..];
            if after.chars().next().is_none_or(|c| !c.is_alphanumeric()) {
                return (Some(pm), after);
            }
        }
    }
    (None, rest)
}

fn parse_clock(s: &str) -> Option<(NaiveTime, &str)> {
    let b = s.as_bytes();
    let mut parts = [0u32; 3];
    let mut count = 0;
    let mut i = 0;
    let mut sep = None;
    while count < 3 {
        let start = i;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        let len = i - start;
        if len == 0 || len > 2 || (count > 0 && len != 2) {
            return None;
        }
        parts[count] = digits(&b[start..i])?;
        count += 1;
        match b.get(i) {
            Some(&c @ (b':' | b'.'))
                if sep.is_none_or(|s| s == c)
                    && b.get(i + 1).is_some_and(u8::is_ascii_digit)
                    && count < 3 =>
            {
                sep = Some(c);
                i += 1;
            }
            _ => break,
        }
    }
    if count < 2 {
        return None;
    }
    // Fractions of a second are dropped: no export is more precise than its clock.
    if count == 3 && matches!(b.get(i), Some(b'.' | b',')) {
        i += 1;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
    }
    let time = NaiveTime::from_hms_opt(parts[0], parts[1], parts[2])?;
    Some((time, &s[i..]))
}

fn parse_offset(s: &str) -> Option<i64> {
    let (sign, rest) = match s.as_bytes().first()? {
        b'+' => (1, &s[1..]),
        b'-' => (-1, &s[1..]),
        _ => return None,
    };
    let rest = rest.replace(':', "");
    if rest.len() != 4 {
        return None;
    }
    let h = i64::from(digits(&rest.as_bytes()[..2])?);
    let m = i64::from(digits(&rest.as_bytes()[2..])?);
    Some(sign * (h * 60 + m))
}

/// Converts UTC to Swedish wall-clock time (CET/CEST, EU rules since 1996).
pub fn utc_to_swedish(utc: NaiveDateTime) -> NaiveDateTime {
    let year = utc.year();
    let last_sunday_1am = |month: u32| {
        let mut d = NaiveDate::from_ymd_opt(year, month, 31).expect("31 days");
        while d.weekday() != chrono::Weekday::Sun {
            d = d.pred_opt().expect("has predecessor");
        }
        d.and_hms_opt(1, 0, 0).expect("valid time")
    };
    let summer = utc >= last_sunday_1am(3) && utc < last_sunday_1am(10);
    utc + Duration::hours(if summer { 2 } else { 1 })
}

/// Whether a Salto `SubjectType` (or a cardholder type) names a person who
/// carries a card: `0`, `User`, `Visitor` and the like, or nothing said. A door
/// (`1`) or an operator or the system (`2`) is not the person of a passage.
pub fn is_user_subject(kind: &str) -> bool {
    let f = crate::text::fold(kind);
    !matches!(
        f.as_str(),
        "1" | "2" | "door" | "dorr" | "operator" | "operatör" | "operator user" | "system"
    ) && !f.starts_with("operat")
}

/// Whether a subject is an id (`100234`, `A-1234`) rather than a name: one
/// token of letters, digits and dashes with a digit in it.
pub fn looks_like_id(subject: &str) -> bool {
    let s = subject.trim();
    !s.is_empty()
        && s.bytes().any(|b| b.is_ascii_digit())
        && s.chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.'))
}

/// Reads a direction: `Entry`/`Exit`, `In`/`Ut`, `Inpassage`/`Utpassage`, or an
/// `IsExit` flag (`1` = out).
pub fn parse_direction(raw: &str) -> Direction {
    let f = crate::text::fold(raw);
    match f.as_str() {
        "" => Direction::Unknown,
        "1" | "true" | "yes" | "ja" => Direction::Out,
        "0" | "false" | "no" | "nej" => Direction::In,
        _ if f.starts_with("in") || f.starts_with("entr") || f.starts_with("ing") => Direction::In,
        _ if f.starts_with("ut") || f.starts_with("ex") || f.starts_with("out") => Direction::Out,
        _ => Direction::Unknown,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn dt(s: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S").unwrap()
    }

    #[test]
    fn a_month_by_its_name_reads_in_either_order_and_either_language() {
        let at = |t: &str| NaiveDateTime::parse_from_str(t, "%Y-%m-%d %H:%M:%S").unwrap();
        for (text, want) in [
            ("14-okt-2026 22.05", "2026-10-14 22:05:00"),
            ("14 okt. 2026 22:05:11", "2026-10-14 22:05:11"),
            ("14. oktober 2026", "2026-10-14 00:00:00"),
            ("14-Oct-2026 10:05 PM", "2026-10-14 22:05:00"),
            ("Oct 14, 2026 1:15:40 AM", "2026-10-14 01:15:40"),
            ("3 maj 2026 07:00", "2026-05-03 07:00:00"),
        ] {
            for order in [DateOrder::Dmy, DateOrder::Mdy] {
                assert_eq!(
                    parse_datetime_text_in(text, order),
                    Some(at(want)),
                    "{text}"
                );
            }
        }
        for text in [
            "14 okto 2026",
            "14-okt-26",
            "okt 2026",
            "32 okt 2026",
            "14okt2026",
        ] {
            assert_eq!(parse_datetime_text(text), None, "{text}");
        }
    }

    #[test]
    fn reads_the_date_forms_exports_use() {
        let want = dt("2026-10-14 07:52:13");
        for s in [
            "2026-10-14 07:52:13",
            "2026-10-14T07:52:13",
            "2026-10-14T07:52:13.250",
            "14.10.2026 07:52:13",
            "14/10/2026 07:52:13",
            "2026/10/14 07:52:13",
            " 2026-10-14 07:52:13 ",
        ] {
            assert_eq!(parse_datetime_text(s), Some(want), "{s}");
        }
        assert_eq!(
            parse_datetime_text("2026-10-14 07:52"),
            Some(dt("2026-10-14 07:52:00"))
        );
        assert_eq!(
            parse_datetime_text("2026-10-14"),
            Some(dt("2026-10-14 00:00:00"))
        );
        assert_eq!(
            parse_datetime_text("4.3.2026 7:05"),
            Some(dt("2026-03-04 07:05:00"))
        );
    }

    #[test]
    fn rejects_impossible_dates() {
        for s in [
            "2026-13-45",
            "2026-02-30",
            "hello",
            "",
            "2026-10-14 25:00",
            "14.10.26",
            "2026-10-14 07:5",
        ] {
            assert_eq!(parse_datetime_text(s), None, "{s}");
        }
    }

    #[test]
    fn utc_times_become_swedish_wall_clock() {
        assert_eq!(
            parse_datetime_text("2026-10-14T05:52:13Z"),
            Some(dt("2026-10-14 07:52:13"))
        );
        assert_eq!(
            parse_datetime_text("2026-11-14T06:52:13Z"),
            Some(dt("2026-11-14 07:52:13"))
        );
        assert_eq!(
            parse_datetime_text("2026-10-14T07:52:13+02:00"),
            Some(dt("2026-10-14 07:52:13"))
        );
    }

    #[test]
    fn excel_serials_and_time_fractions() {
        // 46309 = 2026-10-14 in Excel's 1900 system.
        assert_eq!(
            parse_datetime(&Cell::Number(46309.5)),
            Some(dt("2026-10-14 12:00:00"))
        );
        assert_eq!(
            parse_time(&Cell::Number(0.25)),
            NaiveTime::from_hms_opt(6, 0, 0)
        );
        assert_eq!(
            parse_time(&Cell::Text("07:52".into())),
            NaiveTime::from_hms_opt(7, 52, 0)
        );
        assert_eq!(parse_time(&Cell::Text("07:52 x".into())), None);
    }

    #[test]
    fn twelve_hour_clocks_and_either_date_order() {
        let pm = dt("2026-11-03 14:05:09");
        assert_eq!(
            parse_datetime_text_in("03/11/2026 2:05:09 PM", DateOrder::Dmy),
            Some(pm)
        );
        assert_eq!(
            parse_datetime_text_in("11/03/2026 2:05:09 PM", DateOrder::Mdy),
            Some(pm)
        );
        assert_eq!(
            parse_datetime_text_in("11/03/2026 02:05:09 pm", DateOrder::Mdy),
            Some(pm)
        );
        assert_eq!(
            parse_datetime_text_in("3.11.2026 2:05:09 p.m.", DateOrder::Dmy),
            Some(pm)
        );
        assert_eq!(
            parse_datetime_text_in("2026-11-03 2:05:09PM", DateOrder::Mdy),
            Some(pm)
        );
        // Midnight and noon.
        assert_eq!(
            parse_datetime_text("2026-11-03 12:00 AM"),
            Some(dt("2026-11-03 00:00:00"))
        );
        assert_eq!(
            parse_datetime_text("2026-11-03 12:30:01 AM"),
            Some(dt("2026-11-03 00:30:01"))
        );
        assert_eq!(
            parse_datetime_text("2026-11-03 12:00 PM"),
            Some(dt("2026-11-03 12:00:00"))
        );
        assert_eq!(
            parse_datetime_text("2026-11-03 11:59 PM"),
            Some(dt("2026-11-03 23:59:00"))
        );
        assert_eq!(
            parse_datetime_text("2026-11-03 08.15 fm"),
            Some(dt("2026-11-03 08:15:00"))
        );
        assert_eq!(
            parse_datetime_text("2026-11-03 08.15 em"),
            Some(dt("2026-11-03 20:15:00"))
        );
        // A 12-hour marker on an hour no 12-hour clock shows.
        assert_eq!(parse_datetime_text("2026-11-03 13:00 PM"), None);
        assert_eq!(parse_datetime_text("2026-11-03 0:30 AM"), None);
        // Month first, and year-first dates whatever the order.
        assert_eq!(
            parse_datetime_text_in("10/14/2026 07:52", DateOrder::Mdy),
            Some(dt("2026-10-14 07:52:00"))
        );
        assert_eq!(
            parse_datetime_text_in("14/10/2026 07:52", DateOrder::Mdy),
            None
        );
        assert_eq!(
            parse_datetime_text_in("2026-10-14 07:52", DateOrder::Ymd),
            Some(dt("2026-10-14 07:52:00"))
        );
        assert_eq!(
            parse_datetime_text_in("14.10.2026 07:52", DateOrder::Ymd),
            None
        );
        // Swedish: dotted times, with or without "kl.".
        assert_eq!(
            parse_datetime_text("14.10.2026 kl. 07.52"),
            Some(dt("2026-10-14 07:52:00"))
        );
        assert_eq!(
            parse_datetime_text("14.10.2026 07.52.13"),
            Some(dt("2026-10-14 07:52:13"))
        );
        assert_eq!(
            parse_time(&Cell::Text("7.05".into())),
            NaiveTime::from_hms_opt(7, 5, 0)
        );
        assert_eq!(
            parse_time(&Cell::Text("2:05:09 PM".into())),
            NaiveTime::from_hms_opt(14, 5, 9)
        );
    }

    #[test]
    fn date_shapes_tell_which_number_is_the_day() {
        assert_eq!(date_shape("2026-10-14 07:52"), Some(DateShape::YearFirst));
        assert_eq!(date_shape("14/10/2026"), Some(DateShape::DayFirst));
        assert_eq!(
            date_shape("10/14/2026 2:05 PM"),
            Some(DateShape::MonthFirst)
        );
        assert_eq!(
            date_shape("03/11/2026"),
            Some(DateShape::Ambiguous { sep: b'/' })
        );
        assert_eq!(
            date_shape("3.11.2026"),
            Some(DateShape::Ambiguous { sep: b'.' })
        );
        assert_eq!(date_shape("05/05/2026"), Some(DateShape::Either));
        assert_eq!(date_shape("Antal poster: 3"), None);
        assert_eq!(date_shape("13/13/2026"), None);
        assert_eq!(date_shape("1/2/26"), None);
        assert_eq!(DateOrder::parse("MDY"), Some(DateOrder::Mdy));
        assert_eq!(DateOrder::parse("xyz"), None);
    }

    #[test]
    fn directions_in_both_languages() {
        assert_eq!(parse_direction("Entry"), Direction::In);
        assert_eq!(parse_direction("Utpassage"), Direction::Out);
        assert_eq!(parse_direction("1"), Direction::Out);
        assert_eq!(parse_direction(""), Direction::Unknown);
    }

    proptest! {
        #[test]
        fn any_valid_datetime_round_trips(y in 1990i32..2100, m in 1u32..=12, d in 1u32..=28, h in 0u32..24, mi in 0u32..60, s in 0u32..60) {
            let t = NaiveDate::from_ymd_opt(y, m, d).unwrap().and_hms_opt(h, mi, s).unwrap();
            prop_assert_eq!(parse_datetime_text(&t.format("%Y-%m-%d %H:%M:%S").to_string()), Some(t));
            prop_assert_eq!(parse_datetime_text(&t.format("%d.%m.%Y %H:%M:%S").to_string()), Some(t));
        }

        #[test]
        fn both_orders_and_clocks_round_trip(y in 1990i32..2100, m in 1u32..=12, d in 1u32..=28, h in 0u32..24, mi in 0u32..60, s in 0u32..60) {
            let t = NaiveDate::from_ymd_opt(y, m, d).unwrap().and_hms_opt(h, mi, s).unwrap();
            let twelve = t.format("%I:%M:%S %p").to_string();
            let dmy = format!("{} {twelve}", t.format("%d/%m/%Y"));
            let mdy = format!("{} {twelve}", t.format("%m/%d/%Y"));
            prop_assert_eq!(parse_datetime_text_in(&dmy, DateOrder::Dmy), Some(t));
            prop_assert_eq!(parse_datetime_text_in(&mdy, DateOrder::Mdy), Some(t));
            prop_assert_eq!(parse_datetime_text_in(&t.format("%-d.%-m.%Y %H.%M.%S").to_string(), DateOrder::Dmy), Some(t));
            prop_assert_eq!(parse_datetime_text_in(&t.format("%Y-%m-%dT%H:%M:%S").to_string(), DateOrder::Mdy), Some(t));
            // The shape a date shows is the order that reads it back.
            match date_shape(&dmy) {
                Some(DateShape::DayFirst) => prop_assert!(d > 12),
                Some(DateShape::MonthFirst) => prop_assert!(m > 12),
                Some(DateShape::Either) => prop_assert_eq!(d, m),
                Some(DateShape::Ambiguous { .. }) => prop_assert!(d <= 12 && m <= 12),
                other => prop_assert!(false, "{other:?}"),
            }
        }

        #[test]
        fn a_date_read_in_the_wrong_order_is_refused_or_differs(y in 1990i32..2100, m in 1u32..=12, d in 13u32..=28) {
            let t = NaiveDate::from_ymd_opt(y, m, d).unwrap();
            // A day above 12 cannot be read month first.
            prop_assert_eq!(parse_datetime_text_in(&t.format("%d/%m/%Y").to_string(), DateOrder::Mdy), None);
            prop_assert_eq!(parse_datetime_text_in(&t.format("%m/%d/%Y").to_string(), DateOrder::Dmy), None);
        }

        #[test]
        fn parsing_never_panics(s in "\\PC{0,40}") {
            let _ = parse_datetime_text(&s);
            for order in [DateOrder::Dmy, DateOrder::Mdy, DateOrder::Ymd] {
                let _ = parse_datetime_text_in(&s, order);
            }
            let _ = date_shape(&s);
            let _ = parse_time(&Cell::Text(s));
        }
    }
}
