//! The visible texts of one form: the locale's catalog from core, with the merchant's overrides.

use enrollment_core::messages::{self, Locale, MessageKey};

use crate::interop::{get, get_str};

/// One locale plus `options.messages`.
#[derive(Debug, Clone)]
pub struct Messages {
    /// The locale in use (also the form's `lang`).
    pub locale: Locale,
    overrides: Vec<(MessageKey, String)>,
}

impl Messages {
    /// The catalog of `locale`, no overrides.
    pub fn new(locale: Locale) -> Self {
        Self {
            locale,
            overrides: Vec::new(),
        }
    }

    /// Sets the text of `key` (a merchant override). Each key is set once at most: the overrides
    /// come from one object's own keys, and each key has one id.
    pub fn set(&mut self, key: MessageKey, text: String) {
        self.overrides.push((key, text));
    }

    /// The text of `key`: the override if any, else the locale's.
    pub fn text(&self, key: MessageKey) -> &str {
        for (k, text) in &self.overrides {
            if *k == key {
                return text;
            }
        }
        catalog(self.locale, key)
    }

    /// The text of `key` with its `{name}` placeholders filled.
    pub fn fill(&self, key: MessageKey, values: &[(&str, &str)]) -> String {
        messages::fill(self.text(key), values)
    }
}

#[cfg(not(feature = "checkout"))]
use messages::form_text as catalog;
/// The texts of the package: the enrollment package never shows the checkout pane's, so it leaves
/// them out (see core's `form_text`).
#[cfg(feature = "checkout")]
use messages::text as catalog;

/// The key whose id is `id`. A scan of the key table: smaller in the wasm than core's `from_id`
/// match.
// A plain loop: `find` costs the size-optimized wasm an iterator kept in memory.
#[allow(clippy::manual_find)]
pub fn key_of(id: &str) -> Option<MessageKey> {
    for &key in MessageKey::ALL {
        if key.id() == id {
            return Some(key);
        }
    }
    None
}

/// The locale of `navigator.language`, else English.
pub fn default_locale() -> Locale {
    // Read through `get` rather than two web-sys getters (two more imports).
    crate::dom::window()
        .and_then(|w| get_str(&get(&w, "navigator"), "language"))
        .and_then(|tag| Locale::from_tag(&tag))
        .unwrap_or(Locale::En)
}
