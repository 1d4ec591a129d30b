//! Date and time text as found in exports and as typed in filters.
#![no_main]

use chrono::NaiveDate;
use libfuzzer_sys::fuzz_target;
use loggvakt::domain::{TimeSpec, parse_time_spec};
use loggvakt::import::values::{
    Cell, DateOrder, date_shape, parse_date, parse_datetime, parse_datetime_in, parse_datetime_text,
    parse_datetime_text_in, parse_time,
};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let _ = parse_datetime_text(text);
    let _ = date_shape(text);
    let cell = Cell::Text(text.to_owned());
    for order in [DateOrder::Dmy, DateOrder::Mdy, DateOrder::Ymd] {
        let _ = parse_datetime_text_in(text, order);
        let _ = parse_datetime_in(&cell, order);
    }
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
