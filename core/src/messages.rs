//! Every visible text of the SDK in English, Spanish and Portuguese, looked up by a typed key.
//! Templates use `{name}` placeholders, filled by [`fill`].

use crate::packed::{ends, nth};

/// A supported language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Locale {
    /// English.
    En,
    /// Spanish.
    Es,
    /// Portuguese.
    Pt,
}

impl Locale {
    /// Every locale.
    pub const ALL: [Locale; 3] = [Locale::En, Locale::Es, Locale::Pt];

    /// From a BCP 47 tag by its primary subtag, case-insensitive: "es-AR" → Es; unknown → None.
    /// An underscore also separates subtags ("pt_BR"), as some systems write them.
    pub fn from_tag(tag: &str) -> Option<Locale> {
        // On bytes: the separators and the subtags we know are ASCII, and char patterns or
        // string comparisons in a loop cost the SDK's wasm more.
        let tag = crate::trim_space(tag).as_bytes();
        let mut end = 0;
        while end < tag.len() && !matches!(tag[end], b'-' | b'_') {
            end += 1;
        }
        match tag.get(..end)? {
            [a, b] => match [a.to_ascii_lowercase(), b.to_ascii_lowercase()] {
                [b'e', b'n'] => Some(Locale::En),
                [b'e', b's'] => Some(Locale::Es),
                [b'p', b't'] => Some(Locale::Pt),
                _ => None,
            },
            _ => None,
        }
    }

    /// "en", "es" or "pt".
    pub fn as_str(self) -> &'static str {
        match self {
            Locale::En => "en",
            Locale::Es => "es",
            Locale::Pt => "pt",
        }
    }
}

/// Declares the keys with their three texts: a key without all three does not compile. The keys
/// only the checkout pane shows come last, with their texts in a table of their own (see
/// [`form_text`]).
macro_rules! messages {
    (
        $($variant:ident = $id:literal => [$en:literal, $es:literal, $pt:literal],)*
        @checkout
        $($c_variant:ident = $c_id:literal => [$c_en:literal, $c_es:literal, $c_pt:literal],)*
    ) => {
        /// A message key; [`MessageKey::id`] is the key merchants use in `options.messages`.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum MessageKey {
            $(#[doc = $id] $variant,)*
            $(#[doc = $c_id] $c_variant,)*
        }
        impl MessageKey {
            /// Every key.
            pub const ALL: &'static [MessageKey] =
                &[$(MessageKey::$variant,)* $(MessageKey::$c_variant,)*];
            /// The camelCase id used in `options.messages`.
            pub fn id(self) -> &'static str {
                nth(IDS, &ID_ENDS, self as usize)
            }
            /// Inverse of [`MessageKey::id`].
            pub fn from_id(id: &str) -> Option<MessageKey> {
                match id {
                    $($id => Some(MessageKey::$variant),)*
                    $($c_id => Some(MessageKey::$c_variant),)*
                    _ => None,
                }
            }
        }
        /// The ids, one after the other, cut by [`ID_ENDS`] (like the texts, see [`TEXTS`]).
        const IDS: &str = concat!($($id,)* $($c_id,)*);
        /// Where each id of [`IDS`] ends, after a leading 0.
        const ID_ENDS: [u16; MessageKey::ALL.len() + 1] =
            ends([0, $($id.len(),)* $($c_id.len(),)*]);
        /// English, Spanish (neutral Latin American) and Brazilian Portuguese of each key but the
        /// checkout's, key after key, in one string cut by [`ENDS`] (see [`crate::packed`]).
        const TEXTS: &str = concat!($($en, $es, $pt,)*);
        /// Where each text of [`TEXTS`] ends, after a leading 0: text `i` is `ENDS[i]..ENDS[i + 1]`.
        const ENDS: [u16; 3 * FORM_KEYS + 1] = ends([0, $($en.len(), $es.len(), $pt.len(),)*]);
        /// How many keys [`TEXTS`] has: the checkout's keys are numbered after them.
        const FORM_KEYS: usize = [$(MessageKey::$variant,)*].len();
        /// [`TEXTS`] and [`ENDS`] of the checkout's keys.
        const CHECKOUT_TEXTS: &str = concat!($($c_en, $c_es, $c_pt,)*);
        /// See [`CHECKOUT_TEXTS`].
        const CHECKOUT_ENDS: [u16; 3 * (MessageKey::ALL.len() - FORM_KEYS) + 1] =
            ends([0, $($c_en.len(), $c_es.len(), $c_pt.len(),)*]);
    };
}

