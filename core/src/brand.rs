//! The card brand table and brand detection on partial input.
//!
//! Detection rule: among the table's prefixes that the digits fully contain, the longest wins
//! ("4" is visa, "401178" elo, "6011" discover, "622126" discover rather than unionpay's "62").
//! When no prefix is fully typed yet, the brand is known only if every prefix the digits could
//! still grow into belongs to one brand ("222" can only be mastercard); otherwise it is
//! ambiguous. So the answer is the best match *so far* and can change as digits arrive
//! ("50" is maestro until "504175" makes it elo). Maestro's catch-all "6" is weaker than any
//! other brand: it decides only when no other brand can still match ("61…").

use crate::packed::{ends, nth};

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

/// Digit positions of the spaces while the brand is unknown or ambiguous (4-4-4-4-3).
pub const DEFAULT_GAPS: &[u8] = &[4, 8, 12, 16];

/// The most digits any card number has; the field's cap while the brand is unknown.
pub const DEFAULT_MAX_LENGTH: usize = 19;

const L16: &[u8] = &[16];
const L16_19: &[u8] = &[16, 17, 18, 19];
const G4444: &[u8] = &[4, 8, 12, 16];

// One row per brand, in `Brand::ALL` order. Lengths, gaps and the security code's name and size
// are the brands' published facts as collected in public IIN/BIN lists and the brands' developer
// documentation (and mirrored by braintree/credit-card-type). UnionPay: some UnionPay cards do
// not satisfy Luhn, and UnionPay itself does not require it, so it is not checked (as most
// payment forms do); its typos are left to the issuer to refuse.
static INFOS: [BrandInfo; 15] = [
    BrandInfo {
        brand: Brand::Visa,
        display_name: "Visa",
        lengths: &[16, 18, 19],
        gaps: G4444,
        cvc_length: 3,
        cvc_name: "CVV",
        luhn: true,
    },
    BrandInfo {
        brand: Brand::Mastercard,
        display_name: "Mastercard",
        lengths: L16,
        gaps: G4444,
        cvc_length: 3,
        cvc_name: "CVC",
        luhn: true,
    },
    BrandInfo {
        brand: Brand::Amex,
        display_name: "American Express",
        lengths: &[15],
        gaps: &[4, 10],
        cvc_length: 4,
        cvc_name: "CID",
        luhn: true,
    },
    BrandInfo {
        brand: Brand::Diners,
        display_name: "Diners Club",
        lengths: &[14, 15, 16, 17, 18, 19],
        gaps: &[4, 10],
        cvc_length: 3,
        cvc_name: "CVV",
        luhn: true,
    },
    BrandInfo {
        brand: Brand::Discover,
        display_name: "Discover",
        lengths: L16_19,
        gaps: G4444,
        cvc_length: 3,
        cvc_name: "CID",
        luhn: true,
    },
    BrandInfo {
        brand: Brand::Jcb,
        display_name: "JCB",
        lengths: L16_19,
        gaps: G4444,
        cvc_length: 3,
        cvc_name: "CVV",
        luhn: true,
    },
    BrandInfo {
        brand: Brand::Unionpay,
        display_name: "UnionPay",
        lengths: L16_19,
        gaps: G4444,
        cvc_length: 3,
        cvc_name: "CVN",
        luhn: false,
    },
    BrandInfo {
        brand: Brand::Maestro,
        display_name: "Maestro",
        lengths: &[12, 13, 14, 15, 16, 17, 18, 19],
        gaps: G4444,
        cvc_length: 3,
        cvc_name: "CVC",
        luhn: true,
    },
    BrandInfo {
        brand: Brand::Elo,
        display_name: "Elo",
        lengths: L16,
        gaps: G4444,
        cvc_length: 3,
        cvc_name: "CVE",
        luhn: true,
    },
    BrandInfo {
        brand: Brand::Hipercard,
        display_name: "Hipercard",
        lengths: L16,
        gaps: G4444,
        cvc_length: 3,
        cvc_name: "CVC",
        luhn: true,
    },
    BrandInfo {
        brand: Brand::Hiper,
        display_name: "Hiper",
        lengths: L16,
        gaps: G4444,
        cvc_length: 3,
        cvc_name: "CVC",
        luhn: true,
    },
    BrandInfo {
        brand: Brand::Cabal,
        display_name: "Cabal",
        lengths: L16,
        gaps: G4444,
        cvc_length: 3,
        cvc_name: "CVV",
        luhn: true,
    },
    BrandInfo {
        brand: Brand::Naranja,
        display_name: "Naranja",
        lengths: L16,
        gaps: G4444,
        cvc_length: 3,
        cvc_name: "CVV",
        luhn: true,
    },
    BrandInfo {
        brand: Brand::Mir,
        display_name: "Mir",
        lengths: L16_19,
        gaps: G4444,
        cvc_length: 3,
        cvc_name: "CVP2",
        luhn: true,
    },
    BrandInfo {
        brand: Brand::Uatp,
        display_name: "UATP",
        lengths: &[15],
        gaps: &[4, 9],
        cvc_length: 3,
        cvc_name: "CVV",
        luhn: true,
    },
];

