//! The card form in headless Chromium: rendering, accessibility, formatting with the caret, paste,
//! brand, auto-advance, errors on blur and submit, locales, callbacks and unmount.
#![cfg(all(target_arch = "wasm32", feature = "enrollment"))]

mod kit;

use js_sys::JSON;
use kit::*;
use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const VISA: &str = "4507990000000002";

#[wasm_bindgen_test]
async fn renders_an_accessible_form_and_calls_on_ready() {
    let m = mount().await;
    assert_eq!(m.ready.len(), 1, "onReady once");
    let table = [
        (m.number(), "Card number", "numeric"),
        (m.expiry(), "Expiration date", "numeric"),
        (m.cvc(), "Security code (CVC)", "numeric"),
        (m.holder(), "Cardholder name", "text"),
    ];
    for (input, label, inputmode) in &table {
        assert_eq!(&m.label_of(input), label);
        assert_eq!(
            input.get_attribute("inputmode").as_deref(),
            Some(*inputmode)
        );
        assert_eq!(
            input.get_attribute("aria-invalid").as_deref(),
            Some("false")
        );
        assert_eq!(input.type_(), "text");
        assert!(
            input.get_attribute("name").is_none(),
            "no name: a merchant <form> must not post it"
        );
        let described = input.get_attribute("aria-describedby").unwrap();
        for id in described.split(' ') {
            assert!(
                document().get_element_by_id(id).is_some(),
                "describedby {id}"
            );
        }
        assert_eq!(m.error_of(input), "");
    }
    assert_eq!(m.text("legend"), "Card details");
    assert_eq!(m.text("button.es-submit"), "Save card");
    assert_eq!(
        m.one("button.es-submit").get_attribute("type").as_deref(),
        Some("button")
    );
    let live = m.container.query_selector_all("[aria-live]").unwrap();
    assert_eq!(live.length(), 1, "exactly one live region");
    assert_eq!(
        m.one("[aria-live]").get_attribute("aria-live").as_deref(),
        Some("polite")
    );
    assert_eq!(
        m.one(".es-root").get_attribute("lang").as_deref(),
        Some("en")
    );

    // CSP and namespacing: no style attribute anywhere, every class prefixed.
    let all = m.container.query_selector_all("*").unwrap();
    for i in 0..all.length() {
        let el: web_sys::Element = wasm_bindgen::JsCast::unchecked_into(all.get(i).unwrap());
        assert!(
            el.get_attribute("style").is_none(),
            "style on {}",
            el.tag_name()
        );
        for class in el.class_name().split_whitespace() {
            assert!(class.starts_with("es-"), "class {class}");
        }
    }
    assert!(m
        .container
        .query_selector("style, script")
        .unwrap()
        .is_none());
}

#[wasm_bindgen_test]
async fn autocomplete_tokens_name_every_field() {
    let m = mount().await;
    for token in ["cc-number", "cc-exp", "cc-csc", "cc-name"] {
        let input = m.input(token);
        assert_eq!(
            input.get_attribute("aria-required").as_deref(),
            Some("true")
        );
    }
}

#[wasm_bindgen_test]
async fn formats_the_number_as_typed_and_shows_the_brand() {
    let m = mount().await;
    let n = m.number();
    focus(&n);
    type_text(&n, "4507");
    assert_eq!(n.value(), "4507");
    assert_eq!(m.text(".es-brand"), "Visa");
    assert_eq!(
        m.one(".es-brand").get_attribute("data-brand").as_deref(),
        Some("visa")
    );
    type_text(&n, "99");
    assert_eq!(n.value(), "4507 99");
    assert_eq!(caret(&n), 7);
    type_text(&n, "0000000002");
    assert_eq!(n.value(), "4507 9900 0000 0002");
    assert!(m.live().contains("Visa"), "brand announced: {}", m.live());
}

