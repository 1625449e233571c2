//! The enrollment-sdk sandbox: a real HTTP API server (customers, customer sessions, card vault
//! with exactly-once enrollment, signed webhooks from a durable outbox, fault injection) for the
//! demo page and every test to run against. Start one with [`run`].
#![cfg_attr(
    not(test),
    deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)
)]

mod auth;
mod body;
mod cards;
mod checkout;
mod clock;
pub mod config;
mod crypto;
mod db;
mod demo;
mod error;
mod limits;
mod log;
mod merchant;
mod model;
mod server;
mod state;
mod static_files;
mod vault;
mod webhooks;

pub use config::{parse_args, Command, Config, USAGE};
pub use server::{run, Server, StartError, CHAOS_HEADER};
pub use static_files::CSP;
