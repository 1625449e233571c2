//! Checkout sessions and one-click payments (issue 9).
use reqwest::Method;
use serde_json::{json, Value};

use crate::common::*;

async fn checkout(sb: &Sandbox, customer: &str, extra: Value) -> Value {
    let mut body = json!({
        "customer_id": customer,
        "amount": { "value": 49.9, "currency": "usd" },
        "merchant_order_id": "order-1",
    });
    for (k, v) in extra.as_object().unwrap() {
        body[k] = v.clone();
    }
    let r = sb
        .merchant(Method::POST, "/v1/checkout/sessions", Some(&body))
        .await;
    assert_eq!(r.status, 201, "{}", r.json);
    r.json
}

async fn pay(sb: &Sandbox, token: &str, key: &str, body: &Value) -> Reply {
    let auth = format!("Bearer {token}");
    sb.request(
        Method::POST,
        "/v1/sdk/payments",
        &[("authorization", &auth), ("x-idempotency-key", key)],
        Some(body),
    )
    .await
}

/// A customer with one enrolled card: (customer id, vaulted token).
async fn customer_with_card(sb: &Sandbox, name: &str, number: &str) -> (String, String) {
    let (customer, token) = sb.customer_with_token(name).await;
    let mut r = sb.enroll(&token, "enroll", &card(number, "123")).await;
    if r.status == 502 {
        r = sb.enroll(&token, "enroll", &card(number, "123")).await;
    }
    assert_eq!(r.json["status"], "ENROLLED", "{}", r.json);
    (
        customer,
        r.json["vaulted_token"].as_str().unwrap().to_owned(),
    )
}

#[tokio::test]
async fn one_click_payment_with_a_saved_card() {
    let sb = Sandbox::start().await;
    let (customer, vaulted) = customer_with_card(&sb, "buyer", VISA_OK).await;

    let session = checkout(&sb, &customer, json!({})).await;
    let id = session["id"].as_str().unwrap();
    assert!(uuid::Uuid::parse_str(id.strip_prefix("chk_").unwrap()).is_ok());
    assert_eq!(session["status"], "ACTIVE");
    assert_eq!(
        session["amount"],
        json!({ "value": 49.9, "currency": "USD" })
    );
    assert_eq!(session["customer_id"], customer.as_str());
    let token = session["sdk_token"].as_str().unwrap();
    assert!(token.starts_with("chtok_test_"), "{token}");

    // What the one-click form reads with the checkout token.
    let auth = format!("Bearer {token}");
    let r = sb
        .request(
            Method::GET,
            "/v1/sdk/checkout-session",
            &[("authorization", &auth)],
            None,
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.json);
    assert_eq!(r.json["amount"], session["amount"]);
    assert!(r.json.get("sdk_token").is_none());
    let saved = sb.sdk_list(token).await;
    assert_eq!(
        saved.json["payment_methods"][0]["vaulted_token"],
        vaulted.as_str()
    );

    let body = json!({ "vaulted_token": vaulted });
    let paid = pay(&sb, token, "p1", &body).await;
    assert_eq!(paid.status, 201, "{}", paid.json);
    assert_eq!(paid.json["status"], "SUCCEEDED");
    assert!(paid.json.get("decline_reason").is_none());
    assert_eq!(paid.json["amount"], session["amount"]);
    assert_eq!(
        paid.json["payment_method"],
        json!({ "vaulted_token": vaulted, "brand": "visa", "last4": "0002" })
    );
    assert_eq!(paid.json["checkout_session_id"], id);

    let replay = pay(&sb, token, "p1", &body).await;
    assert_eq!(replay.json, paid.json);
    assert_eq!(replay.headers["idempotent-replayed"], "true");
    let second = pay(&sb, token, "p2", &body).await;
    assert_eq!(
        (second.status, second.code()),
        (409, "SESSION_ALREADY_PAID")
    );

    let payment_id = paid.json["id"].as_str().unwrap();
    let got = sb
        .merchant(Method::GET, &format!("/v1/payments/{payment_id}"), None)
        .await;
    assert_eq!(got.json, paid.json);
    let got = sb
        .merchant(Method::GET, &format!("/v1/checkout/sessions/{id}"), None)
        .await;
    assert_eq!(got.json["status"], "PAID");
    assert_eq!(got.json["payment_id"], payment_id);
    sb.stop().await;
}

