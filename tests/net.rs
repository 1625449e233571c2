//! The network client (`enrollment_sdk::net`) against a real sandbox server in headless Chromium.
#![cfg(all(target_arch = "wasm32", feature = "enrollment"))]

mod kit;

use enrollment_sdk::net::{self, ApiCode, Card, NetError, PaymentMethod, RetryPolicy};
use kit::*;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const HOLDER: &str = "Ada Lovelace";

/// The client's requests awaited and read as the SDK reads them: the request the SDK builds,
/// sent through its transport, the outcome judged by `net::answer`.
mod client {
    use enrollment_sdk::net::{self, Card, NetError, PaymentMethod, RetryPolicy};
    use wasm_bindgen_futures::JsFuture;

    async fn answer(request: net::Request, policy: &RetryPolicy) -> net::Answer {
        // `transport.js` settles, never rejects.
        let outcome = JsFuture::from(net::outcome_of(request, policy, None))
            .await
            .unwrap();
        net::answer(&outcome)
    }

    pub async fn enroll(
        base: &str,
        token: &str,
        card: &Card<'_>,
        key: &str,
        policy: &RetryPolicy,
    ) -> Result<PaymentMethod, NetError> {
        let body = net::enroll_body(card);
        let value = answer(net::enroll_request(base, token, &body, key), policy).await?;
        net::enrolled(value.clone())?;
        Ok(net::parse_payment_method(&value).unwrap())
    }

    pub async fn list_payment_methods(
        base: &str,
        token: &str,
    ) -> Result<Vec<PaymentMethod>, NetError> {
        let value = answer(net::list_request(base, token), &RetryPolicy::default()).await?;
        Ok(net::entries(&value)?
            .iter()
            .filter_map(|v| net::parse_payment_method(&v))
            .collect())
    }
}

fn card(number: &str) -> Card<'_> {
    // DESIGN §6: CVC 123, Amex 1234.
    let cvc = if number.starts_with("37") {
        "1234"
    } else {
        "123"
    };
    Card {
        number,
        exp_month: 11,
        exp_year: 2028,
        cvc,
        holder_name: HOLDER,
    }
}

/// Quick retries: the sandbox answers at once, so a long backoff only slows the suite down.
fn fast(attempts: u32) -> RetryPolicy {
    RetryPolicy {
        attempts,
        base_delay_ms: 20,
        timeout_ms: 10_000,
    }
}

async fn enroll(base: &str, token: &str, number: &str) -> Result<PaymentMethod, NetError> {
    client::enroll(
        base,
        token,
        &card(number),
        &net::idempotency_key(),
        &fast(4),
    )
    .await
}

#[wasm_bindgen_test]
async fn enrolls_a_test_card_and_returns_the_vaulted_token() {
    let base = sandbox_url();
    let token = new_token(base).await;
    let pm = enroll(base, &token, "4507990000000002").await.unwrap();
    assert_eq!(pm.status, "ENROLLED");
    assert!(!pm.id.is_empty());
    assert!(!pm.vaulted_token.is_empty());
    assert_eq!(pm.decline_reason, None);
    assert_eq!(pm.brand, "visa");
    assert_eq!(pm.last4, "0002");
    assert_eq!((pm.exp_month, pm.exp_year), (11, 2028));
    assert_eq!(pm.holder_name, HOLDER);
}

#[wasm_bindgen_test]
async fn each_decline_suffix_gives_declined_with_its_reason() {
    let base = sandbox_url();
    let token = new_token(base).await;
    let table = [
        ("4507990000000010", "INSUFFICIENT_FUNDS"),
        ("4507990000000028", "DECLINED_BY_BANK"),
        ("4507990000000036", "DO_NOT_HONOR"),
        ("4507990000000044", "INVALID_SECURITY_CODE"),
        ("4507990000000051", "INVALID_CARD_DATA"),
        ("4507990000000069", "REPORTED_STOLEN"),
        ("5252440000000010", "INSUFFICIENT_FUNDS"),
    ];
    for (number, reason) in table {
        let pm = enroll(base, &token, number).await.unwrap();
        assert_eq!(pm.status, "DECLINED", "{reason}");
        assert_eq!(pm.decline_reason.as_deref(), Some(reason));
        assert_eq!(pm.last4, number[number.len() - 4..]);
    }
}

