//! Swedish wall-clock time and the instant it stands for. Exports write local time
//! without a zone, so the autumn hour 02:00–02:59 happens twice and the spring one never.
//!
//! Passages are stored by their instant (seconds since 1970 UTC), so they order as
//! things happened; the wall-clock time shown is derived from it (Europe/Stockholm
//! rules from `chrono-tz`), except for a time in the spring gap, which no correct
//! clock shows: it is taken as standard time (a lock that did not change its clock)
//! and shown as written, with a flag.

use chrono::{LocalResult, NaiveDateTime, Offset, TimeZone};
use chrono_tz::Europe::Stockholm;
use serde::Serialize;
use std::cell::RefCell;

/// 1980-01-01 in seconds since 1970. Since then every change of Sweden's clocks
/// has fallen on a whole hour (01:00 UTC), so the offsets of one hour hold for
/// all of its seconds; before it (local mean time until 1879) they need not.
const WHOLE_HOURS_SINCE: i64 = 315_532_800;

/// Hours each thread remembers the offsets of, by hour number modulo this (about
/// a year's hours), so a file in no order still finds its hours again.
const HOUR_SLOTS: usize = 1 << 13;

/// A per-thread table of hour → value, each hour in the slot its number gives.
struct Hours<V: Copy>(Vec<Option<(i64, V)>>);

impl<V: Copy> Hours<V> {
    const fn new() -> Self {
        Hours(Vec::new())
    }

    /// The value of `hour`, computed by `compute` the first time.
    fn get(&mut self, hour: i64, compute: impl FnOnce() -> V) -> V {
        if self.0.is_empty() {
            self.0 = vec![None; HOUR_SLOTS];
        }
        let slot = &mut self.0[hour.rem_euclid(HOUR_SLOTS as i64) as usize];
        match *slot {
            Some((h, v)) if h == hour => v,
            _ => {
                let v = compute();
                *slot = Some((hour, v));
                v
            }
        }
    }
}

/// Stockholm's offsets east of UTC, in seconds, for a wall-clock time: one, two in
/// the repeated hour, none in the gap. They are the same for a whole hour, so
/// each thread remembers them per hour (see [`HOUR_SLOTS`]).
fn local_offsets(t: NaiveDateTime) -> LocalResult<i32> {
    thread_local!(static HOURS: RefCell<Hours<LocalResult<i32>>> = const { RefCell::new(Hours::new()) });
    let compute = || {
        Stockholm
            .from_local_datetime(&t)
            .map(|d| d.offset().fix().local_minus_utc())
    };
    let seconds = naive_seconds(t);
    if seconds < WHOLE_HOURS_SINCE {
        return compute();
    }
    HOURS.with_borrow_mut(|hours| hours.get(seconds.div_euclid(3600), compute))
}

/// Stockholm's offset east of UTC, in seconds, at an instant; remembered per hour
/// as [`local_offsets`] is.
fn offset_at(utc: i64) -> i32 {
    thread_local!(static HOURS: RefCell<Hours<i32>> = const { RefCell::new(Hours::new()) });
    let compute = || {
        Stockholm
            .offset_from_utc_datetime(&naive_time(utc))
            .fix()
            .local_minus_utc()
    };
    if utc < WHOLE_HOURS_SINCE {
        return compute();
    }
    HOURS.with_borrow_mut(|hours| hours.get(utc.div_euclid(3600), compute))
}

/// The instant of a wall-clock time at an offset.
fn at_offset(t: NaiveDateTime, offset: i32) -> i64 {
    naive_seconds(t) - i64::from(offset)
}

/// What is known of a passage's UTC offset beyond its wall-clock time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ClockNote {
    /// An ordinary time: one instant has it.
    #[default]
    None,
    /// In the repeated autumn hour, before the clocks went back (+02:00).
    FirstPass,
    /// In the skipped spring hour: a lock with a wrong clock; taken as +01:00.
    Skipped,
    /// In the repeated autumn hour, after the clocks went back (+01:00).
    SecondPass,
    /// In the repeated autumn hour with nothing in the file to tell which pass:
    /// taken as the first (+02:00) and shown as uncertain.
    Uncertain,
}

/// How a wall-clock time falls on the Swedish calendar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Wall {
    Plain,
    /// 02:00–02:59 on the last Sunday of October: two instants have it.
    Repeated,
    /// 02:00–02:59 on the last Sunday of March: no instant has it.
    Skipped,
}

impl Wall {
    pub fn of(t: NaiveDateTime) -> Wall {
        match local_offsets(t) {
            LocalResult::Single(_) => Wall::Plain,
            LocalResult::Ambiguous(..) => Wall::Repeated,
            LocalResult::None => Wall::Skipped,
        }
    }
}

impl ClockNote {
    /// The note a wall-clock time gets when nothing tells the passes apart.
    pub fn of(t: NaiveDateTime) -> ClockNote {
        match Wall::of(t) {
            Wall::Plain => ClockNote::None,
            Wall::Repeated => ClockNote::Uncertain,
            Wall::Skipped => ClockNote::Skipped,
        }
    }

