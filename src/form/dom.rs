//! Builds the form's nodes. Texts go in with `set_text_content` only, classes are `es-`
//! prefixed, and nothing sets a `style`: the look comes from enrollment-sdk.css.

use enrollment_core::split_once_ascii;
use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlInputElement};

use crate::dom::{append, create, set_attr, set_text, unique};
use crate::field::Field;
use crate::i18n::{key_of, Messages};

/// The nodes the form owns, in the order [`PROGRAM`] makes them; `root` is the only one attached
/// to the merchant's container.
pub struct Dom {
    nodes: [Element; NODES],
}

/// How many nodes [`PROGRAM`] makes, and where the ones the form updates sit.
const NODES: usize = 24;
const ROOT: usize = 0;
const FIELDSET: usize = 1;
const BRAND: usize = 8;
/// Per [`Field`]: its label, input and error text.
const LABELS: [usize; 4] = [4, 10, 14, 18];
const INPUTS: [usize; 4] = [6, 11, 15, 19];
const ERRORS: [usize; 4] = [7, 12, 16, 20];
const MESSAGE: usize = 21;
const LIVE: usize = 22;
const BUTTON: usize = 23;

impl Dom {
    /// `div.es-root`, the container's child.
    pub fn root(&self) -> &Element {
        &self.nodes[ROOT]
    }

    /// `fieldset.es-form`: disabled as a whole while submitting.
    pub fn fieldset(&self) -> &Element {
        &self.nodes[FIELDSET]
    }

    /// The input of `field`.
    pub fn input(&self, field: Field) -> &HtmlInputElement {
        self.nodes[INPUTS[field.index()]].unchecked_ref()
    }

    /// The `<label for>` of `field`'s input.
    pub fn label(&self, field: Field) -> &Element {
        &self.nodes[LABELS[field.index()]]
    }

    /// `field`'s error text (its input's `aria-describedby`).
    pub fn error(&self, field: Field) -> &Element {
        &self.nodes[ERRORS[field.index()]]
    }

    /// The brand indicator beside the number.
    pub fn brand(&self) -> &Element {
        &self.nodes[BRAND]
    }

    /// The visible outcome of the last submit (a decline, a lost connection, "Card saved").
    pub fn message(&self) -> &Element {
        &self.nodes[MESSAGE]
    }

    /// The submit button; detached (never seen) when the merchant hides it.
    pub fn button(&self) -> &Element {
        &self.nodes[BUTTON]
    }

