//! Shared by the fuzzing tests (`wiretrace-capture`'s `tests/fuzz.rs` and
//! `wiretrace-cli`'s `tests/fuzz_figures.rs`, which includes this file by path): the
//! committed captures, byte edits of them, and the number of cases.

#![allow(dead_code)]

/// A committed capture of `tests/captures`.
pub fn fixture(name: &str) -> Vec<u8> {
    let p = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/captures")
        .join(name);
    std::fs::read(p).unwrap()
}

/// `n` cases, or `PROPTEST_CASES` when it is set: `PROPTEST_CASES=100000 cargo test -p
/// wiretrace-capture --test fuzz` runs a longer campaign than CI's.
pub fn cases(n: u32) -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(n)
}

/// `base` with `edits` applied (`(where, value, kind)`: set a byte, flip a bit, insert or
/// remove one), then cut at `cut` (modulo the length) if given.
pub fn mutate(mut base: Vec<u8>, edits: &[(usize, u8, u8)], cut: Option<usize>) -> Vec<u8> {
    for &(pos, val, kind) in edits {
        if base.is_empty() {
            break;
        }
        let i = pos % base.len();
        match kind % 4 {
            0 => base[i] = val,
            1 => base[i] ^= 1 << (val % 8),
            2 => base.insert(i, val),
            _ => {
                base.remove(i);
            }
        }
    }
    if let Some(c) = cut {
        let c = c % (base.len() + 1);
        base.truncate(c);
    }
    base
}
