//! The message table: every explanation the engine writes, in English and Chinese, keyed.
//!
//! The engine records a [`Msg`] (key + named arguments) next to each English text it puts
//! into the Trace; the page renders the same key in the reader's language. Templates use
//! `{name}` placeholders. Keep the table sorted by key (a test checks it).

use alloc::string::String;

use crate::trace::Msg;

/// A language the explanations are written in.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Lang {
    /// English.
    #[default]
    En,
    /// Simplified Chinese.
    Zh,
}

impl Lang {
    /// The BCP 47 tag (`en`, `zh`).
    pub fn tag(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Zh => "zh",
        }
    }

    /// The language for a BCP 47 tag such as `zh-CN` or `en-US`; English otherwise.
    pub fn from_tag(tag: &str) -> Lang {
        let primary = tag.split(['-', '_']).next().unwrap_or("");
        if primary.eq_ignore_ascii_case("zh") {
            Lang::Zh
        } else {
            Lang::En
        }
    }
}

/// `(key, English, Chinese)`, sorted by key.
static TABLE: &[(&str, &str, &str)] = &[
    // capture: explanations of imported captures (wiretrace-capture).
    (
        "capture.http.request",
        "Request {index} on this connection: {line}",
        "此连接上的第 {index} 个请求：{line}",
    ),
    (
        "capture.http.request-keepalive",
        "Request {index} reuses the open connection (keep-alive): {line}",
        "第 {index} 个请求复用了已经打开的连接（keep-alive）：{line}",
    ),
    (
        "capture.http.request-pipelined",
        "Request {index} is pipelined: sent before the previous response was complete: {line}",
        "第 {index} 个请求是流水线方式发出的：上一个响应还没有结束就发送了：{line}",
    ),
    (
        "capture.http.response",
        "Response {index}: {line}",
        "第 {index} 个响应：{line}",
    ),
    (
        "capture.http.response-close",
        "Response {index}: {line}; the connection closes after it.",
        "第 {index} 个响应：{line}；之后连接将被关闭。",
    ),
    (
        "capture.seg.ack",
        "ACK from {src}: everything before byte {ack} has arrived.",
        "{src} 发出 ACK：{ack} 之前的字节都已收到。",
    ),
    (
        "capture.seg.acked-unseen",
        "{src} acknowledges data ({ack}) that the capture never showed: it passed where the capture could not see it.",
        "{src} 确认了抓包中从未出现过的数据（{ack}）：这些数据走了抓包点看不到的路径。",
    ),
    (
        "capture.seg.data",
        "{len} bytes of data from {src} (sequence {seq} to {end}).",
        "{src} 发送 {len} 字节数据（序号 {seq} 到 {end}）。",
    ),
    (
        "capture.seg.dup-ack",
        "Duplicate ACK from {src}: it still expects byte {ack}, so a later segment arrived while an earlier one is missing.",
        "{src} 发出重复 ACK：它仍在等待字节 {ack}，说明后面的报文段先到了，而前面的还缺着。",
    ),
    (
        "capture.seg.fast-retransmission",
        "Fast retransmission: duplicate ACKs told {src} that sequence {seq} was lost, so it resends at once instead of waiting for the timer.",
        "快速重传：重复 ACK 告诉 {src} 序号 {seq} 的数据丢了，于是它不等计时器超时就立即重发。",
    ),
    (
        "capture.seg.fin",
        "FIN from {src}: it has no more data to send; the other direction may still carry data.",
        "{src} 发出 FIN：它没有更多数据要发送了；另一个方向仍然可以继续传数据。",
    ),
    (
        "capture.seg.http",
        "{len} bytes from {src} carrying {http}.",
        "{src} 发送 {len} 字节，内容是 {http}。",
    ),
    (
        "capture.seg.keep-alive",
        "Keep-alive probe from {src}: after a long silence it repeats its last sequence number (SND.NXT-1) to check that the peer is still there.",
        "{src} 发出保活探测：长时间没有数据后，它用上一个序号（SND.NXT-1）探测对方是否还在。",
    ),
    (
        "capture.seg.keep-alive-ack",
        "Answer to the keep-alive probe: {src} is still there and acknowledges {ack}.",
        "对保活探测的应答：{src} 仍然在线，确认号为 {ack}。",
    ),
    (
        "capture.seg.lost-segment",
        "A gap before sequence {seq}: a segment from {src} is missing from the capture (lost on the way, or not captured).",
        "序号 {seq} 之前有空缺：{src} 的某个报文段不在抓包里（在途中丢失，或者没有被抓到）。",
    ),
    (
        "capture.seg.out-of-order",
        "Out of order: this segment from {src} arrives after data that follows it.",
        "乱序：{src} 的这个报文段比排在它后面的数据到得还晚。",
    ),
    (
        "capture.seg.refused",
        "RST from {src}: nothing listens on port {port}, so the connection attempt is refused.",
        "{src} 发出 RST：端口 {port} 上没有程序在监听，连接请求被拒绝。",
    ),
    (
        "capture.seg.retransmission",
        "Retransmission: {src} sends sequence {seq} again because no acknowledgment came in time.",
        "重传：因为没有及时收到确认，{src} 再次发送序号 {seq} 的数据。",
    ),
    (
        "capture.seg.rst",
        "RST from {src}: the connection is aborted at once, without the usual closing exchange.",
        "{src} 发出 RST：连接被立即中止，不再经过正常的关闭过程。",
    ),
    (
        "capture.seg.spurious-retransmission",
        "Spurious retransmission: {src} resends data the receiver had already acknowledged.",
        "虚假重传：{src} 重发了接收方早已确认过的数据。",
    ),
    (
        "capture.seg.syn",
        "SYN from {src}: asks to open a connection and announces its initial sequence number {seq}.",
        "{src} 发出 SYN：请求建立连接，并给出自己的初始序号 {seq}。",
    ),
    (
        "capture.seg.syn-ack",
        "SYN+ACK from {src}: accepts the connection, announces its own initial sequence number {seq} and acknowledges {ack}.",
        "{src} 回复 SYN+ACK：同意建立连接，给出自己的初始序号 {seq}，并确认 {ack}。",
    ),
    (
        "capture.seg.udp",
        "UDP datagram of {len} bytes from {src}: no connection, no acknowledgment, no retransmission.",
        "{src} 发出 {len} 字节的 UDP 数据报：没有连接，没有确认，也没有重传。",
    ),
    (
        "capture.seg.window-full",
        "{src} has filled the whole window the receiver advertised: it must wait for an acknowledgment before sending more.",
        "{src} 已经用满了接收方通告的整个窗口：必须等到确认之后才能继续发送。",
    ),
    (
        "capture.seg.window-update",
        "Window update from {src}: no new data, only a new receive window ({win}).",
        "{src} 发出窗口更新：没有新数据，只是通告新的接收窗口（{win}）。",
    ),
    (
        "capture.seg.zero-window",
        "Zero window from {src}: its receive buffer is full, so the peer must stop sending.",
        "{src} 通告零窗口：它的接收缓冲区满了，对方必须暂停发送。",
    ),
    (
        "capture.seg.zero-window-probe",
        "Zero-window probe from {src}: one byte to learn whether the peer's window has opened.",
        "{src} 发出零窗口探测：用 1 个字节试探对方的窗口是否已经打开。",
    ),
    (
        "capture.seg.zero-window-probe-ack",
        "Answer to the zero-window probe: the window of {src} is still closed.",
        "对零窗口探测的应答：{src} 的窗口仍然关闭。",
    ),
    (
        "capture.state.both-closing",
        "Received the peer's FIN before its own FIN was acknowledged: both sides are closing at once.",
        "自己的 FIN 还没有被确认就收到了对方的 FIN：双方同时关闭。",
    ),
    (
        "capture.state.closed",
        "The peer acknowledged the last FIN: the connection is closed.",
        "对方确认了最后一个 FIN：连接关闭。",
    ),
    (
        "capture.state.established",
        "The handshake is complete: data may flow both ways.",
        "握手完成：双方都可以发送数据了。",
    ),
    (
        "capture.state.fin-acked",
        "The peer acknowledged this side's FIN; it now waits for the peer's FIN.",
        "对方确认了这一端的 FIN；现在等待对方的 FIN。",
    ),
    (
        "capture.state.got-fin",
        "Received the peer's FIN: the peer has finished sending; this side may still send.",
        "收到对方的 FIN：对方发送完毕；这一端仍然可以继续发送。",
    ),
    (
        "capture.state.got-syn",
        "Received a SYN: answers SYN+ACK and waits for the ACK that completes the handshake.",
        "收到 SYN：回复 SYN+ACK，等待完成握手的 ACK。",
    ),
    (
        "capture.state.last-ack",
        "Sent FIN after the peer's: waits for the last ACK.",
        "在对方之后也发送了 FIN：等待最后一个 ACK。",
    ),
    (
        "capture.state.mid-stream",
        "The capture starts in the middle of this connection: assumed already ESTABLISHED.",
        "抓包开始时这个连接已经存在：推定为 ESTABLISHED。",
    ),
    (
        "capture.state.reset-received",
        "Received RST: the connection is aborted.",
        "收到 RST：连接被中止。",
    ),
    (
        "capture.state.reset-sent",
        "Sent RST: the connection is aborted.",
        "发送了 RST：连接被中止。",
    ),
    (
        "capture.state.sent-fin",
        "Sent FIN: this side has finished sending and waits for the acknowledgment.",
        "发送了 FIN：这一端的数据发送完毕，等待确认。",
    ),
    (
        "capture.state.sent-syn",
        "Sent SYN: waits for the peer's SYN+ACK.",
        "发送了 SYN：等待对方的 SYN+ACK。",
    ),
    (
        "capture.state.simultaneous-open",
        "Received the peer's SYN while waiting for the answer to its own: a simultaneous open.",
        "在等待自己 SYN 的应答时收到了对方的 SYN：双方同时打开。",
    ),
    (
        "capture.state.time-wait",
        "Both FINs are acknowledged: waits 2×MSL in TIME-WAIT so that a lost final ACK can be sent again.",
        "双方的 FIN 都已确认：在 TIME-WAIT 中等待 2×MSL，以便最后的 ACK 丢失时还能重发。",
    ),
    // capture: end.
    (
        "seg.ack",
        "ACK: acknowledges every byte up to {ack}.",
        "ACK:确认 {ack} 之前的全部字节。",
    ),
];

