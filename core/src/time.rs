//! ISO 8601 timestamps and calendar arithmetic (UTC), without a clock.
use crate::expiry::YearMonth;

const MS_PER_DAY: i64 = 86_400_000;

/// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's `days_from_civil`).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// Inverse of [`days_from_civil`]: (year, month 1–12, day 1–31).
fn civil_from_days(days: i64) -> (i64, u8, u8) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    // Both values are bounded by construction (1..=31, 1..=12).
    (year, month as u8, day as u8)
}

fn is_leap(year: i64) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

fn days_in_month(year: i64, month: i64) -> i64 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Reads exactly `n` ASCII digits at `*pos`, advancing it.
fn digits(b: &[u8], pos: &mut usize, n: usize) -> Option<i64> {
    let end = pos.checked_add(n)?;
    let chunk = b.get(*pos..end)?;
    if !crate::all_bytes_in(chunk, crate::is_digit) {
        return None;
    }
    *pos = end;
    Some(crate::decimal(chunk))
}

fn literal(b: &[u8], pos: &mut usize, c: u8) -> Option<()> {
    if b.get(*pos) == Some(&c) {
        *pos += 1;
        Some(())
    } else {
        None
    }
}

/// Parses an ISO 8601 / RFC 3339 timestamp ("2026-11-24T03:57:01.123Z", "…+02:00", fraction
/// optional) into Unix milliseconds.
///
/// The date and time are both required (a session's `expires_at` always has them); the
/// separator may be `T`, `t` or a space, the zone `Z`, `z`, `±HH:MM` or `±HHMM`. Fractions
/// beyond milliseconds are truncated. A leap second (`:60`) is read as the last second of
/// its minute.
pub fn parse_iso8601(s: &str) -> Option<i64> {
    let b = crate::trim_space(s).as_bytes();
    let mut p = 0;
    let year = digits(b, &mut p, 4)?;
    literal(b, &mut p, b'-')?;
    let month = digits(b, &mut p, 2)?;
    literal(b, &mut p, b'-')?;
    let day = digits(b, &mut p, 2)?;
    match b.get(p) {
        Some(b'T' | b't' | b' ') => p += 1,
        _ => return None,
    }
    let hour = digits(b, &mut p, 2)?;
    literal(b, &mut p, b':')?;
    let minute = digits(b, &mut p, 2)?;
    literal(b, &mut p, b':')?;
    let second = digits(b, &mut p, 2)?;
    if !(1..=12).contains(&month)
        || day < 1
        || day > days_in_month(year, month)
        || hour > 23
        || minute > 59
        || second > 60
    {
        return None;
    }
    let mut millis = 0i64;
    if matches!(b.get(p), Some(b'.' | b',')) {
        p += 1;
        let start = p;
        while let Some(c) = b.get(p).filter(|c| c.is_ascii_digit()) {
            if p - start < 3 {
                millis = millis * 10 + i64::from(c - b'0');
            }
            p += 1;
        }
        let n = p - start;
        if n == 0 {
            return None;
        }
        let mut n = n;
        while n < 3 {
            millis *= 10;
            n += 1;
        }
    }
    let offset_minutes = match b.get(p) {
        Some(b'Z' | b'z') => {
            p += 1;
            0
        }
        Some(&sign @ (b'+' | b'-')) => {
            p += 1;
            let oh = digits(b, &mut p, 2)?;
            if b.get(p) == Some(&b':') {
                p += 1;
            }
            let om = digits(b, &mut p, 2)?;
            if oh > 23 || om > 59 {
                return None;
            }
            let total = oh * 60 + om;
            if sign == b'-' {
                -total
            } else {
                total
            }
        }
        _ => return None,
    };
    if p != b.len() {
        return None;
    }
    let days = days_from_civil(year, month, day);
    let secs = days * 86_400 + hour * 3600 + minute * 60 + second.min(59) - offset_minutes * 60;
    Some(secs * 1000 + millis)
}

/// Appends `value` in decimal, zero-padded on the left to at least `width` digits (the shell's ids,
/// HTTP codes and card expiries use it too).
pub fn push_padded(out: &mut String, value: u64, width: usize) {
    let mut buf = [b'0'; 20];
    let mut v = value;
    let mut i = buf.len();
    loop {
        i -= 1;
        buf[i] = b'0' + (v % 10) as u8;
        v /= 10;
        if v == 0 {
            break;
        }
    }
    let mut len = buf.len() - i;
    // Index loops (see `crate::find_byte`).
    while len < width {
        out.push('0');
        len += 1;
    }
    while i < buf.len() {
        out.push(char::from(buf[i]));
        i += 1;
    }
}

/// Formats Unix milliseconds as ISO 8601 UTC with milliseconds: "2026-11-24T03:57:01.123Z".
///
/// Years before 0 get a leading `-` and years past 9999 more digits; [`parse_iso8601`] reads
/// back the four-digit years only.
pub fn format_iso8601(unix_ms: i64) -> String {
    let days = unix_ms.div_euclid(MS_PER_DAY);
    let in_day = unix_ms.rem_euclid(MS_PER_DAY);
    let (year, month, day) = civil_from_days(days);
    let mut out = String::with_capacity(24);
    if year < 0 {
        out.push('-');
    }
    push_padded(&mut out, year.unsigned_abs(), 4);
    out.push('-');
    push_padded(&mut out, u64::from(month), 2);
    out.push('-');
    push_padded(&mut out, u64::from(day), 2);
    out.push('T');
    let in_day = in_day.unsigned_abs();
    push_padded(&mut out, in_day / 3_600_000, 2);
    out.push(':');
    push_padded(&mut out, in_day / 60_000 % 60, 2);
    out.push(':');
    push_padded(&mut out, in_day / 1000 % 60, 2);
    out.push('.');
    push_padded(&mut out, in_day % 1000, 3);
    out.push('Z');
    out
}

