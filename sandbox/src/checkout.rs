//! Checkout sessions and one-click payments (issue 9): a session with an amount, paid at most
//! once with a vaulted card of its customer (or a new card, vaulted only if the payment succeeds).
//!
//! Exactly once works as for enrollment (vault.rs): key + keyed body hash + stored response in
//! the payment's transaction, scoped to the checkout session; a `…77` card fails its first
//! attempt per key with 502 PROVIDER_ERROR and succeeds on the retry of that key.
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::Response;
use enrollment_core::expiry::YearMonth;
use enrollment_core::time::year_month;
use enrollment_core::token::{self, Environment, TokenKind};
use rusqlite::{Connection, OptionalExtension};
use serde_json::{json, Number, Value};

use crate::auth::{self, SessionAuth};
use crate::body::{Fields, JsonBody, OptionalJsonBody};
use crate::cards::{self, Outcome};
use crate::clock::{iso, now_ms};
use crate::crypto::{random_hex, request_hash};
use crate::error::{json_response, raw_json_response, ApiError};
use crate::limits;
use crate::merchant::expires_at;
use crate::model::{customer_or_404, PaymentMethod};
use crate::state::AppState;
use crate::vault::{
    idempotency_key, new_method, provider_failed, store_created, stored, Stored, REPLAYED_HEADER,
};
use crate::webhooks;

/// The prefix of checkout session ids on the wire.
pub const CHECKOUT_PREFIX: &str = "chk_";

/// The amount of the demo's one-click panel.
pub const DEMO_AMOUNT: (&str, &str) = ("49.90", "USD");

/// A checkout session row with its amount.
struct Checkout {
    /// Bare UUID.
    id: String,
    customer_id: String,
    amount_value: String,
    currency: String,
    merchant_order_id: String,
    vault_on_success: bool,
    paid_payment_id: Option<String>,
    expires_at: i64,
    created_at: i64,
}

impl Checkout {
    fn find(conn: &Connection, id: &str) -> rusqlite::Result<Option<Checkout>> {
        conn.query_row(
            "SELECT s.id, s.customer_id, c.amount_value, c.currency, c.merchant_order_id,
                    c.vault_on_success, c.paid_payment_id, s.expires_at, s.created_at
             FROM sessions s JOIN checkout_sessions c ON c.session_id = s.id
             WHERE s.id = ?1 AND s.kind = 'checkout'",
            [id],
            |r| {
                Ok(Checkout {
                    id: r.get(0)?,
                    customer_id: r.get(1)?,
                    amount_value: r.get(2)?,
                    currency: r.get(3)?,
                    merchant_order_id: r.get(4)?,
                    vault_on_success: r.get(5)?,
                    paid_payment_id: r.get(6)?,
                    expires_at: r.get(7)?,
                    created_at: r.get(8)?,
                })
            },
        )
        .optional()
    }

    /// PAID once a payment succeeded; otherwise ACTIVE until `expires_at`, then EXPIRED.
    fn status(&self, now: i64) -> &'static str {
        if self.paid_payment_id.is_some() {
            "PAID"
        } else if now >= self.expires_at {
            "EXPIRED"
        } else {
            "ACTIVE"
        }
    }

    fn to_json(&self, now: i64) -> Value {
        json!({
            "id": format!("{CHECKOUT_PREFIX}{}", self.id),
            "customer_id": self.customer_id,
            "amount": amount_json(&self.amount_value, &self.currency),
            "merchant_order_id": self.merchant_order_id,
            "vault_on_success": self.vault_on_success,
            "status": self.status(now),
            "payment_id": self.paid_payment_id,
            "expires_at": iso(self.expires_at),
            "created_at": iso(self.created_at),
        })
    }
}

fn amount_json(value: &str, currency: &str) -> Value {
    let value = serde_json::from_str::<Number>(value)
        .map(Value::Number)
        .unwrap_or(Value::Null);
    json!({ "value": value, "currency": currency })
}

