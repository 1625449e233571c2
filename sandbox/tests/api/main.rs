//! Integration tests: each starts a real sandbox on 127.0.0.1 port 0 and drives it over HTTP.
mod common;

mod abuse;
mod attempts;
mod chaos;
mod checkout;
mod errors;
mod flow;
mod http;
mod hygiene;
mod idempotency;
mod resilience;
mod webhooks;
