//! Enrolling through the real form and JS API (`initEnrollment`, `submit`, `updateToken`, the
//! submit button), typed with real input events, against a real sandbox in headless Chromium.
#![cfg(all(target_arch = "wasm32", feature = "enrollment"))]

mod kit;

use std::cell::RefCell;
use std::rc::Rc;

use js_sys::{Array, Function, Promise, Reflect};
use kit::*;
use wasm_bindgen::prelude::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement, HtmlInputElement};

wasm_bindgen_test_configure!(run_in_browser);

/// What the merchant's callbacks saw.
#[derive(Default)]
struct Calls {
    success: Vec<JsValue>,
    error: Vec<JsValue>,
    loading: Vec<bool>,
}

/// A form mounted into a fresh container, with recording callbacks; unmounted on drop.
struct Mounted {
    container: Element,
    enrollment: JsValue,
    calls: Rc<RefCell<Calls>>,
    _callbacks: Vec<Closure<dyn FnMut(JsValue)>>,
}

impl Drop for Mounted {
    fn drop(&mut self) {
        let _ = method(&self.enrollment, "unmount", &[]);
        self.container.remove();
    }
}

fn method(obj: &JsValue, name: &str, args: &[JsValue]) -> Result<JsValue, JsValue> {
    let f: Function = Reflect::get(obj, &JsValue::from_str(name))?.dyn_into()?;
    f.apply(obj, &args.iter().collect::<Array>())
}

async fn mount(token_or_session: JsValue, api_base: &str) -> Mounted {
    let document = web_sys::window().unwrap().document().unwrap();
    let container = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&container).unwrap();

    let calls = Rc::new(RefCell::new(Calls::default()));
    let record = |push: fn(&mut Calls, JsValue)| {
        let calls = calls.clone();
        Closure::<dyn FnMut(JsValue)>::new(move |v| push(&mut calls.borrow_mut(), v))
    };
    let callbacks = vec![
        record(|c, v| c.success.push(v)),
        record(|c, v| c.error.push(v)),
        record(|c, v| c.loading.push(v.as_bool().unwrap())),
    ];
    let options = obj(&[
        ("container", container.clone().into()),
        ("apiBase", api_base.into()),
        ("locale", "en".into()),
        ("onSuccess", callbacks[0].as_ref().clone()),
        ("onError", callbacks[1].as_ref().clone()),
        ("onLoading", callbacks[2].as_ref().clone()),
    ]);
    let promise = enrollment_sdk::init_enrollment(token_or_session, options);
    let enrollment = JsFuture::from(promise).await.unwrap();
    Mounted {
        container,
        enrollment,
        calls,
        _callbacks: callbacks,
    }
}

impl Mounted {
    fn input(&self, field: &str) -> HtmlInputElement {
        self.container
            .query_selector(&format!("input[data-es-field={field}]"))
            .unwrap()
            .unwrap_or_else(|| panic!("no {field} input"))
            .dyn_into()
            .unwrap()
    }

    fn button(&self) -> HtmlElement {
        self.container
            .query_selector("button")
            .unwrap()
            .expect("no submit button")
            .dyn_into()
            .unwrap()
    }

    /// Types `text` into a field one character at a time, as a browser does: the value changes
    /// at the caret, then an `insertText` input event bubbles up.
    fn type_into(&self, field: &str, text: &str) {
        let input = self.input(field);
        input.focus().unwrap();
        for ch in text.chars() {
            let value = input.value();
            let len = value.len() as u32;
            let start = input.selection_start().unwrap().unwrap_or(len).min(len) as usize;
            let end = input.selection_end().unwrap().unwrap_or(len).min(len) as usize;
            let next = format!("{}{ch}{}", &value[..start], &value[end.max(start)..]);
            input.set_value(&next);
            let caret = start as u32 + 1;
            input.set_selection_range(caret, caret).unwrap();
            dispatch_input(&input, "insertText", Some(&ch.to_string()));
        }
    }

    /// Selects all and deletes, as a user would.
    fn clear(&self, field: &str) {
        let input = self.input(field);
        input.set_value("");
        dispatch_input(&input, "deleteContentBackward", None);
    }

    fn type_card(&self, number: &str) {
        for (field, text) in [
            ("number", number),
            ("expiry", "1128"),
            ("cvc", "123"),
            ("holderName", "Ada Lovelace"),
        ] {
            self.clear(field);
            self.type_into(field, text);
        }
    }

    fn submit(&self) -> JsFuture {
        let promise: Promise = method(&self.enrollment, "submit", &[])
            .unwrap()
            .dyn_into()
            .unwrap();
        JsFuture::from(promise)
    }

    fn update_token(&self, token_or_session: JsValue) {
        method(&self.enrollment, "updateToken", &[token_or_session]).unwrap();
    }

    /// Whether the user can type and submit: nothing disabled, not marked busy.
    fn usable(&self) -> bool {
        let busy = self.container.query_selector("[aria-busy=true]").unwrap();
        let disabled = self.container.query_selector("[disabled]").unwrap();
        busy.is_none() && disabled.is_none()
    }
}

fn code(error: &JsValue) -> String {
    get(error, "code")
        .as_string()
        .unwrap_or_else(|| panic!("not an EnrollmentError: {error:?}"))
}

fn vaulted_token(result: &JsValue) -> String {
    need_str(result, "vaultedToken")
}

fn pm_id(result: &JsValue) -> String {
    need_str(&get(result, "paymentMethod"), "id")
}

