//! An event listener as an owned value: dropping it removes it from its target.

use wasm_bindgen::closure::Closure;
use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Event, EventTarget};

#[wasm_bindgen]
extern "C" {
    /// An event target, seen only through the bindings below (net.rs's abort signal too).
    pub type Target;

    /// `addEventListener` without web-sys's `catch`: it throws only for a callback that is not
    /// callable, which a `Closure` or a bound function never is.
    #[wasm_bindgen(method, js_name = addEventListener)]
    pub fn add_event_listener(this: &Target, kind: &str, callback: &JsValue);

    /// `removeEventListener` without web-sys's `catch` (see `add_event_listener`).
    #[wasm_bindgen(method, js_name = removeEventListener)]
    pub fn remove_event_listener(this: &Target, kind: &str, callback: &JsValue);
}

/// A registered listener; `Drop` unregisters it, so whoever owns it decides how long it lives.
#[must_use = "dropping a Listener removes it at once"]
pub struct Listener {
    target: EventTarget,
    kind: &'static str,
    callback: Closure<dyn FnMut(Event)>,
}

impl Listener {
    /// Adds `handler` for `kind` events on `target`.
    pub fn new(
        target: &EventTarget,
        kind: &'static str,
        handler: impl FnMut(Event) + 'static,
    ) -> Self {
        let callback = Closure::<dyn FnMut(Event)>::new(handler);
        target
            .unchecked_ref::<Target>()
            .add_event_listener(kind, callback.as_ref());
        Self {
            target: target.clone(),
            kind,
            callback,
        }
    }
}

impl Drop for Listener {
    fn drop(&mut self) {
        self.target
            .unchecked_ref::<Target>()
            .remove_event_listener(self.kind, self.callback.as_ref());
    }
}
