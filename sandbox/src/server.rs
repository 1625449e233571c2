//! The HTTP front: routes, the per-request pipeline (CORS, chaos, error shapes, headers, log)
//! and the accept loop, which owns each connection so chaos can drop one without a response.
use std::convert::Infallible;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::body::Body;
use axum::extract::Request;
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use http_body_util::BodyExt;
use hyper::body::Incoming;
use hyper_util::rt::{TokioIo, TokioTimer};
use rand::Rng;
use tokio::net::TcpListener;
use tokio::sync::{watch, Notify};
use tokio::task::{JoinHandle, JoinSet};
use tower::ServiceExt;

use crate::config::Config;
use crate::crypto::random_hex;
use crate::db::Db;
use crate::error::{json_response, ApiError};
use crate::state::{AppState, Inner};
use crate::{checkout, demo, merchant, static_files, vault, webhooks};

/// The request headers a cross-origin SDK call may carry.
const CORS_ALLOW_HEADERS: &str = "Authorization, Content-Type, X-Idempotency-Key";
/// Names the injected fault on a response that still arrives (tests and curious humans).
pub const CHAOS_HEADER: &str = "x-sandbox-chaos";
const CHAOS_MAX_DELAY_MS: u64 = 2000;
const HEADER_READ_TIMEOUT: Duration = Duration::from_secs(30);

/// Why the server could not start.
#[derive(Debug)]
pub struct StartError(pub String);

impl std::fmt::Display for StartError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for StartError {}

/// A running sandbox.
pub struct Server {
    addr: SocketAddr,
    state: AppState,
    shutdown: watch::Sender<bool>,
    task: JoinHandle<()>,
}

impl Server {
    /// The bound address (the real port when started with port 0).
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `http://127.0.0.1:<port>` (the host as bound; loopback for an unspecified bind).
    pub fn url(&self) -> String {
        format!("http://{}", display_addr(self.addr))
    }

    /// The merchant secret key in use.
    pub fn secret_key(&self) -> &str {
        &self.state.secret_key
    }

    /// The webhook signing secret in use.
    pub fn webhook_secret(&self) -> &str {
        &self.state.webhook_secret
    }

    /// Stops accepting, drops open connections, stops the webhook worker and closes the
    /// database; returns once all of that is done.
    pub async fn shutdown(self) {
        let _ = self.shutdown.send(true);
        drop(self.state);
        let _ = self.task.await;
    }
}

fn display_addr(addr: SocketAddr) -> SocketAddr {
    if addr.ip().is_unspecified() {
        SocketAddr::new(IpAddr::V4(Ipv4Addr::LOCALHOST), addr.port())
    } else {
        addr
    }
}

/// Opens the database, binds, and starts serving and delivering webhooks.
pub async fn run(config: Config) -> Result<Server, StartError> {
    for url in &config.webhook_urls {
        if !url.starts_with("http://") {
            return Err(StartError(format!(
                "--webhook-url {url}: only http:// receivers are supported by the sandbox"
            )));
        }
    }
    let db = Db::open(&config.db_path)
        .map_err(|e| StartError(format!("cannot open database {}: {e}", config.db_path)))?;
    let listener = bind(SocketAddr::new(config.host, config.port))
        .map_err(|e| StartError(format!("cannot bind {}:{}: {e}", config.host, config.port)))?;
    let addr = listener
        .local_addr()
        .map_err(|e| StartError(format!("no local address: {e}")))?;
    let own = display_addr(addr);
    let mut cors_origins = config.allowed_origins.clone();
    cors_origins.push(format!("http://{own}"));
    if own.ip().is_loopback() {
        cors_origins.push(format!("http://localhost:{}", own.port()));
    }
    let webhook_targets = if config.webhook_urls.is_empty() && config.demo {
        vec![format!("http://{own}/demo/webhook")]
    } else {
        config.webhook_urls.clone()
    };
    let secret_key = config
        .secret_key
        .clone()
        .unwrap_or_else(|| format!("sk_test_{}", random_hex(24)));
    let webhook_secret = config
        .webhook_secret
        .clone()
        .unwrap_or_else(|| format!("whsec_{}", random_hex(24)));
    let state = AppState {
        inner: Arc::new(Inner {
            config,
            secret_key,
            webhook_secret,
            webhook_targets,
            cors_origins,
            db,
            outbox_wakeup: Notify::new(),
        }),
    };
    let (shutdown_tx, shutdown_rx) = watch::channel(false);
    let worker = tokio::spawn(webhooks::worker(state.clone(), shutdown_rx.clone()));
    let router = routes(state.clone());
    let task = tokio::spawn(accept_loop(
        listener,
        state.clone(),
        router,
        shutdown_rx,
        worker,
    ));
    Ok(Server {
        addr,
        state,
        shutdown: shutdown_tx,
        task,
    })
}

