//! ISO 8601 timestamps and calendar arithmetic (UTC), without a clock.
use crate::expiry::YearMonth;

/// Parses an ISO 8601 / RFC 3339 timestamp ("2026-11-24T03:57:01.123Z", "…+02:00", fraction
/// optional) into Unix milliseconds.
pub fn parse_iso8601(s: &str) -> Option<i64> {
    let _ = s;
    unimplemented!()
}

/// Formats Unix milliseconds as ISO 8601 UTC with milliseconds: "2026-11-24T03:57:01.123Z".
pub fn format_iso8601(unix_ms: i64) -> String {
    let _ = unix_ms;
    unimplemented!()
}

/// The UTC calendar month of a Unix time in milliseconds.
pub fn year_month(unix_ms: i64) -> YearMonth {
    let _ = unix_ms;
    unimplemented!()
}
