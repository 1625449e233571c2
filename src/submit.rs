//! Submitting: validation first, then one network attempt at a time (a second submit joins it),
//! an idempotency key reused when the same card is resubmitted after a retryable failure, and
//! the outcome shown in the form and handed to the merchant. The attempt bookkeeping and the
//! outcome mapping serve the checkout's `pay()` too.

use enrollment_core::messages::MessageKey;
use js_sys::{Function, Promise};
use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen::JsValue;
use web_sys::{AbortController, AbortSignal, HtmlElement};

use crate::error::{Code, SdkError};
use crate::field::Field;
use crate::i18n::Messages;
use crate::net::{self, ApiCode, NetError};
// The form's own half of this module.
#[cfg(feature = "enrollment")]
use {
    crate::field::today,
    crate::form::{Form, Shared},
    crate::interop::{get_str, object},
    enrollment_core::{expiry, holder, number},
    js_sys::Array,
    std::rc::Rc,
};

/// One attempt at a time, for the form's submit and the checkout's pay alike: the promise a
/// second call joins, the idempotency key kept for the same card, the cancel handle and the
/// element that had the focus.
#[derive(Default)]
pub struct Attempts {
    /// The attempt in flight: a second call returns it.
    pub pending: Option<Promise>,
    /// The key of the last attempt and a fingerprint of its card, kept while that attempt may
    /// have reached the server (retryable failure): the same card tried again reuses the key, so
    /// a lost response can never enroll or charge twice.
    retry: Option<(u64, String)>,
    abort: Option<AbortController>,
    restore_focus: Option<HtmlElement>,
}

impl Attempts {
    /// Starts an attempt with the card of fingerprint `card` (see [`fingerprint`]) while `focus`
    /// has the focus: the attempt's idempotency key and the signal that cancels it.
    pub fn start(
        &mut self,
        card: u64,
        focus: Option<HtmlElement>,
    ) -> (String, Option<AbortSignal>) {
        let key = match &self.retry {
            Some((h, key)) if *h == card => key.clone(),
            _ => net::idempotency_key(),
        };
        self.retry = Some((card, key.clone()));
        let ctrl = crate::interop::abort_controller();
        let signal = ctrl.as_ref().map(AbortController::signal);
        self.abort = ctrl;
        self.restore_focus = focus;
        (key, signal)
    }

    /// Keeps the promise of the attempt just sent (see [`net::send`]): a second call joins it
    /// until [`Attempts::end`]. Its callback runs in a later task, after this.
    pub fn launch(&mut self, promise: Promise) -> Promise {
        self.pending = Some(promise.clone());
        promise
    }

    /// Ends the attempt in flight; the element to give the focus back to.
    pub fn end(&mut self) -> Option<HtmlElement> {
        self.pending = None;
        self.abort = None;
        self.restore_focus.take()
    }

    /// The next attempt gets a new key: the last one has a final answer.
    pub fn forget_key(&mut self) {
        self.retry = None;
    }

    /// Cancels the request in flight (the form or pane is going away).
    pub fn abort(&mut self) {
        if let Some(ctrl) = self.abort.take() {
            ctrl.abort();
        }
    }
}

/// What to do once the form (or pane) is no longer borrowed: moving focus and calling the
/// merchant both run code (blur listeners, callbacks) that may come back into it.
#[derive(Default)]
pub struct Effects {
    /// Element to focus.
    pub focus: Option<HtmlElement>,
    /// Merchant callbacks with their argument, in order. A `Vec`, not a fixed array: an array
    /// saved 50 B gzip but would drop a call silently the day a path queued one more than it holds.
    pub calls: Vec<(Function, JsValue)>,
}

impl Effects {
    /// Queues `callback(arg)` if the merchant gave that callback.
    pub fn call(&mut self, callback: &Option<Function>, arg: JsValue) {
        if let Some(f) = callback {
            self.calls.push((f.clone(), arg));
        }
    }

