use std::path::{Path, PathBuf};
use std::process::Command;

/// A private home, config and database for one test, with a fixed clock and no colour.
pub struct TestEnv {
    pub dir: tempfile::TempDir,
}

/// What a run printed and how it ended.
#[derive(Debug)]
pub struct Run {
    pub stdout: String,
    pub stderr: String,
    pub code: i32,
}

impl Run {
    /// Asserts success with nothing on stderr, and returns stdout.
    #[track_caller]
    pub fn ok(&self) -> &str {
        self.ok_with_stderr();
        assert_eq!(
            self.stderr, "",
            "expected a silent stderr\nstdout:\n{}",
            self.stdout
        );
        &self.stdout
    }

    /// Asserts success with `stderr_has` in what stderr says (a status line, a warning, a log at
    /// -v), and returns stdout.
    #[track_caller]
    pub fn ok_with(&self, stderr_has: &str) -> &str {
        self.ok_with_stderr();
        assert!(
            self.stderr.contains(stderr_has),
            "stderr lacks {stderr_has:?}\nstderr:\n{}",
            self.stderr
        );
        &self.stdout
    }

    /// Asserts success where the test checks stderr itself. Returns stdout.
    #[track_caller]
    pub fn ok_with_stderr(&self) -> &str {
        assert_eq!(
            self.code, 0,
            "expected success\nstdout:\n{}\nstderr:\n{}",
            self.stdout, self.stderr
        );
        &self.stdout
    }

    /// Asserts the exit code, an empty stdout and one error line on stderr.
    #[track_caller]
    pub fn fails(&self, code: i32) -> &str {
        assert_eq!(
            self.code, code,
            "exit code\nstdout:\n{}\nstderr:\n{}",
            self.stdout, self.stderr
        );
        assert_eq!(self.stdout, "", "stdout must be empty on error");
        self.stderr.trim_end()
    }

    /// Asserts a silent success and parses stdout as JSON.
    #[track_caller]
    pub fn json(&self) -> serde_json::Value {
        self.ok();
        self.parse()
    }

    /// Asserts success with `stderr_has` on stderr and parses stdout as JSON.
    #[track_caller]
    pub fn json_with(&self, stderr_has: &str) -> serde_json::Value {
        self.ok_with(stderr_has);
        self.parse()
    }

    #[track_caller]
    fn parse(&self) -> serde_json::Value {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| panic!("not JSON ({e}):\n{}", self.stdout))
    }
}

pub const NOW: &str = "2025-06-30T12:00:00Z";

impl TestEnv {
    pub fn new() -> TestEnv {
        TestEnv {
            dir: tempfile::tempdir().expect("temp dir"),
        }
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    pub fn db(&self) -> PathBuf {
        self.path("data/sellkit.db")
    }

    pub fn command(&self) -> Command {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_sellkit"));
        for (k, _) in std::env::vars_os() {
            if k.to_string_lossy().starts_with("SELLKIT_") {
                cmd.env_remove(&k);
            }
        }
        let home = self.dir.path();
        cmd.current_dir(home)
            .env("HOME", home)
            .env("XDG_CONFIG_HOME", home.join("config"))
            .env("XDG_DATA_HOME", home.join("share"))
            .env("SELLKIT_DB", self.db())
            .env("SELLKIT_NOW", NOW)
            .env("NO_COLOR", "1")
            .env("COLUMNS", "200")
            .stdin(std::process::Stdio::null());
        cmd
    }

    pub fn run(&self, args: &[&str]) -> Run {
        self.run_cmd(self.command().args(args))
    }

    pub fn run_cmd(&self, cmd: &mut Command) -> Run {
        let out = cmd.output().expect("run sellkit");
        Run {
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
            code: out.status.code().unwrap_or(-1),
        }
    }

    /// A small demo shop: 12 SKUs over 400 days ending the day before NOW.
    pub fn small_demo(&self) -> &TestEnv {
        self.run(&["sync", "demo", "--skus", "12", "--days", "400", "-q"])
            .ok();
        self
    }
}

/// Bytes of a file, or None when it does not exist.
pub fn read(path: &Path) -> Option<Vec<u8>> {
    std::fs::read(path).ok()
}

/// The install secret the binary uses in a test home with `SELLKIT_KEYSTORE=file` (or on a
/// machine without an OS keyring): the file store in the data folder.
pub fn seal(env: &TestEnv) -> sellkit::drafts::Seal {
    let store = sellkit::auth::KeyStore::File(env.path("share/sellkit/credentials.toml"));
    sellkit::drafts::Seal::load_or_create(&store, None).expect("install secret")
}

/// The test's database, opened with the binary's install secret.
pub fn open_store(env: &TestEnv) -> sellkit::store::Store {
    sellkit::store::Store::open_existing(&env.db())
        .expect("db")
        .with_seal(seal(env))
}

/// Approves a draft as `sellkit review` would (a sealed approval of its current hash).
pub fn approve(env: &TestEnv, id: i64) {
    let store = open_store(env);
    let hash: String = store
        .conn()
        .query_row("SELECT payload_hash FROM drafts WHERE id = ?1", [id], |r| {
            r.get(0)
        })
        .unwrap();
    let seal = store.seal().unwrap();
    sellkit::drafts::approve(
        store.conn(),
        &sellkit::drafts::Decider {
            seal: &seal,
            who: "tester",
            how: "tty",
            now: "2025-06-30T12:00:00Z",
        },
        id,
        &hash,
    )
    .unwrap();
}

impl TestEnv {
    /// The first column of the first row of `sql` over the test's database.
    #[track_caller]
    pub fn count(&self, sql: &str) -> i64 {
        let conn = rusqlite::Connection::open(self.db()).expect("open db");
        count(&conn, sql)
    }

