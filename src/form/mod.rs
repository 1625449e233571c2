//! The mounted card form: turns DOM events into `core` calls and `core` results into DOM
//! updates, and owns every node and listener it added.

mod dom;

use std::cell::RefCell;
use std::rc::Rc;

use enrollment_core::format;
use enrollment_core::messages::MessageKey;
use enrollment_core::Brand;
use js_sys::Object;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Event, HtmlElement, HtmlInputElement};

use crate::dom::{append, focused_within, remove_attr, set_attr, set_text};
use crate::field::{judge_cvc, judge_expiry, judge_holder, judge_number, today, Field, Judged};
use crate::i18n::Messages;
use crate::interop::{get, get_str, set, set_bool};
use crate::listener::Listener;
use crate::options::{Callbacks, Options, Session};
use crate::submit::{self, Attempts, Effects};
use dom::Dom;

/// The form, shared by the `Enrollment` handle, the listeners and a submit in flight; `None`
/// once unmounted.
pub type Shared = Rc<RefCell<Option<Form>>>;

/// A mounted form.
pub struct Form {
    dom: Dom,
    /// Input, focusout, keydown and, with a button, its click: an array, not a `Vec` (no growth
    /// code in the wasm).
    listeners: [Option<Listener>; 4],
    /// The texts (shared with the handle, which still needs them after unmount).
    pub msgs: Rc<Messages>,
    /// The merchant's callbacks.
    pub callbacks: Callbacks,
    /// The current token (see `updateToken`).
    pub session: Session,
    /// The vault API's origin.
    pub api_base: String,
    brand: Option<Brand>,
    judged: [Judged; 4],
    shown: [Option<MessageKey>; 4],
    last4: Option<String>,
    /// The number field's value as last formatted, to tell what a backspace removed.
    number_shown: String,
    /// Everything `onChange` last reported, packed by [`Form::state_key`].
    last_state: u64,
    announced: String,
    /// The submit in flight, the idempotency key kept for a retry.
    pub submit: Attempts,
}

#[derive(Clone, Copy)]
enum Kind {
    Input,
    FocusOut,
    KeyDown,
    Click,
}

/// Renders the form into the container and wires its listeners. Calls `onReady`.
pub fn mount(session: Session, options: Options) -> Option<(Shared, Rc<Messages>)> {
    let Options {
        container,
        api_base,
        messages,
        hide_submit_button,
        callbacks,
    } = options;
    let msgs = messages;
    let dom = dom::build(&msgs, !hide_submit_button)?;
    let shared: Shared = Rc::new(RefCell::new(None));

    // The listeners hold the form strongly: a mounted form lives until `unmount()`, even if the
    // merchant drops the handle. Unmounting drops them, which ends the cycle.
    let listen = |target: &web_sys::EventTarget, name: &'static str, kind: Kind| {
        let shared = shared.clone();
        Listener::new(target, name, move |event| handle(&shared, kind, &event))
    };
    let listeners = [
        Some(listen(dom.root(), "input", Kind::Input)),
        Some(listen(dom.root(), "focusout", Kind::FocusOut)),
        Some(listen(dom.root(), "keydown", Kind::KeyDown)),
        (!hide_submit_button).then(|| listen(dom.button(), "click", Kind::Click)),
    ];
    // Appending a fresh node to an element cannot throw (it cannot be the element's ancestor).
    append(&container, dom.root());

    let mut form = Form {
        dom,
        listeners,
        msgs: msgs.clone(),
        callbacks,
        session,
        api_base,
        brand: None,
        judged: [Judged::EMPTY; 4],
        shown: [None; 4],
        last4: None,
        number_shown: String::new(),
        last_state: 0,
        announced: String::new(),
        submit: Attempts::default(),
    };
    form.set_brand(None);
    // A browser may have restored or autofilled values already.
    let mut i = 0;
    while i < 4 {
        form.rejudge(Field::ALL[i]);
        i += 1;
    }
    form.last_state = form.state_key();
    // Taken, not cloned: `onReady` is called once, here.
    let ready = form.callbacks.ready.take();
    // A fresh cell: nothing else can hold a borrow yet.
    if let Ok(mut slot) = shared.try_borrow_mut() {
        *slot = Some(form);
    }
    crate::interop::call(ready.as_ref(), &JsValue::UNDEFINED);
    Some((shared, msgs))
}

/// Removes the form: its listeners first (so that nothing fires while nodes go), then its nodes.
pub fn unmount(shared: &Shared) {
    let form = shared
        .try_borrow_mut()
        .ok()
        .and_then(|mut slot| slot.take());
    drop(form);
}

impl Drop for Form {
    fn drop(&mut self) {
        self.submit.abort();
        self.listeners = Default::default();
        self.dom.root().remove();
    }
}

