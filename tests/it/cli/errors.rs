use crate::common::{TestEnv, read};

#[test]
fn a_missing_database_is_exit_3_and_is_not_created() {
    let env = TestEnv::new();
    let err = env.run(&["report"]);
    let line = err.fails(3);
    assert!(
        line.starts_with("sellkit: error: no database at "),
        "{line}"
    );
    assert!(line.contains("sellkit sync demo"), "{line}");
    assert_eq!(line.lines().count(), 1);
    assert!(!env.db().exists());
    assert!(
        !env.db().parent().unwrap().exists(),
        "reading must create nothing"
    );
}

#[test]
fn a_corrupt_database_is_exit_5_and_left_unchanged() {
    let env = TestEnv::new();
    std::fs::create_dir_all(env.db().parent().unwrap()).unwrap();
    let garbage: Vec<u8> = (0..8192u32).map(|i| (i * 7 % 251) as u8).collect();
    std::fs::write(env.db(), &garbage).unwrap();
    for args in [
        &["report"][..],
        &["sync", "demo", "--skus", "3", "--days", "30"][..],
        &["db", "check"][..],
    ] {
        let err = env.run(args);
        let line = err.fails(5);
        assert!(line.contains("is not a sellkit database"), "{line}");
        assert_eq!(line.lines().count(), 1, "{line}");
        assert_eq!(
            read(&env.db()).unwrap(),
            garbage,
            "{args:?} changed the file"
        );
    }
    assert!(!env.path("data/sellkit.db-wal").exists());
}

#[test]
fn an_unwritable_database_path_is_exit_3() {
    let env = TestEnv::new();
    std::fs::write(env.path("plain-file"), "x").unwrap();
    let db = env.path("plain-file/sub/sellkit.db");
    let err = env.run(&[
        "--db",
        db.to_str().unwrap(),
        "sync",
        "demo",
        "--skus",
        "3",
        "--days",
        "30",
    ]);
    let line = err.fails(3);
    assert!(line.contains("plain-file"), "{line}");
    assert_eq!(read(&env.path("plain-file")).unwrap(), b"x");
}

#[test]
fn an_unwritable_output_file_is_exit_3_and_nothing_is_written() {
    let env = TestEnv::new();
    env.small_demo();
    std::fs::write(env.path("plain-file"), "x").unwrap();
    let err = env.run(&["report", "-o", "plain-file/report.txt"]);
    err.fails(3);
    assert_eq!(read(&env.path("plain-file")).unwrap(), b"x");
}

#[test]
fn usage_errors_are_exit_2() {
    let env = TestEnv::new();
    env.small_demo();
    let before = read(&env.db()).unwrap();
    let err = env.run(&["report", "--format", "xml"]);
    assert!(
        err.fails(2).contains("invalid value 'xml'"),
        "{}",
        err.stderr
    );
    let err = env.run(&["report", "--since", "2025-13-01"]);
    assert!(
        err.fails(2).contains("is not a date; use YYYY-MM-DD"),
        "{}",
        err.stderr
    );
    let err = env.run(&["report", "--since", "2025-06-01", "--until", "2025-05-01"]);
    assert!(err.fails(2).contains("is after --until"), "{}", err.stderr);
    let err = env.run(&["report", "--json", "--format", "csv"]);
    err.fails(2);
    let err = env.run(&["sync", "demo", "--days", "3"]);
    err.fails(2);
    assert_eq!(read(&env.db()).unwrap(), before);
}

#[test]
fn a_bad_sellkit_now_is_exit_3() {
    let env = TestEnv::new();
    let err = env.run_cmd(
        env.command()
            .args(["config", "path"])
            .env("SELLKIT_NOW", "soon"),
    );
    assert!(err.fails(3).contains("SELLKIT_NOW"));
}

#[test]
fn a_closed_pipe_is_not_an_error() {
    let env = TestEnv::new();
    env.run(&["sync", "demo", "--skus", "40", "--days", "400", "-q"])
        .ok();
    let mut child = env
        .command()
        .args([
            "report",
            "--period",
            "day",
            "--since",
            "2024-06-01",
            "--format",
            "ndjson",
        ])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // Read one line, then close our end, like `| head -1`.
    {
        use std::io::BufRead;
        let stdout = child.stdout.take().unwrap();
        let mut first = String::new();
        std::io::BufReader::new(stdout)
            .read_line(&mut first)
            .unwrap();
        assert!(first.starts_with('{'));
    }
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "{:?} {}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(String::from_utf8_lossy(&out.stderr), "");
}
