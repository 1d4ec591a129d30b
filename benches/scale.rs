//! Whole-process benchmarks on synthetic hospital-scale passage files, each figure
//! printed next to its target and, where one exists, next to the sqlite3 shell
//! doing the same on the same file. Runs of loggvakt and of its yardstick are
//! interleaved, so a noisy neighbour slows both; figures are medians.
//!
//! cargo bench --bench scale                     # 1M rows (a few minutes)
//! cargo bench --bench scale -- --large          # also a 10M-row database: append, queries at 11M
//! cargo bench --bench scale -- --growth         # also import and queries at 1M, 10M, 50M rows
//! cargo bench --bench scale -- --rows 200000 --runs 1   # a quick look
//!
//! `--large` leaves the 11M-row database in target/tmp/scale-bench/large.db for
//! `cargo bench --bench tui -- --large`.

use rusqlite::{Connection, OptionalExtension};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Rows a day in the generated files (as in a hospital group).
const ROWS_PER_DAY: u64 = 100_000;

struct Args {
    rows: u64,
    runs: usize,
    large: bool,
    growth: Vec<u64>,
    dir: PathBuf,
}

fn args() -> Args {
    let mut a = Args {
        rows: 1_000_000,
        runs: 3,
        large: false,
        growth: Vec::new(),
        dir: PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("scale-bench"),
    };
    let mut it = std::env::args().skip(1);
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "--rows" => a.rows = it.next().and_then(|v| v.parse().ok()).expect("--rows N"),
            "--runs" => a.runs = it.next().and_then(|v| v.parse().ok()).expect("--runs N"),
            "--large" => a.large = true,
            "--growth" => a.growth = vec![1_000_000, 10_000_000, 50_000_000],
            "--growth-sizes" => {
                a.growth = it
                    .next()
                    .expect("--growth-sizes N,N,…")
                    .split(',')
                    .map(|n| n.parse().expect("a number of rows"))
                    .collect();
            }
            "--dir" => a.dir = PathBuf::from(it.next().expect("--dir PATH")),
            _ => {} // cargo bench passes --bench
        }
    }
    a
}

/// Wall time and peak RSS (KiB) of one child process, started with nothing left
/// for the disk to write. The peak comes from GNU
/// time when it is installed: a child forked from this process starts with this
/// process's resident memory counted in its own peak, while one forked from
/// `time` does not. Otherwise it is wait4's figure, an upper bound.
// The child is reaped by wait4 (which also gives its rusage), not by Child::wait.
#[allow(clippy::zombie_processes)]
fn measure(cmd: &mut Command) -> (Duration, u64) {
    let gnu_time = Path::new("/usr/bin/time");
    let report = std::env::temp_dir().join(format!("scale-bench-rss-{}", std::process::id()));
    let mut wrapped = if gnu_time.exists() {
        let mut w = Command::new(gnu_time);
        w.args(["-f", "%M", "-o"])
            .arg(&report)
            .arg(cmd.get_program())
            .args(cmd.get_args());
        for (k, v) in cmd.get_envs() {
            match v {
                Some(v) => w.env(k, v),
                None => w.env_remove(k),
            };
        }
        w
    } else {
        std::mem::replace(cmd, Command::new("true"))
    };
    // What the run before left for the disk (a database written or removed, by
    // either tool) is flushed first, so it does not slow this run instead.
    // SAFETY: sync(2) takes no arguments and cannot fail.
    unsafe { libc::sync() };
    let start = Instant::now();
    let child = wrapped
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
        "{wrapped:?} failed"
    );
    let rss = std::fs::read_to_string(&report)
        .ok()
        .and_then(|s| s.lines().last()?.trim().parse().ok())
        .unwrap_or(usage.ru_maxrss as u64);
    let _ = std::fs::remove_file(&report);
    (wall, rss)
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

fn shell(db: &Path) -> Command {
    let mut c = Command::new("sqlite3");
    c.arg(db);
    c
}

/// Removes a database with its WAL, and the audit trail and head file beside it,
/// so each run starts as a new user's would.
fn fresh(db: &Path) {
    let trail = loggvakt::store::audit::trail_path(db);
    for file in [db, trail.as_path()] {
        for suffix in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", file.display()));
        }
    }
    let _ = std::fs::remove_file(loggvakt::store::audit::head_path(db));
}

