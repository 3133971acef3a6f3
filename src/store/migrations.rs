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
    (4, "report", include_str!("migrations/0004_report.sql")),
    (5, "safety", include_str!("migrations/0005_safety.sql")),
    (
        6,
        "import_identity",
        include_str!("migrations/0006_import_identity.sql"),
    ),
    (
        7,
        "sync_rejects",
        include_str!("migrations/0007_sync_rejects.sql"),
    ),
    (8, "ledger", include_str!("migrations/0008_ledger.sql")),
    (
        9,
        "ledger_twins",
        include_str!("migrations/0009_ledger_twins.sql"),
    ),
    (
        10,
        "purchase_lots",
        include_str!("migrations/0010_purchase_lots.sql"),
    ),
];

/// Builds before migrations were made contiguous numbered the report migration 7 (4 to 6 were
/// never used). A database they made is at user_version 7 with migrations 1 to 3 and the report
/// one applied: it is at version 4 in today's numbering. It is told apart from a database at
/// today's version 7 by the audit log's `mac` column, which migration 5 adds.
const LEGACY_REPORT_VERSION: u32 = 7;

fn has_column(conn: &Connection, table: &str, column: &str) -> Result<bool> {
    let n: i64 = conn.query_row(
        "SELECT COUNT(*) FROM pragma_table_info(?1) WHERE name = ?2",
        [table, column],
        |r| r.get(0),
    )?;
    Ok(n > 0)
}

/// The applied version in today's numbering.
fn effective_version(conn: &Connection) -> Result<u32> {
    let v = current(conn)?;
    if v == LEGACY_REPORT_VERSION && !has_column(conn, "audit_log", "mac")? {
        return Ok(4);
    }
    Ok(v)
}

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
    if effective_version(conn)? == latest() && current(conn)? == latest() {
        return Ok(Vec::new());
    }
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let version = effective_version(&tx)?;
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

    /// A gap would never be filled: `apply` runs only numbers above the stored version.
    #[test]
    fn numbers_are_contiguous_from_one() {
        for (i, m) in MIGRATIONS.iter().enumerate() {
            assert_eq!(
                m.0,
                i as u32 + 1,
                "migration {:?} is numbered {}: migrations must be numbered 1, 2, 3, ... with no gap",
                m.1,
                m.0
            );
        }
        // The files agree with the numbers.
        for (n, name, _) in MIGRATIONS {
            let file = format!("migrations/{n:04}_{name}.sql");
            assert!(
                std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                    .join("src/store")
                    .join(&file)
                    .exists(),
                "{file} is missing"
            );
        }
    }

    #[test]
    fn a_database_at_the_old_report_number_gets_the_later_migrations() {
        let mut conn = Connection::open_in_memory().unwrap();
        let tx = conn.transaction().unwrap();
        for (_, _, sql) in &MIGRATIONS[..4] {
            tx.execute_batch(sql).unwrap();
        }
        tx.pragma_update(None, "user_version", LEGACY_REPORT_VERSION)
            .unwrap();
        tx.commit().unwrap();
        assert_eq!(effective_version(&conn).unwrap(), 4);
        assert_eq!(
            apply(&mut conn).unwrap(),
            (5..=latest()).collect::<Vec<_>>()
        );
        assert!(has_column(&conn, "audit_log", "mac").unwrap());
        assert_eq!(current(&conn).unwrap(), latest());
        assert!(apply(&mut conn).unwrap().is_empty());
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
