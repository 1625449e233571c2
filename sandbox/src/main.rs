//! The sandbox binary: parses the flags, starts the server, stops it on Ctrl-C or SIGTERM.
use std::io::Write;
use std::process::ExitCode;

use sandbox::{parse_args, Command, USAGE};

#[tokio::main]
async fn main() -> ExitCode {
    let config = match parse_args(std::env::args().skip(1)) {
        Ok(Command::Run(config)) => config,
        Ok(Command::Help) => {
            announce(USAGE);
            return ExitCode::SUCCESS;
        }
        Err(e) => {
            eprintln!("sandbox: {e}\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    let server = match sandbox::run(*config).await {
        Ok(s) => s,
        Err(e) => {
            eprintln!("sandbox: {e}");
            return ExitCode::FAILURE;
        }
    };
    // Scripts and tests parse the first line: keep its exact form.
    announce(&format!("sandbox listening on {}", server.url()));
    announce(&format!("secret key: {}", server.secret_key()));
    announce(&format!("webhook secret: {}", server.webhook_secret()));
    wait_for_signal().await;
    server.shutdown().await;
    ExitCode::SUCCESS
}

/// The listening line is the binary's interface, so it goes to stdout; a reader that went away
/// (a script that took the first line and closed the pipe) must not bring the server down.
fn announce(line: &str) {
    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "{line}");
    let _ = out.flush();
}

async fn wait_for_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        if let Ok(mut term) = signal(SignalKind::terminate()) {
            tokio::select! {
                _ = tokio::signal::ctrl_c() => {}
                _ = term.recv() => {}
            }
            return;
        }
    }
    let _ = tokio::signal::ctrl_c().await;
}
