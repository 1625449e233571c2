//! The pure helpers of the JS API (`validateCardNumber`, `validateExpiry`, `validateCvc`,
//! `parseSdkToken`) through their wasm-bindgen surface, with plain JS values in and out.
#![cfg(all(target_arch = "wasm32", feature = "enrollment"))]

mod kit;

use enrollment_sdk::{parse_sdk_token, validate_card_number, validate_cvc, validate_expiry};
use js_sys::{Array, Date, JSON};
use kit::*;
use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn json(v: &JsValue) -> String {
    JSON::stringify(v).unwrap().as_string().unwrap()
}

fn date(y: u32, m: i32, d: i32) -> JsValue {
    Date::new_with_year_month_day(y, m - 1, d).into()
}

#[wasm_bindgen_test]
fn validate_card_number_table() {
    let table = [
        ("", "unknown", false, true, ""),
        ("4", "visa", false, true, "4"),
        (
            "4507990000000002",
            "visa",
            true,
            true,
            "4507 9900 0000 0002",
        ),
        (
            "4507-9900-0000-0002",
            "visa",
            true,
            true,
            "4507 9900 0000 0002",
        ),
        ("3700 000000 00002", "amex", true, true, "3700 000000 00002"),
        (
            "5252440000000003",
            "mastercard",
            false,
            false,
            "5252 4400 0000 0003",
        ),
        ("9", "unknown", false, false, "9"),
    ];
    for (input, brand, valid, potentially, formatted) in table {
        let r = validate_card_number(input.into());
        assert_eq!(get_str(&r, "brand"), brand, "{input:?}");
        assert_eq!(get(&r, "isValid").as_bool(), Some(valid), "{input:?}");
        assert_eq!(
            get(&r, "isPotentiallyValid").as_bool(),
            Some(potentially),
            "{input:?}"
        );
        assert_eq!(get_str(&r, "formatted"), formatted, "{input:?}");
    }
    let amex = validate_card_number("37".into());
    assert_eq!(json(&get(&amex, "gaps")), "[4,10]");
    assert_eq!(json(&get(&amex, "lengths")), "[15]");
    assert_eq!(get(&amex, "cvcLength").as_f64(), Some(4.0));
    let visa = validate_card_number("4".into());
    assert_eq!(json(&get(&visa, "lengths")), "[16,18,19]");
    assert_eq!(get(&visa, "cvcLength").as_f64(), Some(3.0));
    assert!(Array::is_array(&get(&visa, "gaps")));
}

#[wasm_bindgen_test]
fn validate_expiry_with_a_given_today() {
    let today = date(2026, 11, 24);
    // input, month, year, isValid, isPotentiallyValid
    type Row = (&'static str, Option<f64>, Option<f64>, bool, bool);
    let table: [Row; 6] = [
        ("11/28", Some(11.0), Some(2028.0), true, true),
        ("11 / 2026", Some(11.0), Some(2026.0), true, true),
        ("10/26", Some(10.0), Some(2026.0), false, false),
        ("1", None, None, false, true),
        ("13/28", None, None, false, false),
        ("", None, None, false, true),
    ];
    for (input, month, year, valid, potentially) in table {
        let r = validate_expiry(input.into(), today.clone()).unwrap();
        assert_eq!(get(&r, "month").as_f64(), month, "{input:?}");
        assert_eq!(get(&r, "year").as_f64(), year, "{input:?}");
        if month.is_none() {
            assert!(get(&r, "month").is_null(), "{input:?}: null while unknown");
        }
        assert_eq!(get(&r, "isValid").as_bool(), Some(valid), "{input:?}");
        assert_eq!(
            get(&r, "isPotentiallyValid").as_bool(),
            Some(potentially),
            "{input:?}"
        );
    }
    // Without `today`, the clock: January 2019 has passed.
    let r = validate_expiry("01/19".into(), JsValue::UNDEFINED).unwrap();
    assert_eq!(get(&r, "year").as_f64(), Some(2019.0));
    assert_eq!(get(&r, "isPotentiallyValid").as_bool(), Some(false));
    let err = validate_expiry("11/28".into(), "2026-01-01".into()).unwrap_err();
    assert_eq!(code_of(&err), "OPTIONS_INVALID");
}

#[wasm_bindgen_test]
fn validate_cvc_by_brand() {
    let table = [
        ("123", JsValue::from("visa"), true, true),
        ("1234", JsValue::from("visa"), false, false),
        ("1234", JsValue::from("amex"), true, true),
        ("123", JsValue::from("amex"), false, true),
        ("12", JsValue::UNDEFINED, false, true),
        ("1234", JsValue::UNDEFINED, true, true),
        ("1234", JsValue::NULL, true, true),
        ("12a", JsValue::UNDEFINED, false, false),
    ];
    for (input, brand, valid, potentially) in table {
        let r = validate_cvc(input.into(), brand.clone());
        assert_eq!(
            get(&r, "isValid").as_bool(),
            Some(valid),
            "{input:?} {brand:?}"
        );
        assert_eq!(
            get(&r, "isPotentiallyValid").as_bool(),
            Some(potentially),
            "{input:?}"
        );
    }
}

#[wasm_bindgen_test]
fn parse_sdk_token_reads_and_judges() {
    let exp = 1_900_000_000i64;
    let t = format!("cstok_test_{SESSION_HEX}_{exp}_{SIG}");
    let now = Date::new(&JsValue::from_f64(1_800_000_000_000.0));
    let r = parse_sdk_token(t.clone().into(), now.into()).unwrap();
    assert_eq!(get_str(&r, "environment"), "test");
    assert_eq!(
        get_str(&r, "sessionId"),
        "01234567-89ab-cdef-0123-456789abcdef"
    );
    assert_eq!(get_str(&r, "expiresAt"), "2030-03-17T17:46:40.000Z");

    let later = Date::new(&JsValue::from_f64((exp - 2) as f64 * 1000.0));
    let err = parse_sdk_token(t.into(), later.into()).unwrap_err();
    assert_eq!(code_of(&err), "SESSION_EXPIRED");

    let opaque = parse_sdk_token(
        "cstok_live_xyz789abc012def345ghi678".into(),
        JsValue::UNDEFINED,
    )
    .unwrap();
    assert_eq!(get_str(&opaque, "environment"), "live");
    assert!(get(&opaque, "sessionId").is_null());
    assert!(get(&opaque, "expiresAt").is_null());

    for (bad, code) in [
        ("nope", "TOKEN_MALFORMED"),
        ("sk_live_abc", "TOKEN_PREFIX_INVALID"),
    ] {
        let err = parse_sdk_token(bad.into(), JsValue::UNDEFINED).unwrap_err();
        assert_eq!(code_of(&err), code, "{bad}");
    }
    let err = parse_sdk_token(JsValue::from(5), JsValue::UNDEFINED).unwrap_err();
    assert_eq!(code_of(&err), "TOKEN_MALFORMED");
}
