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

/// Longer input is refused outright: real tokens are about 130 characters.
const MAX_TOKEN_LEN: usize = 512;
const SESSION_HEX_LEN: usize = 32;
const SIG_HEX_LEN: usize = 64;

impl TokenKind {
    /// "cstok_" or "chtok_".
    pub fn prefix(self) -> &'static str {
        match self {
            TokenKind::Customer => "cstok_",
            TokenKind::Checkout => "chtok_",
        }
    }
}

impl Environment {
    /// "live" or "test".
    pub fn as_str(self) -> &'static str {
        match self {
            Environment::Live => "live",
            Environment::Test => "test",
        }
    }
}

impl TokenError {
    /// The JS error code: TOKEN_MALFORMED (Malformed, ExpiryUnknown), TOKEN_PREFIX_INVALID
    /// (PrefixInvalid, UnknownEnvironment), SESSION_EXPIRED, SESSION_INVALID (SignatureInvalid).
    pub fn code(self) -> &'static str {
        match self {
            TokenError::Malformed | TokenError::ExpiryUnknown => "TOKEN_MALFORMED",
            TokenError::PrefixInvalid { .. } | TokenError::UnknownEnvironment => {
                "TOKEN_PREFIX_INVALID"
            }
            TokenError::Expired => "SESSION_EXPIRED",
            TokenError::SignatureInvalid => "SESSION_INVALID",
        }
    }
}

fn is_lower_hex(s: &str) -> bool {
    crate::all_bytes(s, |b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

/// "0123…" (32 hex digits) → "01234567-89ab-cdef-…" (8-4-4-4-12).
fn hyphenate(hex: &str) -> String {
    let mut out = String::with_capacity(36);
    // An index loop over the bytes (`hex` is ASCII): see `crate::find_byte`.
    let b = hex.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if matches!(i, 8 | 12 | 16 | 20) {
            out.push('-');
        }
        out.push(char::from(b[i]));
        i += 1;
    }
    out
}

fn cut_at_underscore(s: &str) -> Option<(&str, &str)> {
    crate::split_once_ascii(s, b'_')
}

/// A structured token split into its parts; `signed` is everything before `_<sig>`.
struct Parts<'a> {
    token: SdkToken,
    // Only the server checks signatures.
    #[cfg_attr(not(any(feature = "server", test)), allow(dead_code))]
    signed: &'a str,
    #[cfg_attr(not(any(feature = "server", test)), allow(dead_code))]
    sig: Option<&'a str>,
}

fn parse_parts(token: &str) -> Result<Parts<'_>, TokenError> {
    if token.is_empty()
        || token.len() > MAX_TOKEN_LEN
        || !crate::all_bytes(token, |b| b.is_ascii_alphanumeric() || b == b'_')
    {
        return Err(TokenError::Malformed);
    }
    // `strip_prefix` rather than a slice after `starts_with`: no char-boundary panic path.
    let (kind, rest) = if let Some(rest) = token.strip_prefix(TokenKind::Customer.prefix()) {
        (TokenKind::Customer, rest)
    } else if let Some(rest) = token.strip_prefix(TokenKind::Checkout.prefix()) {
        (TokenKind::Checkout, rest)
    } else if token.bytes().any(|b| b == b'_') {
        return Err(TokenError::PrefixInvalid { found: None });
    } else {
        return Err(TokenError::Malformed);
    };
    let (env, rest) = cut_at_underscore(rest).ok_or(TokenError::Malformed)?;
    let environment = match env {
        "live" => Environment::Live,
        "test" => Environment::Test,
        _ => return Err(TokenError::UnknownEnvironment),
    };
    if matches!(rest.as_bytes(), [] | [b'_', ..] | [.., b'_']) {
        return Err(TokenError::Malformed);
    }
    let (session, after_session) =
        cut_at_underscore(rest).map_or((rest, None), |(s, r)| (s, Some(r)));
    if session.len() != SESSION_HEX_LEN || !crate::all_bytes(session, |b| b.is_ascii_hexdigit()) {
        // Anything else after the environment is an opaque token: its expiry must come from
        // the session object.
        return Ok(Parts {
            token: SdkToken {
                kind,
                environment,
                session_id: None,
                expires_at: None,
            },
            signed: token,
            sig: None,
        });
    }
    let Some((exp, sig)) = after_session.and_then(cut_at_underscore) else {
        return Err(TokenError::Malformed);
    };
    // It has the structured shape: every part must then be exactly right (a fourth part would
    // leave an underscore in `sig`, which is not hex).
    if !is_lower_hex(session)
        || sig.len() != SIG_HEX_LEN
        || !is_lower_hex(sig)
        || exp.is_empty()
        || exp.len() > 18
        || !crate::all_bytes(exp, crate::is_digit)
    {
        return Err(TokenError::Malformed);
    }
    // 1–18 ASCII digits (checked above) always fit an i64: read them without `str::parse`,
    // whose overflow checks cost the SDK's wasm a 128-bit multiplication routine.
    let expires_at = crate::decimal(exp.as_bytes());
    let signed = token.get(..token.len() - SIG_HEX_LEN - 1).unwrap_or(token);
    Ok(Parts {
        token: SdkToken {
            kind,
            environment,
            session_id: Some(hyphenate(session)),
            expires_at: Some(expires_at),
        },
        signed,
        sig: Some(sig),
    })
}

