//! Builds the form's nodes. Texts go in with `set_text_content` only, classes are `es-`
//! prefixed, and nothing sets a `style`: the look comes from enrollment-sdk.css.

use enrollment_core::messages::MessageKey;
use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen::JsCast;
use web_sys::{Document, Element, HtmlInputElement};

use crate::dom::{append, el, set_attrs, set_text, unique};
use crate::field::Field;
use crate::i18n::Messages;

/// The nodes the form owns; `root` is the only one attached to the merchant's container.
pub struct Dom {
    /// `div.es-root`, the container's child.
    pub root: Element,
    /// `fieldset.es-form`: disabled as a whole while submitting.
    pub fieldset: Element,
    /// One per [`Field`], in order.
    pub inputs: [HtmlInputElement; 4],
    /// The `<label for>` of each input.
    pub labels: [Element; 4],
    /// Each input's error text (its `aria-describedby`).
    pub errors: [Element; 4],
    /// The brand indicator beside the number.
    pub brand: Element,
    /// The visible outcome of the last submit (a decline, a lost connection, "Card saved").
    pub message: Element,
    /// The submit button, unless hidden.
    pub button: Option<Element>,
    /// The one polite live region.
    pub live: Element,
}

#[wasm_bindgen]
extern "C" {
    /// One of the form's text inputs, seen only through the bindings below.
    type TextInput;

    /// `selectionStart` without web-sys's `catch`: it throws only for input types without a
    /// selection, and the form's inputs are all `type="text"`.
    #[wasm_bindgen(method, getter = selectionStart)]
    fn selection_start(this: &TextInput) -> Option<u32>;

    /// `setSelectionRange` without web-sys's `catch` (see `selection_start`).
    #[wasm_bindgen(method, js_name = setSelectionRange)]
    fn set_selection_range(this: &TextInput, start: u32, end: u32);
}

/// The caret of one of the form's inputs (see `TextInput::selection_start`).
pub fn caret(input: &HtmlInputElement) -> Option<u32> {
    input.unchecked_ref::<TextInput>().selection_start()
}

/// Puts the caret of one of the form's inputs at `at`.
pub fn set_caret(input: &HtmlInputElement, at: u32) {
    input
        .unchecked_ref::<TextInput>()
        .set_selection_range(at, at);
}

struct Builder<'a> {
    doc: &'a Document,
    prefix: String,
}

impl Builder<'_> {
    fn el(&self, tag: &str, class: &str) -> Element {
        el(self.doc, tag, class)
    }

    fn id(&self, suffix: &str) -> String {
        let mut id = self.prefix.clone();
        id.push_str(suffix);
        id
    }
}

/// Per field: class modifier, `autocomplete`, `inputmode`, label, placeholder.
fn spec(
    field: Field,
) -> (
    &'static str,
    &'static str,
    &'static str,
    MessageKey,
    MessageKey,
) {
    match field {
        Field::Number => (
            "es-field es-field--number",
            "cc-number",
            "numeric",
            MessageKey::NumberLabel,
            MessageKey::NumberPlaceholder,
        ),
        Field::Expiry => (
            "es-field es-field--expiry",
            "cc-exp",
            "numeric",
            MessageKey::ExpiryLabel,
            MessageKey::ExpiryPlaceholder,
        ),
        Field::Cvc => (
            "es-field es-field--cvc",
            "cc-csc",
            "numeric",
            MessageKey::CvcLabel,
            MessageKey::CvcPlaceholder,
        ),
        Field::HolderName => (
            "es-field es-field--holder",
            "cc-name",
            "text",
            MessageKey::HolderNameLabel,
            MessageKey::HolderNamePlaceholder,
        ),
    }
}

