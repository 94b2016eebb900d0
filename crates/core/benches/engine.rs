//! Simulated segments per second for a long transfer: `cargo bench -p wiretrace-core`.
//!
//! The workload is the `browse` scenario fetching a large page (every segment recorded in
//! the Trace with its explanation, as the page and the CLI get it), and the same transfer
//! over a lossy link (retransmissions, out-of-order reassembly). Criterion prints the
//! throughput in segments per second ("elem/s").

#[cfg(not(target_arch = "wasm32"))]
mod native {
    use criterion::{criterion_group, Criterion, Throughput};
    use wiretrace_core::scenario;

    fn transfer(c: &mut Criterion) {
        let mut group = c.benchmark_group("engine");
        group.sample_size(10);
        for (name, params) in [
            ("browse 4 MB", vec![("body_bytes", "4000000")]),
            (
                "browse 4 MB, 1% loss",
                vec![
                    ("body_bytes", "4000000"),
                    ("loss", "0.01"),
                    ("sack", "true"),
                ],
            ),
        ] {
            let trace = scenario::run_with("browse", &params).expect("the workload runs");
            let segments = trace.segments.len() as u64;
            println!("{name}: {segments} segments per run");
            group.throughput(Throughput::Elements(segments));
            group.bench_function(name, |b| {
                b.iter(|| scenario::run_with("browse", &params).expect("runs"))
            });
        }
        group.finish();
    }

    criterion_group!(benches, transfer);
}

#[cfg(not(target_arch = "wasm32"))]
criterion::criterion_main!(native::benches);

#[cfg(target_arch = "wasm32")]
fn main() {}