/// Binds with a deep accept backlog: a burst of concurrent clients (the load test's 200) would
/// otherwise overflow the default one and wait out a one-second SYN retransmit.
fn bind(addr: SocketAddr) -> std::io::Result<TcpListener> {
    let socket = if addr.is_ipv4() {
        tokio::net::TcpSocket::new_v4()?
    } else {
        tokio::net::TcpSocket::new_v6()?
    };
    socket.set_reuseaddr(true)?;
    socket.bind(addr)?;
    socket.listen(1024)
}

fn routes(state: AppState) -> Router {
    let mut router = Router::new()
        .route("/v1/customers", post(merchant::create_customer))
        .route("/v1/customers/{id}", get(merchant::get_customer))
        .route(
            "/v1/customers/{id}/sessions",
            post(merchant::create_session),
        )
        .route(
            "/v1/customers/{id}/sessions/{session_id}",
            get(merchant::get_session),
        )
        .route(
            "/v1/customers/{id}/payment-methods",
            get(merchant::list_payment_methods),
        )
        .route(
            "/v1/customers/{id}/payment-methods/{pm}/unenroll",
            post(merchant::unenroll),
        )
        .route(
            "/v1/sdk/payment-methods",
            get(vault::list).post(vault::enroll),
        )
        .route("/v1/checkout/sessions", post(checkout::create_session))
        .route("/v1/checkout/sessions/{id}", get(checkout::get_session))
        .route("/v1/payments/{id}", get(checkout::get_payment))
        .route("/v1/sdk/checkout-session", get(checkout::sdk_session))
        .route("/v1/sdk/payments", post(checkout::pay));
    if state.config.demo {
        router = router
            .route("/demo/session", post(demo::session))
            .route("/demo/expire-session", post(demo::expire_session))
            .route("/demo/checkout-session", post(checkout::demo_session))
            .route("/demo/webhook", post(demo::receive_webhook))
            .route("/demo/webhooks", get(demo::list_webhooks));
    }
    router.fallback(fallback).with_state(state)
}

async fn fallback(
    axum::extract::State(state): axum::extract::State<AppState>,
    req: Request,
) -> Response {
    let method = req.method().clone();
    if method != Method::GET && method != Method::HEAD {
        return ApiError::not_found("NOT_FOUND", "No such resource.").into_response();
    }
    match static_files::serve(&state, &method, req.uri().path()).await {
        Ok(resp) => resp,
        Err(e) => e.into_response(),
    }
}

async fn accept_loop(
    listener: TcpListener,
    state: AppState,
    router: Router,
    mut shutdown: watch::Receiver<bool>,
    worker: JoinHandle<()>,
) {
    let mut connections = JoinSet::new();
    loop {
        tokio::select! {
            _ = shutdown.changed() => break,
            Some(_) = connections.join_next(), if !connections.is_empty() => {}
            accepted = listener.accept() => {
                let Ok((stream, _peer)) = accepted else {
                    // Out of file descriptors and the like: back off instead of spinning.
                    tokio::time::sleep(Duration::from_millis(20)).await;
                    continue;
                };
                let _ = stream.set_nodelay(true);
                let drop_signal = Arc::new(Notify::new());
                let service = {
                    let state = state.clone();
                    let router = router.clone();
                    let drop_signal = Arc::clone(&drop_signal);
                    hyper::service::service_fn(move |req: hyper::Request<Incoming>| {
                        let state = state.clone();
                        let router = router.clone();
                        let drop_signal = Arc::clone(&drop_signal);
                        async move {
                            Ok::<_, Infallible>(dispatch(state, router, drop_signal, req.map(Body::new)).await)
                        }
                    })
                };
                connections.spawn(async move {
                    // A timer bounds how long a client may take to send its headers (slowloris).
                    let conn = hyper::server::conn::http1::Builder::new()
                        .timer(TokioTimer::new())
                        .header_read_timeout(HEADER_READ_TIMEOUT)
                        .serve_connection(TokioIo::new(stream), service);
                    // Dropping the connection future closes the socket with no response written.
                    tokio::select! {
                        _ = conn => {}
                        _ = drop_signal.notified() => {}
                    }
                });
            }
        }
    }
    drop(listener);
    connections.shutdown().await;
    let _ = worker.await;
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Chaos {
    Unavailable,
    Delay(u64),
    Drop,
}

fn pick_chaos(rate: f64) -> Option<Chaos> {
    let mut rng = rand::thread_rng();
    if rate <= 0.0 || !rng.gen_bool(rate.min(1.0)) {
        return None;
    }
    Some(match rng.gen_range(0..3) {
        0 => Chaos::Unavailable,
        1 => Chaos::Delay(rng.gen_range(0..=CHAOS_MAX_DELAY_MS)),
        _ => Chaos::Drop,
    })
}

/// One request through the pipeline.
async fn dispatch(
    state: AppState,
    router: Router,
    drop_signal: Arc<Notify>,
    req: Request,
) -> Response {
    let started = Instant::now();
    let method = req.method().clone();
    let path = req.uri().path().to_owned();
    let is_sdk = path.starts_with("/v1/sdk/");
    let cors_scope = is_sdk || (state.config.demo && path.starts_with("/demo/"));
    let origin = req
        .headers()
        .get(header::ORIGIN)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let granted = cors_scope && origin.as_deref().is_some_and(|o| state.origin_allowed(o));

    let mut resp = if cors_scope && method == Method::OPTIONS {
        preflight(granted)
    } else if is_sdk && origin.is_some() && !granted {
        ApiError::new(
            StatusCode::FORBIDDEN,
            "ORIGIN_NOT_ALLOWED",
            "This origin may not call the SDK endpoints.",
        )
        .into_response()
    } else {
        let chaos = if is_sdk {
            pick_chaos(state.config.chaos_rate)
        } else {
            None
        };
        match chaos {
            Some(Chaos::Unavailable) => {
                let mut r = ApiError::new(
                    StatusCode::SERVICE_UNAVAILABLE,
                    "SERVICE_UNAVAILABLE",
                    "The service is temporarily unavailable; retry.",
                )
                .into_response();
                r.headers_mut()
                    .insert(CHAOS_HEADER, HeaderValue::from_static("unavailable"));
                r
            }
            Some(Chaos::Delay(ms)) => {
                tokio::time::sleep(Duration::from_millis(ms)).await;
                let mut r = route(router, req).await;
                r.headers_mut()
                    .insert(CHAOS_HEADER, HeaderValue::from_static("delay"));
                r
            }
            Some(Chaos::Drop) => {
                // The handler runs to completion (its transaction commits), then the
                // connection is closed before a byte of the response is written.
                let _ = route(router, req).await;
                if state.config.log_requests {
                    crate::log::log!("{method} {path} chaos: connection dropped");
                }
                drop_signal.notify_one();
                return std::future::pending().await;
            }
            None => route(router, req).await,
        }
    };

    let headers = resp.headers_mut();
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    if cors_scope {
        headers.append(header::VARY, HeaderValue::from_static("Origin"));
        if let (true, Some(o)) = (granted, origin.as_deref()) {
            if let Ok(v) = HeaderValue::from_str(o) {
                headers.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, v);
            }
        }
    }
    if state.config.log_requests {
        crate::log::log!(
            "{method} {path} {} {}ms",
            resp.status().as_u16(),
            started.elapsed().as_millis()
        );
    }
    resp
}

