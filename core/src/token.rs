//! The sdk_token: `<kind>_<env>_<session-hex>_<exp>_<sig>` (DESIGN §4). Clients read it;
//! the server (feature `server`) also mints and verifies it.

/// Which session a token belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenKind {
    /// `cstok_`: a Customer Session, for enrollment.
    Customer,
    /// `chtok_`: a Checkout Session, for one-click payments.
    Checkout,
}

/// The environment a token was minted for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Environment {
    /// `live`.
    Live,
    /// `test`.
    Test,
}

/// What a token says about itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SdkToken {
    /// Customer or checkout.
    pub kind: TokenKind,
    /// live or test.
    pub environment: Environment,
    /// The session UUID, hyphenated lowercase (8-4-4-4-12); `None` for an opaque token.
    pub session_id: Option<String>,
    /// Expiry in Unix seconds; `None` for an opaque token.
    pub expires_at: Option<i64>,
}

/// Why a token is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenError {
    /// Empty, or not of the token's shape.
    Malformed,
    /// Does not start with the prefix expected here; `found` is the kind it has, if any
    /// (a checkout token given to enrollment, say).
    PrefixInvalid {
        /// The kind of token that was given, when it is one of ours.
        found: Option<TokenKind>,
    },
    /// The environment is neither `live` nor `test`.
    UnknownEnvironment,
    /// Expired, or within [`EXPIRY_MARGIN_SECS`] of expiry.
    Expired,
    /// An opaque token given without an explicit expiry.
    ExpiryUnknown,
    /// The signature does not match (server side only).
    SignatureInvalid,
}

/// A token this close to its expiry counts as expired.
pub const EXPIRY_MARGIN_SECS: i64 = 5;

impl TokenKind {
    /// "cstok_" or "chtok_".
    pub fn prefix(self) -> &'static str {
        unimplemented!()
    }
}

impl Environment {
    /// "live" or "test".
    pub fn as_str(self) -> &'static str {
        unimplemented!()
    }
}

impl TokenError {
    /// The JS error code: TOKEN_MALFORMED (Malformed, ExpiryUnknown), TOKEN_PREFIX_INVALID
    /// (PrefixInvalid, UnknownEnvironment), SESSION_EXPIRED, SESSION_INVALID (SignatureInvalid).
    pub fn code(self) -> &'static str {
        unimplemented!()
    }
}

/// Reads a token's structure (either kind); does not judge expiry.
pub fn parse(token: &str) -> Result<SdkToken, TokenError> {
    let _ = token;
    unimplemented!()
}

/// What a client does before drawing anything: the token must be of kind `expected`; its expiry
/// is its own `exp`, or `expires_at` (Unix seconds, from the session object) when the token is
/// opaque (when both exist, the earlier wins); it must be more than [`EXPIRY_MARGIN_SECS`] after
/// `now` (Unix seconds).
pub fn check(
    token: &str,
    expected: TokenKind,
    expires_at: Option<i64>,
    now: i64,
) -> Result<SdkToken, TokenError> {
    let _ = (token, expected, expires_at, now);
    unimplemented!()
}

/// Mints a token: HMAC-SHA256(key, everything before `_<sig>`) as 64 lowercase hex digits.
/// `session_id` is the session UUID (hyphenated or 32 hex digits).
#[cfg(feature = "server")]
pub fn mint(
    key: &[u8],
    kind: TokenKind,
    environment: Environment,
    session_id: &str,
    expires_at: i64,
) -> String {
    let _ = (key, kind, environment, session_id, expires_at);
    unimplemented!()
}

/// Verifies a token on the server: structure, kind, signature (constant-time comparison), then
/// expiry against `now` (Unix seconds). A bad signature is `SignatureInvalid` even when the token
/// has also expired.
#[cfg(feature = "server")]
pub fn verify(
    key: &[u8],
    token: &str,
    expected: TokenKind,
    now: i64,
) -> Result<SdkToken, TokenError> {
    let _ = (key, token, expected, now);
    unimplemented!()
}
