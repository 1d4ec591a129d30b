//! A purpose on every look: a person search needs one, both kinds are recorded, and
//! `audit who` finds every entry that concerned a person, named or in the results.

mod common;

use common::{Env, SSM};
use predicates::prelude::*;

fn loaded() -> Env {
    let env = Env::new();
    let f = env.write("ssm.txt", SSM);
    env.import(&[&f]);
    env
}

fn register(env: &Env) -> String {
    let out = env
        .cmd()
        .args([
            "request",
            "new",
            "--requester",
            "Karin Nyström",
            "--unit",
            "Avd 42",
        ])
        .args([
            "--reason",
            "theft",
            "--text",
            "Misstänkt stöld",
            "--person",
            "100234",
        ])
        .args(["--from", "2026-10-01", "--to", "2026-10-31"])
        .assert()
        .success();
    String::from_utf8_lossy(&out.get_output().stdout)
        .trim()
        .to_owned()
}

fn who(env: &Env, person: &str) -> serde_json::Value {
    let out = env
        .cmd()
        .args(["audit", "who", person, "--format", "json"])
        .assert()
        .success();
    serde_json::from_slice(&out.get_output().stdout).unwrap()
}

#[test]
fn a_person_search_without_a_purpose_is_refused_with_advice() {
    let env = loaded();
    for args in [
        &["query", "--person", "Lindqvist, Åsa"][..],
        &["query", "--card", "3401128"],
    ] {
        env.cmd().args(args).assert().code(2).stdout("").stderr(
            predicate::str::contains("--case R-YYYY-NNNN")
                .and(predicate::str::contains("--reason")),
        );
    }
    env.cmd()
        .args(["--lang", "sv", "query", "--person", "100234"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("behöver ett ändamål"));
    // A request that does not exist is no purpose.
    env.cmd()
        .args(["query", "--person", "100234", "--case", "R-2026-0099"])
        .assert()
        .code(1)
        .stdout("")
        .stderr(predicate::str::contains("no request R-2026-0099"));
    // Nothing was shown, so nothing was searched.
    let entries = env.json(&["audit", "list", "--limit", "0"]);
    assert!(
        entries.iter().all(|e| e["action"] != "query"),
        "{entries:?}"
    );
}

#[test]
fn searches_under_a_case_and_a_reason_and_by_reader_all_show_in_audit_who() {
    let env = loaded();
    let case = register(&env);
    assert!(case.starts_with("R-") && case.ends_with("-0001"), "{case}");
    env.cmd()
        .args(["query", "--person", "Lindqvist, Åsa", "--case", &case])
        .assert()
        .success();
    env.cmd()
        .args([
            "query",
            "--person",
            "100234",
            "--reason",
            "Larm Avd 42 natten 14/10",
        ])
        .assert()
        .success();
    // A reader search names no one, yet its results hold her passages.
    env.cmd()
        .args(["query", "--reader", "Personalingång"])
        .assert()
        .success();
    // A search whose results do not hold her does not concern her.
    env.cmd()
        .args([
            "query",
            "--reader",
            "L0142",
            "--from",
            "2026-10-14 07:54",
            "--to",
            "2026-10-14 07:56",
        ])
        .assert()
        .success();

    for name in ["Åsa Lindqvist", "Lindqvist, Åsa", "100234", "0003401128"] {
        let w = who(&env, name);
        let entries = w["entries"].as_array().unwrap();
        let queries: Vec<&serde_json::Value> =
            entries.iter().filter(|e| e["action"] == "query").collect();
        assert_eq!(queries.len(), 3, "{name}: {w:#}");
        assert_eq!(queries[0]["purpose"], case.as_str());
        assert_eq!(queries[1]["purpose"], "Larm Avd 42 natten 14/10");
        assert_eq!(queries[0]["how"], serde_json::json!(["named", "results"]));
        assert_eq!(queries[2]["how"], serde_json::json!(["results"]));
        assert_eq!(queries[2]["details"]["readers"][0], "Personalingång");
        for q in &queries {
            assert!(!q["os_user"].as_str().unwrap().is_empty());
            assert!(!q["at"].as_str().unwrap().is_empty());
        }
    }
    // Per Öberg was in the narrow reader search's results only.
    let w = who(&env, "Öberg, Per");
    let actions: Vec<&str> = w["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert_eq!(actions, ["query"], "{w:#}");

    // `audit who` is itself in the trail.
    let entries = env.json(&["audit", "list", "--limit", "0"]);
    assert!(entries.iter().any(|e| e["action"] == "audit_who"));

    // The request lists the search made under its reference.
    let out = env
        .cmd()
        .args(["request", "show", &case, "--format", "json"])
        .assert()
        .success();
    let shown: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    let searches = shown["searches"].as_array().unwrap();
    assert_eq!(searches.len(), 1, "{shown:#}");
    assert_eq!(searches[0]["action"], "query");
    let table = env
        .cmd()
        .args(["request", "show", &case])
        .assert()
        .success();
    assert!(
        String::from_utf8_lossy(&table.get_output().stdout).contains("Searches under this request")
    );
}

#[test]
fn the_config_can_ask_a_purpose_of_every_search() {
    let env = loaded();
    let config = env.dir.path().join("config").join("loggvakt");
    std::fs::create_dir_all(&config).unwrap();
    std::fs::write(
        config.join("config.toml"),
        "[policy]\npurpose_for_every_search = true\n",
    )
    .unwrap();
    env.cmd()
        .args(["query", "--reader", "L0142"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("every search"));
    env.cmd()
        .args(["counts", "--from", "2026-10-14"])
        .assert()
        .code(2);
    env.cmd()
        .args(["query", "--reader", "L0142", "--reason", "Rond"])
        .assert()
        .success();
}

#[test]
fn a_purpose_with_control_characters_is_refused() {
    let env = loaded();
    let out = env
        .cmd()
        .args([
            "query",
            "--person",
            "100234",
            "--reason",
            "x\u{1b}]52;c;Y3VybA==\u{7}",
        ])
        .assert()
        .code(2);
    let err = out.get_output().stderr.clone();
    assert!(!err.contains(&0x1b), "{}", String::from_utf8_lossy(&err));
    assert!(String::from_utf8_lossy(&err).contains("control"));
}
