//! enrollment-sdk: the browser shell around `enrollment-core` (wasm-bindgen surface, DOM form, network).
