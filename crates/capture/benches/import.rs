//! Placeholder replaced below once the generator exists.
fn main() {}
