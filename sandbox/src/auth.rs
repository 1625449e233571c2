//! Who is calling: the merchant (`private-secret-key`) or a session's browser (bearer sdk_token).
use axum::http::{header, HeaderMap};
use enrollment_core::token::{self, Environment, TokenError, TokenKind};
use rusqlite::OptionalExtension;

use crate::clock::now_ms;
use crate::crypto::ct_eq;
use crate::error::ApiError;
use crate::state::AppState;

/// The merchant header.
pub const MERCHANT_KEY_HEADER: &str = "private-secret-key";

/// Checks the merchant's `private-secret-key` header.
pub fn merchant(state: &AppState, headers: &HeaderMap) -> Result<(), ApiError> {
    let Some(given) = headers.get(MERCHANT_KEY_HEADER) else {
        return Err(ApiError::unauthorized(
            "UNAUTHORIZED",
            "The private-secret-key header is required.",
        ));
    };
    if ct_eq(given.as_bytes(), state.secret_key.as_bytes()) {
        Ok(())
    } else {
        Err(ApiError::unauthorized(
            "UNAUTHORIZED",
            "The private-secret-key is not valid.",
        ))
    }
}

/// The session a verified bearer token belongs to.
#[derive(Debug, Clone)]
pub struct SessionAuth {
    /// Bare UUID of the session.
    pub session_id: String,
    /// The one customer this token may act for.
    pub customer_id: String,
}

fn session_invalid(message: &str) -> ApiError {
    ApiError::unauthorized("SESSION_INVALID", message)
}

fn session_expired() -> ApiError {
    ApiError::unauthorized(
        "SESSION_EXPIRED",
        "The session has expired; create a new one.",
    )
}

/// Verifies `Authorization: Bearer <token>` of one of `kinds` (the first is the one named in
/// errors): signature and expiry with core, environment `test`, and the session row (which may
/// have been force-expired). Tokens are read from this header only, never from a query string
/// or a cookie.
pub async fn bearer(
    state: &AppState,
    headers: &HeaderMap,
    kinds: &[TokenKind],
) -> Result<SessionAuth, ApiError> {
    let value = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .ok_or_else(|| {
            ApiError::unauthorized(
                "UNAUTHORIZED",
                "The Authorization: Bearer <sdk_token> header is required.",
            )
        })?;
    let token = match value.split_once(' ') {
        Some((scheme, rest)) if scheme.eq_ignore_ascii_case("bearer") => rest.trim(),
        _ => {
            return Err(ApiError::unauthorized(
                "UNAUTHORIZED",
                "The Authorization header must be `Bearer <sdk_token>`.",
            ))
        }
    };
    let kind = match token::parse(token) {
        Ok(t) if kinds.contains(&t.kind) => t.kind,
        _ => kinds.first().copied().unwrap_or(TokenKind::Customer),
    };
    let now = now_ms();
    let parsed = token::verify(
        state.secret_key.as_bytes(),
        token,
        kind,
        now.div_euclid(1000),
    )
    .map_err(|e| match e {
        TokenError::Expired => session_expired(),
        TokenError::SignatureInvalid => session_invalid("The token's signature is not valid."),
        TokenError::PrefixInvalid { .. } => session_invalid(match kind {
            TokenKind::Customer => "This endpoint takes a customer session token (cstok_).",
            TokenKind::Checkout => "This endpoint takes a checkout session token (chtok_).",
        }),
        TokenError::Malformed | TokenError::ExpiryUnknown | TokenError::UnknownEnvironment => {
            session_invalid("The token is malformed.")
        }
    })?;
    if parsed.environment != Environment::Test {
        return Err(session_invalid(
            "A live token cannot be used with the test sandbox.",
        ));
    }
    let Some(session_id) = parsed.session_id else {
        return Err(session_invalid("The token is malformed."));
    };
    let kind_name = match kind {
        TokenKind::Customer => "customer",
        TokenKind::Checkout => "checkout",
    };
    let lookup = session_id.clone();
    let row = state
        .db
        .run(move |conn| {
            Ok(conn
                .query_row(
                    "SELECT customer_id, expires_at FROM sessions WHERE id = ?1 AND kind = ?2",
                    (&lookup, kind_name),
                    |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)),
                )
                .optional()?)
        })
        .await?;
    let Some((customer_id, expires_at)) = row else {
        return Err(session_invalid("The session does not exist."));
    };
    if expires_at <= now {
        return Err(session_expired());
    }
    Ok(SessionAuth {
        session_id,
        customer_id,
    })
}