/// Copies a database and waits for the copy to reach the disk, so that writing
/// it back does not slow the import timed next (whichever tool's it is).
fn copy_db(from: &Path, to: &Path) {
    fresh(to);
    std::fs::copy(from, to).expect("copy database");
    std::fs::File::open(to)
        .and_then(|f| f.sync_all())
        .expect("sync the copy");
}

fn file_mib(path: &Path) -> u64 {
    std::fs::metadata(path).map_or(0, |m| m.len() >> 20)
}

/// One line of the results: what, on how many rows, how long, and the target.
struct Line {
    task: String,
    rows: u64,
    wall: Duration,
    rss_kib: u64,
    yardstick: String,
    target: String,
}

fn print(title: &str, lines: &[Line]) {
    println!("\n### {title}\n");
    println!(
        "| task | rows | wall (median) | rows/s | peak RSS | sqlite3 shell / yardstick | target |"
    );
    println!("|---|---:|---:|---:|---:|---|---|");
    for l in lines {
        let rate = if l.rows >= 10_000 && !l.wall.is_zero() {
            format!("{:.0}", l.rows as f64 / l.wall.as_secs_f64())
        } else {
            "–".into()
        };
        println!(
            "| {} | {} | {} | {} | {} MiB | {} | {} |",
            l.task,
            l.rows,
            if l.wall.is_zero() {
                "–".into()
            } else {
                fmt(l.wall)
            },
            rate,
            l.rss_kib / 1024,
            l.yardstick,
            l.target
        );
    }
}

fn fmt(d: Duration) -> String {
    if d < Duration::from_secs(1) {
        format!("{:.1} ms", d.as_secs_f64() * 1e3)
    } else {
        format!("{:.2} s", d.as_secs_f64())
    }
}

fn generate(path: &Path, rows: u64, seed: u64, first_day: u32) {
    if !path.exists() {
        let t = Instant::now();
        loggvakt::synth::write_bulk_passages_csv_from(path, rows, seed, first_day)
            .expect("generate CSV");
        eprintln!(
            "generated {} ({rows} rows) in {:.1?}",
            path.display(),
            t.elapsed()
        );
    }
}

const FLAT: &str = "CREATE TABLE flat(\"Datum\" TEXT, \"Tid\" TEXT, \"Dörr\" TEXT, \"Kortinnehavare\" TEXT, \"Kortnummer\" TEXT, \"Händelse\" TEXT);";
const FLAT_INDEXES: &str = "CREATE INDEX flat_door ON flat(\"Dörr\", \"Datum\", \"Tid\"); \
                            CREATE INDEX flat_holder ON flat(\"Kortinnehavare\", \"Datum\", \"Tid\");";

/// The sqlite3 shell's `.import` of `csv` into the flat table, then `then` (SQL).
fn shell_import(db: &Path, csv: &Path, create: bool, then: &str) -> Command {
    let mut c = shell(db);
    if create {
        c.args(["-cmd", FLAT]);
    }
    c.args(["-cmd", ".separator \";\""])
        .arg("-cmd")
        .arg(format!(".import --skip 1 {} flat", csv.display()))
        .arg(if then.is_empty() { "SELECT 1;" } else { then });
    c
}

/// Runs `a` and `b` `runs` times each, alternately; medians and peak RSS of each.
fn interleaved(
    runs: usize,
    mut a: impl FnMut() -> (Duration, u64),
    mut b: impl FnMut() -> (Duration, u64),
) -> ((Duration, u64), (Duration, u64)) {
    let (mut wa, mut wb, mut ra, mut rb) = (Vec::new(), Vec::new(), 0, 0);
    for _ in 0..runs {
        let (w, r) = a();
        wa.push(w);
        ra = ra.max(r);
        let (w, r) = b();
        wb.push(w);
        rb = rb.max(r);
    }
    ((median(wa), ra), (median(wb), rb))
}

fn ratio(ours: Duration, theirs: Duration) -> String {
    format!(
        "{} ({:.2}× faster)",
        fmt(theirs),
        theirs.as_secs_f64() / ours.as_secs_f64()
    )
}

/// Query parameters found in the data, the same for loggvakt and the shell.
struct Params {
    reader: String,
    person: String,
    /// A day well inside the data (YYYY-MM-DD) and the day after it.
    day: String,
    next_day: String,
    /// A month-long span for the per-day counts.
    month: (String, String),
}