#[wasm_bindgen_test]
async fn a_processor_error_is_retried_with_the_same_key_and_recovers() {
    let base = sandbox_url();
    let token = new_token(base).await;

    // One try only: the sandbox fails the first try of every key with a 502.
    let key = net::idempotency_key();
    let err = client::enroll(base, &token, &card("4507990000000077"), &key, &fast(1)).await;
    assert_eq!(
        err,
        // PROVIDER_ERROR: a processor error, retryable.
        Err(NetError::Server { status: 502 })
    );

    // With retries the same request goes through on the second try of its key, once.
    let before = listed_ids(base, &token).await;
    let key = net::idempotency_key();
    let pm = client::enroll(base, &token, &card("4507990000000077"), &key, &fast(3))
        .await
        .unwrap();
    assert_eq!(pm.status, "ENROLLED");
    assert_eq!(added(&before, &listed_ids(base, &token).await), vec![pm.id]);
}

#[wasm_bindgen_test]
async fn an_expired_session_is_unauthorized_session_expired() {
    let base = sandbox_url();
    let session = new_session(base, Some(1)).await;
    let token = need_str(&session, "sdk_token");
    // Past the expiry plus any grace period either side might apply.
    sleep(7_000).await;
    let err = enroll(base, &token, "4507990000000002").await;
    assert_eq!(err, Err(NetError::Unauthorized { expired: true }));
    let err = client::list_payment_methods(base, &token).await;
    assert_eq!(err, Err(NetError::Unauthorized { expired: true }));
}

#[wasm_bindgen_test]
async fn a_tampered_token_is_unauthorized_session_invalid() {
    let base = sandbox_url();
    let token = new_token(base).await;
    // Flip the signature's last hex digit: well formed, not signed by the server.
    let mut tampered = token.clone();
    let last = tampered.pop().unwrap();
    tampered.push(if last == '0' { '1' } else { '0' });
    let invalid = NetError::Unauthorized { expired: false };
    assert_eq!(
        enroll(base, &tampered, "4507990000000002").await,
        Err(invalid.clone())
    );
    assert_eq!(
        client::list_payment_methods(base, &tampered).await,
        Err(invalid)
    );
}

#[wasm_bindgen_test]
async fn an_unreachable_server_is_a_network_error_after_the_retries() {
    let token = new_token(sandbox_url()).await;
    let err = enroll(unreachable_url(), &token, "4507990000000002").await;
    assert_eq!(err, Err(NetError::Network));
    assert_eq!(
        client::list_payment_methods(unreachable_url(), &token).await,
        Err(NetError::Network)
    );
}

#[wasm_bindgen_test]
async fn a_try_that_outlives_its_timeout_is_aborted_and_reported_as_timeout() {
    let base = sandbox_url();
    let token = new_token(base).await;
    // A 0 ms timer fires before any cross-origin answer (preflight + request) can arrive.
    let policy = RetryPolicy {
        attempts: 2,
        base_delay_ms: 10,
        timeout_ms: 0,
    };
    let err = client::enroll(
        base,
        &token,
        &card("4507990000000002"),
        &net::idempotency_key(),
        &policy,
    )
    .await;
    assert_eq!(err, Err(NetError::Timeout));
}

#[wasm_bindgen_test]
async fn the_same_key_twice_enrolls_once() {
    let base = sandbox_url();
    let token = new_token(base).await;
    let before = listed_ids(base, &token).await;
    let key = net::idempotency_key();
    let first = client::enroll(base, &token, &card("4507990000000002"), &key, &fast(4))
        .await
        .unwrap();
    let second = client::enroll(base, &token, &card("4507990000000002"), &key, &fast(4))
        .await
        .unwrap();
    assert_eq!(first, second);
    assert_eq!(
        added(&before, &listed_ids(base, &token).await),
        vec![first.id]
    );

    // The same key with another card is refused, not enrolled.
    let err = client::enroll(base, &token, &card("5252440000000002"), &key, &fast(4)).await;
    assert!(
        matches!(
            &err,
            Err(NetError::Rejected {
                status: 409,
                code: ApiCode::KeyReused,
                ..
            })
        ),
        "{err:?}"
    );
}