/// An inclusive range of IIN prefixes of one width: `lo..=hi` over the first `width` digits.
struct Range {
    brand: Brand,
    lo: u32,
    /// `hi - lo`: two bytes rather than four for `hi` (8 bytes a range instead of 12).
    span: u16,
    width: u8,
}

impl Range {
    /// The last prefix of the range.
    fn hi(&self) -> u32 {
        self.lo + u32::from(self.span)
    }
}

const fn width_of(mut n: u32) -> u8 {
    let mut w = 1;
    while n >= 10 {
        n /= 10;
        w += 1;
    }
    w
}

/// `lo` and `hi` have the same number of digits: that is the prefix width.
const fn r(brand: Brand, lo: u32, hi: u32) -> Range {
    // Checked when the table is compiled: a wider range would not fit `span`.
    assert!(lo <= hi && hi - lo <= u16::MAX as u32);
    Range {
        brand,
        lo,
        span: (hi - lo) as u16,
        width: width_of(lo),
    }
}

const fn p(brand: Brand, prefix: u32) -> Range {
    r(brand, prefix, prefix)
}

/// Maestro's catch-all: any "6…" that no other brand claims.
const FALLBACK: Range = p(Brand::Maestro, 6);

// IIN prefixes and ranges, from the brands' public documentation and well-known public IIN lists
// (as facts; e.g. the ranges collected in braintree/credit-card-type). Overlaps are intended:
// the longest matching prefix wins (see the module comment).
static RANGES: &[Range] = &[
    p(Brand::Visa, 4),
    r(Brand::Mastercard, 51, 55),
    r(Brand::Mastercard, 2221, 2720),
    p(Brand::Amex, 34),
    p(Brand::Amex, 37),
    p(Brand::Diners, 36),
    r(Brand::Diners, 38, 39),
    r(Brand::Diners, 300, 305),
    p(Brand::Discover, 6011),
    r(Brand::Discover, 644, 649),
    p(Brand::Discover, 65),
    // UnionPay cards co-branded with Discover: reported as discover (longest prefix).
    r(Brand::Discover, 622_126, 622_925),
    r(Brand::Jcb, 3528, 3589),
    p(Brand::Unionpay, 62),
    p(Brand::Maestro, 50),
    r(Brand::Maestro, 56, 59),
    p(Brand::Maestro, 63),
    p(Brand::Maestro, 67),
    p(Brand::Elo, 401_178),
    p(Brand::Elo, 401_179),
    p(Brand::Elo, 431_274),
    p(Brand::Elo, 438_935),
    p(Brand::Elo, 451_416),
    p(Brand::Elo, 457_393),
    r(Brand::Elo, 457_631, 457_632),
    p(Brand::Elo, 504_175),
    r(Brand::Elo, 506_699, 506_778),
    r(Brand::Elo, 509_000, 509_999),
    p(Brand::Elo, 627_780),
    p(Brand::Elo, 636_297),
    p(Brand::Elo, 636_368),
    r(Brand::Elo, 650_031, 650_033),
    r(Brand::Elo, 650_035, 650_051),
    r(Brand::Elo, 650_405, 650_439),
    r(Brand::Elo, 650_485, 650_538),
    r(Brand::Elo, 650_541, 650_598),
    r(Brand::Elo, 650_700, 650_718),
    r(Brand::Elo, 650_720, 650_727),
    r(Brand::Elo, 650_901, 650_978),
    r(Brand::Elo, 651_652, 651_679),
    r(Brand::Elo, 655_000, 655_019),
    r(Brand::Elo, 655_021, 655_058),
    p(Brand::Hipercard, 606_282),
    p(Brand::Hipercard, 384_100),
    p(Brand::Hipercard, 384_140),
    p(Brand::Hipercard, 384_160),
    p(Brand::Hiper, 637_095),
    p(Brand::Hiper, 637_568),
    p(Brand::Hiper, 637_599),
    p(Brand::Hiper, 637_609),
    p(Brand::Hiper, 637_612),
    r(Brand::Cabal, 604_201, 604_219),
    r(Brand::Cabal, 604_300, 604_499),
    p(Brand::Cabal, 589_657),
    p(Brand::Cabal, 603_522),
    p(Brand::Cabal, 627_170),
    p(Brand::Naranja, 589_562),
    r(Brand::Mir, 2200, 2204),
    p(Brand::Uatp, 1),
];