/// The template for a key in a language, if the key exists.
pub fn template(lang: Lang, key: &str) -> Option<&'static str> {
    TABLE
        .binary_search_by(|(k, _, _)| (*k).cmp(key))
        .ok()
        .map(|i| match lang {
            Lang::En => TABLE[i].1,
            Lang::Zh => TABLE[i].2,
        })
}

/// Renders a message in a language. An unknown key renders as the key itself, so a missing
/// entry is visible rather than silent (tests check that every key the engine uses exists).
pub fn render(lang: Lang, msg: &Msg) -> String {
    let Some(tpl) = template(lang, &msg.key) else {
        return msg.key.clone();
    };
    fill(tpl, |name| msg.args.get(name).map(String::as_str))
}

/// Substitutes `{name}` placeholders; an unknown name is left as written.
pub fn fill<'a>(tpl: &str, lookup: impl Fn(&str) -> Option<&'a str>) -> String {
    let mut out = String::with_capacity(tpl.len() + 16);
    let mut rest = tpl;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after.find('}') {
            Some(close) => {
                let name = &after[..close];
                match lookup(name) {
                    Some(v) => out.push_str(v),
                    None => {
                        out.push('{');
                        out.push_str(name);
                        out.push('}');
                    }
                }
                rest = &after[close + 1..];
            }
            None => {
                out.push_str(&rest[open..]);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

/// Every key in the table (for tests and tools).
pub fn keys() -> impl Iterator<Item = &'static str> {
    TABLE.iter().map(|(k, _, _)| *k)
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::collections::BTreeMap;

    #[test]
    fn table_is_sorted_and_unique() {
        for pair in TABLE.windows(2) {
            assert!(
                pair[0].0 < pair[1].0,
                "{} must sort before {}",
                pair[0].0,
                pair[1].0
            );
        }
    }

    #[test]
    fn every_entry_has_both_languages_with_the_same_placeholders() {
        for (key, en, zh) in TABLE {
            assert!(!en.is_empty() && !zh.is_empty(), "{key}");
            let names = |s: &str| {
                let mut v: alloc::vec::Vec<String> = s
                    .split('{')
                    .skip(1)
                    .filter_map(|p| p.split_once('}').map(|(n, _)| String::from(n)))
                    .collect();
                v.sort();
                v
            };
            assert_eq!(names(en), names(zh), "placeholders differ for {key}");
        }
    }

    #[test]
    fn renders_arguments_in_both_languages() {
        let mut args = BTreeMap::new();
        args.insert(String::from("ack"), String::from("3626544837"));
        let msg = Msg {
            key: "seg.ack".into(),
            args,
        };
        assert!(render(Lang::En, &msg).contains("3626544837"));
        assert!(render(Lang::Zh, &msg).contains("3626544837"));
        assert_eq!(
            render(
                Lang::En,
                &Msg {
                    key: "nope".into(),
                    args: BTreeMap::new()
                }
            ),
            "nope"
        );
        assert_eq!(Lang::from_tag("zh-CN"), Lang::Zh);
        assert_eq!(Lang::from_tag("en-GB"), Lang::En);
    }
}
