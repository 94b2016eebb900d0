//! Every text a Chinese reader meets, rendered in Chinese: every scenario (its title,
//! introduction, parameters, explanations, states, timers, events, the figure, the
//! transcript and the exports), every alert the page raises, every import message. None
//! may hold an English sentence (`check::untranslated`), an unfilled `{placeholder}`, or a
//! lifeline's raw id where its name belongs (`fw`, `nat`).
#![cfg(not(target_arch = "wasm32"))]

use wiretrace_core::i18n::{self, check, Lang};
use wiretrace_core::scenario::{self, ParamKind};
use wiretrace_core::Trace;
use wiretrace_diagram::layout::Options;
use wiretrace_diagram::text::TextOptions;
use wiretrace_web::link::Link;
use wiretrace_web::state::{Action, Model};
use wiretrace_web::ui::{tf, T};

const ZH: Lang = Lang::Zh;

/// Collects what is wrong with the texts a reader sees.
#[derive(Default)]
struct Reader {
    problems: Vec<String>,
    read: usize,
}

impl Reader {
    /// Reads one text; `ids` are the lifeline ids of its run (never shown as names).
    fn read(&mut self, where_: &str, text: &str, ids: &[&str]) {
        self.read += 1;
        if let Some(words) = check::untranslated(text) {
            self.problems
                .push(format!("{where_}: English \"{words}\" in: {text}"));
        }
        if let Some(open) = text.find('{') {
            if text[open..].contains('}') {
                self.problems
                    .push(format!("{where_}: a placeholder left in: {text}"));
            }
        }
        for id in ids.iter().filter(|id| id.len() >= 2) {
            let raw = text
                .split(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_'))
                .any(|w| w == *id);
            if raw {
                self.problems
                    .push(format!("{where_}: the raw id '{id}' in: {text}"));
            }
        }
    }

    fn done(self, what: &str, at_least: usize) {
        assert!(
            self.read >= at_least,
            "{what}: only {} texts read, expected at least {at_least}",
            self.read
        );
        assert!(
            self.problems.is_empty(),
            "{what}: {} problems:\n{}",
            self.problems.len(),
            self.problems.join("\n")
        );
    }
}

/// The text nodes and tooltips of an SVG document (not its style sheet).
fn svg_texts(svg: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut in_style = false;
    for part in svg.split('<') {
        let (tag, text) = part.split_once('>').unwrap_or((part, ""));
        if tag.starts_with("style") {
            in_style = true;
        } else if tag.starts_with("/style") {
            in_style = false;
        }
        let text = text
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&quot;", "\"")
            .replace("&amp;", "&");
        if !in_style && !text.trim().is_empty() {
            out.push(text);
        }
        if let Some(i) = tag.find("aria-label=\"") {
            let rest = &tag[i + 12..];
            out.push(rest[..rest.find('"').unwrap_or(rest.len())].to_owned());
        }
    }
    out
}

fn every_text_of_a_run(r: &mut Reader, id: &str, trace: &Trace) {
    let ids: Vec<&str> = trace.endpoints.iter().map(|e| e.id.as_str()).collect();
    let zh = i18n::localized(trace, ZH);
    for s in &zh.segments {
        r.read(&format!("{id} #{} explanation", s.id), s.explain(), &ids);
    }
    for s in &zh.states {
        r.read(&format!("{id} state {}", s.to), &s.why, &ids);
    }
    for t in &zh.timers {
        r.read(&format!("{id} timer"), &t.note, &ids);
    }
    for e in &zh.events {
        r.read(&format!("{id} event {}", e.kind), &e.text, &ids);
        if let Some((badge, _)) = wiretrace_diagram::events::badge(e, ZH) {
            r.read(&format!("{id} badge {}", e.kind), &badge, &ids);
        }
    }
    for e in &zh.endpoints {
        r.read(&format!("{id} endpoint"), &e.label, &ids);
        // A label without a message could only ever be shown as it was recorded.
        if e.label_msg.is_none() {
            r.problems
                .push(format!("{id}: the endpoint {} has no label message", e.id));
        }
    }
    for compact in [false, true] {
        let opts = Options {
            lang: ZH,
            compact,
            ..Options::default()
        };
        for text in svg_texts(&wiretrace_diagram::svg::export(trace, &opts)) {
            r.read(&format!("{id} figure (compact {compact})"), &text, &ids);
        }
    }
    let opts = TextOptions {
        lang: ZH,
        explain: true,
        ..TextOptions::default()
    };
    for line in wiretrace_diagram::text::transcript(trace, &opts).lines() {
        r.read(&format!("{id} transcript"), line, &ids);
    }
    let figure = Options {
        lang: ZH,
        ..Options::default()
    };
    for line in wiretrace_diagram::mermaid::render(trace, &figure).lines() {
        // Mermaid's own syntax names participants by id (`participant client as 客户端`).
        let told = match line.split_once(" as ") {
            Some((_, label)) => label,
            None => line.split_once(": ").map_or("", |(_, t)| t),
        };
        r.read(&format!("{id} mermaid"), told, &ids);
    }
    for line in wiretrace_diagram::plantuml::render(trace, &figure).lines() {
        // PlantUML's own syntax names participants by id (`participant "客户端" as client`).
        let line = line.strip_prefix("title ").unwrap_or(line);
        let told = line.rsplit_once(" as ").map_or(line, |(a, _)| a);
        let told = told.split_once(" : ").map_or(told, |(_, t)| t);
        r.read(&format!("{id} plantuml"), told, &[]);
    }
}