/// Reads a token's structure (either kind); does not judge expiry.
///
/// Shapes: `<kind>_<env>_<32 lowercase hex>_<decimal exp>_<64 lowercase hex>` (structured), or
/// `<kind>_<env>_<letters, digits, underscores>` (opaque: no session id nor expiry). Anything
/// with other characters is [`TokenError::Malformed`]; an underscore-separated string of another
/// prefix is [`TokenError::PrefixInvalid`]; a token whose third part is 32 hex digits must be a
/// complete structured token, so a truncated or mistyped signature is malformed, not opaque.
pub fn parse(token: &str) -> Result<SdkToken, TokenError> {
    parse_parts(token).map(|p| p.token)
}

fn expect_kind(token: &SdkToken, expected: TokenKind) -> Result<(), TokenError> {
    if token.kind == expected {
        Ok(())
    } else {
        Err(TokenError::PrefixInvalid {
            found: Some(token.kind),
        })
    }
}

/// Whether a token expiring at `expires_at` counts as expired at `now` (Unix seconds): within
/// [`EXPIRY_MARGIN_SECS`] of it or past it.
pub fn is_expired(expires_at: i64, now: i64) -> bool {
    expires_at <= now.saturating_add(EXPIRY_MARGIN_SECS)
}

/// What a client does before drawing anything: the token must be of kind `expected`; its expiry
/// is its own `exp`, or `expires_at` (Unix seconds, from the session object) when the token is
/// opaque (when both exist, the earlier wins); it must be more than [`EXPIRY_MARGIN_SECS`] after
/// `now` (Unix seconds).
///
/// On success the returned `expires_at` is that effective expiry (so it is `Some` for an opaque
/// token too).
pub fn check(
    token: &str,
    expected: TokenKind,
    expires_at: Option<i64>,
    now: i64,
) -> Result<SdkToken, TokenError> {
    let mut parsed = parse(token)?;
    expect_kind(&parsed, expected)?;
    let effective = match (parsed.expires_at, expires_at) {
        (Some(a), Some(b)) => a.min(b),
        (Some(a), None) | (None, Some(a)) => a,
        (None, None) => return Err(TokenError::ExpiryUnknown),
    };
    if is_expired(effective, now) {
        return Err(TokenError::Expired);
    }
    parsed.expires_at = Some(effective);
    Ok(parsed)
}

#[cfg(any(feature = "server", test))]
type HmacSha256 = hmac::Hmac<sha2::Sha256>;

#[cfg(any(feature = "server", test))]
fn push_hex(out: &mut String, bytes: &[u8]) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    for &b in bytes {
        out.push(char::from(HEX[usize::from(b >> 4)]));
        out.push(char::from(HEX[usize::from(b & 0x0f)]));
    }
}

#[cfg(any(feature = "server", test))]
fn decode_hex(hex: &str) -> Option<[u8; 32]> {
    fn nibble(c: u8) -> Option<u8> {
        match c {
            b'0'..=b'9' => Some(c - b'0'),
            b'a'..=b'f' => Some(c - b'a' + 10),
            _ => None,
        }
    }
    let b = hex.as_bytes();
    if b.len() != 64 {
        return None;
    }
    let mut out = [0u8; 32];
    for (i, pair) in b.chunks_exact(2).enumerate() {
        out[i] = nibble(pair[0])? << 4 | nibble(pair[1])?;
    }
    Some(out)
}

