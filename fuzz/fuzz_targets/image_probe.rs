//! The image header probe on arbitrary bytes, as a whole file and as a prefix of a longer one:
//! whatever a header claims (2147483647×2147483647, a truncated chunk), probing must not panic.
#![no_main]

use amolint_core::image::{probe, probe_with};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = probe(data, true);
    let _ = probe(data, false);
    // Through the reader interface the widget uses: `read(n)` gives at most the first n bytes.
    let _ = probe_with(|n| Ok::<_, ()>(data[..n.min(data.len())].to_vec()));
});
