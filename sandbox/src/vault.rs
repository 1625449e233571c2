//! SDK endpoints (bearer sdk_token): enroll a card exactly once per idempotency key, and list
//! the customer's enrolled cards.
//!
//! Exactly once: the key's row, the payment method and the webhook outbox rows are written in
//! one transaction on the single database connection, so two requests with the same key are
//! serialized and the second finds the first's stored response. The 201 (ENROLLED or DECLINED)
//! is stored and replayed with the same status. Validation failures (400) are not stored: the
//! same key may be sent again with a corrected card. The processor error of a `…77` card (502)
//! is not stored either; only a failure count is, and the retry of the same key is ENROLLED, so
//! the SDK's automatic retry visibly recovers.
//!
//! The attempt limits against card testing (limits.rs) are checked in the same transaction,
//! before the card is even read; a replay of a stored response is no new attempt and is still
//! answered.
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::Response;
use enrollment_core::time::year_month;
use enrollment_core::token::TokenKind;
use rusqlite::OptionalExtension;
use serde_json::json;

use crate::auth::{self, SessionAuth};
use crate::body::{Fields, JsonBody};
use crate::cards::{self, Outcome};
use crate::clock::now_ms;
use crate::crypto::{fingerprint, random_hex, request_hash};
use crate::error::{json_response, raw_json_response, ApiError};
use crate::limits;
use crate::model::{payment_method_list, PaymentMethod};
use crate::state::AppState;
use crate::webhooks;

/// The idempotency key header.
pub const IDEMPOTENCY_HEADER: &str = "x-idempotency-key";
/// Set on a response that replays a stored one.
pub const REPLAYED_HEADER: &str = "idempotent-replayed";

const MAX_KEY_LEN: usize = 255;

pub fn idempotency_key(headers: &HeaderMap) -> Result<String, ApiError> {
    let Some(value) = headers.get(IDEMPOTENCY_HEADER) else {
        return Err(ApiError::new(
            StatusCode::BAD_REQUEST,
            "IDEMPOTENCY_KEY_MISSING",
            "The X-Idempotency-Key header is required.",
        ));
    };
    match value.to_str() {
        Ok(k) if !k.trim().is_empty() && k.len() <= MAX_KEY_LEN => Ok(k.trim().to_owned()),
        _ => Err(ApiError::new(
            StatusCode::BAD_REQUEST,
            "IDEMPOTENCY_KEY_INVALID",
            format!("The X-Idempotency-Key must be 1 to {MAX_KEY_LEN} visible ASCII characters."),
        )),
    }
}

/// The final response the transaction decided on: fresh, or the stored one replayed.
struct Enrolled {
    status: u16,
    body: String,
    replayed: bool,
}

/// `POST /v1/sdk/payment-methods`.
pub async fn enroll(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: JsonBody,
) -> Result<Response, ApiError> {
    let session = auth::bearer(&state, &headers, &[TokenKind::Customer]).await?;
    let key = idempotency_key(&headers)?;
    let hash = request_hash(&state.secret_key, &body.raw);
    let st = state.clone();
    let Enrolled {
        status,
        body,
        replayed,
    } = state
        .db
        .run(move |conn| enroll_tx(conn, &st, &session, &key, &hash, &body))
        .await?;
    if !replayed {
        state.outbox_wakeup.notify_one();
    }
    let status = StatusCode::from_u16(status).map_err(ApiError::internal)?;
    let mut resp = raw_json_response(status, body);
    if replayed {
        resp.headers_mut()
            .insert(REPLAYED_HEADER, HeaderValue::from_static("true"));
    }
    Ok(resp)
}

/// What an idempotency key holds.
pub struct Stored {
    /// The status code of the stored response.
    pub status: Option<u16>,
    /// The response, once the request under the key is done.
    pub response: Option<String>,
    /// Failed processor calls under the key so far.
    pub provider_failures: i64,
}

/// What is stored under an idempotency key of `scope`. A key used before with another body is
/// `IDEMPOTENCY_KEY_REUSED`.
pub fn stored(
    tx: &rusqlite::Transaction<'_>,
    scope: &str,
    key: &str,
    hash: &str,
) -> Result<Option<Stored>, ApiError> {
    let existing = tx
        .query_row(
            "SELECT request_hash, status_code, response, provider_failures
             FROM idempotency_keys WHERE scope = ?1 AND key = ?2",
            (scope, key),
            |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, Option<u16>>(1)?,
                    r.get::<_, Option<String>>(2)?,
                    r.get::<_, i64>(3)?,
                ))
            },
        )
        .optional()?;
    match existing {
        Some((stored_hash, ..))
            if !crate::crypto::ct_eq(stored_hash.as_bytes(), hash.as_bytes()) =>
        {
            Err(ApiError::new(
                StatusCode::CONFLICT,
                "IDEMPOTENCY_KEY_REUSED",
                "This X-Idempotency-Key was already used with a different request body.",
            ))
        }
        Some((_, status, response, provider_failures)) => Ok(Some(Stored {
            status,
            response,
            provider_failures,
        })),
        None => Ok(None),
    }
}

