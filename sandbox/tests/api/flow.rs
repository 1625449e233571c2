//! The seed flow and session lifecycle: customer → session → enroll → list → unenroll.
use std::time::Duration;

use reqwest::Method;
use serde_json::json;

use crate::common::*;

fn is_iso_ms(s: &str) -> bool {
    // 2026-11-24T03:57:01.123Z
    s.len() == 24 && s.ends_with('Z') && &s[10..11] == "T" && &s[19..20] == "."
}

#[tokio::test]
async fn seed_flow() {
    let sb = Sandbox::start().await;

    let created = sb
        .merchant(
            Method::POST,
            "/v1/customers",
            Some(&json!({
                "merchant_customer_id": "m-001",
                "first_name": "Ada",
                "last_name": "Lovelace",
                "email": "ada@example.com",
                "country": "gb",
            })),
        )
        .await;
    assert_eq!(created.status, 201, "{}", created.json);
    let customer_id = created.json["id"].as_str().unwrap().to_owned();
    assert!(uuid::Uuid::parse_str(&customer_id).is_ok());
    assert_eq!(created.json["merchant_customer_id"], "m-001");
    assert_eq!(created.json["country"], "GB");
    assert!(is_iso_ms(created.json["created_at"].as_str().unwrap()));
    assert!(is_iso_ms(created.json["updated_at"].as_str().unwrap()));

    let fetched = sb
        .merchant(Method::GET, &format!("/v1/customers/{customer_id}"), None)
        .await;
    assert_eq!(fetched.status, 200);
    assert_eq!(fetched.json, created.json);

    let session = sb.session(&customer_id, None).await;
    let session_id = session["id"].as_str().unwrap();
    let uuid = session_id.strip_prefix("cs_").unwrap();
    assert!(uuid::Uuid::parse_str(uuid).is_ok());
    assert_eq!(session["customer_id"], customer_id.as_str());
    assert_eq!(session["status"], "ACTIVE");
    assert!(is_iso_ms(session["expires_at"].as_str().unwrap()));
    assert!(is_iso_ms(session["created_at"].as_str().unwrap()));
    let token = session["sdk_token"].as_str().unwrap();
    let parsed = enrollment_core::token::parse(token).unwrap();
    assert_eq!(
        parsed.environment,
        enrollment_core::token::Environment::Test
    );
    assert_eq!(parsed.session_id.as_deref(), Some(uuid));
    let expires_ms =
        enrollment_core::time::parse_iso8601(session["expires_at"].as_str().unwrap()).unwrap();
    assert_eq!(parsed.expires_at, Some(expires_ms / 1000));
    let created_ms =
        enrollment_core::time::parse_iso8601(session["created_at"].as_str().unwrap()).unwrap();
    // Default --session-ttl: one hour (whole seconds).
    assert!((expires_ms - created_ms - 3_600_000).abs() < 1000);

    let got = sb
        .merchant(
            Method::GET,
            &format!("/v1/customers/{customer_id}/sessions/{session_id}"),
            None,
        )
        .await;
    assert_eq!(got.status, 200);
    assert!(got.json.get("sdk_token").is_none(), "{}", got.json);
    assert_eq!(got.json["status"], "ACTIVE");
    assert_eq!(got.json["id"], session_id);

    // Enroll each brand's success card, and one decline.
    let mut enrolled = Vec::new();
    for (i, (number, cvc, brand)) in [
        (VISA_OK, "123", "visa"),
        (MC_OK, "123", "mastercard"),
        (AMEX_OK, "1234", "amex"),
        (DINERS_OK, "123", "diners"),
    ]
    .into_iter()
    .enumerate()
    {
        let r = sb
            .enroll(token, &format!("key-{i}"), &card(number, cvc))
            .await;
        assert_eq!(r.status, 201, "{}", r.json);
        let pm = &r.json;
        assert_eq!(pm["status"], "ENROLLED");
        assert!(pm.get("decline_reason").is_none());
        assert_eq!(pm["customer_id"], customer_id.as_str());
        assert!(pm["vaulted_token"].as_str().unwrap().len() > 10);
        let cd = &pm["card_data"];
        assert_eq!(cd["brand"], brand);
        assert_eq!(cd["iin"], &number[..6]);
        assert_eq!(cd["lfd"], &number[number.len() - 4..]);
        assert_eq!(cd["expiration_month"], 11);
        assert_eq!(cd["expiration_year"], 2028);
        assert_eq!(cd["holder_name"], "Ada Lovelace");
        assert_eq!(cd["number_length"], number.len());
        assert_eq!(cd["fingerprint"].as_str().unwrap().len(), 64);
        assert!(is_iso_ms(pm["created_at"].as_str().unwrap()));
        enrolled.push(pm["id"].as_str().unwrap().to_owned());
    }
    let declined = sb
        .enroll(token, "key-declined", &card(VISA_FUNDS, "123"))
        .await;
    assert_eq!(declined.status, 201);
    assert_eq!(declined.json["status"], "DECLINED");
    assert_eq!(declined.json["decline_reason"], "INSUFFICIENT_FUNDS");

    // The SDK sees the enrolled ones, newest first; the merchant sees all five.
    let listed = sb.sdk_list(token).await;
    assert_eq!(listed.status, 200);
    let ids: Vec<&str> = listed.json["payment_methods"]
        .as_array()
        .unwrap()
        .iter()
        .map(|pm| pm["id"].as_str().unwrap())
        .collect();
    let mut newest_first: Vec<&str> = enrolled.iter().map(String::as_str).collect();
    newest_first.reverse();
    assert_eq!(ids, newest_first);
    assert_eq!(sb.merchant_list(&customer_id).await.len(), 5);

    // Unenroll the visa: gone from the SDK list, UNENROLLED for the merchant; repeating is fine.
    let path = format!(
        "/v1/customers/{customer_id}/payment-methods/{}/unenroll",
        enrolled[0]
    );
    for _ in 0..2 {
        let r = sb.merchant(Method::POST, &path, None).await;
        assert_eq!(r.status, 200, "{}", r.json);
        assert_eq!(r.json["status"], "UNENROLLED");
    }
    let listed = sb.sdk_list(token).await;
    assert_eq!(listed.json["payment_methods"].as_array().unwrap().len(), 3);
    let filtered = sb
        .merchant(
            Method::GET,
            &format!("/v1/customers/{customer_id}/payment-methods?status=UNENROLLED"),
            None,
        )
        .await;
    assert_eq!(
        filtered.json["payment_methods"][0]["id"],
        enrolled[0].as_str()
    );

    // A declined method cannot be unenrolled.
    let declined_id = declined.json["id"].as_str().unwrap();
    let r = sb
        .merchant(
            Method::POST,
            &format!("/v1/customers/{customer_id}/payment-methods/{declined_id}/unenroll"),
            None,
        )
        .await;
    assert_eq!((r.status, r.code()), (409, "PAYMENT_METHOD_NOT_ENROLLED"));
    sb.stop().await;
}

