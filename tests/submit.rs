//! The form side of `submit()` and `listPaymentMethods()` in headless Chromium, against a scripted
//! `fetch` installed in the page: busy state, joined submits, idempotency keys across retryable
//! failures, and each outcome's error, message and DOM. (tests/enroll.rs drives a real sandbox.)
#![cfg(all(target_arch = "wasm32", feature = "enrollment"))]

mod kit;

use js_sys::{Array, Function, Reflect};
use kit::*;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const API: &str = "http://127.0.0.1:9";

/// Replaces `fetch` for the test's life: each call is recorded (method, URL, bearer, idempotency
/// key; never the body, which holds the card) and answered with the next scripted reply: a
/// `{ status, body }`, `"network"` (a failed fetch) or `"hold"` (never answers until aborted).
/// The last reply repeats.
struct FakeFetch {
    original: JsValue,
}

const FAKE: &str = r#"
  const f = globalThis.__esFake;
  const h = new Headers(init.headers);
  f.calls.push({ method: init.method, url, auth: h.get('Authorization'), key: h.get('X-Idempotency-Key') });
  const r = f.replies.length > 1 ? f.replies.shift() : f.replies[0];
  if (r === 'network') return Promise.reject(new TypeError('Failed to fetch'));
  if (r === 'hold') return new Promise((_, reject) => {
    init.signal.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')));
  });
  return Promise.resolve(new Response(JSON.stringify(r.body), { status: r.status }));
"#;

impl FakeFetch {
    fn install(replies: &[JsValue]) -> Self {
        let global = js_sys::global();
        let original = Reflect::get(&global, &"fetch".into()).unwrap();
        let state = obj(&[
            ("calls", Array::new().into()),
            ("replies", replies.iter().collect::<Array>().into()),
        ]);
        Reflect::set(&global, &"__esFake".into(), &state).unwrap();
        let fake = Function::new_with_args("url, init", FAKE);
        Reflect::set(&global, &"fetch".into(), &fake).unwrap();
        Self { original }
    }

    fn calls(&self) -> Vec<JsValue> {
        let state = Reflect::get(&js_sys::global(), &"__esFake".into()).unwrap();
        Array::from(&get(&state, "calls")).to_vec()
    }

    fn keys(&self) -> Vec<String> {
        self.calls().iter().map(|c| get_str(c, "key")).collect()
    }
}

impl Drop for FakeFetch {
    fn drop(&mut self) {
        Reflect::set(&js_sys::global(), &"fetch".into(), &self.original).unwrap();
    }
}

fn reply(status: u16, body: JsValue) -> JsValue {
    obj(&[("status", status.into()), ("body", body)])
}

fn method(status: &str, reason: Option<&str>) -> JsValue {
    let card = obj(&[
        ("brand", "visa".into()),
        ("iin", "450799".into()),
        ("lfd", "0002".into()),
        ("expiration_month", 11.into()),
        ("expiration_year", 2028.into()),
        ("holder_name", "Ada Lovelace".into()),
    ]);
    let mut pairs = vec![
        ("id", "pm_1".into()),
        ("vaulted_token", "vt_abc".into()),
        ("status", status.into()),
        ("customer_id", "c_1".into()),
        ("card_data", card),
    ];
    if let Some(r) = reason {
        pairs.push(("decline_reason", r.into()));
    }
    obj(&pairs)
}

async fn filled() -> Mounted {
    filled_with(&token()).await
}

async fn filled_with(token: &str) -> Mounted {
    let m = mount_with(&token.into(), &[("apiBase", API.into())]).await;
    let n = m.number();
    focus(&n);
    paste(&n, "4507990000000002");
    type_text(&m.expiry(), "1128");
    type_text(&m.cvc(), "123");
    type_text(&m.holder(), "Ada Lovelace");
    m
}

fn fieldset_disabled(m: &Mounted) -> bool {
    m.one("fieldset").has_attribute("disabled")
}

fn busy(m: &Mounted) -> Option<String> {
    m.one(".es-root").get_attribute("aria-busy")
}

