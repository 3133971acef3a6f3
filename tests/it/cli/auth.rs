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
    run.ok_with("stored fields deleted from the file");
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
fn status_without_a_reachable_os_keyring_still_shows_the_environment() {
    // The OS store is made unreachable on any machine: no session bus to find a keyring on.
    let env = TestEnv::new();
    let run = env.run_cmd(
        env.command()
            .env(
                "DBUS_SESSION_BUS_ADDRESS",
                "unix:path=/nonexistent/sellkit-test-bus",
            )
            .env("SELLKIT_SHOPIFY_ACCESS_TOKEN", "shpat_SECRET")
            .args(["auth", "status", "shopify", "--json"]),
    );
    let doc = run.json();
    assert!(!doc["store_error"].is_null(), "{doc}");
    assert_eq!(doc["store"], "os");
    // The shop domain had to come from the store, which could not be read.
    let shopify = &doc["marketplaces"][0];
    assert_eq!(shopify["missing"], serde_json::json!(["shop"]), "{doc}");
    assert_eq!(shopify["fields"][1]["field"], "access_token");
    assert_eq!(shopify["fields"][1]["source"], "env");
    assert!(!run.stdout.contains("shpat_SECRET"));
}

/// Everything a pty session printed up to `needle` (kept, to check what was echoed).
fn upto(p: &mut rexpect::session::PtySession, seen: &mut String, needle: &str) {
    let before = p
        .exp_string(needle)
        .unwrap_or_else(|e| panic!("waiting for {needle:?}: {e}\nso far:\n{seen}"));
    seen.push_str(&before);
    seen.push_str(needle);
}

#[test]
fn login_ebay_in_a_terminal_asks_the_fields_then_exchanges_the_pasted_code() {
    let env = TestEnv::new();
    let rt = crate::common::runtime();
    let server = rt.block_on(wiremock::MockServer::start());
    use wiremock::matchers::{basic_auth, body_string_contains, method, path};
    rt.block_on(
        wiremock::Mock::given(method("POST"))
            .and(path("/identity/v1/oauth2/token"))
            .and(basic_auth("App-PRD-pty0001", "PRD-pty-cert-secret"))
            .and(body_string_contains("grant_type=authorization_code"))
            .and(body_string_contains("code=v%5E1.1%23i%5E1%23pty-code"))
            .and(body_string_contains("redirect_uri=Seller-App-PRD-ru"))
            .respond_with(
                wiremock::ResponseTemplate::new(200).set_body_json(serde_json::json!({
                    "access_token": "v^1.1#pty-access", "expires_in": 7200,
                    "refresh_token": "v^1.1#pty-refresh", "refresh_token_expires_in": 47304000,
                    "token_type": "User Access Token"
                })),
            )
            .expect(1)
            .mount(&server),
    );
    std::fs::write(
        env.path("config.toml"),
        format!(
            "[auth]\ncredentials_file = \"{}\"\n[ebay]\ntoken_url = \"{}/identity/v1/oauth2/token\"\n",
            file_store(&env).display(),
            server.uri()
        ),
    )
    .unwrap();
    let mut c = cmd(&env);
    c.args(["auth", "login", "ebay"])
        .stdin(std::process::Stdio::inherit())
        .env("TERM", "dumb")
        .env_remove("DISPLAY")
        .env_remove("WAYLAND_DISPLAY");
    let mut p = rexpect::session::spawn_command(c, Some(20_000)).expect("spawn auth login");
    let mut seen = String::new();
    upto(&mut p, &mut seen, "App ID (client id)");
    p.send_line("App-PRD-pty0001").unwrap();
    upto(&mut p, &mut seen, "Cert ID (client secret)");
    p.send_line("PRD-pty-cert-secret").unwrap();
    upto(&mut p, &mut seen, "RuName");
    p.send_line("Seller-App-PRD-ru").unwrap();
    // The consent page is printed with its state; the accept URL eBay sends the browser to is
    // pasted back with the code and the same state.
    upto(&mut p, &mut seen, "state=");
    let (_, state) = p.exp_regex("[A-Za-z0-9_-]+").unwrap();
    seen.push_str(&state);
    upto(&mut p, &mut seen, "paste the full address");
    p.send_line(&format!(
        "https://signin.ebay.com/ws/eBayISAPI.dll?ThirdPartyAuthSucessFailure&isAuthSuccessful=true&code=v%5E1.1%23i%5E1%23pty-code&state={state}&expires_in=299"
    ))
    .unwrap();
    upto(&mut p, &mut seen, "ebay: credentials saved in");
    seen.push_str(&p.exp_eof().unwrap());
    assert!(matches!(
        p.process().wait().unwrap(),
        rexpect::process::WaitStatus::Exited(_, 0)
    ));
    rt.block_on(server.verify());
    // The consent page asked for the seller scopes with the RuName.
    assert!(seen.contains("auth.ebay.com/oauth2/authorize"), "{seen}");
    assert!(seen.contains("redirect_uri=Seller-App-PRD-ru"), "{seen}");
    assert!(seen.contains("sell.fulfillment"), "{seen}");
    // The ledger's Sell Finances scope too.
    assert!(seen.contains("sell.finances"), "{seen}");
    // The App ID is public in the consent URL (OAuth needs it there), but it and the Cert ID
    // are typed without echo, and nothing printed a secret or a token back.
    assert!(seen.contains("client_id=App-PRD-pty0001"), "{seen}");
    assert!(seen.matches("********").count() >= 2, "{seen}");
    for secret in [
        "PRD-pty-cert-secret",
        "v^1.1#pty-refresh",
        "v^1.1#pty-access",
    ] {
        assert!(
            !seen.contains(secret),
            "the terminal showed {secret}:\n{seen}"
        );
    }
    let stored = std::fs::read_to_string(file_store(&env)).unwrap();
    assert!(stored.contains("v^1.1#pty-refresh") && stored.contains("PRD-pty-cert-secret"));
    // status: every required field from the store, none printed.
    let run = env.run_cmd(cmd(&env).args(["auth", "status", "ebay", "--json"]));
    assert_eq!(run.code, 0, "{}", run.stderr);
    for secret in [
        "PRD-pty-cert-secret",
        "v^1.1#pty-refresh",
        "v^1.1#pty-access",
    ] {
        assert!(!run.stdout.contains(secret));
    }
    let doc: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let ebay = &doc["marketplaces"][0];
    assert_eq!(ebay["ready"], true, "{doc}");
    assert_eq!(ebay["missing"].as_array().unwrap().len(), 0);
    let field = |name: &str| {
        ebay["fields"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["field"] == name)
            .unwrap_or_else(|| panic!("no {name} in {doc}"))
            .clone()
    };
    assert_eq!(field("refresh_token")["source"], "store");
    // The pinned clock (SELLKIT_NOW) plus the token's 7,200 seconds.
    assert_eq!(field("access_token")["expires_at"], "2025-06-30T14:00:00Z");
}