#[wasm_bindgen_test]
async fn the_caret_stays_after_the_digit_typed_in_the_middle() {
    let m = mount().await;
    let n = m.number();
    focus(&n);
    type_text(&n, "45079900");
    assert_eq!(n.value(), "4507 9900");
    caret_to(&n, 4);
    type_text(&n, "1");
    assert_eq!(n.value(), "4507 1990 0");
    assert_eq!(caret(&n), 6, "after the 1, past the gap it pushed");
    // Backspace right after a gap removes the digit before it, not just the space.
    caret_to(&n, 5);
    backspace(&n);
    assert_eq!(n.value(), "4501 9900");
    assert_eq!(caret(&n), 3, "where the removed 7 was");
    // Backspace on a plain digit.
    caret_to(&n, 9);
    backspace(&n);
    assert_eq!(n.value(), "4501 990");
}

#[wasm_bindgen_test]
async fn paste_with_dashes_and_spaces_anywhere_is_cleaned() {
    let m = mount().await;
    let n = m.number();
    focus(&n);
    paste(&n, "4507-9900 0000 0002");
    assert_eq!(n.value(), "4507 9900 0000 0002");
    assert_eq!(caret(&n), 19);

    // Pasted into the middle of what is there.
    let m = mount().await;
    let n = m.number();
    focus(&n);
    type_text(&n, "45070002");
    caret_to(&n, 4);
    paste(&n, " 9900-0000 ");
    assert_eq!(n.value(), "4507 9900 0000 0002");
    assert_eq!(caret(&n), 15, "after the pasted digits");
}

#[wasm_bindgen_test]
async fn the_length_is_capped_by_the_brand() {
    let m = mount().await;
    let n = m.number();
    focus(&n);
    paste(&n, "378282246310005999");
    assert_eq!(n.value(), "3782 822463 10005", "amex: 15 digits, 4-6-5");
    assert_eq!(m.text(".es-brand"), "American Express");
}

#[wasm_bindgen_test]
async fn the_cvc_label_and_length_follow_the_brand() {
    let m = mount().await;
    let (n, cvc) = (m.number(), m.cvc());
    focus(&n);
    paste(&n, "3700000000000002");
    assert_eq!(m.label_of(&cvc), "Security code (CID)");
    focus(&cvc);
    type_text(&cvc, "12345");
    assert_eq!(cvc.value(), "1234", "amex: 4 digits");

    let m = mount().await;
    let (n, cvc) = (m.number(), m.cvc());
    focus(&n);
    paste(&n, VISA);
    assert_eq!(m.label_of(&cvc), "Security code (CVV)");
    focus(&cvc);
    type_text(&cvc, "1a2b345");
    assert_eq!(cvc.value(), "123", "visa: 3 digits, letters dropped");
    let m2 = mount().await;
    let cvc2 = m2.cvc();
    focus(&cvc2);
    type_text(&cvc2, "12345");
    assert_eq!(cvc2.value(), "1234", "no brand yet: up to 4");
}

#[wasm_bindgen_test]
async fn focus_moves_on_when_a_field_is_complete_and_valid() {
    let m = mount().await;
    let (n, exp, cvc, holder) = (m.number(), m.expiry(), m.cvc(), m.holder());
    focus(&n);
    type_text(&n, "450799000000000");
    assert!(is_focused(&n), "15 digits: stays");
    type_text(&n, "2");
    assert!(is_focused(&exp), "valid number → expiry");
    type_text(&exp, "1128");
    assert_eq!(exp.value(), "11 / 28");
    assert!(is_focused(&cvc), "valid expiry → cvc");
    type_text(&cvc, "123");
    assert!(is_focused(&holder), "valid cvc → name");
    // An invalid complete number does not move on.
    let m = mount().await;
    let n = m.number();
    focus(&n);
    type_text(&n, "4507990000000003");
    assert!(is_focused(&n));
}

#[wasm_bindgen_test]
async fn errors_wait_for_blur_and_clear_when_fixed() {
    let m = mount().await;
    let (n, exp) = (m.number(), m.expiry());
    focus(&n);
    type_text(&n, "450799");
    assert_eq!(m.error_of(&n), "", "incomplete while typing: no error");
    assert_eq!(n.get_attribute("aria-invalid").as_deref(), Some("false"));
    blur(&n);
    assert_eq!(m.error_of(&n), "The card number is incomplete.");
    assert_eq!(n.get_attribute("aria-invalid").as_deref(), Some("true"));
    assert_eq!(m.live(), "The card number is incomplete.");
    focus(&n);
    type_text(&n, "0000000002");
    assert_eq!(m.error_of(&n), "", "fixed: the error goes");
    assert_eq!(n.get_attribute("aria-invalid").as_deref(), Some("false"));

    focus(&exp);
    type_text(&exp, "0121");
    blur(&exp);
    assert_eq!(m.error_of(&exp), "The card has expired.");
    assert!(m.live().contains("expired"));
}

