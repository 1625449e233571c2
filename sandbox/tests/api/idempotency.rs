//! Exactly once: replays, key reuse, concurrent duplicates, the recovering `…77` card.
use std::collections::HashSet;
use std::sync::Arc;

use crate::common::*;

#[tokio::test]
async fn replay_returns_the_stored_response() {
    let sb = Sandbox::start().await;
    let (customer, token) = sb.customer_with_token("replay").await;
    for (key, number, status) in [("ok", VISA_OK, "ENROLLED"), ("no", VISA_FUNDS, "DECLINED")] {
        let body = card(number, "123");
        let first = sb.enroll(&token, key, &body).await;
        assert_eq!(first.status, 201);
        assert_eq!(first.json["status"], status);
        assert!(first.headers.get("idempotent-replayed").is_none());
        let again = sb.enroll(&token, key, &body).await;
        assert_eq!(again.status, 201);
        assert_eq!(again.json, first.json);
        assert_eq!(again.headers.get("idempotent-replayed").unwrap(), "true");
    }
    // A new session of the same customer replays too: the key belongs to the customer.
    let other_session = sb.session(&customer, None).await;
    let again = sb
        .enroll(
            other_session["sdk_token"].as_str().unwrap(),
            "ok",
            &card(VISA_OK, "123"),
        )
        .await;
    assert_eq!(again.headers.get("idempotent-replayed").unwrap(), "true");
    assert_eq!(sb.merchant_list(&customer).await.len(), 2);
    sb.stop().await;
}

#[tokio::test]
async fn same_key_other_body_is_refused() {
    let sb = Sandbox::start().await;
    let (customer, token) = sb.customer_with_token("reuse").await;
    assert_eq!(
        sb.enroll(&token, "k", &card(VISA_OK, "123")).await.status,
        201
    );
    let r = sb.enroll(&token, "k", &card(MC_OK, "123")).await;
    assert_eq!((r.status, r.code()), (409, "IDEMPOTENCY_KEY_REUSED"));
    assert_eq!(sb.merchant_list(&customer).await.len(), 1);
    sb.stop().await;
}

#[tokio::test]
async fn a_validation_error_does_not_burn_the_key() {
    let sb = Sandbox::start().await;
    let (customer, token) = sb.customer_with_token("fix").await;
    let r = sb.enroll(&token, "k", &card(VISA_OK, "12")).await;
    assert_eq!((r.status, r.code()), (400, "VALIDATION_FAILED"));
    let r = sb.enroll(&token, "k", &card(VISA_OK, "123")).await;
    assert_eq!(r.status, 201);
    assert_eq!(sb.merchant_list(&customer).await.len(), 1);
    sb.stop().await;
}

#[tokio::test]
async fn processor_error_recovers_on_retry_of_the_same_key() {
    let sb = Sandbox::start().await;
    let (customer, token) = sb.customer_with_token("p77").await;
    let body = card(VISA_77, "123");
    let first = sb.enroll(&token, "k77", &body).await;
    assert_eq!((first.status, first.code()), (502, "PROVIDER_ERROR"));
    assert!(sb.merchant_list(&customer).await.is_empty());
    // The retry with the same key succeeds, and its result is then replayed as usual.
    let retry = sb.enroll(&token, "k77", &body).await;
    assert_eq!(retry.status, 201, "{}", retry.json);
    assert_eq!(retry.json["status"], "ENROLLED");
    let replay = sb.enroll(&token, "k77", &body).await;
    assert_eq!(replay.json, retry.json);
    // Another body under that key is still refused; a new key fails once again.
    let r = sb.enroll(&token, "k77", &card(VISA_OK, "123")).await;
    assert_eq!(r.code(), "IDEMPOTENCY_KEY_REUSED");
    let r = sb.enroll(&token, "k77-new", &body).await;
    assert_eq!(r.status, 502);
    assert_eq!(sb.merchant_list(&customer).await.len(), 1);
    sb.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn twenty_concurrent_duplicates_make_one_payment_method() {
    let sb = Arc::new(Sandbox::start().await);
    let (customer, token) = sb.customer_with_token("burst").await;
    let body = Arc::new(card(VISA_OK, "123"));
    let mut tasks = Vec::new();
    for _ in 0..20 {
        let (sb, token, body) = (Arc::clone(&sb), token.clone(), Arc::clone(&body));
        tasks.push(tokio::spawn(async move {
            sb.enroll(&token, "dup", &body).await
        }));
    }
    let mut ids = HashSet::new();
    let mut fresh = 0;
    for t in tasks {
        let r = t.await.unwrap();
        assert_eq!(r.status, 201, "{}", r.json);
        ids.insert(r.json["id"].as_str().unwrap().to_owned());
        if r.headers.get("idempotent-replayed").is_none() {
            fresh += 1;
        }
    }
    assert_eq!(ids.len(), 1);
    assert_eq!(fresh, 1);
    assert_eq!(sb.merchant_list(&customer).await.len(), 1);

    // And twenty distinct keys at once make twenty.
    let mut tasks = Vec::new();
    for i in 0..20 {
        let (sb, token, body) = (Arc::clone(&sb), token.clone(), Arc::clone(&body));
        tasks.push(tokio::spawn(async move {
            sb.enroll(&token, &format!("distinct-{i}"), &body).await
        }));
    }
    for t in tasks {
        assert_eq!(t.await.unwrap().status, 201);
    }
    assert_eq!(sb.merchant_list(&customer).await.len(), 21);
    Arc::try_unwrap(sb).ok().unwrap().stop().await;
}