/// The brands' ids in `Brand::ALL` order, packed (see [`crate::packed`]).
macro_rules! packed_ids {
    ($($id:literal),*) => {
        const IDS: &str = concat!($($id),*);
        const ID_ENDS: [u16; Brand::ALL.len() + 1] = ends([0, $($id.len()),*]);
    };
}
packed_ids!(
    "visa",
    "mastercard",
    "amex",
    "diners",
    "discover",
    "jcb",
    "unionpay",
    "maestro",
    "elo",
    "hipercard",
    "hiper",
    "cabal",
    "naranja",
    "mir",
    "uatp"
);

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
        nth(IDS, &ID_ENDS, self as usize)
    }

    /// Inverse of [`Brand::id`].
    pub fn from_id(id: &str) -> Option<Brand> {
        Brand::ALL.into_iter().find(|b| b.id() == id)
    }

    /// This brand's row of the table.
    pub fn info(self) -> &'static BrandInfo {
        // `INFOS` is in declaration order, which is also the discriminant order.
        &INFOS[self as usize]
    }
}

/// The value of the first `n` digits (n ≤ 6, so it fits a u32).
fn leading(digits: &[u8], n: usize) -> u32 {
    // At most six digits: the value fits a u32.
    crate::decimal(digits.get(..n).unwrap_or(digits)) as u32
}

/// Whether `digits` fully contains a prefix of `range` (`Some(true)`), could still grow into
/// one (`Some(false)`), or neither (`None`).
fn matches(range: &Range, digits: &[u8]) -> Option<bool> {
    let w = usize::from(range.width);
    if digits.len() >= w {
        let v = leading(digits, w);
        (range.lo <= v && v <= range.hi()).then_some(true)
    } else {
        let div = crate::POW10.get(w - digits.len()).copied().unwrap_or(1);
        let v = leading(digits, digits.len());
        (range.lo / div <= v && v <= range.hi() / div).then_some(false)
    }
}