#[wasm_bindgen_test]
async fn a_typed_card_enrolls_and_the_number_and_cvc_are_cleared() {
    let base = sandbox_url();
    let token = new_token(base).await;
    let before = listed_ids(base, &token).await;
    let form = mount(token.clone().into(), base).await;
    form.type_card("4507990000000002");
    assert_eq!(form.input("number").value(), "4507 9900 0000 0002");

    let result = form.submit().await.unwrap();
    assert_eq!(need_str(&result, "status"), "ENROLLED");
    assert!(!vaulted_token(&result).is_empty());
    let pm = get(&result, "paymentMethod");
    assert_eq!(need_str(&pm, "brand"), "visa");
    assert_eq!(need_str(&pm, "last4"), "0002");
    assert_eq!(get(&pm, "expMonth").as_f64(), Some(11.0));
    assert_eq!(get(&pm, "expYear").as_f64(), Some(2028.0));
    assert_eq!(need_str(&pm, "holderName"), "Ada Lovelace");

    {
        let calls = form.calls.borrow();
        assert_eq!(calls.success.len(), 1);
        assert_eq!(vaulted_token(&calls.success[0]), vaulted_token(&result));
        assert!(calls.error.is_empty());
        assert_eq!(calls.loading, [true, false]);
    }

    assert_eq!(form.input("number").value(), "");
    assert_eq!(form.input("cvc").value(), "");
    assert!(form.usable());
    assert_eq!(
        added(&before, &listed_ids(base, &token).await),
        vec![pm_id(&result)]
    );
}

#[wasm_bindgen_test]
async fn a_decline_is_card_declined_and_the_form_stays_usable() {
    let base = sandbox_url();
    let token = new_token(base).await;
    let form = mount(token.into(), base).await;
    form.type_card("4507990000000010");

    let error = form.submit().await.unwrap_err();
    assert_eq!(code(&error), "CARD_DECLINED");
    assert_eq!(need_str(&error, "declineReason"), "INSUFFICIENT_FUNDS");
    assert!(error.is_instance_of::<js_sys::Error>());
    assert_eq!(form.calls.borrow().error.len(), 1);
    assert_eq!(code(&form.calls.borrow().error[0]), "CARD_DECLINED");
    assert!(form.calls.borrow().success.is_empty());
    assert!(form.usable());
    // What the user typed is still there to correct.
    assert_eq!(form.input("number").value(), "4507 9900 0000 0010");

    form.clear("number");
    form.type_into("number", "4507990000000002");
    let result = form.submit().await.unwrap();
    assert_eq!(need_str(&result, "status"), "ENROLLED");
    assert_eq!(form.calls.borrow().success.len(), 1);
}

#[wasm_bindgen_test]
async fn an_expired_session_is_recovered_with_update_token_without_retyping() {
    let base = sandbox_url();
    let session = new_session(base, None).await;
    let token = need_str(&session, "sdk_token");
    let before = listed_ids(base, &token).await;
    let form = mount(session.clone(), base).await;
    form.type_card("5252440000000002");
    // The server ends the session; the token still looks valid to the SDK.
    expire_session(base, &session).await;

    let error = form.submit().await.unwrap_err();
    assert_eq!(code(&error), "SESSION_EXPIRED");
    assert!(form.usable());
    assert_eq!(form.input("number").value(), "5252 4400 0000 0002");

    form.update_token(new_session(base, None).await);
    let result = form.submit().await.unwrap();
    assert_eq!(need_str(&result, "status"), "ENROLLED");
    assert_eq!(
        need_str(&get(&result, "paymentMethod"), "brand"),
        "mastercard"
    );
    assert_eq!(form.input("number").value(), "");
    assert_eq!(
        added(&before, &listed_ids(base, &new_token(base).await).await),
        vec![pm_id(&result)]
    );
}

#[wasm_bindgen_test]
async fn a_double_submit_and_a_click_enroll_once() {
    let base = sandbox_url();
    let token = new_token(base).await;
    let before = listed_ids(base, &token).await;
    let form = mount(token.clone().into(), base).await;
    form.type_card("4507990000000002");

    let first = form.submit();
    let second = form.submit();
    form.button().click();
    let (first, second) = (first.await.unwrap(), second.await.unwrap());
    assert_eq!(vaulted_token(&first), vaulted_token(&second));
    // Let the click's attempt (joined or not) settle before counting.
    sleep(200).await;

    assert_eq!(form.calls.borrow().success.len(), 1);
    assert_eq!(form.calls.borrow().loading, [true, false]);
    assert_eq!(
        added(&before, &listed_ids(base, &token).await),
        vec![pm_id(&first)]
    );
}

#[wasm_bindgen_test]
async fn under_chaos_twenty_form_enrollments_make_exactly_twenty_methods() {
    let base = chaos_url();
    let token = new_token(base).await;
    let before = listed_ids(base, &token).await;
    let form = mount(token.clone().into(), base).await;
    let mut ids = Vec::new();
    for number in enrollable_visas(20) {
        form.type_card(&number);
        // What a merchant does with a retryable error: submit again. The form keeps the
        // idempotency key for the same card, so a lost response cannot enroll it twice.
        let mut outcome = form.submit().await;
        for _ in 0..5 {
            match &outcome {
                Err(e) if get(e, "retryable").as_bool() == Some(true) => {
                    outcome = form.submit().await;
                }
                _ => break,
            }
        }
        let result = outcome.unwrap_or_else(|e| panic!("{number:.6}…: {}", code(&e)));
        assert_eq!(
            need_str(&get(&result, "paymentMethod"), "last4"),
            number[12..]
        );
        ids.push(pm_id(&result));
    }
    assert_eq!(form.calls.borrow().success.len(), 20);

    assert_added_exactly(&before, &listed_ids(base, &token).await, ids);
}
