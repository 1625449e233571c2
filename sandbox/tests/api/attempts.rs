//! Card-testing defence: declines lock a session, and a customer's declines in a rolling hour
//! pause its enrollments; neither limit can be raced, restarted or side-stepped.
use std::sync::Arc;

use reqwest::Method;
use serde_json::{json, Value};

use crate::common::*;

/// A declining card per outcome of DESIGN §6, cycled.
fn declining(i: usize) -> String {
    const SUFFIXES: [&str; 6] = ["10", "28", "36", "44", "51", "69"];
    format!("45079900000000{}", SUFFIXES[i % SUFFIXES.len()])
}

fn assert_locked(r: &Reply, what: &str) {
    assert_eq!(
        (r.status, r.code()),
        (423, "SESSION_LOCKED"),
        "{what}: {}",
        r.json
    );
    let message = r.json["messages"][0].as_str().unwrap_or("");
    assert!(
        message.len() > 20,
        "{what}: a message that explains: {message:?}"
    );
    assert!(
        !r.json.to_string().contains("4507990000"),
        "{what}: no card data"
    );
}

#[tokio::test]
async fn five_declines_lock_the_session() {
    let sb = Sandbox::start().await;
    let (customer, token) = sb.customer_with_token("card-tester").await;

    // Enrollments that succeed do not count; only declines do.
    let mut keys = Vec::new();
    for i in 0..5 {
        let r = sb
            .enroll(&token, &format!("ok-{i}"), &card(&enrollable(i), "123"))
            .await;
        assert_eq!(r.json["status"], "ENROLLED", "{}", r.json);
        let key = format!("no-{i}");
        let r = sb.enroll(&token, &key, &card(&declining(i), "123")).await;
        assert_eq!(
            (r.status, r.json["status"].as_str()),
            (201, Some("DECLINED")),
            "decline {i}: {}",
            r.json
        );
        keys.push(key);
    }

    // Every further attempt is refused, whatever it carries: a good card, a bad one, a
    // malformed body, and a processor-error card.
    let attempts: [(&str, Value); 4] = [
        ("good card", card(VISA_OK, "123")),
        ("declining card", card(VISA_FUNDS, "123")),
        ("invalid card", card("4507990000000003", "123")),
        ("no card at all", json!({})),
    ];
    for (what, body) in &attempts {
        assert_locked(
            &sb.enroll(&token, &format!("after-{what}"), body).await,
            what,
        );
    }
    assert_locked(
        &sb.enroll(&token, "p77", &card(VISA_77, "123")).await,
        "77 card",
    );

    // A replay of an earlier attempt is no new attempt: it still gets its stored answer.
    let replay = sb
        .enroll(&token, &keys[4], &card(&declining(4), "123"))
        .await;
    assert_eq!(replay.status, 201, "{}", replay.json);
    assert_eq!(replay.headers.get("idempotent-replayed").unwrap(), "true");

    // Nothing was stored by the refused attempts: 5 enrolled, 5 declined.
    let all = sb.merchant_list(&customer).await;
    let declined = all.iter().filter(|pm| pm["status"] == "DECLINED").count();
    assert_eq!((all.len(), declined), (10, 5));

    // The merchant sees when and that the session was locked.
    let session_id = enrollment_core::token::parse(&token)
        .unwrap()
        .session_id
        .unwrap();
    let seen = sb
        .merchant(
            Method::GET,
            &format!("/v1/customers/{customer}/sessions/cs_{session_id}"),
            None,
        )
        .await;
    assert!(
        seen.json["locked_at"]
            .as_str()
            .is_some_and(|t| t.ends_with('Z')),
        "{}",
        seen.json
    );
    assert_eq!(seen.json["status"], "ACTIVE", "locked is not expired");

    // Listing saved cards is no attempt and still works; a new session of the same customer
    // (below the hourly limit) enrolls.
    assert_eq!(sb.sdk_list(&token).await.status, 200);
    let fresh = sb.session(&customer, None).await;
    assert_eq!(fresh["locked_at"], Value::Null);
    let fresh = fresh["sdk_token"].as_str().unwrap();
    assert_eq!(
        sb.enroll(fresh, "fresh", &card(VISA_OK, "123"))
            .await
            .status,
        201
    );
    sb.stop().await;
}

/// Distinct enrollable Visa numbers (no outcome suffix).
fn enrollable(i: usize) -> String {
    (0..=9)
        .map(|d| format!("4507991234{:05}{d}", i))
        .find(|n| enrollment_core::luhn::is_valid(n) && !n.ends_with("77"))
        .unwrap()
}