#[wasm_bindgen_test]
async fn list_returns_only_this_customers_methods() {
    let base = sandbox_url();
    let mine = new_token(base).await;
    let theirs = other_customer_token();
    let before = listed_ids(base, &mine).await;
    let a = enroll(base, &mine, "4507990000000002").await.unwrap();
    let b = enroll(base, &mine, "370000000000002").await.unwrap();
    let other = enroll(base, theirs, "5252440000000002").await.unwrap();

    let listed = client::list_payment_methods(base, &mine).await.unwrap();
    let ids: Vec<String> = listed.iter().map(|pm| pm.id.clone()).collect();
    let mut new = added(&before, &ids);
    new.sort();
    let mut expected = vec![a.id.clone(), b.id.clone()];
    expected.sort();
    assert_eq!(new, expected);
    assert!(!ids.contains(&other.id));
    let amex = listed.iter().find(|pm| pm.id == b.id).unwrap();
    assert_eq!(amex, &b);
    assert_eq!((amex.brand.as_str(), amex.last4.as_str()), ("amex", "0002"));

    let theirs_listed = client::list_payment_methods(base, theirs).await.unwrap();
    assert!(theirs_listed.contains(&other));
    assert!(theirs_listed
        .iter()
        .all(|pm| pm.id != a.id && pm.id != b.id));
}

#[wasm_bindgen_test]
async fn under_chaos_twenty_enrollments_make_exactly_twenty_methods() {
    // The chaos sandbox fails a fifth of SDK requests (503 or a connection dropped after the
    // commit) and delays others; retries with one key per enrollment must absorb all of it.
    let base = chaos_url();
    let token = new_token(base).await;
    let before = listed_ids(base, &token).await;
    let policy = RetryPolicy {
        attempts: 10,
        base_delay_ms: 50,
        timeout_ms: 10_000,
    };
    let mut ids = Vec::new();
    for number in enrollable_visas(20) {
        let key = net::idempotency_key();
        let pm = client::enroll(base, &token, &card(&number), &key, &policy)
            .await
            .unwrap();
        assert_eq!(pm.status, "ENROLLED");
        assert_eq!(pm.last4, number[number.len() - 4..]);
        ids.push(pm.id);
    }
    assert_added_exactly(&before, &listed_ids(base, &token).await, ids);
}

#[wasm_bindgen_test]
async fn a_non_json_error_page_becomes_a_typed_error() {
    // The test runner's own server knows no such route and answers with a non-JSON 404.
    let origin = web_sys::window().unwrap().location().origin().unwrap();
    let token = new_token(sandbox_url()).await;
    let err = enroll(&origin, &token, "4507990000000002").await;
    assert!(
        matches!(
            &err,
            Err(NetError::Rejected {
                status: 400..=499,
                code: ApiCode::Other,
                field: None
            })
        ),
        "{err:?}"
    );
}

#[wasm_bindgen_test]
fn idempotency_keys_are_fresh_uuid_v4s() {
    let keys: Vec<String> = (0..64).map(|_| net::idempotency_key()).collect();
    for k in &keys {
        let groups: Vec<&str> = k.split('-').collect();
        assert_eq!(
            groups.iter().map(|g| g.len()).collect::<Vec<_>>(),
            [8, 4, 4, 4, 12],
            "{k}"
        );
        assert!(
            k.chars()
                .all(|c| c == '-' || c.is_ascii_digit() || ('a'..='f').contains(&c)),
            "{k}"
        );
        assert_eq!(&groups[2][..1], "4", "version nibble: {k}");
        assert!("89ab".contains(&groups[3][..1]), "variant nibble: {k}");
    }
    let mut unique = keys.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), keys.len());
}