/// Mints a token: HMAC-SHA256(key, everything before `_<sig>`) as 64 lowercase hex digits.
/// `session_id` is the session UUID (hyphenated or 32 hex digits).
///
/// The session id is written without hyphens in lowercase; anything that is not 32 hex digits
/// once hyphens are removed yields a token that [`parse`] reads as opaque and [`verify`]
/// refuses, so a caller's bug cannot mint a token that passes.
#[cfg(any(feature = "server", test))]
pub fn mint(
    key: &[u8],
    kind: TokenKind,
    environment: Environment,
    session_id: &str,
    expires_at: i64,
) -> String {
    use hmac::Mac;
    let mut out = String::with_capacity(140);
    out.push_str(kind.prefix());
    out.push_str(environment.as_str());
    out.push('_');
    for c in session_id.chars().filter(|&c| c != '-') {
        out.push(c.to_ascii_lowercase());
    }
    out.push('_');
    out.push_str(&expires_at.to_string());
    // HMAC takes keys of any length, so this never fails; if it did, the token carries no
    // signature and is refused everywhere.
    let Ok(mut mac) = HmacSha256::new_from_slice(key) else {
        return out;
    };
    mac.update(out.as_bytes());
    let sig = mac.finalize().into_bytes();
    out.push('_');
    push_hex(&mut out, &sig);
    out
}