/// `{ value, currency }`: value a positive JSON number (major units, e.g. 49.9), currency three
/// ASCII letters (upper-cased).
fn parse_amount(f: &Fields<'_>) -> Result<(String, String), ApiError> {
    let amount = f.object("amount")?;
    let value = match amount.raw("value") {
        None => {
            return Err(ApiError::invalid(
                "amount.value",
                "`amount.value` is required.",
            ))
        }
        Some(Value::Number(n)) => n.clone(),
        Some(_) => {
            return Err(ApiError::invalid(
                "amount.value",
                "`amount.value` must be a number.",
            ))
        }
    };
    if !value
        .as_f64()
        .is_some_and(|v| v.is_finite() && v > 0.0 && v <= 1e12)
    {
        return Err(ApiError::invalid(
            "amount.value",
            "`amount.value` must be positive.",
        ));
    }
    let currency = amount.string("currency")?;
    if currency.len() != 3 || !currency.bytes().all(|b| b.is_ascii_alphabetic()) {
        return Err(ApiError::invalid(
            "amount.currency",
            "`amount.currency` must be a three-letter ISO 4217 code.",
        ));
    }
    Ok((value.to_string(), currency.to_ascii_uppercase()))
}

struct NewCheckout {
    customer_id: String,
    amount: (String, String),
    merchant_order_id: String,
    vault_on_success: bool,
    expires_in: Option<i64>,
}

async fn create(state: &AppState, new: NewCheckout) -> Result<Value, ApiError> {
    let now = now_ms();
    let expires_at = expires_at(state, new.expires_in, now)?;
    let checkout = Checkout {
        id: uuid::Uuid::new_v4().to_string(),
        customer_id: new.customer_id,
        amount_value: new.amount.0,
        currency: new.amount.1,
        merchant_order_id: new.merchant_order_id,
        vault_on_success: new.vault_on_success,
        paid_payment_id: None,
        expires_at,
        created_at: now,
    };
    let sdk_token = token::mint(
        state.secret_key.as_bytes(),
        TokenKind::Checkout,
        Environment::Test,
        &checkout.id,
        expires_at / 1000,
    );
    state
        .db
        .run(move |conn| {
            let tx = conn.transaction()?;
            customer_or_404(&tx, &checkout.customer_id)?;
            tx.execute(
                "INSERT INTO sessions (id, kind, customer_id, expires_at, created_at)
                 VALUES (?1, 'checkout', ?2, ?3, ?4)",
                (
                    &checkout.id,
                    &checkout.customer_id,
                    checkout.expires_at,
                    checkout.created_at,
                ),
            )?;
            tx.execute(
                "INSERT INTO checkout_sessions
                 (session_id, amount_value, currency, merchant_order_id, vault_on_success)
                 VALUES (?1, ?2, ?3, ?4, ?5)",
                (
                    &checkout.id,
                    &checkout.amount_value,
                    &checkout.currency,
                    &checkout.merchant_order_id,
                    checkout.vault_on_success,
                ),
            )?;
            tx.commit()?;
            let mut v = checkout.to_json(now);
            if let Some(obj) = v.as_object_mut() {
                obj.insert("sdk_token".into(), Value::String(sdk_token));
            }
            Ok(v)
        })
        .await
}

fn opt_bool(f: &Fields<'_>, name: &str) -> Result<bool, ApiError> {
    match f.raw(name) {
        None => Ok(false),
        Some(Value::Bool(b)) => Ok(*b),
        Some(_) => Err(ApiError::invalid(
            name,
            format!("`{name}` must be a boolean."),
        )),
    }
}

/// `POST /v1/checkout/sessions` `{ customer_id, amount: { value, currency }, merchant_order_id,
/// vault_on_success?, expires_in? }`.
pub async fn create_session(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: JsonBody,
) -> Result<Response, ApiError> {
    auth::merchant(&state, &headers)?;
    let f = Fields::root(&body.object);
    let customer_id = f.string("customer_id")?.to_owned();
    let amount = parse_amount(&f)?;
    let merchant_order_id = f.string("merchant_order_id")?.trim().to_owned();
    if merchant_order_id.is_empty() || merchant_order_id.chars().count() > 255 {
        return Err(ApiError::invalid(
            "merchant_order_id",
            "`merchant_order_id` must be 1 to 255 characters.",
        ));
    }
    let new = NewCheckout {
        customer_id,
        amount,
        merchant_order_id,
        vault_on_success: opt_bool(&f, "vault_on_success")?,
        expires_in: f.opt_int("expires_in")?,
    };
    let session = create(&state, new).await?;
    Ok(json_response(StatusCode::CREATED, &session))
}