fn day_text(day: i64) -> String {
    (chrono::NaiveDate::from_ymd_opt(2026, 1, 1).expect("date") + chrono::Duration::days(day))
        .to_string()
}

/// A typical reader and a person whose names no other reader or person contains,
/// so loggvakt's "any part of the name" finds what the shell's `=` finds.
fn params(db: &Path, days: u64) -> Params {
    let conn = Connection::open(db).expect("open");
    let names = |sql: &str| -> Vec<String> {
        let mut st = conn.prepare(sql).expect("prepare");
        st.query_map([], |r| r.get(0))
            .expect("query")
            .collect::<Result<_, _>>()
            .expect("rows")
    };
    let fold = |s: &str| s.to_lowercase();
    // Readers by how far their passages a day are from 160 (about 200 in 30 hours,
    // a typical door), so q1 measures the lookup rather than printing.
    let readers = names(
        "SELECT r.name FROM reader r JOIN passage_day d ON d.reader_id = r.id
         GROUP BY r.id ORDER BY abs(avg(d.passages) - 160)",
    );
    let reader = readers
        .iter()
        .find(|n| {
            readers
                .iter()
                .filter(|o| fold(o).contains(&fold(n)))
                .count()
                == 1
        })
        .expect("a reader with a name of its own")
        .clone();
    let people = names("SELECT name FROM person");
    let person = people
        .iter()
        .find(|n| {
            let words: Vec<String> = fold(n).split(' ').map(str::to_owned).collect();
            people
                .iter()
                .filter(|o| {
                    let o = fold(o);
                    words
                        .iter()
                        .all(|w| o.split(' ').any(|ow| ow.contains(w.as_str())))
                })
                .count()
                == 1
        })
        .expect("a person with a name of their own")
        .clone();
    let mid = (days / 2) as i64;
    let first_month = conn
        .query_row("SELECT min(day) FROM passage_day", [], |r| {
            r.get::<_, i64>(0)
        })
        .optional()
        .expect("days")
        .unwrap_or(0);
    let month_end = (first_month + 27).min(first_month + days as i64 - 1);
    let epoch_day = 20_454; // 2026-01-01
    Params {
        reader,
        person,
        day: day_text(mid),
        next_day: day_text(mid + 1),
        month: (
            day_text(first_month - epoch_day),
            day_text(month_end - epoch_day),
        ),
    }
}

/// The queries a security officer runs, through loggvakt and through the shell
/// on the flat table of the same rows: (what, loggvakt args, shell SQL).
fn queries(p: &Params) -> Vec<(String, Vec<String>, String)> {
    let q = |s: &str| s.replace('\'', "''");
    let (r, pe) = (q(&p.reader), q(&p.person));
    let (d, n) = (&p.day, &p.next_day);
    let eight = {
        let start = chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").expect("day");
        (start + chrono::Duration::days(7)).to_string()
    };
    let (m0, m1) = &p.month;
    vec![
        (
            "q1 reader, 30 h window, JSON".into(),
            [
                "query",
                "--reader",
                &p.reader,
                "--from",
                &format!("{d} 08:00"),
                "--to",
                &format!("{n} 13:50"),
                "--format",
                "json",
            ]
            .map(str::to_owned)
            .to_vec(),
            format!(
                "SELECT * FROM flat WHERE \"Dörr\" = '{r}' AND \"Datum\" BETWEEN '{d}' AND '{n}' \
                 AND \"Datum\" || ' ' || \"Tid\" BETWEEN '{d} 08:00:00' AND '{n} 13:50:00' ORDER BY \"Datum\", \"Tid\";"
            ),
        ),
        (
            "q2 person, 8 days, JSON".into(),
            [
                "query",
                "--person",
                &p.person,
                "--from",
                d,
                "--to",
                &eight,
                "--format",
                "json",
                "--reason",
                "benchmark",
            ]
            .map(str::to_owned)
            .to_vec(),
            format!(
                "SELECT * FROM flat WHERE \"Kortinnehavare\" = '{pe}' AND \"Datum\" BETWEEN '{d}' AND '{eight}' \
                 ORDER BY \"Datum\", \"Tid\";"
            ),
        ),
        (
            "q3 count per reader per day, 4 weeks".into(),
            ["counts", "--from", m0, "--to", m1, "--format", "json"]
                .map(str::to_owned)
                .to_vec(),
            format!(
                "SELECT \"Datum\", \"Dörr\", count(*) FROM flat WHERE \"Datum\" BETWEEN '{m0}' AND '{m1}' GROUP BY 1, 2;"
            ),
        ),
        (
            "q4 first 100 of the reader's 4 weeks".into(),
            [
                "query", "--reader", &p.reader, "--from", m0, "--to", m1, "--limit", "100",
                "--format", "json",
            ]
            .map(str::to_owned)
            .to_vec(),
            format!(
                "SELECT * FROM flat WHERE \"Dörr\" = '{r}' AND \"Datum\" BETWEEN '{m0}' AND '{m1}' \
                 ORDER BY \"Datum\", \"Tid\" LIMIT 100;"
            ),
        ),
    ]
}

