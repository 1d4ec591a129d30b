//! Swedish public holidays (lag 1989:253 om allmänna helgdagar), computed for any year,
//! plus the eves that are work-free in practice (midsommar-, jul- och nyårsafton).

use chrono::{Datelike, Duration, NaiveDate, Weekday};

/// Easter Sunday (Gregorian calendar; the anonymous "Meeus/Jones/Butcher" algorithm).
pub fn easter_sunday(year: i32) -> NaiveDate {
    let a = year % 19;
    let b = year / 100;
    let c = year % 100;
    let d = b / 4;
    let e = b % 4;
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15) % 30;
    let i = c / 4;
    let k = c % 4;
    let l = (32 + 2 * e + 2 * i - h - k) % 7;
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let day = (h + l - 7 * m + 114) % 31 + 1;
    NaiveDate::from_ymd_opt(year, month as u32, day as u32).expect("Easter is a valid date")
}

/// The first `weekday` on or after `from`.
fn first_on_or_after(from: NaiveDate, weekday: Weekday) -> NaiveDate {
    let ahead = (7 + weekday.num_days_from_monday() - from.weekday().num_days_from_monday()) % 7;
    from + Duration::days(ahead as i64)
}

/// The Swedish name of the holiday on `date`, if it is one.
pub fn holiday(date: NaiveDate) -> Option<&'static str> {
    let y = date.year();
    let md = |m, d| NaiveDate::from_ymd_opt(y, m, d).expect("fixed date");
    let easter = easter_sunday(y);
    let midsommarafton = first_on_or_after(md(6, 19), Weekday::Fri);
    let fixed: [(NaiveDate, &'static str); 18] = [
        (md(1, 1), "Nyårsdagen"),
        (md(1, 6), "Trettondedag jul"),
        (easter - Duration::days(2), "Långfredagen"),
        (easter - Duration::days(1), "Påskafton"),
        (easter, "Påskdagen"),
        (easter + Duration::days(1), "Annandag påsk"),
        (md(5, 1), "Första maj"),
        (easter + Duration::days(39), "Kristi himmelsfärdsdag"),
        (easter + Duration::days(49), "Pingstdagen"),
        (md(6, 6), "Sveriges nationaldag"),
        (midsommarafton, "Midsommarafton"),
        (midsommarafton + Duration::days(1), "Midsommardagen"),
        (
            first_on_or_after(md(10, 31), Weekday::Sat),
            "Alla helgons dag",
        ),
        (md(12, 24), "Julafton"),
        (md(12, 25), "Juldagen"),
        (md(12, 26), "Annandag jul"),
        (md(12, 31), "Nyårsafton"),
        (easter + Duration::days(48), "Pingstafton"),
    ];
    fixed.iter().find(|(d, _)| *d == date).map(|(_, n)| *n)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn easter_matches_known_years() {
        assert_eq!(easter_sunday(2024), d(2024, 3, 31));
        assert_eq!(easter_sunday(2025), d(2025, 4, 20));
        assert_eq!(easter_sunday(2026), d(2026, 4, 5));
        assert_eq!(easter_sunday(2027), d(2027, 3, 28));
        assert_eq!(easter_sunday(2038), d(2038, 4, 25));
    }

    #[test]
    fn moving_holidays_of_2026() {
        assert_eq!(holiday(d(2026, 4, 3)), Some("Långfredagen"));
        assert_eq!(holiday(d(2026, 4, 6)), Some("Annandag påsk"));
        assert_eq!(holiday(d(2026, 5, 14)), Some("Kristi himmelsfärdsdag"));
        assert_eq!(holiday(d(2026, 6, 19)), Some("Midsommarafton"));
        assert_eq!(holiday(d(2026, 6, 20)), Some("Midsommardagen"));
        assert_eq!(holiday(d(2026, 10, 31)), Some("Alla helgons dag"));
        assert_eq!(holiday(d(2025, 11, 1)), Some("Alla helgons dag"));
        assert_eq!(holiday(d(2025, 6, 20)), Some("Midsommarafton"));
    }

    #[test]
    fn ordinary_days_are_not_holidays() {
        assert_eq!(holiday(d(2026, 4, 7)), None);
        assert_eq!(holiday(d(2026, 10, 30)), None);
        assert_eq!(holiday(d(2026, 6, 18)), None);
        assert_eq!(holiday(d(2026, 5, 15)), None);
    }
}
