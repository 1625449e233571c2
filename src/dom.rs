//! The DOM helpers of the form and the checkout pane alike: page-unique ids, elements,
//! attributes and the focus.

use std::cell::Cell;

use js_sys::Object;
use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Document, Element, HtmlElement, Window};

use crate::interop::get;

#[wasm_bindgen]
extern "C" {
    /// The page's `window` (`null` where there is none, as in a worker).
    #[wasm_bindgen(thread_local_v2, js_name = window)]
    static WINDOW: Option<Object>;
}

/// The page's window. Read from the `window` global directly: `web_sys::window()` looks for the
/// global object four ways and checks it with `instanceof Window`, each a JS import of its own.
pub fn window() -> Option<Window> {
    WINDOW.with(Option::clone).map(JsCast::unchecked_into)
}

/// `obj[key]` when it is an object (the DOM's getters give `null` for "none").
fn object_at(obj: &JsValue, key: &str) -> Option<JsValue> {
    Some(get(obj, key)).filter(JsValue::is_object)
}

/// The page's document, read through `get` rather than a web-sys getter (an import of its own).
pub fn document() -> Option<Document> {
    let window = window()?;
    object_at(&window, "document").map(JsCast::unchecked_into)
}

/// The page's focused element, if any (read as [`document`]).
pub fn active_element() -> Option<Element> {
    let document = document()?;
    object_at(&document, "activeElement").map(JsCast::unchecked_into)
}

thread_local! {
    // Ids and radio group names must be unique in the page even with several forms and checkout
    // panes mounted.
    static NEXT_ID: Cell<u32> = const { Cell::new(1) };
}

fn push_u32(s: &mut String, n: u32) {
    if n >= 10 {
        push_u32(s, n / 10);
    }
    s.push(char::from(b'0' + (n % 10) as u8));
}

/// `prefix` followed by a number no other call in this page got.
pub fn unique(prefix: &str) -> String {
    let n = NEXT_ID.with(|c| {
        let n = c.get();
        c.set(n.wrapping_add(1));
        n
    });
    let mut s = String::from(prefix);
    push_u32(&mut s, n);
    s
}

/// A new `<tag class="class">`. (The form builds its nodes through bindings that cannot fail.)
#[cfg(feature = "checkout")]
pub fn el(doc: &Document, tag: &str, class: &str) -> Option<Element> {
    let el = doc.create_element(tag).ok()?;
    el.set_class_name(class);
    Some(el)
}

/// The element inside `root` that has the focus, if any.
pub fn focused_within(root: &Element) -> Option<HtmlElement> {
    let active = active_element()?;
    // Everything under `root` was created by `el` as an HTML element, so no `instanceof` check
    // (a JS import of its own) is needed.
    root.contains(Some(&active))
        .then(|| active.unchecked_into())
}

/// Sets each `(name, value)` attribute on `el`.
#[cfg(feature = "checkout")]
pub fn attrs(el: &Element, pairs: &[(&str, &str)]) -> Option<()> {
    for (name, value) in pairs {
        el.set_attribute(name, value).ok()?;
    }
    Some(())
}