fn json_len(out: &[u8]) -> usize {
    serde_json::from_slice::<Vec<serde_json::Value>>(out).map_or(0, |v| v.len())
}

/// Each query `runs * 4 + 1` times through both, interleaved.
fn query_lines(a: &Args, db: &Path, flat: &Path, p: &Params) -> Vec<Line> {
    let mut lines = Vec::new();
    for (what, ours, sql) in queries(p) {
        // The target is for searches; aggregates have the reference's.
        let target = if what.starts_with("q3") {
            "≤ 100 ms, whatever the size"
        } else {
            "≤ 50 ms (aim 10 ms)"
        };
        let got = loggvakt(db).args(&ours).output().expect("query");
        let shell_query = || {
            let mut c = Command::new("sqlite3");
            c.arg("-json").arg(flat).arg(&sql);
            c
        };
        let theirs = shell_query().output().expect("shell query");
        let (n, m) = (json_len(&got.stdout), json_len(&theirs.stdout));
        let ((w, r), (sw, _)) = interleaved(
            a.runs * 4 + 1,
            || measure(loggvakt(db).args(&ours)),
            || measure(&mut shell_query()),
        );
        lines.push(Line {
            task: format!(
                "{what} ({n} rows out{})",
                if n == m { "" } else { ", shell differs" }
            ),
            rows: n as u64,
            wall: w,
            rss_kib: r,
            yardstick: format!("{} ({m} rows)", fmt(sw)),
            target: target.into(),
        });
    }
    lines
}

