//! The DOM helpers of the form and the checkout pane alike: page-unique ids, elements,
//! attributes and the focus.

use std::cell::Cell;

use enrollment_core::time::push_padded;
use js_sys::Object;
use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Document, Element, HtmlElement, Window};

use crate::interop::get;

#[wasm_bindgen(inline_js = "export function page_window() { \
    return typeof window > 'u' ? null : window; }")]
extern "C" {
    /// The page's `window` (`null` where there is none, as in a worker). A function rather than
    /// a `static`: a static's lazily filled cell costs the wasm more than a call each time.
    fn page_window() -> Option<Object>;
}

/// The page's window. Read from the `window` global directly: `web_sys::window()` looks for the
/// global object four ways and checks it with `instanceof Window`, each a JS import of its own.
pub fn window() -> Option<Window> {
    page_window().map(JsCast::unchecked_into)
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

/// `prefix` followed by a number no other call in this page got.
pub fn unique(prefix: &str) -> String {
    let n = NEXT_ID.with(|c| {
        let n = c.get();
        c.set(n.wrapping_add(1));
        n
    });
    let mut s = String::from(prefix);
    push_padded(&mut s, n.into(), 1);
    s
}

#[wasm_bindgen]
extern "C" {
    /// The page's `Document`, seen only through the binding below.
    type Doc;

    /// `createElement` without web-sys's `catch`: it throws only for an invalid tag name, and the
    /// tags of the form and the pane are constants. So their builders have no failure path after
    /// they start,
    /// each of which would cost the wasm a cleanup of every node made before it.
    #[wasm_bindgen(method, js_name = createElement)]
    fn create_element(this: &Doc, tag: &str) -> Element;

    /// A node of the form or the pane, seen only through the bindings below.
    type Parent;

    /// `appendChild` without web-sys's `catch` and without taking the returned node back into
    /// Rust (a handle to drop each time): appending a fresh node to another cannot fail.
    #[wasm_bindgen(method, js_name = appendChild)]
    fn append_child(this: &Parent, child: &Element);

    /// `setAttribute` without web-sys's `catch`: it throws only for an invalid name, and the
    /// attribute names of the form and the pane are constants.
    #[wasm_bindgen(method, js_name = setAttribute)]
    fn set_attribute(this: &Parent, name: &str, value: &str);

    /// `textContent = text`, the text as a plain string (web-sys's takes an `Option`).
    #[wasm_bindgen(method, setter = textContent)]
    fn set_text_content(this: &Parent, text: &str);

    /// `removeAttribute` without web-sys's `catch`: it never throws.
    #[wasm_bindgen(method, js_name = removeAttribute)]
    fn remove_attribute(this: &Parent, name: &str);

    /// `focus()` without web-sys's `catch`: it never throws.
    #[wasm_bindgen(method, js_name = focus)]
    fn focus_node(this: &Parent);

}

/// A new `<tag>` (cannot fail: see `Doc::create_element`).
pub fn create(doc: &Document, tag: &str) -> Element {
    doc.unchecked_ref::<Doc>().create_element(tag)
}

/// A new `<tag class="class">` (cannot fail: see `Doc::create_element`). The form's nodes come
/// from its own builder's table; the checkout pane's, from here.
#[cfg(feature = "checkout")]
pub fn el(doc: &Document, tag: &str, class: &str) -> Element {
    let el = create(doc, tag);
    // The `class` attribute through the binding every other attribute takes: the same as
    // setting `className`, without an import of its own.
    set_attr(&el, "class", class);
    el
}

/// Sets an attribute of a node of the form or the pane (see `Parent::set_attribute`).
pub fn set_attr(el: &Element, name: &str, value: &str) {
    el.unchecked_ref::<Parent>().set_attribute(name, value);
}

/// Sets each `(name, value)` attribute on a node of the pane.
#[cfg(feature = "checkout")]
pub fn set_attrs(el: &Element, pairs: &[(&str, &str)]) {
    for (name, value) in pairs {
        set_attr(el, name, value);
    }
}

/// Moves the focus to `el` (see `Parent::focus_node`).
pub fn focus(el: &HtmlElement) {
    el.unchecked_ref::<Parent>().focus_node();
}

/// Sets the text of a node of the form or the pane (see `Parent::set_text_content`).
pub fn set_text(el: &Element, text: &str) {
    el.unchecked_ref::<Parent>().set_text_content(text);
}

/// Removes an attribute of a node of the form or the pane (see `Parent::remove_attribute`).
pub fn remove_attr(el: &Element, name: &str) {
    el.unchecked_ref::<Parent>().remove_attribute(name);
}

/// Appends `child` to `parent`: nodes of the form or the pane, or a fresh root to the merchant's
/// container (see `Parent::append_child`).
pub fn append(parent: &Element, child: &Element) {
    parent.unchecked_ref::<Parent>().append_child(child);
}

/// The element inside `root` that has the focus, if any.
pub fn focused_within(root: &Element) -> Option<HtmlElement> {
    let active = active_element()?;
    // Everything under `root` was created by `el` as an HTML element, so no `instanceof` check
    // (a JS import of its own) is needed.
    root.contains(Some(&active))
        .then(|| active.unchecked_into())
}