messages! {
    // Form labels, placeholders, buttons.
    FormLabel = "formLabel" => ["Card details", "Datos de la tarjeta", "Dados do cartão"],
    NumberLabel = "numberLabel" => ["Card number", "Número de tarjeta", "Número do cartão"],
    NumberPlaceholder = "numberPlaceholder" => ["1234 1234 1234 1234", "1234 1234 1234 1234", "1234 1234 1234 1234"],
    ExpiryLabel = "expiryLabel" => ["Expiration date", "Fecha de vencimiento", "Data de validade"],
    ExpiryPlaceholder = "expiryPlaceholder" => ["MM / YY", "MM / AA", "MM / AA"],
    CvcLabel = "cvcLabel" => ["Security code ({cvc})", "Código de seguridad ({cvc})", "Código de segurança ({cvc})"],
    CvcPlaceholder = "cvcPlaceholder" => ["123", "123", "123"],
    HolderNameLabel = "holderNameLabel" => ["Cardholder name", "Nombre del titular", "Nome do titular"],
    HolderNamePlaceholder = "holderNamePlaceholder" => ["Name as shown on the card", "Nombre como figura en la tarjeta", "Nome como aparece no cartão"],
    SubmitButton = "submitButton" => ["Save card", "Guardar tarjeta", "Salvar cartão"],
    Submitting = "submitting" => ["Saving card…", "Guardando tarjeta…", "Salvando cartão…"],
    BrandDetected = "brandDetected" => ["Card brand: {brand}", "Marca de la tarjeta: {brand}", "Bandeira do cartão: {brand}"],
    BrandUnknown = "brandUnknown" => ["Card brand not recognized", "Marca de tarjeta no reconocida", "Bandeira não reconhecida"],
    Enrolled = "enrolled" => ["Card saved", "Tarjeta guardada", "Cartão salvo"],
    // Field errors.
    NumberRequired = "numberRequired" => ["Enter your card number.", "Ingresa el número de tu tarjeta.", "Informe o número do cartão."],
    NumberIncomplete = "numberIncomplete" => ["The card number is incomplete.", "El número de tarjeta está incompleto.", "O número do cartão está incompleto."],
    NumberInvalid = "numberInvalid" => ["The card number is invalid.", "El número de tarjeta no es válido.", "O número do cartão é inválido."],
    NumberUnknownBrand = "numberUnknownBrand" => ["We don't recognize this card number.", "No reconocemos este número de tarjeta.", "Não reconhecemos este número de cartão."],
    ExpiryRequired = "expiryRequired" => ["Enter the expiration date.", "Ingresa la fecha de vencimiento.", "Informe a data de validade."],
    ExpiryIncomplete = "expiryIncomplete" => ["The expiration date is incomplete.", "La fecha de vencimiento está incompleta.", "A data de validade está incompleta."],
    ExpiryInvalid = "expiryInvalid" => ["The expiration date is invalid.", "La fecha de vencimiento no es válida.", "A data de validade é inválida."],
    ExpiryPast = "expiryPast" => ["The card has expired.", "La tarjeta está vencida.", "O cartão está vencido."],
    ExpiryTooFar = "expiryTooFar" => ["The expiration date is too far in the future.", "La fecha de vencimiento es demasiado lejana.", "A data de validade está muito distante."],
    CvcRequired = "cvcRequired" => ["Enter the security code.", "Ingresa el código de seguridad.", "Informe o código de segurança."],
    CvcIncomplete = "cvcIncomplete" => ["The security code is incomplete.", "El código de seguridad está incompleto.", "O código de segurança está incompleto."],
    CvcInvalid = "cvcInvalid" => ["The security code is invalid.", "El código de seguridad no es válido.", "O código de segurança é inválido."],
    HolderNameRequired = "holderNameRequired" => ["Enter the cardholder name.", "Ingresa el nombre del titular.", "Informe o nome do titular."],
    HolderNameTooShort = "holderNameTooShort" => ["The name is too short.", "El nombre es demasiado corto.", "O nome é muito curto."],
    HolderNameTooLong = "holderNameTooLong" => ["The name can have at most 26 characters.", "El nombre puede tener como máximo 26 caracteres.", "O nome pode ter no máximo 26 caracteres."],
    HolderNameInvalid = "holderNameInvalid" => ["Use only letters, spaces, apostrophes, hyphens and dots.", "Usa solo letras, espacios, apóstrofos, guiones y puntos.", "Use apenas letras, espaços, apóstrofos, hifens e pontos."],
    // Error codes of the JS API.
    TokenMalformed = "tokenMalformed" => ["The session token is malformed.", "El token de sesión tiene un formato incorrecto.", "O token de sessão está mal formado."],
    TokenPrefixInvalid = "tokenPrefixInvalid" => ["The session token is not valid for this operation.", "El token de sesión no es válido para esta operación.", "O token de sessão não é válido para esta operação."],
    TokenForCheckout = "tokenForCheckout" => ["This is a checkout token: use it with initCheckout().", "Este es un token de pago: úsalo con initCheckout().", "Este é um token de pagamento: use-o com initCheckout()."],
    SessionExpired = "sessionExpired" => ["The session has expired. Please start again.", "La sesión expiró. Vuelve a comenzar.", "A sessão expirou. Comece novamente."],
    SessionInvalid = "sessionInvalid" => ["The session is not valid.", "La sesión no es válida.", "A sessão não é válida."],
    ContainerNotFound = "containerNotFound" => ["The form container was not found on the page.", "No se encontró el contenedor del formulario en la página.", "O contêiner do formulário não foi encontrado na página."],
    OptionsInvalid = "optionsInvalid" => ["Invalid option: {option}.", "Opción no válida: {option}.", "Opção inválida: {option}."],
    InsecureApiBase = "insecureApiBase" => ["A live session requires a secure (https) connection.", "Una sesión en producción requiere una conexión segura (https).", "Uma sessão de produção exige uma conexão segura (https)."],
    ValidationFailed = "validationFailed" => ["Please check the highlighted fields.", "Revisa los campos marcados.", "Verifique os campos destacados."],
    CardDeclined = "cardDeclined" => ["The card was declined.", "La tarjeta fue rechazada.", "O cartão foi recusado."],
    SessionLocked = "sessionLocked" => ["Too many cards were declined. For your security, no more cards can be added right now. Please try again later.", "Se rechazaron demasiadas tarjetas. Por tu seguridad, no se pueden agregar más tarjetas por ahora. Inténtalo más tarde.", "Muitos cartões foram recusados. Para sua segurança, não é possível adicionar mais cartões agora. Tente novamente mais tarde."],
    SessionAlreadyPaid = "sessionAlreadyPaid" => ["This payment has already been made.", "Este pago ya fue realizado.", "Este pagamento já foi realizado."],
    NetworkError = "networkError" => ["We couldn't connect. Check your connection and try again.", "No pudimos conectarnos. Revisa tu conexión e inténtalo de nuevo.", "Não foi possível conectar. Verifique sua conexão e tente novamente."],
    ServerError = "serverError" => ["Something went wrong on our side. Please try again.", "Algo salió mal de nuestro lado. Inténtalo de nuevo.", "Algo deu errado do nosso lado. Tente novamente."],
    Unmounted = "unmounted" => ["The form is no longer on the page.", "El formulario ya no está en la página.", "O formulário não está mais na página."],
    // Decline reasons.
    DeclineInsufficientFunds = "declineInsufficientFunds" => ["Insufficient funds.", "Fondos insuficientes.", "Saldo insuficiente."],
    DeclineDeclinedByBank = "declineDeclinedByBank" => ["Your bank declined the card.", "Tu banco rechazó la tarjeta.", "Seu banco recusou o cartão."],
    DeclineDoNotHonor = "declineDoNotHonor" => ["Your bank did not authorize the card. Please contact your bank.", "Tu banco no autorizó la tarjeta. Comunícate con tu banco.", "Seu banco não autorizou o cartão. Entre em contato com seu banco."],
    DeclineInvalidSecurityCode = "declineInvalidSecurityCode" => ["The security code is incorrect.", "El código de seguridad es incorrecto.", "O código de segurança está incorreto."],
    DeclineInvalidCardData = "declineInvalidCardData" => ["The card details are incorrect.", "Los datos de la tarjeta son incorrectos.", "Os dados do cartão estão incorretos."],
    DeclineReportedStolen = "declineReportedStolen" => ["This card can't be used. Please contact your bank.", "Esta tarjeta no se puede usar. Comunícate con tu banco.", "Este cartão não pode ser usado. Entre em contato com seu banco."],
    // Checkout (one-click payment).
    @checkout
    // Only `initCheckout` refuses a customer session's token.
    TokenForEnrollment = "tokenForEnrollment" => ["This is a customer session token: use it with initEnrollment().", "Este es un token de sesión de cliente: úsalo con initEnrollment().", "Este é um token de sessão de cliente: use-o com initEnrollment()."],
    SavedCardsLegend = "savedCardsLegend" => ["Your saved cards", "Tus tarjetas guardadas", "Seus cartões salvos"],
    SavedCardExpires = "savedCardExpires" => ["Expires {month}/{year}", "Vence {month}/{year}", "Vence em {month}/{year}"],
    SavedCardExpired = "savedCardExpired" => ["Expired", "Vencida", "Vencido"],
    NoSavedCards = "noSavedCards" => ["You have no saved cards.", "No tienes tarjetas guardadas.", "Você não tem cartões salvos."],
    PayButton = "payButton" => ["Pay {amount}", "Pagar {amount}", "Pagar {amount}"],
    Paying = "paying" => ["Processing payment…", "Procesando el pago…", "Processando o pagamento…"],
    PaymentSucceeded = "paymentSucceeded" => ["Payment successful", "Pago realizado", "Pagamento aprovado"],
}

