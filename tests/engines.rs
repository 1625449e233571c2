//! Input that Chromium, Firefox and WebKit deliver differently, and the one behaviour the form
//! keeps in all of them (the README's "Browser notes" list each difference).
#![cfg(all(target_arch = "wasm32", feature = "enrollment"))]

mod kit;

use js_sys::Function;
use kit::*;
use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;
use web_sys::{HtmlInputElement, InputEvent, InputEventInit, KeyboardEvent, KeyboardEventInit};

wasm_bindgen_test_configure!(run_in_browser);

const VISA: &str = "4507990000000002";

/// How each engine reports a value its autofill put into a field.
#[derive(Clone, Copy, Debug)]
enum Autofill {
    /// Chromium: a plain `Event`, no `inputType` at all.
    PlainEvent,
    /// Firefox: an `InputEvent` of type `insertReplacementText` carrying the text.
    ReplacementText,
    /// WebKit: an `InputEvent` of type `insertText` without `data`.
    InsertTextWithoutData,
}

fn autofill(input: &HtmlInputElement, value: &str, how: Autofill) {
    input.set_value(value);
    let caret = value.encode_utf16().count() as u32;
    input.set_selection_range(caret, caret).unwrap();
    let event = |input_type: &str, data: Option<&str>| {
        let init = InputEventInit::new();
        init.set_bubbles(true);
        init.set_input_type(input_type);
        init.set_data(data);
        InputEvent::new_with_event_init_dict("input", &init).unwrap()
    };
    match how {
        Autofill::PlainEvent => {
            let fire = Function::new_with_args(
                "el",
                "el.dispatchEvent(new Event('input', { bubbles: true }))",
            );
            fire.call1(&JsValue::NULL, input).unwrap();
        }
        Autofill::ReplacementText => {
            input
                .dispatch_event(&event("insertReplacementText", Some(value)))
                .unwrap();
        }
        Autofill::InsertTextWithoutData => {
            input.dispatch_event(&event("insertText", None)).unwrap();
        }
    }
}

#[wasm_bindgen_test]
async fn autofill_formats_the_fields_and_leaves_focus_where_the_user_is_in_every_engine() {
    for how in [
        Autofill::PlainEvent,
        Autofill::ReplacementText,
        Autofill::InsertTextWithoutData,
    ] {
        let m = mount().await;
        let number = m.number();
        focus(&number);
        // The browser fills the focused field, then the others.
        autofill(&number, VISA, how);
        autofill(&m.expiry(), "11/28", how);
        autofill(&m.holder(), "Ada Lovelace", how);

        assert_eq!(number.value(), "4507 9900 0000 0002", "{how:?}");
        assert_eq!(m.expiry().value(), "11 / 28", "{how:?}");
        // Autofill may give a single expiry field a four-digit year.
        autofill(&m.expiry(), "11/2028", how);
        assert_eq!(m.expiry().value(), "11 / 28", "{how:?}, four-digit year");
        assert_eq!(m.text(".es-brand"), "Visa", "{how:?}");
        assert!(
            is_focused(&number),
            "{how:?}: autofill must not move focus on"
        );
        m.unmount();
    }
}

#[wasm_bindgen_test]
async fn typing_and_pasting_still_move_focus_on() {
    let m = mount().await;
    let number = m.number();
    focus(&number);
    type_text(&number, VISA);
    assert!(is_focused(&m.expiry()), "typed: focus moves to the expiry");
    m.unmount();

    let m = mount().await;
    let number = m.number();
    focus(&number);
    paste(&number, "4507-9900 0000 0002");
    assert_eq!(number.value(), "4507 9900 0000 0002");
    assert!(is_focused(&m.expiry()), "pasted: focus moves to the expiry");
    m.unmount();
}

/// An Enter keydown in `input` as an engine reports it; whether the form took it as a submit.
fn enter_submits(input: &HtmlInputElement, is_composing: bool, key_code: u32) -> bool {
    let init = KeyboardEventInit::new();
    init.set_key("Enter");
    init.set_key_code(key_code);
    init.set_is_composing(is_composing);
    init.set_bubbles(true);
    init.set_cancelable(true);
    let event = KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap();
    assert_eq!(
        event.key_code(),
        key_code,
        "the engine keeps keyCode from the init dict"
    );
    input.dispatch_event(&event).unwrap();
    event.default_prevented()
}

#[wasm_bindgen_test]
async fn the_enter_that_ends_an_ime_composition_never_submits_in_any_engine() {
    let table = [
        ("a plain Enter", false, 13, true),
        (
            "Chromium and Firefox, during a composition",
            true,
            229,
            false,
        ),
        // WebKit fires compositionend before this keydown: isComposing is already false.
        ("WebKit, the Enter ending a composition", false, 229, false),
    ];
    for (what, is_composing, key_code, submits) in table {
        let m = mount().await;
        let holder = m.holder();
        focus(&holder);
        type_text(&holder, "Ada");
        assert_eq!(
            enter_submits(&holder, is_composing, key_code),
            submits,
            "{what}"
        );
        m.unmount();
    }
}