#[wasm_bindgen_test]
async fn a_value_that_can_never_be_valid_waits_for_blur_too() {
    let m = mount().await;
    let n = m.number();
    focus(&n);
    type_text(&n, "9");
    assert_eq!(m.error_of(&n), "", "no error while typing");
    assert_eq!(n.get_attribute("aria-invalid").as_deref(), Some("false"));
    blur(&n);
    assert_eq!(m.error_of(&n), "We don't recognize this card number.");
    // Back in the field, a shown error follows the value and goes once it may become valid.
    focus(&n);
    backspace(&n);
    type_text(&n, "4");
    assert_eq!(m.error_of(&n), "");
}

/// Letters beyond ASCII are the browser's to judge (`\p{Alphabetic}`): names in any script pass,
/// digits of any script and symbols do not.
#[wasm_bindgen_test]
async fn holder_names_are_letters_of_any_script() {
    let m = mount().await;
    let h = m.holder();
    const BAD: &str = "Use only letters, spaces, apostrophes, hyphens and dots.";
    let cases = [
        ("Zoë Ñúñez-Åström", ""),
        ("O'Brien Jr.", ""),
        ("Ιωάννης Παπαδόπουλος", ""),
        ("Иван Петров", ""),
        ("李小龍", ""),
        ("محمد علي", ""),
        // Decomposed: "e" and a combining acute accent.
        ("Jose\u{301} Gómez", ""),
        ("R2D2", BAD),
        ("Ada ١٢", BAD),
        ("Ada 😀", BAD),
        ("Ada ©", BAD),
        ("ß", "The name is too short."),
    ];
    for (name, error) in cases {
        focus(&h);
        h.set_value("");
        paste(&h, name);
        blur(&h);
        assert_eq!(m.error_of(&h), error, "{name}");
        let invalid = if error.is_empty() { "false" } else { "true" };
        assert_eq!(
            h.get_attribute("aria-invalid").as_deref(),
            Some(invalid),
            "{name}"
        );
    }
}

#[wasm_bindgen_test]
async fn an_empty_field_left_by_tab_is_not_an_error_until_submit() {
    let m = mount().await;
    let n = m.number();
    focus(&n);
    blur(&n);
    assert_eq!(m.error_of(&n), "");
    assert_eq!(n.get_attribute("aria-invalid").as_deref(), Some("false"));
}

#[wasm_bindgen_test]
async fn a_luhn_failure_is_reported_on_blur() {
    let m = mount().await;
    let n = m.number();
    focus(&n);
    // Mastercard numbers have 16 digits only, so a Luhn failure there is final.
    type_text(&n, "5252440000000003");
    blur(&n);
    assert_eq!(m.error_of(&n), "The card number is invalid.");
}

#[wasm_bindgen_test]
async fn submit_validates_every_field_first() {
    let m = mount().await;
    let n = m.number();
    focus(&m.holder());
    let err = settle(m.call("submit", &[]).unwrap()).await.unwrap_err();
    assert_eq!(code_of(&err), "VALIDATION_FAILED");
    assert_eq!(get_str(&err, "field"), "number");
    assert_eq!(get(&err, "retryable").as_bool(), Some(false));
    for input in [m.number(), m.expiry(), m.cvc(), m.holder()] {
        assert_eq!(input.get_attribute("aria-invalid").as_deref(), Some("true"));
        assert!(!m.error_of(&input).is_empty());
    }
    assert_eq!(m.error_of(&n), "Enter your card number.");
    assert!(is_focused(&n), "focus goes to the first bad field");
    assert_eq!(m.live(), "Enter your card number.");
    tick().await;
    assert_eq!(m.error.len(), 1, "onError too");
    assert_eq!(code_of(&m.error.last()), "VALIDATION_FAILED");
    assert_eq!(m.loading.len(), 0, "no request: no loading");

    // Fill all but the name: the name is the field to blame, and the values stay.
    focus(&n);
    paste(&n, VISA);
    type_text(&m.expiry(), "1128");
    type_text(&m.cvc(), "123");
    let err = settle(m.call("submit", &[]).unwrap()).await.unwrap_err();
    assert_eq!(get_str(&err, "field"), "holderName");
    assert!(is_focused(&m.holder()));
    assert_eq!(n.value(), "4507 9900 0000 0002");
    assert_eq!(m.error_of(&n), "");
    assert_eq!(n.get_attribute("aria-invalid").as_deref(), Some("false"));
}

