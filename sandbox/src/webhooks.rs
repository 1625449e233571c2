//! Webhooks: the outbox (written in the caller's transaction) and the worker that delivers it,
//! signed, with exponential backoff, until each receiver answers 2xx — across restarts too.
use std::time::Duration;

use rand::Rng;
use rusqlite::Connection;
use serde_json::{json, Value};
use tokio::sync::watch;
use tokio::task::JoinSet;

use crate::clock::{iso, now_ms};
use crate::crypto::webhook_signature;
use crate::error::ApiError;
use crate::state::AppState;

/// The signature header.
pub const SIGNATURE_HEADER: &str = "x-hmac-signature";

const BATCH: usize = 32;
const FIRST_BACKOFF_MS: i64 = 500;
const MAX_BACKOFF_MS: i64 = 5 * 60 * 1000;
const DELIVERY_TIMEOUT: Duration = Duration::from_secs(10);
/// The longest the worker sleeps without looking at the outbox.
const IDLE_POLL: Duration = Duration::from_secs(1);

/// Queues one event for every target, inside the caller's transaction.
pub fn enqueue(
    conn: &Connection,
    targets: &[String],
    kind: &str,
    type_event: &str,
    data: Value,
    now: i64,
) -> Result<(), ApiError> {
    if targets.is_empty() {
        return Ok(());
    }
    let event_id = format!("evt_{}", uuid::Uuid::new_v4());
    let event = json!({
        "id": event_id,
        "type": kind,
        "type_event": type_event,
        "created_at": iso(now),
        "version": 1,
        "data": data,
    })
    .to_string();
    let mut stmt = conn.prepare_cached(
        "INSERT INTO webhook_outbox (event_id, url, event, next_attempt_at, created_at)
         VALUES (?1, ?2, ?3, ?4, ?4)",
    )?;
    for url in targets {
        stmt.execute((&event_id, url, &event, now))?;
    }
    Ok(())
}

/// The delay before attempt `attempts + 1`: 0.5 s doubling up to 5 min, with ±20 % jitter so
/// receivers coming back up are not hit in lockstep.
pub fn backoff_ms(attempts: i64) -> i64 {
    let exp = FIRST_BACKOFF_MS.saturating_mul(1i64 << attempts.clamp(0, 20));
    let base = exp.min(MAX_BACKOFF_MS);
    let jitter = rand::thread_rng().gen_range(-base / 5..=base / 5);
    base + jitter
}

struct Pending {
    id: i64,
    url: String,
    event: String,
    attempts: i64,
}

/// The body actually sent: the stored envelope with `retry` (attempts so far) filled in.
fn render(event: &str, attempts: i64) -> Option<String> {
    let mut v: Value = serde_json::from_str(event).ok()?;
    v.as_object_mut()?.insert("retry".into(), json!(attempts));
    Some(v.to_string())
}

/// Delivers the outbox until `shutdown` turns true.
pub async fn worker(state: AppState, mut shutdown: watch::Receiver<bool>) {
    let client = match reqwest::Client::builder()
        .timeout(DELIVERY_TIMEOUT)
        .redirect(reqwest::redirect::Policy::none())
        .no_proxy()
        .build()
    {
        Ok(c) => c,
        Err(e) => {
            crate::log::log!("sandbox: webhook client failed to start: {e}");
            return;
        }
    };
    // A restart is a good moment to retry: whatever was waiting out a backoff goes now.
    let reset = state
        .db
        .run(|conn| {
            conn.execute(
                "UPDATE webhook_outbox SET next_attempt_at = ?1 WHERE delivered_at IS NULL",
                [now_ms()],
            )?;
            Ok(())
        })
        .await;
    if let Err(e) = reset {
        crate::log::log!("sandbox: webhook outbox reset failed: {}", e.code);
    }
    loop {
        if *shutdown.borrow() {
            return;
        }
        let due = due_batch(&state).await.unwrap_or_default();
        if due.is_empty() {
            let wait = next_wait(&state).await;
            tokio::select! {
                _ = shutdown.changed() => return,
                _ = state.outbox_wakeup.notified() => {}
                _ = tokio::time::sleep(wait) => {}
            }
            continue;
        }
        let mut deliveries = JoinSet::new();
        for p in due {
            let client = client.clone();
            let secret = state.webhook_secret.clone();
            deliveries.spawn(async move {
                let result = deliver(&client, &secret, &p).await;
                (p, result)
            });
        }
        loop {
            tokio::select! {
                _ = shutdown.changed() => return,
                next = deliveries.join_next() => match next {
                    None => break,
                    Some(Ok((p, result))) => record(&state, &p, result).await,
                    Some(Err(_)) => {}
                },
            }
        }
    }
}