#[test]
fn every_scenario_reads_in_chinese() {
    let mut r = Reader::default();
    for info in scenario::list() {
        let id = info.id;
        r.read(
            id,
            i18n::template(ZH, info.title).unwrap_or(info.title),
            &[],
        );
        r.read(
            id,
            i18n::template(ZH, info.intro).unwrap_or(info.intro),
            &[],
        );
        for p in info.params {
            r.read(p.key, i18n::template(ZH, p.help).unwrap_or(p.help), &[]);
        }
        let trace = scenario::run(id, &[]).expect("runs");
        every_text_of_a_run(&mut r, id, &trace);
    }
    // The variants that reach other words: a NAT, a RST from the middlebox, a lost SYN
    // beyond the retries, a restarted peer, data lost with SACK.
    for (id, params) in [
        ("middlebox-idle-timeout", vec![("mb.kind", "nat")]),
        ("middlebox-idle-timeout", vec![("mb.on_unknown", "reset")]),
        ("syn-loss", vec![("lost_syns", "9")]),
        ("tcp-keepalive", vec![("peer", "restart")]),
        ("udp", vec![("lose", "reply")]),
        ("abort", vec![("aborter", "server")]),
        ("data-loss", vec![("sack", "true")]),
        ("browse", vec![("drop", "3")]),
    ] {
        let params: Vec<(String, String)> = params
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        let trace = scenario::run(id, &params).expect("runs");
        every_text_of_a_run(&mut r, &format!("{id} {params:?}"), &trace);
    }
    r.done("scenarios", 10_000);
}

#[test]
fn every_page_alert_reads_in_chinese() {
    let mut r = Reader::default();
    let zh = |hash: &str| Model::new(Link::parse(&format!("{hash}&lang=zh")), Lang::En);
    for hash in [
        "#s=no-such-scenario&num=weird&speed=3&timers=2&t=99",
        "#s=&t=abc",
        "#s=browse&latency_ms=-5",
        "#s=browse&no.such.param=1",
        "#s=heartbeat&reply_timeout_ms=9000&heartbeat_ms=2000",
        "#s=multi-client&client2.addr=192.168.1.116:4000",
        "#s=server-push&push_port=7788",
        "#s=browse&client.addr=[::1]:3000",
        "#s=browse&wscale=15",
    ] {
        let m = zh(hash);
        let alert = m.alert.clone().unwrap_or_default();
        assert!(!alert.is_empty(), "{hash}: an alert");
        r.read(hash, &alert, &[]);
    }
    let lang = Model::new(Link::parse("#lang=fr"), Lang::Zh);
    r.read("lang=fr", lang.alert.as_deref().unwrap_or_default(), &[]);
    // Every parameter of every scenario refused by its field, in Chinese.
    for info in scenario::list() {
        let m = Model::new(Link::parse(&format!("#s={}&lang=zh", info.id)), Lang::En);
        for p in info.params {
            let bad = match p.kind {
                ParamKind::Int { .. } | ParamKind::Float { .. } => "1e99x",
                ParamKind::Bool => "maybe",
                ParamKind::SocketAddr => "nowhere",
                ParamKind::IdList => "a,b",
                ParamKind::Choice(_) => "neither",
            };
            let m = m.clone().apply(Action::SetParam {
                key: p.key.to_owned(),
                value: bad.to_owned(),
            });
            let msg = m.param_error.clone().expect("refused").message;
            r.read(&format!("{} {}", info.id, p.key), &msg, &[]);
        }
    }
    // Failed downloads.
    for kind in ["svg", "png", "json", "pcap", "mermaid", "plantuml"] {
        let why = wiretrace_web::ui::t(ZH, T::ExportRefused);
        r.read(
            kind,
            &tf(ZH, T::ExportFailed, &[("kind", kind), ("why", why)]),
            &[],
        );
    }
    r.done("page alerts", 150);
}