#[wasm_bindgen_test]
async fn a_network_failure_is_retryable_and_the_same_card_reuses_its_key() {
    let fake = FakeFetch::install(&["network".into()]);
    let t = token();
    let m = filled_with(&t).await;
    let first = m.call("submit", &[]).unwrap();
    let second = m.call("submit", &[]).unwrap();
    assert!(
        js_sys::Object::is(&first, &second),
        "a second submit joins the first"
    );
    assert!(fieldset_disabled(&m));
    assert_eq!(busy(&m).as_deref(), Some("true"));
    assert_eq!(m.text("button.es-submit"), "Saving card…");
    assert_eq!(m.loading.all(), vec![JsValue::TRUE]);

    let err = settle(first).await.unwrap_err();
    assert_eq!(code_of(&err), "NETWORK_ERROR");
    assert_eq!(get(&err, "retryable").as_bool(), Some(true));
    assert_eq!(m.loading.all(), vec![JsValue::TRUE, JsValue::FALSE]);
    assert!(!fieldset_disabled(&m));
    assert_eq!(busy(&m).as_deref(), Some("false"));
    assert_eq!(m.text("button.es-submit"), "Save card");
    assert_eq!(m.error.len(), 1);
    let message = get_str(&err, "message");
    assert_eq!(m.live(), message);
    assert_eq!(m.text(".es-message"), message);

    let tries = fake.calls().len();
    assert!(tries > 1, "the client retried");
    let calls = fake.calls();
    assert_eq!(
        get_str(&calls[0], "url"),
        format!("{API}/v1/sdk/payment-methods")
    );
    assert_eq!(get_str(&calls[0], "auth"), format!("Bearer {t}"));

    // The same card again: the same key, so a response that was lost cannot enroll twice.
    let _ = settle(m.call("submit", &[]).unwrap()).await;
    let keys = fake.keys();
    assert_eq!(keys.len(), tries * 2);
    assert!(
        keys.iter().all(|k| k == &keys[0] && k.len() == 36),
        "{keys:?}"
    );

    // Another card: a new attempt, a new key.
    let holder = m.holder();
    focus(&holder);
    type_text(&holder, "e");
    let _ = settle(m.call("submit", &[]).unwrap()).await;
    let keys = fake.keys();
    assert_ne!(keys.last(), keys.first());
}

#[wasm_bindgen_test]
async fn enrolled_resolves_the_result_and_clears_number_and_cvc() {
    let fake = FakeFetch::install(&[reply(201, method("ENROLLED", None))]);
    let m = filled().await;
    let result = settle(m.call("submit", &[]).unwrap()).await.unwrap();
    assert_eq!(get_str(&result, "status"), "ENROLLED");
    assert_eq!(get_str(&result, "vaultedToken"), "vt_abc");
    let pm = get(&result, "paymentMethod");
    assert_eq!(get_str(&pm, "id"), "pm_1");
    assert_eq!(get_str(&pm, "brand"), "visa");
    assert_eq!(get_str(&pm, "last4"), "0002");
    assert_eq!(get(&pm, "expMonth").as_f64(), Some(11.0));
    assert_eq!(get(&pm, "expYear").as_f64(), Some(2028.0));
    assert_eq!(get_str(&pm, "holderName"), "Ada Lovelace");
    assert_eq!(m.success.len(), 1);
    assert!(js_sys::Object::is(&m.success.last(), &result));
    assert_eq!(m.number().value(), "");
    assert_eq!(m.cvc().value(), "");
    assert_eq!(m.expiry().value(), "11 / 28");
    assert_eq!(m.holder().value(), "Ada Lovelace");
    assert_eq!(m.text(".es-message"), "Card saved");
    assert_eq!(m.live(), "Card saved");
    assert_eq!(m.error.len(), 0);
    let state = m.change.last();
    assert_eq!(
        get(&get(&get(&state, "fields"), "number"), "empty").as_bool(),
        Some(true)
    );
    assert_eq!(fake.calls().len(), 1);
    assert_eq!(get_str(&fake.calls()[0], "method"), "POST");
}

#[wasm_bindgen_test]
async fn a_decline_is_card_declined_with_its_reason_and_the_form_stays_usable() {
    let table = [
        ("INSUFFICIENT_FUNDS", "Insufficient funds."),
        ("REPORTED_STOLEN", ""),
        ("SOMETHING_NEW", "The card was declined."),
    ];
    for (reason, text) in table {
        let _fake = FakeFetch::install(&[reply(201, method("DECLINED", Some(reason)))]);
        let m = filled().await;
        let err = settle(m.call("submit", &[]).unwrap()).await.unwrap_err();
        assert_eq!(code_of(&err), "CARD_DECLINED");
        assert_eq!(get_str(&err, "declineReason"), reason);
        assert_eq!(get(&err, "retryable").as_bool(), Some(false));
        let message = get_str(&err, "message");
        if !text.is_empty() {
            assert_eq!(message, text, "{reason}");
        }
        assert!(!message.contains(reason), "a message for people: {message}");
        assert_eq!(m.text(".es-message"), message);
        assert_eq!(m.number().value(), "4507 9900 0000 0002", "values stay");
        assert!(!fieldset_disabled(&m));
        assert_eq!(m.error.len(), 1);
        m.unmount();
    }
}