async fn deliver(client: &reqwest::Client, secret: &str, p: &Pending) -> Result<(), String> {
    let body = render(&p.event, p.attempts).ok_or("stored event is not JSON")?;
    let signature = webhook_signature(secret, body.as_bytes());
    let resp = client
        .post(&p.url)
        .header("content-type", "application/json")
        .header(SIGNATURE_HEADER, signature)
        .body(body)
        .send()
        .await
        .map_err(|e| format!("request failed: {e}"))?;
    if resp.status().is_success() {
        Ok(())
    } else {
        Err(format!("receiver answered {}", resp.status().as_u16()))
    }
}

async fn record(state: &AppState, p: &Pending, result: Result<(), String>) {
    let id = p.id;
    let attempts = p.attempts + 1;
    let outcome = state
        .db
        .run(move |conn| {
            let now = now_ms();
            match result {
                Ok(()) => conn.execute(
                    "UPDATE webhook_outbox SET delivered_at = ?1, attempts = ?2, last_error = NULL
                     WHERE id = ?3",
                    (now, attempts, id),
                )?,
                Err(e) => conn.execute(
                    "UPDATE webhook_outbox SET attempts = ?1, next_attempt_at = ?2, last_error = ?3
                     WHERE id = ?4",
                    (attempts, now + backoff_ms(attempts - 1), e, id),
                )?,
            };
            Ok(())
        })
        .await;
    if let Err(e) = outcome {
        crate::log::log!("sandbox: webhook bookkeeping failed: {}", e.code);
    }
}

async fn due_batch(state: &AppState) -> Result<Vec<Pending>, ApiError> {
    state
        .db
        .run(|conn| {
            let mut stmt = conn.prepare_cached(
                "SELECT id, url, event, attempts FROM webhook_outbox
                 WHERE delivered_at IS NULL AND next_attempt_at <= ?1
                 ORDER BY next_attempt_at, id LIMIT ?2",
            )?;
            let rows = stmt.query_map((now_ms(), BATCH as i64), |r| {
                Ok(Pending {
                    id: r.get(0)?,
                    url: r.get(1)?,
                    event: r.get(2)?,
                    attempts: r.get(3)?,
                })
            })?;
            Ok(rows.collect::<Result<Vec<_>, _>>()?)
        })
        .await
}

async fn next_wait(state: &AppState) -> Duration {
    let next = state
        .db
        .run(|conn| {
            Ok(conn.query_row(
                "SELECT MIN(next_attempt_at) FROM webhook_outbox WHERE delivered_at IS NULL",
                [],
                |r| r.get::<_, Option<i64>>(0),
            )?)
        })
        .await
        .ok()
        .flatten();
    match next {
        Some(at) => {
            let ms = u64::try_from(at - now_ms()).unwrap_or(0);
            Duration::from_millis(ms).min(IDLE_POLL)
        }
        None => IDLE_POLL,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_grows_and_caps() {
        for attempts in 0..40 {
            let ms = backoff_ms(attempts);
            let base = (FIRST_BACKOFF_MS << attempts.min(20)).min(MAX_BACKOFF_MS);
            assert!(
                ms >= base - base / 5 && ms <= base + base / 5,
                "{attempts}: {ms}"
            );
        }
    }

    #[test]
    fn render_sets_retry() {
        let body = render(r#"{"id":"evt_1","version":1}"#, 3).unwrap();
        let v: Value = serde_json::from_str(&body).unwrap();
        assert_eq!(v["retry"], 3);
        assert_eq!(v["id"], "evt_1");
        assert!(render("not json", 0).is_none());
    }
}
