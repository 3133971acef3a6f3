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
    /// Asserts success and returns stdout.
    #[track_caller]
    pub fn ok(&self) -> &str {
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

    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(self.ok())
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
        &seal,
        id,
        &hash,
        "tester",
        "tty",
        "2025-06-30T12:00:00Z",
    )
    .unwrap();
}
