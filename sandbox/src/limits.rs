//! Attempt limits against card testing: declines per session and per customer per hour.
//!
//! Enrollment forms and one-click payments with a new card are where stolen numbers get tested.
//! A session with `session_decline_limit` declines (enrollments and payments alike) is locked
//! for good (`sessions.locked_at`); a customer with `customer_decline_limit` declines in the
//! last hour is refused on every session, new ones included, until the oldest of them is an
//! hour old. Both answer 423 `SESSION_LOCKED`. The checks run inside the caller's transaction on
//! the single connection, so concurrent attempts cannot race past a limit.
use axum::http::StatusCode;
use rusqlite::Transaction;

use crate::auth::SessionAuth;
use crate::error::ApiError;
use crate::state::AppState;

/// The rolling window of the per-customer limit.
const CUSTOMER_WINDOW_MS: i64 = 3_600_000;

fn session_declines(tx: &Transaction<'_>, session_id: &str) -> Result<i64, ApiError> {
    Ok(tx.query_row(
        "SELECT (SELECT COUNT(*) FROM payment_methods WHERE session_id = ?1 AND status = 'DECLINED')
              + (SELECT COUNT(*) FROM payments WHERE session_id = ?1 AND status = 'DECLINED')",
        [session_id],
        |r| r.get(0),
    )?)
}

fn customer_declines(tx: &Transaction<'_>, customer_id: &str, since: i64) -> Result<i64, ApiError> {
    Ok(tx.query_row(
        "SELECT (SELECT COUNT(*) FROM payment_methods
                 WHERE customer_id = ?1 AND status = 'DECLINED' AND created_at > ?2)
              + (SELECT COUNT(*) FROM payments
                 WHERE customer_id = ?1 AND status = 'DECLINED' AND created_at > ?2)",
        (customer_id, since),
        |r| r.get(0),
    )?)
}

fn locked(message: String) -> ApiError {
    ApiError::new(StatusCode::LOCKED, "SESSION_LOCKED", message)
}

/// Refuses a new attempt on a locked session, or for a customer over its hourly declines.
pub fn check(
    tx: &Transaction<'_>,
    state: &AppState,
    session: &SessionAuth,
    now: i64,
) -> Result<(), ApiError> {
    let locked_at: Option<i64> = tx.query_row(
        "SELECT locked_at FROM sessions WHERE id = ?1",
        [&session.session_id],
        |r| r.get(0),
    )?;
    let limit = state.config.session_decline_limit;
    // The count also catches a session that reached the limit under a higher one (a restart
    // with a lower `--session-decline-limit`).
    if locked_at.is_some() || session_declines(tx, &session.session_id)? >= i64::from(limit) {
        return Err(locked(format!(
            "This session is locked after {limit} declined cards; it takes no more cards. \
             The merchant must create a new session."
        )));
    }
    let limit = state.config.customer_decline_limit;
    if customer_declines(tx, &session.customer_id, now - CUSTOMER_WINDOW_MS)? >= i64::from(limit) {
        return Err(locked(format!(
            "This customer had {limit} declined cards in the last hour; no more cards are \
             taken for this customer for now. Try again later."
        )));
    }
    Ok(())
}

/// After a decline is written: locks the session once it reached its limit.
pub fn after_decline(
    tx: &Transaction<'_>,
    state: &AppState,
    session_id: &str,
    now: i64,
) -> Result<(), ApiError> {
    if session_declines(tx, session_id)? >= i64::from(state.config.session_decline_limit) {
        tx.execute(
            "UPDATE sessions SET locked_at = ?1 WHERE id = ?2 AND locked_at IS NULL",
            (now, session_id),
        )?;
    }
    Ok(())
}