#[tokio::test]
async fn tokens_of_one_kind_do_not_open_the_other() {
    let sb = Sandbox::start().await;
    let (customer, vaulted) = customer_with_card(&sb, "kinds", VISA_OK).await;
    let enrollment_token = sb.session(&customer, None).await["sdk_token"]
        .as_str()
        .unwrap()
        .to_owned();
    let checkout_token = checkout(&sb, &customer, json!({})).await["sdk_token"]
        .as_str()
        .unwrap()
        .to_owned();
    let r = pay(
        &sb,
        &enrollment_token,
        "k",
        &json!({ "vaulted_token": vaulted }),
    )
    .await;
    assert_eq!((r.status, r.code()), (401, "SESSION_INVALID"));
    let r = sb.enroll(&checkout_token, "k", &card(MC_OK, "123")).await;
    assert_eq!((r.status, r.code()), (401, "SESSION_INVALID"));
    sb.stop().await;
}

#[tokio::test]
async fn another_customers_card_is_refused() {
    let sb = Sandbox::start().await;
    let (alice, _) = customer_with_card(&sb, "alice", VISA_OK).await;
    let (_, bobs_card) = customer_with_card(&sb, "bob", MC_OK).await;
    let token = checkout(&sb, &alice, json!({})).await["sdk_token"]
        .as_str()
        .unwrap()
        .to_owned();
    for vaulted in [bobs_card.as_str(), "vt_00000000000000000000000000000000"] {
        let r = pay(&sb, &token, vaulted, &json!({ "vaulted_token": vaulted })).await;
        assert_eq!((r.status, r.code()), (404, "PAYMENT_METHOD_NOT_FOUND"));
    }
    sb.stop().await;
}

#[tokio::test]
async fn declines_leave_the_session_payable_and_77_recovers() {
    let sb = Sandbox::start().await;
    let (customer, vaulted_77) = customer_with_card(&sb, "retry", VISA_77).await;
    let token = checkout(&sb, &customer, json!({})).await["sdk_token"]
        .as_str()
        .unwrap()
        .to_owned();
    let declined = pay(&sb, &token, "new-card", &card(VISA_FUNDS, "123")).await;
    assert_eq!(declined.status, 201, "{}", declined.json);
    assert_eq!(declined.json["status"], "DECLINED");
    assert_eq!(declined.json["decline_reason"], "INSUFFICIENT_FUNDS");
    assert_eq!(
        declined.json["payment_method"]["vaulted_token"],
        Value::Null
    );

    let body = json!({ "vaulted_token": vaulted_77 });
    let first = pay(&sb, &token, "saved", &body).await;
    assert_eq!((first.status, first.code()), (502, "PROVIDER_ERROR"));
    let retry = pay(&sb, &token, "saved", &body).await;
    assert_eq!(retry.status, 201);
    assert_eq!(retry.json["status"], "SUCCEEDED");
    sb.stop().await;
}

#[tokio::test]
async fn a_new_card_is_vaulted_only_on_success_and_when_asked() {
    let sb = Sandbox::start().await;
    let customer = sb.customer("newcard").await;
    let vaulting = checkout(&sb, &customer, json!({ "vault_on_success": true })).await;
    assert_eq!(vaulting["vault_on_success"], true);
    let token = vaulting["sdk_token"].as_str().unwrap();
    let r = pay(&sb, token, "a", &card(VISA_FUNDS, "123")).await;
    assert_eq!(r.json["status"], "DECLINED");
    assert!(sb.merchant_list(&customer).await.is_empty());
    let r = pay(&sb, token, "b", &card(MC_OK, "123")).await;
    assert_eq!(r.json["status"], "SUCCEEDED");
    let vaulted = r.json["payment_method"]["vaulted_token"].as_str().unwrap();
    let methods = sb.merchant_list(&customer).await;
    assert_eq!(methods.len(), 1);
    assert_eq!(methods[0]["vaulted_token"], vaulted);
    assert_eq!(methods[0]["status"], "ENROLLED");

    let plain = checkout(&sb, &customer, json!({})).await;
    let r = pay(
        &sb,
        plain["sdk_token"].as_str().unwrap(),
        "c",
        &card(AMEX_OK, "1234"),
    )
    .await;
    assert_eq!(r.json["status"], "SUCCEEDED");
    assert_eq!(r.json["payment_method"]["vaulted_token"], Value::Null);
    assert_eq!(r.json["payment_method"]["brand"], "amex");
    assert_eq!(sb.merchant_list(&customer).await.len(), 1);
    sb.stop().await;
}

