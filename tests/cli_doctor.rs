//! `loggvakt doctor` through the real binary: a derived table corrupted behind the
//! tool's back is named in plain words, `--repair` rebuilds it and is audited.

mod common;

use common::{Env, SSM};

fn doctor(env: &Env, args: &[&str]) -> (bool, String) {
    let out = env.cmd().arg("doctor").args(args).output().unwrap();
    let text =
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.code() == Some(0) || out.status.code() == Some(1),
        "{text}"
    );
    (out.status.success(), text)
}

#[test]
fn a_corrupted_derived_table_is_named_and_repaired() {
    let env = Env::new();
    let f = env.write("ssm.txt", SSM);
    env.import(&[&f]);
    let (ok, out) = doctor(&env, &[]);
    assert!(ok, "{out}");
    assert!(out.contains("The database file is sound"), "{out}");
    assert!(
        out.contains("The passages per reader and day (passage_day) agree"),
        "{out}"
    );

    // Behind the tool's back: a day's count changed, a reader's key lost.
    let conn = rusqlite::Connection::open(&env.db).unwrap();
    conn.execute_batch(
        "UPDATE passage_day SET passages = passages + 3
             WHERE (reader_id, day) = (SELECT reader_id, day FROM passage_day LIMIT 1);
         DELETE FROM passage_by_reader WHERE id = (SELECT min(id) FROM passage);",
    )
    .unwrap();
    drop(conn);
    let (ok, out) = doctor(&env, &[]);
    assert!(!ok, "{out}");
    assert!(
        out.contains(
            "The passages per reader and day (passage_day) disagree with the passages: \
             0 rows missing, 0 rows too many, 1 rows with wrong values."
        ),
        "{out}"
    );
    assert!(
        out.contains(
            "The search keys of passages by reader (passage_by_reader) disagree with the passages: \
             1 rows missing"
        ),
        "{out}"
    );
    assert!(out.contains("Run loggvakt doctor --repair"), "{out}");
    // A search by that reader misses the passage until the repair.
    let before = env.count(&["--reader", "L0142"]) + env.count(&["--reader", "L0001"]);

    let (ok, out) = doctor(&env, &["--repair"]);
    assert!(ok, "{out}");
    assert!(
        out.contains("The passages per reader and day (passage_day) were rebuilt"),
        "{out}"
    );
    let (ok, out) = doctor(&env, &["--lang", "sv"]);
    assert!(ok, "{out}");
    assert!(out.contains("stämmer med passagerna"), "{out}");
    let after = env.count(&["--reader", "L0142"]) + env.count(&["--reader", "L0001"]);
    assert_eq!(after, before + 1);

    let trail = env.json(&["audit", "list"]);
    assert!(
        trail
            .iter()
            .any(|e| e["action"] == "doctor repair" && e.to_string().contains("passage_by_reader")),
        "{trail:?}"
    );
}
