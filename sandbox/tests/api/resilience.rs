//! Crash safety (kill -9 of the real binary mid-burst, chaos on) and a burst of 200 concurrent
//! enrollments: nothing lost, nothing twice.
use std::collections::{HashMap, HashSet};
use std::io::{BufRead, BufReader};
use std::process::{Child, ChildStdout, Command, Stdio};
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

use reqwest::Method;
use serde_json::{json, Value};

use crate::common::*;

/// `count` distinct valid Visa numbers whose last two digits are no test outcome (DESIGN §6).
fn enrollable_visas(count: usize) -> Vec<String> {
    const OUTCOMES: [&str; 7] = ["10", "28", "36", "44", "51", "69", "77"];
    (0u64..)
        .filter_map(|i| {
            let body = format!("450799{:09}", 123_000_000 + i);
            (0..=9)
                .map(|d| format!("{body}{d}"))
                .find(|n| enrollment_core::luhn::is_valid(n))
        })
        .filter(|n| !OUTCOMES.contains(&&n[n.len() - 2..]))
        .take(count)
        .collect()
}

/// The real binary, started the way scripts start it.
struct Process {
    child: Child,
    // Held open for the child's lifetime: it keeps writing to it.
    _stdout: BufReader<ChildStdout>,
    url: String,
}

