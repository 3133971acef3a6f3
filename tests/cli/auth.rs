//! `sellkit auth`: where credentials come from, the file store, and that values never print.

use crate::common::TestEnv;

fn file_store(env: &TestEnv) -> std::path::PathBuf {
    env.path("secrets/credentials.toml")
}

fn cmd(env: &TestEnv) -> std::process::Command {
    let mut c = env.command();
    c.env("SELLKIT_KEYSTORE", "file");
    c.env("SELLKIT_CONFIG", env.path("config.toml"));
    c
}

fn setup(env: &TestEnv) {
    std::fs::write(
        env.path("config.toml"),
        format!(
            "[auth]\ncredentials_file = \"{}\"\n",
            file_store(env).display()
        ),
    )
    .unwrap();
}

fn write_store(env: &TestEnv, text: &str) {
    let p = file_store(env);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(&p, text).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o600)).unwrap();
    }
}

#[test]
fn status_tells_sources_and_expiry_but_never_values() {
    let env = TestEnv::new();
    setup(&env);
    write_store(
        &env,
        "\"etsy.api_key\" = \"KEYSTRING-SECRET-1\"\n\"etsy.refresh_token\" = \"REFRESH-SECRET-2\"\n\
         \"etsy.access_token\" = \"ACCESS-SECRET-3\"\n\"etsy.access_token_expires_at\" = \"2025-06-30T11:00:00Z\"\n",
    );
    let run = env.run_cmd(
        cmd(&env)
            .env("SELLKIT_SHOPIFY_ACCESS_TOKEN", "shpat_ENV-SECRET-4")
            .args(["auth", "status", "--json", "-vv"]),
    );
    let doc = run.json();
    assert_eq!(doc["store"], "file");
    let all = format!("{}{}", run.stdout, run.stderr);
    for secret in [
        "KEYSTRING-SECRET-1",
        "REFRESH-SECRET-2",
        "ACCESS-SECRET-3",
        "ENV-SECRET-4",
    ] {
        assert!(!all.contains(secret), "{secret} printed:\n{all}");
    }
    let mps = doc["marketplaces"].as_array().unwrap();
    let etsy = mps.iter().find(|m| m["marketplace"] == "etsy").unwrap();
    assert_eq!(etsy["ready"], true);
    let field = |m: &serde_json::Value, f: &str| {
        m["fields"]
            .as_array()
            .unwrap()
            .iter()
            .find(|x| x["field"] == f)
            .unwrap()
            .clone()
    };
    assert_eq!(field(etsy, "api_key")["source"], "store");
    let at = field(etsy, "access_token");
    assert_eq!(at["expires_at"], "2025-06-30T11:00:00Z");
    assert_eq!(at["expired"], true);
    let shopify = mps.iter().find(|m| m["marketplace"] == "shopify").unwrap();
    assert_eq!(field(shopify, "access_token")["source"], "env");
    assert_eq!(
        field(shopify, "access_token")["from"],
        "SELLKIT_SHOPIFY_ACCESS_TOKEN"
    );
    assert_eq!(shopify["ready"], false);
    assert_eq!(shopify["missing"], serde_json::json!(["shop"]));

    // The table names the store and the variables, not the values.
    let table = env.run_cmd(cmd(&env).args(["auth", "status", "etsy"]));
    let out = table.ok();
    assert!(out.contains("etsy: ready"), "{out}");
    assert!(out.contains("expired 2025-06-30T11:00:00Z"), "{out}");
    assert!(!out.contains("SECRET"), "{out}");
}

#[test]
fn logout_removes_stored_fields_and_mentions_variables_left() {
    let env = TestEnv::new();
    setup(&env);
    write_store(
        &env,
        "\"ebay.client_id\" = \"id\"\n\"ebay.client_secret\" = \"s\"\n\"shopify.shop\" = \"a.myshopify.com\"\n",
    );
    let run = env.run_cmd(
        cmd(&env)
            .env("SELLKIT_EBAY_REFRESH_TOKEN", "r")
            .args(["auth", "logout", "ebay"]),
    );
    run.ok();
    assert!(
        run.stderr.contains("2 stored fields deleted"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("SELLKIT_EBAY_REFRESH_TOKEN"),
        "{}",
        run.stderr
    );
    let left = std::fs::read_to_string(file_store(&env)).unwrap();
    assert!(!left.contains("ebay."), "{left}");
    assert!(left.contains("shopify.shop"), "{left}");
}

#[test]
fn a_world_readable_credentials_file_is_refused() {
    let env = TestEnv::new();
    setup(&env);
    write_store(&env, "\"etsy.api_key\" = \"k\"\n");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(file_store(&env), std::fs::Permissions::from_mode(0o644)).unwrap();
        let err = env
            .run_cmd(cmd(&env).args(["auth", "status"]))
            .fails(3)
            .to_string();
        assert!(err.contains("chmod 600"), "{err}");
    }
}

#[test]
fn login_without_a_terminal_points_to_the_variables() {
    let env = TestEnv::new();
    setup(&env);
    let err = env
        .run_cmd(cmd(&env).args(["auth", "login", "shopify"]))
        .fails(2)
        .to_string();
    assert!(err.contains("SELLKIT_SHOPIFY_"), "{err}");
    assert!(!file_store(&env).exists());
}

#[test]
fn unknown_store_and_marketplace_are_clear_errors() {
    let env = TestEnv::new();
    let err = env
        .run_cmd(
            env.command()
                .env("SELLKIT_KEYSTORE", "vault")
                .args(["auth", "status"]),
        )
        .fails(3)
        .to_string();
    assert!(err.contains("os, kernel or file"), "{err}");
    env.run(&["auth", "status", "walmart"]).fails(2);
}

#[test]
#[allow(clippy::print_stdout)] // the skip notice the test harness shows
fn status_without_a_reachable_os_keyring_still_shows_the_environment() {
    // The test machine has no desktop keyring: the OS store cannot be read.
    let env = TestEnv::new();
    let run = env.run_cmd(
        env.command()
            .env("SELLKIT_SHOPIFY_ACCESS_TOKEN", "shpat_SECRET")
            .args(["auth", "status", "shopify", "--json"]),
    );
    let doc = run.json();
    if doc["store_error"].is_null() {
        println!("skipped: an OS keyring is reachable here; the fallback path was not exercised");
        return;
    }
    assert_eq!(doc["store"], "os");
    // The shop domain had to come from the store, which could not be read.
    let shopify = &doc["marketplaces"][0];
    assert_eq!(shopify["missing"], serde_json::json!(["shop"]), "{doc}");
    assert_eq!(shopify["fields"][1]["field"], "access_token");
    assert_eq!(shopify["fields"][1]["source"], "env");
    assert!(!run.stdout.contains("shpat_SECRET"));
}