fn main() {
    // calamine's bare read runs in a process of its own, so its memory is its own
    // and this process stays small (a child's peak RSS starts from its parent's).
    if let Some(at) = std::env::args().position(|a| a == "--calamine-read") {
        let path = std::env::args().nth(at + 1).expect("--calamine-read FILE");
        println!("{}", calamine_read(Path::new(&path)));
        return;
    }
    let a = args();
    std::fs::create_dir_all(&a.dir).expect("bench dir");
    let has_shell = Command::new("sqlite3").arg("-version").output().is_ok();
    assert!(
        has_shell,
        "the sqlite3 shell is the yardstick: apt-get install sqlite3"
    );
    let csv = a.dir.join(format!("passages_{}.csv", a.rows));
    generate(&csv, a.rows, 1, 0);
    let db = a.dir.join("bench.db");
    let flat = a.dir.join("flat.db");

    // 1. Import into an empty database, against the shell's .import + 2 indexes.
    let mut lines = Vec::new();
    let ((ours, rss), (theirs, shell_rss)) = interleaved(
        a.runs,
        || {
            fresh(&db);
            measure(loggvakt(&db).arg("import").arg(&csv))
        },
        || {
            fresh(&flat);
            measure(&mut shell_import(&flat, &csv, true, FLAT_INDEXES))
        },
    );
    lines.push(Line {
        task: "import CSV into an empty database".into(),
        rows: a.rows,
        wall: ours,
        rss_kib: rss,
        yardstick: format!(
            "{}, {} MiB; {:.2}×",
            fmt(theirs),
            shell_rss / 1024,
            theirs.as_secs_f64() / ours.as_secs_f64()
        ),
        target: "2× faster than the shell".into(),
    });

    // 1b. Row order: the same rows shuffled, and a file whose rows cycle through
    // the months, each against the same rows sorted.
    let shuffled = a.dir.join(format!("passages_{}_shuffled.csv", a.rows));
    reorder(&csv, &shuffled, Order::Shuffled);
    let months_rows = (a.rows * 3 / 5).max(1);
    let months = a.dir.join(format!("months_{months_rows}.csv"));
    let months_sorted = a.dir.join(format!("months_{months_rows}_sorted.csv"));
    write_month_cycling(&months, months_rows);
    reorder(&months, &months_sorted, Order::Sorted);
    for (task, rows, sorted, unsorted) in [
        ("import the same rows shuffled", a.rows, &csv, &shuffled),
        (
            "import rows cycling through the months",
            months_rows,
            &months_sorted,
            &months,
        ),
    ] {
        let ((ours, rss), (in_order, _)) = interleaved(
            a.runs,
            || {
                fresh(&db);
                measure(loggvakt(&db).arg("import").arg(unsorted))
            },
            || {
                fresh(&db);
                measure(loggvakt(&db).arg("import").arg(sorted))
            },
        );
        let r = ours.as_secs_f64() / in_order.as_secs_f64();
        lines.push(Line {
            task: task.into(),
            rows,
            wall: ours,
            rss_kib: rss,
            yardstick: format!("the same rows sorted: {}; {r:.2}× it", fmt(in_order)),
            target: format!(
                "≤ 1.3× sorted: {}",
                if r <= 1.3 { "met" } else { "not met" }
            ),
        });
    }

    // 2. XLSX: our whole import against calamine's bare read of the same file.
    let xlsx_rows = (a.rows / 5).min(1_048_575);
    let xlsx = a.dir.join(format!("passages_{xlsx_rows}.xlsx"));
    if !xlsx.exists() {
        loggvakt::synth::write_bulk_passages_xlsx(&xlsx, xlsx_rows, 4).expect("generate XLSX");
    }
    let ((ours, rss), (bare, bare_rss)) = interleaved(
        a.runs,
        || {
            fresh(&db);
            measure(loggvakt(&db).arg("import").arg(&xlsx))
        },
        || {
            measure(
                Command::new(std::env::current_exe().expect("this benchmark"))
                    .arg("--calamine-read")
                    .arg(&xlsx),
            )
        },
    );
    let read = Command::new(std::env::current_exe().expect("this benchmark"))
        .arg("--calamine-read")
        .arg(&xlsx)
        .output()
        .expect("calamine read");
    assert_eq!(
        String::from_utf8_lossy(&read.stdout).trim(),
        (xlsx_rows + 1).to_string(),
        "calamine read every row"
    );
    lines.push(Line {
        task: "import XLSX into an empty database".into(),
        rows: xlsx_rows,
        wall: ours,
        rss_kib: rss,
        yardstick: format!(
            "calamine's bare read {}, {} MiB (whole process); {:.2}× it",
            fmt(bare),
            bare_rss / 1024,
            ours.as_secs_f64() / bare.as_secs_f64()
        ),
        target: "within 1.5× of calamine".into(),
    });

    // 3. Queries on the 1M database and on the shell's.
    fresh(&db);
    measure(loggvakt(&db).arg("import").arg(&csv));
    let p = params(&db, a.rows / ROWS_PER_DAY);
    lines.extend(query_lines(&a, &db, &flat, &p));
    print(&format!("{} rows", a.rows), &lines);

    if a.large {
        large(&a);
    }
    if !a.growth.is_empty() {
        growth(&a);
    }
}

