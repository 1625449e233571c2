//! The only place the sandbox reads the clock.
use std::time::{SystemTime, UNIX_EPOCH};

/// Unix time in milliseconds.
pub fn now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
        .unwrap_or(0)
}

/// ISO 8601 UTC with milliseconds.
pub fn iso(ms: i64) -> String {
    enrollment_core::time::format_iso8601(ms)
}
