use crate::common::TestEnv;

#[test]
fn demo_prints_row_counts_and_creates_a_private_database() {
    let env = TestEnv::new();
    let run = env.run(&["sync", "demo", "--skus", "12", "--days", "120", "--json"]);
    let doc = run.json_with("Filled the demo shop in");
    assert_eq!(doc["schema_version"], 1);
    assert_eq!(doc["source"], "demo");
    let s = &doc["summary"];
    assert_eq!(s["skus"], 12);
    assert_eq!(s["days"], 120);
    assert_eq!(s["last_day"], "2025-06-29");
    assert_eq!(s["first_day"], "2025-03-02");
    assert!(s["rows"]["order_lines"].as_u64().unwrap() > 100, "{s}");
    assert_eq!(s["rows"]["shops"], 4);
    assert!(
        run.stderr.contains("Filled the demo shop"),
        "{}",
        run.stderr
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(env.db()).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
        let dir_mode = std::fs::metadata(env.db().parent().unwrap())
            .unwrap()
            .permissions()
            .mode()
            & 0o777;
        assert_eq!(dir_mode, 0o700);
    }
}

#[test]
fn quiet_hides_status_but_not_results() {
    let env = TestEnv::new();
    let run = env.run(&[
        "sync", "demo", "--skus", "5", "--days", "60", "-q", "--format", "ndjson",
    ]);
    assert_eq!(run.stderr, "");
    let lines: Vec<serde_json::Value> = run
        .ok()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert!(
        lines
            .iter()
            .any(|l| l["table"] == "orders" && l["rows"].as_u64().unwrap() > 0)
    );
}

#[test]
fn rerunning_the_demo_replaces_it_without_duplicates() {
    let env = TestEnv::new();
    let first = env
        .run(&[
            "sync", "demo", "--skus", "8", "--days", "90", "--json", "-q",
        ])
        .json();
    let second = env
        .run(&[
            "sync", "demo", "--skus", "8", "--days", "90", "--json", "-q",
        ])
        .json();
    assert_eq!(first, second);
    let conn = rusqlite::Connection::open(env.db()).unwrap();
    let orders: i64 = conn
        .query_row("SELECT COUNT(*) FROM orders", [], |r| r.get(0))
        .unwrap();
    assert_eq!(orders, first["summary"]["rows"]["orders"].as_i64().unwrap());
    let dup: i64 = conn
        .query_row("SELECT COUNT(*) FROM (SELECT external_id FROM orders GROUP BY shop_id, external_id HAVING COUNT(*) > 1)", [], |r| r.get(0))
        .unwrap();
    assert_eq!(dup, 0);
}

#[test]
fn two_writers_at_once_both_succeed() {
    let env = TestEnv::new();
    env.run(&["db", "migrate", "-q"]).ok();
    let spawn = |seed: &str| {
        env.command()
            .args([
                "sync", "demo", "--skus", "30", "--days", "365", "-q", "--seed", seed,
            ])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap()
    };
    let a = spawn("1");
    let b = spawn("2");
    let reader = env.run(&["report", "sales", "--json"]);
    for child in [a, b] {
        let out = child.wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    // The reader saw either the empty store or a finished fill, never an error.
    reader.ok();
}

#[test]
fn a_fresh_database_from_two_processes_at_once() {
    // Both processes find no file and race to create and migrate it.
    let env = TestEnv::new();
    let children: Vec<_> = (0..2)
        .map(|i| {
            env.command()
                .args([
                    "sync",
                    "demo",
                    "--skus",
                    "6",
                    "--days",
                    "60",
                    "-q",
                    "--seed",
                    &i.to_string(),
                ])
                .stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    for child in children {
        let out = child.wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}
