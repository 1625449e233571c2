//! Builds the form's nodes. Texts go in with `set_text_content` only, classes are `es-`
//! prefixed, and nothing sets a `style`: the look comes from enrollment-sdk.css.

use enrollment_core::messages::MessageKey;
use wasm_bindgen::JsCast;
use web_sys::{Document, Element, HtmlInputElement};

use crate::dom::{attrs, el, unique};
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

struct Builder<'a> {
    doc: &'a Document,
    prefix: String,
}

impl Builder<'_> {
    fn el(&self, tag: &str, class: &str) -> Option<Element> {
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

/// Builds the form (detached); `None` only if the browser refuses to create an element.
pub fn build(msgs: &Messages, with_button: bool) -> Option<Dom> {
    let doc = web_sys::window()?.document()?;
    let mut prefix = unique("es");
    prefix.push('-');
    let b = Builder { doc: &doc, prefix };

    let root = b.el("div", "es-root")?;
    attrs(
        &root,
        &[("lang", msgs.locale.as_str()), ("aria-busy", "false")],
    )?;
    let fieldset = b.el("fieldset", "es-form")?;
    let legend = b.el("legend", "es-legend")?;
    legend.set_text_content(Some(msgs.text(MessageKey::FormLabel)));
    fieldset.append_child(&legend).ok()?;

    let brand_id = b.id("brand");
    let brand = b.el("span", "es-brand")?;
    attrs(&brand, &[("id", &brand_id), ("data-brand", "unknown")])?;

    let mut inputs = Vec::with_capacity(4);
    let mut labels = Vec::with_capacity(4);
    let mut errors = Vec::with_capacity(4);
    for field in Field::ALL {
        let (class, autocomplete, inputmode, label_key, placeholder_key) = spec(field);
        let input_id = b.id(field.id());
        let mut error_id = input_id.clone();
        error_id.push_str("-error");

        let wrap = b.el("div", class)?;
        let label = b.el("label", "es-label")?;
        attrs(&label, &[("for", &input_id)])?;
        label.set_text_content(Some(msgs.text(label_key)));

        let input: HtmlInputElement = b.el("input", "es-input")?.dyn_into().ok()?;
        let mut described = error_id.clone();
        if field == Field::Number {
            described.push(' ');
            described.push_str(&brand_id);
        }
        // No `name`: inside a merchant's own <form> the card must never be posted with it.
        attrs(
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
        )?;

        let error = b.el("p", "es-error")?;
        attrs(&error, &[("id", &error_id)])?;

        wrap.append_child(&label).ok()?;
        if field == Field::Number {
            let control = b.el("div", "es-control")?;
            control.append_child(&input).ok()?;
            control.append_child(&brand).ok()?;
            wrap.append_child(&control).ok()?;
        } else {
            wrap.append_child(&input).ok()?;
        }
        wrap.append_child(&error).ok()?;
        fieldset.append_child(&wrap).ok()?;
        inputs.push(input);
        labels.push(label);
        errors.push(error);
    }

    let message = b.el("p", "es-message")?;
    fieldset.append_child(&message).ok()?;

    let button = if with_button {
        let button = b.el("button", "es-submit")?;
        attrs(&button, &[("type", "button")])?;
        button.set_text_content(Some(msgs.text(MessageKey::SubmitButton)));
        fieldset.append_child(&button).ok()?;
        Some(button)
    } else {
        None
    };
    root.append_child(&fieldset).ok()?;

    let live = b.el("div", "es-live")?;
    attrs(
        &live,
        &[
            ("role", "status"),
            ("aria-live", "polite"),
            ("aria-atomic", "true"),
        ],
    )?;
    root.append_child(&live).ok()?;

    Some(Dom {
        root,
        fieldset,
        inputs: inputs.try_into().ok()?,
        labels: labels.try_into().ok()?,
        errors: errors.try_into().ok()?,
        brand,
        message,
        button,
        live,
    })
}