#[test]
fn every_import_message_reads_in_chinese() {
    let mut r = Reader::default();
    // Files that cannot be read, as the CLI and the page's file worker read them.
    let pcap_header = {
        let mut h = vec![0xd4, 0xc3, 0xb2, 0xa1, 2, 0, 4, 0];
        h.extend([0; 8]);
        h.extend(65535u32.to_le_bytes());
        h
    };
    let with_link = |lt: u32| {
        let mut h = pcap_header.clone();
        h.extend(lt.to_le_bytes());
        h
    };
    let mut cut = with_link(1);
    cut.extend([0; 10]);
    let mut big = with_link(1);
    big.extend([0; 8]);
    big.extend(4_000_000_000u32.to_le_bytes());
    big.extend(4_000_000_000u32.to_le_bytes());
    let files: Vec<(&str, Vec<u8>)> = vec![
        ("empty", vec![]),
        ("short", vec![1, 2, 3]),
        ("gzip", vec![0x1f, 0x8b, 0x08, 0x00, 0, 0, 0, 0]),
        ("unknown", vec![0xde, 0xad, 0xbe, 0xef, 0, 0, 0, 0, 0, 0]),
        ("no packets", b"hello, this is not tcpdump\n".to_vec()),
        ("pcap header cut", pcap_header[..20].to_vec()),
        ("link type", with_link(147)),
        ("record cut", cut),
        ("record too big", big),
    ];
    for (what, bytes) in &files {
        let e = wiretrace_capture::import("x.pcap", bytes, &wiretrace_capture::Selection::all())
            .expect_err(what);
        r.read(what, &e.render(ZH), &[]);
    }
    let http10 = include_bytes!("../../../tests/captures/http10-two-conns.pcap");
    let sel = wiretrace_capture::Selection {
        connections: vec![7],
        ..wiretrace_capture::Selection::all()
    };
    let e = wiretrace_capture::import("x.pcap", http10, &sel).expect_err("no connection 7");
    r.read("no connection", &e.render(ZH), &[]);
    // Every capture error the table knows, whatever its arguments.
    for key in i18n::keys().filter(|k| k.starts_with("error.")) {
        let tpl = i18n::template(ZH, key).unwrap();
        let names = check::placeholders(tpl);
        let filled = i18n::fill(tpl, |n| names.iter().any(|x| x == n).then_some("7"));
        r.read(key, &filled, &[]);
    }
    // The page's import panel: its progress, picker and failures.
    for key in T::ALL.iter().filter(|k| {
        let k = k.key();
        k.starts_with("ui.import")
            || [
                "ui.file-problem",
                "ui.file-unreadable",
                "ui.not-utf8",
                "ui.not-json",
                "ui.not-a-trace",
                "ui.no-packets",
                "ui.worker-failed",
                "ui.worker-unknown-job",
                "ui.conn-row",
                "ui.imported-from",
            ]
            .contains(&k)
    }) {
        let tpl = wiretrace_web::ui::UI.get(ZH, key.key()).unwrap();
        let names = check::placeholders(tpl);
        let args: Vec<(&str, &str)> = names.iter().map(|n| (n.as_str(), "3")).collect();
        r.read(key.key(), &tf(ZH, *key, &args), &[]);
    }
    // What an imported capture tells, in Chinese.
    let trace = wiretrace_capture::import("x.pcap", http10, &wiretrace_capture::Selection::all())
        .expect("reads");
    every_text_of_a_run(&mut r, "http10-two-conns.pcap", &trace);
    let zh = i18n::localized(&trace, ZH);
    r.read("detail", &zh.source.as_ref().unwrap().detail, &[]);
    r.done("import messages", 200);
}
