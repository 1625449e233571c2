//! `initEnrollment`'s checks in headless Chromium: every bad token, session object and option is
//! refused with its code, in the chosen locale, before anything is drawn; and `updateToken`.
#![cfg(all(target_arch = "wasm32", feature = "enrollment"))]

mod kit;

use kit::*;
use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn iso(secs_from_now: i64) -> String {
    let d = js_sys::Date::new(&JsValue::from_f64(
        js_sys::Date::now() + secs_from_now as f64 * 1000.0,
    ));
    d.to_iso_string().as_string().unwrap()
}

fn session(status: &str, token: &str, expires_at: &str) -> JsValue {
    obj(&[
        ("id", "cs_0123".into()),
        ("customer_id", "c1".into()),
        ("status", status.into()),
        ("sdk_token", token.into()),
        ("expires_at", expires_at.into()),
        ("created_at", iso(-10).into()),
    ])
}

const OPAQUE: &str = "cstok_live_xyz789abc012def345ghi678";

/// Refused with `code`, and the container is left untouched.
async fn refused(token: JsValue, options: &[(&str, JsValue)], code: &str) -> JsValue {
    let c = container();
    let mut pairs = vec![("container", JsValue::from(c.clone()))];
    pairs.extend(options.iter().cloned());
    let err = init(&token, &obj(&pairs)).await.unwrap_err();
    assert_eq!(code_of(&err), code, "{:?}", get_str(&err, "message"));
    assert_eq!(get(&err, "retryable").as_bool(), Some(false));
    assert_eq!(c.child_element_count(), 0, "{code}: nothing rendered");
    err
}

#[wasm_bindgen_test]
async fn bad_tokens_are_refused_with_their_code_and_nothing_is_rendered() {
    let table: Vec<(JsValue, &str)> = vec![
        ("".into(), "TOKEN_MALFORMED"),
        ("not a token".into(), "TOKEN_MALFORMED"),
        (
            format!("cstok_test_{SESSION_HEX}_123").into(),
            "TOKEN_MALFORMED",
        ),
        (JsValue::from(42), "TOKEN_MALFORMED"),
        (JsValue::NULL, "TOKEN_MALFORMED"),
        ("pk_test_abc".into(), "TOKEN_PREFIX_INVALID"),
        (
            format!("chtok_test_{SESSION_HEX}_{}_{SIG}", now_secs() + 3600).into(),
            "TOKEN_PREFIX_INVALID",
        ),
        (token_for("prod", 3600).into(), "TOKEN_PREFIX_INVALID"),
        (token_for("test", -60).into(), "SESSION_EXPIRED"),
        (token_for("test", 3).into(), "SESSION_EXPIRED"),
        (OPAQUE.into(), "TOKEN_MALFORMED"),
    ];
    for (token, code) in table {
        refused(token, &[], code).await;
    }
}

#[wasm_bindgen_test]
async fn session_objects_are_checked_too() {
    let good = token();
    let table: Vec<(JsValue, &str)> = vec![
        (session("ACTIVE", &good, &iso(-1)), "SESSION_EXPIRED"),
        (session("EXPIRED", &good, &iso(600)), "SESSION_EXPIRED"),
        (session("REVOKED", &good, &iso(600)), "SESSION_INVALID"),
        (session("ACTIVE", &good, "tomorrow"), "SESSION_INVALID"),
        (
            session("ACTIVE", &token_for("test", -5), &iso(600)),
            "SESSION_EXPIRED",
        ),
        (
            obj(&[("status", "ACTIVE".into()), ("expires_at", iso(600).into())]),
            "TOKEN_MALFORMED",
        ),
    ];
    for (session, code) in table {
        refused(session, &[], code).await;
    }
}

#[wasm_bindgen_test]
async fn an_opaque_token_is_accepted_inside_its_session_object() {
    let m = mount_with(
        &session("ACTIVE", OPAQUE, &iso(600)),
        &[("apiBase", "https://vault.example".into())],
    )
    .await;
    assert_eq!(m.container.child_element_count(), 1);
    m.unmount();
    // A whole session object with a structured token renders as well.
    let m = mount_with(&session("ACTIVE", &token(), &iso(600)), &[]).await;
    assert_eq!(m.container.child_element_count(), 1);
}