#[tokio::test]
async fn session_expires() {
    let sb = Sandbox::start().await;
    let customer = sb.customer("m-expiry").await;
    let session = sb.session(&customer, Some(1)).await;
    let token = session["sdk_token"].as_str().unwrap();
    let id = session["id"].as_str().unwrap();
    tokio::time::sleep(Duration::from_millis(1100)).await;

    let got = sb
        .merchant(
            Method::GET,
            &format!("/v1/customers/{customer}/sessions/{id}"),
            None,
        )
        .await;
    assert_eq!(got.json["status"], "EXPIRED");
    for r in [
        sb.sdk_list(token).await,
        sb.enroll(token, "k", &card(VISA_OK, "123")).await,
    ] {
        assert_eq!((r.status, r.code()), (401, "SESSION_EXPIRED"), "{}", r.json);
    }
    assert!(sb.merchant_list(&customer).await.is_empty());
    sb.stop().await;
}

#[tokio::test]
async fn demo_session_and_forced_expiry() {
    let sb = Sandbox::with(Config {
        demo: true,
        ..test_config()
    })
    .await;
    let first = sb.request(Method::POST, "/demo/session", &[], None).await;
    assert_eq!(first.status, 201, "{}", first.json);
    let second = sb
        .request(
            Method::POST,
            "/demo/session",
            &[],
            Some(&json!({ "expires_in": 600 })),
        )
        .await;
    assert_eq!(second.status, 201);
    // One demo customer, a fresh session each time.
    assert_eq!(first.json["customer_id"], second.json["customer_id"]);
    assert_ne!(first.json["id"], second.json["id"]);
    let token = second.json["sdk_token"].as_str().unwrap();
    assert_eq!(sb.sdk_list(token).await.status, 200);

    let expired = sb
        .request(
            Method::POST,
            "/demo/expire-session",
            &[],
            Some(&json!({ "session_id": second.json["id"] })),
        )
        .await;
    assert_eq!(expired.status, 200, "{}", expired.json);
    assert_eq!(expired.json["status"], "EXPIRED");
    let r = sb.sdk_list(token).await;
    assert_eq!((r.status, r.code()), (401, "SESSION_EXPIRED"));
    // The other session is untouched.
    let r = sb.sdk_list(first.json["sdk_token"].as_str().unwrap()).await;
    assert_eq!(r.status, 200);

    let r = sb
        .request(
            Method::POST,
            "/demo/expire-session",
            &[],
            Some(&json!({ "session_id": "cs_00000000-0000-4000-8000-000000000000" })),
        )
        .await;
    assert_eq!((r.status, r.code()), (404, "SESSION_NOT_FOUND"));
    sb.stop().await;
}

