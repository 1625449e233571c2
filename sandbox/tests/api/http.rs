//! CORS grants and static files (MIME types, CSP, path traversal).
use std::io::{Read, Write};

use reqwest::Method;

use crate::common::*;

const ALLOWED: &str = "http://127.0.0.1:9";

async fn cors_sandbox() -> Sandbox {
    Sandbox::with(Config {
        allowed_origins: vec![ALLOWED.into()],
        demo: true,
        ..test_config()
    })
    .await
}

#[tokio::test]
async fn preflight_grants_only_allowed_origins() {
    let sb = cors_sandbox().await;
    let own = sb.url.clone();
    let localhost = own.replace("127.0.0.1", "localhost");
    for (origin, granted) in [
        (ALLOWED, true),
        (own.as_str(), true),
        (localhost.as_str(), true),
        ("http://127.0.0.1:10", false),
        ("https://127.0.0.1:9", false),
        ("http://evil.example", false),
        ("null", false),
    ] {
        for path in ["/v1/sdk/payment-methods", "/demo/session"] {
            let r = sb
                .request(
                    Method::OPTIONS,
                    path,
                    &[
                        ("origin", origin),
                        ("access-control-request-method", "POST"),
                        (
                            "access-control-request-headers",
                            "authorization, content-type, x-idempotency-key",
                        ),
                    ],
                    None,
                )
                .await;
            let h = &r.headers;
            if granted {
                assert_eq!(r.status, 204, "{origin} {path}");
                assert_eq!(h["access-control-allow-origin"], origin);
                assert_eq!(
                    h["access-control-allow-headers"],
                    "Authorization, Content-Type, X-Idempotency-Key"
                );
                assert_eq!(h["access-control-allow-methods"], "GET, POST");
                assert!(h.get("access-control-allow-credentials").is_none());
            } else {
                assert_eq!(
                    (r.status, r.code()),
                    (403, "ORIGIN_NOT_ALLOWED"),
                    "{origin}"
                );
                assert!(h.get("access-control-allow-origin").is_none(), "{origin}");
            }
            assert!(h.get("access-control-expose-headers").is_none());
        }
    }
    sb.stop().await;
}

#[tokio::test]
async fn responses_carry_the_grant_for_allowed_origins_only() {
    let sb = cors_sandbox().await;
    let (_, token) = sb.customer_with_token("cors").await;
    let auth = format!("Bearer {token}");
    let r = sb
        .request(
            Method::GET,
            "/v1/sdk/payment-methods",
            &[("authorization", &auth), ("origin", ALLOWED)],
            None,
        )
        .await;
    assert_eq!(r.status, 200);
    assert_eq!(r.headers["access-control-allow-origin"], ALLOWED);
    assert_eq!(r.headers["vary"], "Origin");
    assert!(r.headers.get("access-control-expose-headers").is_none());
    // Errors carry it too, so the SDK can read them.
    let r = sb
        .request(
            Method::GET,
            "/v1/sdk/payment-methods",
            &[("authorization", "Bearer nope"), ("origin", ALLOWED)],
            None,
        )
        .await;
    assert_eq!(r.status, 401);
    assert_eq!(r.headers["access-control-allow-origin"], ALLOWED);
    // A foreign origin gets neither the data nor a grant.
    let r = sb
        .request(
            Method::GET,
            "/v1/sdk/payment-methods",
            &[("authorization", &auth), ("origin", "http://evil.example")],
            None,
        )
        .await;
    assert_eq!((r.status, r.code()), (403, "ORIGIN_NOT_ALLOWED"));
    assert!(r.headers.get("access-control-allow-origin").is_none());
    assert!(r.json.get("payment_methods").is_none());
    // Merchant endpoints never grant CORS.
    let r = sb
        .request(
            Method::OPTIONS,
            "/v1/customers",
            &[
                ("origin", ALLOWED),
                ("access-control-request-method", "POST"),
            ],
            None,
        )
        .await;
    assert!(r.headers.get("access-control-allow-origin").is_none());
    sb.stop().await;
}

