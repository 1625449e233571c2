//! Static files: `www/` at `/`, the built package at `/pkg/`, with exact MIME types and a strict
//! CSP on HTML.
use std::path::{Path, PathBuf};

use axum::body::Body;
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::response::Response;

use crate::error::ApiError;
use crate::state::AppState;

/// The Content-Security-Policy of every HTML page.
pub const CSP: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/// The MIME type of a file, by extension.
pub fn mime_type(path: &Path) -> &'static str {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    match ext.as_deref() {
        Some("html" | "htm") => "text/html; charset=utf-8",
        Some("js" | "mjs") => "text/javascript; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("wasm") => "application/wasm",
        Some("json" | "map") => "application/json",
        Some("svg") => "image/svg+xml",
        Some("png") => "image/png",
        Some("jpg" | "jpeg") => "image/jpeg",
        Some("gif") => "image/gif",
        Some("webp") => "image/webp",
        Some("ico") => "image/x-icon",
        Some("woff2") => "font/woff2",
        Some("txt" | "md" | "ts") => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

fn not_found() -> ApiError {
    ApiError::not_found("NOT_FOUND", "No such resource.")
}

/// Maps a URL path to a file under the right root, refusing anything that could climb out.
fn resolve(state: &AppState, url_path: &str) -> Option<PathBuf> {
    let (root, rest) = match url_path.strip_prefix("/pkg/") {
        Some(rest) => (&state.config.pkg_dir, rest),
        None => (&state.config.www_dir, url_path.trim_start_matches('/')),
    };
    let mut path = root.clone();
    for segment in rest.split('/').filter(|s| !s.is_empty()) {
        if segment == ".." || segment.starts_with('.') || segment.contains(['\\', '\0', '%', ':']) {
            return None;
        }
        path.push(segment);
    }
    if path.is_dir() {
        path.push("index.html");
    }
    // Symlinks inside a root must not lead out of it.
    let canonical = path.canonicalize().ok()?;
    let root = root.canonicalize().ok()?;
    canonical.starts_with(&root).then_some(canonical)
}

/// Serves a GET/HEAD for a path that no API route took.
pub async fn serve(
    state: &AppState,
    method: &Method,
    url_path: &str,
) -> Result<Response, ApiError> {
    if url_path.starts_with("/v1/") || url_path.starts_with("/demo/") || url_path == "/pkg" {
        return Err(not_found());
    }
    let Some(path) = resolve(state, url_path) else {
        return Err(not_found());
    };
    let bytes = tokio::fs::read(&path).await.map_err(|_| not_found())?;
    let mime = mime_type(&path);
    let len = bytes.len();
    let body = if method == Method::HEAD {
        Body::empty()
    } else {
        Body::from(bytes)
    };
    let mut resp = Response::new(body);
    *resp.status_mut() = StatusCode::OK;
    let headers = resp.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(mime));
    headers.insert(header::CONTENT_LENGTH, HeaderValue::from(len));
    // A development server: always revalidate, so a rebuilt pkg/ is picked up at once.
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    if mime.starts_with("text/html") {
        headers.insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(CSP),
        );
        headers.insert(
            header::REFERRER_POLICY,
            HeaderValue::from_static("no-referrer"),
        );
    }
    Ok(resp)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mime_types() {
        for (file, mime) in [
            ("a.wasm", "application/wasm"),
            ("a.js", "text/javascript; charset=utf-8"),
            ("a.mjs", "text/javascript; charset=utf-8"),
            ("a.css", "text/css; charset=utf-8"),
            ("index.html", "text/html; charset=utf-8"),
            ("x.d.ts", "text/plain; charset=utf-8"),
            ("noext", "application/octet-stream"),
        ] {
            assert_eq!(mime_type(Path::new(file)), mime, "{file}");
        }
    }
}