    /// The stable number stored in `passage.clock`.
    pub fn code(self) -> i64 {
        match self {
            ClockNote::None => 0,
            ClockNote::FirstPass => 1,
            ClockNote::Skipped => 2,
            ClockNote::SecondPass => 3,
            ClockNote::Uncertain => 4,
        }
    }

    pub fn from_code(code: i64) -> ClockNote {
        match code {
            1 => ClockNote::FirstPass,
            2 => ClockNote::Skipped,
            3 => ClockNote::SecondPass,
            4 => ClockNote::Uncertain,
            _ => ClockNote::None,
        }
    }

    /// What follows a shown time: the offset where the wall clock alone does not
    /// tell the instant, a flag in the spring gap, nothing otherwise.
    pub fn suffix(self) -> &'static str {
        match self {
            ClockNote::None => "",
            ClockNote::FirstPass => " (+02)",
            ClockNote::SecondPass => " (+01)",
            ClockNote::Uncertain => " (+02?)",
            ClockNote::Skipped => " (!)",
        }
    }

    /// The JSON `clock` key: `+02:00` / `+01:00` in the repeated hour (`+02:00?`
    /// when the file did not tell the pass), `dst_skipped_hour` in the gap, else empty.
    pub fn json(self) -> &'static str {
        match self {
            ClockNote::None => "",
            ClockNote::FirstPass => "+02:00",
            ClockNote::SecondPass => "+01:00",
            ClockNote::Uncertain => "+02:00?",
            ClockNote::Skipped => "dst_skipped_hour",
        }
    }
}

/// The one way a passage's time is written for people: `2026-10-25 02:40:19 (+02)`.
pub fn show(time: NaiveDateTime, note: ClockNote) -> String {
    format!("{}{}", time.format("%Y-%m-%d %H:%M:%S"), note.suffix())
}

/// Seconds since 1970 of a wall-clock time read as UTC, the plain arithmetic of dates.
fn naive_seconds(t: NaiveDateTime) -> i64 {
    t.and_utc().timestamp()
}

fn naive_time(seconds: i64) -> NaiveDateTime {
    chrono::DateTime::from_timestamp(seconds, 0).map_or(NaiveDateTime::MIN, |d| d.naive_utc())
}

/// Standard time in Sweden, and what a gap time is taken as.
const STANDARD: i64 = 3600;

/// The instant (seconds since 1970 UTC) a wall-clock time with its note stands for.
pub fn instant(wall: NaiveDateTime, note: ClockNote) -> i64 {
    match local_offsets(wall) {
        LocalResult::Single(offset) => at_offset(wall, offset),
        LocalResult::Ambiguous(first, second) => match note {
            ClockNote::SecondPass => at_offset(wall, second),
            _ => at_offset(wall, first),
        },
        LocalResult::None => naive_seconds(wall) - STANDARD,
    }
}

/// The wall-clock time shown for an instant and its note.
pub fn wall_of(utc: i64, note: ClockNote) -> NaiveDateTime {
    if note == ClockNote::Skipped {
        return naive_time(utc + STANDARD);
    }
    naive_time(utc + i64::from(offset_at(utc)))
}

/// The first instant a window typed as wall-clock time starts at: the first pass
/// in the repeated hour; in the gap, the end of the gap, since both the flagged
/// gap times and the times after it can lie at or after it.
pub fn window_start(t: NaiveDateTime) -> i64 {
    match local_offsets(t) {
        LocalResult::Single(offset) => at_offset(t, offset),
        LocalResult::Ambiguous(first, _) => at_offset(t, first),
        LocalResult::None => {
            let hour = naive_seconds(t) - naive_seconds(t) % 3600;
            // The hour after the gap is summer time: its start is the gap's end.
            hour + 3600 - 2 * STANDARD
        }
    }
}

/// The last instant a window typed as wall-clock time ends at (inclusive): the
/// second pass in the repeated hour; in the gap, the gap time as standard time.
pub fn window_end(t: NaiveDateTime) -> i64 {
    match local_offsets(t) {
        LocalResult::Single(offset) => at_offset(t, offset),
        LocalResult::Ambiguous(_, second) => at_offset(t, second),
        LocalResult::None => naive_seconds(t) - STANDARD,
    }
}