/// A database of 10× the rows, one more import appended to it, then every query at 11×.
fn large(a: &Args) {
    let big_rows = a.rows * 10;
    let days = (big_rows / ROWS_PER_DAY) as u32;
    let big_csv = a.dir.join(format!("passages_{big_rows}.csv"));
    generate(&big_csv, big_rows, 2, 0);
    // The next month of the same hospital, after the stored data.
    let next = a
        .dir
        .join(format!("passages_{}_after_{big_rows}.csv", a.rows));
    generate(&next, a.rows, 2, days);
    let base = a.dir.join("base.db");
    let flat_base = a.dir.join("flat_base.db");
    let mut lines = Vec::new();
    fresh(&base);
    fresh(&flat_base);
    let (ours, rss) = measure(loggvakt(&base).arg("import").arg(&big_csv));
    let (theirs, _) = measure(&mut shell_import(&flat_base, &big_csv, true, FLAT_INDEXES));
    lines.push(Line {
        task: "import CSV into an empty database (1 run)".into(),
        rows: big_rows,
        wall: ours,
        rss_kib: rss,
        yardstick: ratio(ours, theirs),
        target: "–".into(),
    });

    let work = a.dir.join("append.db");
    let flat_work = a.dir.join("flat_append.db");
    let ((ours, rss), (theirs, _)) = interleaved(
        a.runs,
        || {
            copy_db(&base, &work);
            measure(loggvakt(&work).arg("import").arg(&next))
        },
        || {
            copy_db(&flat_base, &flat_work);
            measure(&mut shell_import(&flat_work, &next, false, ""))
        },
    );
    lines.push(Line {
        task: format!("import CSV into a database of {big_rows}"),
        rows: a.rows,
        wall: ours,
        rss_kib: rss,
        yardstick: format!("{} (shell, its 2 indexes kept)", ratio(ours, theirs)),
        target: format!(
            "≥ 250,000 rows/s: {}",
            if a.rows as f64 / ours.as_secs_f64() >= 250_000.0 {
                "met"
            } else {
                "not met"
            }
        ),
    });
    let large = a.dir.join("large.db");
    let flat_large = a.dir.join("flat_large.db");
    std::fs::rename(&work, &large).expect("keep the large database");
    std::fs::rename(&flat_work, &flat_large).expect("keep the large flat database");
    let total = big_rows + a.rows;
    lines.push(Line {
        task: format!(
            "storage: {} MiB ({:.0} bytes a row) against the shell's {} MiB",
            file_mib(&large),
            (file_mib(&large) << 20) as f64 / total as f64,
            file_mib(&flat_large)
        ),
        rows: total,
        wall: Duration::ZERO,
        rss_kib: 0,
        yardstick: "–".into(),
        target: "≤ 60 bytes a row".into(),
    });
    let p = params(&large, total / ROWS_PER_DAY);
    lines.extend(query_lines(a, &large, &flat_large, &p));
    lines.push(query_during_import(a, &next, &big_csv, &p.reader));
    print(&format!("{total} rows"), &lines);
}