fn static_roots() -> (std::path::PathBuf, Config) {
    let dir = temp_dir("static");
    let www = dir.join("www");
    let pkg = dir.join("pkg");
    std::fs::create_dir_all(www.join("sub")).unwrap();
    std::fs::create_dir_all(&pkg).unwrap();
    std::fs::write(www.join("index.html"), "<!doctype html><title>demo</title>").unwrap();
    std::fs::write(www.join("app.js"), "export {};").unwrap();
    std::fs::write(www.join("demo.css"), "body{}").unwrap();
    std::fs::write(www.join("sub/index.html"), "<p>sub</p>").unwrap();
    std::fs::write(www.join(".hidden"), "no").unwrap();
    std::fs::write(dir.join("secret.txt"), "outside").unwrap();
    std::fs::write(pkg.join("enrollment_sdk_bg.wasm"), b"\0asm\x01\0\0\0").unwrap();
    std::fs::write(pkg.join("enrollment_sdk.js"), "export default 1;").unwrap();
    let config = Config {
        www_dir: www,
        pkg_dir: pkg,
        ..test_config()
    };
    (dir, config)
}

#[tokio::test]
async fn static_files_with_types_and_csp() {
    let (dir, config) = static_roots();
    let sb = Sandbox::with(config).await;
    for (path, mime, body) in [
        (
            "/",
            "text/html; charset=utf-8",
            &b"<!doctype html><title>demo</title>"[..],
        ),
        (
            "/index.html",
            "text/html; charset=utf-8",
            b"<!doctype html><title>demo</title>",
        ),
        ("/sub/", "text/html; charset=utf-8", b"<p>sub</p>"),
        ("/app.js", "text/javascript; charset=utf-8", b"export {};"),
        ("/demo.css", "text/css; charset=utf-8", b"body{}"),
        (
            "/pkg/enrollment_sdk_bg.wasm",
            "application/wasm",
            b"\0asm\x01\0\0\0",
        ),
        (
            "/pkg/enrollment_sdk.js",
            "text/javascript; charset=utf-8",
            b"export default 1;",
        ),
    ] {
        let resp = sb
            .http
            .get(format!("{}{}", sb.url, path))
            .send()
            .await
            .unwrap();
        assert_eq!(resp.status(), 200, "{path}");
        let h = resp.headers().clone();
        assert_eq!(h["content-type"], mime, "{path}");
        assert_eq!(h["x-content-type-options"], "nosniff");
        if mime.starts_with("text/html") {
            assert_eq!(h["content-security-policy"], sandbox::CSP);
        } else {
            assert!(h.get("content-security-policy").is_none());
        }
        assert_eq!(&resp.bytes().await.unwrap()[..], body, "{path}");
    }
    for path in ["/missing.js", "/pkg/missing.wasm", "/.hidden", "/pkg"] {
        let r = sb.request(Method::GET, path, &[], None).await;
        assert_eq!((r.status, r.code()), (404, "NOT_FOUND"), "{path}");
    }
    // Climbing out of the root, sent raw so no client normalizes the path first.
    for path in [
        "/../secret.txt",
        "/pkg/../../secret.txt",
        "/%2e%2e/secret.txt",
    ] {
        let addr = sb.server.addr();
        let raw = tokio::task::spawn_blocking({
            let path = path.to_owned();
            move || {
                let mut s = std::net::TcpStream::connect(addr).unwrap();
                write!(
                    s,
                    "GET {path} HTTP/1.1\r\nhost: x\r\nconnection: close\r\n\r\n"
                )
                .unwrap();
                let mut out = String::new();
                s.read_to_string(&mut out).unwrap();
                out
            }
        })
        .await
        .unwrap();
        assert!(raw.starts_with("HTTP/1.1 404"), "{path}: {raw}");
        assert!(!raw.contains("outside"), "{path}");
    }
    sb.stop().await;
    std::fs::remove_dir_all(&dir).unwrap();
}

#[tokio::test]
async fn the_repository_demo_page_is_served() {
    // Default roots: the repository's www/ (pkg/ exists only after a build).
    let sb = Sandbox::start().await;
    let resp = sb.http.get(format!("{}/", sb.url)).send().await.unwrap();
    assert_eq!(resp.status(), 200);
    assert_eq!(resp.headers()["content-security-policy"], sandbox::CSP);
    sb.stop().await;
}
