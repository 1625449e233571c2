//! Merchant (server-to-server) endpoints: customers, customer sessions, payment methods.
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use enrollment_core::token::{self, Environment, TokenKind};
use serde_json::{json, Value};

use crate::auth;
use crate::body::{Fields, JsonBody, OptionalJsonBody};
use crate::clock::now_ms;
use crate::error::{json_response, ApiError};
use crate::model::{customer_or_404, payment_method_list, Customer, PaymentMethod, Session};
use crate::state::AppState;
use crate::webhooks;

const MAX_TEXT: usize = 255;

fn opt_text(f: &Fields<'_>, name: &str) -> Result<Option<String>, ApiError> {
    match f.opt_string(name)? {
        None => Ok(None),
        Some(s) if s.chars().count() > MAX_TEXT || s.chars().any(char::is_control) => {
            Err(ApiError::invalid(
                name,
                format!(
                    "`{name}` must be at most {MAX_TEXT} characters, without control characters."
                ),
            ))
        }
        Some(s) => Ok(Some(s.trim().to_owned())),
    }
}

/// `POST /v1/customers`.
pub async fn create_customer(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: JsonBody,
) -> Result<Response, ApiError> {
    auth::merchant(&state, &headers)?;
    let f = Fields::root(&body.object);
    let merchant_customer_id = opt_text(&f, "merchant_customer_id")?
        .filter(|s| !s.is_empty())
        .ok_or_else(|| {
            ApiError::invalid(
                "merchant_customer_id",
                "`merchant_customer_id` is required.",
            )
        })?;
    let email = opt_text(&f, "email")?;
    if email
        .as_deref()
        .is_some_and(|e| !e.contains('@') || e.starts_with('@') || e.ends_with('@'))
    {
        return Err(ApiError::invalid(
            "email",
            "`email` must be an e-mail address.",
        ));
    }
    let country = opt_text(&f, "country")?.map(|c| c.to_ascii_uppercase());
    if country
        .as_deref()
        .is_some_and(|c| c.len() != 2 || !c.bytes().all(|b| b.is_ascii_uppercase()))
    {
        return Err(ApiError::invalid(
            "country",
            "`country` must be an ISO 3166-1 alpha-2 code, e.g. \"US\".",
        ));
    }
    let now = now_ms();
    let customer = Customer {
        id: uuid::Uuid::new_v4().to_string(),
        merchant_customer_id,
        first_name: opt_text(&f, "first_name")?,
        last_name: opt_text(&f, "last_name")?,
        email,
        country,
        created_at: now,
        updated_at: now,
    };
    let created = state
        .db
        .run(move |conn| {
            let tx = conn.transaction()?;
            if Customer::find_by_merchant_id(&tx, &customer.merchant_customer_id)?.is_some() {
                return Err(ApiError::new(
                    StatusCode::CONFLICT,
                    "CUSTOMER_ALREADY_EXISTS",
                    "A customer with this merchant_customer_id already exists.",
                ));
            }
            customer.insert(&tx)?;
            tx.commit()?;
            Ok(customer.to_json())
        })
        .await?;
    Ok(json_response(StatusCode::CREATED, &created))
}

/// `GET /v1/customers/{id}`.
pub async fn get_customer(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    auth::merchant(&state, &headers)?;
    let customer = state
        .db
        .run(move |conn| Ok(customer_or_404(conn, &id)?.to_json()))
        .await?;
    Ok(json_response(StatusCode::OK, &customer))
}

/// When a session made at `now` ends: `expires_in` seconds later (1..86400; the configured
/// default when absent), in whole seconds, so the token's `exp` and `expires_at` name the same
/// instant.
pub fn expires_at(state: &AppState, expires_in: Option<i64>, now: i64) -> Result<i64, ApiError> {
    let ttl = match expires_in {
        None => state.config.session_ttl_secs,
        Some(n) if (1..=86_400).contains(&n) => n,
        Some(_) => {
            return Err(ApiError::invalid(
                "expires_in",
                "`expires_in` must be 1..86400 seconds.",
            ))
        }
    };
    Ok((now.div_euclid(1000) + ttl) * 1000)
}

