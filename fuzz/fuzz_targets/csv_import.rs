//! A text export as bytes: opened as the import opens it (sniffing, UTF-16,
//! header, profile by headers and values, date order), then every row parsed.
//! Any panic here is a bug; errors are the expected answer.
#![no_main]

use libfuzzer_sys::fuzz_target;
use loggvakt::import::profile::{Profiles, RecordKind};
use loggvakt::import::{self, Choice, PassageParser, RowContext};
use std::sync::OnceLock;

fn profiles() -> &'static Profiles {
    static P: OnceLock<Profiles> = OnceLock::new();
    P.get_or_init(Profiles::builtin)
}

fuzz_target!(|data: &[u8]| {
    let path = std::env::temp_dir().join(format!("loggvakt-fuzz-{}.csv", std::process::id()));
    std::fs::write(&path, data).expect("write the input");
    let file = path.display().to_string();
    let profiles = profiles();
    let Ok(import::Opened {
        mut rows,
        head,
        detected,
    }) = import::open(&path, profiles, &Choice::default())
    else {
        return;
    };
    if import::expect_kind(&detected, RecordKind::Passage, &file).is_err() {
        return;
    }
    let parser = PassageParser::new(
        RowContext::new(&file, &detected),
        profiles.classifier(&detected.profile),
    );
    for raw in &head[detected.header_index + 1..] {
        let _ = parser.parse(raw);
    }
    while let Some(Ok(raw)) = rows.next_row(&file) {
        let _ = parser.parse(&raw);
    }
    let _ = rows.sha256();
});
