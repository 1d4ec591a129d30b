//! Date and time text as found in exports and as typed in filters.
#![no_main]

use chrono::NaiveDate;
use libfuzzer_sys::fuzz_target;
use loggvakt::domain::{TimeSpec, parse_time_spec};
use loggvakt::import::values::{Cell, parse_date, parse_datetime, parse_datetime_text, parse_time};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let _ = parse_datetime_text(text);
    let cell = Cell::Text(text.to_owned());
    let _ = parse_datetime(&cell);
    let _ = parse_date(&cell);
    let _ = parse_time(&cell);
    if let Ok(n) = text.trim().parse::<f64>() {
        let _ = parse_datetime(&Cell::Number(n));
    }
    let now = NaiveDate::from_ymd_opt(2026, 11, 22)
        .and_then(|d| d.and_hms_opt(9, 50, 0))
        .expect("valid date");
    for end in [TimeSpec::From, TimeSpec::To] {
        let _ = parse_time_spec(text, now, end);
    }
});