/// Creates a customer session and returns its object with the `sdk_token`.
pub async fn new_session(
    state: &AppState,
    customer_id: String,
    expires_in: Option<i64>,
) -> Result<Value, ApiError> {
    let now = now_ms();
    let expires_at = expires_at(state, expires_in, now)?;
    let session = Session {
        id: uuid::Uuid::new_v4().to_string(),
        customer_id,
        expires_at,
        created_at: now,
        locked_at: None,
    };
    let sdk_token = token::mint(
        state.secret_key.as_bytes(),
        TokenKind::Customer,
        Environment::Test,
        &session.id,
        expires_at / 1000,
    );
    state
        .db
        .run(move |conn| {
            customer_or_404(conn, &session.customer_id)?;
            conn.execute(
                "INSERT INTO sessions (id, kind, customer_id, expires_at, created_at)
                 VALUES (?1, 'customer', ?2, ?3, ?4)",
                (
                    &session.id,
                    &session.customer_id,
                    session.expires_at,
                    session.created_at,
                ),
            )?;
            let mut v = session.to_json(now);
            if let Some(obj) = v.as_object_mut() {
                obj.insert("sdk_token".into(), Value::String(sdk_token));
            }
            Ok(v)
        })
        .await
}

/// `POST /v1/customers/{id}/sessions`.
pub async fn create_session(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(customer_id): Path<String>,
    OptionalJsonBody(body): OptionalJsonBody,
) -> Result<Response, ApiError> {
    auth::merchant(&state, &headers)?;
    let expires_in = Fields::root(&body).opt_int("expires_in")?;
    let session = new_session(&state, customer_id, expires_in).await?;
    Ok(json_response(StatusCode::CREATED, &session))
}

/// `GET /v1/customers/{id}/sessions/{session_id}`.
pub async fn get_session(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path((customer_id, session_id)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    auth::merchant(&state, &headers)?;
    let session = state
        .db
        .run(move |conn| {
            customer_or_404(conn, &customer_id)?;
            let session = Session::find(conn, &customer_id, &session_id)?.ok_or_else(|| {
                ApiError::not_found("SESSION_NOT_FOUND", "This customer has no such session.")
            })?;
            Ok(session.to_json(now_ms()))
        })
        .await?;
    Ok(json_response(StatusCode::OK, &session))
}

/// `GET /v1/customers/{id}/payment-methods[?status=ENROLLED|DECLINED|UNENROLLED]`: every payment
/// method of the customer, newest first.
pub async fn list_payment_methods(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(customer_id): Path<String>,
    Query(query): Query<Vec<(String, String)>>,
) -> Result<Response, ApiError> {
    auth::merchant(&state, &headers)?;
    let status = query
        .iter()
        .find(|(k, _)| k == "status")
        .map(|(_, v)| v.clone());
    if let Some(s) = &status {
        if !["ENROLLED", "DECLINED", "UNENROLLED"].contains(&s.as_str()) {
            return Err(ApiError::invalid(
                "status",
                "`status` must be ENROLLED, DECLINED or UNENROLLED.",
            ));
        }
    }
    let list = state
        .db
        .run(move |conn| {
            customer_or_404(conn, &customer_id)?;
            Ok(payment_method_list(&PaymentMethod::list(
                conn,
                &customer_id,
                status.as_deref(),
            )?))
        })
        .await?;
    Ok(json_response(StatusCode::OK, &list))
}

/// `POST /v1/customers/{id}/payment-methods/{pm}/unenroll`: ENROLLED → UNENROLLED (repeating it
/// is harmless); a declined method was never enrolled (409).
pub async fn unenroll(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path((customer_id, pm_id)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    auth::merchant(&state, &headers)?;
    let targets = state.webhook_targets.clone();
    let pm = state
        .db
        .run(move |conn| {
            let tx = conn.transaction()?;
            customer_or_404(&tx, &customer_id)?;
            let mut pm = PaymentMethod::find(&tx, &customer_id, &pm_id)?.ok_or_else(|| {
                ApiError::not_found(
                    "PAYMENT_METHOD_NOT_FOUND",
                    "This customer has no such payment method.",
                )
            })?;
            match pm.status.as_str() {
                "UNENROLLED" => return Ok(pm.to_json()),
                "DECLINED" => {
                    return Err(ApiError::new(
                        StatusCode::CONFLICT,
                        "PAYMENT_METHOD_NOT_ENROLLED",
                        "A declined payment method cannot be unenrolled.",
                    ))
                }
                _ => {}
            }
            let now = now_ms();
            tx.execute(
                "UPDATE payment_methods SET status = 'UNENROLLED', updated_at = ?1 WHERE id = ?2",
                (now, &pm.id),
            )?;
            pm.status = "UNENROLLED".into();
            pm.updated_at = now;
            let json = pm.to_json();
            webhooks::enqueue(
                &tx,
                &targets,
                "enrollment",
                "enrollment.unenroll",
                json!({ "payment_method": json }),
                now,
            )?;
            tx.commit()?;
            Ok(json)
        })
        .await?;
    state.outbox_wakeup.notify_one();
    Ok(json_response(StatusCode::OK, &pm))
}
