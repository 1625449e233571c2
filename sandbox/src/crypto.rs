//! HMAC, hashing, constant-time comparison and random identifiers.
use base64::Engine as _;
use hmac::{Hmac, Mac};
use rand::RngCore;
use sha2::Sha256;

type HmacSha256 = Hmac<Sha256>;

/// HMAC-SHA256 of `parts` concatenated.
pub fn hmac_sha256(key: &[u8], parts: &[&[u8]]) -> [u8; 32] {
    // new_from_slice accepts keys of any length for HMAC; the Err arm cannot happen, but a
    // fallback keeps this total without a panic.
    let mut mac = match HmacSha256::new_from_slice(key) {
        Ok(m) => m,
        Err(_) => return [0; 32],
    };
    for p in parts {
        mac.update(p);
    }
    mac.finalize().into_bytes().into()
}

/// Lowercase hex.
pub fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        s.push(DIGITS[usize::from(b >> 4)] as char);
        s.push(DIGITS[usize::from(b & 15)] as char);
    }
    s
}

/// The card fingerprint: HMAC-SHA256(secret key, digits), hex. Same card, same merchant key,
/// same fingerprint; the number cannot be recovered without the key.
pub fn fingerprint(secret_key: &str, digits: &str) -> String {
    hex(&hmac_sha256(secret_key.as_bytes(), &[digits.as_bytes()]))
}

/// What an idempotency key is compared by: a keyed hash of the raw request body, so the stored
/// value cannot be brute-forced back into the card it was computed from.
pub fn request_hash(secret_key: &str, body: &[u8]) -> String {
    hex(&hmac_sha256(
        secret_key.as_bytes(),
        &[b"idempotency-request\0", body],
    ))
}

/// The webhook signature header value: base64(HMAC-SHA256(secret, raw body)).
pub fn webhook_signature(secret: &str, body: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(hmac_sha256(secret.as_bytes(), &[body]))
}

/// Checks a webhook signature in constant time.
pub fn verify_webhook_signature(secret: &str, body: &[u8], signature: &str) -> bool {
    ct_eq(
        webhook_signature(secret, body).as_bytes(),
        signature.trim().as_bytes(),
    )
}

/// Constant-time equality (the length is not secret).
pub fn ct_eq(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// `n` random bytes from the OS generator, as hex.
pub fn random_hex(n: usize) -> String {
    let mut buf = vec![0u8; n];
    rand::rngs::OsRng.fill_bytes(&mut buf);
    hex(&buf)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hmac_known_answer() {
        // RFC 4231 test case 2.
        let mac = hmac_sha256(b"Jefe", &[b"what do ya want ", b"for nothing?"]);
        assert_eq!(
            hex(&mac),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
    }

    #[test]
    fn signature_round_trip() {
        let sig = webhook_signature("whsec", b"{}");
        assert!(verify_webhook_signature("whsec", b"{}", &sig));
        assert!(!verify_webhook_signature("other", b"{}", &sig));
        assert!(!verify_webhook_signature("whsec", b"{ }", &sig));
    }

    #[test]
    fn ct_eq_cases() {
        assert!(ct_eq(b"abc", b"abc"));
        assert!(!ct_eq(b"abc", b"abd"));
        assert!(!ct_eq(b"abc", b"ab"));
    }
}
