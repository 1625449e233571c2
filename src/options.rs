//! Reading `initEnrollment`'s arguments: the token or session object, and the options. Everything
//! is checked here, before the page is touched.

use std::rc::Rc;

use enrollment_core::find_byte;
use enrollment_core::messages::{Locale, MessageKey};
use enrollment_core::time::parse_iso8601;
use enrollment_core::token::{self, Environment, TokenKind};
use js_sys::{Function, Object};
use wasm_bindgen::{JsCast, JsValue};
use web_sys::Element;

use crate::error::{Code, SdkError};
use crate::i18n::{default_locale, key_of, Messages};
use crate::interop::{as_function, get, get_str};

/// A token that passed the client-side checks.
#[derive(Debug, Clone)]
pub struct Session {
    /// The sdk_token, sent as the bearer.
    pub token: String,
    /// live or test (live refuses plain http).
    pub environment: Environment,
}

/// The merchant's callbacks.
#[derive(Debug, Default, Clone)]
pub struct Callbacks {
    /// `onReady()`.
    pub ready: Option<Function>,
    /// `onChange(state)`.
    #[cfg(feature = "enrollment")]
    pub change: Option<Function>,
    /// `onLoading(isLoading)`.
    pub loading: Option<Function>,
    /// `onSuccess(result)`.
    pub success: Option<Function>,
    /// `onError(error)`.
    pub error: Option<Function>,
}

/// The options, checked.
#[derive(Debug)]
pub struct Options {
    /// Where the form goes.
    pub container: Element,
    /// Origin of the vault API, without a trailing slash.
    pub api_base: String,
    /// Texts (shared: the caller keeps them to word an error in, without a copy).
    pub messages: Rc<Messages>,
    /// No submit button: the merchant calls `submit()`.
    pub hide_submit_button: bool,
    /// Callbacks.
    pub callbacks: Callbacks,
}

const KNOWN: [&str; 10] = [
    "container",
    "apiBase",
    "locale",
    "messages",
    "hideSubmitButton",
    "onReady",
    "onChange",
    "onLoading",
    "onSuccess",
    "onError",
];

/// Whether `name` is one of [`KNOWN`]. An index loop: `contains` costs the size-optimized wasm
/// an iterator kept in memory.
fn known(name: &str) -> bool {
    let mut i = 0;
    while i < KNOWN.len() {
        if KNOWN[i] == name {
            return true;
        }
        i += 1;
    }
    false
}

/// The callback options, in the order they are checked.
const CALLBACKS: [&str; 5] = ["onReady", "onChange", "onLoading", "onSuccess", "onError"];

fn now_secs() -> i64 {
    // `new Date().getTime()`: the `Date` bindings the form needs anyway, no `Date.now` import.
    (js_sys::Date::new_0().get_time() / 1000.0).floor() as i64
}

/// Reads and checks the token, or the Customer Session object around it.
#[cfg(feature = "enrollment")]
pub fn session(value: &JsValue) -> Result<Session, SdkError> {
    session_of(value, TokenKind::Customer)
}

/// [`session`] for a token of `kind` (a Checkout Session's for `initCheckout`). A token of the
/// other kind is refused with a message naming the function that takes it.
pub fn session_of(value: &JsValue, kind: TokenKind) -> Result<Session, SdkError> {
    // One error built here from a code and a message, not a whole error at every failure.
    read_session(value, kind).map_err(|(code, message)| SdkError {
        message,
        ..SdkError::new(code)
    })
}

