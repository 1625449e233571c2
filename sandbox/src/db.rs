//! The SQLite database: schema migrations and the single connection every request goes through.
//!
//! One connection behind a mutex is deliberate: it serializes every read-check-write transaction
//! (idempotency above all), works for `:memory:`, and SQLite statements take microseconds.
use std::sync::{Arc, Mutex};

use rusqlite::Connection;

use crate::error::ApiError;

/// Schema steps, applied in order; `PRAGMA user_version` records how many ran. Later issues
/// append steps (checkout sessions and payments: a `checkout_sessions` side table keyed by
/// `sessions.id` with `kind = 'checkout'`, and a `payments` table) without touching these.
const MIGRATIONS: &[&str] = &[
    r#"
CREATE TABLE customers (
    id                   TEXT PRIMARY KEY,
    merchant_customer_id TEXT NOT NULL UNIQUE,
    first_name           TEXT,
    last_name            TEXT,
    email                TEXT,
    country              TEXT,
    created_at           INTEGER NOT NULL,
    updated_at           INTEGER NOT NULL
);

-- Sessions of both kinds; `id` is the bare UUID (the API shows cs_<uuid> / chk_<uuid>).
-- `expires_at` is moved to the present to force-expire; `locked_at` is for attempt limits.
CREATE TABLE sessions (
    id          TEXT PRIMARY KEY,
    kind        TEXT NOT NULL CHECK (kind IN ('customer', 'checkout')),
    customer_id TEXT NOT NULL REFERENCES customers(id),
    expires_at  INTEGER NOT NULL,
    created_at  INTEGER NOT NULL,
    locked_at   INTEGER
);
CREATE INDEX sessions_by_customer ON sessions(customer_id);

-- Never the number nor the CVC: brand, first six, last four, the keyed fingerprint.
CREATE TABLE payment_methods (
    id                TEXT PRIMARY KEY,
    vaulted_token     TEXT NOT NULL UNIQUE,
    customer_id       TEXT NOT NULL REFERENCES customers(id),
    session_id        TEXT NOT NULL REFERENCES sessions(id),
    idempotency_key   TEXT NOT NULL,
    status            TEXT NOT NULL CHECK (status IN ('ENROLLED', 'DECLINED', 'UNENROLLED')),
    decline_reason    TEXT,
    brand             TEXT NOT NULL,
    iin               TEXT NOT NULL,
    lfd               TEXT NOT NULL,
    expiration_month  INTEGER NOT NULL,
    expiration_year   INTEGER NOT NULL,
    holder_name       TEXT NOT NULL,
    number_length     INTEGER NOT NULL,
    fingerprint       TEXT NOT NULL,
    created_at        INTEGER NOT NULL,
    updated_at        INTEGER NOT NULL,
    -- The backstop of exactly-once: one enrollment per idempotency key, whatever the code does.
    UNIQUE (customer_id, idempotency_key)
);
CREATE INDEX payment_methods_by_customer ON payment_methods(customer_id, status, created_at);
CREATE INDEX payment_methods_by_session ON payment_methods(session_id, status);

-- `scope` names the operation and its owner (`enroll:<customer id>`); `request_hash` is a keyed
-- hash of the raw body; `response` is NULL until an outcome is final (see vault.rs).
CREATE TABLE idempotency_keys (
    scope             TEXT NOT NULL,
    key               TEXT NOT NULL,
    request_hash      TEXT NOT NULL,
    status_code       INTEGER,
    response          TEXT,
    provider_failures INTEGER NOT NULL DEFAULT 0,
    created_at        INTEGER NOT NULL,
    updated_at        INTEGER NOT NULL,
    PRIMARY KEY (scope, key)
);

-- One row per (event, receiver). `event` is the envelope without `retry`, filled in per attempt.
CREATE TABLE webhook_outbox (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    event_id        TEXT NOT NULL,
    url             TEXT NOT NULL,
    event           TEXT NOT NULL,
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER NOT NULL,
    delivered_at    INTEGER,
    last_error      TEXT,
    created_at      INTEGER NOT NULL,
    UNIQUE (event_id, url)
);
CREATE INDEX webhook_outbox_pending ON webhook_outbox(delivered_at, next_attempt_at);

-- What arrived at /demo/webhook (demo mode only).
CREATE TABLE demo_webhooks (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    event_id    TEXT,
    type_event  TEXT,
    verified    INTEGER NOT NULL,
    payload     TEXT NOT NULL,
    received_at INTEGER NOT NULL
);
"#,
    // Issue 9: checkout sessions (a `sessions` row of kind 'checkout' plus this side table) and
    // the payments made with them.
    r#"
CREATE TABLE checkout_sessions (
    session_id        TEXT PRIMARY KEY REFERENCES sessions(id),
    -- The JSON number as the merchant sent it, echoed back verbatim (no float rounding).
    amount_value      TEXT NOT NULL,
    currency          TEXT NOT NULL,
    merchant_order_id TEXT NOT NULL,
    vault_on_success  INTEGER NOT NULL,
    paid_payment_id   TEXT
);

CREATE TABLE payments (
    id                TEXT PRIMARY KEY,
    session_id        TEXT NOT NULL REFERENCES sessions(id),
    customer_id       TEXT NOT NULL REFERENCES customers(id),
    idempotency_key   TEXT NOT NULL,
    status            TEXT NOT NULL CHECK (status IN ('SUCCEEDED', 'DECLINED', 'ERROR')),
    decline_reason    TEXT,
    amount_value      TEXT NOT NULL,
    currency          TEXT NOT NULL,
    payment_method_id TEXT REFERENCES payment_methods(id),
    vaulted_token     TEXT,
    brand             TEXT NOT NULL,
    last4             TEXT NOT NULL,
    created_at        INTEGER NOT NULL,
    UNIQUE (session_id, idempotency_key)
);
-- The backstop of "a checkout session pays at most once".
CREATE UNIQUE INDEX payments_one_success ON payments(session_id) WHERE status = 'SUCCEEDED';
"#,
];

