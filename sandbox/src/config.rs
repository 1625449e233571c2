//! The server's configuration and its command-line flags.
use std::net::{IpAddr, Ipv4Addr};
use std::path::PathBuf;

/// Everything a sandbox instance needs to start.
#[derive(Debug, Clone)]
pub struct Config {
    /// Address to bind (default 127.0.0.1).
    pub host: IpAddr,
    /// Port to bind; 0 picks a free one.
    pub port: u16,
    /// SQLite file, or `:memory:`.
    pub db_path: String,
    /// Merchant secret key: the `private-secret-key` header, the token and fingerprint HMAC key.
    /// Random when `None`.
    pub secret_key: Option<String>,
    /// Webhook receivers (http only).
    pub webhook_urls: Vec<String>,
    /// Webhook signing secret; random when `None`.
    pub webhook_secret: Option<String>,
    /// Default lifetime of a customer session, in seconds.
    pub session_ttl_secs: i64,
    /// Origins granted CORS on the SDK endpoints, besides the server's own.
    pub allowed_origins: Vec<String>,
    /// Probability (0..=1) that an SDK request meets an injected fault.
    pub chaos_rate: f64,
    /// Enables the `/demo/*` endpoints.
    pub demo: bool,
    /// Served at `/`.
    pub www_dir: PathBuf,
    /// Served at `/pkg/`.
    pub pkg_dir: PathBuf,
    /// One stderr line per request (method, path without query, status, duration).
    pub log_requests: bool,
    /// Declined enrollments after which a session is locked (card-testing defence).
    pub session_decline_limit: u32,
    /// Declined enrollments of one customer in a rolling hour after which its sessions refuse
    /// further enrollments until the oldest of them is an hour old.
    pub customer_decline_limit: u32,
}

/// Default of [`Config::session_decline_limit`].
pub const SESSION_DECLINE_LIMIT: u32 = 5;
/// Default of [`Config::customer_decline_limit`].
pub const CUSTOMER_DECLINE_LIMIT: u32 = 20;

impl Default for Config {
    fn default() -> Self {
        let repo = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");
        Config {
            host: IpAddr::V4(Ipv4Addr::LOCALHOST),
            port: 8787,
            db_path: ":memory:".to_owned(),
            secret_key: None,
            webhook_urls: Vec::new(),
            webhook_secret: None,
            session_ttl_secs: 3600,
            allowed_origins: Vec::new(),
            chaos_rate: 0.0,
            demo: false,
            www_dir: repo.join("www"),
            pkg_dir: repo.join("pkg"),
            log_requests: false,
            session_decline_limit: SESSION_DECLINE_LIMIT,
            customer_decline_limit: CUSTOMER_DECLINE_LIMIT,
        }
    }
}

/// The usage text printed for `--help` and after a bad flag.
pub const USAGE: &str =
    "usage: sandbox [--host ADDR] [--port N] [--db PATH|:memory:] [--secret-key KEY]
               [--webhook-url URL]... [--webhook-secret SECRET] [--session-ttl SECS]
               [--allowed-origin ORIGIN]... [--chaos-rate P] [--demo] [--www DIR] [--pkg DIR]
               [--session-decline-limit N] [--customer-decline-limit N] [--quiet]";

/// What the command line asks for.
#[derive(Debug)]
pub enum Command {
    /// Start the server.
    Run(Box<Config>),
    /// Print the usage.
    Help,
}

