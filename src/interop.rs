//! Every conversion between JS values and Rust: property reads and writes on plain JS objects,
//! and the JS calls that may throw, caught in JS (see the helpers below).
//!
//! Plain `Reflect` calls instead of serde: the SDK must stay within its byte budget, and the
//! values crossing the boundary are few and flat.

use js_sys::{Function, Object};
use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{AbortController, Document, Element};

#[wasm_bindgen]
extern "C" {
    /// `Reflect.set` without js-sys's `catch`, the key passed as a string: on the SDK's own
    /// fresh plain objects it cannot throw.
    #[wasm_bindgen(js_namespace = Reflect, js_name = set)]
    fn reflect_set(obj: &Object, key: &str, value: &JsValue);
}

// Helpers in JS for every call that may throw: each catches its exception there and answers a
// plain value. A caught exception coming back into the wasm costs it a `Result` at each call and
// the runtime that stores and takes the exception; with no `catch` binding left, that runtime
// goes. `get` is also smaller than `Reflect.get` behind an `is_object` check and a key made a JS
// string.
#[wasm_bindgen(inline_js = "export function get(o, k) { \
    try { return typeof o == 'object' && o !== null ? o[k] : undefined; } \
    catch { return undefined; } } \
    export function call(f, a) { try { f(a); } catch {} } \
    export function query(d, s) { try { return d.querySelector(s); } catch { return null; } } \
    export function stringify(o) { try { return JSON.stringify(o); } catch { return ''; } } \
    export function random(b) { try { crypto.getRandomValues(b); } \
    catch { for (let i = 0; i < b.length; i++) b[i] = Math.random() * 256; } } \
    export function abort_controller() { \
    try { return new AbortController(); } catch { return null; } } \
    const letter = /\\p{Alphabetic}/u; \
    export function alphabetic(c) { return letter.test(c); }")]
extern "C" {
    #[wasm_bindgen(js_name = get)]
    fn js_get(obj: &JsValue, key: &str) -> JsValue;
    #[wasm_bindgen(js_name = call)]
    fn js_call(f: &Function, arg: &JsValue);
    /// `document.querySelector(selector)`; `None` for no match and for a selector the browser
    /// cannot parse.
    pub fn query(document: &Document, selector: &str) -> Option<Element>;
    /// `JSON.stringify(value)`; `""` if it throws (a page that broke `JSON`).
    pub fn stringify(value: &JsValue) -> JsValue;
    /// Fills `buf` from `crypto.getRandomValues`, or where there is no Web Crypto (a very old or
    /// unusual host) from `Math.random`: a weaker idempotency key still beats failing the
    /// enrollment; it only has to be unique per customer and attempt.
    pub fn random(buf: &mut [u8]);
    /// `new AbortController()`, `None` where there is none.
    pub fn abort_controller() -> Option<AbortController>;
    /// Whether `c` has the Unicode `Alphabetic` property, by the browser's own tables (every
    /// engine since 2020 knows `\p{…}` in a regular expression).
    #[cfg(feature = "enrollment")]
    pub fn alphabetic(c: char) -> bool;
}

/// `obj[key]`; `undefined` for anything that is not an object or lacks the key (never throws:
/// a getter or proxy that throws reads as `undefined`).
pub fn get(obj: &JsValue, key: &str) -> JsValue {
    js_get(obj, key)
}

/// `obj[key]` when it is a string.
pub fn get_str(obj: &JsValue, key: &str) -> Option<String> {
    get(obj, key).as_string()
}

/// Sets `obj[key] = value`; writing to a fresh plain object cannot fail, so the result is ignored.
pub fn set(obj: &Object, key: &str, value: &JsValue) {
    reflect_set(obj, key, value);
}

/// Sets `obj[key] = flag`. Not inlined: each call site then passes a byte, without a `JsValue`
/// to make and drop.
#[cfg(feature = "enrollment")]
#[inline(never)]
pub fn set_bool(obj: &Object, key: &str, flag: bool) {
    set(obj, key, &JsValue::from_bool(flag));
}

/// A fresh plain object built from `(key, value)` pairs.
pub fn object(pairs: &[(&str, JsValue)]) -> Object {
    let obj = Object::new();
    // An index loop (see core's `find_byte`).
    let mut i = 0;
    while i < pairs.len() {
        set(&obj, pairs[i].0, &pairs[i].1);
        i += 1;
    }
    obj
}

/// A JS array of numbers.
#[cfg(feature = "enrollment")]
pub fn numbers(values: &[u8]) -> js_sys::Array {
    // An index loop: `collect` costs the size-optimized wasm an iterator kept in memory.
    let out = js_sys::Array::new();
    let mut i = 0;
    while i < values.len() {
        out.push(&JsValue::from(values[i]));
        i += 1;
    }
    out
}

/// `null` for `None`, else the value.
#[cfg(feature = "enrollment")]
pub fn nullable<T: Into<JsValue>>(value: Option<T>) -> JsValue {
    value.map_or(JsValue::NULL, Into::into)
}

/// Calls a merchant callback. A callback that throws must not break the form, so its exception
/// is dropped here: the SDK's own state is already consistent when callbacks run.
pub fn call(callback: Option<&Function>, arg: &JsValue) {
    if let Some(f) = callback {
        js_call(f, arg);
    }
}

/// `value` as a function, when it is one.
pub fn as_function(value: &JsValue) -> Option<Function> {
    value.dyn_ref::<Function>().cloned()
}

// The JS helpers answer plain values where the call they wrap throws.
#[cfg(all(test, target_arch = "wasm32"))]
mod tests {
    use super::*;
    use js_sys::JSON;
    use wasm_bindgen_test::wasm_bindgen_test;

    wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

    #[wasm_bindgen_test]
    fn get_reads_own_and_inherited_properties_of_objects_only() {
        let obj = JSON::parse(r#"{"a":"x","n":null}"#).unwrap();
        assert_eq!(get(&obj, "a"), "x");
        assert!(get(&obj, "n").is_null());
        assert!(get(&obj, "missing").is_undefined());
        assert!(get(&obj, "toString").is_function());
        for not_object in [JsValue::NULL, JsValue::UNDEFINED, "abc".into(), 7.into()] {
            assert!(get(&not_object, "length").is_undefined());
        }
        // A getter that throws reads as `undefined`.
        let throwing = js_sys::Function::new_no_args("throw new Error('no')");
        let getter = Object::new();
        set(&getter, "get", &throwing);
        let obj = Object::new();
        Object::define_property(&obj, &"x".into(), &getter);
        assert!(get(&obj, "x").is_undefined());
    }

    #[wasm_bindgen_test]
    fn throwing_calls_answer_plain_values() {
        let throwing = js_sys::Function::new_with_args("a", "throw a");
        call(Some(&throwing), &"boom".into());
        let document = web_sys::window().unwrap().document().unwrap();
        assert!(query(&document, "[[not a selector").is_none());
        assert!(query(&document, "#no-such-node-anywhere").is_none());
        assert_eq!(
            query(&document, "body").map(|b| b.tag_name()),
            Some("BODY".into())
        );
        let cyclic = Object::new();
        set(&cyclic, "me", &cyclic);
        assert_eq!(stringify(&cyclic), "");
        assert_eq!(stringify(&JSON::parse(r#"{"a":1}"#).unwrap()), r#"{"a":1}"#);
        let mut b = [0u8; 32];
        random(&mut b);
        assert!(b.iter().any(|&x| x != 0));
        assert!(abort_controller().is_some());
    }
}