fn handle(shared: &Shared, kind: Kind, event: &Event) {
    if let Kind::Click = kind {
        return submit::from_dom(shared);
    }
    let effects = {
        let Ok(mut slot) = shared.try_borrow_mut() else {
            return;
        };
        let Some(form) = slot.as_mut() else {
            return;
        };
        // Every event but the button's click matters only in one of the four inputs; comparing
        // the target with them also spares an `instanceof HTMLInputElement` import.
        let Some(field) = form.field_of(event) else {
            return;
        };
        match kind {
            Kind::Input => {
                let input_type = get_str(event, "inputType").unwrap_or_default();
                let typed = typed_by_user(&input_type, get(event, "data").is_string());
                Some(form.on_input(field, &input_type, typed))
            }
            Kind::FocusOut => Some(form.on_blur(field)),
            _ => None,
        }
    };
    match effects {
        Some(effects) => effects.run(),
        // A keydown in an input. The Enter that ends an IME composition confirms the text, not
        // the form. WebKit ends the composition before that keydown, so `isComposing` is false
        // there and only the legacy keyCode 229 ("the IME has it") tells.
        None => {
            if get(event, "key") == "Enter"
                && get(event, "isComposing").as_bool() != Some(true)
                && get(event, "keyCode").as_f64() != Some(229.0)
            {
                event.prevent_default();
                submit::from_dom(shared);
            }
        }
    }
}

/// Whether an `input` event is the user's own typing or pasting, the only input that moves focus
/// on. A browser's autofill fills several fields at once and the user stays where they were; the
/// engines mark it differently: `inputType` unset (Chromium), `insertReplacementText` (Firefox),
/// `insertText` without `data` (WebKit). A key press always carries its text in `data`.
fn typed_by_user(input_type: &str, has_data: bool) -> bool {
    match input_type {
        "insertText" => has_data,
        "insertReplacementText" => false,
        other => other.starts_with("insert"),
    }
}

/// An input's value, read through `get` rather than web-sys's getter (an import of its own).
fn value_of(input: &HtmlInputElement) -> String {
    get_str(input, "value").unwrap_or_default()
}

/// Sets an input's value through the `set` binding (see [`value_of`]).
fn set_value(input: &HtmlInputElement, value: &str) {
    set(input, "value", &JsValue::from_str(value));
}

fn digit_count(s: &str) -> usize {
    // An index loop (see core's `find_byte`).
    let b = s.as_bytes();
    let (mut n, mut i) = (0, 0);
    while i < b.len() {
        n += usize::from(b[i].is_ascii_digit());
        i += 1;
    }
    n
}

impl Form {
    fn field_of(&self, event: &Event) -> Option<Field> {
        // Read through `get`: web-sys's getter is an import of its own.
        let target = get(event, "target");
        let mut i = 0;
        while i < 4 {
            let input: &JsValue = self.dom.input(Field::ALL[i]).as_ref();
            if *input == target {
                return Some(Field::ALL[i]);
            }
            i += 1;
        }
        None
    }

    fn input(&self, field: Field) -> &HtmlInputElement {
        self.dom.input(field)
    }

    /// The element to focus for `field`.
    pub fn focus_target(&self, field: Field) -> HtmlElement {
        self.input(field).clone().unchecked_into()
    }

    fn on_input(&mut self, field: Field, input_type: &str, typed: bool) -> Effects {
        // Borrowed, not cloned: `self.input(field)` again where it is needed after `judge`.
        let input = self.input(field);
        let dom_value = value_of(input);
        let deleting = input_type.starts_with("delete");
        let dom_caret = dom::caret(input).map_or(dom_value.len(), |c| c as usize);
        // A backspace that removed only a gap's space would see it put back at once: it removes
        // the digit before the gap instead, as the user meant.
        let removed;
        let (raw, caret) = if field == Field::Number
            && input_type == "deleteContentBackward"
            && dom_value.len() < self.number_shown.len()
            && digit_count(&dom_value) == digit_count(&self.number_shown)
        {
            removed = format::remove_digit_before(&dom_value, dom_caret);
            (removed.0.as_str(), removed.1)
        } else {
            (dom_value.as_str(), dom_caret)
        };
        let formatted = match field {
            Field::Number => Some(format::number(raw, caret)),
            Field::Expiry => Some(format::expiry(raw, caret, deleting)),
            Field::Cvc => Some(format::cvc(raw, caret, self.brand)),
            Field::HolderName => None,
        };
        let (value, at_end) = match formatted {
            Some(f) => {
                if f.value != dom_value {
                    set_value(input, &f.value);
                }
                if f.value != dom_value || f.caret != dom_caret {
                    dom::set_caret(input, f.caret as u32);
                }
                let at_end = f.caret == f.value.len();
                (f.value, at_end)
            }
            None => (dom_value, true),
        };

        let was_valid = self.judged[field.index()].valid;
        self.judge(field, &value);
        let now = self.judged[field.index()];
        // Errors appear on blur and submit only. While typing, a shown error goes as soon as the
        // value is valid or could still become so, and otherwise follows the value.
        if self.shown[field.index()].is_some() {
            let show = if now.potentially_valid {
                None
            } else {
                now.error
            };
            self.show_error(field, show, true);
        }

        let mut effects = Effects::default();
        let complete = match field {
            Field::Number | Field::Expiry => true,
            // With the brand unknown, 3 digits may still be a 4-digit code.
            Field::Cvc => self.brand.is_some() || value.len() >= 4,
            Field::HolderName => false,
        };
        if complete && now.valid && !was_valid && at_end && typed {
            let is_active = crate::dom::active_element().is_some_and(|a| {
                let a: &JsValue = a.as_ref();
                let i: &JsValue = self.input(field).as_ref();
                a == i
            });
            let next = Field::ALL.get(field.index() + 1).copied();
            if let (true, Some(next)) = (is_active, next) {
                effects.focus = Some(self.focus_target(next));
            }
        }
        self.changed(&mut effects);
        effects
    }

