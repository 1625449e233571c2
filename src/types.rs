//! The TypeScript declarations wasm-bindgen cannot infer (the options, state, results and error
//! of DESIGN §3): `types.d.ts`, appended to `enrollment_sdk.d.ts`.

use wasm_bindgen::prelude::wasm_bindgen;

#[wasm_bindgen(typescript_custom_section)]
const TYPES: &str = include_str!("types.d.ts");

#[cfg(test)]
mod tests {
    use enrollment_core::messages::MessageKey;
    use enrollment_core::Brand;

    use crate::error::Code;

    const TYPES: &str = include_str!("types.d.ts");

    fn quoted(s: &str) -> String {
        let mut q = String::from("'");
        q.push_str(s);
        q.push('\'');
        q
    }

    #[test]
    fn every_message_key_brand_and_code_is_declared() {
        for key in MessageKey::ALL {
            assert!(TYPES.contains(&quoted(key.id())), "{}", key.id());
        }
        for brand in Brand::ALL {
            assert!(TYPES.contains(&quoted(brand.id())), "{}", brand.id());
        }
        let codes = [
            Code::TokenMalformed,
            Code::TokenPrefixInvalid,
            Code::SessionExpired,
            Code::SessionInvalid,
            Code::ContainerNotFound,
            Code::OptionsInvalid,
            Code::InsecureApiBase,
            Code::ValidationFailed,
            Code::CardDeclined,
            Code::SessionLocked,
            Code::SessionAlreadyPaid,
            Code::NetworkError,
            Code::ServerError,
            Code::Unmounted,
        ];
        for code in codes {
            assert!(TYPES.contains(&quoted(code.as_str())), "{}", code.as_str());
        }
    }
}
