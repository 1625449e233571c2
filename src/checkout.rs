//! `initCheckout`: pays a Checkout Session in one click with a saved card. Draws the customer's
//! saved cards as a radio group with a "Pay {amount}" button, and pays by the rules of enrolling:
//! one attempt at a time (a second `pay()` joins it), the idempotency key kept for a retry of the
//! same card after a retryable failure, the outcome shown in the pane and handed to the merchant.

use std::cell::RefCell;
use std::rc::Rc;

use enrollment_core::messages::MessageKey;
use enrollment_core::time::push_padded;
use enrollment_core::token::TokenKind;
use enrollment_core::Brand;
use js_sys::{Object, Promise};
use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Element, HtmlInputElement};

use crate::dom::{append, el, focused_within, remove_attr, set_attr, set_attrs, set_text, unique};
use crate::error::{Code, SdkError};
use crate::field::today;
use crate::i18n::Messages;
use crate::interop::{get, object};
use crate::listener::Listener;
use crate::net::{self, Amount, NetError, Payment, PaymentMethod};
use crate::options::{self, Callbacks, Options, Session};
use crate::submit::{self, fingerprint, from_net, Attempts, Begin, Effects};

#[wasm_bindgen]
extern "C" {
    // Bound here rather than through js_sys so that a refused currency code is an `Err`, not an
    // exception thrown through the wasm.
    #[wasm_bindgen(js_namespace = Intl)]
    type NumberFormat;
    #[wasm_bindgen(catch, constructor, js_namespace = Intl)]
    fn new(locale: &str, options: &Object) -> Result<NumberFormat, JsValue>;
    #[wasm_bindgen(catch, method)]
    fn format(this: &NumberFormat, n: f64) -> Result<String, JsValue>;
}

/// A mounted one-click checkout.
#[wasm_bindgen]
pub struct Checkout {
    shared: Shared,
    msgs: Rc<Messages>,
}

type Shared = Rc<RefCell<Option<Pane>>>;

/// The pane and its payment bookkeeping; `None` in [`Shared`] once unmounted.
struct Pane {
    root: Element,
    fieldset: Element,
    /// One radio per saved card, with the card's vaulted token.
    cards: Vec<(HtmlInputElement, String)>,
    message: Element,
    live: Element,
    button: Option<Element>,
    pay_label: String,
    click: Option<Listener>,
    msgs: Rc<Messages>,
    callbacks: Callbacks,
    session: Session,
    api_base: String,
    amount: Amount,
    /// One payment at a time; the same card paid again after a retryable failure reuses the key.
    attempts: Attempts,
    paid: bool,
}

impl Drop for Pane {
    fn drop(&mut self) {
        self.attempts.abort();
        self.click = None;
        self.root.remove();
    }
}

/// `amount` in the locale's currency format (`Intl.NumberFormat`): "$49.90", "49,90 US$", …
fn money(amount: &Amount, locale: &str) -> String {
    let opts = object(&[
        ("style", "currency".into()),
        ("currency", amount.currency.as_str().into()),
    ]);
    NumberFormat::new(locale, &opts)
        .and_then(|f| f.format(amount.value))
        .unwrap_or_else(|_| amount.currency.clone())
}

/// Checks the token (or Checkout Session) and the options, loads the amount (when only a token
/// was given) and the customer's saved cards, then draws the pane into `options.container`.
/// Rejects with an `EnrollmentError` without touching the page if anything fails.
#[wasm_bindgen(js_name = initCheckout, unchecked_return_type = "Promise<Checkout>")]
pub fn init_checkout(
    #[wasm_bindgen(unchecked_param_type = "string | CheckoutSession")] token_or_session: JsValue,
    #[wasm_bindgen(unchecked_param_type = "CheckoutOptions")] options: JsValue,
) -> Promise {
    match prepare(&token_or_session, &options) {
        Ok((session, opts, Some(amount))) => load(session, opts, amount),
        // Only a token: the amount comes from the API first.
        Ok((session, opts, None)) => {
            let request = net::session_request(&opts.api_base, &session.token);
            let msgs = opts.messages.clone();
            let then = move |answer: net::Answer| {
                let fail = |e: SdkError| e.into_js(&msgs);
                let (status, amount) = answer
                    .and_then(|v| net::session_state(&v))
                    .map_err(|e| fail(from_net(&e)))?;
                match status.as_str() {
                    "PAID" => Err(fail(SdkError::new(Code::SessionAlreadyPaid))),
                    "EXPIRED" => Err(fail(SdkError::new(Code::SessionExpired))),
                    // The promise of the listing: the pane's promise follows it.
                    _ => Ok(load(session, opts, amount).into()),
                }
            };
            net::send(request, None, Box::new(then))
        }
        Err(error) => Promise::reject(&error),
    }
}

