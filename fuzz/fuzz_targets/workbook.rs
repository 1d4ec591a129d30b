//! Bytes read as each kind of workbook (XLSX, XLS, ODS), through the container
//! checks and calamine. A panic inside calamine is caught and reported as a
//! damaged file, as in production; what this finds is everything else: failed
//! allocations, memory blow-ups, hangs and panics in loggvakt's own code.
#![no_main]

use libfuzzer_sys::fuzz_target;
use loggvakt::import::sniff::Format;
use loggvakt::import::workbook::read_first_sheet;

fuzz_target!(|data: &[u8]| {
    for format in [Format::Xlsx, Format::Xls, Format::Ods] {
        if let Ok(rows) = read_first_sheet("fuzz", format, data.to_vec()) {
            for row in rows.iter().take(100) {
                for cell in &row.cells {
                    let _ = cell.to_text();
                }
            }
        }
    }
});