/// While an import of `big` runs into a database that holds `small`, how long
/// `query --reader R --limit 5` takes (the slowest of 5, each cut off after 30 s).
#[allow(clippy::zombie_processes)]
fn query_during_import(a: &Args, small: &Path, big: &Path, reader: &str) -> Line {
    let db = a.dir.join("busy.db");
    fresh(&db);
    measure(loggvakt(&db).arg("import").arg(small));
    let mut import = loggvakt(&db)
        .arg("import")
        .arg(big)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn the import");
    std::thread::sleep(Duration::from_secs(3));
    assert!(
        import.try_wait().expect("wait").is_none(),
        "the import ended within 3 s"
    );
    let limit = Duration::from_secs(30);
    let mut times = Vec::new();
    for _ in 0..5 {
        let start = Instant::now();
        let mut q = loggvakt(&db)
            .args(["query", "--reader", reader, "--limit", "5"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("spawn the query");
        loop {
            if let Some(status) = q.try_wait().expect("wait") {
                assert!(status.success(), "the query during the import failed");
                break;
            }
            if start.elapsed() > limit {
                q.kill().ok();
                q.wait().ok();
                break;
            }
            std::thread::sleep(Duration::from_millis(2));
        }
        times.push(start.elapsed());
    }
    // The searches' entries are in the trail while the import still runs.
    let listed = loggvakt(&db)
        .args(["audit", "list", "--limit", "20", "--format", "json"])
        .output()
        .expect("audit list");
    let entries: Vec<serde_json::Value> =
        serde_json::from_slice(&listed.stdout).unwrap_or_default();
    let in_trail = entries
        .iter()
        .filter(|e| e["action"] == "query")
        .count()
        .min(times.len());
    let still_running = import.try_wait().expect("wait").is_none();
    import.kill().ok();
    import.wait().ok();
    let wall = times.iter().copied().max().unwrap_or_default();
    let mut sorted = times.clone();
    sorted.sort();
    Line {
        task: format!(
            "query --reader R --limit 5 while a {}-row import runs (slowest of 5; median {}; {in_trail} of {} entries in the trail during the import){}",
            a.rows * 10,
            fmt(sorted[sorted.len() / 2]),
            times.len(),
            if still_running {
                ""
            } else {
                " (the import ended first: not a fair measure)"
            }
        ),
        rows: 5,
        wall,
        rss_kib: 0,
        yardstick: if wall >= limit {
            "cut off after 30 s: it waits for the import".into()
        } else {
            "–".into()
        },
        target: format!(
            "≤ 100 ms, entry in the trail: {}",
            if wall <= Duration::from_millis(100) && in_trail == times.len() {
                "met"
            } else {
                "not met"
            }
        ),
    }
}

/// How `reorder` arranges a file's rows.
#[derive(Clone, Copy)]
enum Order {
    Shuffled,
    Sorted,
}

/// Writes `from`'s rows (after the header) shuffled, or sorted by date and time.
fn reorder(from: &Path, to: &Path, order: Order) {
    if to.exists() {
        return;
    }
    let text = std::fs::read_to_string(from).expect("read CSV");
    let mut lines = text.lines();
    let header = lines.next().expect("header");
    let mut rows: Vec<&str> = lines.collect();
    match order {
        Order::Sorted => rows.sort_by_key(|l| {
            let mut f = l.splitn(3, ';');
            (f.next().unwrap_or(""), f.next().unwrap_or(""))
        }),
        Order::Shuffled => {
            let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
            for i in (1..rows.len()).rev() {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                rows.swap(i, (x % (i as u64 + 1)) as usize);
            }
        }
    }
    let mut out = String::with_capacity(text.len());
    out.push_str(header);
    out.push('\n');
    for r in rows {
        out.push_str(r);
        out.push('\n');
    }
    std::fs::write(to, out).expect("write CSV");
}

/// Row i on month 1 + i mod 12, day 1 + i mod 28, of one year; 500 doors,
/// 3,000 people: how an export spanning months can come.
fn write_month_cycling(path: &Path, rows: u64) {
    if path.exists() {
        return;
    }
    use std::io::Write;
    let mut out = std::io::BufWriter::new(std::fs::File::create(path).expect("create CSV"));
    writeln!(out, "Datum;Tid;Dörr;Kortinnehavare;Kortnummer;Händelse").expect("write");
    for i in 0..rows {
        let second = (i / 336) % 86_400;
        let person = (i * 7 + i / 12) % 3_000;
        writeln!(
            out,
            "2026-{:02}-{:02};{:02}:{:02}:{:02};Dörr {} Hus {};Person{person} Efternamn{};{};Passage beviljad",
            1 + i % 12,
            1 + i % 28,
            second / 3600,
            second / 60 % 60,
            second % 60,
            i % 500,
            i % 500 / 50,
            person % 97,
            10_000_000 + person,
        )
        .expect("write");
    }
    out.flush().expect("flush");
}

/// Import and query time at each size, for the growth section of the README.
fn growth(a: &Args) {
    println!("\n### Growth\n");
    println!(
        "| rows | import into empty | rows/s | database | bytes/row | q1 reader 30 h | q2 person 8 d | q3 per day, 4 weeks |"
    );
    println!("|---:|---:|---:|---:|---:|---:|---:|---:|");
    for &rows in &a.growth {
        let csv = a.dir.join(format!("growth_{rows}.csv"));
        generate(&csv, rows, 5, 0);
        let db = a.dir.join("growth.db");
        fresh(&db);
        let (wall, _) = measure(loggvakt(&db).arg("import").arg(&csv));
        let p = params(&db, rows / ROWS_PER_DAY);
        let mut cols = Vec::new();
        for (_, ours, _) in queries(&p).into_iter().take(3) {
            let walls = (0..a.runs * 4 + 1)
                .map(|_| measure(loggvakt(&db).args(&ours)).0)
                .collect();
            cols.push(fmt(median(walls)));
        }
        let size = std::fs::metadata(&db).map_or(0, |m| m.len());
        println!(
            "| {rows} | {} | {:.0} | {} MiB | {:.0} | {} |",
            fmt(wall),
            rows as f64 / wall.as_secs_f64(),
            size >> 20,
            size as f64 / rows as f64,
            cols.join(" | ")
        );
        // Large files are made again when asked for; the disk is not.
        if rows > 10_000_000 {
            std::fs::remove_file(&csv).ok();
            fresh(&db);
        }
    }
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
