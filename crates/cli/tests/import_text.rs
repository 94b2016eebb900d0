//! `wiretrace import` of tcpdump text, through the real binary: a window the text does not
//! print is told as unknown, never as 0.

use std::path::PathBuf;
use std::process::Command;

fn capture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/captures")
        .join(name)
}

fn import(args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_wiretrace"))
        .arg("import")
        .args(args)
        .output()
        .expect("the binary runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("UTF-8 output")
}

#[test]
fn the_seed_transcript_says_the_window_is_unknown() {
    let seed = capture("seed.txt");
    let text = import(&[seed.to_str().unwrap()]);
    let segs: Vec<&str> = text
        .lines()
        .filter(|l| l.contains(" -> ") && l.contains(" seq="))
        .collect();
    assert_eq!(segs.len(), 3, "{text}");
    assert!(segs.iter().all(|l| l.ends_with(" win=?")), "{text}");
    assert!(!text.contains("win=0"), "{text}");
    let json = import(&[seed.to_str().unwrap(), "--format", "json"]);
    assert_eq!(
        json.matches("\"window_unknown\": true").count(),
        3,
        "{json}"
    );
}

#[test]
fn a_printed_window_is_written_as_printed() {
    let text = import(&[capture("handwritten.txt").to_str().unwrap()]);
    assert!(text.contains("SYN seq=100 len=0 win=64240"), "{text}");
    assert!(!text.contains("win=?"), "{text}");
}
