//! Every error code, with its status and `{ code, messages }` shape.
use enrollment_core::token::{mint, Environment, TokenKind};
use reqwest::Method;
use serde_json::{json, Value};

use crate::common::*;

struct Case {
    name: &'static str,
    method: Method,
    path: String,
    headers: Vec<(&'static str, String)>,
    /// Raw body and its content type.
    body: Option<(String, &'static str)>,
    status: u16,
    code: &'static str,
    field: Option<&'static str>,
}

fn with_card(f: impl FnOnce(&mut Value)) -> String {
    let mut body = card(VISA_OK, "123");
    f(&mut body["card"]);
    body.to_string()
}

#[tokio::test]
async fn error_table() {
    let sb = Sandbox::start().await;
    let (customer, token) = sb.customer_with_token("errors").await;
    let session = sb.session(&customer, None).await;
    let session_uuid = session["id"].as_str().unwrap().strip_prefix("cs_").unwrap();
    let exp = enrollment_core::token::parse(session["sdk_token"].as_str().unwrap())
        .unwrap()
        .expires_at
        .unwrap();
    let live = mint(
        KEY.as_bytes(),
        TokenKind::Customer,
        Environment::Live,
        session_uuid,
        exp,
    );
    let checkout = mint(
        KEY.as_bytes(),
        TokenKind::Checkout,
        Environment::Test,
        session_uuid,
        exp,
    );
    let unknown_session = mint(
        KEY.as_bytes(),
        TokenKind::Customer,
        Environment::Test,
        "00000000-0000-4000-8000-000000000000",
        exp,
    );
    let past = mint(
        KEY.as_bytes(),
        TokenKind::Customer,
        Environment::Test,
        session_uuid,
        1_000,
    );
    // Flip one hex digit of the session id: the signature no longer matches.
    let mut tampered = token.clone().into_bytes();
    tampered[12] = if tampered[12] == b'a' { b'b' } else { b'a' };
    let tampered = String::from_utf8(tampered).unwrap();

    let bearer = |t: &str| ("authorization", format!("Bearer {t}"));
    let sdk = |t: &str, key: Option<&str>| {
        let mut h = vec![bearer(t)];
        if let Some(k) = key {
            h.push(("x-idempotency-key", k.to_owned()));
        }
        h
    };
    let merchant = vec![("private-secret-key", KEY.to_owned())];
    let json_body = |s: String| Some((s, "application/json"));
    let enroll = "/v1/sdk/payment-methods".to_owned();
    let ok_card = card(VISA_OK, "123").to_string();

    let cases = vec![
        Case {
            name: "unknown route",
            method: Method::GET,
            path: "/v1/nothing".into(),
            headers: vec![],
            body: None,
            status: 404,
            code: "NOT_FOUND",
            field: None,
        },
        Case {
            name: "wrong method",
            method: Method::DELETE,
            path: enroll.clone(),
            headers: sdk(&token, None),
            body: None,
            status: 405,
            code: "METHOD_NOT_ALLOWED",
            field: None,
        },
        Case {
            name: "wrong method (merchant)",
            method: Method::PUT,
            path: "/v1/customers".into(),
            headers: merchant.clone(),
            body: None,
            status: 405,
            code: "METHOD_NOT_ALLOWED",
            field: None,
        },
        Case {
            name: "merchant key missing",
            method: Method::POST,
            path: "/v1/customers".into(),
            headers: vec![],
            body: json_body(json!({"merchant_customer_id": "x"}).to_string()),
            status: 401,
            code: "UNAUTHORIZED",
            field: None,
        },
        Case {
            name: "merchant key wrong",
            method: Method::GET,
            path: format!("/v1/customers/{customer}"),
            headers: vec![("private-secret-key", "sk_test_wrong".into())],
            body: None,
            status: 401,
            code: "UNAUTHORIZED",
            field: None,
        },
        Case {
            name: "duplicate merchant id",
            method: Method::POST,
            path: "/v1/customers".into(),
            headers: merchant.clone(),
            body: json_body(json!({"merchant_customer_id": "errors"}).to_string()),
            status: 409,
            code: "CUSTOMER_ALREADY_EXISTS",
            field: None,
        },
        Case {
            name: "customer id missing",
            method: Method::POST,
            path: "/v1/customers".into(),
            headers: merchant.clone(),
            body: json_body(json!({"first_name": "A"}).to_string()),
            status: 400,
            code: "INVALID_REQUEST",
            field: Some("merchant_customer_id"),
        },
        Case {
            name: "customer id wrong type",
            method: Method::POST,
            path: "/v1/customers".into(),
            headers: merchant.clone(),
            body: json_body(json!({"merchant_customer_id": 7}).to_string()),
            status: 400,
            code: "INVALID_REQUEST",
            field: Some("merchant_customer_id"),
        },
        Case {
            name: "bad email",
            method: Method::POST,
            path: "/v1/customers".into(),
            headers: merchant.clone(),
            body: json_body(json!({"merchant_customer_id": "e", "email": "nope"}).to_string()),
            status: 400,
            code: "INVALID_REQUEST",
            field: Some("email"),
        },
        Case {
            name: "bad country",
            method: Method::POST,
            path: "/v1/customers".into(),
            headers: merchant.clone(),
            body: json_body(json!({"merchant_customer_id": "c", "country": "USA"}).to_string()),
            status: 400,
            code: "INVALID_REQUEST",
            field: Some("country"),
        },
        Case {
            name: "malformed JSON",
            method: Method::POST,
            path: "/v1/customers".into(),
            headers: merchant.clone(),
            body: json_body("{\"merchant_customer_id\": ".into()),
            status: 400,
            code: "INVALID_JSON",
            field: None,
        },
        Case {
            name: "deeply nested JSON",
            method: Method::POST,
            path: "/v1/customers".into(),
            headers: merchant.clone(),
            body: json_body(format!("{}{}", "[".repeat(2000), "]".repeat(2000))),
            status: 400,
            code: "INVALID_JSON",
            field: None,
        },
        Case {
            name: "not an object",
            method: Method::POST,
            path: "/v1/customers".into(),
            headers: merchant.clone(),
            body: json_body("[1,2]".into()),
            status: 400,
            code: "INVALID_REQUEST",
            field: None,
        },
        Case {
            name: "empty body",
            method: Method::POST,
            path: "/v1/customers".into(),
            headers: merchant.clone(),
            body: json_body(String::new()),
            status: 400,
            code: "INVALID_REQUEST",
            field: None,
        },
        Case {
            name: "not JSON content type",
            method: Method::POST,
            path: "/v1/customers".into(),
            headers: merchant.clone(),
            body: Some((
                json!({"merchant_customer_id": "t"}).to_string(),
                "text/plain",
            )),
            status: 415,
            code: "UNSUPPORTED_MEDIA_TYPE",
            field: None,
        },
        Case {
            name: "body too large",
            method: Method::POST,
            path: "/v1/customers".into(),
            headers: merchant.clone(),
            body: json_body(json!({"merchant_customer_id": "x".repeat(20_000)}).to_string()),
            status: 413,
            code: "PAYLOAD_TOO_LARGE",
            field: None,
        },
        Case {
            name: "unknown customer",
            method: Method::GET,
            path: "/v1/customers/00000000-0000-4000-8000-000000000000".into(),
            headers: merchant.clone(),
            body: None,
            status: 404,
            code: "CUSTOMER_NOT_FOUND",
            field: None,
        },
        Case {
            name: "session of unknown customer",
            method: Method::POST,
            path: "/v1/customers/nope/sessions".into(),
            headers: merchant.clone(),
            body: None,
            status: 404,
            code: "CUSTOMER_NOT_FOUND",
            field: None,
        },
        Case {
            name: "expires_in too long",
            method: Method::POST,
            path: format!("/v1/customers/{customer}/sessions"),
            headers: merchant.clone(),
            body: json_body(json!({"expires_in": 86401}).to_string()),
            status: 400,
            code: "INVALID_REQUEST",
            field: Some("expires_in"),
        },
        Case {
            name: "expires_in zero",
            method: Method::POST,
            path: format!("/v1/customers/{customer}/sessions"),
            headers: merchant.clone(),
            body: json_body(json!({"expires_in": 0}).to_string()),
            status: 400,
            code: "INVALID_REQUEST",
            field: Some("expires_in"),
        },
        Case {
            name: "expires_in wrong type",
            method: Method::POST,
            path: format!("/v1/customers/{customer}/sessions"),
            headers: merchant.clone(),
            body: json_body(json!({"expires_in": "60"}).to_string()),
            status: 400,
            code: "INVALID_REQUEST",
            field: Some("expires_in"),
        },
        Case {
            name: "unknown session",
            method: Method::GET,
            path: format!(
                "/v1/customers/{customer}/sessions/cs_00000000-0000-4000-8000-000000000000"
            ),
            headers: merchant.clone(),
            body: None,
            status: 404,
            code: "SESSION_NOT_FOUND",
            field: None,
        },
        Case {
            name: "unknown payment method",
            method: Method::POST,
            path: format!("/v1/customers/{customer}/payment-methods/nope/unenroll"),
            headers: merchant.clone(),
            body: None,
            status: 404,
            code: "PAYMENT_METHOD_NOT_FOUND",
            field: None,
        },
        Case {
            name: "bad status filter",
            method: Method::GET,
            path: format!("/v1/customers/{customer}/payment-methods?status=GONE"),
            headers: merchant.clone(),
            body: None,
            status: 400,
            code: "INVALID_REQUEST",
            field: Some("status"),
        },
        Case {
            name: "no bearer",
            method: Method::GET,
            path: enroll.clone(),
            headers: vec![],
            body: None,
            status: 401,
            code: "UNAUTHORIZED",
            field: None,
        },
        Case {
            name: "token in the query string",
            method: Method::GET,
            path: format!("{enroll}?sdk_token={token}"),
            headers: vec![],
            body: None,
            status: 401,
            code: "UNAUTHORIZED",
            field: None,
        },
        Case {
            name: "token in a cookie",
            method: Method::GET,
            path: enroll.clone(),
            headers: vec![("cookie", format!("sdk_token={token}"))],
            body: None,
            status: 401,
            code: "UNAUTHORIZED",
            field: None,
        },
        Case {
            name: "not a bearer scheme",
            method: Method::GET,
            path: enroll.clone(),
            headers: vec![("authorization", format!("Basic {token}"))],
            body: None,
            status: 401,
            code: "UNAUTHORIZED",
            field: None,
        },
        Case {
            name: "malformed token",
            method: Method::GET,
            path: enroll.clone(),
            headers: vec![bearer("cstok_test_xyz")],
            body: None,
            status: 401,
            code: "SESSION_INVALID",
            field: None,
        },
        Case {
            name: "tampered token",
            method: Method::GET,
            path: enroll.clone(),
            headers: vec![bearer(&tampered)],
            body: None,
            status: 401,
            code: "SESSION_INVALID",
            field: None,
        },
        Case {
            name: "live token on the test sandbox",
            method: Method::GET,
            path: enroll.clone(),
            headers: vec![bearer(&live)],
            body: None,
            status: 401,
            code: "SESSION_INVALID",
            field: None,
        },
        Case {
            name: "checkout token on enrollment",
            method: Method::POST,
            path: enroll.clone(),
            headers: sdk(&checkout, Some("chk")),
            body: json_body(ok_card.clone()),
            status: 401,
            code: "SESSION_INVALID",
            field: None,
        },
        Case {
            name: "token of no session",
            method: Method::GET,
            path: enroll.clone(),
            headers: vec![bearer(&unknown_session)],
            body: None,
            status: 401,
            code: "SESSION_INVALID",
            field: None,
        },
        Case {
            name: "expired token",
            method: Method::GET,
            path: enroll.clone(),
            headers: vec![bearer(&past)],
            body: None,
            status: 401,
            code: "SESSION_EXPIRED",
            field: None,
        },
        Case {
            name: "idempotency key missing",
            method: Method::POST,
            path: enroll.clone(),
            headers: sdk(&token, None),
            body: json_body(ok_card.clone()),
            status: 400,
            code: "IDEMPOTENCY_KEY_MISSING",
            field: None,
        },
        Case {
            name: "idempotency key too long",
            method: Method::POST,
            path: enroll.clone(),
            headers: sdk(&token, Some(&"k".repeat(256))),
            body: json_body(ok_card.clone()),
            status: 400,
            code: "IDEMPOTENCY_KEY_INVALID",
            field: None,
        },
        Case {
            name: "card missing",
            method: Method::POST,
            path: enroll.clone(),
            headers: sdk(&token, Some("c1")),
            body: json_body("{}".into()),
            status: 400,
            code: "INVALID_REQUEST",
            field: Some("card"),
        },
        Case {
            name: "card number missing",
            method: Method::POST,
            path: enroll.clone(),
            headers: sdk(&token, Some("c2")),
            body: json_body(with_card(|c| {
                c.as_object_mut().unwrap().remove("number");
            })),
            status: 400,
            code: "INVALID_REQUEST",
            field: Some("card.number"),
        },
        Case {
            name: "card number wrong type",
            method: Method::POST,
            path: enroll.clone(),
            headers: sdk(&token, Some("c3")),
            body: json_body(with_card(|c| c["number"] = json!(4507990000000002u64))),
            status: 400,
            code: "INVALID_REQUEST",
            field: Some("card.number"),
        },
        Case {
            name: "month wrong type",
            method: Method::POST,
            path: enroll.clone(),
            headers: sdk(&token, Some("c4")),
            body: json_body(with_card(|c| c["expiration_month"] = json!(true))),
            status: 400,
            code: "INVALID_REQUEST",
            field: Some("card.expiration_month"),
        },
        Case {
            name: "failed Luhn",
            method: Method::POST,
            path: enroll.clone(),
            headers: sdk(&token, Some("v1")),
            body: json_body(with_card(|c| c["number"] = json!("4507990000000003"))),
            status: 400,
            code: "VALIDATION_FAILED",
            field: Some("number"),
        },
        Case {
            name: "letters in the number",
            method: Method::POST,
            path: enroll.clone(),
            headers: sdk(&token, Some("v2")),
            body: json_body(with_card(|c| c["number"] = json!("4507abcd00000002"))),
            status: 400,
            code: "VALIDATION_FAILED",
            field: Some("number"),
        },
        Case {
            name: "expired card",
            method: Method::POST,
            path: enroll.clone(),
            headers: sdk(&token, Some("v3")),
            body: json_body(with_card(|c| c["expiration_year"] = json!(2020))),
            status: 400,
            code: "VALIDATION_FAILED",
            field: Some("expiry"),
        },
        Case {
            name: "month 13",
            method: Method::POST,
            path: enroll.clone(),
            headers: sdk(&token, Some("v4")),
            body: json_body(with_card(|c| c["expiration_month"] = json!(13))),
            status: 400,
            code: "VALIDATION_FAILED",
            field: Some("expiry"),
        },
        Case {
            name: "short CVC",
            method: Method::POST,
            path: enroll.clone(),
            headers: sdk(&token, Some("v5")),
            body: json_body(with_card(|c| c["security_code"] = json!("12"))),
            status: 400,
            code: "VALIDATION_FAILED",
            field: Some("cvc"),
        },
        Case {
            name: "amex needs 4 digits",
            method: Method::POST,
            path: enroll.clone(),
            headers: sdk(&token, Some("v6")),
            body: json_body(card(AMEX_OK, "123").to_string()),
            status: 400,
            code: "VALIDATION_FAILED",
            field: Some("cvc"),
        },
        Case {
            name: "holder name with markup",
            method: Method::POST,
            path: enroll.clone(),
            headers: sdk(&token, Some("v7")),
            body: json_body(with_card(|c| {
                c["holder_name"] = json!("<script>x</script>")
            })),
            status: 400,
            code: "VALIDATION_FAILED",
            field: Some("holderName"),
        },
        Case {
            name: "holder name too short",
            method: Method::POST,
            path: enroll.clone(),
            headers: sdk(&token, Some("v8")),
            body: json_body(with_card(|c| c["holder_name"] = json!("A"))),
            status: 400,
            code: "VALIDATION_FAILED",
            field: Some("holderName"),
        },
        Case {
            name: "processor error",
            method: Method::POST,
            path: enroll.clone(),
            headers: sdk(&token, Some("p1")),
            body: json_body(card(VISA_77, "123").to_string()),
            status: 502,
            code: "PROVIDER_ERROR",
            field: None,
        },
        Case {
            name: "preflight without origin",
            method: Method::OPTIONS,
            path: enroll.clone(),
            headers: vec![],
            body: None,
            status: 403,
            code: "ORIGIN_NOT_ALLOWED",
            field: None,
        },
        Case {
            name: "foreign origin",
            method: Method::GET,
            path: enroll.clone(),
            headers: vec![bearer(&token), ("origin", "http://evil.example".into())],
            body: None,
            status: 403,
            code: "ORIGIN_NOT_ALLOWED",
            field: None,
        },
    ];

    for case in cases {
        let mut req = sb
            .http
            .request(case.method.clone(), format!("{}{}", sb.url, case.path));
        for (k, v) in &case.headers {
            req = req.header(*k, v);
        }
        if let Some((body, content_type)) = &case.body {
            req = req.header("content-type", *content_type).body(body.clone());
        }
        let r = reply(req.send().await.unwrap()).await;
        assert_eq!(r.status, case.status, "{}: {}", case.name, r.json);
        assert_eq!(r.code(), case.code, "{}: {}", case.name, r.json);
        assert_eq!(
            r.headers.get("content-type").unwrap(),
            "application/json",
            "{}",
            case.name
        );
        let messages = r.json["messages"].as_array().unwrap();
        assert!(
            !messages.is_empty() && messages.iter().all(|m| !m.as_str().unwrap().is_empty()),
            "{}",
            case.name
        );
        assert_eq!(
            r.json["field"].as_str(),
            case.field,
            "{}: {}",
            case.name,
            r.json
        );
        // No error ever echoes a card number back.
        assert!(
            !r.json.to_string().contains("4507990000000"),
            "{}",
            case.name
        );
    }

    // None of the refused enrollments stored anything.
    assert!(sb.merchant_list(&customer).await.is_empty());
    sb.stop().await;
}

#[tokio::test]
async fn validation_lists_every_bad_field() {
    let sb = Sandbox::start().await;
    let (_, token) = sb.customer_with_token("fields").await;
    let body = json!({ "card": {
        "number": "4507990000000003",
        "expiration_month": 0,
        "expiration_year": 2028,
        "security_code": "1",
        "holder_name": "",
    }});
    let r = sb.enroll(&token, "all-bad", &body).await;
    assert_eq!((r.status, r.code()), (400, "VALIDATION_FAILED"));
    assert_eq!(r.json["field"], "number");
    assert_eq!(
        r.json["messages"].as_array().unwrap().len(),
        4,
        "{}",
        r.json
    );

    // Month and year as strings, a two-digit year, a formatted number: all accepted.
    let body = json!({ "card": {
        "number": "4507 9900 0000 0002",
        "expiration_month": "07",
        "expiration_year": "29",
        "security_code": "123",
        "holder_name": "  Grace   Hopper ",
    }});
    let r = sb.enroll(&token, "lenient", &body).await;
    assert_eq!(r.status, 201, "{}", r.json);
    assert_eq!(r.json["card_data"]["expiration_month"], 7);
    assert_eq!(r.json["card_data"]["expiration_year"], 2029);
    assert_eq!(r.json["card_data"]["holder_name"], "Grace Hopper");
    sb.stop().await;
}

#[tokio::test]
async fn every_decline_reason() {
    // 24 declines on one session: the card-testing limits (attempts.rs) are raised out of the way.
    let sb = Sandbox::with(Config {
        session_decline_limit: 100,
        customer_decline_limit: 100,
        ..test_config()
    })
    .await;
    let (customer, token) = sb.customer_with_token("declines").await;
    let table = [
        ("02", None),
        ("10", Some("INSUFFICIENT_FUNDS")),
        ("28", Some("DECLINED_BY_BANK")),
        ("36", Some("DO_NOT_HONOR")),
        ("44", Some("INVALID_SECURITY_CODE")),
        ("51", Some("INVALID_CARD_DATA")),
        ("69", Some("REPORTED_STOLEN")),
    ];
    for (i, prefix) in [
        "45079900000000",
        "52524400000000",
        "3700000000000",
        "36471660000000",
    ]
    .into_iter()
    .enumerate()
    {
        let cvc = if prefix.starts_with("37") {
            "1234"
        } else {
            "123"
        };
        for (suffix, reason) in table {
            let number = format!("{prefix}{suffix}");
            let r = sb
                .enroll(&token, &format!("{i}-{suffix}"), &card(&number, cvc))
                .await;
            assert_eq!(r.status, 201, "{prefix}{suffix}: {}", r.json);
            match reason {
                None => assert_eq!(r.json["status"], "ENROLLED"),
                Some(reason) => {
                    assert_eq!(r.json["status"], "DECLINED", "{prefix}{suffix}");
                    assert_eq!(r.json["decline_reason"], reason, "{prefix}{suffix}");
                }
            }
        }
    }
    let enrolled = sb.sdk_list(&token).await;
    assert_eq!(
        enrolled.json["payment_methods"].as_array().unwrap().len(),
        4
    );
    assert_eq!(sb.merchant_list(&customer).await.len(), 4 * table.len());
    sb.stop().await;
}