/// The text of `key` in `locale`.
pub fn text(locale: Locale, key: MessageKey) -> &'static str {
    let i = key as usize * 3 + locale as usize;
    match i.checked_sub(3 * FORM_KEYS) {
        Some(j) => nth(CHECKOUT_TEXTS, &CHECKOUT_ENDS, j),
        None => nth(TEXTS, &ENDS, i),
    }
}

/// [`text`] for a program that never shows the checkout pane's keys (the SDK's enrollment
/// package): `""` for those, so that their texts are not linked into it.
pub fn form_text(locale: Locale, key: MessageKey) -> &'static str {
    nth(TEXTS, &ENDS, key as usize * 3 + locale as usize)
}

/// Replaces each `{name}` in `template` by its value; unknown placeholders are left as they are.
///
/// Values are inserted as they are (no placeholder inside a value is expanded).
pub fn fill(template: &str, values: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    let mut rest = template;
    // Byte scans for the ASCII braces (cutting next to them is always on a char boundary):
    // `find(char)` would cost the SDK's wasm a char searcher.
    while let Some((before, after)) = crate::split_once_ascii(rest, b'{') {
        out.push_str(before);
        let value = crate::split_once_ascii(after, b'}').and_then(|(name, tail)| {
            values
                .iter()
                .find(|(n, _)| *n == name)
                .map(|(_, v)| (*v, tail))
        });
        match value {
            Some((v, tail)) => {
                out.push_str(v);
                rest = tail;
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::{BTreeSet, HashSet};

    fn placeholders(s: &str) -> BTreeSet<String> {
        let mut found = BTreeSet::new();
        let mut rest = s;
        while let Some(open) = rest.find('{') {
            let after = &rest[open + 1..];
            let close = after.find('}').expect("unclosed placeholder");
            found.insert(after[..close].to_string());
            rest = &after[close + 1..];
        }
        found
    }

    #[test]
    fn locale_tags() {
        let cases = [
            ("en", Some(Locale::En)),
            ("EN", Some(Locale::En)),
            ("en-US", Some(Locale::En)),
            ("es", Some(Locale::Es)),
            ("es-AR", Some(Locale::Es)),
            ("es-419", Some(Locale::Es)),
            ("Es-mx", Some(Locale::Es)),
            ("pt", Some(Locale::Pt)),
            ("pt-BR", Some(Locale::Pt)),
            ("pt_BR", Some(Locale::Pt)),
            (" pt-PT ", Some(Locale::Pt)),
            ("", None),
            ("fr", None),
            ("fr-CA", None),
            ("english", None),
            ("e", None),
            ("-es", None),
            ("espanol", None),
            ("EN", Some(Locale::En)),
            ("eS-419", Some(Locale::Es)),
            ("PT_br", Some(Locale::Pt)),
            ("é", None),
            ("ñe-ES", None),
        ];
        for (tag, want) in cases {
            assert_eq!(Locale::from_tag(tag), want, "{tag:?}");
        }
        for l in Locale::ALL {
            assert_eq!(Locale::from_tag(l.as_str()), Some(l));
        }
    }

    #[test]
    fn key_ids_round_trip_and_are_unique() {
        let mut ids = HashSet::new();
        for &key in MessageKey::ALL {
            assert!(ids.insert(key.id()), "duplicate id {}", key.id());
            assert_eq!(MessageKey::from_id(key.id()), Some(key));
            let id = key.id();
            assert!(
                id.chars().next().is_some_and(|c| c.is_ascii_lowercase()),
                "{id}"
            );
            assert!(id.chars().all(|c| c.is_ascii_alphanumeric()), "{id}");
        }
        assert_eq!(MessageKey::ALL.len(), 59);
        for bad in ["", "FormLabel", "form_label", "formlabel", "nope"] {
            assert_eq!(MessageKey::from_id(bad), None, "{bad}");
        }
    }

    #[test]
    fn every_key_has_text_in_every_language() {
        for &key in MessageKey::ALL {
            for locale in Locale::ALL {
                let t = text(locale, key);
                assert!(!t.trim().is_empty(), "{key:?} {locale:?}");
                assert_eq!(t.trim(), t, "{key:?} {locale:?} has outer white space");
                assert!(!t.contains("  "), "{key:?} {locale:?}");
            }
        }
    }

    #[test]
    fn form_text_is_text_but_for_the_checkout_keys() {
        let checkout = [
            MessageKey::TokenForEnrollment,
            MessageKey::SavedCardsLegend,
            MessageKey::SavedCardExpires,
            MessageKey::SavedCardExpired,
            MessageKey::NoSavedCards,
            MessageKey::PayButton,
            MessageKey::Paying,
            MessageKey::PaymentSucceeded,
        ];
        for &key in MessageKey::ALL {
            for locale in Locale::ALL {
                let want = if checkout.contains(&key) {
                    ""
                } else {
                    text(locale, key)
                };
                assert_eq!(form_text(locale, key), want, "{key:?} {locale:?}");
            }
        }
        assert_eq!(text(Locale::Es, MessageKey::PayButton), "Pagar {amount}");
        assert_eq!(
            text(Locale::Pt, MessageKey::PaymentSucceeded),
            "Pagamento aprovado"
        );
        assert_eq!(
            text(Locale::En, MessageKey::DeclineReportedStolen).len(),
            50
        );
    }

    #[test]
    fn placeholders_match_across_languages() {
        let expected: &[(MessageKey, &[&str])] = &[
            (MessageKey::CvcLabel, &["cvc"]),
            (MessageKey::BrandDetected, &["brand"]),
            (MessageKey::PayButton, &["amount"]),
            (MessageKey::SavedCardExpires, &["month", "year"]),
            (MessageKey::OptionsInvalid, &["option"]),
        ];
        for &key in MessageKey::ALL {
            let want: BTreeSet<String> = expected
                .iter()
                .find(|(k, _)| *k == key)
                .map(|(_, names)| names.iter().map(|n| n.to_string()).collect())
                .unwrap_or_default();
            for locale in Locale::ALL {
                assert_eq!(placeholders(text(locale, key)), want, "{key:?} {locale:?}");
            }
        }
    }

    #[test]
    fn translations_differ_where_they_should() {
        // Digits and a verb that Spanish and Portuguese share are the only identical texts.
        let same_everywhere = [MessageKey::NumberPlaceholder, MessageKey::CvcPlaceholder];
        let same_es_pt = [
            MessageKey::NumberPlaceholder,
            MessageKey::CvcPlaceholder,
            MessageKey::ExpiryPlaceholder,
            MessageKey::PayButton,
        ];
        for &key in MessageKey::ALL {
            let [en, es, pt] = Locale::ALL.map(|l| text(l, key));
            if same_everywhere.contains(&key) {
                assert!(en == es && es == pt, "{key:?}");
                continue;
            }
            assert_ne!(en, es, "{key:?}");
            assert_ne!(en, pt, "{key:?}");
            assert_eq!(es == pt, same_es_pt.contains(&key), "{key:?}: {es} / {pt}");
        }
        // Within a language every key has its own text.
        for locale in Locale::ALL {
            let mut seen = HashSet::new();
            for &key in MessageKey::ALL {
                assert!(
                    seen.insert(text(locale, key)),
                    "{key:?} {locale:?} repeats a text"
                );
            }
        }
    }

    #[test]
    fn spot_check_texts() {
        let cases = [
            // The first and the last text of the table.
            (Locale::En, MessageKey::FormLabel, "Card details"),
            (
                Locale::Pt,
                MessageKey::PaymentSucceeded,
                "Pagamento aprovado",
            ),
            (Locale::En, MessageKey::NumberLabel, "Card number"),
            (Locale::Es, MessageKey::NumberLabel, "Número de tarjeta"),
            (Locale::Pt, MessageKey::NumberLabel, "Número do cartão"),
            (
                Locale::Es,
                MessageKey::ExpiryPast,
                "La tarjeta está vencida.",
            ),
            (Locale::Pt, MessageKey::SubmitButton, "Salvar cartão"),
            (
                Locale::En,
                MessageKey::SessionExpired,
                "The session has expired. Please start again.",
            ),
        ];
        for (locale, key, want) in cases {
            assert_eq!(text(locale, key), want);
        }
    }

    #[test]
    fn fill_table() {
        type Case = (
            &'static str,
            &'static [(&'static str, &'static str)],
            &'static str,
        );
        let cases: &[Case] = &[
            ("", &[], ""),
            ("plain", &[("a", "b")], "plain"),
            ("Pay {amount}", &[("amount", "$10.00")], "Pay $10.00"),
            ("{a}{b}{a}", &[("a", "1"), ("b", "2")], "121"),
            (
                "Expires {month}/{year}",
                &[("month", "11"), ("year", "28")],
                "Expires 11/28",
            ),
            ("{unknown} stays", &[("a", "1")], "{unknown} stays"),
            ("{a", &[("a", "1")], "{a"),
            ("a}", &[("a", "1")], "a}"),
            ("{{a}}", &[("a", "1")], "{1}"),
            ("{}", &[("", "empty")], "empty"),
            ("{a}", &[("a", "{b}"), ("b", "x")], "{b}"),
            ("né {a} ü", &[("a", "ç")], "né ç ü"),
        ];
        for &(template, values, want) in cases {
            assert_eq!(fill(template, values), want, "{template:?}");
        }
        let brand = fill(
            text(Locale::Pt, MessageKey::BrandDetected),
            &[("brand", "Elo")],
        );
        assert_eq!(brand, "Bandeira do cartão: Elo");
    }

    proptest::proptest! {
        #[test]
        fn fill_never_panics(t in "\\PC*", name in "\\PC{0,4}", value in "\\PC{0,4}") {
            let _ = fill(&t, &[(&name, &value)]);
            let _ = Locale::from_tag(&t);
            let _ = MessageKey::from_id(&t);
        }

        #[test]
        fn fill_without_braces_is_identity(t in "[^{}]*") {
            proptest::prop_assert_eq!(fill(&t, &[("a", "b")]), t);
        }
    }
}