#[wasm_bindgen_test]
async fn an_expired_session_is_recovered_with_update_token() {
    let fake = FakeFetch::install(&[
        reply(401, obj(&[("code", "SESSION_EXPIRED".into())])),
        reply(201, method("ENROLLED", None)),
    ]);
    let m = filled().await;
    let err = settle(m.call("submit", &[]).unwrap()).await.unwrap_err();
    assert_eq!(code_of(&err), "SESSION_EXPIRED");
    assert_eq!(m.number().value(), "4507 9900 0000 0002");
    let fresh = token_for("test", 7200);
    m.call("updateToken", &[fresh.clone().into()]).unwrap();
    settle(m.call("submit", &[]).unwrap()).await.unwrap();
    let calls = fake.calls();
    assert_eq!(get_str(&calls[1], "auth"), format!("Bearer {fresh}"));
    assert_ne!(
        get_str(&calls[0], "key"),
        get_str(&calls[1], "key"),
        "a refused attempt's key is not reused"
    );

    let _fake = FakeFetch::install(&[reply(401, obj(&[("code", "SESSION_INVALID".into())]))]);
    let m = filled().await;
    let err = settle(m.call("submit", &[]).unwrap()).await.unwrap_err();
    assert_eq!(code_of(&err), "SESSION_INVALID");
}

#[wasm_bindgen_test]
async fn server_errors_map_to_their_codes() {
    let table = [
        (
            reply(503, obj(&[("code", "UNAVAILABLE".into())])),
            "SERVER_ERROR",
            true,
        ),
        (
            reply(409, obj(&[("code", "SESSION_LOCKED".into())])),
            "SESSION_LOCKED",
            false,
        ),
        (reply(418, obj(&[])), "SERVER_ERROR", false),
    ];
    for (r, code, retryable) in table {
        let _fake = FakeFetch::install(&[r]);
        let m = filled().await;
        let err = settle(m.call("submit", &[]).unwrap()).await.unwrap_err();
        assert_eq!(code_of(&err), code);
        assert_eq!(get(&err, "retryable").as_bool(), Some(retryable), "{code}");
        m.unmount();
    }
}

#[wasm_bindgen_test]
async fn a_field_the_server_refuses_is_marked_and_focused() {
    let body = obj(&[
        ("code", "VALIDATION_FAILED".into()),
        ("field", "security_code".into()),
    ]);
    let _fake = FakeFetch::install(&[reply(400, body)]);
    let m = filled().await;
    let err = settle(m.call("submit", &[]).unwrap()).await.unwrap_err();
    assert_eq!(code_of(&err), "VALIDATION_FAILED");
    assert_eq!(get_str(&err, "field"), "cvc");
    assert_eq!(
        m.cvc().get_attribute("aria-invalid").as_deref(),
        Some("true")
    );
    assert_eq!(m.error_of(&m.cvc()), "The security code is invalid.");
    assert!(is_focused(&m.cvc()));
}

#[wasm_bindgen_test]
async fn unmounting_during_a_submit_rejects_it_with_unmounted() {
    let _fake = FakeFetch::install(&["hold".into()]);
    let m = filled().await;
    let pending = m.call("submit", &[]).unwrap();
    tick().await;
    m.unmount();
    let err = settle(pending).await.unwrap_err();
    assert_eq!(code_of(&err), "UNMOUNTED");
    assert_eq!(m.container.child_element_count(), 0);
    assert_eq!(
        m.success.len() + m.error.len(),
        0,
        "no callback after unmount"
    );
}

#[wasm_bindgen_test]
async fn list_payment_methods_returns_the_saved_methods_masked() {
    let body = obj(&[(
        "payment_methods",
        Array::of2(
            &method("ENROLLED", None),
            &method("DECLINED", Some("DO_NOT_HONOR")),
        )
        .into(),
    )]);
    let fake = FakeFetch::install(&[reply(200, body)]);
    let m = mount_with(&token().into(), &[("apiBase", API.into())]).await;
    let list = settle(m.call("listPaymentMethods", &[]).unwrap())
        .await
        .unwrap();
    let list = Array::from(&list);
    assert_eq!(list.length(), 1, "only ENROLLED methods");
    let pm = list.get(0);
    let keys: Vec<String> = js_sys::Object::keys(pm.unchecked_ref::<js_sys::Object>())
        .iter()
        .map(|k| k.as_string().unwrap())
        .collect();
    assert_eq!(
        keys,
        [
            "id",
            "brand",
            "last4",
            "expMonth",
            "expYear",
            "holderName",
            "vaultedToken"
        ]
    );
    assert_eq!(get_str(&pm, "vaultedToken"), "vt_abc");
    assert_eq!(get_str(&fake.calls()[0], "method"), "GET");

    let _fake = FakeFetch::install(&[reply(401, obj(&[("code", "SESSION_EXPIRED".into())]))]);
    let err = settle(m.call("listPaymentMethods", &[]).unwrap())
        .await
        .unwrap_err();
    assert_eq!(code_of(&err), "SESSION_EXPIRED");
}