/// Detects the brand from the digits typed so far (digits only; the caller strips separators).
/// Any other character makes the answer [`Detection::Unknown`].
pub fn detect(digits: &str) -> Detection {
    let d = digits.as_bytes();
    if !crate::all_bytes(digits, crate::is_digit) {
        return Detection::Unknown;
    }
    let mut best: Option<&Range> = None;
    // One bit per brand that these digits could still grow into.
    let mut possible: u16 = 0;
    let mut i = 0;
    while i < RANGES.len() {
        let range = &RANGES[i];
        i += 1;
        match matches(range, d) {
            Some(true) if best.map_or(true, |b| range.width > b.width) => best = Some(range),
            Some(false) => possible |= 1 << range.brand as u16,
            _ => {}
        }
    }
    if let Some(b) = best {
        return Detection::Brand(b.brand);
    }
    if matches(&FALLBACK, d) == Some(true) {
        possible |= 1 << FALLBACK.brand as u16;
    }
    match possible.count_ones() {
        0 => Detection::Unknown,
        // The one bit set is the brand's discriminant, its index in `Brand::ALL`.
        1 => Brand::ALL
            .get(possible.trailing_zeros() as usize)
            .map_or(Detection::Unknown, |&b| Detection::Brand(b)),
        _ => Detection::Ambiguous,
    }
}

