//! Numbered schema migrations, applied in order inside one `BEGIN IMMEDIATE` transaction.
//!
//! `PRAGMA user_version` holds the number of migrations applied. Add a migration by appending a
//! file to `migrations/` and a line to [`MIGRATIONS`]; never edit one that has shipped.

use rusqlite::{Connection, TransactionBehavior};

use crate::error::{Error, Result};

/// (number, name, SQL). Numbers are 1-based and contiguous.
pub const MIGRATIONS: &[(u32, &str, &str)] = &[
    (1, "init", include_str!("migrations/0001_init.sql")),
    (2, "forecast", include_str!("migrations/0002_forecast.sql")),
    (3, "agents", include_str!("migrations/0003_agents.sql")),
    // 4 to 6 are taken by branches not merged yet.
    (7, "report", include_str!("migrations/0007_report.sql")),
    (
        8,
        "sync_rejects",
        include_str!("migrations/0008_sync_rejects.sql"),
    ),
];

/// The schema version this build expects: the highest migration number.
pub fn latest() -> u32 {
    MIGRATIONS.last().map_or(0, |m| m.0)
}

pub fn current(conn: &Connection) -> Result<u32> {
    Ok(conn.query_row("PRAGMA user_version", [], |r| r.get::<_, u32>(0))?)
}

/// Applies every missing migration; returns the numbers applied. Safe when two processes start
/// at once: the second waits for the first's write lock, then finds nothing to do.
pub fn apply(conn: &mut Connection) -> Result<Vec<u32>> {
    if current(conn)? == latest() {
        return Ok(Vec::new());
    }
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let version = current(&tx)?;
    if version > latest() {
        return Err(Error::config(format!(
            "the database is at schema version {version}, newer than this sellkit ({}): upgrade sellkit",
            latest()
        )));
    }
    let mut applied = Vec::new();
    for (number, name, sql) in MIGRATIONS.iter().filter(|(n, _, _)| *n > version) {
        tx.execute_batch(sql).map_err(|e| {
            Error::Other(anyhow::anyhow!("migration {number} ({name}) failed: {e}"))
        })?;
        applied.push(*number);
    }
    tx.pragma_update(None, "user_version", latest())?;
    tx.commit()?;
    Ok(applied)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_increase() {
        assert_eq!(MIGRATIONS[0].0, 1);
        for pair in MIGRATIONS.windows(2) {
            assert!(pair[0].0 < pair[1].0, "{} then {}", pair[0].0, pair[1].0);
        }
    }

    #[test]
    fn applies_once_and_is_idempotent() {
        let mut conn = Connection::open_in_memory().unwrap();
        assert_eq!(
            apply(&mut conn).unwrap(),
            MIGRATIONS.iter().map(|m| m.0).collect::<Vec<_>>()
        );
        assert!(apply(&mut conn).unwrap().is_empty());
        assert_eq!(current(&conn).unwrap(), latest());
    }

    #[test]
    fn audit_log_is_append_only() {
        let mut conn = Connection::open_in_memory().unwrap();
        apply(&mut conn).unwrap();
        conn.execute(
            "INSERT INTO audit_log (at, actor, action, subject) VALUES ('2025-01-01T00:00:00Z', 'me', 'test', 'x')",
            [],
        )
        .unwrap();
        assert!(conn.execute("DELETE FROM audit_log", []).is_err());
        assert!(
            conn.execute("UPDATE audit_log SET actor = 'you'", [])
                .is_err()
        );
    }
}