    fn on_blur(&mut self, field: Field) -> Effects {
        self.rejudge(field);
        let j = self.judged[field.index()];
        if j.valid {
            self.show_error(field, None, false);
        } else if !j.empty {
            self.show_error(field, j.error, true);
        }
        let mut effects = Effects::default();
        self.changed(&mut effects);
        effects
    }

    /// Judges `field` again from the value in the DOM.
    fn rejudge(&mut self, field: Field) {
        let value = value_of(self.input(field));
        self.judge(field, &value);
    }

    fn judge(&mut self, field: Field, value: &str) {
        let j = match field {
            Field::Number => {
                value.clone_into(&mut self.number_shown);
                let (check, j) = judge_number(value);
                self.last4 = check.last4().map(str::to_owned);
                if check.brand != self.brand {
                    self.set_brand(check.brand);
                }
                j
            }
            Field::Expiry => judge_expiry(value, today()).1,
            Field::Cvc => judge_cvc(value, self.brand),
            Field::HolderName => judge_holder(value),
        };
        self.judged[field.index()] = j;
    }

    /// Shows the brand, and makes the CVC's label and length follow it.
    fn set_brand(&mut self, brand: Option<Brand>) {
        self.brand = brand;
        let (id, name, cvc_name) = match brand {
            Some(b) => (b.id(), b.info().display_name, b.info().cvc_name),
            None => ("unknown", "", "CVC"),
        };
        set_attr(self.dom.brand(), "data-brand", id);
        set_text(self.dom.brand(), name);
        let label = self.msgs.fill(MessageKey::CvcLabel, &[("cvc", cvc_name)]);
        set_text(self.dom.label(Field::Cvc), &label);
        if brand.is_some() {
            let text = self
                .msgs
                .fill(MessageKey::BrandDetected, &[("brand", name)]);
            self.announce(&text);
        }
        // The CVC's verdict depends on the brand.
        let cvc = value_of(self.input(Field::Cvc));
        self.judged[Field::Cvc.index()] = judge_cvc(&cvc, brand);
        if self.shown[Field::Cvc.index()].is_some() {
            let j = self.judged[Field::Cvc.index()];
            self.show_error(Field::Cvc, j.error, false);
        }
    }

    /// Shows (or with `None` clears) a field's error; `announce` also says it in the live region.
    fn show_error(&mut self, field: Field, key: Option<MessageKey>, announce: bool) {
        let i = field.index();
        if self.shown[i] == key {
            return;
        }
        self.shown[i] = key;
        // The messages held by a clone of their `Rc`, not the text copied: `announce` needs
        // `self` mutably.
        let msgs = self.msgs.clone();
        let text = key.map_or("", |k| msgs.text(k));
        set_text(self.dom.error(field), text);
        let invalid = if key.is_some() { "true" } else { "false" };
        set_attr(self.dom.input(field), "aria-invalid", invalid);
        if announce && key.is_some() {
            self.announce(text);
        }
    }

    /// Says `text` in the live region. The same text twice in a row gets a trailing no-break
    /// space, so that screen readers notice the change and say it again.
    pub fn announce(&mut self, text: &str) {
        let mut t = text.to_owned();
        if self.announced == t {
            t.push('\u{a0}');
        }
        set_text(self.dom.live(), &t);
        self.announced = t;
    }