#[wasm_bindgen_test]
async fn the_button_and_enter_submit_too() {
    let m = mount().await;
    let holder = m.holder();
    focus(&holder);
    assert!(press_enter(&holder), "Enter is taken over by the form");
    tick().await;
    assert_eq!(m.error.len(), 1);
    assert_eq!(code_of(&m.error.last()), "VALIDATION_FAILED");
    let button: web_sys::HtmlElement =
        wasm_bindgen::JsCast::unchecked_into(m.one("button.es-submit"));
    button.click();
    tick().await;
    assert_eq!(m.error.len(), 2);
}

#[wasm_bindgen_test]
async fn hide_submit_button_renders_no_button() {
    let m = mount_with(&token().into(), &[("hideSubmitButton", true.into())]).await;
    assert!(m.container.query_selector("button").unwrap().is_none());
    assert_eq!(m.container.query_selector_all("input").unwrap().length(), 4);
}

#[wasm_bindgen_test]
async fn on_change_reports_state_without_the_number_or_cvc() {
    let m = mount().await;
    let (n, cvc) = (m.number(), m.cvc());
    focus(&n);
    type_text(&n, "4");
    let state = m.change.last();
    assert_eq!(get_str(&state, "brand"), "visa");
    assert_eq!(get(&state, "empty").as_bool(), Some(false));
    assert!(
        get(&state, "last4").is_undefined(),
        "no last4 before the number is valid"
    );
    paste(&n, "507990000000002");
    let state = m.change.last();
    assert_eq!(get_str(&state, "last4"), "0002");
    let number = get(&get(&state, "fields"), "number");
    assert_eq!(get(&number, "valid").as_bool(), Some(true));
    assert_eq!(get(&number, "potentiallyValid").as_bool(), Some(true));
    assert_eq!(get(&number, "empty").as_bool(), Some(false));
    assert_eq!(get(&state, "complete").as_bool(), Some(false));
    type_text(&m.expiry(), "1128");
    type_text(&cvc, "123");
    type_text(&m.holder(), "Ada Lovelace");
    let state = m.change.last();
    assert_eq!(get(&state, "complete").as_bool(), Some(true));
    for s in m.change.all() {
        let json = JSON::stringify(&s).unwrap().as_string().unwrap();
        assert!(
            !json.contains(VISA) && !json.contains("4507 9900"),
            "{json}"
        );
        assert!(!json.contains("123"), "{json}");
    }
}

#[wasm_bindgen_test]
async fn locales_render_their_texts() {
    let table = [
        (
            "es",
            "Número de tarjeta",
            "Guardar tarjeta",
            "Ingresa el número de tu tarjeta.",
        ),
        (
            "pt",
            "Número do cartão",
            "Salvar cartão",
            "Informe o número do cartão.",
        ),
        ("en", "Card number", "Save card", "Enter your card number."),
    ];
    for (locale, label, button, required) in table {
        let m = mount_with(&token().into(), &[("locale", locale.into())]).await;
        assert_eq!(m.label_of(&m.number()), label, "{locale}");
        assert_eq!(m.text("button.es-submit"), button, "{locale}");
        assert_eq!(
            m.one(".es-root").get_attribute("lang").as_deref(),
            Some(locale)
        );
        let err = settle(m.call("submit", &[]).unwrap()).await.unwrap_err();
        assert_eq!(m.error_of(&m.number()), required, "{locale}");
        assert_eq!(
            get_str(&err, "message"),
            required,
            "{locale}: the error's message"
        );
        m.unmount();
    }
}