fn read_session(value: &JsValue, kind: TokenKind) -> Result<Session, (Code, Option<MessageKey>)> {
    let (token, expires_at) = if let Some(token) = value.as_string() {
        (token, None)
    } else if value.is_object() {
        let token = get_str(value, "sdk_token").ok_or((Code::TokenMalformed, None))?;
        let refused = match get_str(value, "status").as_deref() {
            Some("ACTIVE") => None,
            Some("EXPIRED") => Some(Code::SessionExpired),
            // Only a Checkout Session gets paid.
            Some("PAID") => Some(Code::SessionAlreadyPaid),
            _ => Some(Code::SessionInvalid),
        };
        if let Some(code) = refused {
            return Err((code, None));
        }
        let expires_ms = get_str(value, "expires_at")
            .and_then(|s| parse_iso8601(&s))
            .ok_or((Code::SessionInvalid, None))?;
        (token, Some(expires_ms.div_euclid(1000)))
    } else {
        return Err((Code::TokenMalformed, None));
    };
    let parsed = token::check(&token, kind, expires_at, now_secs()).map_err(|e| {
        let message = match e {
            token::TokenError::PrefixInvalid {
                found: Some(TokenKind::Checkout),
            } => Some(MessageKey::TokenForCheckout),
            token::TokenError::PrefixInvalid {
                found: Some(TokenKind::Customer),
            } => Some(MessageKey::TokenForEnrollment),
            _ => None,
        };
        (e.into(), message)
    })?;
    Ok(Session {
        token,
        environment: parsed.environment,
    })
}

/// The locale and messages, read first so that every later error is in the merchant's language.
/// On failure the error comes with the messages to word it in.
pub fn messages(options: &JsValue) -> Result<Messages, (SdkError, Messages)> {
    // The page's language until the options say otherwise: an error before `locale` is read
    // (or about it) is worded in it.
    let mut msgs = Messages::new(default_locale());
    match read_messages(options, &mut msgs) {
        Ok(()) => Ok(msgs),
        Err(option) => Err((SdkError::option(Code::OptionsInvalid, &option), msgs)),
    }
}

/// Reads `locale` and `messages` into `msgs`; on failure, the option at fault. One error shape
/// (a name) rather than a whole error per failure: smaller in the wasm.
fn read_messages(options: &JsValue, msgs: &mut Messages) -> Result<(), String> {
    if !options.is_object() {
        return Err("options".into());
    }
    let locale = get(options, "locale");
    if !locale.is_undefined() {
        msgs.locale = match locale.as_string().as_deref() {
            Some("en") => Locale::En,
            Some("es") => Locale::Es,
            Some("pt") => Locale::Pt,
            _ => return Err("locale".into()),
        };
    }
    let overrides = get(options, "messages");
    if overrides.is_undefined() {
        return Ok(());
    }
    if !overrides.is_object() {
        return Err("messages".into());
    }
    // An index loop: js-sys's array iterator costs the size-optimized wasm more.
    let keys = Object::keys(overrides.unchecked_ref::<Object>());
    let mut i = 0;
    while i < keys.length() {
        let name = keys.get(i).as_string().unwrap_or_default();
        match (key_of(&name), get_str(&overrides, &name)) {
            (Some(k), Some(text)) => msgs.set(k, text),
            _ => {
                let mut option = String::from("messages.");
                option.push_str(&name);
                return Err(option);
            }
        }
        i += 1;
    }
    Ok(())
}

/// Everything but the locale and messages.
pub fn options(value: &JsValue, messages: Rc<Messages>) -> Result<Options, SdkError> {
    // An index loop (see `read_messages`).
    let keys = Object::keys(value.unchecked_ref::<Object>());
    let mut i = 0;
    while i < keys.length() {
        let name = keys.get(i).as_string().unwrap_or_default();
        if !known(&name) {
            return Err(SdkError::option(Code::OptionsInvalid, &name));
        }
        i += 1;
    }
    let container = container(&get(value, "container"))?;
    let api_base = match get(value, "apiBase") {
        v if v.is_undefined() => page_origin(),
        v => v
            .as_string()
            .and_then(|s| api_base(&s))
            .ok_or_else(|| SdkError::option(Code::OptionsInvalid, "apiBase"))?,
    };
    let hide = get(value, "hideSubmitButton");
    let hide_submit_button = if hide.is_undefined() {
        false
    } else {
        hide.as_bool()
            .ok_or_else(|| SdkError::option(Code::OptionsInvalid, "hideSubmitButton"))?
    };
    // Read in a loop into one array: one drop path on failure instead of one per callback.
    let mut read: [Option<Function>; 5] = Default::default();
    let mut i = 0;
    while i < CALLBACKS.len() {
        read[i] = callback(value, CALLBACKS[i])?;
        i += 1;
    }
    // The checkout pane has no onChange: it is checked, then left unused there.
    let [ready, _change, loading, success, error] = read;
    let callbacks = Callbacks {
        ready,
        #[cfg(feature = "enrollment")]
        change: _change,
        loading,
        success,
        error,
    };
    Ok(Options {
        container,
        api_base,
        messages,
        hide_submit_button,
        callbacks,
    })
}