/// A new payment method of the session's customer for `card`, with a new vaulted token, and
/// `(status, decline_reason)`.
pub fn new_method(
    state: &AppState,
    session: &SessionAuth,
    card: &cards::ValidCard,
    idempotency_key: String,
    (status, decline_reason): (&str, Option<String>),
    now: i64,
) -> PaymentMethod {
    PaymentMethod {
        id: uuid::Uuid::new_v4().to_string(),
        vaulted_token: format!("vt_{}", random_hex(16)),
        customer_id: session.customer_id.clone(),
        session_id: session.session_id.clone(),
        idempotency_key,
        status: status.to_owned(),
        decline_reason,
        brand: card.brand.id().to_owned(),
        iin: card.iin().to_owned(),
        lfd: card.last4().to_owned(),
        expiration_month: i64::from(card.expiration_month),
        expiration_year: i64::from(card.expiration_year),
        holder_name: card.holder_name.clone(),
        number_length: i64::try_from(card.digits.len()).unwrap_or(0),
        fingerprint: fingerprint(&state.secret_key, &card.digits),
        created_at: now,
        updated_at: now,
    }
}

/// Stores the 201 `body` under the key, for a replay of the same request, and commits.
pub fn store_created(
    tx: rusqlite::Transaction<'_>,
    scope: &str,
    key: &str,
    hash: &str,
    body: &str,
    now: i64,
) -> Result<(), ApiError> {
    tx.execute(
        "INSERT INTO idempotency_keys (scope, key, request_hash, status_code, response, created_at, updated_at)
         VALUES (?1, ?2, ?3, 201, ?4, ?5, ?5)
         ON CONFLICT (scope, key) DO UPDATE SET status_code = 201, response = ?4, updated_at = ?5",
        (scope, key, hash, body, now),
    )?;
    tx.commit()?;
    Ok(())
}

/// Counts a failed processor call under the key and commits it: the retry of the same key then
/// goes through. The 502 to answer with.
pub fn provider_failed(
    tx: rusqlite::Transaction<'_>,
    scope: &str,
    key: &str,
    hash: &str,
    now: i64,
) -> Result<ApiError, ApiError> {
    tx.execute(
        "INSERT INTO idempotency_keys (scope, key, request_hash, provider_failures, created_at, updated_at)
         VALUES (?1, ?2, ?3, 1, ?4, ?4)
         ON CONFLICT (scope, key) DO UPDATE SET provider_failures = provider_failures + 1, updated_at = ?4",
        (scope, key, hash, now),
    )?;
    tx.commit()?;
    Ok(ApiError::new(
        StatusCode::BAD_GATEWAY,
        "PROVIDER_ERROR",
        "The card processor failed; retry the same request.",
    ))
}

fn enroll_tx(
    conn: &mut rusqlite::Connection,
    state: &AppState,
    session: &SessionAuth,
    key: &str,
    hash: &str,
    body: &JsonBody,
) -> Result<Enrolled, ApiError> {
    let scope = format!("enroll:{}", session.customer_id);
    let tx = conn.transaction()?;
    let mut provider_failures = 0;
    if let Some(Stored {
        status,
        response,
        provider_failures: failures,
    }) = stored(&tx, &scope, key, hash)?
    {
        if let (Some(status), Some(body)) = (status, response) {
            return Ok(Enrolled {
                status,
                body,
                replayed: true,
            });
        }
        provider_failures = failures;
    }

    let now = now_ms();
    limits::check(&tx, state, session, now)?;
    let card = cards::validate(&Fields::root(&body.object).object("card")?, year_month(now))?;
    let (status, decline_reason) = match cards::outcome(&card.digits) {
        Outcome::ProviderError if provider_failures == 0 => {
            return Err(provider_failed(tx, &scope, key, hash, now)?);
        }
        Outcome::ProviderError | Outcome::Enrolled => ("ENROLLED", None),
        Outcome::Declined(reason) => ("DECLINED", Some(reason.to_owned())),
    };
    let pm = new_method(
        state,
        session,
        &card,
        key.to_owned(),
        (status, decline_reason),
        now,
    );
    drop(card);
    pm.insert(&tx)?;
    if pm.status == "DECLINED" {
        limits::after_decline(&tx, state, &session.session_id, now)?;
    }
    let response = pm.to_json();
    webhooks::enqueue(
        &tx,
        &state.webhook_targets,
        "enrollment",
        "enrollment.enroll",
        json!({ "payment_method": response }),
        now,
    )?;
    let body = response.to_string();
    store_created(tx, &scope, key, hash, &body, now)?;
    Ok(Enrolled {
        status: 201,
        body,
        replayed: false,
    })
}

/// `GET /v1/sdk/payment-methods`: the token's customer's ENROLLED methods, newest first. A
/// checkout token may list them too (the one-click form shows them).
pub async fn list(State(state): State<AppState>, headers: HeaderMap) -> Result<Response, ApiError> {
    let session = auth::bearer(
        &state,
        &headers,
        &[TokenKind::Customer, TokenKind::Checkout],
    )
    .await?;
    let list = state
        .db
        .run(move |conn| {
            Ok(payment_method_list(&PaymentMethod::list(
                conn,
                &session.customer_id,
                Some("ENROLLED"),
            )?))
        })
        .await?;
    Ok(json_response(StatusCode::OK, &list))
}
