//! Real elapsed time versus the wall clock for October 2026 in Sweden.
//! Events are ordered by real time; exports show the wall clock, which repeats 02:00–02:59 on 25 October.

use chrono::{Duration, NaiveDate, NaiveDateTime};

/// Seconds of real time since 2026-10-01 00:00:00 CEST.
pub type Instant = i64;

const DAY: i64 = 86_400;
const HOUR: i64 = 3_600;

/// 2026-10-25 03:00 CEST, when the clocks go back to 02:00 CET.
pub const FALL_BACK: Instant = 24 * DAY + 3 * HOUR;

fn base() -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2026, 10, 1)
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .unwrap_or_default()
}

/// The wall-clock time an export shows for an instant.
pub fn wall(t: Instant) -> NaiveDateTime {
    let shift = if t >= FALL_BACK { HOUR } else { 0 };
    base() + Duration::seconds(t - shift)
}

/// The same instant in UTC (CEST is UTC+2, CET UTC+1).
pub fn utc(t: Instant) -> NaiveDateTime {
    base() + Duration::seconds(t - 2 * HOUR)
}

/// The instant of a wall-clock time in October 2026; in the repeated hour this is the first
/// (summer-time) occurrence, see [`at_second`].
pub fn at(day: u32, h: u32, m: u32, s: u32) -> Instant {
    let w = i64::from(day - 1) * DAY + i64::from(h * 3600 + m * 60 + s);
    if w >= FALL_BACK { w + HOUR } else { w }
}

/// The second (winter-time) occurrence of a wall-clock time in the repeated hour on 25 October.
pub fn at_second(day: u32, h: u32, m: u32, s: u32) -> Instant {
    at(day, h, m, s) + HOUR
}

/// The calendar day (1–31) of an instant on the wall clock.
pub fn wall_day(t: Instant) -> u32 {
    use chrono::Datelike;
    wall(t).day()
}

pub fn minutes(m: i64) -> i64 {
    m * 60
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repeated_hour_shows_twice_on_the_wall_clock() {
        let first = at(25, 2, 40, 0);
        let second = at_second(25, 2, 5, 0);
        assert!(first < second);
        assert_eq!(wall(first).to_string(), "2026-10-25 02:40:00");
        assert_eq!(wall(second).to_string(), "2026-10-25 02:05:00");
        assert_eq!(utc(first).to_string(), "2026-10-25 00:40:00");
        assert_eq!(utc(second).to_string(), "2026-10-25 01:05:00");
        assert_eq!(wall(at(25, 3, 0, 0)).to_string(), "2026-10-25 03:00:00");
        assert_eq!(utc(at(25, 3, 0, 0)).to_string(), "2026-10-25 02:00:00");
    }
}
