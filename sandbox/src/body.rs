//! Request bodies: size cap, content type, JSON parsing, and typed field access with clean errors.
//!
//! Fields are read by hand rather than through serde derive so that no error message ever echoes
//! a value back (a wrongly typed card number would otherwise appear in serde's message).
use axum::body::Body;
use axum::extract::{FromRequest, Request};
use axum::http::{header, HeaderMap, StatusCode};
use bytes::Bytes;
use http_body_util::{BodyExt, LengthLimitError, Limited};
use serde_json::{Map, Value};

use crate::error::ApiError;

/// The largest request body accepted.
pub const MAX_BODY_BYTES: usize = 16 * 1024;

/// A JSON object body together with its raw bytes (hashed for idempotency).
pub struct JsonBody {
    /// The bytes as received.
    pub raw: Bytes,
    /// The parsed top-level object.
    pub object: Map<String, Value>,
}

impl<S: Send + Sync> FromRequest<S> for JsonBody {
    type Rejection = ApiError;

    async fn from_request(req: Request, _state: &S) -> Result<Self, ApiError> {
        let (parts, body) = req.into_parts();
        let raw = read_capped(&parts.headers, body).await?;
        let object = parse_object(&parts.headers, &raw, false)?;
        Ok(JsonBody { raw, object })
    }
}

/// Like [`JsonBody`], but an empty body is an empty object (for endpoints whose fields are all
/// optional).
pub struct OptionalJsonBody(pub Map<String, Value>);

impl<S: Send + Sync> FromRequest<S> for OptionalJsonBody {
    type Rejection = ApiError;

    async fn from_request(req: Request, _state: &S) -> Result<Self, ApiError> {
        let (parts, body) = req.into_parts();
        let raw = read_capped(&parts.headers, body).await?;
        Ok(OptionalJsonBody(parse_object(&parts.headers, &raw, true)?))
    }
}

fn too_large() -> ApiError {
    ApiError::new(
        StatusCode::PAYLOAD_TOO_LARGE,
        "PAYLOAD_TOO_LARGE",
        format!("The request body is larger than {MAX_BODY_BYTES} bytes."),
    )
}

async fn read_capped(headers: &HeaderMap, body: Body) -> Result<Bytes, ApiError> {
    let declared = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > MAX_BODY_BYTES as u64) {
        return Err(too_large());
    }
    match Limited::new(body, MAX_BODY_BYTES).collect().await {
        Ok(collected) => Ok(collected.to_bytes()),
        Err(e) if e.downcast_ref::<LengthLimitError>().is_some() => Err(too_large()),
        Err(_) => Err(ApiError::new(
            StatusCode::BAD_REQUEST,
            "INVALID_REQUEST",
            "The request body could not be read.",
        )),
    }
}

fn parse_object(
    headers: &HeaderMap,
    raw: &[u8],
    empty_ok: bool,
) -> Result<Map<String, Value>, ApiError> {
    if raw.iter().all(u8::is_ascii_whitespace) {
        if empty_ok {
            return Ok(Map::new());
        }
        return Err(ApiError::new(
            StatusCode::BAD_REQUEST,
            "INVALID_REQUEST",
            "A JSON body is required.",
        ));
    }
    let is_json = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .is_some_and(|mime| mime.trim().eq_ignore_ascii_case("application/json"));
    if !is_json {
        return Err(ApiError::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "UNSUPPORTED_MEDIA_TYPE",
            "Send the body as Content-Type: application/json.",
        ));
    }
    match serde_json::from_slice::<Value>(raw) {
        Ok(Value::Object(map)) => Ok(map),
        Ok(_) => Err(ApiError::new(
            StatusCode::BAD_REQUEST,
            "INVALID_REQUEST",
            "The body must be a JSON object.",
        )),
        Err(e) => Err(ApiError::new(
            StatusCode::BAD_REQUEST,
            "INVALID_JSON",
            // Line and column only: serde's message can quote the input.
            format!(
                "The body is not valid JSON (line {}, column {}).",
                e.line(),
                e.column()
            ),
        )),
    }
}

/// Typed access to the fields of one JSON object; `path` prefixes field names in errors.
pub struct Fields<'a> {
    map: &'a Map<String, Value>,
    path: String,
}

impl<'a> Fields<'a> {
    /// The top-level object.
    pub fn root(map: &'a Map<String, Value>) -> Self {
        Fields {
            map,
            path: String::new(),
        }
    }

    fn name(&self, field: &str) -> String {
        format!("{}{}", self.path, field)
    }

    fn get(&self, field: &str) -> Option<&'a Value> {
        self.map.get(field).filter(|v| !v.is_null())
    }

    fn missing(&self, field: &str) -> ApiError {
        let name = self.name(field);
        ApiError::invalid(&name, format!("`{name}` is required."))
    }

    fn wrong_type(&self, field: &str, expected: &str) -> ApiError {
        let name = self.name(field);
        ApiError::invalid(&name, format!("`{name}` must be {expected}."))
    }

    /// A field's raw value, when present and not null.
    pub fn raw(&self, field: &str) -> Option<&'a Value> {
        self.get(field)
    }

    /// A nested object that must be present.
    pub fn object(&self, field: &str) -> Result<Fields<'a>, ApiError> {
        match self.get(field) {
            None => Err(self.missing(field)),
            Some(Value::Object(map)) => Ok(Fields {
                map,
                path: format!("{}.", self.name(field)),
            }),
            Some(_) => Err(self.wrong_type(field, "an object")),
        }
    }

    /// A string that must be present.
    pub fn string(&self, field: &str) -> Result<&'a str, ApiError> {
        self.opt_string(field)?.ok_or_else(|| self.missing(field))
    }

    /// A string or absent/null.
    pub fn opt_string(&self, field: &str) -> Result<Option<&'a str>, ApiError> {
        match self.get(field) {
            None => Ok(None),
            Some(Value::String(s)) => Ok(Some(s)),
            Some(_) => Err(self.wrong_type(field, "a string")),
        }
    }

    /// An integer or absent/null.
    pub fn opt_int(&self, field: &str) -> Result<Option<i64>, ApiError> {
        match self.get(field) {
            None => Ok(None),
            Some(Value::Number(n)) => n
                .as_i64()
                .map(Some)
                .ok_or_else(|| self.wrong_type(field, "an integer")),
            Some(_) => Err(self.wrong_type(field, "an integer")),
        }
    }

    /// An integer given as a JSON number or a string of digits (card forms hold strings).
    pub fn int_or_digits(&self, field: &str) -> Result<(i64, usize), ApiError> {
        match self.get(field) {
            None => Err(self.missing(field)),
            Some(Value::Number(n)) => match n.as_i64() {
                Some(i) => Ok((i, i.to_string().len())),
                None => Err(self.wrong_type(field, "an integer")),
            },
            Some(Value::String(s))
                if !s.is_empty() && s.len() <= 4 && s.bytes().all(|b| b.is_ascii_digit()) =>
            {
                s.parse::<i64>()
                    .map(|i| (i, s.len()))
                    .map_err(|_| self.wrong_type(field, "an integer"))
            }
            Some(_) => Err(self.wrong_type(field, "an integer")),
        }
    }
}