/// The UTC calendar month of a Unix time in milliseconds (years outside 0..=65535 are clamped).
pub fn year_month(unix_ms: i64) -> YearMonth {
    let (year, month, _) = civil_from_days(unix_ms.div_euclid(MS_PER_DAY));
    YearMonth {
        year: year.clamp(0, i64::from(u16::MAX)) as u16,
        month,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_table() {
        let cases: &[(&str, Option<i64>)] = &[
            ("1970-01-01T00:00:00Z", Some(0)),
            ("1970-01-01T00:00:00.000Z", Some(0)),
            ("1970-01-01T00:00:01.5Z", Some(1500)),
            ("1970-01-01T00:00:01.25Z", Some(1250)),
            ("1970-01-01T00:00:01.123456789Z", Some(1123)),
            ("1970-01-01t00:00:01z", Some(1000)),
            ("1970-01-01 00:00:01Z", Some(1000)),
            ("2026-11-24T03:57:01.123Z", Some(1_795_492_621_123)),
            ("2026-11-24T05:57:01.123+02:00", Some(1_795_492_621_123)),
            ("2026-11-24T05:57:01.123+0200", Some(1_795_492_621_123)),
            ("2026-11-23T23:57:01.123-04:00", Some(1_795_492_621_123)),
            ("  2026-11-24T03:57:01.123Z  ", Some(1_795_492_621_123)),
            ("2000-02-29T00:00:00Z", Some(951_782_400_000)),
            ("1969-12-31T23:59:59Z", Some(-1000)),
            ("2016-12-31T23:59:60Z", Some(1_483_228_799_000)),
            ("", None),
            ("2026", None),
            ("2026-11-24", None),
            ("2026-11-24T03:57Z", None),
            ("2026-11-24T03:57:01", None),
            ("2026-11-24T03:57:01.Z", None),
            ("2026-13-24T03:57:01Z", None),
            ("2026-00-24T03:57:01Z", None),
            ("2026-02-29T03:57:01Z", None),
            ("1900-02-29T03:57:01Z", None),
            ("2026-04-31T03:57:01Z", None),
            ("2026-11-24T24:00:00Z", None),
            ("2026-11-24T23:60:00Z", None),
            ("2026-11-24T23:00:61Z", None),
            ("2026-11-24T23:00:00+24:00", None),
            ("2026-11-24T23:00:00+02:60", None),
            ("2026-11-24T23:00:00Zjunk", None),
            ("2026-11-24X23:00:00Z", None),
            ("2026-1d-24T23:00:00Z", None),
            ("2026-11-24T23-00:00Z", None),
            ("2026-11-24t23:00:00Z", Some(1_795_561_200_000)),
            ("2026-11-24 23:00:00Z", Some(1_795_561_200_000)),
            ("２026-11-24T23:00:00Z", None),
            ("+2026-11-24T23:00:00Z", None),
        ];
        for (input, want) in cases {
            assert_eq!(parse_iso8601(input), *want, "{input:?}");
        }
    }

    #[test]
    fn formats_table() {
        let cases: &[(i64, &str)] = &[
            (0, "1970-01-01T00:00:00.000Z"),
            (1_795_492_621_123, "2026-11-24T03:57:01.123Z"),
            (-1, "1969-12-31T23:59:59.999Z"),
            (951_782_400_000, "2000-02-29T00:00:00.000Z"),
            (253_402_300_799_999, "9999-12-31T23:59:59.999Z"),
            (-62_167_219_200_000, "0000-01-01T00:00:00.000Z"),
        ];
        for (ms, want) in cases {
            assert_eq!(format_iso8601(*ms), *want);
            assert_eq!(parse_iso8601(want), Some(*ms));
        }
        // Extreme values must not panic.
        assert!(!format_iso8601(i64::MAX).is_empty());
        assert!(format_iso8601(i64::MIN).starts_with('-'));
    }

    #[test]
    fn year_month_table() {
        let cases: &[(i64, u16, u8)] = &[
            (0, 1970, 1),
            (-1, 1969, 12),
            (1_795_492_621_123, 2026, 11),
            (951_782_400_000, 2000, 2),
            (i64::MIN, 0, 1),
            (i64::MAX, u16::MAX, 1),
        ];
        for &(ms, year, month) in cases {
            let ym = year_month(ms);
            assert_eq!(ym.year, year, "{ms}");
            if ms != i64::MAX && ms != i64::MIN {
                assert_eq!(ym.month, month, "{ms}");
            }
        }
    }

    #[test]
    fn civil_round_trip_every_day_of_four_centuries() {
        for days in days_from_civil(1900, 1, 1)..days_from_civil(2300, 1, 1) {
            let (y, m, d) = civil_from_days(days);
            assert_eq!(days_from_civil(y, i64::from(m), i64::from(d)), days);
        }
    }

    proptest::proptest! {
        #[test]
        fn parse_never_panics(s in "\\PC*") {
            let _ = parse_iso8601(&s);
        }

        #[test]
        fn format_then_parse_round_trips(ms in -62_167_219_200_000i64..253_402_300_800_000) {
            proptest::prop_assert_eq!(parse_iso8601(&format_iso8601(ms)), Some(ms));
        }

        #[test]
        fn iso_like_strings_never_panic(s in "[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]{0,12})?(Z|[+-][0-9]{2}:?[0-9]{2})") {
            let _ = parse_iso8601(&s);
        }
    }
}
