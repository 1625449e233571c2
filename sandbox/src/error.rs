//! The one error type of the API: `{ "code", "messages": [..], "field"? }` with an HTTP status.
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::{json, Value};

/// An API error as the client sees it.
#[derive(Debug, Clone, PartialEq)]
pub struct ApiError {
    /// HTTP status.
    pub status: StatusCode,
    /// Stable machine-readable code, e.g. `SESSION_EXPIRED`.
    pub code: &'static str,
    /// Human-readable explanations (never carrying card data).
    pub messages: Vec<String>,
    /// The offending field: an SDK field name for `VALIDATION_FAILED`, a JSON path otherwise.
    pub field: Option<String>,
}

impl ApiError {
    /// An error with one message.
    pub fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> Self {
        ApiError {
            status,
            code,
            messages: vec![message.into()],
            field: None,
        }
    }

    /// Names the offending field.
    pub fn with_field(mut self, field: impl Into<String>) -> Self {
        self.field = Some(field.into());
        self
    }

    /// 400 INVALID_REQUEST about one JSON field.
    pub fn invalid(field: &str, message: impl Into<String>) -> Self {
        ApiError::new(StatusCode::BAD_REQUEST, "INVALID_REQUEST", message).with_field(field)
    }

    /// 404 NOT_FOUND.
    pub fn not_found(code: &'static str, message: impl Into<String>) -> Self {
        ApiError::new(StatusCode::NOT_FOUND, code, message)
    }

    /// 401 UNAUTHORIZED.
    pub fn unauthorized(code: &'static str, message: impl Into<String>) -> Self {
        ApiError::new(StatusCode::UNAUTHORIZED, code, message)
    }

    /// 500 INTERNAL_ERROR; the detail goes to stderr, not to the client.
    pub fn internal(detail: impl std::fmt::Display) -> Self {
        crate::log::log!("sandbox: internal error: {detail}");
        ApiError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "INTERNAL_ERROR",
            "The sandbox failed to handle the request.",
        )
    }

    /// The JSON body.
    pub fn body(&self) -> Value {
        let mut v = json!({ "code": self.code, "messages": self.messages });
        if let (Some(field), Some(obj)) = (&self.field, v.as_object_mut()) {
            obj.insert("field".into(), Value::String(field.clone()));
        }
        v
    }
}

impl From<rusqlite::Error> for ApiError {
    fn from(e: rusqlite::Error) -> Self {
        ApiError::internal(format!("database: {e}"))
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut resp = json_response(self.status, &self.body());
        if self.status == StatusCode::SERVICE_UNAVAILABLE {
            resp.headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from_static("1"));
        }
        resp
    }
}

/// A JSON response with the given status.
pub fn json_response(status: StatusCode, body: &Value) -> Response {
    raw_json_response(status, body.to_string())
}

/// A response whose body is already-serialized JSON (stored idempotent replies).
pub fn raw_json_response(status: StatusCode, body: String) -> Response {
    let mut resp = (status, body).into_response();
    resp.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    resp
}