/// An optional callback option. Not inlined: five copies would cost more than the calls.
#[inline(never)]
fn callback(options: &JsValue, name: &str) -> Result<Option<Function>, SdkError> {
    let v = get(options, name);
    if v.is_undefined() || v.is_null() {
        return Ok(None);
    }
    as_function(&v)
        .map(Some)
        .ok_or_else(|| SdkError::option(Code::OptionsInvalid, name))
}

fn container(value: &JsValue) -> Result<Element, SdkError> {
    if let Some(el) = value.dyn_ref::<Element>() {
        return Ok(el.clone());
    }
    let Some(selector) = value.as_string() else {
        return Err(SdkError::option(Code::OptionsInvalid, "container"));
    };
    let not_found = || SdkError::option(Code::ContainerNotFound, "container");
    let document = crate::dom::document().ok_or_else(not_found)?;
    // A selector the browser cannot parse matches nothing either.
    crate::interop::query(&document, &selector).ok_or_else(not_found)
}

/// `location.origin`, read through `get` rather than two web-sys getters (two more imports).
fn page_origin() -> String {
    crate::dom::window()
        .and_then(|w| get_str(&get(&w, "location"), "origin"))
        .unwrap_or_default()
}

/// An `http:`/`https:` URL with a host (and maybe a path), without its trailing slashes.
fn api_base(s: &str) -> Option<String> {
    let s = enrollment_core::trim_end_byte(enrollment_core::trim_space(s), b'/');
    let rest = s
        .strip_prefix("https://")
        .or_else(|| s.strip_prefix("http://"))?;
    // A host is there when the rest does not start with its path. One pass over the chars
    // rather than `split`/`contains` patterns: each pattern type costs its own searcher in the wasm.
    let has_host = rest.as_bytes().first().is_some_and(|&b| b != b'/');
    let ok = has_host
        && !rest
            .chars()
            .any(|c| matches!(c, '?' | '#' | '\\') || enrollment_core::is_space(c));
    ok.then(|| s.to_owned())
}

/// The host of what follows an URL's `scheme://`, without port or credentials ("[::1]" keeps its
/// brackets), as bytes: it is only compared with ASCII. Byte scans rather than `str` patterns
/// and char-boundary checks: this runs once per mount and must stay small.
fn host_of(rest: &str) -> &[u8] {
    let b = rest.as_bytes();
    // Index loops and `find_byte` rather than iterator adapters (see `find_byte`).
    let mut end = 0;
    while end < b.len() && !matches!(b[end], b'/' | b'?' | b'#') {
        end += 1;
    }
    let authority = b.get(..end).unwrap_or(b);
    let mut start = authority.len();
    while start > 0 && authority[start - 1] != b'@' {
        start -= 1;
    }
    let host = authority.get(start..).unwrap_or(authority);
    let cut = if host.first() == Some(&b'[') {
        find_byte(host, b']').map_or(host.len(), |i| i + 1)
    } else {
        find_byte(host, b':').unwrap_or(host.len())
    };
    host.get(..cut).unwrap_or(host)
}