fn preflight(granted: bool) -> Response {
    if !granted {
        return ApiError::new(
            StatusCode::FORBIDDEN,
            "ORIGIN_NOT_ALLOWED",
            "This origin may not call the SDK endpoints.",
        )
        .into_response();
    }
    let mut resp = StatusCode::NO_CONTENT.into_response();
    let h = resp.headers_mut();
    h.insert(
        header::ACCESS_CONTROL_ALLOW_METHODS,
        HeaderValue::from_static("GET, POST"),
    );
    h.insert(
        header::ACCESS_CONTROL_ALLOW_HEADERS,
        HeaderValue::from_static(CORS_ALLOW_HEADERS),
    );
    h.insert(
        header::ACCESS_CONTROL_MAX_AGE,
        HeaderValue::from_static("600"),
    );
    resp
}

/// Routes the request and gives every error the `{code, messages}` shape, including the ones
/// axum produces itself (405, extractor rejections).
async fn route(router: Router, req: Request) -> Response {
    let resp = match router.oneshot(req).await {
        Ok(r) => r,
        Err(never) => match never {},
    };
    let status = resp.status();
    let is_json = resp
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json"));
    if status.is_success() || status.is_redirection() || is_json {
        return resp;
    }
    let (code, fallback_message) = match status {
        StatusCode::METHOD_NOT_ALLOWED => (
            "METHOD_NOT_ALLOWED",
            "This method is not allowed on this resource.",
        ),
        StatusCode::NOT_FOUND => ("NOT_FOUND", "No such resource."),
        StatusCode::PAYLOAD_TOO_LARGE => ("PAYLOAD_TOO_LARGE", "The request body is too large."),
        StatusCode::UNSUPPORTED_MEDIA_TYPE => (
            "UNSUPPORTED_MEDIA_TYPE",
            "Send the body as Content-Type: application/json.",
        ),
        s if s.is_client_error() => ("INVALID_REQUEST", "The request is not valid."),
        _ => (
            "INTERNAL_ERROR",
            "The sandbox failed to handle the request.",
        ),
    };
    let allow = resp.headers().get(header::ALLOW).cloned();
    let text = match resp.into_body().collect().await {
        Ok(c) => String::from_utf8_lossy(&c.to_bytes()).trim().to_owned(),
        Err(_) => String::new(),
    };
    let message = if text.is_empty() || text.len() > 200 {
        fallback_message.to_owned()
    } else {
        text
    };
    let mut out = json_response(
        status,
        &serde_json::json!({ "code": code, "messages": [message] }),
    );
    if let Some(allow) = allow {
        out.headers_mut().insert(header::ALLOW, allow);
    }
    out
}
