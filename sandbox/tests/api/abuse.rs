//! Token abuse and hostile input beyond the error table (errors.rs): forged, spliced and
//! stretched tokens, a token after its session ended, credentials in the wrong place, one
//! customer fishing for another's data, and bodies and headers built to hurt.
use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::Duration;

use enrollment_core::token::{mint, parse, Environment, TokenKind};
use reqwest::Method;
use serde_json::{json, Value};

use crate::common::*;

const ENROLL: &str = "/v1/sdk/payment-methods";

/// The token with its `_<sig>` replaced.
fn resigned(token: &str, sig: &str) -> String {
    let (signed, _) = token.rsplit_once('_').unwrap();
    format!("{signed}_{sig}")
}

/// What a request carries instead of a proper header: name, path, headers, body.
type Misplaced = (
    &'static str,
    String,
    Vec<(&'static str, String)>,
    Option<Value>,
);

/// The signed part and the signature.
fn split(token: &str) -> (&str, &str) {
    token.rsplit_once('_').unwrap()
}

#[tokio::test]
async fn forged_and_misplaced_tokens_are_refused() {
    let sb = Sandbox::start().await;
    let (alice, alice_token) = sb.customer_with_token("alice").await;
    let (_, bob_token) = sb.customer_with_token("bob").await;
    let parsed = parse(&alice_token).unwrap();
    let session = parsed.session_id.clone().unwrap();
    let exp = parsed.expires_at.unwrap();
    let (signed, sig) = split(&alice_token);
    let (_, bob_sig) = split(&bob_token);

    let flip_last = {
        let mut s = sig.to_owned().into_bytes();
        let last = s.len() - 1;
        s[last] = if s[last] == b'0' { b'1' } else { b'0' };
        String::from_utf8(s).unwrap()
    };
    // The same session with a later expiry, still carrying the original signature.
    let stretched = resigned(
        &mint(
            KEY.as_bytes(),
            TokenKind::Customer,
            Environment::Test,
            &session,
            exp + 86_400,
        ),
        sig,
    );
    let cases: Vec<(&str, String, &str)> = vec![
        (
            "last signature digit flipped",
            resigned(&alice_token, &flip_last),
            "SESSION_INVALID",
        ),
        (
            "signature cut short",
            resigned(&alice_token, &sig[..63]),
            "SESSION_INVALID",
        ),
        ("signature empty", format!("{signed}_"), "SESSION_INVALID"),
        (
            "signature of zeros",
            resigned(&alice_token, &"0".repeat(64)),
            "SESSION_INVALID",
        ),
        (
            "Bob's signature on Alice's session",
            resigned(&alice_token, bob_sig),
            "SESSION_INVALID",
        ),
        (
            "expiry stretched, old signature",
            stretched,
            "SESSION_INVALID",
        ),
        (
            "signed with the webhook secret",
            mint(
                WEBHOOK_SECRET.as_bytes(),
                TokenKind::Customer,
                Environment::Test,
                &session,
                exp,
            ),
            "SESSION_INVALID",
        ),
        (
            "signed with an empty key",
            mint(b"", TokenKind::Customer, Environment::Test, &session, exp),
            "SESSION_INVALID",
        ),
        (
            "environment switched to live",
            alice_token.replacen("cstok_test_", "cstok_live_", 1),
            "SESSION_INVALID",
        ),
        (
            "a correctly signed live token",
            mint(
                KEY.as_bytes(),
                TokenKind::Customer,
                Environment::Live,
                &session,
                exp,
            ),
            "SESSION_INVALID",
        ),
        (
            "trailing garbage",
            format!("{alice_token}_00"),
            "SESSION_INVALID",
        ),
        (
            "two tokens",
            format!("{alice_token} {bob_token}"),
            "SESSION_INVALID",
        ),
        (
            "an 8 KB token",
            format!("cstok_test_{}", "a".repeat(8192)),
            "SESSION_INVALID",
        ),
        (
            "opaque token",
            "cstok_test_xyz789abc012def345ghi678".into(),
            "SESSION_INVALID",
        ),
        (
            "expired, correctly signed",
            mint(
                KEY.as_bytes(),
                TokenKind::Customer,
                Environment::Test,
                &session,
                1_000,
            ),
            "SESSION_EXPIRED",
        ),
    ];
    for (what, token, code) in &cases {
        for (method, body) in [
            (Method::GET, None),
            (Method::POST, Some(card(VISA_OK, "123"))),
        ] {
            let auth = format!("Bearer {token}");
            let r = sb
                .request(
                    method.clone(),
                    ENROLL,
                    &[("authorization", &auth), ("x-idempotency-key", "forged")],
                    body.as_ref(),
                )
                .await;
            assert_eq!(
                (r.status, r.code()),
                (401, *code),
                "{what} ({method}): {}",
                r.json
            );
            assert!(r.json.get("payment_methods").is_none(), "{what}");
        }
    }

    // Credentials anywhere but the Authorization header open nothing, for reads and writes.
    let mut in_body = card(VISA_OK, "123");
    in_body["sdk_token"] = json!(alice_token);
    let misplaced: Vec<Misplaced> = vec![
        (
            "query string, POST",
            format!("{ENROLL}?sdk_token={alice_token}"),
            vec![],
            Some(card(VISA_OK, "123")),
        ),
        (
            "query access_token",
            format!("{ENROLL}?access_token={alice_token}"),
            vec![],
            None,
        ),
        (
            "cookie, POST",
            ENROLL.into(),
            vec![("cookie", format!("sdk_token={alice_token}"))],
            Some(card(VISA_OK, "123")),
        ),
        ("JSON body", ENROLL.into(), vec![], Some(in_body)),
        (
            "X-Sdk-Token header",
            ENROLL.into(),
            vec![("x-sdk-token", alice_token.clone())],
            None,
        ),
        (
            "bare token, no scheme",
            ENROLL.into(),
            vec![("authorization", alice_token.clone())],
            None,
        ),
        (
            "merchant key header",
            ENROLL.into(),
            vec![("private-secret-key", KEY.into())],
            None,
        ),
    ];
    for (what, path, mut headers, body) in misplaced {
        headers.push(("x-idempotency-key", "misplaced".into()));
        let headers: Vec<(&str, &str)> = headers.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let method = if body.is_some() {
            Method::POST
        } else {
            Method::GET
        };
        let r = sb.request(method, &path, &headers, body.as_ref()).await;
        assert_eq!(
            (r.status, r.code()),
            (401, "UNAUTHORIZED"),
            "{what}: {}",
            r.json
        );
    }

    // An sdk_token opens no merchant endpoint, and the merchant key is compared whole.
    let bearer = format!("Bearer {alice_token}");
    for (what, headers) in [
        (
            "sdk token as bearer",
            vec![("authorization", bearer.as_str())],
        ),
        (
            "sdk token as merchant key",
            vec![("private-secret-key", alice_token.as_str())],
        ),
        (
            "merchant key prefix",
            vec![("private-secret-key", &KEY[..KEY.len() - 1])],
        ),
        (
            "merchant key plus a byte",
            vec![("private-secret-key", "sk_test_integrationx")],
        ),
    ] {
        let r = sb
            .request(
                Method::GET,
                &format!("/v1/customers/{alice}/payment-methods"),
                &headers,
                None,
            )
            .await;
        assert_eq!(
            (r.status, r.code()),
            (401, "UNAUTHORIZED"),
            "{what}: {}",
            r.json
        );
    }
    assert!(
        sb.merchant_list(&alice).await.is_empty(),
        "nothing was enrolled"
    );
    sb.stop().await;
}

#[tokio::test]
async fn a_token_is_dead_once_its_session_ended() {
    let sb = Sandbox::with(Config {
        demo: true,
        ..test_config()
    })
    .await;
    let session = sb
        .request(Method::POST, "/demo/session", &[], Some(&json!({})))
        .await;
    let token = session.json["sdk_token"].as_str().unwrap().to_owned();
    let enrolled = sb.enroll(&token, "before", &card(VISA_OK, "123")).await;
    assert_eq!(enrolled.status, 201);
    assert_eq!(sb.sdk_list(&token).await.status, 200);

    let r = sb
        .request(
            Method::POST,
            "/demo/expire-session",
            &[],
            Some(&json!({ "session_id": session.json["id"] })),
        )
        .await;
    assert_eq!(r.status, 200);
    // The token's own `exp` is still in the future: the server's session row decides. Reads,
    // new writes and even a replay of a stored answer are refused.
    assert!(parse(&token).unwrap().expires_at.unwrap() > 0);
    for r in [
        sb.sdk_list(&token).await,
        sb.enroll(&token, "after", &card(MC_OK, "123")).await,
        sb.enroll(&token, "before", &card(VISA_OK, "123")).await,
    ] {
        assert_eq!((r.status, r.code()), (401, "SESSION_EXPIRED"), "{}", r.json);
    }
    sb.stop().await;
}

#[tokio::test]
async fn no_endpoint_answers_another_customers_data() {
    let sb = Sandbox::start().await;
    let (alice, alice_token) = sb.customer_with_token("alice").await;
    let (bob, bob_token) = sb.customer_with_token("bob").await;
    let a = sb.enroll(&alice_token, "a", &card(VISA_OK, "123")).await;
    let a_declined = sb
        .enroll(&alice_token, "a2", &card(VISA_FUNDS, "123"))
        .await;
    assert_eq!(
        sb.enroll(&bob_token, "b", &card(MC_OK, "123")).await.status,
        201
    );
    let alice_session = parse(&alice_token).unwrap().session_id.unwrap();
    let secrets: Vec<String> = vec![
        alice.clone(),
        alice_session.clone(),
        a.json["id"].as_str().unwrap().into(),
        a.json["vaulted_token"].as_str().unwrap().into(),
        a_declined.json["id"].as_str().unwrap().into(),
        a.json["card_data"]["fingerprint"].as_str().unwrap().into(),
    ];

    // Bob's checkout token too: every SDK credential Bob holds.
    let chk = sb
        .merchant(
            Method::POST,
            "/v1/checkout/sessions",
            Some(&json!({
                "customer_id": bob,
                "amount": { "value": 10, "currency": "USD" },
                "merchant_order_id": "o-1",
            })),
        )
        .await;
    let bob_checkout = chk.json["sdk_token"].as_str().unwrap().to_owned();

    let a_pm = secrets[2].clone();
    let a_vaulted = secrets[3].clone();
    let mut answers = Vec::new();
    for token in [&bob_token, &bob_checkout] {
        let auth = format!("Bearer {token}");
        let h = [
            ("authorization", auth.as_str()),
            ("x-idempotency-key", "fish"),
        ];
        for (method, path, body) in [
            (Method::GET, ENROLL.to_owned(), None),
            (Method::GET, format!("{ENROLL}?customer_id={alice}"), None),
            (Method::GET, format!("{ENROLL}/{a_pm}"), None),
            (
                Method::GET,
                format!("/v1/sdk/checkout-session?session_id=cs_{alice_session}"),
                None,
            ),
            (
                Method::POST,
                "/v1/sdk/payments".into(),
                Some(json!({ "vaulted_token": a_vaulted })),
            ),
            (
                Method::POST,
                ENROLL.into(),
                Some(json!({ "customer_id": alice, "card": card(DINERS_OK, "123")["card"] })),
            ),
        ] {
            let r = sb.request(method.clone(), &path, &h, body.as_ref()).await;
            answers.push((format!("{method} {path}"), r.status, r.json.to_string()));
        }
    }
    for (what, status, body) in &answers {
        for secret in &secrets {
            assert!(
                !body.contains(secret.as_str()),
                "{what} ({status}) answered Alice's {secret}: {body}"
            );
        }
    }
    // The one write Bob could make landed on Bob.
    let bob_pms = sb.merchant_list(&bob).await;
    assert!(bob_pms.iter().all(|pm| pm["customer_id"] == bob.as_str()));
    assert_eq!(sb.merchant_list(&alice).await.len(), 2);
    sb.stop().await;
}

#[tokio::test]
async fn hostile_bodies_get_clean_refusals() {
    let sb = Sandbox::start().await;
    let (customer, token) = sb.customer_with_token("hostile").await;
    let nest = |depth: usize| format!("{{\"card\":{}{}}}", "[".repeat(depth), "]".repeat(depth));
    let good = card(VISA_OK, "123");
    let with = |path: &str, v: Value| {
        let mut b = good.clone();
        b["card"][path] = v;
        b.to_string()
    };
    let cases: Vec<(&str, Vec<u8>, &str, u16, &str)> = vec![
        (
            "1 MiB body",
            format!("{{\"card\":\"{}\"}}", "9".repeat(1 << 20)).into_bytes(),
            "application/json",
            413,
            "PAYLOAD_TOO_LARGE",
        ),
        (
            "just over the cap",
            format!("{{\"pad\":\"{}\"}}", " ".repeat(16 * 1024)).into_bytes(),
            "application/json",
            413,
            "PAYLOAD_TOO_LARGE",
        ),
        (
            "nested 100 000 deep",
            nest(100_000).into_bytes(),
            "application/json",
            413,
            "PAYLOAD_TOO_LARGE",
        ),
        (
            "nested 5 000 deep",
            nest(5_000).into_bytes(),
            "application/json",
            400,
            "INVALID_JSON",
        ),
        (
            "nested object in card",
            with("number", json!({ "a": { "b": { "c": [1, 2, 3] } } })).into_bytes(),
            "application/json",
            400,
            "INVALID_REQUEST",
        ),
        (
            "card is a string",
            json!({ "card": "4507990000000002" })
                .to_string()
                .into_bytes(),
            "application/json",
            400,
            "INVALID_REQUEST",
        ),
        (
            "card is null",
            json!({ "card": null }).to_string().into_bytes(),
            "application/json",
            400,
            "INVALID_REQUEST",
        ),
        (
            "card is an array",
            json!({ "card": [good["card"].clone()] })
                .to_string()
                .into_bytes(),
            "application/json",
            400,
            "INVALID_REQUEST",
        ),
        (
            "holder name is an object",
            with("holder_name", json!({ "<b>": "x" })).into_bytes(),
            "application/json",
            400,
            "INVALID_REQUEST",
        ),
        (
            "month is a float",
            with("expiration_month", json!(11.5)).into_bytes(),
            "application/json",
            400,
            "INVALID_REQUEST",
        ),
        (
            "month is huge",
            with("expiration_month", json!(u64::MAX)).into_bytes(),
            "application/json",
            400,
            "INVALID_REQUEST",
        ),
        (
            "month is i64::MAX",
            with("expiration_month", json!(i64::MAX)).into_bytes(),
            "application/json",
            400,
            "VALIDATION_FAILED",
        ),
        (
            "year is negative",
            with("expiration_year", json!(-2028)).into_bytes(),
            "application/json",
            400,
            "VALIDATION_FAILED",
        ),
        (
            "CVC is a number",
            with("security_code", json!(123)).into_bytes(),
            "application/json",
            400,
            "INVALID_REQUEST",
        ),
        (
            "number with a NUL",
            with("number", json!("4507990000000002\u{0}")).into_bytes(),
            "application/json",
            400,
            "VALIDATION_FAILED",
        ),
        (
            "holder with script",
            with("holder_name", json!("<script>alert(1)</script>")).into_bytes(),
            "application/json",
            400,
            "VALIDATION_FAILED",
        ),
        (
            "holder with an img",
            with("holder_name", json!("<img src=x onerror=alert(1)>")).into_bytes(),
            "application/json",
            400,
            "VALIDATION_FAILED",
        ),
        (
            "holder with a control character",
            with("holder_name", json!("Ada\u{1b}[31m Lovelace")).into_bytes(),
            "application/json",
            400,
            "VALIDATION_FAILED",
        ),
        (
            "holder of 10 000 letters",
            with("holder_name", json!("A".repeat(10_000))).into_bytes(),
            "application/json",
            400,
            "VALIDATION_FAILED",
        ),
        (
            "top level is a string",
            b"\"<script>\"".to_vec(),
            "application/json",
            400,
            "INVALID_REQUEST",
        ),
        (
            "top level is null",
            b"null".to_vec(),
            "application/json",
            400,
            "INVALID_REQUEST",
        ),
        (
            "not UTF-8",
            b"{\"card\":\"\xff\xfe\"}".to_vec(),
            "application/json",
            400,
            "INVALID_JSON",
        ),
        (
            "trailing garbage",
            format!("{good}<script>").into_bytes(),
            "application/json",
            400,
            "INVALID_JSON",
        ),
        (
            "form encoded",
            b"card[number]=4507990000000002".to_vec(),
            "application/x-www-form-urlencoded",
            415,
            "UNSUPPORTED_MEDIA_TYPE",
        ),
        (
            "HTML",
            b"<html><script>alert(1)</script></html>".to_vec(),
            "text/html",
            415,
            "UNSUPPORTED_MEDIA_TYPE",
        ),
    ];
    let auth = format!("Bearer {token}");
    for (i, (what, body, content_type, status, code)) in cases.into_iter().enumerate() {
        let r = reply(
            sb.http
                .post(format!("{}{ENROLL}", sb.url))
                .header("authorization", &auth)
                .header("x-idempotency-key", format!("hostile-{i}"))
                .header("content-type", content_type)
                .body(body)
                .send()
                .await
                .unwrap(),
        )
        .await;
        assert_eq!((r.status, r.code()), (status, code), "{what}: {}", r.json);
        // Nothing executable or card-like comes back, and browsers may not sniff it as HTML.
        let text = r.json.to_string();
        assert!(
            !text.contains('<') && !text.contains("4507990000000002"),
            "{what}: {text}"
        );
        assert_eq!(r.headers["content-type"], "application/json", "{what}");
        assert_eq!(r.headers["x-content-type-options"], "nosniff", "{what}");
    }
    assert!(
        sb.merchant_list(&customer).await.is_empty(),
        "nothing stored"
    );
    // The server is still well.
    assert_eq!(sb.enroll(&token, "after", &good).await.status, 201);
    sb.stop().await;
}

#[tokio::test]
async fn extra_fields_are_ignored_not_trusted_and_not_echoed() {
    let sb = Sandbox::start().await;
    let (customer, token) = sb.customer_with_token("extra").await;
    let (bob, _) = sb.customer_with_token("bob").await;
    let mut body = card(VISA_FUNDS, "123");
    body["card"]["brand"] = json!("amex");
    body["card"]["lfd"] = json!("9999");
    body["card"]["note"] = json!("<script>alert(1)</script>");
    body["customer_id"] = json!(bob);
    body["status"] = json!("ENROLLED");
    body["decline_reason"] = json!(null);
    body["vaulted_token"] = json!("vt_chosen_by_attacker");
    body["__proto__"] = json!({ "admin": true });
    let r = sb.enroll(&token, "extra", &body).await;
    assert_eq!(r.status, 201, "{}", r.json);
    let pm = &r.json;
    assert_eq!(pm["customer_id"], customer.as_str());
    assert_eq!(pm["status"], "DECLINED", "the outcome is the server's");
    assert_eq!(pm["card_data"]["brand"], "visa");
    assert_eq!(pm["card_data"]["lfd"], "0010");
    assert_ne!(pm["vaulted_token"], "vt_chosen_by_attacker");
    let text = pm.to_string();
    for echoed in ["<script>", "__proto__", "admin", "note"] {
        assert!(!text.contains(echoed), "{echoed} echoed: {text}");
    }
    assert!(sb.merchant_list(&bob).await.is_empty());
    sb.stop().await;
}

/// A raw exchange: writes `request`, reads until the server closes or 5 s pass (a hang guard).
fn raw_exchange(addr: std::net::SocketAddr, request: &[u8]) -> String {
    let mut stream = TcpStream::connect(addr).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(5)))
        .unwrap();
    // The server may close while we still write: that is a refusal too.
    let _ = stream.write_all(request);
    let mut got = Vec::new();
    let _ = stream.read_to_end(&mut got);
    String::from_utf8_lossy(&got).into_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn oversized_headers_and_garbage_are_shed_and_the_server_lives_on() {
    let sb = Sandbox::start().await;
    let (_, token) = sb.customer_with_token("garbage").await;
    let addr = sb.server.addr();
    let huge_header = format!(
        "GET {ENROLL} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer {}\r\n\r\n",
        "a".repeat(1 << 20)
    );
    let many_headers = format!(
        "GET {ENROLL} HTTP/1.1\r\nHost: 127.0.0.1\r\n{}\r\n",
        (0..2000)
            .map(|i| format!("x-h{i}: v\r\n"))
            .collect::<String>()
    );
    let requests: Vec<(&str, Vec<u8>)> = vec![
        ("a 1 MiB header", huge_header.into_bytes()),
        ("2000 headers", many_headers.into_bytes()),
        ("not HTTP", b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03garbage\r\n\r\n".to_vec()),
        ("a lying content-length", format!("POST {ENROLL} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 99999999999\r\n\r\n{{}}").into_bytes()),
        ("a bad chunk size", format!("POST {ENROLL} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n").into_bytes()),
    ];
    for (what, request) in requests {
        let answer = tokio::task::spawn_blocking(move || raw_exchange(addr, &request))
            .await
            .unwrap();
        // Refused (a 4xx status line) or the connection closed; never a 2xx, never a hang.
        let status = answer.split(' ').nth(1).unwrap_or("");
        assert!(
            answer.is_empty() || status.starts_with('4'),
            "{what}: {answer:.200}"
        );
    }
    assert_eq!(sb.sdk_list(&token).await.status, 200, "still serving");
    sb.stop().await;
}

/// Secrets are compared in constant time: the merchant key and webhook signatures through
/// `ct_eq`, tokens through the HMAC's own `verify_slice` in core. A plain `==` on any of them
/// would leak, byte by byte, how much of a guess was right; this keeps it from creeping back.
#[test]
fn secrets_are_only_compared_in_constant_time() {
    let src =
        |f: &str| std::fs::read_to_string(format!("{}/{f}", env!("CARGO_MANIFEST_DIR"))).unwrap();
    let auth = src("src/auth.rs");
    assert!(auth.contains("ct_eq(given.as_bytes(), state.secret_key.as_bytes())"));
    let crypto = src("src/crypto.rs");
    assert!(crypto.contains("ct_eq(\n        webhook_signature(secret, body).as_bytes()"));
    let vault = src("src/vault.rs");
    assert!(vault.contains("ct_eq(stored_hash.as_bytes(), hash.as_bytes())"));
    let token = src("../core/src/token.rs");
    assert!(token.contains("verify_slice(&sig)"));
    for (name, text) in [
        ("auth.rs", &auth),
        ("crypto.rs", &crypto),
        ("vault.rs", &vault),
    ] {
        for line in text.lines() {
            let compares = line.contains("==") || line.contains("!=");
            let secret = ["secret_key", "signature", "hash", "sig"]
                .iter()
                .any(|s| line.contains(s));
            assert!(
                !(compares && secret),
                "{name}: a secret compared with == / !=: {line}"
            );
        }
    }
}
