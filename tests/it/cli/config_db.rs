use crate::common::TestEnv;

#[test]
fn config_get_shows_origins_and_set_writes_the_file() {
    let env = TestEnv::new();
    let all = env.run(&["config", "get", "--json"]).json();
    let settings = all["settings"].as_array().unwrap();
    let db = settings.iter().find(|s| s["key"] == "db").unwrap();
    assert_eq!(db["origin"], "env");
    let period = settings
        .iter()
        .find(|s| s["key"] == "report.period")
        .unwrap();
    assert_eq!(period["value"], "month");
    assert_eq!(period["origin"], "default");

    let run = env.run(&["config", "set", "report.period", "week"]);
    run.ok_with("report.period = week (in");
    let path = env.run(&["config", "path"]).ok().trim().to_string();
    assert!(path.ends_with("config/sellkit/config.toml"), "{path}");
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains("period = \"week\""), "{text}");
    let one = env
        .run(&["config", "get", "report.period", "--json"])
        .json();
    assert_eq!(one["settings"][0]["value"], "week");
    assert_eq!(one["settings"][0]["origin"], "file");

    // --db beats SELLKIT_DB.
    let flag = env
        .run(&["--db", "other.db", "config", "get", "db", "--json"])
        .json();
    assert_eq!(flag["settings"][0]["origin"], "flag");

    // SELLKIT_KEYSTORE beats auth.store, and `config get` says so.
    let store = env
        .run_cmd(env.command().env("SELLKIT_KEYSTORE", "file").args([
            "config",
            "get",
            "auth.store",
            "--json",
        ]))
        .json();
    assert_eq!(store["settings"][0]["value"], "file");
    assert_eq!(store["settings"][0]["origin"], "env");
}

#[test]
fn override_tables_by_sku_and_marketplace_are_not_unknown_keys() {
    let env = TestEnv::new();
    let dir = env.path("config/sellkit");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("config.toml"),
        "[pricing.sku.\"A-1\"]\nmin_margin_bp = 1000\n\n[pricing.marketplace.etsy]\nmin_margin_bp = 1200\n\n[forecast.sku.\"B-2\"]\nmoq = 5\n\n[pricing]\nmin_margn_bp = 3\n",
    )
    .unwrap();
    let run = env.run(&["config", "get", "pricing.min_margin_bp"]);
    // The typo is still caught; the override tables are not reported as unknown keys.
    run.ok_with("unknown config key \"pricing.min_margn_bp\"");
    assert_eq!(run.stderr.lines().count(), 1, "{}", run.stderr);
}

#[test]
fn config_set_refuses_unknown_keys_and_bad_values() {
    let env = TestEnv::new();
    let err = env.run(&["config", "set", "report.colour", "x"]);
    assert!(
        err.fails(2).contains("unknown config key"),
        "{}",
        err.stderr
    );
    let err = env.run(&["config", "set", "demo.skus", "lots"]);
    assert!(
        err.fails(2).contains("not a whole number"),
        "{}",
        err.stderr
    );
    assert!(!env.path("config/sellkit/config.toml").exists());
}

#[test]
fn a_broken_config_file_is_exit_3() {
    let env = TestEnv::new();
    std::fs::write(env.path("bad.toml"), "format = \"xml\"\n").unwrap();
    let err = env.run(&["--config", "bad.toml", "config", "get"]);
    let line = err.fails(3);
    assert!(
        line.contains("bad.toml") && line.contains("format"),
        "{line}"
    );
}

#[test]
fn db_path_backup_check_migrate() {
    let env = TestEnv::new();
    env.small_demo();
    let path = env.run(&["db", "path"]).ok().trim().to_string();
    assert_eq!(path, env.db().display().to_string());
    let check = env.run(&["db", "check", "--json"]).json();
    assert_eq!(check["ok"], true);
    let migrate = env.run(&["db", "migrate", "--json"]).json();
    assert_eq!(migrate["db_schema_version"], migrate["latest"]);

    let backup = env.path("backup.db");
    env.run(&["db", "backup", backup.to_str().unwrap(), "-q"])
        .ok();
    let conn = rusqlite::Connection::open(&backup).unwrap();
    let lines: i64 = conn
        .query_row("SELECT COUNT(*) FROM order_lines", [], |r| r.get(0))
        .unwrap();
    assert!(lines > 0);
    // A second backup to the same file is refused, and the first is kept.
    let err = env.run(&["db", "backup", backup.to_str().unwrap()]);
    assert!(err.fails(3).contains("already exists"));
}

#[test]
fn help_documents_exit_codes_and_environment() {
    let env = TestEnv::new();
    let help = env.run(&["--help"]);
    let text = help.ok();
    for needle in [
        "Exit codes:",
        "6  refused for safety",
        "SELLKIT_DB",
        "NO_COLOR",
    ] {
        assert!(text.contains(needle), "missing {needle:?} in --help");
    }
    assert!(env.run(&["--version"]).ok().starts_with("sellkit "));
}
