//! The card brand table and brand detection on partial input.
//!
//! INTERFACE DRAFT: bodies to be written by the core implementer; signatures are the contract.

/// A card brand the SDK recognises. `Brand::id` is the id used in the JS API.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Brand {
    /// Visa.
    Visa,
    /// Mastercard (51–55 and 2221–2720).
    Mastercard,
    /// American Express.
    Amex,
    /// Diners Club.
    Diners,
    /// Discover.
    Discover,
    /// JCB.
    Jcb,
    /// UnionPay.
    Unionpay,
    /// Maestro.
    Maestro,
    /// Elo.
    Elo,
    /// Hipercard.
    Hipercard,
    /// Hiper.
    Hiper,
    /// Cabal.
    Cabal,
    /// Naranja.
    Naranja,
    /// Mir.
    Mir,
    /// UATP.
    Uatp,
}

/// The static facts about one brand.
#[derive(Debug)]
pub struct BrandInfo {
    /// The brand this row describes.
    pub brand: Brand,
    /// Human name, e.g. "American Express".
    pub display_name: &'static str,
    /// Valid number lengths, ascending.
    pub lengths: &'static [u8],
    /// Digit positions before which a space is shown, e.g. `[4, 10]` for amex (4-6-5).
    pub gaps: &'static [u8],
    /// Security code length.
    pub cvc_length: u8,
    /// The brand's own name for the security code: "CVV", "CVC", "CID", "CVN", "CVE", "CVP2".
    pub cvc_name: &'static str,
    /// Whether the Luhn check applies.
    pub luhn: bool,
}

/// What the digits typed so far say about the brand.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Detection {
    /// Exactly one brand (the longest matching prefix wins over shorter overlapping ones).
    Brand(Brand),
    /// Several brands are still possible (e.g. "" or "6"): wait for more digits.
    Ambiguous,
    /// No brand can match these digits.
    Unknown,
}

impl Brand {
    /// Every brand, in table order.
    pub const ALL: [Brand; 15] = [
        Brand::Visa,
        Brand::Mastercard,
        Brand::Amex,
        Brand::Diners,
        Brand::Discover,
        Brand::Jcb,
        Brand::Unionpay,
        Brand::Maestro,
        Brand::Elo,
        Brand::Hipercard,
        Brand::Hiper,
        Brand::Cabal,
        Brand::Naranja,
        Brand::Mir,
        Brand::Uatp,
    ];

    /// The JS id: "visa", "mastercard", "amex", "diners", "discover", "jcb", "unionpay", "maestro",
    /// "elo", "hipercard", "hiper", "cabal", "naranja", "mir", "uatp".
    pub fn id(self) -> &'static str {
        unimplemented!()
    }

    /// Inverse of [`Brand::id`].
    pub fn from_id(id: &str) -> Option<Brand> {
        let _ = id;
        unimplemented!()
    }

    /// This brand's row of the table.
    pub fn info(self) -> &'static BrandInfo {
        unimplemented!()
    }
}

/// Detects the brand from the digits typed so far (digits only; the caller strips separators).
pub fn detect(digits: &str) -> Detection {
    let _ = digits;
    unimplemented!()
}

/// The most digits the field accepts for these digits: the brand's longest length when known,
/// otherwise 19.
pub fn max_length(digits: &str) -> usize {
    let _ = digits;
    unimplemented!()
}