/// A handle to the database, cheap to clone.
#[derive(Clone)]
pub struct Db {
    conn: Arc<Mutex<Connection>>,
}

impl Db {
    /// Opens (creating if needed) and migrates the database at `path` (`:memory:` for none).
    pub fn open(path: &str) -> Result<Db, rusqlite::Error> {
        let mut conn = if path == ":memory:" {
            Connection::open_in_memory()?
        } else {
            Connection::open(path)?
        };
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        if path != ":memory:" {
            // WAL survives a killed process without losing a committed transaction.
            conn.pragma_update(None, "journal_mode", "WAL")?;
            conn.pragma_update(None, "synchronous", "NORMAL")?;
        }
        conn.pragma_update(None, "foreign_keys", "ON")?;
        migrate(&mut conn)?;
        Ok(Db {
            conn: Arc::new(Mutex::new(conn)),
        })
    }

    /// Runs `f` with the connection on the blocking pool.
    pub async fn run<T, F>(&self, f: F) -> Result<T, ApiError>
    where
        T: Send + 'static,
        F: FnOnce(&mut Connection) -> Result<T, ApiError> + Send + 'static,
    {
        let conn = Arc::clone(&self.conn);
        tokio::task::spawn_blocking(move || {
            let mut guard = conn
                .lock()
                .map_err(|_| ApiError::internal("database mutex poisoned"))?;
            f(&mut guard)
        })
        .await
        .map_err(ApiError::internal)?
    }
}

fn migrate(conn: &mut Connection) -> Result<(), rusqlite::Error> {
    let done: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    let done = usize::try_from(done).unwrap_or(0);
    for (i, step) in MIGRATIONS.iter().enumerate().skip(done) {
        let tx = conn.transaction()?;
        tx.execute_batch(step)?;
        tx.pragma_update(None, "user_version", i + 1)?;
        tx.commit()?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn migrates_once() {
        let dir = std::env::temp_dir().join(format!("sandbox-db-{}", uuid::Uuid::new_v4()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("t.sqlite3");
        let path = path.to_str().unwrap();
        drop(Db::open(path).unwrap());
        // A second open finds the schema in place and applies nothing twice.
        drop(Db::open(path).unwrap());
        let conn = Connection::open(path).unwrap();
        let v: i64 = conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .unwrap();
        assert_eq!(v, MIGRATIONS.len() as i64);
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