fn prepare(
    token: &JsValue,
    value: &JsValue,
) -> Result<(Session, Options, Option<Amount>), JsValue> {
    let msgs = Rc::new(options::messages(value).map_err(|(e, m)| e.into_js(&m))?);
    let fail = |e: SdkError| e.into_js(&msgs);
    // The pane has no fields to report on.
    if !get(value, "onChange").is_undefined() {
        return Err(fail(SdkError::option(Code::OptionsInvalid, "onChange")));
    }
    let session = options::session_of(token, TokenKind::Checkout).map_err(fail)?;
    let opts = options::options(value, msgs.clone()).map_err(fail)?;
    options::check_transport(&session, &opts.api_base).map_err(fail)?;
    Ok((session, opts, net::parse_amount(&get(token, "amount"))))
}

/// Lists the customer's saved cards, then draws the pane: the promise of `initCheckout`.
fn load(session: Session, opts: Options, amount: Amount) -> Promise {
    let request = net::list_request(&opts.api_base, &session.token);
    let then = move |answer: net::Answer| {
        let msgs = opts.messages.clone();
        let fail = |e: SdkError| e.into_js(&msgs);
        // An entry we cannot read is left out rather than failing the whole list.
        let cards: Vec<PaymentMethod> = answer
            .and_then(|v| net::entries(&v))
            .map_err(|e| fail(from_net(&e)))?
            .iter()
            .filter_map(|v| net::parse_payment_method(&v))
            .collect();
        let ready = opts.callbacks.ready.clone();
        let shared = mount(session, opts, amount, &cards, msgs.clone())
            .ok_or_else(|| fail(SdkError::option(Code::ContainerNotFound, "container")))?;
        crate::interop::call(ready.as_ref(), &JsValue::UNDEFINED);
        Ok(Checkout { shared, msgs }.into())
    };
    net::send(request, None, Box::new(then))
}

/// Two digits: 3 → "03", 2028 → "28".
fn two_digits(n: u16) -> String {
    let mut s = String::new();
    push_padded(&mut s, (n % 100).into(), 2);
    s
}

