//! Fuzzes the sdk_token parser, the client check and the server verify; a minted token must
//! always verify and survive parsing.
#![no_main]
use enrollment_core::token::{self, Environment, TokenKind};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(s) = std::str::from_utf8(data) else {
        return;
    };
    let parsed = token::parse(s);
    for kind in [TokenKind::Customer, TokenKind::Checkout] {
        let checked = token::check(s, kind, Some(1_800_000_000), 1_700_000_000);
        // A structural error is the same whichever way the token is read.
        if let Err(e) = &parsed {
            assert_eq!(checked.as_ref().err(), Some(e));
        }
        let _ = token::verify(b"fuzz-key", s, kind, 1_700_000_000);
    }
    // Minting from fuzzed parts never panics, and a well-formed session round-trips.
    let exp = data
        .iter()
        .fold(0i64, |v, &b| (v * 31 + i64::from(b)) % 1_000_000_000_000);
    let minted = token::mint(data, TokenKind::Customer, Environment::Test, s, exp);
    if s.len() == 32 && s.bytes().all(|b| b.is_ascii_hexdigit()) {
        let t =
            token::verify(data, &minted, TokenKind::Customer, exp - 6).expect("minted verifies");
        assert_eq!(t.expires_at, Some(exp));
    }
});
