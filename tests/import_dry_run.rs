//! `import --dry-run` through the real binary: what an import would do, for
//! every sample file, and not one byte written.

mod common;

use common::{Env, SSM, sample};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Every file under a directory with its bytes.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut files = BTreeMap::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_file() {
            files.insert(path.clone(), std::fs::read(&path).unwrap());
        }
    }
    files
}

fn dry_run(env: &Env, args: &[&str]) -> String {
    let out = env
        .cmd()
        .args(["import", "--dry-run"])
        .args(args)
        .assert()
        .success();
    String::from_utf8_lossy(&out.get_output().stdout).into_owned()
}

#[test]
fn every_sample_file_prints_its_mapping_and_no_database_is_created() {
    let env = Env::new();
    let mut files: Vec<PathBuf> = Vec::new();
    for dir in [sample(""), sample("variants")] {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            // The request letter (begaran_…) is prose, not an export; README and
            // .gitattributes describe the folder.
            if path.is_file()
                && !name.starts_with('.')
                && !name.starts_with("begaran_")
                && name != "README.md"
            {
                files.push(path);
            }
        }
    }
    files.sort();
    assert!(files.len() >= 15, "{files:?}");
    for f in &files {
        let out = dry_run(&env, &[f.to_str().unwrap()]);
        let name = f.display().to_string();
        assert!(out.contains("  profile: "), "{name}: {out}");
        assert!(out.contains("  columns:\n    "), "{name}: {out}");
        assert!(out.contains('→'), "{name}: {out}");
        assert!(
            out.contains("columns not imported") || out.contains("every column is imported"),
            "{name}: {out}"
        );
        assert!(out.contains("  dates: "), "{name}: {out}");
        assert!(out.contains("  rows: "), "{name}: {out}");
        assert!(out.contains("  event kinds: "), "{name}: {out}");
        // Five rows as they would be stored, each with its row number.
        let shown = out
            .lines()
            .skip_while(|l| !l.contains("the first rows as they would be stored"))
            .skip(1)
            .take_while(|l| l.starts_with("    "))
            .count();
        assert_eq!(shown, 5, "{name}: {out}");
    }
    assert!(!env.db.exists(), "a dry run created the database");
    assert!(
        !env.db.parent().unwrap().exists(),
        "a dry run created the data directory"
    );
}

#[test]
fn a_dry_run_leaves_the_database_byte_for_byte_as_it_was() {
    let env = Env::new();
    let f = env.write("ssm.txt", SSM);
    env.import(&[&f]);
    let data = env.db.parent().unwrap().to_path_buf();
    let before = snapshot(&data);
    assert!(before.contains_key(&env.db));
    let out = dry_run(
        &env,
        &[
            sample("salto_audit_trail_202610.csv").to_str().unwrap(),
            f.to_str().unwrap(),
        ],
    );
    assert!(out.contains("dry run: nothing was stored"), "{out}");
    assert_eq!(
        snapshot(&data),
        before,
        "a dry run changed the database files"
    );
    // Nor did it leave an audit entry or a passage.
    assert_eq!(env.count(&[]), 6);
}

#[test]
fn the_preview_says_profile_why_format_header_dates_rows_period_kinds_and_first_rows() {
    let env = Env::new();
    let out = dry_run(&env, &[sample("ssm_passager_202610.txt").to_str().unwrap()]);
    for want in [
        "  profile: ssm (SSM passage report)",
        "  why: recognised as ssm",
        "  profiles considered: ssm ",
        "  format: text, Windows-1252, delimiter ';'",
        "  header row: 4",
        "    Läsare→reader",
        "    Anst.nr→employee_id",
        "every column is imported",
        "  rows: 2894 (",
        "  period: 2026-10-01 00:40:00 – 2026-10-31 23:28:14",
        "  event kinds: granted 2684, exit request 197, denied 11, forced 1, held open 1",
        "    5: 2026-10-01 00:40:00 | L0311 | Centralförråd Hus 3 | Åke Wennström | 100729 | 0003402421 | granted | Godkänd passage",
    ] {
        assert!(out.contains(want), "lacks {want:?}:\n{out}");
    }
    // In Swedish.
    let out = env
        .cmd()
        .args(["--lang", "sv", "import", "--dry-run"])
        .arg(sample("variants/unison_au_report.csv"))
        .assert()
        .success();
    let out = String::from_utf8_lossy(&out.get_output().stdout).into_owned();
    for want in [
        "  profil: unison",
        "  varför: känd som unison",
        "  datum: dmy (rad 2 har \"15/10/2026 10:20:46 PM\": dagen först)",
        "  händelsetyper: beviljad ",
        "provläsning: inget sparades",
    ] {
        assert!(out.contains(want), "lacks {want:?}:\n{out}");
    }
}

#[test]
fn a_dry_run_of_a_file_an_import_would_refuse_fails_the_same_way() {
    let env = Env::new();
    let f = env.write("cut.txt", &SSM[..SSM.len() - 40]);
    let out = env
        .cmd()
        .args(["import", "--dry-run"])
        .arg(&f)
        .assert()
        .code(1);
    let err = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    assert!(err.contains("cut.txt:10:"), "{err}");
    assert!(!env.db.exists());
    // And --skip-bad shows what it would leave out.
    let out = dry_run(&env, &["--skip-bad", f.to_str().unwrap()]);
    assert!(out.contains("rejected (--skip-bad): 1"), "{out}");
}

#[test]
fn dry_run_and_remove_source_do_not_go_together() {
    let env = Env::new();
    let f = env.write("ssm.txt", SSM);
    env.cmd()
        .args(["import", "--dry-run", "--remove-source"])
        .arg(&f)
        .assert()
        .code(2);
    assert!(f.exists());
}