#[wasm_bindgen_test]
async fn bad_options_are_refused_naming_the_option() {
    let t: JsValue = token().into();
    let f = Calls::default().func();
    // options, code, the option the message names
    type Row = (Vec<(&'static str, JsValue)>, &'static str, &'static str);
    let table: Vec<Row> = vec![
        (vec![("locale", "fr".into())], "OPTIONS_INVALID", "locale"),
        (
            vec![("locale", JsValue::from(1))],
            "OPTIONS_INVALID",
            "locale",
        ),
        (
            vec![("messages", "x".into())],
            "OPTIONS_INVALID",
            "messages",
        ),
        (
            vec![("messages", obj(&[("nope", "x".into())]))],
            "OPTIONS_INVALID",
            "messages.nope",
        ),
        (
            vec![("messages", obj(&[("numberLabel", JsValue::from(3))]))],
            "OPTIONS_INVALID",
            "messages.numberLabel",
        ),
        (
            vec![("onChange", JsValue::from(5))],
            "OPTIONS_INVALID",
            "onChange",
        ),
        (
            vec![("onSuccess", "fn".into())],
            "OPTIONS_INVALID",
            "onSuccess",
        ),
        (
            vec![("onReady", f.clone()), ("onErorr", f)],
            "OPTIONS_INVALID",
            "onErorr",
        ),
        (
            vec![("hideSubmitButton", "yes".into())],
            "OPTIONS_INVALID",
            "hideSubmitButton",
        ),
        (
            vec![("apiBase", "ftp://vault.example".into())],
            "OPTIONS_INVALID",
            "apiBase",
        ),
        (
            vec![("apiBase", JsValue::from(true))],
            "OPTIONS_INVALID",
            "apiBase",
        ),
    ];
    for (options, code, option) in table {
        let err = refused(t.clone(), &options, code).await;
        assert!(
            get_str(&err, "message").contains(option),
            "{option}: {}",
            get_str(&err, "message")
        );
    }
}

#[wasm_bindgen_test]
async fn a_missing_or_unknown_container_is_refused() {
    let t: JsValue = token().into();
    for (options, code) in [
        (obj(&[]), "OPTIONS_INVALID"),
        (obj(&[("container", JsValue::from(7))]), "OPTIONS_INVALID"),
        (
            obj(&[("container", "#no-such-element".into())]),
            "CONTAINER_NOT_FOUND",
        ),
        (
            obj(&[("container", "[[bad selector".into())]),
            "CONTAINER_NOT_FOUND",
        ),
        (JsValue::UNDEFINED, "OPTIONS_INVALID"),
    ] {
        let err = init(&t, &options).await.unwrap_err();
        assert_eq!(code_of(&err), code);
        assert!(get_str(&err, "message").contains("container") || code == "OPTIONS_INVALID");
    }
    // A selector finds the container.
    let c = container();
    c.set_id("es-test-selector-container");
    let e = init(
        &t,
        &obj(&[("container", "#es-test-selector-container".into())]),
    )
    .await
    .unwrap();
    assert_eq!(c.child_element_count(), 1);
    call(&e, "unmount", &[]).unwrap();
    assert_eq!(c.child_element_count(), 0);
}

#[wasm_bindgen_test]
async fn errors_are_worded_in_the_chosen_locale() {
    let err = refused(
        token_for("test", -60).into(),
        &[("locale", "es".into())],
        "SESSION_EXPIRED",
    )
    .await;
    assert_eq!(
        get_str(&err, "message"),
        "La sesión expiró. Vuelve a comenzar."
    );
    let err = refused("x".into(), &[("locale", "pt".into())], "TOKEN_MALFORMED").await;
    assert_eq!(
        get_str(&err, "message"),
        "O token de sessão está mal formado."
    );
    let err = refused(
        "x".into(),
        &[("messages", obj(&[("tokenMalformed", "Bad token!".into())]))],
        "TOKEN_MALFORMED",
    )
    .await;
    assert_eq!(get_str(&err, "message"), "Bad token!");
}

#[wasm_bindgen_test]
async fn a_live_token_needs_https_except_on_loopback() {
    let live: JsValue = token_for("live", 3600).into();
    for base in ["http://vault.example", "http://127.0.0.1.example"] {
        refused(
            live.clone(),
            &[("apiBase", base.into())],
            "INSECURE_API_BASE",
        )
        .await;
    }
    for base in [
        "https://vault.example",
        "http://127.0.0.1:8787",
        "http://localhost:3000/",
    ] {
        let m = mount_with(&live, &[("apiBase", base.into())]).await;
        m.unmount();
    }
    // Test tokens may use plain http anywhere.
    let m = mount_with(
        &token().into(),
        &[("apiBase", "http://vault.example".into())],
    )
    .await;
    m.unmount();
}

#[wasm_bindgen_test]
async fn update_token_checks_the_new_token_and_keeps_the_values() {
    let m = mount_with(
        &token().into(),
        &[("apiBase", "https://vault.example".into())],
    )
    .await;
    let n = m.number();
    focus(&n);
    type_text(&n, "4507");
    for (bad, code) in [
        (JsValue::from("nope"), "TOKEN_MALFORMED"),
        (token_for("test", -60).into(), "SESSION_EXPIRED"),
        (session("EXPIRED", &token(), &iso(600)), "SESSION_EXPIRED"),
    ] {
        let err = m.call("updateToken", &[bad]).unwrap_err();
        assert_eq!(code_of(&err), code);
    }
    m.call("updateToken", &[token_for("live", 600).into()])
        .unwrap();
    m.call("updateToken", &[session("ACTIVE", OPAQUE, &iso(600))])
        .unwrap();
    assert_eq!(n.value(), "4507", "what the user typed stays");

    // A live token over plain http is refused here as well.
    let m = mount_with(
        &token().into(),
        &[("apiBase", "http://vault.example".into())],
    )
    .await;
    let err = m
        .call("updateToken", &[token_for("live", 600).into()])
        .unwrap_err();
    assert_eq!(code_of(&err), "INSECURE_API_BASE");
}