/// One field's wrapper, appended to `fieldset`: its input, label and error text.
#[inline(never)]
fn field_nodes(
    b: &Builder<'_>,
    msgs: &Messages,
    field: Field,
    brand: &Element,
    brand_id: &str,
    fieldset: &Element,
) -> (HtmlInputElement, Element, Element) {
    let (class, autocomplete, inputmode, label_key, placeholder_key) = spec(field);
    let input_id = b.id(field.id());
    let mut error_id = input_id.clone();
    error_id.push_str("-error");

    let wrap = b.el("div", class);
    let label = b.el("label", "es-label");
    set_attrs(&label, &[("for", &input_id)]);
    set_text(&label, msgs.text(label_key));

    // `createElement("input")` always makes an HTMLInputElement.
    let input: HtmlInputElement = b.el("input", "es-input").unchecked_into();
    let mut described = error_id.clone();
    if field == Field::Number {
        described.push(' ');
        described.push_str(brand_id);
    }
    // No `name`: inside a merchant's own <form> the card must never be posted with it.
    set_attrs(
        &input,
        &[
            ("id", &input_id),
            ("type", "text"),
            ("autocomplete", autocomplete),
            ("inputmode", inputmode),
            ("spellcheck", "false"),
            ("autocorrect", "off"),
            ("placeholder", msgs.text(placeholder_key)),
            ("aria-required", "true"),
            ("aria-invalid", "false"),
            ("aria-describedby", &described),
            // A stable hook for tests and merchants' own scripts, whatever the locale.
            ("data-es-field", field.id()),
        ],
    );

    let error = b.el("p", "es-error");
    set_attrs(&error, &[("id", &error_id)]);

    append(&wrap, &label);
    if field == Field::Number {
        let control = b.el("div", "es-control");
        append(&control, &input);
        append(&control, brand);
        append(&wrap, &control);
    } else {
        append(&wrap, &input);
    }
    append(&wrap, &error);
    append(fieldset, &wrap);
    (input, label, error)
}

/// Builds the form (detached); `None` only without a window or document.
pub fn build(msgs: &Messages, with_button: bool) -> Option<Dom> {
    let doc = crate::dom::document()?;
    let mut prefix = unique("es");
    prefix.push('-');
    let b = Builder { doc: &doc, prefix };

    let root = b.el("div", "es-root");
    set_attrs(
        &root,
        &[("lang", msgs.locale.as_str()), ("aria-busy", "false")],
    );
    let fieldset = b.el("fieldset", "es-form");
    let legend = b.el("legend", "es-legend");
    set_text(&legend, msgs.text(MessageKey::FormLabel));
    append(&fieldset, &legend);

    let brand_id = b.id("brand");
    let brand = b.el("span", "es-brand");
    set_attrs(&brand, &[("id", &brand_id), ("data-brand", "unknown")]);

    // One call per field rather than a loop into `Vec`s turned into arrays: the arrays come out
    // directly, without the conversion's length checks and drops in the wasm.
    let field = |f| field_nodes(&b, msgs, f, &brand, &brand_id, &fieldset);
    let (n_input, n_label, n_error) = field(Field::Number);
    let (e_input, e_label, e_error) = field(Field::Expiry);
    let (c_input, c_label, c_error) = field(Field::Cvc);
    let (h_input, h_label, h_error) = field(Field::HolderName);

    let message = b.el("p", "es-message");
    append(&fieldset, &message);

    let button = if with_button {
        let button = b.el("button", "es-submit");
        set_attrs(&button, &[("type", "button")]);
        set_text(&button, msgs.text(MessageKey::SubmitButton));
        append(&fieldset, &button);
        Some(button)
    } else {
        None
    };
    append(&root, &fieldset);

    let live = b.el("div", "es-live");
    set_attrs(
        &live,
        &[
            ("role", "status"),
            ("aria-live", "polite"),
            ("aria-atomic", "true"),
        ],
    );
    append(&root, &live);

    Some(Dom {
        root,
        fieldset,
        inputs: [n_input, e_input, c_input, h_input],
        labels: [n_label, e_label, c_label, h_label],
        errors: [n_error, e_error, c_error, h_error],
        brand,
        message,
        button,
        live,
    })
}
