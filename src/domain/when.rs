//! Times as users type them on the command line and in filters: absolute dates
//! and times, and the shortcuts an incident calls for (`today`, `-24h`, `-7d`).

use chrono::{Duration, NaiveDateTime, NaiveTime};

/// Which end of a window a typed time is for: a bare date means the start of
/// that day for `From` and its last second for `To`, so `--to` is inclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimeSpec {
    From,
    To,
}

/// Reads `2026-10-14`, `2026-10-14 07:52[:13]`, `14.10.2026`, `now`, `today`,
/// `yesterday` (Swedish `nu`, `idag`, `igår` too) or a relative `-24h`, `-7d`, `-30m`.
pub fn parse_time_spec(
    text: &str,
    now: NaiveDateTime,
    end: TimeSpec,
) -> Result<NaiveDateTime, String> {
    let t = text.trim();
    let lower = crate::text::fold(t);
    let day_end = |d: chrono::NaiveDate| match end {
        TimeSpec::From => d.and_time(NaiveTime::MIN),
        TimeSpec::To => d.and_hms_opt(23, 59, 59).expect("valid time"),
    };
    match lower.as_str() {
        "now" | "nu" => return Ok(now),
        "today" | "idag" => return Ok(day_end(now.date())),
        "yesterday" | "igar" => return Ok(day_end(now.date() - Duration::days(1))),
        _ => {}
    }
    if let Some(rel) = lower.strip_prefix('-') {
        let (num, unit) =
            rel.split_at(rel.find(|c: char| !c.is_ascii_digit()).unwrap_or(rel.len()));
        let n: i64 = num.parse().map_err(|_| bad(t))?;
        let d = match unit {
            "m" | "min" => Duration::try_minutes(n),
            "h" => Duration::try_hours(n),
            "d" => Duration::try_days(n),
            "w" | "v" => Duration::try_weeks(n),
            _ => return Err(bad(t)),
        };
        // A typed count can reach past what a date can hold (found by fuzzing).
        return d
            .and_then(|d| now.checked_sub_signed(d))
            .ok_or_else(|| format!("\"{t}\" reaches too far back; give a date instead"));
    }
    let parsed = crate::import::values::parse_datetime_text(t).ok_or_else(|| bad(t))?;
    let date_only = !t.contains(':');
    Ok(if date_only {
        day_end(parsed.date())
    } else {
        parsed
    })
}

fn bad(t: &str) -> String {
    format!(
        "\"{t}\" is not a time; write 2026-10-14, \"2026-10-14 07:52\", today, yesterday, -24h or -7d"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S").unwrap()
    }

    #[test]
    fn a_date_alone_covers_the_whole_day_as_an_end() {
        let now = at("2026-11-22 10:00:00");
        assert_eq!(
            parse_time_spec("2026-10-14", now, TimeSpec::From),
            Ok(at("2026-10-14 00:00:00"))
        );
        assert_eq!(
            parse_time_spec("2026-10-14", now, TimeSpec::To),
            Ok(at("2026-10-14 23:59:59"))
        );
        assert_eq!(
            parse_time_spec("2026-10-14 07:52", now, TimeSpec::To),
            Ok(at("2026-10-14 07:52:00"))
        );
    }

    #[test]
    fn relative_time_too_far_back_is_an_error_not_a_panic() {
        let now = at("2026-11-22 09:50:00");
        for text in ["-2033602032d", "-99999999999999w", "-9223372036854775807m"] {
            let e = parse_time_spec(text, now, TimeSpec::From).unwrap_err();
            assert!(e.contains("too far back"), "{text}: {e}");
        }
    }

    #[test]
    fn shortcuts_are_relative_to_now() {
        let now = at("2026-11-22 10:00:00");
        assert_eq!(
            parse_time_spec("-24h", now, TimeSpec::From),
            Ok(at("2026-11-21 10:00:00"))
        );
        assert_eq!(
            parse_time_spec("idag", now, TimeSpec::From),
            Ok(at("2026-11-22 00:00:00"))
        );
        assert_eq!(
            parse_time_spec("yesterday", now, TimeSpec::To),
            Ok(at("2026-11-21 23:59:59"))
        );
        assert!(parse_time_spec("soon", now, TimeSpec::To).is_err());
    }
}
