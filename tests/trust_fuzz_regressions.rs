//! Inputs the fuzz targets (see `fuzz/README.md`) found to crash a parser, run
//! through the real binary: each must fail cleanly, naming the file, with no
//! panic message on the terminal and nothing imported.

mod common;

use common::Env;

/// A CFB header whose one FAT sector is cut off two bytes in: calamine 0.38
/// panics on it (`assertion left == right` in `utils::to_u32`).
fn truncated_fat_xls() -> Vec<u8> {
    include_bytes!("fixtures/truncated_fat.xls").to_vec()
}

#[test]
fn xls_with_a_truncated_fat_sector_fails_cleanly() {
    let env = Env::new();
    let f = env.write("tiny.xls", truncated_fat_xls());
    let out = env
        .cmd()
        .env("RUST_BACKTRACE", "1")
        .arg("import")
        .arg(&f)
        .assert()
        .code(1);
    let stderr = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    assert!(
        stderr.contains("tiny.xls: not a readable XLS workbook"),
        "{stderr}"
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(!stderr.contains("backtrace"), "{stderr}");
    assert_eq!(env.count(&[]), 0);
}

/// The sample XLS with its last LabelSst cell moved to row 65536, column 60001:
/// calamine builds the grid between the outermost cells up front, and the
/// `workbook` fuzz target found this asks for gigabytes (it hit libFuzzer's
/// memory limit with an 8.7 GB allocation).
#[test]
fn xls_with_cells_far_apart_is_refused_within_a_memory_cap() {
    let env = Env::new();
    let mut bytes = std::fs::read(common::sample("variants/ssm_passager_202610.xls")).unwrap();
    // A BIFF LabelSst record: type 0x00FD, length 10, then row and column.
    let label = [0xFD, 0x00, 0x0A, 0x00];
    let at = bytes
        .windows(4)
        .rposition(|w| w == label)
        .expect("a LabelSst record");
    bytes[at + 4..at + 8].copy_from_slice(&[0xFF, 0xFF, 0x60, 0xEA]);
    let f = env.write("far.xls", bytes);
    let out = std::process::Command::new("prlimit")
        .arg(format!("--as={}", 1024 * 1024 * 1024))
        .arg("--")
        .arg(assert_cmd::cargo::cargo_bin!("loggvakt"))
        .arg("--db")
        .arg(&env.db)
        .arg("import")
        .arg(&f)
        .env("LANG", "C")
        .env("XDG_CONFIG_HOME", env.dir.path().join("config"))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("far.xls: refused: "), "{stderr}");
    assert!(stderr.contains("column 60001"), "{stderr}");
    assert_eq!(env.count(&[]), 0);
}

/// `-2033602032d` parsed, but subtracting it from now overflowed and panicked
/// (found by the `dates` fuzz target).
#[test]
fn relative_time_too_far_back_is_an_error_not_a_panic() {
    let env = Env::new();
    let out = env
        .cmd()
        .args(["query", "--from", "-2033602032d"])
        .assert()
        .code(2);
    let stderr = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    assert!(
        stderr.contains("\"-2033602032d\" reaches too far back"),
        "{stderr}"
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
}

/// The sample XLS with the FAT entry of its directory's last sector pointing
/// back to the first: calamine follows that chain with no end and grew a buffer
/// until memory ran out (found by the `workbook` fuzz target).
#[test]
fn xls_whose_directory_chain_loops_is_refused_within_a_memory_cap() {
    let env = Env::new();
    let mut bytes = std::fs::read(common::sample("variants/ssm_passager_202610.xls")).unwrap();
    let u32_at = |b: &[u8], i: usize| u32::from_le_bytes(b[i..i + 4].try_into().unwrap());
    assert_eq!(u32_at(&bytes, 28) >> 16, 9, "512-byte sectors");
    // Where the FAT entry of sector `s` is: FAT sectors are listed in the header.
    let entry = |b: &[u8], s: u32| {
        let fat_sector = u32_at(b, 76 + 4 * (s as usize / 128));
        (fat_sector as usize + 1) * 512 + (s as usize % 128) * 4
    };
    let start = u32_at(&bytes, 48);
    let mut last = start;
    while u32_at(&bytes, entry(&bytes, last)) < 0xFFFF_FFFA {
        last = u32_at(&bytes, entry(&bytes, last));
    }
    let at = entry(&bytes, last);
    bytes[at..at + 4].copy_from_slice(&start.to_le_bytes());
    let f = env.write("loop.xls", bytes);
    let out = std::process::Command::new("prlimit")
        .arg(format!("--as={}", 1024 * 1024 * 1024))
        .arg("--")
        .arg(assert_cmd::cargo::cargo_bin!("loggvakt"))
        .arg("--db")
        .arg(&env.db)
        .arg("import")
        .arg(&f)
        .env("LANG", "C")
        .env("XDG_CONFIG_HOME", env.dir.path().join("config"))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains(
            "loop.xls: not a readable XLS workbook (the compound file's directory chain loops"
        ),
        "{stderr}"
    );
    assert_eq!(env.count(&[]), 0);
}
