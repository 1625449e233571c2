//! The server's stderr log: one line per event, never a card number, never a panic.
use std::io::Write;

/// Writes one line to stderr; a closed or full stderr is ignored (`eprintln!` would panic).
pub fn line(args: std::fmt::Arguments<'_>) {
    let mut err = std::io::stderr().lock();
    let _ = err.write_fmt(args);
    let _ = err.write_all(b"\n");
}

/// `log!("…", args)`: [`line`] with `format!` syntax.
macro_rules! log {
    ($($arg:tt)*) => {
        $crate::log::line(format_args!($($arg)*))
    };
}
pub(crate) use log;