fn spawn(args: &[&str]) -> Process {
    let mut child = Command::new(env!("CARGO_BIN_EXE_sandbox"))
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    let mut line = String::new();
    stdout.read_line(&mut line).unwrap();
    let url = line
        .trim()
        .strip_prefix("sandbox listening on ")
        .unwrap_or_else(|| panic!("unexpected first line: {line:?}"))
        .to_owned();
    assert!(url.starts_with("http://127.0.0.1:"), "{url}");
    Process {
        child,
        _stdout: stdout,
        url,
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn kill_9_mid_burst_loses_nothing_and_duplicates_nothing() {
    const N: usize = 50;
    let dir = temp_dir("crash");
    let db = dir.join("sandbox.sqlite3").to_str().unwrap().to_owned();
    let receiver = Receiver::start(200).await;
    let args = [
        "--port",
        "0",
        "--db",
        &db,
        "--secret-key",
        KEY,
        "--webhook-secret",
        WEBHOOK_SECRET,
        "--webhook-url",
        &receiver.url,
        "--chaos-rate",
        "0.3",
        "--quiet",
    ];
    let mut process = spawn(&args);
    let url = Arc::new(RwLock::new(process.url.clone()));
    let http = reqwest::Client::builder()
        .no_proxy()
        .pool_max_idle_per_host(0)
        .timeout(Duration::from_secs(10))
        .build()
        .unwrap();

    // Merchant calls see no chaos.
    let merchant = |method: Method, path: String, body: Value| {
        let req = http
            .request(method, format!("{}{path}", url.read().unwrap()))
            .header("private-secret-key", KEY)
            .header("content-type", "application/json")
            .body(body.to_string());
        async move { reply(req.send().await.unwrap()).await }
    };
    let customer = merchant(
        Method::POST,
        "/v1/customers".into(),
        json!({ "merchant_customer_id": "crash" }),
    )
    .await
    .json["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let token = merchant(
        Method::POST,
        format!("/v1/customers/{customer}/sessions"),
        json!({}),
    )
    .await
    .json["sdk_token"]
        .as_str()
        .unwrap()
        .to_owned();

    // Each client retries its one enrollment with the same key through 503s, dropped
    // connections and the dead server, as the SDK does, until it gets its 201.
    let successes = Arc::new(RwLock::new(HashMap::<String, String>::new()));
    let requests = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let mut clients = Vec::new();
    for (i, number) in enrollable_visas(N).into_iter().enumerate() {
        let (http, url, token, successes, requests) = (
            http.clone(),
            Arc::clone(&url),
            token.clone(),
            Arc::clone(&successes),
            Arc::clone(&requests),
        );
        clients.push(tokio::spawn(async move {
            let key = format!("crash-{i}");
            let body = card(&number, "123").to_string();
            for _ in 0..2000 {
                let base = url.read().unwrap().clone();
                requests.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                let sent = http
                    .post(format!("{base}/v1/sdk/payment-methods"))
                    .header("authorization", format!("Bearer {token}"))
                    .header("x-idempotency-key", &key)
                    .header("content-type", "application/json")
                    .body(body.clone())
                    .send()
                    .await;
                if let Ok(resp) = sent {
                    let r = reply(resp).await;
                    match r.status {
                        201 => {
                            let id = r.json["id"].as_str().unwrap().to_owned();
                            successes.write().unwrap().insert(key, id);
                            return;
                        }
                        503 => {}
                        other => panic!("{key}: unexpected {other}: {}", r.json),
                    }
                }
                tokio::time::sleep(Duration::from_millis(20)).await;
            }
            panic!("{key} never succeeded");
        }));
    }

    // Kill -9 once some have succeeded and others are in flight; restart on the same file.
    let guard = Instant::now();
    while successes.read().unwrap().len() < N / 5 {
        assert!(guard.elapsed() < Duration::from_secs(60), "hang guard");
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    let done_at_kill = successes.read().unwrap().len();
    assert!(done_at_kill < N, "killed mid-burst");
    process.child.kill().unwrap();
    process.child.wait().unwrap();
    let restarted = spawn(&args);
    *url.write().unwrap() = restarted.url.clone();
    process = restarted;

    for c in clients {
        c.await.unwrap();
    }
    let successes = successes.read().unwrap().clone();
    assert_eq!(successes.len(), N);

    // Exactly one method per key, and it is the one the client was told about.
    let listed = merchant(
        Method::GET,
        format!("/v1/customers/{customer}/payment-methods"),
        json!({}),
    )
    .await;
    let ids: HashSet<String> = listed.json["payment_methods"]
        .as_array()
        .unwrap()
        .iter()
        .map(|pm| pm["id"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(listed.json["payment_methods"].as_array().unwrap().len(), N);
    assert_eq!(ids, successes.values().cloned().collect::<HashSet<_>>());

    // Every enrollment's webhook arrives, signed; deduplicated by event id, one per method.
    let got = receiver
        .wait_for("one event per enrollment", |g| {
            g.iter()
                .map(|h| h.json()["data"]["payment_method"]["id"].clone())
                .collect::<HashSet<_>>()
                .len()
                >= N
        })
        .await;
    let mut per_method: HashMap<String, HashSet<String>> = HashMap::new();
    for hook in &got {
        assert!(signature_valid(
            WEBHOOK_SECRET,
            &hook.body,
            hook.signature.as_deref().unwrap()
        ));
        let event = hook.json();
        let pm = event["data"]["payment_method"]["id"]
            .as_str()
            .unwrap()
            .to_owned();
        assert!(ids.contains(&pm), "webhook for an unknown method");
        per_method
            .entry(pm)
            .or_default()
            .insert(event["id"].as_str().unwrap().to_owned());
    }
    assert_eq!(per_method.len(), N);
    assert!(per_method.values().all(|events| events.len() == 1));
    crate::common::report(&format!(
        "crash: {N} enrollments under chaos 0.3, kill -9 after {done_at_kill} succeeded, restart \
         on the same file: {} requests in all, {N} payment methods (one per key, each the one \
         its client was told), {} webhook deliveries = {N} distinct events, one per enrollment",
        requests.load(std::sync::atomic::Ordering::Relaxed),
        got.len(),
    ));

    process.child.kill().unwrap();
    process.child.wait().unwrap();
    receiver.stop();
    std::fs::remove_dir_all(&dir).unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_hundred_concurrent_enrollments() {
    const N: usize = 200;
    let sb = Arc::new(Sandbox::start().await);
    let (customer, token) = sb.customer_with_token("load").await;
    let started = Instant::now();
    let mut tasks = Vec::new();
    for (i, number) in enrollable_visas(N).into_iter().enumerate() {
        let (sb, token) = (Arc::clone(&sb), token.clone());
        tasks.push(tokio::spawn(async move {
            let t = Instant::now();
            let r = sb
                .enroll(&token, &format!("load-{i}"), &card(&number, "123"))
                .await;
            (
                r.status,
                r.json["id"].as_str().map(str::to_owned),
                t.elapsed(),
            )
        }));
    }
    let mut ids = HashSet::new();
    let mut latencies = Vec::new();
    for t in tasks {
        let (status, id, latency) = t.await.unwrap();
        assert_eq!(status, 201);
        assert!(ids.insert(id.unwrap()), "an id twice");
        latencies.push(latency);
    }
    let elapsed = started.elapsed();
    assert_eq!(sb.merchant_list(&customer).await.len(), N);
    // Reported, not asserted: speed is the benchmark's business.
    latencies.sort();
    let build = if cfg!(debug_assertions) {
        "debug"
    } else {
        "release"
    };
    let pct = |p: usize| latencies[(N * p).div_ceil(100) - 1].as_secs_f64() * 1000.0;
    crate::common::report(&format!(
        "load: {N} concurrent enrollments ({build} build, loopback): 0 errors, 0 duplicates, \
         {:.0} enrollments/s, p50 {:.1} ms, p99 {:.1} ms, max {:.1} ms",
        N as f64 / elapsed.as_secs_f64(),
        pct(50),
        pct(99),
        pct(100),
    ));
    Arc::try_unwrap(sb).ok().unwrap().stop().await;
}