/// Builds the pane (attached to the container) and wires the Pay button.
fn mount(
    session: Session,
    opts: Options,
    amount: Amount,
    cards: &[PaymentMethod],
    msgs: Rc<Messages>,
) -> Option<Shared> {
    let doc = crate::dom::document()?;
    let el = |tag: &str, class: &str| el(&doc, tag, class);
    let root = el("div", "es-root es-checkout");
    set_attrs(
        &root,
        &[("lang", msgs.locale.as_str()), ("aria-busy", "false")],
    );
    let fieldset = el("fieldset", "es-form");
    let legend = el("legend", "es-legend");
    set_text(&legend, msgs.text(MessageKey::SavedCardsLegend));
    append(&fieldset, &legend);

    let group = unique("es-pay");
    let now = today();
    let mut radios = Vec::new();
    for pm in cards.iter().filter(|pm| pm.status == "ENROLLED") {
        // A card of unknown expiry (0) is left to the server to judge.
        let expired = pm.exp_year != 0 && (pm.exp_year, pm.exp_month) < (now.year, now.month);
        let label = el(
            "label",
            if expired {
                "es-card es-card--expired"
            } else {
                "es-card"
            },
        );
        let radio: HtmlInputElement = el("input", "es-radio").dyn_into().ok()?;
        set_attrs(&radio, &[("type", "radio"), ("name", &group)]);
        if expired {
            set_attr(&radio, "disabled", "");
        } else if radios.is_empty() {
            set_attr(&radio, "checked", "");
        }
        let brand = Brand::from_id(&pm.brand).map_or(pm.brand.as_str(), |b| b.info().display_name);
        let (mm, yy) = (two_digits(pm.exp_month.into()), two_digits(pm.exp_year));
        let expiry = if expired {
            msgs.text(MessageKey::SavedCardExpired).to_owned()
        } else if pm.exp_month == 0 {
            String::new()
        } else {
            msgs.fill(
                MessageKey::SavedCardExpires,
                &[("month", &mm), ("year", &yy)],
            )
        };
        append(&label, &radio);
        // The dots are for the eyes: a screen reader says "Visa 0002 Expires 11/28". The
        // trailing spaces keep the words of the label's accessible name apart.
        for (class, text, hidden) in [
            ("es-card__brand", [brand, " "].concat(), false),
            ("es-card__dots", "•••• ".into(), true),
            ("es-card__last4", [pm.last4.as_str(), " "].concat(), false),
            ("es-card__expiry", expiry, false),
        ] {
            let span = el("span", class);
            set_text(&span, &text);
            if hidden {
                set_attr(&span, "aria-hidden", "true");
            }
            append(&label, &span);
        }
        append(&fieldset, &label);
        if !expired {
            radios.push((radio, pm.vaulted_token.clone()));
        }
    }
    if radios.is_empty() {
        let none = el("p", "es-empty");
        set_text(&none, msgs.text(MessageKey::NoSavedCards));
        append(&fieldset, &none);
    }
    let message = el("p", "es-message");
    append(&fieldset, &message);

    let pay_label = msgs.fill(
        MessageKey::PayButton,
        &[("amount", &money(&amount, msgs.locale.as_str()))],
    );
    let button = if opts.hide_submit_button {
        None
    } else {
        let button = el("button", "es-submit");
        set_attr(&button, "type", "button");
        if radios.is_empty() {
            set_attr(&button, "disabled", "");
        }
        set_text(&button, &pay_label);
        append(&fieldset, &button);
        Some(button)
    };
    append(&root, &fieldset);
    let live = el("div", "es-live");
    set_attrs(
        &live,
        &[
            ("role", "status"),
            ("aria-live", "polite"),
            ("aria-atomic", "true"),
        ],
    );
    append(&root, &live);
    append(&opts.container, &root);

    let shared: Shared = Rc::new(RefCell::new(None));
    // The listener holds the pane strongly: it lives until `unmount()`, which drops it.
    let click = button.as_ref().map(|b| {
        let shared = shared.clone();
        Listener::new(b, "click", move |_| from_dom(&shared))
    });
    let pane = Pane {
        root,
        fieldset,
        cards: radios,
        message,
        live,
        button,
        pay_label,
        click,
        msgs,
        callbacks: opts.callbacks,
        session,
        api_base: opts.api_base,
        amount,
        attempts: Attempts::default(),
        paid: false,
    };
    if let Ok(mut slot) = shared.try_borrow_mut() {
        *slot = Some(pane);
    }
    Some(shared)
}

fn amount_js(a: &Amount) -> JsValue {
    object(&[
        ("value", a.value.into()),
        ("currency", a.currency.as_str().into()),
    ])
    .into()
}

impl Pane {
    fn begin(&mut self, shared: &Shared) -> Begin {
        if let Some(p) = &self.attempts.pending {
            return Begin::Join(p.clone());
        }
        let selected = self
            .cards
            .iter()
            .find(|(radio, _)| radio.checked())
            .map(|(_, token)| token.clone());
        let (vaulted_token, failure) = match selected {
            _ if self.paid => (String::new(), Some(SdkError::new(Code::SessionAlreadyPaid))),
            None => (
                String::new(),
                Some(SdkError {
                    message: Some(MessageKey::NoSavedCards),
                    ..SdkError::new(Code::ValidationFailed)
                }),
            ),
            Some(token) => (token, None),
        };
        if let Some(failure) = failure {
            let mut effects = Effects::default();
            let js = self.fail(failure, &mut effects);
            return Begin::Fail(js, effects);
        }
        let focus = focused_within(&self.root);
        let card = fingerprint(vaulted_token.as_bytes());
        let (key, signal) = self.attempts.start(card, focus);
        self.set_message("", "");
        self.set_busy(true);
        let mut effects = Effects::default();
        effects.call(&self.callbacks.loading, true.into());
        let request = net::pay_request(&self.api_base, &self.session.token, &vaulted_token, &key);
        let (shared, msgs) = (shared.clone(), self.msgs.clone());
        let then = move |answer: net::Answer| {
            let outcome = answer.and_then(|v| net::paid(&v));
            let finished = match shared.try_borrow_mut() {
                Ok(mut slot) => slot.as_mut().map(|pane| pane.finish(outcome)),
                Err(_) => None,
            };
            submit::deliver(finished, &msgs)
        };
        let sent = net::send(request, signal.as_ref(), Box::new(then));
        Begin::Go(self.attempts.launch(sent), effects)
    }