/// Parses the flags (without the program name). `--flag value` and `--flag=value` both work.
pub fn parse_args<I: IntoIterator<Item = String>>(args: I) -> Result<Command, String> {
    let mut config = Config {
        log_requests: true,
        ..Config::default()
    };
    let mut args = args.into_iter();
    while let Some(arg) = args.next() {
        let (flag, inline) = match arg.split_once('=') {
            Some((f, v)) if f.starts_with("--") => (f.to_owned(), Some(v.to_owned())),
            _ => (arg.clone(), None),
        };
        let mut value = |name: &str| -> Result<String, String> {
            match inline.clone().or_else(|| args.next()) {
                Some(v) => Ok(v),
                None => Err(format!("{name} needs a value")),
            }
        };
        match flag.as_str() {
            "-h" | "--help" => return Ok(Command::Help),
            "--host" => {
                let v = value("--host")?;
                config.host = v
                    .parse()
                    .map_err(|_| format!("--host: not an IP address: {v}"))?;
            }
            "--port" => {
                let v = value("--port")?;
                config.port = v.parse().map_err(|_| format!("--port: not a port: {v}"))?;
            }
            "--db" => config.db_path = value("--db")?,
            "--secret-key" => {
                config.secret_key = Some(non_empty("--secret-key", value("--secret-key")?)?)
            }
            "--webhook-url" => config.webhook_urls.push(value("--webhook-url")?),
            "--webhook-secret" => {
                config.webhook_secret =
                    Some(non_empty("--webhook-secret", value("--webhook-secret")?)?)
            }
            "--session-ttl" => {
                let v = value("--session-ttl")?;
                config.session_ttl_secs = match v.parse::<i64>() {
                    Ok(n) if (1..=86_400).contains(&n) => n,
                    _ => return Err(format!("--session-ttl: expected 1..86400 seconds, got {v}")),
                };
            }
            "--allowed-origin" => config.allowed_origins.push(value("--allowed-origin")?),
            "--chaos-rate" => {
                let v = value("--chaos-rate")?;
                config.chaos_rate = match v.parse::<f64>() {
                    Ok(p) if (0.0..=1.0).contains(&p) => p,
                    _ => {
                        return Err(format!(
                            "--chaos-rate: expected a probability 0..1, got {v}"
                        ))
                    }
                };
            }
            "--demo" => config.demo = true,
            "--www" => config.www_dir = PathBuf::from(value("--www")?),
            "--pkg" => config.pkg_dir = PathBuf::from(value("--pkg")?),
            "--session-decline-limit" => {
                config.session_decline_limit =
                    limit("--session-decline-limit", value("--session-decline-limit")?)?
            }
            "--customer-decline-limit" => {
                config.customer_decline_limit = limit(
                    "--customer-decline-limit",
                    value("--customer-decline-limit")?,
                )?
            }
            "--quiet" => config.log_requests = false,
            other => return Err(format!("unknown flag: {other}")),
        }
    }
    Ok(Command::Run(Box::new(config)))
}

fn limit(flag: &str, v: String) -> Result<u32, String> {
    match v.parse::<u32>() {
        Ok(n) if n >= 1 => Ok(n),
        _ => Err(format!(
            "{flag}: expected a whole number of at least 1, got {v}"
        )),
    }
}

fn non_empty(flag: &str, v: String) -> Result<String, String> {
    if v.is_empty() {
        Err(format!("{flag} must not be empty"))
    } else {
        Ok(v)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(args: &[&str]) -> Result<Config, String> {
        match parse_args(args.iter().map(|s| s.to_string()))? {
            Command::Run(c) => Ok(*c),
            Command::Help => Err("help".into()),
        }
    }

    #[test]
    fn flags() {
        let c = run(&[
            "--port",
            "0",
            "--db=:memory:",
            "--webhook-url",
            "http://127.0.0.1:9/a",
            "--webhook-url",
            "http://127.0.0.1:9/b",
            "--allowed-origin",
            "http://localhost:3000",
            "--chaos-rate",
            "0.3",
            "--session-ttl",
            "60",
            "--demo",
            "--secret-key",
            "k",
            "--session-decline-limit",
            "3",
            "--customer-decline-limit=7",
        ])
        .unwrap();
        assert_eq!(c.session_decline_limit, 3);
        assert_eq!(c.customer_decline_limit, 7);
        assert_eq!(c.port, 0);
        assert_eq!(c.db_path, ":memory:");
        assert_eq!(c.webhook_urls.len(), 2);
        assert_eq!(c.allowed_origins, vec!["http://localhost:3000"]);
        assert_eq!(c.chaos_rate, 0.3);
        assert_eq!(c.session_ttl_secs, 60);
        assert!(c.demo);
        assert_eq!(c.secret_key.as_deref(), Some("k"));
    }

    #[test]
    fn bad_flags() {
        for args in [
            &["--port", "x"][..],
            &["--port"],
            &["--chaos-rate", "2"],
            &["--session-ttl", "0"],
            &["--nope"],
            &["--secret-key", ""],
            &["--session-decline-limit", "0"],
            &["--customer-decline-limit", "-1"],
        ] {
            assert!(run(args).is_err(), "{args:?}");
        }
        let defaults = run(&[]).unwrap();
        assert_eq!(defaults.session_decline_limit, SESSION_DECLINE_LIMIT);
        assert_eq!(defaults.customer_decline_limit, CUSTOMER_DECLINE_LIMIT);
        assert!(matches!(
            parse_args(["--help".to_string()]),
            Ok(Command::Help)
        ));
    }
}