#[tokio::test]
async fn payment_webhooks() {
    let receiver = Receiver::start(200).await;
    let sb = Sandbox::with(Config {
        webhook_urls: vec![receiver.url.clone()],
        ..test_config()
    })
    .await;
    let (customer, vaulted) = customer_with_card(&sb, "hooks", VISA_OK).await;
    let token = checkout(&sb, &customer, json!({})).await["sdk_token"]
        .as_str()
        .unwrap()
        .to_owned();
    let declined = pay(&sb, &token, "d", &card(VISA_FUNDS, "123")).await;
    let paid = pay(&sb, &token, "s", &json!({ "vaulted_token": vaulted })).await;
    let got = receiver
        .wait_for("payment events", |g| {
            g.iter().filter(|h| h.json()["type"] == "payment").count() >= 2
        })
        .await;
    for (type_event, payment) in [
        ("payment.declined", &declined.json),
        ("payment.succeeded", &paid.json),
    ] {
        let hook = got
            .iter()
            .find(|h| h.json()["type_event"] == type_event)
            .unwrap_or_else(|| panic!("no {type_event}"));
        assert!(signature_valid(
            WEBHOOK_SECRET,
            &hook.body,
            hook.signature.as_deref().unwrap()
        ));
        assert_eq!(hook.json()["data"]["payment"], *payment);
    }
    sb.stop().await;
    receiver.stop();
}

#[tokio::test]
async fn checkout_request_errors() {
    let sb = Sandbox::start().await;
    let customer = sb.customer("errs").await;
    let base = json!({
        "customer_id": customer,
        "amount": { "value": 10, "currency": "EUR" },
        "merchant_order_id": "o",
    });
    let variant = |path: &[&str], v: Value| {
        let mut b = base.clone();
        let mut at = &mut b;
        for p in &path[..path.len() - 1] {
            at = &mut at[*p];
        }
        if v.is_null() {
            at.as_object_mut().unwrap().remove(path[path.len() - 1]);
        } else {
            at[path[path.len() - 1]] = v;
        }
        b
    };
    for (body, status, code, field) in [
        (
            variant(&["amount"], Value::Null),
            400,
            "INVALID_REQUEST",
            "amount",
        ),
        (
            variant(&["amount", "value"], json!(0)),
            400,
            "INVALID_REQUEST",
            "amount.value",
        ),
        (
            variant(&["amount", "value"], json!(-5)),
            400,
            "INVALID_REQUEST",
            "amount.value",
        ),
        (
            variant(&["amount", "value"], json!("10")),
            400,
            "INVALID_REQUEST",
            "amount.value",
        ),
        (
            variant(&["amount", "currency"], json!("EURO")),
            400,
            "INVALID_REQUEST",
            "amount.currency",
        ),
        (
            variant(&["merchant_order_id"], Value::Null),
            400,
            "INVALID_REQUEST",
            "merchant_order_id",
        ),
        (
            variant(&["vault_on_success"], json!("yes")),
            400,
            "INVALID_REQUEST",
            "vault_on_success",
        ),
        (
            variant(&["customer_id"], json!("nobody")),
            404,
            "CUSTOMER_NOT_FOUND",
            "",
        ),
    ] {
        let r = sb
            .merchant(Method::POST, "/v1/checkout/sessions", Some(&body))
            .await;
        assert_eq!((r.status, r.code()), (status, code), "{body}: {}", r.json);
        assert_eq!(r.json["field"].as_str().unwrap_or(""), field, "{body}");
    }
    let token = checkout(&sb, &customer, json!({})).await["sdk_token"]
        .as_str()
        .unwrap()
        .to_owned();
    let mut both = card(VISA_OK, "123");
    both["vaulted_token"] = json!("vt_x");
    for body in [json!({}), both] {
        let r = pay(&sb, &token, "x", &body).await;
        assert_eq!((r.status, r.code()), (400, "INVALID_REQUEST"), "{body}");
    }
    for (path, code) in [
        ("/v1/payments/nope", "PAYMENT_NOT_FOUND"),
        (
            "/v1/checkout/sessions/chk_00000000-0000-4000-8000-000000000000",
            "SESSION_NOT_FOUND",
        ),
    ] {
        let r = sb.merchant(Method::GET, path, None).await;
        assert_eq!((r.status, r.code()), (404, code));
    }
    sb.stop().await;
}

#[tokio::test]
async fn demo_checkout_session() {
    let sb = Sandbox::with(Config {
        demo: true,
        ..test_config()
    })
    .await;
    let enrollment = sb.request(Method::POST, "/demo/session", &[], None).await;
    let r = sb
        .request(Method::POST, "/demo/checkout-session", &[], None)
        .await;
    assert_eq!(r.status, 201, "{}", r.json);
    assert_eq!(
        r.json["amount"],
        json!({ "value": 49.90, "currency": "USD" })
    );
    assert_eq!(r.json["customer_id"], enrollment.json["customer_id"]);
    assert!(r.json["sdk_token"]
        .as_str()
        .unwrap()
        .starts_with("chtok_test_"));
    sb.stop().await;
}
