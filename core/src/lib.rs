//! Every rule of enrollment-sdk that can be decided without a browser: the sdk_token, card brands,
//! Luhn, as-you-type formatting with caret mapping, expiry, CVC, holder name and the message catalog.
//!
//! Nothing here reads the clock: functions that judge time take `now` / `today` as a parameter.
#![forbid(unsafe_code)]
#![deny(missing_docs)]
#![cfg_attr(
    not(test),
    deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)
)]

pub mod brand;
pub mod cvc;
pub mod expiry;
pub mod format;
pub mod holder;
pub mod luhn;
pub mod messages;
pub mod number;
pub mod time;
pub mod token;
pub mod validity;

pub use brand::{Brand, BrandInfo, Detection};
pub use validity::Validity;
