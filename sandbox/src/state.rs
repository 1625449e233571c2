//! The state every handler shares.
use std::sync::Arc;

use tokio::sync::Notify;

use crate::config::Config;
use crate::db::Db;

/// Shared by all handlers and the webhook worker.
#[derive(Clone)]
pub struct AppState {
    /// Inner, behind one Arc.
    pub inner: Arc<Inner>,
}

/// The resolved configuration and the handles.
pub struct Inner {
    /// As given at start.
    pub config: Config,
    /// The merchant key actually in use (given or generated).
    pub secret_key: String,
    /// The webhook signing secret actually in use.
    pub webhook_secret: String,
    /// Where each event is delivered.
    pub webhook_targets: Vec<String>,
    /// Origins allowed CORS on the SDK endpoints: `--allowed-origin` values and our own.
    pub cors_origins: Vec<String>,
    /// The database.
    pub db: Db,
    /// Wakes the webhook worker when an event is queued.
    pub outbox_wakeup: Notify,
}

impl std::ops::Deref for AppState {
    type Target = Inner;
    fn deref(&self) -> &Inner {
        &self.inner
    }
}

impl AppState {
    /// Whether `origin` gets a CORS grant (exact match, scheme + host + port).
    pub fn origin_allowed(&self, origin: &str) -> bool {
        let origin = origin.trim_end_matches('/');
        self.cors_origins
            .iter()
            .any(|o| o.trim_end_matches('/').eq_ignore_ascii_case(origin))
    }
}