    /// The one polite live region.
    pub fn live(&self) -> &Element {
        &self.nodes[LIVE]
    }
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

/// The form's nodes as data, interpreted by [`build`]: one small interpreter instead of a call
/// per node and attribute keeps the wasm small. Items end with `|`. `<` starts a node: the index
/// of its parent as a byte from `0` (`!`: none; [`build`] appends the button itself), then its
/// tag; nodes are appended in this order, so siblings stay in document order. `name=value` sets
/// an attribute on the node, `=value` its text. In a value, `#` stands for the form's page-unique
/// id prefix, and `@key` for the text of that message key. The node indices are the constants
/// above.
///
/// Texts go in with `textContent` only, classes are `es-` prefixed, and nothing sets a `style`:
/// the look comes from enrollment-sdk.css. The inputs have no `name`: inside a merchant's own
/// <form> the card must never be posted with it. `data-es-field` is a stable hook for tests and
/// merchants' own scripts, whatever the locale.
const PROGRAM: &str = concat!(
    "<!div|class=es-root|aria-busy=false|",
    "<0fieldset|class=es-form|",
    "<1legend|class=es-legend|=@formLabel|",
    // number: its wrapper, label, input and error text.
    "<1div|class=es-field es-field--number|",
    "<3label|class=es-label|for=#number|=@numberLabel|",
    "<3div|class=es-control|",
    "<5input|class=es-input|id=#number|type=text|autocomplete=cc-number|inputmode=numeric|\
     spellcheck=false|autocorrect=off|placeholder=@numberPlaceholder|aria-required=true|\
     aria-invalid=false|aria-describedby=#number-error #brand|data-es-field=number|",
    "<3p|class=es-error|id=#number-error|",
    "<5span|class=es-brand|id=#brand|data-brand=unknown|",
    // expiry: its wrapper, label, input and error text.
    "<1div|class=es-field es-field--expiry|",
    "<9label|class=es-label|for=#expiry|=@expiryLabel|",
    "<9input|class=es-input|id=#expiry|type=text|autocomplete=cc-exp|inputmode=numeric|\
     spellcheck=false|autocorrect=off|placeholder=@expiryPlaceholder|aria-required=true|\
     aria-invalid=false|aria-describedby=#expiry-error|data-es-field=expiry|",
    "<9p|class=es-error|id=#expiry-error|",
    // cvc: its wrapper, label, input and error text.
    "<1div|class=es-field es-field--cvc|",
    "<=label|class=es-label|for=#cvc|=@cvcLabel|",
    "<=input|class=es-input|id=#cvc|type=text|autocomplete=cc-csc|inputmode=numeric|\
     spellcheck=false|autocorrect=off|placeholder=@cvcPlaceholder|aria-required=true|\
     aria-invalid=false|aria-describedby=#cvc-error|data-es-field=cvc|",
    "<=p|class=es-error|id=#cvc-error|",
    // holderName: its wrapper, label, input and error text.
    "<1div|class=es-field es-field--holder|",
    "<Alabel|class=es-label|for=#holderName|=@holderNameLabel|",
    "<Ainput|class=es-input|id=#holderName|type=text|autocomplete=cc-name|inputmode=text|\
     spellcheck=false|autocorrect=off|placeholder=@holderNamePlaceholder|aria-required=true|\
     aria-invalid=false|aria-describedby=#holderName-error|data-es-field=holderName|",
    "<Ap|class=es-error|id=#holderName-error|",
    "<1p|class=es-message|",
    "<0div|class=es-live|role=status|aria-live=polite|aria-atomic=true|",
    "<!button|class=es-submit|type=button|=@submitButton|",
);

/// Builds the form (detached); `None` only without a window or document.
pub fn build(msgs: &Messages, with_button: bool) -> Option<Dom> {
    let doc = crate::dom::document()?;
    let mut prefix = unique("es");
    prefix.push('-');
    let mut nodes: Vec<Element> = Vec::with_capacity(NODES);
    let mut value = String::new();
    let mut rest = PROGRAM;
    // Nothing in the loop can fail (the program is ours, its shape checked by the tests below):
    // no early return, each of which would cost the wasm a drop of everything made so far.
    while let Some((item, next)) = split_once_ascii(rest, b'|') {
        rest = next;
        // A node first: its parent byte may be `=` (node 13).
        if let [b'<', parent, ..] = *item.as_bytes() {
            let el = create(&doc, item.get(2..).unwrap_or_default());
            if let Some(parent) = nodes.get(usize::from(parent.wrapping_sub(b'0'))) {
                append(parent, &el);
            }
            nodes.push(el);
            continue;
        }
        let (name, raw) = split_once_ascii(item, b'=').unwrap_or((item, ""));
        value.clear();
        let text = match raw.as_bytes().first() {
            Some(b'@') => key_of(raw.get(1..).unwrap_or_default()).map_or("", |k| msgs.text(k)),
            _ => {
                let mut raw = raw;
                while let Some((before, after)) = split_once_ascii(raw, b'#') {
                    value.push_str(before);
                    value.push_str(&prefix);
                    raw = after;
                }
                value.push_str(raw);
                &value
            }
        };
        if let Some(el) = nodes.last() {
            if name.is_empty() {
                set_text(el, text);
            } else {
                set_attr(el, name, text);
            }
        }
    }
    let dom = Dom {
        nodes: nodes.try_into().ok()?,
    };
    set_attr(dom.root(), "lang", msgs.locale.as_str());
    if with_button {
        append(dom.fieldset(), dom.button());
    }
    Some(dom)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each node of [`PROGRAM`] as (parent byte, tag, class).
    fn nodes() -> Vec<(u8, String, String)> {
        let mut nodes: Vec<(u8, String, String)> = Vec::new();
        for item in PROGRAM.split_terminator('|') {
            if let Some(node) = item.strip_prefix('<') {
                let (parent, tag) = node.split_at(1);
                nodes.push((parent.as_bytes()[0], tag.to_owned(), String::new()));
            } else if let Some(class) = item.strip_prefix("class=") {
                nodes.last_mut().unwrap().2 = class.to_owned();
            }
        }
        nodes
    }

    #[test]
    fn the_indices_name_the_nodes_the_program_makes() {
        let nodes = nodes();
        assert_eq!(nodes.len(), NODES);
        assert!(PROGRAM.ends_with('|'));
        let class = |i: usize| nodes[i].2.as_str();
        let cases = [
            (ROOT, "div", "es-root"),
            (FIELDSET, "fieldset", "es-form"),
            (BRAND, "span", "es-brand"),
            (MESSAGE, "p", "es-message"),
            (LIVE, "div", "es-live"),
            (BUTTON, "button", "es-submit"),
        ];
        for (i, tag, want) in cases {
            assert_eq!((nodes[i].1.as_str(), class(i)), (tag, want), "node {i}");
        }
        for field in Field::ALL {
            let f = field.index();
            assert_eq!(nodes[INPUTS[f]].1, "input", "{field:?}");
            assert_eq!(nodes[LABELS[f]].1, "label", "{field:?}");
            assert_eq!(class(ERRORS[f]), "es-error", "{field:?}");
            let id = format!("id=#{}|", field.id());
            let input_at = PROGRAM.find(&id).unwrap();
            let inputs_before = PROGRAM[..input_at].matches("<").count();
            assert_eq!(inputs_before - 1, INPUTS[f], "{field:?}");
        }
        // Every parent is made before its children; only the root and the button have none.
        for (i, (parent, _, _)) in nodes.iter().enumerate() {
            let p = parent.wrapping_sub(b'0') as usize;
            assert!(p < i || i == ROOT || i == BUTTON, "node {i}");
        }
    }

    #[test]
    fn every_text_in_the_program_is_a_message_key() {
        for item in PROGRAM.split_terminator('|') {
            if let Some((_, key)) = item.split_once("=@") {
                assert!(key_of(key).is_some(), "{key}");
            }
        }
    }
}
