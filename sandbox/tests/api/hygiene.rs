//! Data hygiene: after enrollments, no card number is anywhere in the database files.
use crate::common::*;

fn files_of(db: &std::path::Path) -> Vec<(String, Vec<u8>)> {
    let dir = db.parent().unwrap();
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .map(|p| (p.display().to_string(), std::fs::read(&p).unwrap()))
        .collect()
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

fn assert_clean(db: &std::path::Path, numbers: &[String]) {
    let files = files_of(db);
    assert!(files.iter().any(|(name, _)| name.ends_with(".sqlite3")));
    for (name, bytes) in &files {
        for number in numbers {
            let spaced: String = number
                .chars()
                .enumerate()
                .flat_map(|(i, c)| (i > 0 && i % 4 == 0).then_some(' ').into_iter().chain([c]))
                .collect();
            for form in [number.as_str(), spaced.as_str()] {
                assert!(
                    !contains(bytes, form.as_bytes()),
                    "{form:?} found in {name}"
                );
            }
        }
    }
}

#[tokio::test]
async fn no_card_number_in_the_database_files() {
    let dir = temp_dir("hygiene");
    let db = dir.join("sandbox.sqlite3");
    let sb = Sandbox::with(Config {
        db_path: db.to_str().unwrap().to_owned(),
        ..test_config()
    })
    .await;
    let (_, token) = sb.customer_with_token("hygiene").await;
    let mut numbers = Vec::new();
    for (i, (number, cvc)) in [
        (VISA_OK, "123"),
        (MC_OK, "123"),
        (AMEX_OK, "1234"),
        (DINERS_OK, "123"),
        (VISA_FUNDS, "123"),
        ("4507990000000069", "123"),
        (VISA_77, "123"),
    ]
    .into_iter()
    .enumerate()
    {
        let status = sb
            .enroll(&token, &format!("h{i}"), &card(number, cvc))
            .await
            .status;
        assert!(status == 201 || status == 502);
        // Retry each once: the 77 card enrolls now, the others replay.
        assert_eq!(
            sb.enroll(&token, &format!("h{i}"), &card(number, cvc))
                .await
                .status,
            201
        );
        numbers.push(number.to_owned());
    }
    // One-click payments with new cards: one declined, one paid and vaulted.
    let customer = sb.customer("hygiene-buyer").await;
    for (i, (number, vault)) in [("5252440000000010", false), ("4507991111111118", true)]
        .into_iter()
        .enumerate()
    {
        let chk = sb
            .merchant(
                reqwest::Method::POST,
                "/v1/checkout/sessions",
                Some(&serde_json::json!({
                    "customer_id": customer,
                    "amount": { "value": 12.5, "currency": "EUR" },
                    "merchant_order_id": format!("h-{i}"),
                    "vault_on_success": vault,
                })),
            )
            .await;
        let auth = format!("Bearer {}", chk.json["sdk_token"].as_str().unwrap());
        let r = sb
            .request(
                reqwest::Method::POST,
                "/v1/sdk/payments",
                &[("authorization", &auth), ("x-idempotency-key", "pay")],
                Some(&card(number, "123")),
            )
            .await;
        assert_eq!(r.status, 201, "{}", r.json);
        numbers.push(number.to_owned());
    }
    // While running (the WAL holds the recent writes) and after a clean shutdown.
    assert!(files_of(&db).iter().any(|(n, _)| n.ends_with("-wal")));
    assert_clean(&db, &numbers);
    sb.stop().await;
    assert_clean(&db, &numbers);
    std::fs::remove_dir_all(&dir).unwrap();
}
