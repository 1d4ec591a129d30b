//! Whole-process benchmarks on synthetic hospital-scale passage files: import into
//! an empty and into a populated database, the queries the CLI and TUI run, and
//! the sqlite3 shell on the same file as a yardstick. Figures are medians.
//!
//! cargo bench --bench scale                 # 1M rows (a few minutes)
//! cargo bench --bench scale -- --large      # also 10M-row database scenarios
//! cargo bench --bench scale -- --rows 200000 --runs 1   # a quick look

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

struct Args {
    rows: u64,
    runs: usize,
    large: bool,
    dir: PathBuf,
}

fn args() -> Args {
    let mut a = Args {
        rows: 1_000_000,
        runs: 3,
        large: false,
        dir: PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("scale-bench"),
    };
    let mut it = std::env::args().skip(1);
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "--rows" => a.rows = it.next().and_then(|v| v.parse().ok()).expect("--rows N"),
            "--runs" => a.runs = it.next().and_then(|v| v.parse().ok()).expect("--runs N"),
            "--large" => a.large = true,
            "--dir" => a.dir = PathBuf::from(it.next().expect("--dir PATH")),
            _ => {} // cargo bench passes --bench
        }
    }
    a
}

/// Wall time and peak RSS (KiB) of one child process, from wait4's rusage.
// The child is reaped by wait4 (which also gives its rusage), not by Child::wait.
#[allow(clippy::zombie_processes)]
fn measure(cmd: &mut Command) -> (Duration, u64) {
    let start = Instant::now();
    let child = cmd
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn");
    let pid = child.id() as libc::pid_t;
    let mut status = 0;
    // SAFETY: rusage is plain data filled by the kernel for our own child.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let rc = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    let wall = start.elapsed();
    assert!(
        rc == pid && libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0,
        "{cmd:?} failed"
    );
    (wall, usage.ru_maxrss as u64)
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn loggvakt(db: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_loggvakt"));
    c.arg("--db").arg(db).env("LANG", "C");
    c
}

fn fresh(db: &Path) {
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", db.display()));
    }
}

struct Line {
    task: String,
    rows: u64,
    wall: Duration,
    rss_kib: u64,
    note: String,
}

fn print(lines: &[Line]) {
    println!("\n| task | rows | wall (median) | rows/s | peak RSS | note |");
    println!("|---|---:|---:|---:|---:|---|");
    for l in lines {
        let rate = if l.rows > 1 {
            format!("{:.0}", l.rows as f64 / l.wall.as_secs_f64())
        } else {
            "–".into()
        };
        println!(
            "| {} | {} | {:.3} s | {} | {} MiB | {} |",
            l.task,
            l.rows,
            l.wall.as_secs_f64(),
            rate,
            l.rss_kib / 1024,
            l.note
        );
    }
}

fn generate(path: &Path, rows: u64, seed: u64) {
    if !path.exists() {
        let t = Instant::now();
        loggvakt::synth::write_bulk_passages_csv(path, rows, seed).expect("generate CSV");
        eprintln!(
            "generated {} ({rows} rows) in {:.1?}",
            path.display(),
            t.elapsed()
        );
    }
}

fn import_runs(a: &Args, db: &Path, csv: &Path, base: Option<&Path>) -> (Duration, u64) {
    let mut walls = Vec::new();
    let mut rss = 0;
    for _ in 0..a.runs {
        match base {
            Some(b) => {
                fresh(db);
                std::fs::copy(b, db).expect("copy base database");
            }
            None => fresh(db),
        }
        let (w, r) = measure(loggvakt(db).arg("import").arg(csv));
        walls.push(w);
        rss = rss.max(r);
    }
    (median(walls), rss)
}

fn sqlite_shell_runs(a: &Args, csv: &Path) -> Option<(Duration, u64)> {
    if Command::new("sqlite3").arg("-version").output().is_err() {
        return None;
    }
    let db = a.dir.join("shell.db");
    let import = format!(".import --skip 1 {} flat", csv.display());
    let create = "CREATE TABLE flat(\"Datum\" TEXT, \"Tid\" TEXT, \"Dörr\" TEXT, \"Kortinnehavare\" TEXT, \"Kortnummer\" TEXT, \"Händelse\" TEXT);";
    let indexes = "CREATE INDEX flat_door ON flat(\"Dörr\", \"Datum\", \"Tid\"); \
                   CREATE INDEX flat_holder ON flat(\"Kortinnehavare\", \"Datum\", \"Tid\");";
    let mut walls = Vec::new();
    let mut rss = 0;
    for _ in 0..a.runs {
        fresh(&db);
        let (w, r) = measure(
            Command::new("sqlite3")
                .arg(&db)
                .args(["-cmd", create, "-cmd", ".separator \";\""])
                .arg("-cmd")
                .arg(&import)
                .arg(indexes),
        );
        walls.push(w);
        rss = rss.max(r);
    }
    Some((median(walls), rss))
}