    /// Everything `onChange` reports, packed into one integer (compared to send it only when it
    /// changed): the brand (0 for none), three bits per field, then the last 4 digits' bytes
    /// (digits, so never 0 when there). One integer rather than a struct: its comparison and
    /// copy are a few instructions in the wasm.
    fn state_key(&self) -> u64 {
        let mut key = self.brand.map_or(0, |b| b as u64 + 1);
        let mut i = 0;
        while i < 4 {
            let j = self.judged[i];
            key = key << 3
                | u64::from(j.valid) << 2
                | u64::from(j.potentially_valid) << 1
                | u64::from(j.empty);
            i += 1;
        }
        key <<= 32;
        if let Some(&[a, b, c, d]) = self.last4.as_deref().map(str::as_bytes) {
            key |= u64::from(u32::from_be_bytes([a, b, c, d]));
        }
        key
    }

    /// Queues `onChange(state)` if the state changed since it was last reported.
    fn changed(&mut self, effects: &mut Effects) {
        let key = self.state_key();
        if self.last_state == key {
            return;
        }
        self.last_state = key;
        if self.callbacks.change.is_some() {
            effects.call(&self.callbacks.change, self.state_js());
        }
    }

    /// The `onChange` state: never the number nor the CVC, only their verdicts and the last 4.
    fn state_js(&self) -> JsValue {
        let fields = Object::new();
        let (mut complete, mut empty) = (true, true);
        let mut i = 0;
        while i < 4 {
            let j = self.judged[i];
            let f = Object::new();
            set_bool(&f, "valid", j.valid);
            set_bool(&f, "potentiallyValid", j.potentially_valid);
            set_bool(&f, "empty", j.empty);
            set(&fields, Field::ALL[i].id(), &f);
            complete &= j.valid;
            empty &= j.empty;
            i += 1;
        }
        let state = Object::new();
        set(
            &state,
            "brand",
            &self.brand.map_or("unknown", Brand::id).into(),
        );
        set_bool(&state, "complete", complete);
        set_bool(&state, "empty", empty);
        set(&state, "fields", &fields);
        if let Some(last4) = &self.last4 {
            set(&state, "last4", &last4.into());
        }
        state.into()
    }

    /// Judges every field as on submit: shows every error, announces the first and returns the
    /// first bad field with its message.
    pub fn validate_all(&mut self) -> Result<(), (Field, MessageKey)> {
        let mut first = None;
        let mut i = 0;
        while i < 4 {
            let field = Field::ALL[i];
            self.rejudge(field);
            let j = self.judged[i];
            self.show_error(field, j.error, false);
            if let (None, Some(key)) = (first, j.error) {
                first = Some((field, key));
            }
            i += 1;
        }
        match first {
            Some((field, key)) => {
                let text = self.msgs.text(key).to_owned();
                self.announce(&text);
                Err((field, key))
            }
            None => Ok(()),
        }
    }

    /// The current value of `field` (for submitting).
    pub fn value(&self, field: Field) -> String {
        value_of(self.input(field))
    }

    /// Marks `field` as refused (by the server) with `key`, announced.
    pub fn refuse(&mut self, field: Field, key: MessageKey) {
        self.show_error(field, Some(key), false);
    }

    /// Shows the outcome of a submit in the form (and says it), or clears it with `None`.
    pub fn set_message(&mut self, outcome: Option<(&str, bool)>) {
        let (text, kind) = outcome.map_or(("", ""), |(t, ok)| {
            (t, if ok { "success" } else { "error" })
        });
        set_text(self.dom.message(), text);
        set_attr(self.dom.message(), "data-kind", kind);
        if !text.is_empty() {
            self.announce(text);
        }
    }

    /// Disables the form and marks it busy (or back).
    pub fn set_busy(&mut self, busy: bool) {
        let dom = &self.dom;
        if busy {
            set_attr(dom.fieldset(), "disabled", "");
        } else {
            remove_attr(dom.fieldset(), "disabled");
        }
        set_attr(dom.root(), "aria-busy", if busy { "true" } else { "false" });
        // A hidden button is detached: its text changes unseen.
        let key = if busy {
            MessageKey::Submitting
        } else {
            MessageKey::SubmitButton
        };
        set_text(dom.button(), self.msgs.text(key));
    }

    /// The focused element, if it is inside the form (to give focus back after a submit).
    pub fn focused_inside(&self) -> Option<HtmlElement> {
        focused_within(self.dom.root())
    }

    /// After an enrollment: the number and CVC go, the expiry and name stay.
    pub fn clear_card(&mut self, effects: &mut Effects) {
        for field in [Field::Number, Field::Cvc] {
            set_value(self.input(field), "");
            self.show_error(field, None, false);
            self.rejudge(field);
        }
        self.changed(effects);
    }
}
