//! Webhooks: signed delivery, retries until a 2xx, the outbox surviving a restart, the demo receiver.
use std::sync::atomic::Ordering;

use reqwest::Method;
use serde_json::json;

use crate::common::*;

#[tokio::test]
async fn delivered_signed_to_every_receiver() {
    let a = Receiver::start(200).await;
    let b = Receiver::start(204).await;
    let sb = Sandbox::with(Config {
        webhook_urls: vec![a.url.clone(), b.url.clone()],
        ..test_config()
    })
    .await;
    let (customer, token) = sb.customer_with_token("hooks").await;
    let enrolled = sb.enroll(&token, "w1", &card(VISA_OK, "123")).await;
    let declined = sb.enroll(&token, "w2", &card(VISA_FUNDS, "123")).await;
    let pm_id = enrolled.json["id"].as_str().unwrap();
    let unenrolled = sb
        .merchant(
            Method::POST,
            &format!("/v1/customers/{customer}/payment-methods/{pm_id}/unenroll"),
            None,
        )
        .await;
    assert_eq!(unenrolled.status, 200);

    for receiver in [&a, &b] {
        let got = receiver.wait_for("three events", |g| g.len() >= 3).await;
        let mut events = Vec::new();
        for hook in &got {
            let sig = hook.signature.as_deref().expect("x-hmac-signature header");
            assert!(signature_valid(WEBHOOK_SECRET, &hook.body, sig));
            assert!(!signature_valid("whsec_other", &hook.body, sig));
            events.push(hook.json());
        }
        events.sort_by_key(|e| {
            e["data"]["payment_method"]["updated_at"]
                .as_str()
                .unwrap()
                .to_owned()
        });
        let find = |type_event: &str, status: &str| {
            events
                .iter()
                .find(|e| {
                    e["type_event"] == type_event && e["data"]["payment_method"]["status"] == status
                })
                .unwrap_or_else(|| panic!("no {type_event} {status} in {events:?}"))
        };
        let enroll_event = find("enrollment.enroll", "ENROLLED");
        assert_eq!(enroll_event["type"], "enrollment");
        assert_eq!(enroll_event["version"], 1);
        assert_eq!(enroll_event["retry"], 0);
        assert!(enroll_event["id"].as_str().unwrap().starts_with("evt_"));
        assert!(enroll_event["created_at"].as_str().unwrap().ends_with('Z'));
        assert_eq!(enroll_event["data"]["payment_method"], enrolled.json);
        assert_eq!(
            find("enrollment.enroll", "DECLINED")["data"]["payment_method"],
            declined.json
        );
        assert_eq!(
            find("enrollment.unenroll", "UNENROLLED")["data"]["payment_method"],
            unenrolled.json
        );
    }
    sb.stop().await;
    a.stop();
    b.stop();
}

#[tokio::test]
async fn retried_until_2xx_with_the_same_event_id() {
    let receiver = Receiver::start(500).await;
    let sb = Sandbox::with(Config {
        webhook_urls: vec![receiver.url.clone()],
        ..test_config()
    })
    .await;
    let (_, token) = sb.customer_with_token("retry").await;
    assert_eq!(
        sb.enroll(&token, "r", &card(VISA_OK, "123")).await.status,
        201
    );
    receiver
        .wait_for("two failed attempts", |g| g.len() >= 2)
        .await;
    receiver.answer.store(200, Ordering::SeqCst);
    let n = receiver.received().len();
    let got = receiver
        .wait_for("a retry after recovery", |g| g.len() > n)
        .await;
    let ids: Vec<_> = got.iter().map(|h| h.json()["id"].clone()).collect();
    assert!(ids.iter().all(|id| *id == ids[0]), "{ids:?}");
    let retries: Vec<i64> = got
        .iter()
        .map(|h| h.json()["retry"].as_i64().unwrap())
        .collect();
    assert_eq!(retries[..3], [0, 1, 2]);
    sb.stop().await;
    receiver.stop();
}

#[tokio::test]
async fn outbox_survives_a_restart() {
    let dir = temp_dir("outbox");
    let db = dir.join("sandbox.sqlite3").to_str().unwrap().to_owned();
    let receiver = Receiver::start(503).await;
    let config = Config {
        db_path: db.clone(),
        webhook_urls: vec![receiver.url.clone()],
        ..test_config()
    };

    let first = Sandbox::with(config.clone()).await;
    let (customer, token) = first.customer_with_token("restart").await;
    let enrolled = first.enroll(&token, "before", &card(VISA_OK, "123")).await;
    assert_eq!(enrolled.status, 201);
    receiver
        .wait_for("a failed attempt", |g| !g.is_empty())
        .await;
    first.stop().await;

    receiver.answer.store(200, Ordering::SeqCst);
    let before = receiver.received().len();
    let second = Sandbox::with(config).await;
    let got = receiver
        .wait_for("the event after the restart", |g| g.len() > before)
        .await;
    let hook = &got[before];
    assert!(signature_valid(
        WEBHOOK_SECRET,
        &hook.body,
        hook.signature.as_deref().unwrap()
    ));
    let event = hook.json();
    assert_eq!(event["data"]["payment_method"], enrolled.json);
    assert!(event["retry"].as_i64().unwrap() >= 1);
    assert_eq!(event["id"], got[0].json()["id"]);

    // Everything else survived too: the customer, the method, the token, the idempotency key.
    assert_eq!(second.merchant_list(&customer).await.len(), 1);
    let replay = second.enroll(&token, "before", &card(VISA_OK, "123")).await;
    assert_eq!(replay.json, enrolled.json);
    assert_eq!(replay.headers.get("idempotent-replayed").unwrap(), "true");
    second.stop().await;
    receiver.stop();
    std::fs::remove_dir_all(&dir).unwrap();
}

#[tokio::test]
async fn demo_receiver_verifies_and_lists() {
    let sb = Sandbox::with(Config {
        demo: true,
        ..test_config()
    })
    .await;
    let session = sb.request(Method::POST, "/demo/session", &[], None).await;
    let token = session.json["sdk_token"].as_str().unwrap();
    let first = sb.enroll(token, "d1", &card(VISA_OK, "123")).await;
    let second = sb.enroll(token, "d2", &card(MC_OK, "123")).await;

    let mut list = serde_json::Value::Null;
    for _ in 0..300 {
        list = sb
            .request(Method::GET, "/demo/webhooks", &[], None)
            .await
            .json;
        if list["webhooks"].as_array().unwrap().len() >= 2 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    let hooks = list["webhooks"].as_array().unwrap();
    assert_eq!(hooks.len(), 2, "{list}");
    assert!(hooks.iter().all(|h| h["verified"] == true));
    // Newest first.
    assert_eq!(hooks[0]["payload"]["data"]["payment_method"], second.json);
    assert_eq!(hooks[1]["payload"]["data"]["payment_method"], first.json);
    assert_eq!(hooks[0]["type_event"], "enrollment.enroll");

    // A forged delivery is stored, flagged, and refused.
    let forged = json!({ "id": "evt_forged", "type_event": "enrollment.enroll" });
    let r = sb
        .request(
            Method::POST,
            "/demo/webhook",
            &[("x-hmac-signature", "AAAA")],
            Some(&forged),
        )
        .await;
    assert_eq!((r.status, r.code()), (401, "WEBHOOK_SIGNATURE_INVALID"));
    let list = sb
        .request(Method::GET, "/demo/webhooks", &[], None)
        .await
        .json;
    assert_eq!(list["webhooks"][0]["event_id"], "evt_forged");
    assert_eq!(list["webhooks"][0]["verified"], false);
    sb.stop().await;
}
