//! The sandbox binary: parses the flags, starts the server, stops it on Ctrl-C or SIGTERM.
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

// The listening line is the binary's interface, so stdout is the right place for it.
#[allow(clippy::print_stdout)]
fn announce(line: &str) {
    println!("{line}");
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