#[tokio::test]
async fn demo_endpoints_only_with_demo() {
    let sb = Sandbox::start().await;
    for path in ["/demo/session", "/demo/webhook", "/demo/expire-session"] {
        let r = sb.request(Method::POST, path, &[], None).await;
        assert_eq!((r.status, r.code()), (404, "NOT_FOUND"), "{path}");
    }
    sb.stop().await;
}

#[tokio::test]
async fn tokens_act_for_their_own_customer_only() {
    let sb = Sandbox::start().await;
    let (alice, alice_token) = sb.customer_with_token("alice").await;
    let (bob, bob_token) = sb.customer_with_token("bob").await;

    let a = sb
        .enroll(&alice_token, "same-key", &card(VISA_OK, "123"))
        .await;
    assert_eq!(a.status, 201);
    // The same key under another customer is another enrollment, not a replay of Alice's.
    let b = sb.enroll(&bob_token, "same-key", &card(MC_OK, "123")).await;
    assert_eq!(b.status, 201);
    assert!(b.headers.get("idempotent-replayed").is_none());
    assert_eq!(b.json["customer_id"], bob.as_str());

    let alice_list = sb.sdk_list(&alice_token).await;
    let alice_pms = alice_list.json["payment_methods"].as_array().unwrap();
    assert_eq!(alice_pms.len(), 1);
    assert_eq!(alice_pms[0]["customer_id"], alice.as_str());
    assert_eq!(alice_pms[0]["card_data"]["brand"], "visa");

    // Merchant paths do not mix customers either.
    let a_pm = a.json["id"].as_str().unwrap();
    let r = sb
        .merchant(
            Method::POST,
            &format!("/v1/customers/{bob}/payment-methods/{a_pm}/unenroll"),
            None,
        )
        .await;
    assert_eq!((r.status, r.code()), (404, "PAYMENT_METHOD_NOT_FOUND"));
    let alice_session = sb.session(&alice, None).await;
    let r = sb
        .merchant(
            Method::GET,
            &format!(
                "/v1/customers/{bob}/sessions/{}",
                alice_session["id"].as_str().unwrap()
            ),
            None,
        )
        .await;
    assert_eq!((r.status, r.code()), (404, "SESSION_NOT_FOUND"));

    // A token signed by another sandbox (another key) is refused.
    let other = Sandbox::with(Config {
        secret_key: Some("sk_test_other".into()),
        ..test_config()
    })
    .await;
    let (_, foreign) = other.customer_with_token("mallory").await;
    let r = sb.sdk_list(&foreign).await;
    assert_eq!((r.status, r.code()), (401, "SESSION_INVALID"));
    other.stop().await;
    sb.stop().await;
}