    fn finish(
        &mut self,
        outcome: Result<Payment, NetError>,
    ) -> (Result<JsValue, JsValue>, Effects) {
        let focus = self.attempts.end();
        self.set_busy(false);
        let mut effects = Effects {
            focus,
            ..Effects::default()
        };
        effects.call(&self.callbacks.loading, false.into());
        let failure = match outcome {
            Ok(p) if p.status == "SUCCEEDED" => {
                self.attempts.forget_key();
                self.set_paid();
                let msgs = self.msgs.clone();
                self.set_message(msgs.text(MessageKey::PaymentSucceeded), "success");
                let amount = p.amount.as_ref().unwrap_or(&self.amount);
                let result: JsValue = object(&[
                    ("id", p.id.as_str().into()),
                    ("status", "SUCCEEDED".into()),
                    ("amount", amount_js(amount)),
                    (
                        "paymentMethod",
                        object(&[
                            ("vaultedToken", p.vaulted_token.as_str().into()),
                            ("brand", p.brand.as_str().into()),
                            ("last4", p.last4.as_str().into()),
                        ])
                        .into(),
                    ),
                    ("createdAt", p.created_at.as_str().into()),
                ])
                .into();
                effects.call(&self.callbacks.success, result.clone());
                return (Ok(result), effects);
            }
            Ok(p) => {
                self.attempts.forget_key();
                submit::refused(p.status == "DECLINED", p.decline_reason)
            }
            Err(e) => {
                let (err, keep) = submit::failed(&e);
                if !keep {
                    self.attempts.forget_key();
                }
                if err.code == Code::SessionAlreadyPaid {
                    self.set_paid();
                }
                err
            }
        };
        (Err(self.fail(failure, &mut effects)), effects)
    }

    /// Shows `failure` in the pane and queues `onError`; the JS error.
    fn fail(&mut self, failure: SdkError, effects: &mut Effects) -> JsValue {
        let text = failure.text(&self.msgs);
        let js = failure.into_js(&self.msgs);
        self.set_message(&text, "error");
        effects.call(&self.callbacks.error, js.clone());
        js
    }

    fn set_message(&mut self, text: &str, kind: &str) {
        set_text(&self.message, text);
        set_attr(&self.message, "data-kind", kind);
        if !text.is_empty() {
            // A repeated text gets a no-break space, so that screen readers say it again.
            let mut said = text.to_owned();
            if self.live.text_content().as_deref() == Some(text) {
                said.push('\u{a0}');
            }
            set_text(&self.live, &said);
        }
    }

    fn set_busy(&mut self, busy: bool) {
        if busy {
            set_attr(&self.fieldset, "disabled", "");
        } else {
            remove_attr(&self.fieldset, "disabled");
        }
        set_attr(&self.root, "aria-busy", if busy { "true" } else { "false" });
        if let Some(button) = &self.button {
            let paying = self.msgs.text(MessageKey::Paying);
            set_text(button, if busy { paying } else { &self.pay_label });
        }
    }

    /// A paid session pays no more: the pane stays disabled.
    fn set_paid(&mut self) {
        self.paid = true;
        set_attr(&self.fieldset, "disabled", "");
    }
}

/// `checkout.pay()`: the attempt in flight if there is one, else a new one.
fn pay(shared: &Shared, msgs: &Messages) -> Promise {
    let begin = match shared.try_borrow_mut() {
        Ok(mut slot) => slot.as_mut().map(|pane| pane.begin(shared)),
        Err(_) => None,
    };
    submit::started(begin, msgs)
}

/// A click on Pay.
fn from_dom(shared: &Shared) {
    let msgs = match shared.try_borrow() {
        Ok(slot) => slot.as_ref().map(|p| p.msgs.clone()),
        Err(_) => None,
    };
    if let Some(msgs) = msgs {
        submit::mark_handled(pay(shared, &msgs));
    }
}

#[wasm_bindgen]
impl Checkout {
    /// Pays with the selected saved card. A second call while one is in flight returns the same
    /// promise; after a successful payment it rejects with `SESSION_ALREADY_PAID`.
    #[wasm_bindgen(unchecked_return_type = "Promise<Payment>")]
    pub fn pay(&self) -> Promise {
        pay(&self.shared, &self.msgs)
    }

    /// Removes every node and listener the pane added and cancels a payment in flight. Calling
    /// it again does nothing; `pay()` then fails with `UNMOUNTED`.
    pub fn unmount(&self) {
        let pane = self
            .shared
            .try_borrow_mut()
            .ok()
            .and_then(|mut slot| slot.take());
        drop(pane);
    }
}