/// `127.a.b.c` with three 1–3 digit parts.
fn is_ipv4_loopback(host: &[u8]) -> bool {
    let Some(rest) = host.strip_prefix(b"127.") else {
        return false;
    };
    let (mut parts, mut len, mut i) = (1, 0, 0);
    // An index loop (see core's `find_byte`).
    while i < rest.len() {
        match rest[i] {
            b'.' if len > 0 => (parts, len) = (parts + 1, 0),
            b'0'..=b'9' if len < 3 => len += 1,
            _ => return false,
        }
        i += 1;
    }
    parts == 3 && len > 0
}

/// Whether `b` is `lower` (ASCII, lower case) in any case. An index loop: std's
/// `eq_ignore_ascii_case` is a function of its own in the wasm.
fn same_ascii_lowercase(b: &[u8], lower: &[u8]) -> bool {
    if b.len() != lower.len() {
        return false;
    }
    let mut i = 0;
    while i < b.len() {
        if b[i].to_ascii_lowercase() != lower[i] {
            return false;
        }
        i += 1;
    }
    true
}

fn is_loopback(host: &[u8]) -> bool {
    // Compared in place, without a lowercased copy. Bytes that end a multi-byte char are never
    // ASCII, so a suffix cut inside one cannot match ".localhost".
    let suffix = host.len().checked_sub(10).and_then(|i| host.get(i..));
    same_ascii_lowercase(host, b"localhost")
        || suffix.is_some_and(|s| same_ascii_lowercase(s, b".localhost"))
        || host == b"[::1]"
        || is_ipv4_loopback(host)
}

/// DESIGN §4: a live token is never sent over plain http, except to this machine.
///
/// `api_base` is one [`api_base`] accepted (its scheme written in lower case) or the page's
/// origin (whose scheme the URL parser lowered), so a case-sensitive prefix is enough.
pub fn check_transport(session: &Session, api_base: &str) -> Result<(), SdkError> {
    if session.environment == Environment::Live {
        if let Some(rest) = api_base.strip_prefix("http://") {
            if !is_loopback(host_of(rest)) {
                return Err(SdkError::option(Code::InsecureApiBase, "apiBase"));
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn api_base_shapes() {
        let cases = [
            ("https://vault.example", Some("https://vault.example")),
            ("https://vault.example/", Some("https://vault.example")),
            ("http://127.0.0.1:8787", Some("http://127.0.0.1:8787")),
            (
                "https://vault.example/prefix/",
                Some("https://vault.example/prefix"),
            ),
            ("ftp://vault.example", None),
            ("vault.example", None),
            ("https://", None),
            ("https:///path", None),
            ("https://vault.example/a b", None),
            ("https://vault.example/\u{a0}x", None),
            ("https://vault.example/?q", None),
            ("https://vault.example#f", None),
            ("https://vault\\example", None),
            ("  https://vault.example//  ", Some("https://vault.example")),
            ("", None),
        ];
        for (input, want) in cases {
            assert_eq!(api_base(input).as_deref(), want, "{input:?}");
        }
    }

    #[test]
    fn loopback_hosts() {
        let cases = [
            ("http://127.0.0.1:8787", true),
            ("http://localhost", true),
            ("http://app.localhost:3000/x", true),
            ("http://[::1]:80", true),
            ("http://user@127.0.0.1", true),
            ("http://127.0.0.1.evil.example", false),
            ("http://vault.example", false),
            ("http://localhost.evil.example", false),
            ("http://LocalHost:8787", true),
            ("http://APP.LOCALHOST", true),
            ("http://.localhost", true),
            ("http://xlocalhost", false),
            ("http://localhos", false),
            ("http://é.localhost", true),
            ("http://[::2]", false),
            ("http://127.255.255.255", true),
            ("http://127.0.0", false),
            ("http://127.0.0.", false),
            ("http://127.0..1", false),
            ("http://127.0.0.1000", false),
            ("http://127.0.0.1.2", false),
        ];
        for (url, want) in cases {
            let rest = url.strip_prefix("http://").unwrap();
            assert_eq!(is_loopback(host_of(rest)), want, "{url:?}");
        }
    }
}
