//! Static strings packed into one, cut by u16 end offsets: in the SDK's wasm a table of fat
//! pointers to separate strings costs more bytes than the offsets.

/// The running sums of `lens` (which start with a 0), checked at compile time to fit in a u16.
pub(crate) const fn ends<const N: usize>(lens: [usize; N]) -> [u16; N] {
    let mut out = [0; N];
    let mut end = 0;
    let mut i = 0;
    while i < N {
        end += lens[i];
        assert!(end <= u16::MAX as usize, "the strings outgrow u16 offsets");
        out[i] = end as u16;
        i += 1;
    }
    out
}

/// The `i`th piece of `all`, which `ends` cuts (after a leading 0); "" past the end.
pub(crate) fn nth(all: &'static str, ends: &[u16], i: usize) -> &'static str {
    match (ends.get(i), ends.get(i + 1)) {
        (Some(&start), Some(&end)) => all.get(usize::from(start)..usize::from(end)),
        _ => None,
    }
    .unwrap_or_default()
}
