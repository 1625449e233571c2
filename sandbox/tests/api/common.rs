//! Starting real sandboxes on loopback port 0, talking to them, and a webhook receiver.
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU16, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use reqwest::header::HeaderMap;
use reqwest::Method;
pub use sandbox::Config;
use serde_json::{json, Value};

pub const KEY: &str = "sk_test_integration";
pub const WEBHOOK_SECRET: &str = "whsec_integration";

/// Test cards of DESIGN §6.
pub const VISA_OK: &str = "4507990000000002";
pub const VISA_FUNDS: &str = "4507990000000010";
pub const VISA_77: &str = "4507990000000077";
pub const MC_OK: &str = "5252440000000002";
pub const AMEX_OK: &str = "370000000000002";
pub const DINERS_OK: &str = "3647166000000002";

pub fn card(number: &str, cvc: &str) -> Value {
    json!({ "card": {
        "number": number,
        "expiration_month": 11,
        "expiration_year": 2028,
        "security_code": cvc,
        "holder_name": "Ada Lovelace",
    }})
}

pub struct Reply {
    pub status: u16,
    pub headers: HeaderMap,
    pub json: Value,
}

impl Reply {
    pub fn code(&self) -> &str {
        self.json["code"].as_str().unwrap_or("")
    }
}

pub struct Sandbox {
    pub server: sandbox::Server,
    pub url: String,
    pub http: reqwest::Client,
}

pub fn test_config() -> Config {
    Config {
        port: 0,
        secret_key: Some(KEY.into()),
        webhook_secret: Some(WEBHOOK_SECRET.into()),
        ..Config::default()
    }
}

impl Sandbox {
    pub async fn start() -> Sandbox {
        Sandbox::with(test_config()).await
    }

    pub async fn with(config: Config) -> Sandbox {
        let server = sandbox::run(config).await.unwrap();
        let url = server.url();
        assert!(url.starts_with("http://127.0.0.1:"), "{url}");
        Sandbox {
            server,
            url,
            http: reqwest::Client::builder().no_proxy().build().unwrap(),
        }
    }

    pub async fn stop(self) {
        self.server.shutdown().await;
    }

    pub async fn request(
        &self,
        method: Method,
        path: &str,
        headers: &[(&str, &str)],
        body: Option<&Value>,
    ) -> Reply {
        let mut req = self.http.request(method, format!("{}{}", self.url, path));
        for (k, v) in headers {
            req = req.header(*k, *v);
        }
        if let Some(b) = body {
            req = req
                .header("content-type", "application/json")
                .body(b.to_string());
        }
        reply(req.send().await.unwrap()).await
    }

    pub async fn merchant(&self, method: Method, path: &str, body: Option<&Value>) -> Reply {
        self.request(
            method,
            path,
            &[("private-secret-key", self.server.secret_key())],
            body,
        )
        .await
    }

    pub async fn customer(&self, merchant_id: &str) -> String {
        let r = self
            .merchant(
                Method::POST,
                "/v1/customers",
                Some(&json!({ "merchant_customer_id": merchant_id })),
            )
            .await;
        assert_eq!(r.status, 201, "{}", r.json);
        r.json["id"].as_str().unwrap().to_owned()
    }

    pub async fn session(&self, customer_id: &str, expires_in: Option<i64>) -> Value {
        let body = match expires_in {
            Some(n) => json!({ "expires_in": n }),
            None => json!({}),
        };
        let r = self
            .merchant(
                Method::POST,
                &format!("/v1/customers/{customer_id}/sessions"),
                Some(&body),
            )
            .await;
        assert_eq!(r.status, 201, "{}", r.json);
        r.json
    }

    /// A customer and a fresh token of it.
    pub async fn customer_with_token(&self, merchant_id: &str) -> (String, String) {
        let id = self.customer(merchant_id).await;
        let s = self.session(&id, None).await;
        (id, s["sdk_token"].as_str().unwrap().to_owned())
    }

    pub async fn enroll(&self, token: &str, key: &str, body: &Value) -> Reply {
        let auth = format!("Bearer {token}");
        self.request(
            Method::POST,
            "/v1/sdk/payment-methods",
            &[("authorization", &auth), ("x-idempotency-key", key)],
            Some(body),
        )
        .await
    }