/// The most digits the field accepts for these digits: the brand's longest length when known,
/// otherwise 19.
pub fn max_length(digits: &str) -> usize {
    match detect(digits) {
        Detection::Brand(b) => b
            .info()
            .lengths
            .last()
            .map_or(DEFAULT_MAX_LENGTH, |&l| usize::from(l)),
        _ => DEFAULT_MAX_LENGTH,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Detection::{Ambiguous, Unknown};

    fn b(brand: Brand) -> Detection {
        Detection::Brand(brand)
    }

    #[test]
    fn ids_round_trip_and_rows_line_up() {
        for brand in Brand::ALL {
            assert_eq!(Brand::from_id(brand.id()), Some(brand));
            let info = brand.info();
            assert_eq!(info.brand, brand);
            assert!(!info.display_name.is_empty());
            assert!(!info.lengths.is_empty());
            assert!(info.lengths.windows(2).all(|w| w[0] < w[1]), "{brand:?}");
            assert!(info.lengths.iter().all(|&l| (12..=19).contains(&l)));
            assert!(info.gaps.windows(2).all(|w| w[0] < w[1]));
            assert!(info.gaps.iter().all(|&g| g > 0 && g < 19));
            assert!(matches!(info.cvc_length, 3 | 4));
            assert!(["CVV", "CVC", "CID", "CVN", "CVE", "CVP2"].contains(&info.cvc_name));
        }
        let ids = Brand::ALL.map(Brand::id);
        let want = [
            "visa",
            "mastercard",
            "amex",
            "diners",
            "discover",
            "jcb",
            "unionpay",
            "maestro",
            "elo",
            "hipercard",
            "hiper",
            "cabal",
            "naranja",
            "mir",
            "uatp",
        ];
        assert_eq!(ids, want);
        for bad in ["", "Visa", "VISA", "unknown", "master card", "amex "] {
            assert_eq!(Brand::from_id(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn facts_table() {
        // (brand, lengths, gaps, cvc length, cvc name, luhn)
        type Row = (Brand, &'static [u8], &'static [u8], u8, &'static str, bool);
        let cases: &[Row] = &[
            (Brand::Visa, &[16, 18, 19], &[4, 8, 12, 16], 3, "CVV", true),
            (Brand::Mastercard, &[16], &[4, 8, 12, 16], 3, "CVC", true),
            (Brand::Amex, &[15], &[4, 10], 4, "CID", true),
            (
                Brand::Diners,
                &[14, 15, 16, 17, 18, 19],
                &[4, 10],
                3,
                "CVV",
                true,
            ),
            (
                Brand::Discover,
                &[16, 17, 18, 19],
                &[4, 8, 12, 16],
                3,
                "CID",
                true,
            ),
            (
                Brand::Jcb,
                &[16, 17, 18, 19],
                &[4, 8, 12, 16],
                3,
                "CVV",
                true,
            ),
            (
                Brand::Unionpay,
                &[16, 17, 18, 19],
                &[4, 8, 12, 16],
                3,
                "CVN",
                false,
            ),
            (
                Brand::Maestro,
                &[12, 13, 14, 15, 16, 17, 18, 19],
                &[4, 8, 12, 16],
                3,
                "CVC",
                true,
            ),
            (Brand::Elo, &[16], &[4, 8, 12, 16], 3, "CVE", true),
            (Brand::Hipercard, &[16], &[4, 8, 12, 16], 3, "CVC", true),
            (Brand::Hiper, &[16], &[4, 8, 12, 16], 3, "CVC", true),
            (Brand::Cabal, &[16], &[4, 8, 12, 16], 3, "CVV", true),
            (Brand::Naranja, &[16], &[4, 8, 12, 16], 3, "CVV", true),
            (
                Brand::Mir,
                &[16, 17, 18, 19],
                &[4, 8, 12, 16],
                3,
                "CVP2",
                true,
            ),
            (Brand::Uatp, &[15], &[4, 9], 3, "CVV", true),
        ];
        assert_eq!(cases.len(), Brand::ALL.len());
        for &(brand, lengths, gaps, cvc, name, luhn) in cases {
            let info = brand.info();
            assert_eq!(info.lengths, lengths, "{brand:?}");
            assert_eq!(info.gaps, gaps, "{brand:?}");
            assert_eq!(info.cvc_length, cvc, "{brand:?}");
            assert_eq!(info.cvc_name, name, "{brand:?}");
            assert_eq!(info.luhn, luhn, "{brand:?}");
        }
    }

    #[test]
    fn detects_partial_input() {
        let cases: &[(&str, Detection)] = &[
            ("", Ambiguous),
            ("4", b(Brand::Visa)),
            ("40", b(Brand::Visa)),
            ("40117", b(Brand::Visa)),
            ("401178", b(Brand::Elo)),
            ("401179", b(Brand::Elo)),
            ("401180", b(Brand::Visa)),
            ("4011780000000006", b(Brand::Elo)),
            ("431274", b(Brand::Elo)),
            ("438935", b(Brand::Elo)),
            ("451416", b(Brand::Elo)),
            ("457393", b(Brand::Elo)),
            ("457631", b(Brand::Elo)),
            ("457632", b(Brand::Elo)),
            ("457633", b(Brand::Visa)),
            ("5", Ambiguous),
            ("50", b(Brand::Maestro)),
            ("504175", b(Brand::Elo)),
            ("504176", b(Brand::Maestro)),
            ("506698", b(Brand::Maestro)),
            ("506699", b(Brand::Elo)),
            ("506778", b(Brand::Elo)),
            ("506779", b(Brand::Maestro)),
            ("509000", b(Brand::Elo)),
            ("509999", b(Brand::Elo)),
            ("51", b(Brand::Mastercard)),
            ("55", b(Brand::Mastercard)),
            ("56", b(Brand::Maestro)),
            ("58", b(Brand::Maestro)),
            ("589562", b(Brand::Naranja)),
            ("589657", b(Brand::Cabal)),
            ("59", b(Brand::Maestro)),
            ("2", Ambiguous),
            ("22", Ambiguous),
            ("220", b(Brand::Mir)),
            ("2200", b(Brand::Mir)),
            ("2204", b(Brand::Mir)),
            ("2205", Unknown),
            ("221", Unknown),
            ("222", b(Brand::Mastercard)),
            ("2220", Unknown),
            ("2221", b(Brand::Mastercard)),
            ("2720", b(Brand::Mastercard)),
            ("2721", Unknown),
            ("27", b(Brand::Mastercard)),
            ("28", Unknown),
            ("3", Ambiguous),
            ("30", b(Brand::Diners)),
            ("300", b(Brand::Diners)),
            ("305", b(Brand::Diners)),
            ("306", Unknown),
            ("34", b(Brand::Amex)),
            ("35", b(Brand::Jcb)),
            ("3527", Unknown),
            ("3528", b(Brand::Jcb)),
            ("3589", b(Brand::Jcb)),
            ("3590", Unknown),
            ("36", b(Brand::Diners)),
            ("37", b(Brand::Amex)),
            ("38", b(Brand::Diners)),
            ("384100", b(Brand::Hipercard)),
            ("384140", b(Brand::Hipercard)),
            ("384160", b(Brand::Hipercard)),
            ("384161", b(Brand::Diners)),
            ("39", b(Brand::Diners)),
            ("31", Unknown),
            ("6", Ambiguous),
            ("60", Ambiguous),
            ("601", Ambiguous),
            ("6011", b(Brand::Discover)),
            ("6012", b(Brand::Maestro)),
            ("603522", b(Brand::Cabal)),
            ("604201", b(Brand::Cabal)),
            ("604219", b(Brand::Cabal)),
            ("604220", b(Brand::Maestro)),
            ("604300", b(Brand::Cabal)),
            ("604499", b(Brand::Cabal)),
            ("606282", b(Brand::Hipercard)),
            ("61", b(Brand::Maestro)),
            ("62", b(Brand::Unionpay)),
            ("622125", b(Brand::Unionpay)),
            ("622126", b(Brand::Discover)),
            ("622925", b(Brand::Discover)),
            ("622926", b(Brand::Unionpay)),
            ("627170", b(Brand::Cabal)),
            ("627780", b(Brand::Elo)),
            ("63", b(Brand::Maestro)),
            ("636297", b(Brand::Elo)),
            ("636368", b(Brand::Elo)),
            ("637095", b(Brand::Hiper)),
            ("637568", b(Brand::Hiper)),
            ("637599", b(Brand::Hiper)),
            ("637609", b(Brand::Hiper)),
            ("637612", b(Brand::Hiper)),
            ("64", Ambiguous),
            ("643", b(Brand::Maestro)),
            ("644", b(Brand::Discover)),
            ("649", b(Brand::Discover)),
            ("65", b(Brand::Discover)),
            ("650031", b(Brand::Elo)),
            ("650034", b(Brand::Discover)),
            ("650035", b(Brand::Elo)),
            ("650051", b(Brand::Elo)),
            ("650405", b(Brand::Elo)),
            ("650439", b(Brand::Elo)),
            ("650485", b(Brand::Elo)),
            ("650538", b(Brand::Elo)),
            ("650541", b(Brand::Elo)),
            ("650598", b(Brand::Elo)),
            ("650700", b(Brand::Elo)),
            ("650718", b(Brand::Elo)),
            ("650719", b(Brand::Discover)),
            ("650720", b(Brand::Elo)),
            ("650727", b(Brand::Elo)),
            ("650901", b(Brand::Elo)),
            ("650978", b(Brand::Elo)),
            ("651652", b(Brand::Elo)),
            ("651679", b(Brand::Elo)),
            ("655000", b(Brand::Elo)),
            ("655019", b(Brand::Elo)),
            ("655020", b(Brand::Discover)),
            ("655021", b(Brand::Elo)),
            ("655058", b(Brand::Elo)),
            ("66", b(Brand::Maestro)),
            ("67", b(Brand::Maestro)),
            ("1", b(Brand::Uatp)),
            ("0", Unknown),
            ("7", Unknown),
            ("8", Unknown),
            ("9", Unknown),
            ("4 1", Unknown),
            ("4-1", Unknown),
            ("x", Unknown),
            ("٤", Unknown),
        ];
        for &(digits, want) in cases {
            assert_eq!(detect(digits), want, "{digits:?}");
        }
    }

    #[test]
    fn detects_every_brand_from_public_test_numbers() {
        let cases: &[(&str, Brand)] = &[
            ("4507990000000002", Brand::Visa),
            ("4507990000000010", Brand::Visa),
            ("4111111111111111", Brand::Visa),
            ("4242424242424242", Brand::Visa),
            ("4012888888881881", Brand::Visa),
            ("5252440000000002", Brand::Mastercard),
            ("5555555555554444", Brand::Mastercard),
            ("2223003122003222", Brand::Mastercard),
            ("5105105105105100", Brand::Mastercard),
            ("370000000000002", Brand::Amex),
            ("378282246310005", Brand::Amex),
            ("371449635398431", Brand::Amex),
            ("3647166000000002", Brand::Diners),
            ("30569309025904", Brand::Diners),
            ("38520000023237", Brand::Diners),
            ("36227206271667", Brand::Diners),
            ("6011111111111117", Brand::Discover),
            ("6011000990139424", Brand::Discover),
            ("6445644564456445", Brand::Discover),
            ("3530111333300000", Brand::Jcb),
            ("3566002020360505", Brand::Jcb),
            ("6200000000000005", Brand::Unionpay),
            ("6205500000000000004", Brand::Unionpay),
            ("6759649826438453", Brand::Maestro),
            ("6799990100000000019", Brand::Maestro),
            ("5066991111111118", Brand::Elo),
            ("6062825624254001", Brand::Hipercard),
            ("6062826786276634", Brand::Hipercard),
            ("6370950000000005", Brand::Hiper),
            ("6035227716427021", Brand::Cabal),
            ("5895620000000002", Brand::Naranja),
            ("2200000000000004", Brand::Mir),
            ("135410014004955", Brand::Uatp),
        ];
        let mut seen = std::collections::HashSet::new();
        for &(number, brand) in cases {
            assert_eq!(detect(number), b(brand), "{number}");
            seen.insert(brand);
        }
        assert_eq!(
            seen.len(),
            Brand::ALL.len(),
            "every brand has a test number"
        );
    }

    #[test]
    fn max_length_table() {
        let cases = [
            ("", 19),
            ("6", 19),
            ("4", 19),
            ("37", 15),
            ("1", 15),
            ("51", 16),
            ("36", 19),
            ("401178", 16),
            ("50", 19),
            ("7", 19),
            ("abc", 19),
        ];
        for (digits, want) in cases {
            assert_eq!(max_length(digits), want, "{digits:?}");
        }
    }

    #[test]
    fn no_two_brands_share_a_prefix_of_the_same_width() {
        for (i, a) in RANGES.iter().enumerate() {
            assert!(a.lo <= a.hi() && width_of(a.hi()) == a.width);
            for other in &RANGES[i + 1..] {
                if a.width == other.width && a.lo <= other.hi() && other.lo <= a.hi() {
                    panic!(
                        "{:?} {} and {:?} {} overlap",
                        a.brand, a.lo, other.brand, other.lo
                    );
                }
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn detect_never_panics(s in "\\PC*") {
            let _ = detect(&s);
            let _ = max_length(&s);
        }

        #[test]
        fn a_known_brand_stays_known_when_digits_are_added_after_six(
            start in "[0-9]{6}", more in "[0-9]{0,13}"
        ) {
            // From six digits on, every prefix is fully typed: more digits never change the answer.
            let longer = format!("{start}{more}");
            proptest::prop_assert_eq!(detect(&start), detect(&longer));
        }

        #[test]
        fn unknown_stays_unknown(start in "[0-9]{0,6}", more in "[0-9]{1,13}") {
            if detect(&start) == Detection::Unknown {
                let longer = format!("{start}{more}");
                proptest::prop_assert_eq!(detect(&longer), Detection::Unknown);
            }
        }
    }
}