/// Decides the pass of each repeated-hour row of one file from the file's order.
/// `rows` are `(file position, wall-clock seconds)` of those rows; `newest_first`
/// says which way the file runs. Taken chronologically, rows before the wall clock
/// goes back are the first pass and rows after it the second; with no step back,
/// or more than one (no order to go by), every row is the first pass, uncertain.
pub fn passes(rows: &[(u64, i64)], newest_first: bool) -> Vec<ClockNote> {
    let mut order: Vec<usize> = (0..rows.len()).collect();
    order.sort_by_key(|&i| rows[i].0);
    if newest_first {
        order.reverse();
    }
    let mut notes = vec![ClockNote::Uncertain; rows.len()];
    let steps_back = order
        .windows(2)
        .filter(|w| rows[w[1]].1 < rows[w[0]].1)
        .count();
    if steps_back != 1 {
        return notes;
    }
    let mut second = false;
    let mut prev = i64::MIN;
    for &i in &order {
        second |= rows[i].1 < prev;
        prev = rows[i].1;
        notes[i] = if second {
            ClockNote::SecondPass
        } else {
            ClockNote::FirstPass
        };
    }
    notes
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S").unwrap()
    }

    proptest::proptest! {
        /// The hour remembered gives what chrono-tz gives, in whatever order times
        /// are asked, across the changes of the clocks and before 1980.
        #[test]
        fn remembered_hours_answer_as_the_time_zone_does(
            starts in proptest::collection::vec(
                proptest::prop_oneof![
                    -3_000_000_000_i64..5_000_000_000,
                    // Around the changes of 2026: 29 March and 25 October.
                    1_774_742_400_i64..1_774_828_800,
                    1_792_886_400_i64..1_792_972_800,
                ],
                1..20,
            ),
            // Steps forward and back from each start, mostly within its hour.
            steps in proptest::collection::vec(-900_i64..2_400, 1..50),
        ) {
            let seconds = starts.iter().flat_map(|&start| {
                steps.iter().scan(start, |at, step| {
                    *at += step;
                    Some(*at)
                })
            });
            for s in seconds {
                let t = naive_time(s);
                let direct = Stockholm
                    .from_local_datetime(&t)
                    .map(|d| d.offset().fix().local_minus_utc());
                proptest::prop_assert_eq!(local_offsets(t), direct, "{}", t);
                let offset = Stockholm.offset_from_utc_datetime(&t).fix().local_minus_utc();
                proptest::prop_assert_eq!(offset_at(s), offset, "{}", t);
            }
        }
    }

    #[test]
    fn the_calendar_knows_the_repeated_and_the_skipped_hour() {
        assert_eq!(Wall::of(at("2026-10-25 02:30:00")), Wall::Repeated);
        assert_eq!(Wall::of(at("2026-10-25 03:00:00")), Wall::Plain);
        assert_eq!(Wall::of(at("2026-10-18 02:30:00")), Wall::Plain);
        assert_eq!(Wall::of(at("2026-03-29 02:10:00")), Wall::Skipped);
        assert_eq!(
            ClockNote::of(at("2026-10-25 02:30:00")),
            ClockNote::Uncertain
        );
    }

    #[test]
    fn instants_follow_the_real_order_and_show_as_written() {
        let first = instant(at("2026-10-25 02:40:19"), ClockNote::FirstPass);
        let second = instant(at("2026-10-25 02:05:33"), ClockNote::SecondPass);
        assert!(first < second);
        assert_eq!(second - first, 25 * 60 + 14);
        assert_eq!(
            wall_of(first, ClockNote::FirstPass),
            at("2026-10-25 02:40:19")
        );
        assert_eq!(
            wall_of(second, ClockNote::SecondPass),
            at("2026-10-25 02:05:33")
        );
        let gap = instant(at("2026-03-29 02:10:00"), ClockNote::Skipped);
        assert_eq!(wall_of(gap, ClockNote::Skipped), at("2026-03-29 02:10:00"));
        let winter = instant(at("2026-01-10 12:00:00"), ClockNote::None);
        assert_eq!(winter, at("2026-01-10 11:00:00").and_utc().timestamp());
        assert_eq!(
            show(at("2026-10-25 02:40:19"), ClockNote::FirstPass),
            "2026-10-25 02:40:19 (+02)"
        );
    }

    #[test]
    fn windows_typed_in_wall_clock_time_are_never_narrower() {
        let t = at("2026-10-25 02:30:00");
        assert_eq!(window_start(t), instant(t, ClockNote::FirstPass));
        assert_eq!(window_end(t), instant(t, ClockNote::SecondPass));
        // In the gap: from 02:30 covers 03:00 summer time on, to 02:30 covers the
        // flagged 02:30 (taken as standard time).
        let gap = at("2026-03-29 02:30:00");
        assert_eq!(
            window_start(gap),
            instant(at("2026-03-29 03:00:00"), ClockNote::None)
        );
        assert_eq!(window_end(gap), instant(gap, ClockNote::Skipped));
    }

    #[test]
    fn file_order_splits_the_repeated_hour() {
        let s = |t: &str| at(t).and_utc().timestamp();
        let rows = [
            (2, s("2026-10-25 02:10:00")),
            (3, s("2026-10-25 02:40:19")),
            (4, s("2026-10-25 02:05:33")),
            (5, s("2026-10-25 02:30:00")),
        ];
        use ClockNote::{FirstPass as F, SecondPass as S, Uncertain as U};
        assert_eq!(passes(&rows, false), [F, F, S, S]);
        let newest_first: Vec<_> = rows
            .iter()
            .rev()
            .enumerate()
            .map(|(i, r)| (i as u64, r.1))
            .collect();
        assert_eq!(passes(&newest_first, true), [S, S, F, F]);
        assert_eq!(passes(&rows[..2], false), [U, U]);
        let shuffled = [
            (2, rows[1].1),
            (3, rows[2].1),
            (4, rows[3].1),
            (5, rows[0].1),
        ];
        assert_eq!(passes(&shuffled, false), [U; 4]);
    }
}