#[wasm_bindgen_test]
async fn the_default_locale_follows_navigator_language() {
    let lang = web_sys::window()
        .unwrap()
        .navigator()
        .language()
        .unwrap_or_default();
    let want = match lang.get(..2) {
        Some("es") => "es",
        Some("pt") => "pt",
        _ => "en",
    };
    let c = container();
    let e = init(&token().into(), &obj(&[("container", c.clone().into())]))
        .await
        .unwrap();
    let root = c.query_selector(".es-root").unwrap().unwrap();
    assert_eq!(
        root.get_attribute("lang").as_deref(),
        Some(want),
        "navigator.language {lang}"
    );
    call(&e, "unmount", &[]).unwrap();
}

#[wasm_bindgen_test]
async fn messages_override_any_text() {
    let messages = obj(&[
        ("numberLabel", "Card no.".into()),
        ("submitButton", "Add card".into()),
        ("numberRequired", "Type the number, please".into()),
    ]);
    let m = mount_with(
        &token().into(),
        &[("locale", "es".into()), ("messages", messages)],
    )
    .await;
    assert_eq!(m.label_of(&m.number()), "Card no.");
    assert_eq!(m.text("button.es-submit"), "Add card");
    assert_eq!(
        m.label_of(&m.expiry()),
        "Fecha de vencimiento",
        "the rest stays in the locale"
    );
    let _ = settle(m.call("submit", &[]).unwrap()).await;
    assert_eq!(m.error_of(&m.number()), "Type the number, please");
}

#[wasm_bindgen_test]
async fn unmount_removes_every_node_and_listener() {
    let m = mount().await;
    let n = m.number();
    let button: web_sys::HtmlElement =
        wasm_bindgen::JsCast::unchecked_into(m.one("button.es-submit"));
    focus(&n);
    type_text(&n, "4");
    let changes = m.change.len();
    m.unmount();
    assert_eq!(m.container.child_element_count(), 0);
    assert_eq!(m.container.inner_html(), "");
    // The detached nodes no longer react: no formatting, no callback.
    type_text(&n, "5079900");
    assert_eq!(n.value(), "45079900", "unformatted: no listener ran");
    assert!(!press_enter(&n));
    button.click();
    tick().await;
    assert_eq!(m.change.len(), changes);
    assert_eq!(m.error.len(), 0);

    for (method, args) in [("submit", vec![]), ("listPaymentMethods", vec![])] {
        let err = settle(m.call(method, &args).unwrap()).await.unwrap_err();
        assert_eq!(code_of(&err), "UNMOUNTED", "{method}");
    }
    let err = m.call("updateToken", &[token().into()]).unwrap_err();
    assert_eq!(code_of(&err), "UNMOUNTED");
    m.unmount(); // a second unmount is harmless
}

#[wasm_bindgen_test]
async fn several_forms_live_side_by_side_with_their_own_ids() {
    let a = mount().await;
    let b = mount().await;
    assert_ne!(a.number().id(), b.number().id());
    focus(&a.number());
    type_text(&a.number(), "4507");
    assert_eq!(b.number().value(), "");
    a.unmount();
    focus(&b.number());
    type_text(&b.number(), "45079");
    assert_eq!(b.number().value(), "4507 9");
}

#[wasm_bindgen_test]
async fn a_merchant_callback_that_throws_does_not_break_the_form() {
    let thrower: JsValue =
        js_sys::Function::new_with_args("", "throw new Error('merchant bug')").into();
    let m = mount_with(&token().into(), &[("onChange", thrower)]).await;
    let n = m.number();
    focus(&n);
    type_text(&n, "45079");
    assert_eq!(n.value(), "4507 9");
}

#[wasm_bindgen_test]
async fn unmount_from_inside_a_callback_is_safe() {
    let holder = std::rc::Rc::new(std::cell::RefCell::new(JsValue::UNDEFINED));
    let h = holder.clone();
    let on_change: JsValue = wasm_bindgen::closure::Closure::<dyn FnMut(JsValue)>::new(move |_| {
        let e = h.borrow().clone();
        if !e.is_undefined() {
            call(&e, "unmount", &[]).unwrap();
        }
    })
    .into_js_value();
    let m = mount_with(&token().into(), &[("onChange", on_change)]).await;
    *holder.borrow_mut() = m.enrollment.clone();
    let n = m.number();
    focus(&n);
    type_text(&n, "4");
    assert_eq!(m.container.child_element_count(), 0);
    type_text(&n, "5");
}
