//! `wiretrace import` of a capture cut short, through the real binary: the whole packets
//! are drawn, one warning line on stderr names the byte offset and what was lost, and the
//! exit code is 0; a file with no whole packet is still refused (exit 2, one line).

use std::path::PathBuf;
use std::process::{Command, Output};

fn capture(name: &str) -> Vec<u8> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/captures")
        .join(name);
    std::fs::read(path).expect("the capture is there")
}

/// Writes `bytes` to a temporary file named `name` and imports it with `args`.
fn import(name: &str, bytes: &[u8], args: &[&str]) -> Output {
    let dir = std::env::temp_dir().join(format!("wiretrace-cli-cut-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    Command::new(env!("CARGO_BIN_EXE_wiretrace"))
        .arg("import")
        .arg(&path)
        .args(args)
        .output()
        .expect("the binary runs")
}

#[test]
fn a_pcap_cut_short_is_drawn_to_the_cut_with_one_warning() {
    let pcap = capture("single-get.pcap");
    let cut = &pcap[..pcap.len() - 20];
    let out = import("cut.pcap", cut, &["--format", "json"]);
    assert!(out.status.success(), "{out:?}");
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(
        stderr.starts_with("wiretrace: ") && stderr.contains("cut.pcap: warning: "),
        "{stderr}"
    );
    assert!(stderr.contains("at byte 1192"), "{stderr}");
    assert!(
        stderr.contains("packet 12 lacks 20 of its 82 bytes"),
        "{stderr}"
    );
    let trace: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(trace["segments"].as_array().unwrap().len(), 11);

    // The whole file: no warning.
    let out = import("whole.pcap", &pcap, &[]);
    assert!(out.status.success() && out.stderr.is_empty(), "{out:?}");
    // `--list` warns too.
    let out = import("cut.pcap", cut, &["--list"]);
    assert!(out.status.success(), "{out:?}");
    assert_eq!(String::from_utf8(out.stderr).unwrap().lines().count(), 1);
}

#[test]
fn a_pcapng_cut_inside_a_block_warns_and_one_cut_before_any_packet_fails() {
    let ng = capture("single-get.pcapng");
    let out = import("cut.pcapng", &ng[..ng.len() - 5], &[]);
    assert!(out.status.success(), "{out:?}");
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.contains("pcapng block"), "{stderr}");

    // A header and a record cut short: nothing to draw.
    let pcap = capture("single-get.pcap");
    let out = import("broken.pcap", &pcap[..30], &[]);
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(
        stderr.contains("at byte 24") && stderr.contains("cut short"),
        "{stderr}"
    );
    assert!(out.stdout.is_empty());
}
