//! `--demo` endpoints: the demo page's pretend merchant backend and webhook receiver.
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use rusqlite::OptionalExtension;
use serde_json::{json, Value};

use crate::body::{Fields, JsonBody, OptionalJsonBody, MAX_BODY_BYTES};
use crate::clock::{iso, now_ms};
use crate::crypto::verify_webhook_signature;
use crate::error::{json_response, ApiError};
use crate::merchant::new_session;
use crate::model::{Customer, Session, CUSTOMER_SESSION_PREFIX};
use crate::state::AppState;
use crate::webhooks::SIGNATURE_HEADER;

/// The merchant id of the one demo customer.
pub const DEMO_CUSTOMER: &str = "demo-customer";

/// `POST /demo/session` `{ expires_in?, fresh_customer? }`: a fresh session of the demo
/// customer (created on first use), with its `sdk_token`. With `fresh_customer: true` the
/// session belongs to a new customer of its own, so that a test's declines count against no
/// one else's hourly limit.
pub async fn session(
    State(state): State<AppState>,
    OptionalJsonBody(body): OptionalJsonBody,
) -> Result<Response, ApiError> {
    let fields = Fields::root(&body);
    let expires_in = fields.opt_int("expires_in")?;
    let fresh = match fields.raw("fresh_customer") {
        None | Some(Value::Null) => false,
        Some(Value::Bool(b)) => *b,
        Some(_) => {
            return Err(ApiError::invalid(
                "fresh_customer",
                "`fresh_customer` must be a boolean.",
            ))
        }
    };
    let customer_id = if fresh {
        fresh_demo_customer(&state).await?
    } else {
        demo_customer(&state).await?
    };
    let session = new_session(&state, customer_id, expires_in).await?;
    Ok(json_response(StatusCode::CREATED, &session))
}

/// The id of the one demo customer, created on first use.
pub async fn demo_customer(state: &AppState) -> Result<String, ApiError> {
    state
        .db
        .run(|conn| {
            let tx = conn.transaction()?;
            let id = match Customer::find_by_merchant_id(&tx, DEMO_CUSTOMER)? {
                Some(c) => c.id,
                None => {
                    let now = now_ms();
                    let c = Customer {
                        id: uuid::Uuid::new_v4().to_string(),
                        merchant_customer_id: DEMO_CUSTOMER.to_owned(),
                        first_name: Some("Demo".to_owned()),
                        last_name: Some("Customer".to_owned()),
                        email: Some("demo@example.com".to_owned()),
                        country: Some("US".to_owned()),
                        created_at: now,
                        updated_at: now,
                    };
                    c.insert(&tx)?;
                    c.id
                }
            };
            tx.commit()?;
            Ok(id)
        })
        .await
}

/// A new demo customer (`demo-customer-<uuid>`).
async fn fresh_demo_customer(state: &AppState) -> Result<String, ApiError> {
    state
        .db
        .run(|conn| {
            let now = now_ms();
            let id = uuid::Uuid::new_v4().to_string();
            let c = Customer {
                merchant_customer_id: format!("{DEMO_CUSTOMER}-{id}"),
                id,
                first_name: Some("Demo".to_owned()),
                last_name: Some("Customer".to_owned()),
                email: None,
                country: Some("US".to_owned()),
                created_at: now,
                updated_at: now,
            };
            c.insert(conn)?;
            Ok(c.id)
        })
        .await
}

/// `POST /demo/expire-session` `{ session_id }`: ends a session now (the demo's "expire" button).
pub async fn expire_session(
    State(state): State<AppState>,
    body: JsonBody,
) -> Result<Response, ApiError> {
    let wire_id = Fields::root(&body.object).string("session_id")?.to_owned();
    let session = state
        .db
        .run(move |conn| {
            let not_found = || ApiError::not_found("SESSION_NOT_FOUND", "No such session.");
            let id = wire_id
                .strip_prefix(CUSTOMER_SESSION_PREFIX)
                .ok_or_else(not_found)?;
            let customer_id: String = conn
                .query_row(
                    "SELECT customer_id FROM sessions WHERE id = ?1 AND kind = 'customer'",
                    [id],
                    |r| r.get(0),
                )
                .optional()?
                .ok_or_else(not_found)?;
            let now = now_ms();
            conn.execute(
                "UPDATE sessions SET expires_at = MIN(expires_at, ?1) WHERE id = ?2",
                (now, id),
            )?;
            let session = Session::find(conn, &customer_id, &wire_id)?.ok_or_else(not_found)?;
            Ok(session.to_json(now))
        })
        .await?;
    Ok(json_response(StatusCode::OK, &session))
}

/// `POST /demo/webhook`: checks `x-hmac-signature` against the raw body with the server's
/// webhook secret and stores the event either way, flagged. 200 when verified, 401 otherwise.
pub async fn receive_webhook(
    State(state): State<AppState>,
    headers: HeaderMap,
    raw: Bytes,
) -> Result<Response, ApiError> {
    if raw.len() > MAX_BODY_BYTES * 4 {
        return Err(ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "PAYLOAD_TOO_LARGE",
            "The webhook body is too large.",
        ));
    }
    let verified = headers
        .get(SIGNATURE_HEADER)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|sig| verify_webhook_signature(&state.webhook_secret, &raw, sig));
    let parsed: Value = serde_json::from_slice(&raw).unwrap_or(Value::Null);
    let payload = if parsed.is_null() {
        Value::String(String::from_utf8_lossy(&raw).into_owned())
    } else {
        parsed
    };
    let event_id = payload["id"].as_str().map(str::to_owned);
    let type_event = payload["type_event"].as_str().map(str::to_owned);
    let stored = payload.to_string();
    state
        .db
        .run(move |conn| {
            conn.execute(
                "INSERT INTO demo_webhooks (event_id, type_event, verified, payload, received_at)
                 VALUES (?1, ?2, ?3, ?4, ?5)",
                (&event_id, &type_event, verified, &stored, now_ms()),
            )?;
            Ok(())
        })
        .await?;
    if verified {
        Ok(json_response(
            StatusCode::OK,
            &json!({ "received": true, "verified": true }),
        ))
    } else {
        Err(ApiError::unauthorized(
            "WEBHOOK_SIGNATURE_INVALID",
            "The x-hmac-signature does not match the body.",
        ))
    }
}

/// `GET /demo/webhooks`: what arrived, newest first (the last 100).
pub async fn list_webhooks(State(state): State<AppState>) -> Result<Response, ApiError> {
    let list = state
        .db
        .run(|conn| {
            let mut stmt = conn.prepare(
                "SELECT id, event_id, type_event, verified, payload, received_at
                 FROM demo_webhooks ORDER BY id DESC LIMIT 100",
            )?;
            let rows = stmt.query_map([], |r| {
                let payload: String = r.get(4)?;
                let verified: bool = r.get(3)?;
                Ok(json!({
                    "id": r.get::<_, i64>(0)?,
                    "event_id": r.get::<_, Option<String>>(1)?,
                    "type_event": r.get::<_, Option<String>>(2)?,
                    "verified": verified,
                    "signature_valid": verified,
                    "payload": serde_json::from_str::<Value>(&payload).unwrap_or(Value::Null),
                    "received_at": iso(r.get(5)?),
                }))
            })?;
            Ok(rows.collect::<Result<Vec<_>, _>>()?)
        })
        .await?;
    Ok(json_response(StatusCode::OK, &json!({ "webhooks": list })))
}