#[tokio::test]
async fn the_limits_follow_the_flags() {
    let sb = Sandbox::with(Config {
        session_decline_limit: 2,
        customer_decline_limit: 3,
        ..test_config()
    })
    .await;
    let (customer, token) = sb.customer_with_token("flags").await;
    for i in 0..2 {
        assert_eq!(
            sb.enroll(&token, &format!("d{i}"), &card(&declining(i), "123"))
                .await
                .status,
            201
        );
    }
    assert_locked(
        &sb.enroll(&token, "d2", &card(VISA_OK, "123")).await,
        "third attempt",
    );
    let second = sb.session(&customer, None).await;
    let second = second["sdk_token"].as_str().unwrap();
    assert_eq!(
        sb.enroll(second, "e0", &card(&declining(0), "123"))
            .await
            .status,
        201
    );
    // The customer's third decline in the hour: this session is not locked, the customer is.
    let r = sb.enroll(second, "e1", &card(VISA_OK, "123")).await;
    assert_locked(&r, "customer over its hourly limit");
    assert!(
        r.json["messages"][0].as_str().unwrap().contains("hour"),
        "{}",
        r.json
    );
    sb.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_declines_cannot_race_past_the_limit() {
    let sb = Arc::new(Sandbox::start().await);
    let (customer, token) = sb.customer_with_token("racer").await;
    let tasks: Vec<_> = (0..16)
        .map(|i| {
            let (sb, token) = (Arc::clone(&sb), token.clone());
            tokio::spawn(async move {
                let r = sb
                    .enroll(&token, &format!("race-{i}"), &card(&declining(i), "123"))
                    .await;
                (r.status, r.code().to_owned())
            })
        })
        .collect();
    let mut declined = 0;
    let mut locked = 0;
    for t in tasks {
        match t.await.unwrap() {
            (201, _) => declined += 1,
            (423, code) if code == "SESSION_LOCKED" => locked += 1,
            other => panic!("unexpected answer {other:?}"),
        }
    }
    assert_eq!((declined, locked), (5, 11));
    assert_eq!(sb.merchant_list(&customer).await.len(), 5);
    Arc::try_unwrap(sb).ok().unwrap().stop().await;
}

#[tokio::test]
async fn the_customer_limit_spans_sessions_and_rolls_with_the_hour() {
    let dir = temp_dir("attempts");
    let db = dir.join("sandbox.sqlite3");
    let config = Config {
        db_path: db.to_str().unwrap().to_owned(),
        ..test_config()
    };
    let sb = Sandbox::with(config.clone()).await;
    let (customer, _) = sb.customer_with_token("hourly").await;
    let (other, other_token) = sb.customer_with_token("bystander").await;

    // 20 declines over 5 sessions of 4 (none of them locked by the per-session limit).
    for s in 0..5 {
        let session = sb.session(&customer, None).await;
        let token = session["sdk_token"].as_str().unwrap();
        for i in 0..4 {
            let r = sb
                .enroll(token, &format!("s{s}-{i}"), &card(&declining(i), "123"))
                .await;
            assert_eq!(r.json["status"], "DECLINED", "{}", r.json);
        }
    }
    // A brand-new session of the same customer is refused: new sessions do not reset it.
    let session = sb.session(&customer, None).await;
    let token = session["sdk_token"].as_str().unwrap().to_owned();
    assert_locked(
        &sb.enroll(&token, "new", &card(VISA_OK, "123")).await,
        "21st attempt",
    );
    // Another customer is not affected.
    assert_eq!(
        sb.enroll(&other_token, "o", &card(VISA_OK, "123"))
            .await
            .status,
        201
    );
    assert!(sb.merchant_list(&other).await.len() == 1);

    // The limits live in the database: a restart on it changes nothing.
    sb.stop().await;
    let sb = Sandbox::with(config.clone()).await;
    assert_locked(
        &sb.enroll(&token, "new", &card(VISA_OK, "123")).await,
        "after restart",
    );

    // Once the declines are more than an hour old, the customer may enroll again.
    {
        let conn = rusqlite::Connection::open(&db).unwrap();
        conn.busy_timeout(std::time::Duration::from_secs(5))
            .unwrap();
        conn.execute(
            "UPDATE payment_methods SET created_at = created_at - 3600001 WHERE status = 'DECLINED'",
            [],
        )
        .unwrap();
    }
    let r = sb.enroll(&token, "new", &card(VISA_OK, "123")).await;
    assert_eq!(r.json["status"], "ENROLLED", "{}", r.json);
    // A session locked by its own declines stays locked, however old they are.
    let locked = sb.session(&customer, None).await;
    let locked = locked["sdk_token"].as_str().unwrap();
    for i in 0..5 {
        sb.enroll(locked, &format!("l{i}"), &card(&declining(i), "123"))
            .await;
    }
    {
        let conn = rusqlite::Connection::open(&db).unwrap();
        conn.busy_timeout(std::time::Duration::from_secs(5))
            .unwrap();
        conn.execute(
            "UPDATE payment_methods SET created_at = created_at - 7200000 WHERE status = 'DECLINED'",
            [],
        )
        .unwrap();
    }
    assert_locked(
        &sb.enroll(locked, "l5", &card(VISA_OK, "123")).await,
        "locked session",
    );
    sb.stop().await;
    std::fs::remove_dir_all(&dir).unwrap();
}

#[tokio::test]
async fn demo_sessions_of_a_fresh_customer() {
    let sb = Sandbox::with(Config {
        demo: true,
        ..test_config()
    })
    .await;
    let demo = |body: Value| {
        let sb = &sb;
        async move {
            sb.request(Method::POST, "/demo/session", &[], Some(&body))
                .await
        }
    };
    let shared_a = demo(json!({})).await;
    let shared_b = demo(json!({ "fresh_customer": false })).await;
    let fresh_a = demo(json!({ "fresh_customer": true })).await;
    let fresh_b = demo(json!({ "fresh_customer": true, "expires_in": 60 })).await;
    for r in [&shared_a, &shared_b, &fresh_a, &fresh_b] {
        assert_eq!(r.status, 201, "{}", r.json);
    }
    let customer = |r: &Reply| r.json["customer_id"].as_str().unwrap().to_owned();
    assert_eq!(customer(&shared_a), customer(&shared_b));
    assert_ne!(customer(&fresh_a), customer(&shared_a));
    assert_ne!(customer(&fresh_a), customer(&fresh_b));

    // A fresh customer's declines do not touch the shared demo customer.
    let token = fresh_a.json["sdk_token"].as_str().unwrap();
    for i in 0..5 {
        sb.enroll(token, &format!("f{i}"), &card(&declining(i), "123"))
            .await;
    }
    assert_locked(
        &sb.enroll(token, "f5", &card(VISA_OK, "123")).await,
        "fresh session",
    );
    let shared = shared_a.json["sdk_token"].as_str().unwrap();
    assert_eq!(
        sb.enroll(shared, "s", &card(VISA_OK, "123")).await.status,
        201
    );

    let r = demo(json!({ "fresh_customer": "yes" })).await;
    assert_eq!((r.status, r.code()), (400, "INVALID_REQUEST"));
    assert_eq!(r.json["field"], "fresh_customer");
    sb.stop().await;
}

#[tokio::test]
async fn payments_with_new_cards_count_too() {
    let sb = Sandbox::start().await;
    let (customer, token) = sb.customer_with_token("shopper").await;
    let saved = sb.enroll(&token, "saved", &card(VISA_OK, "123")).await;
    let vaulted = saved.json["vaulted_token"].as_str().unwrap().to_owned();
    let checkout = sb
        .merchant(
            Method::POST,
            "/v1/checkout/sessions",
            Some(&json!({
                "customer_id": customer,
                "amount": { "value": 5, "currency": "USD" },
                "merchant_order_id": "o-1",
            })),
        )
        .await;
    let chk = checkout.json["sdk_token"].as_str().unwrap().to_owned();
    let pay = |key: String, body: Value| {
        let (sb, auth) = (&sb, format!("Bearer {chk}"));
        async move {
            sb.request(
                Method::POST,
                "/v1/sdk/payments",
                &[("authorization", &auth), ("x-idempotency-key", &key)],
                Some(&body),
            )
            .await
        }
    };
    for i in 0..5 {
        let r = pay(format!("p{i}"), card(&declining(i), "123")).await;
        assert_eq!(r.json["status"], "DECLINED", "{}", r.json);
    }
    // Locked: not even the customer's saved card pays on this session.
    let r = pay("saved".into(), json!({ "vaulted_token": vaulted })).await;
    assert_locked(&r, "checkout session after five declines");

    // Enrollment and payment declines add up for the customer's hourly limit (20).
    for s in 0..4 {
        let session = sb.session(&customer, None).await;
        let token = session["sdk_token"].as_str().unwrap();
        for i in 0..(if s < 3 { 4 } else { 3 }) {
            let r = sb
                .enroll(token, &format!("e{s}-{i}"), &card(&declining(i), "123"))
                .await;
            assert_eq!(r.json["status"], "DECLINED", "{}", r.json);
        }
    }
    let session = sb.session(&customer, None).await;
    let token = session["sdk_token"].as_str().unwrap();
    assert_locked(
        &sb.enroll(token, "21st", &card(MC_OK, "123")).await,
        "5 + 15 declines",
    );
    sb.stop().await;
}