/// The busiest reader's name and a 30-hour window on the second and third day.
fn query_runs(a: &Args, db: &Path, reader: &str, from: &str, to: &str) -> (Duration, u64, usize) {
    let out = loggvakt(db)
        .args([
            "query", "--reader", reader, "--from", from, "--to", to, "--format", "json",
        ])
        .output()
        .expect("query");
    let rows = serde_json::from_slice::<Vec<serde_json::Value>>(&out.stdout)
        .map(|v| v.len())
        .unwrap_or(0);
    let mut walls = Vec::new();
    let mut rss = 0;
    for _ in 0..(a.runs * 4 + 1) {
        let (w, r) = measure(loggvakt(db).args([
            "query", "--reader", reader, "--from", from, "--to", to, "--format", "json",
        ]));
        walls.push(w);
        rss = rss.max(r);
    }
    (median(walls), rss, rows)
}

/// calamine's bare read: open the workbook, load the first sheet, touch every cell.
fn calamine_read(path: &Path) -> usize {
    use calamine::{Reader, open_workbook_auto};
    let mut wb = open_workbook_auto(path).expect("open XLSX");
    let name = wb.sheet_names().first().cloned().expect("a sheet");
    let range = wb.worksheet_range(&name).expect("read sheet");
    let mut rows = 0;
    for row in range.rows() {
        std::hint::black_box(
            row.iter()
                .filter(|c| !matches!(c, calamine::Data::Empty))
                .count(),
        );
        rows += 1;
    }
    rows
}

fn main() {
    let a = args();
    std::fs::create_dir_all(&a.dir).expect("bench dir");
    let csv = a.dir.join(format!("passages_{}.csv", a.rows));
    generate(&csv, a.rows, 1);
    let db = a.dir.join("bench.db");
    let mut lines = Vec::new();

    let (wall, rss) = import_runs(&a, &db, &csv, None);
    lines.push(Line {
        task: "import CSV into an empty database".into(),
        rows: a.rows,
        wall,
        rss_kib: rss,
        note: "loggvakt, whole process".into(),
    });
    if let Some((wall, rss)) = sqlite_shell_runs(&a, &csv) {
        lines.push(Line {
            task: "sqlite3 shell .import + 2 indexes".into(),
            rows: a.rows,
            wall,
            rss_kib: rss,
            note: "yardstick, same file".into(),
        });
    }

    // A database that holds the import, for queries.
    fresh(&db);
    measure(loggvakt(&db).arg("import").arg(&csv));
    let reader = "Läkemedelsrum 1 Avd 1";
    let (wall, rss, n) = query_runs(&a, &db, reader, "2026-01-02 08:00", "2026-01-03 13:50");
    lines.push(Line {
        task: format!("query --reader \"{reader}\" 30 h window, JSON"),
        rows: n as u64,
        wall,
        rss_kib: rss,
        note: format!("{n} rows returned, whole process"),
    });
    let (wall, rss, n) = query_runs(
        &a,
        &db,
        "Huvudentré",
        "2026-01-02 08:00",
        "2026-01-02 09:00",
    );
    lines.push(Line {
        task: "query --reader Huvudentré (substring, many readers) 1 h".into(),
        rows: n as u64,
        wall,
        rss_kib: rss,
        note: format!("{n} rows returned, whole process"),
    });

    // XLSX: our whole import against calamine's bare read of the same file.
    let xlsx_rows = (a.rows / 5).min(1_048_575);
    let xlsx = a.dir.join(format!("passages_{xlsx_rows}.xlsx"));
    if !xlsx.exists() {
        loggvakt::synth::write_bulk_passages_xlsx(&xlsx, xlsx_rows, 4).expect("generate XLSX");
    }
    let (wall, rss) = import_runs(&a, &db, &xlsx, None);
    lines.push(Line {
        task: "import XLSX into an empty database".into(),
        rows: xlsx_rows,
        wall,
        rss_kib: rss,
        note: "loggvakt, whole process".into(),
    });
    let mut reads = Vec::new();
    for _ in 0..a.runs {
        let t = Instant::now();
        let n = calamine_read(&xlsx);
        reads.push(t.elapsed());
        assert_eq!(n as u64, xlsx_rows + 1, "calamine read every row");
    }
    lines.push(Line {
        task: "calamine: open and read every cell of the same XLSX".into(),
        rows: xlsx_rows,
        wall: median(reads),
        rss_kib: 0,
        note: "yardstick, in process".into(),
    });

    if a.large {
        let big_rows = a.rows * 10;
        let big_csv = a.dir.join(format!("passages_{big_rows}.csv"));
        generate(&big_csv, big_rows, 2);
        let base = a.dir.join("base10x.db");
        if !base.exists() {
            measure(loggvakt(&base).arg("import").arg(&big_csv));
        }
        // A month that follows the stored data, as a monthly append would.
        let next = a.dir.join(format!("passages_{}_next.csv", a.rows));
        generate(&next, a.rows, 3);
        let (wall, rss) = import_runs(&a, &db, &next, Some(&base));
        lines.push(Line {
            task: format!("import CSV into a database of {big_rows} rows"),
            rows: a.rows,
            wall,
            rss_kib: rss,
            note: "indexes maintained during the load".into(),
        });
    }
    print(&lines);
}