    /// Every text value of every column of every table of the test's database, one per line
    /// (where a secret must not be).
    pub fn db_text(&self) -> String {
        let conn = rusqlite::Connection::open(self.db()).expect("open db");
        all_text(&conn)
    }
}

/// The first column of the first row of `sql`.
#[track_caller]
pub fn count(conn: &rusqlite::Connection, sql: &str) -> i64 {
    conn.query_row(sql, [], |r| r.get(0))
        .unwrap_or_else(|e| panic!("{sql}: {e}"))
}

/// Every text value of every column of every table, one per line.
pub fn all_text(conn: &rusqlite::Connection) -> String {
    let names = |sql: &str| -> Vec<String> {
        conn.prepare(sql)
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .map(|r| r.unwrap())
            .collect()
    };
    let mut out = String::new();
    for t in names("SELECT name FROM sqlite_master WHERE type = 'table'") {
        for col in names(&format!("SELECT name FROM pragma_table_info('{t}')")) {
            let mut st = conn
                .prepare(&format!("SELECT CAST(\"{col}\" AS TEXT) FROM \"{t}\""))
                .unwrap();
            let vals = st.query_map([], |r| r.get::<_, Option<String>>(0)).unwrap();
            for v in vals.flatten().flatten() {
                out.push_str(&v);
                out.push('\n');
            }
        }
    }
    out
}

/// A runtime for loopback mock servers, beside the binary or library under test (which runs
/// its own runtime).
pub fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .expect("tokio runtime")
}

/// A runtime and a loopback mock server started on it.
pub fn mock_server() -> (tokio::runtime::Runtime, wiremock::MockServer) {
    let rt = runtime();
    let server = rt.block_on(wiremock::MockServer::start());
    (rt, server)
}

/// A file or folder of ../shared (the shared fixtures, specs and data next to the checkout).
///
/// When it is absent the test is skipped with a notice naming the test and the path; under
/// `CI=true` with ../shared present, a missing path fails instead (a skip there would hide a
/// moved or renamed fixture).
#[track_caller]
#[allow(clippy::print_stdout)] // the skip notice the test harness shows
pub fn shared(rel: &str) -> Option<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared");
    let path = root.join(rel);
    if path.exists() {
        return Some(path);
    }
    let test = std::thread::current()
        .name()
        .unwrap_or("this test")
        .to_string();
    if root.is_dir() && std::env::var("CI").as_deref() == Ok("true") {
        panic!(
            "{test}: {} is missing from ../shared (CI=true)",
            path.display()
        );
    }
    println!(
        "skipped {test}: {} is absent (../shared is not next to this checkout)",
        path.display()
    );
    None
}
