//! The sandbox API server.
fn main() {}