    /// Runs the effects (no borrow of the form may be held).
    pub fn run(self) {
        if let Some(el) = self.focus {
            crate::dom::focus(&el);
        }
        for (f, arg) in &self.calls {
            crate::interop::call(Some(f), arg);
        }
    }
}

/// What a submit or pay does, decided while the form or pane is borrowed; its effects run after.
pub enum Begin {
    /// An attempt is in flight: its promise.
    Join(Promise),
    /// Refused before any request: the error.
    Fail(JsValue, Effects),
    /// A new attempt, launched: its promise.
    Go(Promise, Effects),
}

/// The promise of a begun submit or pay, once the effects have run; `UNMOUNTED` for nothing
/// mounted.
pub fn started(begin: Option<Begin>, msgs: &Messages) -> Promise {
    match begin {
        None => unmounted(msgs),
        Some(begin) => settle(begin),
    }
}

/// The promise of a begun submit or pay, once the effects have run.
fn settle(begin: Begin) -> Promise {
    match begin {
        Begin::Join(promise) => promise,
        Begin::Fail(error, effects) => {
            effects.run();
            Promise::reject(&error)
        }
        Begin::Go(promise, effects) => {
            effects.run();
            promise
        }
    }
}

/// FNV-1a over the card's bytes: tells "the same card again" without keeping the card.
pub fn fingerprint(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// The message of a decline reason (the generic one for a reason without its own).
pub fn decline_key(reason: &str) -> MessageKey {
    match reason {
        "INSUFFICIENT_FUNDS" => MessageKey::DeclineInsufficientFunds,
        "DECLINED_BY_BANK" => MessageKey::DeclineDeclinedByBank,
        "DO_NOT_HONOR" => MessageKey::DeclineDoNotHonor,
        "INVALID_SECURITY_CODE" => MessageKey::DeclineInvalidSecurityCode,
        "INVALID_CARD_DATA" => MessageKey::DeclineInvalidCardData,
        "REPORTED_STOLEN" => MessageKey::DeclineReportedStolen,
        _ => MessageKey::CardDeclined,
    }
}

/// The error of an answer that is not a success: a decline (status `DECLINED`) with its reason's
/// message, or (an unknown status) a server error that retrying will not fix.
pub fn refused(declined: bool, decline_reason: Option<String>) -> SdkError {
    if declined {
        let reason = decline_reason.unwrap_or_default();
        return SdkError {
            message: Some(decline_key(&reason)),
            decline_reason: Some(reason),
            ..SdkError::new(Code::CardDeclined)
        };
    }
    SdkError {
        retryable: false,
        ..SdkError::new(Code::ServerError)
    }
}

/// The error of a failed attempt, and whether its key is kept for the next attempt with the same
/// card: only while the attempt may have reached the server, and never a key the server refused
/// as reused.
pub fn failed(e: &NetError) -> (SdkError, bool) {
    let err = from_net(e);
    let reused = matches!(
        e,
        NetError::Rejected {
            code: ApiCode::KeyReused,
            ..
        }
    );
    let keep = err.retryable && !reused;
    (err, keep)
}

/// The JS error for a network failure.
pub fn from_net(e: &NetError) -> SdkError {
    let code = match *e {
        NetError::Network | NetError::Timeout => Code::NetworkError,
        NetError::Unauthorized { expired: true } => Code::SessionExpired,
        NetError::Unauthorized { expired: false } => Code::SessionInvalid,
        NetError::Rejected {
            code: ApiCode::Sdk(code),
            ..
        } => code,
        NetError::Rejected { .. } | NetError::Server { .. } => Code::ServerError,
        NetError::Aborted => Code::Unmounted,
    };
    // One error built, then adjusted: the refusal's details only matter for two codes.
    let mut err = SdkError::new(code);
    if let NetError::Rejected {
        code: api, field, ..
    } = *e
    {
        match api {
            ApiCode::Sdk(Code::ValidationFailed) => {
                err.field = field;
                err.message = field.map(Field::invalid_key);
            }
            // A code we do not know: retrying the same request will not help. A reused key is
            // the exception: the key is dropped after it (see `failed`), so submitting again
            // can succeed.
            ApiCode::Other => err.retryable = false,
            _ => {}
        }
    }
    err
}

#[cfg(feature = "enrollment")]
fn result_js(pm: &JsValue) -> JsValue {
    object(&[
        ("status", "ENROLLED".into()),
        ("vaultedToken", net::js_string(pm, "vaulted_token")),
        ("paymentMethod", net::method_js(pm, false)),
    ])
    .into()
}

#[cfg(feature = "enrollment")]
impl Form {
    fn begin(&mut self, shared: &Shared) -> Begin {
        if let Some(p) = &self.submit.pending {
            return Begin::Join(p.clone());
        }
        if let Err((field, key)) = self.validate_all() {
            let js = SdkError::field(field, key).into_js(&self.msgs);
            let mut effects = Effects {
                focus: Some(self.focus_target(field)),
                ..Effects::default()
            };
            effects.call(&self.callbacks.error, js.clone());
            return Begin::Fail(js, effects);
        }
        let number = number::strip(&self.value(Field::Number)).unwrap_or_default();
        let exp = expiry::check(&self.value(Field::Expiry), today());
        let cvc = enrollment_core::trim_space(&self.value(Field::Cvc)).to_owned();
        let holder = holder::normalize(&self.value(Field::HolderName));
        let (month, year) = (exp.month.unwrap_or(0), exp.year.unwrap_or(0));
        let body = net::enroll_body(&net::Card {
            number: &number,
            exp_month: month,
            exp_year: year,
            cvc: &cvc,
            holder_name: &holder,
        });
        // The request's JSON holds the card's parts and nothing else, each in its own field:
        // the same card again is the same JSON.
        let hash = fingerprint(body.as_bytes());
        let focus = self.focused_inside();
        let (key, signal) = self.submit.start(hash, focus);
        self.set_message(None);
        self.set_busy(true);
        let mut effects = Effects::default();
        effects.call(&self.callbacks.loading, true.into());
        let request = net::enroll_request(&self.api_base, &self.session.token, &body, &key);
        let (shared, msgs) = (shared.clone(), self.msgs.clone());
        let sent = net::send(
            request,
            signal.as_ref(),
            Box::new(move |answer| {
                let outcome = answer.and_then(net::enrolled);
                let finished = match shared.try_borrow_mut() {
                    Ok(mut slot) => slot.as_mut().map(|form| form.finish(outcome)),
                    Err(_) => None,
                };
                deliver(finished, &msgs)
            }),
        );
        Begin::Go(self.submit.launch(sent), effects)
    }

    fn finish(
        &mut self,
        outcome: Result<JsValue, NetError>,
    ) -> (Result<JsValue, JsValue>, Effects) {
        let focus = self.submit.end();
        self.set_busy(false);
        let mut effects = Effects {
            focus,
            ..Effects::default()
        };
        effects.call(&self.callbacks.loading, false.into());
        // Whether the key stays for the same card's next attempt (see `failed`).
        let (failure, keep) = match outcome {
            Ok(pm) if net::has_status(&pm, "ENROLLED") => {
                self.submit.forget_key();
                let result = result_js(&pm);
                self.clear_card(&mut effects);
                let msgs = self.msgs.clone();
                self.set_message(Some((msgs.text(MessageKey::Enrolled), true)));
                effects.call(&self.callbacks.success, result.clone());
                return (Ok(result), effects);
            }
            Ok(pm) => {
                let declined = net::has_status(&pm, "DECLINED");
                (refused(declined, get_str(&pm, "decline_reason")), false)
            }
            Err(e) => failed(&e),
        };
        if !keep {
            self.submit.forget_key();
        }
        // A field the server refused (a decline names none).
        if let (Some(field), Some(key)) = (failure.field, failure.message) {
            self.refuse(field, key);
            effects.focus = Some(self.focus_target(field));
        }
        let js = failure.to_js(&self.msgs);
        self.set_message(Some((&failure.text(&self.msgs), false)));
        effects.call(&self.callbacks.error, js.clone());
        (Err(js), effects)
    }
}

/// An attempt's result once its effects have run; `UNMOUNTED` when nothing was left to finish it.
pub fn deliver(
    finished: Option<(Result<JsValue, JsValue>, Effects)>,
    msgs: &Messages,
) -> Result<JsValue, JsValue> {
    match finished {
        Some((result, effects)) => {
            effects.run();
            result
        }
        None => Err(SdkError::new(Code::Unmounted).into_js(msgs)),
    }
}

/// A promise rejected with `UNMOUNTED`.
pub fn unmounted(msgs: &Messages) -> Promise {
    Promise::reject(&SdkError::new(Code::Unmounted).into_js(msgs))
}

/// `enrollment.submit()`: the attempt in flight if there is one, else a new one.
#[cfg(feature = "enrollment")]
pub fn submit(shared: &Shared, msgs: &Messages) -> Promise {
    started(begin(shared), msgs)
}

/// The mounted form's submit, begun.
#[cfg(feature = "enrollment")]
fn begin(shared: &Shared) -> Option<Begin> {
    match shared.try_borrow_mut() {
        Ok(mut slot) => slot.as_mut().map(|form| form.begin(shared)),
        Err(_) => None,
    }
}

/// A submit from the button or Enter.
#[cfg(feature = "enrollment")]
pub fn from_dom(shared: &Shared) {
    // Nothing to finish (nothing mounted, or the form busy in a callback): nothing to do, as a
    // rejection with `UNMOUNTED` that nobody sees.
    if let Some(begin) = begin(shared) {
        mark_handled(settle(begin));
    }
}

/// For an attempt started from the page (a click, Enter): the outcome reaches the merchant
/// through the callbacks, so the promise is caught only to mark its rejection as handled.
pub fn mark_handled(promise: Promise) {
    catch_all(&promise);
}

// Any function as the rejection handler marks the rejection handled, and the promise it makes
// always resolves: the built-in `Boolean` is one, with no closure of ours to keep alive. A JS
// function rather than a `catch` binding and a `static` for `Boolean`: a static's lazily filled
// cell costs the wasm more.
#[wasm_bindgen(inline_js = "export function catch_all(p) { p.catch(Boolean); }")]
extern "C" {
    /// `promise.catch(Boolean)`, its result dropped.
    fn catch_all(promise: &Promise);
}

/// `enrollment.listPaymentMethods()`: the saved (ENROLLED) methods, masked.
#[cfg(feature = "enrollment")]
pub fn list(shared: &Shared, msgs: &Rc<Messages>) -> Promise {
    let request = match shared.try_borrow() {
        Ok(slot) => slot
            .as_ref()
            .map(|f| net::list_request(&f.api_base, &f.session.token)),
        Err(_) => None,
    };
    let Some(request) = request else {
        return unmounted(msgs);
    };
    let msgs = msgs.clone();
    net::send(
        request,
        None,
        Box::new(
            move |answer| match answer.and_then(|value| net::entries(&value)) {
                Ok(entries) => {
                    // An entry we cannot read is left out rather than failing the whole list. An
                    // index loop: the iterator adapters cost the size-optimized wasm more.
                    let saved = Array::new();
                    let mut i = 0;
                    while i < entries.length() {
                        let v = entries.get(i);
                        if net::is_method(&v) && net::has_status(&v, "ENROLLED") {
                            saved.push(&net::method_js(&v, true));
                        }
                        i += 1;
                    }
                    Ok(saved.into())
                }
                Err(e) => Err(from_net(&e).into_js(&msgs)),
            },
        ),
    )
}