fn checkout_not_found() -> ApiError {
    ApiError::not_found("SESSION_NOT_FOUND", "No such checkout session.")
}

/// `GET /v1/checkout/sessions/{id}` (merchant): the session without its token.
pub async fn get_session(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(wire_id): Path<String>,
) -> Result<Response, ApiError> {
    auth::merchant(&state, &headers)?;
    let session = state
        .db
        .run(move |conn| {
            let id = wire_id
                .strip_prefix(CHECKOUT_PREFIX)
                .ok_or_else(checkout_not_found)?;
            let checkout = Checkout::find(conn, id)?.ok_or_else(checkout_not_found)?;
            Ok(checkout.to_json(now_ms()))
        })
        .await?;
    Ok(json_response(StatusCode::OK, &session))
}

/// `GET /v1/sdk/checkout-session` (bearer checkout token): what the one-click form shows.
pub async fn sdk_session(
    State(state): State<AppState>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let session = auth::bearer(&state, &headers, &[TokenKind::Checkout]).await?;
    let v = state
        .db
        .run(move |conn| {
            let checkout =
                Checkout::find(conn, &session.session_id)?.ok_or_else(checkout_not_found)?;
            Ok(checkout.to_json(now_ms()))
        })
        .await?;
    Ok(json_response(StatusCode::OK, &v))
}

/// A payment row.
struct Payment {
    id: String,
    session_id: String,
    customer_id: String,
    idempotency_key: String,
    status: String,
    decline_reason: Option<String>,
    amount_value: String,
    currency: String,
    payment_method_id: Option<String>,
    vaulted_token: Option<String>,
    brand: String,
    last4: String,
    created_at: i64,
}

impl Payment {
    const COLUMNS: &'static str = "id, session_id, customer_id, idempotency_key, status, decline_reason, amount_value, currency, payment_method_id, vaulted_token, brand, last4, created_at";

    fn from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Self> {
        Ok(Payment {
            id: r.get(0)?,
            session_id: r.get(1)?,
            customer_id: r.get(2)?,
            idempotency_key: r.get(3)?,
            status: r.get(4)?,
            decline_reason: r.get(5)?,
            amount_value: r.get(6)?,
            currency: r.get(7)?,
            payment_method_id: r.get(8)?,
            vaulted_token: r.get(9)?,
            brand: r.get(10)?,
            last4: r.get(11)?,
            created_at: r.get(12)?,
        })
    }

    fn to_json(&self) -> Value {
        let mut v = json!({
            "id": self.id,
            "checkout_session_id": format!("{CHECKOUT_PREFIX}{}", self.session_id),
            "customer_id": self.customer_id,
            "status": self.status,
            "amount": amount_json(&self.amount_value, &self.currency),
            "payment_method": {
                "vaulted_token": self.vaulted_token,
                "brand": self.brand,
                "last4": self.last4,
            },
            "created_at": iso(self.created_at),
        });
        if let (Some(reason), Some(obj)) = (&self.decline_reason, v.as_object_mut()) {
            obj.insert("decline_reason".into(), Value::String(reason.clone()));
        }
        v
    }

