//! enrollment-sdk: the browser shell around `enrollment-core` (wasm-bindgen surface, DOM form, network).
//!
//! Every rule lives in core; this crate moves values between the page and core: `api` is the
//! JS surface, `options` reads its arguments, `form` owns the DOM, `submit` and `net` talk to
//! the vault API, `checkout` is the one-click payment pane, `error` and `interop` convert to JS.
//!
//! Two features, two packages: `enrollment` (the default: `api`, `form`) and `checkout` (the
//! pane). The shipped SDK builds them apart so that enrollment pages never download the pane;
//! what both use compiles in either.
#![cfg_attr(
    not(test),
    deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)
)]

#[cfg(feature = "enrollment")]
mod api;
#[cfg(feature = "checkout")]
mod checkout;
mod dom;
mod error;
mod field;
#[cfg(feature = "enrollment")]
mod form;
mod i18n;
mod interop;
mod listener;
pub mod net;
mod options;
mod submit;
mod types;

#[cfg(feature = "enrollment")]
pub use api::{
    init_enrollment, parse_sdk_token, validate_card_number, validate_cvc, validate_expiry,
    Enrollment,
};
#[cfg(feature = "checkout")]
pub use checkout::{init_checkout, Checkout};

// Safe to construct: the lock makes the free list `Sync`; on the single wasm thread it is never
// contended.
#[cfg(target_arch = "wasm32")]
#[global_allocator]
static ALLOCATOR: lol_alloc::LockedAllocator<lol_alloc::FreeListAllocator> =
    lol_alloc::LockedAllocator::new(lol_alloc::FreeListAllocator::new());
