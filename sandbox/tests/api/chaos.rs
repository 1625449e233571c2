//! Fault injection: each of the three faults happens, and a dropped enrollment was committed.
use reqwest::Method;

use crate::common::*;

fn chaos_config(rate: f64) -> Config {
    Config {
        chaos_rate: rate,
        ..test_config()
    }
}

/// A client without connection reuse, so a dropped connection is always this request's own.
fn fresh_client() -> reqwest::Client {
    reqwest::Client::builder()
        .pool_max_idle_per_host(0)
        .no_proxy()
        .build()
        .unwrap()
}

#[derive(Debug, PartialEq)]
enum Seen {
    Unavailable,
    Delay,
    Dropped,
}

async fn send(req: reqwest::RequestBuilder) -> (Seen, Option<Reply>) {
    match req.send().await {
        Err(e) => {
            assert!(!e.is_timeout(), "{e}");
            (Seen::Dropped, None)
        }
        Ok(resp) => {
            let r = reply(resp).await;
            let kind = r
                .headers
                .get(sandbox::CHAOS_HEADER)
                .map(|v| v.to_str().unwrap().to_owned());
            match kind.as_deref() {
                Some("unavailable") => {
                    assert_eq!((r.status, r.code()), (503, "SERVICE_UNAVAILABLE"));
                    assert_eq!(r.headers.get("retry-after").unwrap(), "1");
                    (Seen::Unavailable, Some(r))
                }
                Some("delay") => (Seen::Delay, Some(r)),
                other => panic!("at rate 1 every SDK request meets a fault, got {other:?}"),
            }
        }
    }
}

#[tokio::test]
async fn every_fault_kind_happens() {
    let sb = Sandbox::with(chaos_config(1.0)).await;
    let (_, token) = sb.customer_with_token("chaos").await;
    let client = fresh_client();
    let mut seen = Vec::new();
    // Each kind has probability 1/3 per request: 200 tries miss one with odds below 1e-34.
    for _ in 0..200 {
        let req = client
            .get(format!("{}/v1/sdk/payment-methods", sb.url))
            .header("authorization", format!("Bearer {token}"));
        let (kind, r) = send(req).await;
        if kind == Seen::Delay {
            assert_eq!(r.unwrap().status, 200);
        }
        if !seen.contains(&kind) {
            seen.push(kind);
        }
        if seen.len() == 3 {
            break;
        }
    }
    assert_eq!(seen.len(), 3, "{seen:?}");
    // Merchant endpoints are never disturbed.
    for _ in 0..10 {
        let r = sb
            .merchant(
                Method::POST,
                "/v1/customers",
                Some(&serde_json::json!({
                    "merchant_customer_id": uuid::Uuid::new_v4().to_string()
                })),
            )
            .await;
        assert_eq!(r.status, 201);
        assert!(r.headers.get(sandbox::CHAOS_HEADER).is_none());
    }
    sb.stop().await;
}

#[tokio::test]
async fn a_dropped_enrollment_was_committed_and_replays() {
    let sb = Sandbox::with(chaos_config(1.0)).await;
    let (customer, token) = sb.customer_with_token("drop").await;
    let client = fresh_client();
    let body = card(VISA_OK, "123").to_string();
    let enroll = |key: &str| {
        client
            .post(format!("{}/v1/sdk/payment-methods", sb.url))
            .header("authorization", format!("Bearer {token}"))
            .header("x-idempotency-key", key)
            .header("content-type", "application/json")
            .body(body.clone())
    };
    // Find a key whose first attempt was dropped; that attempt still enrolled the card.
    let mut dropped_key = None;
    for i in 0..200 {
        let key = format!("drop-{i}");
        let count = sb.merchant_list(&customer).await.len();
        let (kind, _) = send(enroll(&key)).await;
        match kind {
            Seen::Unavailable => assert_eq!(sb.merchant_list(&customer).await.len(), count),
            Seen::Delay => assert_eq!(sb.merchant_list(&customer).await.len(), count + 1),
            Seen::Dropped => {
                assert_eq!(
                    sb.merchant_list(&customer).await.len(),
                    count + 1,
                    "the dropped request committed"
                );
                dropped_key = Some(key);
                break;
            }
        }
    }
    let key = dropped_key.expect("a dropped connection");
    let before = sb.merchant_list(&customer).await;
    // Retry the same key until a response arrives: it is the committed one, replayed.
    let mut answer = None;
    for _ in 0..200 {
        if let (Seen::Delay, Some(r)) = send(enroll(&key)).await {
            answer = Some(r);
            break;
        }
    }
    let r = answer.expect("a delivered response");
    assert_eq!(r.status, 201);
    assert_eq!(r.headers.get("idempotent-replayed").unwrap(), "true");
    let after = sb.merchant_list(&customer).await;
    assert_eq!(after.len(), before.len(), "no second enrollment");
    assert!(after.iter().any(|pm| pm["id"] == r.json["id"]));
    sb.stop().await;
}

#[tokio::test]
async fn rate_zero_means_no_chaos() {
    let sb = Sandbox::with(chaos_config(0.0)).await;
    let (_, token) = sb.customer_with_token("calm").await;
    for _ in 0..20 {
        let r = sb.sdk_list(&token).await;
        assert_eq!(r.status, 200);
        assert!(r.headers.get(sandbox::CHAOS_HEADER).is_none());
    }
    sb.stop().await;
}