    fn insert(&self, conn: &Connection) -> rusqlite::Result<()> {
        conn.execute(
            &format!(
                "INSERT INTO payments ({}) VALUES
                 (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
                Self::COLUMNS
            ),
            rusqlite::params![
                self.id,
                self.session_id,
                self.customer_id,
                self.idempotency_key,
                self.status,
                self.decline_reason,
                self.amount_value,
                self.currency,
                self.payment_method_id,
                self.vaulted_token,
                self.brand,
                self.last4,
                self.created_at,
            ],
        )?;
        Ok(())
    }
}

/// `GET /v1/payments/{id}` (merchant).
pub async fn get_payment(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    auth::merchant(&state, &headers)?;
    let v = state
        .db
        .run(move |conn| {
            conn.query_row(
                &format!("SELECT {} FROM payments WHERE id = ?1", Payment::COLUMNS),
                [&id],
                Payment::from_row,
            )
            .optional()?
            .map(|p| p.to_json())
            .ok_or_else(|| ApiError::not_found("PAYMENT_NOT_FOUND", "No such payment."))
        })
        .await?;
    Ok(json_response(StatusCode::OK, &v))
}

/// `POST /v1/sdk/payments` (bearer checkout token, `X-Idempotency-Key`): `{ vaulted_token }`
/// pays with a saved card of the session's customer; `{ card: {…} }` with a new one.
pub async fn pay(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: JsonBody,
) -> Result<Response, ApiError> {
    let session = auth::bearer(&state, &headers, &[TokenKind::Checkout]).await?;
    let key = idempotency_key(&headers)?;
    let hash = request_hash(&state.secret_key, &body.raw);
    let st = state.clone();
    let (body, replayed) = state
        .db
        .run(move |conn| pay_tx(conn, &st, &session, &key, &hash, &body))
        .await?;
    if !replayed {
        state.outbox_wakeup.notify_one();
    }
    let mut resp = raw_json_response(StatusCode::CREATED, body);
    if replayed {
        resp.headers_mut()
            .insert(REPLAYED_HEADER, HeaderValue::from_static("true"));
    }
    Ok(resp)
}

/// Where the money comes from.
enum Source {
    Saved(Box<PaymentMethod>),
    New(cards::ValidCard),
}

fn expired(pm: &PaymentMethod, today: YearMonth) -> bool {
    (pm.expiration_year, pm.expiration_month) < (i64::from(today.year), i64::from(today.month))
}

fn pay_tx(
    conn: &mut Connection,
    state: &AppState,
    session: &SessionAuth,
    key: &str,
    hash: &str,
    body: &JsonBody,
) -> Result<(String, bool), ApiError> {
    let scope = format!("pay:{}", session.session_id);
    let tx = conn.transaction()?;
    let mut provider_failures = 0;
    if let Some(Stored {
        response,
        provider_failures: failures,
        ..
    }) = stored(&tx, &scope, key, hash)?
    {
        if let Some(body) = response {
            return Ok((body, true));
        }
        provider_failures = failures;
    }
    let checkout = Checkout::find(&tx, &session.session_id)?.ok_or_else(checkout_not_found)?;
    if checkout.paid_payment_id.is_some() {
        return Err(ApiError::new(
            StatusCode::CONFLICT,
            "SESSION_ALREADY_PAID",
            "This checkout session has already been paid.",
        ));
    }

    let now = now_ms();
    // A payment with a new card tests a card as well as an enrollment does.
    limits::check(&tx, state, session, now)?;
    let today = year_month(now);
    let f = Fields::root(&body.object);
    let source = match (f.opt_string("vaulted_token")?, f.raw("card")) {
        (Some(_), Some(_)) => {
            return Err(ApiError::invalid(
                "vaulted_token",
                "Send either `vaulted_token` or `card`, not both.",
            ))
        }
        (Some(vaulted), None) => {
            let pm = PaymentMethod::find_enrolled_by_token(&tx, &session.customer_id, vaulted)?
                .ok_or_else(|| {
                    ApiError::not_found(
                        "PAYMENT_METHOD_NOT_FOUND",
                        "This customer has no enrolled payment method with this vaulted_token.",
                    )
                })?;
            Source::Saved(Box::new(pm))
        }
        (None, Some(_)) => Source::New(cards::validate(&f.object("card")?, today)?),
        (None, None) => {
            return Err(ApiError::invalid(
                "vaulted_token",
                "`vaulted_token` (or a new `card`) is required.",
            ))
        }
    };

    let (digits_tail, card_expired) = match &source {
        Source::Saved(pm) => (pm.lfd.clone(), expired(pm, today)),
        Source::New(card) => (card.last4().to_owned(), false),
    };
    let (status, decline_reason) = match cards::outcome(&digits_tail) {
        _ if card_expired => ("DECLINED", Some("EXPIRED_CARD")),
        Outcome::ProviderError if provider_failures == 0 => {
            return Err(provider_failed(tx, &scope, key, hash, now)?);
        }
        Outcome::ProviderError | Outcome::Enrolled => ("SUCCEEDED", None),
        Outcome::Declined(reason) => ("DECLINED", Some(reason)),
    };

    // A new card is vaulted only when asked and only when the payment went through.
    let (payment_method_id, vaulted_token, brand, last4) = match source {
        Source::Saved(pm) => {
            let pm = *pm;
            (Some(pm.id), Some(pm.vaulted_token), pm.brand, pm.lfd)
        }
        Source::New(card) if status == "SUCCEEDED" && checkout.vault_on_success => {
            let pm = new_method(
                state,
                session,
                &card,
                // Its own namespace: never collides with an enrollment's key of this customer.
                format!("checkout:{}:{key}", checkout.id),
                ("ENROLLED", None),
                now,
            );
            pm.insert(&tx)?;
            webhooks::enqueue(
                &tx,
                &state.webhook_targets,
                "enrollment",
                "enrollment.enroll",
                json!({ "payment_method": pm.to_json() }),
                now,
            )?;
            (Some(pm.id), Some(pm.vaulted_token), pm.brand, pm.lfd)
        }
        Source::New(card) => (
            None,
            None,
            card.brand.id().to_owned(),
            card.last4().to_owned(),
        ),
    };
    let payment = Payment {
        id: uuid::Uuid::new_v4().to_string(),
        session_id: checkout.id.clone(),
        customer_id: session.customer_id.clone(),
        idempotency_key: key.to_owned(),
        status: status.to_owned(),
        decline_reason: decline_reason.map(str::to_owned),
        amount_value: checkout.amount_value.clone(),
        currency: checkout.currency.clone(),
        payment_method_id,
        vaulted_token,
        brand,
        last4,
        created_at: now,
    };
    payment.insert(&tx)?;
    if status == "DECLINED" {
        limits::after_decline(&tx, state, &checkout.id, now)?;
    }
    if status == "SUCCEEDED" {
        tx.execute(
            "UPDATE checkout_sessions SET paid_payment_id = ?1 WHERE session_id = ?2",
            (&payment.id, &checkout.id),
        )?;
    }
    let response = payment.to_json();
    webhooks::enqueue(
        &tx,
        &state.webhook_targets,
        "payment",
        if status == "SUCCEEDED" {
            "payment.succeeded"
        } else {
            "payment.declined"
        },
        json!({ "payment": response }),
        now,
    )?;
    let body = response.to_string();
    store_created(tx, &scope, key, hash, &body, now)?;
    Ok((body, false))
}

/// `POST /demo/checkout-session` `{ amount?, vault_on_success?, expires_in? }`: a checkout
/// session of the demo customer (created on first use), 49.90 USD unless told otherwise.
pub async fn demo_session(
    State(state): State<AppState>,
    OptionalJsonBody(body): OptionalJsonBody,
) -> Result<Response, ApiError> {
    let f = Fields::root(&body);
    let amount = if f.raw("amount").is_some() {
        parse_amount(&f)?
    } else {
        (DEMO_AMOUNT.0.to_owned(), DEMO_AMOUNT.1.to_owned())
    };
    let customer_id = crate::demo::demo_customer(&state).await?;
    let new = NewCheckout {
        customer_id,
        amount,
        merchant_order_id: format!("demo-order-{}", random_hex(6)),
        vault_on_success: opt_bool(&f, "vault_on_success")?,
        expires_in: f.opt_int("expires_in")?,
    };
    let session = create(&state, new).await?;
    Ok(json_response(StatusCode::CREATED, &session))
}