/// Verifies a token on the server: structure, kind, signature (constant-time comparison), then
/// expiry against `now` (Unix seconds). A bad signature is `SignatureInvalid` even when the token
/// has also expired.
///
/// An opaque token carries no signature and is always `SignatureInvalid` here.
#[cfg(any(feature = "server", test))]
pub fn verify(
    key: &[u8],
    token: &str,
    expected: TokenKind,
    now: i64,
) -> Result<SdkToken, TokenError> {
    use hmac::Mac;
    let parts = parse_parts(token)?;
    expect_kind(&parts.token, expected)?;
    let sig = parts
        .sig
        .and_then(decode_hex)
        .ok_or(TokenError::SignatureInvalid)?;
    let mut mac = HmacSha256::new_from_slice(key).map_err(|_| TokenError::SignatureInvalid)?;
    mac.update(parts.signed.as_bytes());
    mac.verify_slice(&sig)
        .map_err(|_| TokenError::SignatureInvalid)?;
    match parts.token.expires_at {
        Some(exp) if !is_expired(exp, now) => Ok(parts.token),
        _ => Err(TokenError::Expired),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SESSION: &str = "0123456789abcdef0123456789abcdef";
    const SIG: &str = "d458fd6ce1d38827539c19c00372150e817cc16084e654baf9a873ca92db0337";
    const EXP: i64 = 1_795_492_621;

    fn structured(kind: &str, env: &str) -> String {
        let mut s = String::from(kind);
        s.push_str(env);
        s.push('_');
        s.push_str(SESSION);
        s.push_str("_1795492621_");
        s.push_str(SIG);
        s
    }

    #[test]
    fn names_and_codes() {
        assert_eq!(TokenKind::Customer.prefix(), "cstok_");
        assert_eq!(TokenKind::Checkout.prefix(), "chtok_");
        assert_eq!(Environment::Live.as_str(), "live");
        assert_eq!(Environment::Test.as_str(), "test");
        let codes = [
            (TokenError::Malformed, "TOKEN_MALFORMED"),
            (TokenError::ExpiryUnknown, "TOKEN_MALFORMED"),
            (
                TokenError::PrefixInvalid { found: None },
                "TOKEN_PREFIX_INVALID",
            ),
            (
                TokenError::PrefixInvalid {
                    found: Some(TokenKind::Checkout),
                },
                "TOKEN_PREFIX_INVALID",
            ),
            (TokenError::UnknownEnvironment, "TOKEN_PREFIX_INVALID"),
            (TokenError::Expired, "SESSION_EXPIRED"),
            (TokenError::SignatureInvalid, "SESSION_INVALID"),
        ];
        for (err, code) in codes {
            assert_eq!(err.code(), code, "{err:?}");
        }
    }

    #[test]
    fn parses_structured_tokens() {
        for (prefix, kind) in [
            ("cstok_", TokenKind::Customer),
            ("chtok_", TokenKind::Checkout),
        ] {
            for (env, environment) in [("live", Environment::Live), ("test", Environment::Test)] {
                let t = parse(&structured(prefix, env)).unwrap();
                assert_eq!(t.kind, kind);
                assert_eq!(t.environment, environment);
                assert_eq!(
                    t.session_id.as_deref(),
                    Some("01234567-89ab-cdef-0123-456789abcdef")
                );
                assert_eq!(t.expires_at, Some(EXP));
            }
        }
    }

    #[test]
    fn parses_opaque_tokens() {
        for token in [
            "cstok_live_xyz789abc012def345ghi678",
            "cstok_test_a",
            "chtok_live_XYZ_123",
            "cstok_live_0123_456_789",
        ] {
            let t = parse(token).unwrap();
            assert_eq!(t.session_id, None, "{token}");
            assert_eq!(t.expires_at, None, "{token}");
        }
    }

    #[test]
    fn parse_errors_table() {
        let long = "cstok_live_".to_string() + &"a".repeat(600);
        let upper_session = structured("cstok_", "live").replace("abcdef_", "ABCDEF_");
        let upper_sig = structured("cstok_", "live").replace("d458", "D458");
        let full = structured("cstok_", "live");
        let short_sig = &full[..full.len() - 1];
        let signed_exp = structured("cstok_", "live").replace("_1795492621_", "_-1795492621_");
        let empty_exp = structured("cstok_", "live").replace("_1795492621_", "__");
        let huge_exp =
            structured("cstok_", "live").replace("_1795492621_", "_9999999999999999999_");
        let extra = structured("cstok_", "live") + "_00";
        let cases: Vec<(&str, TokenError)> = vec![
            ("", TokenError::Malformed),
            (" ", TokenError::Malformed),
            ("cstok", TokenError::Malformed),
            ("cstok_", TokenError::Malformed),
            ("cstok_live", TokenError::Malformed),
            ("cstok_live_", TokenError::Malformed),
            ("cstok_live__x", TokenError::Malformed),
            ("cstok_live_x_", TokenError::Malformed),
            ("cstok_live_ab c", TokenError::Malformed),
            (" cstok_live_abc", TokenError::Malformed),
            ("cstok_live_abc\n", TokenError::Malformed),
            ("cstok_live_abé", TokenError::Malformed),
            ("cstok-live-abc", TokenError::Malformed),
            ("hello", TokenError::Malformed),
            (&long, TokenError::Malformed),
            (&upper_session, TokenError::Malformed),
            (&upper_sig, TokenError::Malformed),
            (short_sig, TokenError::Malformed),
            (&signed_exp, TokenError::Malformed),
            (&empty_exp, TokenError::Malformed),
            (&huge_exp, TokenError::Malformed),
            (&extra, TokenError::Malformed),
            ("pk_live_abc", TokenError::PrefixInvalid { found: None }),
            ("CSTOK_live_abc", TokenError::PrefixInvalid { found: None }),
            ("cs_live_abc", TokenError::PrefixInvalid { found: None }),
            ("_live_abc", TokenError::PrefixInvalid { found: None }),
            ("cstok_prod_abc", TokenError::UnknownEnvironment),
            ("cstok_LIVE_abc", TokenError::UnknownEnvironment),
            ("chtok__abc", TokenError::UnknownEnvironment),
        ];
        for (token, want) in cases {
            assert_eq!(parse(token), Err(want), "{token:?}");
        }
    }

    #[test]
    fn check_table() {
        let t = structured("cstok_", "live");
        let c = structured("chtok_", "test");
        let opaque = "cstok_live_xyz789abc012def345ghi678";
        type Case<'a> = (
            &'a str,
            TokenKind,
            Option<i64>,
            i64,
            Result<i64, TokenError>,
        );
        let cases: Vec<Case<'_>> = vec![
            (&t, TokenKind::Customer, None, EXP - 6, Ok(EXP)),
            (
                &t,
                TokenKind::Customer,
                None,
                EXP - 5,
                Err(TokenError::Expired),
            ),
            (&t, TokenKind::Customer, None, EXP, Err(TokenError::Expired)),
            (
                &t,
                TokenKind::Customer,
                None,
                EXP + 1000,
                Err(TokenError::Expired),
            ),
            (&t, TokenKind::Customer, None, 0, Ok(EXP)),
            (
                &t,
                TokenKind::Customer,
                None,
                i64::MAX,
                Err(TokenError::Expired),
            ),
            (&t, TokenKind::Customer, None, i64::MIN, Ok(EXP)),
            // Both expiries: the earlier wins.
            (
                &t,
                TokenKind::Customer,
                Some(EXP - 100),
                EXP - 50,
                Err(TokenError::Expired),
            ),
            (
                &t,
                TokenKind::Customer,
                Some(EXP - 100),
                EXP - 200,
                Ok(EXP - 100),
            ),
            (&t, TokenKind::Customer, Some(EXP + 100), EXP - 6, Ok(EXP)),
            (
                &t,
                TokenKind::Customer,
                Some(EXP + 100),
                EXP - 5,
                Err(TokenError::Expired),
            ),
            (
                &t,
                TokenKind::Checkout,
                None,
                0,
                Err(TokenError::PrefixInvalid {
                    found: Some(TokenKind::Customer),
                }),
            ),
            (&c, TokenKind::Checkout, None, 0, Ok(EXP)),
            (
                &c,
                TokenKind::Customer,
                None,
                0,
                Err(TokenError::PrefixInvalid {
                    found: Some(TokenKind::Checkout),
                }),
            ),
            (
                opaque,
                TokenKind::Customer,
                None,
                0,
                Err(TokenError::ExpiryUnknown),
            ),
            (opaque, TokenKind::Customer, Some(1000), 994, Ok(1000)),
            (
                opaque,
                TokenKind::Customer,
                Some(1000),
                995,
                Err(TokenError::Expired),
            ),
            (
                opaque,
                TokenKind::Checkout,
                Some(1000),
                0,
                Err(TokenError::PrefixInvalid {
                    found: Some(TokenKind::Customer),
                }),
            ),
            (
                "",
                TokenKind::Customer,
                Some(1000),
                0,
                Err(TokenError::Malformed),
            ),
            (
                "x_y",
                TokenKind::Customer,
                Some(1000),
                0,
                Err(TokenError::PrefixInvalid { found: None }),
            ),
        ];
        for (token, kind, exp, now, want) in cases {
            let got = check(token, kind, exp, now).map(|t| t.expires_at.unwrap_or(-1));
            assert_eq!(got, want, "{token:?} {kind:?} {exp:?} {now}");
        }
        let ok = check(opaque, TokenKind::Customer, Some(1000), 0).unwrap();
        assert_eq!(ok.session_id, None);
        assert_eq!(ok.environment, Environment::Live);
    }

    proptest::proptest! {
        #[test]
        fn parse_and_check_never_panic(s in "\\PC*", exp in proptest::option::of(proptest::num::i64::ANY), now in proptest::num::i64::ANY) {
            let _ = parse(&s);
            let _ = check(&s, TokenKind::Customer, exp, now);
        }

        #[test]
        fn token_like_strings_never_panic(s in "(cstok|chtok|x)_(live|test|[a-z]{0,5})_[0-9a-fA-F_]{0,140}") {
            let _ = parse(&s);
            let _ = check(&s, TokenKind::Checkout, Some(0), 0);
        }
    }

    mod server {
        use super::*;

        const KEY: &[u8] = b"sandbox-secret";

        #[test]
        fn mint_matches_reference_hmac() {
            let t = mint(KEY, TokenKind::Customer, Environment::Test, SESSION, EXP);
            assert_eq!(t, structured("cstok_", "test"));
            let hyphenated = mint(
                KEY,
                TokenKind::Customer,
                Environment::Test,
                "01234567-89AB-cdef-0123-456789ABCDEF",
                EXP,
            );
            assert_eq!(hyphenated, t);
        }

        #[test]
        fn verify_table() {
            let t = mint(KEY, TokenKind::Customer, Environment::Live, SESSION, EXP);
            let c = mint(KEY, TokenKind::Checkout, Environment::Test, SESSION, EXP);
            let other_key = mint(
                b"other",
                TokenKind::Customer,
                Environment::Live,
                SESSION,
                EXP,
            );
            let cases: Vec<(&str, TokenKind, i64, Result<(), TokenError>)> = vec![
                (&t, TokenKind::Customer, EXP - 6, Ok(())),
                (&t, TokenKind::Customer, EXP - 5, Err(TokenError::Expired)),
                (&t, TokenKind::Customer, EXP + 5, Err(TokenError::Expired)),
                (&c, TokenKind::Checkout, 0, Ok(())),
                (
                    &c,
                    TokenKind::Customer,
                    0,
                    Err(TokenError::PrefixInvalid {
                        found: Some(TokenKind::Checkout),
                    }),
                ),
                (
                    &other_key,
                    TokenKind::Customer,
                    0,
                    Err(TokenError::SignatureInvalid),
                ),
                // A forged token that has also expired is reported as forged.
                (
                    &other_key,
                    TokenKind::Customer,
                    EXP + 5,
                    Err(TokenError::SignatureInvalid),
                ),
                (
                    "cstok_live_xyz789abc012def345ghi678",
                    TokenKind::Customer,
                    0,
                    Err(TokenError::SignatureInvalid),
                ),
                ("", TokenKind::Customer, 0, Err(TokenError::Malformed)),
            ];
            for (token, kind, now, want) in cases {
                assert_eq!(
                    verify(KEY, token, kind, now).map(|_| ()),
                    want,
                    "{token} {now}"
                );
            }
            let ok = verify(KEY, &t, TokenKind::Customer, 0).unwrap();
            assert_eq!(
                ok.session_id.as_deref(),
                Some("01234567-89ab-cdef-0123-456789abcdef")
            );
            assert_eq!(ok.expires_at, Some(EXP));
        }

        #[test]
        fn changed_expiry_or_session_is_refused() {
            let t = mint(KEY, TokenKind::Customer, Environment::Live, SESSION, EXP);
            let later = t.replace("_1795492621_", "_1795492629_");
            assert_eq!(
                verify(KEY, &later, TokenKind::Customer, 0),
                Err(TokenError::SignatureInvalid)
            );
            let test_env = t.replacen("_live_", "_test_", 1);
            assert_eq!(
                verify(KEY, &test_env, TokenKind::Customer, 0),
                Err(TokenError::SignatureInvalid)
            );
            let bad_session = mint(
                KEY,
                TokenKind::Customer,
                Environment::Live,
                "not-a-uuid",
                EXP,
            );
            assert!(verify(KEY, &bad_session, TokenKind::Customer, 0).is_err());
            // An empty key still signs (HMAC accepts any key length).
            let empty = mint(b"", TokenKind::Customer, Environment::Live, SESSION, EXP);
            assert!(verify(b"", &empty, TokenKind::Customer, 0).is_ok());
            assert_eq!(
                verify(KEY, &empty, TokenKind::Customer, 0),
                Err(TokenError::SignatureInvalid)
            );
        }

        proptest::proptest! {
            #[test]
            fn mint_then_parse_round_trips(
                session in "[0-9a-f]{32}",
                exp in 0i64..=999_999_999_999_999_999,
                checkout in proptest::bool::ANY,
                live in proptest::bool::ANY,
                key in proptest::collection::vec(proptest::num::u8::ANY, 0..80),
            ) {
                let kind = if checkout { TokenKind::Checkout } else { TokenKind::Customer };
                let env = if live { Environment::Live } else { Environment::Test };
                let t = mint(&key, kind, env, &session, exp);
                let parsed = parse(&t).unwrap();
                proptest::prop_assert_eq!(parsed.kind, kind);
                proptest::prop_assert_eq!(parsed.environment, env);
                proptest::prop_assert_eq!(parsed.expires_at, Some(exp));
                proptest::prop_assert_eq!(parsed.session_id.map(|s| s.replace('-', "")), Some(session));
                let verified = verify(&key, &t, kind, exp.saturating_sub(6));
                proptest::prop_assert!(verified.is_ok());
            }

            #[test]
            fn verify_rejects_any_one_character_change(
                index in 0usize..200,
                replacement in "[0-9a-z_]",
                now in 0i64..1_795_492_615,
            ) {
                let t = mint(KEY, TokenKind::Customer, Environment::Live, SESSION, EXP);
                let i = index % t.len();
                let mut changed = String::from(&t[..i]);
                changed.push_str(&replacement);
                changed.push_str(&t[i + 1..]);
                proptest::prop_assume!(changed != t);
                proptest::prop_assert!(verify(KEY, &changed, TokenKind::Customer, now).is_err());
            }

            #[test]
            fn verify_never_panics(s in "\\PC*", key in proptest::collection::vec(proptest::num::u8::ANY, 0..40)) {
                let _ = verify(&key, &s, TokenKind::Customer, 0);
            }
        }
    }
}