    pub async fn sdk_list(&self, token: &str) -> Reply {
        let auth = format!("Bearer {token}");
        self.request(
            Method::GET,
            "/v1/sdk/payment-methods",
            &[("authorization", &auth)],
            None,
        )
        .await
    }

    pub async fn merchant_list(&self, customer_id: &str) -> Vec<Value> {
        let r = self
            .merchant(
                Method::GET,
                &format!("/v1/customers/{customer_id}/payment-methods"),
                None,
            )
            .await;
        assert_eq!(r.status, 200, "{}", r.json);
        r.json["payment_methods"].as_array().unwrap().clone()
    }
}

pub async fn reply(resp: reqwest::Response) -> Reply {
    let status = resp.status().as_u16();
    let headers = resp.headers().clone();
    let bytes = resp.bytes().await.unwrap();
    let json = if bytes.is_empty() {
        Value::Null
    } else {
        serde_json::from_slice(&bytes)
            .unwrap_or_else(|_| Value::String(String::from_utf8_lossy(&bytes).into_owned()))
    };
    Reply {
        status,
        headers,
        json,
    }
}

/// A fresh directory under the system temp dir, removed by the test that made it.
pub fn temp_dir(tag: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("sandbox-{tag}-{}", uuid::Uuid::new_v4()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// One webhook as the receiver got it.
#[derive(Clone, Debug)]
pub struct Received {
    pub signature: Option<String>,
    pub body: Vec<u8>,
}

impl Received {
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap()
    }
}

/// A webhook receiver on loopback port 0 answering with a status the test can change.
pub struct Receiver {
    pub url: String,
    pub got: Arc<Mutex<Vec<Received>>>,
    pub answer: Arc<AtomicU16>,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
}

impl Receiver {
    pub async fn start(status: u16) -> Receiver {
        use axum::routing::post;
        let got: Arc<Mutex<Vec<Received>>> = Arc::default();
        let answer = Arc::new(AtomicU16::new(status));
        let app = {
            let got = Arc::clone(&got);
            let answer = Arc::clone(&answer);
            axum::Router::new().route(
                "/hook",
                post(
                    move |headers: axum::http::HeaderMap, body: axum::body::Bytes| {
                        let got = Arc::clone(&got);
                        let answer = Arc::clone(&answer);
                        async move {
                            got.lock().unwrap().push(Received {
                                signature: headers
                                    .get("x-hmac-signature")
                                    .map(|v| v.to_str().unwrap().to_owned()),
                                body: body.to_vec(),
                            });
                            axum::http::StatusCode::from_u16(answer.load(Ordering::SeqCst)).unwrap()
                        }
                    },
                ),
            )
        };
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr: SocketAddr = listener.local_addr().unwrap();
        let (tx, rx) = tokio::sync::oneshot::channel::<()>();
        tokio::spawn(async move {
            axum::serve(listener, app)
                .with_graceful_shutdown(async {
                    let _ = rx.await;
                })
                .await
                .unwrap();
        });
        Receiver {
            url: format!("http://{addr}/hook"),
            got,
            answer,
            stop: Some(tx),
        }
    }

    pub fn received(&self) -> Vec<Received> {
        self.got.lock().unwrap().clone()
    }

    /// Waits (bounded: a hang guard, not a speed check) until `pred` holds on what arrived.
    pub async fn wait_for(&self, what: &str, pred: impl Fn(&[Received]) -> bool) -> Vec<Received> {
        for _ in 0..300 {
            let got = self.received();
            if pred(&got) {
                return got;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("receiver never saw {what}: {:?}", self.received().len());
    }

    pub fn stop(mut self) {
        if let Some(tx) = self.stop.take() {
            let _ = tx.send(());
        }
    }
}

/// Checks a webhook signature the way a merchant would, independently of the server's code.
pub fn signature_valid(secret: &str, body: &[u8], signature: &str) -> bool {
    use base64::Engine as _;
    use hmac::{Hmac, Mac};
    let mut mac = Hmac::<sha2::Sha256>::new_from_slice(secret.as_bytes()).unwrap();
    mac.update(body);
    let expected = base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes());
    expected == signature
}

/// A figure worth seeing in the test output. Written to stderr directly: the test harness only
/// captures the print macros, so the line shows in a plain `cargo test` run too.
pub fn report(line: &str) {
    use std::io::Write as _;
    let _ = writeln!(std::io::stderr().lock(), "{line}");
}
