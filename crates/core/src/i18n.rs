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
        "capture.detail.cap",
        "capped: first {kept} segments kept, {left} more left out",
        "已截断：只保留前 {kept} 个报文段，另有 {left} 个未纳入",
    ),
    (
        "capture.detail.connection",
        "{count} connection",
        "{count} 个连接",
    ),
    (
        "capture.detail.connections",
        "{count} connections",
        "{count} 个连接",
    ),
    (
        "capture.detail.connections-shown",
        "{shown} of {total} connections shown ({ids})",
        "显示了 {total} 个连接中的 {shown} 个（{ids}）",
    ),
    (
        "capture.detail.cut-short-block",
        "the capture was cut short at byte {at}: the pcapng block after packet {packets} lacks {missing} of its {len} bytes, so it is left out; the packets before it are read",
        "抓包文件在第 {at} 字节处被截断：第 {packets} 个报文之后的 pcapng 块共 {len} 字节，缺少 {missing} 字节，因此被舍弃；它之前的报文照常读取",
    ),
    (
        "capture.detail.cut-short-block-header",
        "the capture was cut short at byte {at}: it ends {present} bytes into the header of the pcapng block after packet {packets}, which is left out; the packets before it are read",
        "抓包文件在第 {at} 字节处被截断：文件结束在第 {packets} 个报文之后的 pcapng 块头的第 {present} 字节处，该块被舍弃；它之前的报文照常读取",
    ),
    (
        "capture.detail.cut-short-record",
        "the capture was cut short at byte {at}: packet {number} lacks {missing} of its {len} bytes, so it is left out; the packets before it are read",
        "抓包文件在第 {at} 字节处被截断：第 {number} 个报文的记录共 {len} 字节，缺少 {missing} 字节，因此被舍弃；它之前的报文照常读取",
    ),
    (
        "capture.detail.cut-short-record-header",
        "the capture was cut short at byte {at}: it ends {present} bytes into the 16-byte header of packet {number}, which is left out; the packets before it are read",
        "抓包文件在第 {at} 字节处被截断：文件结束在第 {number} 个报文 16 字节记录头的第 {present} 字节处，该报文被舍弃；它之前的报文照常读取",
    ),
    (
        "capture.detail.inferred",
        "states and timing inferred from one observation point",
        "状态和时序是根据单一观测点推断出来的",
    ),
    (
        "capture.detail.links",
        "{links}",
        "链路类型：{links}",
    ),
    (
        "capture.detail.no-timestamps",
        "no timestamps: one millisecond per line assumed",
        "没有时间戳：按每行相隔 1 毫秒处理",
    ),
    (
        "capture.detail.other-frames",
        "{count} frames not TCP/UDP",
        "{count} 个帧不是 TCP/UDP",
    ),
    (
        "capture.detail.payload-cap",
        "payload capped at {bytes} bytes (beyond that only HTTP heads kept)",
        "载荷最多保留 {bytes} 字节（超出部分只保留 HTTP 头部）",
    ),
    (
        "capture.detail.skipped-blocks",
        "{count} undecodable pcapng blocks skipped",
        "跳过了 {count} 个无法解码的 pcapng 块",
    ),
    (
        "capture.detail.text-lines-ignored",
        "{count} text lines ignored",
        "忽略了 {count} 行无法识别的文本",
    ),
    (
        "capture.detail.text-lines-unreadable",
        "{count} lines could not be read as packets and were skipped (lines {lines})",
        "有 {count} 行无法作为报文读取，已跳过（第 {lines} 行）",
    ),
    (
        "capture.detail.time-range",
        "time range {from}..{to} µs after the first packet",
        "时间范围：第一个报文之后的 {from} 到 {to} 微秒",
    ),
    (
        "capture.detail.time-range-open",
        "time range {from}..end µs after the first packet",
        "时间范围：第一个报文之后的 {from} 微秒直到结尾",
    ),
    (
        "capture.detail.truncated",
        "{count} frames cut by the snap length",
        "{count} 个帧被快照长度（snaplen）截断",
    ),
    (
        "capture.detail.unknown-links",
        "frames of unsupported link types {types} skipped",
        "跳过了不支持的链路类型（{types}）的帧",
    ),
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
        "快速重传：重复 ACK 告诉 {src} 序号 {seq} 的数据丢了，于是它不等定时器超时就立即重发。",
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
    // engine: explanations of simulated runs (wiretrace-core: net, tcp, app, scenario).
    (
        "endpoint.client",
        "Client",
        "客户端",
    ),
    (
        "endpoint.client_n",
        "Client {n}",
        "客户端 {n}",
    ),
    (
        "endpoint.firewall",
        "Firewall",
        "防火墙",
    ),
    (
        "endpoint.host_a",
        "Host A",
        "主机 A",
    ),
    (
        "endpoint.host_b",
        "Host B",
        "主机 B",
    ),
    (
        "endpoint.nat",
        "NAT router",
        "NAT 路由器",
    ),
    (
        "endpoint.poll_client",
        "Polling client",
        "轮询客户端",
    ),
    (
        "endpoint.push_client",
        "Push client",
        "推送客户端",
    ),
    (
        "endpoint.server",
        "Server",
        "服务器",
    ),
    (
        "event.abort.client",
        "The client application aborts the connection {ms} ms after the response began, with {bytes} bytes of it received: a user cancelling the download, or a close() with SO_LINGER set to 0. TCP deletes the connection on the spot and sends RST instead of FIN: no FIN exchange, no TIME-WAIT, and whatever is still on its way here will be refused.",
        "客户端应用在响应开始后 {ms} 毫秒中止了连接，此时已收到其中 {bytes} 字节：用户取消了下载，或者程序把 SO_LINGER 设为 0 后调用了 close()。TCP 当场删除连接，发出 RST 而不是 FIN：没有 FIN 交换，没有 TIME-WAIT，仍在发往本端途中的数据都会被拒收。",
    ),
    (
        "event.abort.server",
        "The server application aborts the connection {ms} ms after writing the response (a process killed, a handler giving up, or a close() with SO_LINGER set to 0). TCP throws away the part of the response it has not sent yet and sends RST instead of FIN: no FIN exchange, no TIME-WAIT.",
        "服务器应用在写出响应 {ms} 毫秒后中止了连接（进程被杀掉、处理程序放弃，或者把 SO_LINGER 设为 0 后调用了 close()）。TCP 丢弃响应中还没有发出的部分，发出 RST 而不是 FIN：没有 FIN 交换，也没有 TIME-WAIT。",
    ),
    (
        "event.app_close",
        "The application has kept its silent connection for {ms} ms and now closes it.",
        "应用让这条安静的连接保持了 {ms} 毫秒，现在关闭它。",
    ),
    (
        "event.app_idle",
        "The greeting was answered. From now on the application has nothing to say: it keeps the connection open and silent and closes it {ms} ms after it opened. Whatever crosses the wire meanwhile comes from TCP itself.",
        "问候得到了回复。此后应用无话可说：它让连接保持打开、不发数据，在连接建立 {ms} 毫秒后才关闭。这期间线路上出现的报文都来自 TCP 本身。",
    ),
    (
        "event.app_read",
        "The slow application finally reads {bytes} bytes from its receive buffer; {left} bytes are still waiting there.",
        "慢吞吞的应用终于从接收缓冲区读走 {bytes} 字节；缓冲区里还有 {left} 字节在等待。",
    ),
    (
        "event.backlog_full",
        "The listen queue is full ({backlog} half-open connections): the SYN is dropped.",
        "监听队列已满（{backlog} 个半打开连接）：丢弃该 SYN。",
    ),
    (
        "event.bad_request",
        "The server could not parse the request ({error}) and aborts the connection.",
        "服务器无法解析请求（{error}），中止连接。",
    ),
    (
        "event.bad_response",
        "The client could not parse the response ({error}) and aborts the connection.",
        "客户端无法解析响应（{error}），中止连接。",
    ),
    (
        "event.batch_done",
        "Batch {batch} ({label}) is over: every page arrived and its connections are closed, {ms} ms after it began.",
        "第 {batch} 组（{label}）结束：所有页面都已收到，连接也都已关闭，从开始算起用了 {ms} 毫秒。",
    ),
    (
        "event.batch_start",
        "Batch {batch}: the browser fetches {requests} pages using {label}.",
        "第 {batch} 组：浏览器用 {label} 的方式获取 {requests} 个页面。",
    ),
    (
        "event.client_offline",
        "No request from {client} for {ms} ms: the server now considers that client offline.",
        "{ms} 毫秒内没有收到 {client} 的请求：服务器认为这个客户端已经下线。",
    ),
    (
        "event.client_online",
        "A request from {client}: the server marks that client online.",
        "收到来自 {client} 的请求：服务器把这个客户端标记为在线。",
    ),
    (
        "event.compare_result",
        "Result for {label}: {requests} pages in {ms} ms. Round trips waited for: {round_trips}; connections opened: {connections}; segments: {segments}; payload bytes: {bytes}.",
        "{label} 的结果：{requests} 个页面用了 {ms} 毫秒。等待的往返：{round_trips} 个；打开的连接：{connections} 个；报文段：{segments} 个；载荷：{bytes} 字节。",
    ),
    (
        "event.compare_summary",
        "Fastest to the last page: {first} ({first_ms} ms), then {second} ({second_ms} ms), then {third} ({third_ms} ms). Every handshake and every request that waits for the previous response costs a round trip.",
        "最快拿到最后一个页面的是 {first}（{first_ms} 毫秒），其次是 {second}（{second_ms} 毫秒），最后是 {third}（{third_ms} 毫秒）。每一次握手、每一个要等上一个响应的请求，都要付出一个往返时间。",
    ),
    (
        "event.conn_kept",
        "Page {index} is in. The browser keeps the connection open (HTTP/1.1 keep-alive) for the next page, which the user asks for {ms} ms from now. Meanwhile nothing crosses the wire, so neither side can tell whether the other is still there.",
        "第 {index} 个页面已经收到。浏览器让连接保持打开（HTTP/1.1 keep-alive），留给下一个页面使用；用户会在 {ms} 毫秒后请求它。这期间线路上没有任何报文，双方都无从得知对方是否还在。",
    ),
    (
        "event.conn_refused",
        "The application's connect() fails with \"connection refused\": a RST answered the SYN because nothing listens on that port.",
        "应用的 connect() 失败，错误是“连接被拒绝”（connection refused）：对方用 RST 回应了 SYN，因为那个端口上没有程序在监听。",
    ),
    (
        "event.conn_reset",
        "The application is told \"connection reset by peer\": a RST ended the connection, and any data not yet read or not yet acknowledged is lost.",
        "应用收到“连接被对方重置”（connection reset by peer）：一个 RST 结束了连接，尚未读取或尚未被确认的数据都丢失了。",
    ),
    (
        "event.conn_timed_out",
        "The application is told \"connection timed out\": TCP gave up because its retransmissions or keep-alive probes got no answer.",
        "应用收到“连接超时”（connection timed out）：重传或保活探测始终得不到应答，TCP 放弃了这条连接。",
    ),
    (
        "event.delivery_result",
        "Result for {label}: {items} items, on average {mean_ms} ms after they happened (at worst {max_ms} ms). Requests sent: {requests}; connections opened: {connections}; segments: {segments}.",
        "{label} 的结果：{items} 条消息，平均在发生后 {mean_ms} 毫秒到达（最慢 {max_ms} 毫秒）。发出的请求：{requests} 个；打开的连接：{connections} 个；报文段：{segments} 个。",
    ),
    (
        "event.delivery_summary",
        "Push delivered the news {push_ms} ms after it happened on average, polling {poll_ms} ms. Push needed {push_requests} request (the subscription); polling needed {poll_requests} requests over {poll_connections} connections, most of them finding nothing new.",
        "推送平均在消息发生后 {push_ms} 毫秒送达，轮询则是 {poll_ms} 毫秒。推送只需要 {push_requests} 个请求（即订阅）；轮询却用了 {poll_requests} 个请求、{poll_connections} 个连接，其中大多数什么新消息也没问到。",
    ),
    (
        "event.five_tuple",
        "Connection {conn} has the five-tuple (TCP, {client}, {server}). The listening socket on port {port} hands it a socket of its own and stays in LISTEN; only the client address and port set this connection apart from the others.",
        "连接 {conn} 的五元组是（TCP，{client}，{server}）。端口 {port} 上的监听套接字为它另建一个套接字，自己则继续停留在 LISTEN；只有客户端的地址和端口把这个连接与其他连接区分开。",
    ),
    (
        "event.flow_expired",
        "{mb} forgot the flow {client} ↔ {server} after {ms} ms without packets.",
        "{mb} 在 {ms} 毫秒没有报文后忘掉了流 {client} ↔ {server}。",
    ),
    (
        "event.half_close",
        "The client shuts down only its sending side right after the request: its FIN says \"no more requests\", but it keeps reading, so the response can still flow toward it.",
        "客户端发出请求后立即只关闭自己的发送方向：它的 FIN 表示“不会再有请求了”，但它仍在读取，所以响应照样可以流向它。",
    ),
    (
        "event.heartbeat_missed",
        "No heartbeat from the client for {ms} ms: {missed} of the {k} allowed misses.",
        "已经 {ms} 毫秒没有收到客户端的心跳：错过 {missed} 次（最多允许 {k} 次）。",
    ),
    (
        "event.heartbeat_received",
        "The server gets heartbeat {n}, answers it, and counts the client as online.",
        "服务器收到第 {n} 个心跳，回复它，并认为客户端在线。",
    ),
    (
        "event.heartbeat_reply",
        "The reply to heartbeat {n} is back after {ms} ms: the server and the path to it are working.",
        "第 {n} 个心跳的回复在 {ms} 毫秒后到达：服务器以及通往它的路径都正常。",
    ),
    (
        "event.heartbeat_sent",
        "The client sends heartbeat {n}.",
        "客户端发送第 {n} 个心跳。",
    ),
    (
        "event.host_crashed",
        "The host {host} crashes. Its TCP state dies with it: every connection ({conns} here) with its timers, and every listening socket. Nothing is sent, so no peer is told: each still believes its connection is open (a half-open connection, RFC 9293 3.5.1). Until the host is back, packets sent to it are lost.",
        "主机 {host} 崩溃了。它的 TCP 状态随之消失：所有连接（这里有 {conns} 个）及其定时器，还有所有监听套接字。崩溃时没有发出任何报文，对端都得不到通知：它们仍然认为连接是打开的（半开连接，RFC 9293 3.5.1）。在这台主机恢复之前，发给它的报文都会丢失。",
    ),
    (
        "event.host_restarted",
        "The host {host} is back after {ms} ms. It remembers no connection: its TCP starts empty, so any segment of a connection from before the crash will be answered with RST (RFC 9293 3.5.2). Its server program starts again and listens anew.",
        "主机 {host} 在 {ms} 毫秒后恢复运行。它不记得任何连接：TCP 从零开始，崩溃之前的连接再有报文到来，都会得到 RST 回应（RFC 9293 3.5.2）。服务器程序重新启动，再次开始监听。",
    ),
    (
        "event.host_restarted.bare",
        "The host {host} is back after {ms} ms. It remembers no connection: its TCP starts empty, so any segment of a connection from before the crash will be answered with RST (RFC 9293 3.5.2). No program on it listens yet.",
        "主机 {host} 在 {ms} 毫秒后恢复运行。它不记得任何连接：TCP 从零开始，崩溃之前的连接再有报文到来，都会得到 RST 回应（RFC 9293 3.5.2）。它上面还没有程序在监听。",
    ),
    (
        "event.link_cut",
        "The link between {a} and {b} goes down. Neither end is told: no segment announces it, and from now on every packet on this link is silently lost. Only a timer can notice.",
        "{a} 与 {b} 之间的链路断了。两端都不会得到通知：没有任何报文宣告这件事，从此刻起这条链路上的每个报文都会悄无声息地丢失。只有定时器能察觉。",
    ),
    (
        "event.link_restored",
        "The link between {a} and {b} is back up. Packets cross it again, and the next retransmission or probe gets through; nothing else announces the repair either.",
        "{a} 与 {b} 之间的链路恢复了。报文又能通过，下一次重传或探测就能到达对端；修复同样没有任何报文宣告。",
    ),
    (
        "event.message_answered",
        "The server answers the message {line}.",
        "服务器回复消息 {line}。",
    ),
    (
        "event.network_down",
        "The client declares the network gone: {k} heartbeats in a row got no reply. It drops the connection (a real client would now try to reconnect).",
        "客户端判定网络已断开：连续 {k} 个心跳都没有回复。它放弃这条连接（真实的客户端此时会尝试重新连接）。",
    ),
    (
        "event.news_answer",
        "The server answers {line} (new items: {items}).",
        "服务器回应 {line}（新消息：{items} 条）。",
    ),
    (
        "event.news_catch_up",
        "The subscriber missed item {id}, created before it subscribed: the server sends it now, on the new connection.",
        "订阅者错过了在它订阅之前产生的第 {id} 条消息：服务器现在通过这个新连接把它补发过去。",
    ),
    (
        "event.news_created",
        "News item {id} is created on the server.",
        "服务器上产生了第 {id} 条消息。",
    ),
    (
        "event.news_delivered",
        "News item {id} reaches the client {ms} ms after it happened (by {via}).",
        "第 {id} 条消息在发生后 {ms} 毫秒到达客户端（方式：{via}）。",
    ),
    (
        "event.news_pushed",
        "The server writes item {id} at once to {subscribers} subscribed connection(s): nobody had to ask.",
        "服务器立即把第 {id} 条消息写到 {subscribers} 个已订阅的连接上：不需要任何人来问。",
    ),
    (
        "event.peer_offline",
        "The server marks the client offline: {k} heartbeat intervals in a row passed without a heartbeat. It drops the connection and frees what it kept for the client.",
        "服务器把客户端标记为离线：连续 {k} 个心跳周期都没有收到心跳。它放弃这条连接，释放为该客户端保留的资源。",
    ),
    (
        "event.poll_answer",
        "The client reads the answer {line} (new items: {items}).",
        "客户端读到回应 {line}（新消息：{items} 条）。",
    ),
    (
        "event.poll_held",
        "Nothing newer than item {after} yet: the server keeps the request open instead of answering, for at most {ms} ms.",
        "还没有比第 {after} 条更新的消息：服务器不作回应，而是把请求挂起，最多 {ms} 毫秒。",
    ),
    (
        "event.poll_sent",
        "Poll {poll}: the client asks for anything newer than item {after} ({line}).",
        "第 {poll} 次轮询：客户端询问有没有比第 {after} 条更新的消息（{line}）。",
    ),
    (
        "event.poll_timeout",
        "No news within {ms} ms: the server answers the held request with 204 No Content, and the client will ask again.",
        "{ms} 毫秒内没有新消息：服务器用 204 No Content 回应挂起的请求，客户端随后会再问一次。",
    ),
    (
        "event.polling_done",
        "The client stops polling after {polls} requests; it has seen {items} items.",
        "客户端发了 {polls} 个请求后停止轮询；它一共看到了 {items} 条消息。",
    ),
    (
        "event.query_gave_up",
        "Still no answer after {tries} tries: the client gives up. UDP never said whether anything arrived.",
        "试了 {tries} 次仍然没有回答：客户端放弃了。UDP 自始至终都没有告诉它数据有没有到达。",
    ),
    (
        "event.query_received",
        "The server receives the question {query}.",
        "服务器收到问题 {query}。",
    ),
    (
        "event.query_received.again",
        "The server receives {query} again (it has now arrived {times} times). It cannot tell whether this is a repeat or a new question, so it answers again.",
        "服务器第 {times} 次收到 {query}。它分不清这是重复的提问还是新的问题，只好再回答一次。",
    ),
    (
        "event.query_sent",
        "The client sends its question about {name} (attempt {attempt}) and starts waiting.",
        "客户端发出关于 {name} 的问题（第 {attempt} 次尝试），开始等待。",
    ),
    (
        "event.reply_duplicate",
        "A second copy of the answer arrives; the client already has one and ignores it.",
        "又收到一份回答；客户端已经有了，于是忽略它。",
    ),
    (
        "event.reply_missed",
        "No reply to heartbeat {n} within {ms} ms: {missed} of the {k} allowed missing replies.",
        "第 {n} 个心跳在 {ms} 毫秒内没有得到回复：已缺失 {missed} 次（最多允许 {k} 次）。",
    ),
    (
        "event.reply_received",
        "The client has its answer ({answer}), {ms} ms after first asking, on attempt {attempt}.",
        "客户端得到了回答（{answer}），距离第一次提问 {ms} 毫秒，是第 {attempt} 次尝试。",
    ),
    (
        "event.reply_timeout",
        "No answer within {ms} ms after attempt {attempt}. Nothing on the wire says why: the question or the answer may be lost, or just slow.",
        "第 {attempt} 次尝试后 {ms} 毫秒内没有回答。线路上没有任何迹象说明原因：可能是问题丢了，也可能是回答丢了，或者只是慢了。",
    ),
    (
        "event.request_failed",
        "Request {index} will never be answered: its connection ended first.",
        "第 {index} 个请求永远得不到回应了：它所在的连接先结束了。",
    ),
    (
        "event.request_received",
        "The server parsed a complete request: {line}.",
        "服务器解析出一个完整的请求：{line}。",
    ),
    (
        "event.request_retried",
        "The kept connection died before request {index} was answered. A GET is idempotent, so the browser may send it again by itself (RFC 9112 9.3.1): it opens a new connection from port {port}, with a new handshake and new initial sequence numbers on both sides.",
        "在第 {index} 个请求得到回应之前，保持着的连接就断了。GET 是幂等的，浏览器可以自行重发它（RFC 9112 9.3.1）：它从端口 {port} 打开一个新连接，重新进行三次握手，双方也都选用新的初始序号。",
    ),
    (
        "event.request_sent",
        "The client writes the request {line}.",
        "客户端写出请求 {line}。",
    ),
    (
        "event.request_sent.numbered",
        "The browser writes request {index}: {line}. Responses now awaited on this connection: {waiting}.",
        "浏览器写出第 {index} 个请求：{line}。此连接上正在等待的响应数：{waiting}。",
    ),
    (
        "event.response_held",
        "The response to {line} is ready, but it must wait: the response to {behind}, requested earlier on this connection, is not finished yet (responses go out in request order).",
        "对 {line} 的响应已经准备好了，却只能等着：同一连接上更早请求的 {behind} 的响应还没做完（响应必须按请求的顺序发出）。",
    ),
    (
        "event.response_received",
        "The client has the whole response ({line}, {bytes} bytes of body).",
        "客户端收齐了整个响应（{line}，正文 {bytes} 字节）。",
    ),
    (
        "event.response_received.timed",
        "Response {index} is complete ({line}, {bytes} bytes of body), {ms} ms after its request was written.",
        "第 {index} 个响应已完整收到（{line}，正文 {bytes} 字节），距离写出对应请求过去了 {ms} 毫秒。",
    ),
    (
        "event.response_sent",
        "The server writes the response {line} ({bytes} bytes of body).",
        "服务器写出响应 {line}（正文 {bytes} 字节）。",
    ),
    (
        "event.run_truncated",
        "The run stops here after {segments} segments: these parameters would make it go on far too long to watch.",
        "运行在 {segments} 个报文段之后停止：按这些参数它会持续太久，无法观看。",
    ),
    (
        "event.server_idle_close",
        "The persistent connection stayed idle too long: the server closes it.",
        "持久连接空闲太久：服务器将其关闭。",
    ),
    (
        "event.subscribe_sent",
        "The push client subscribes once; from now on it only listens.",
        "推送客户端只订阅一次；此后它只需要听。",
    ),
    (
        "event.subscribed",
        "The server registers {client} as a subscriber: each new item will be written to this connection as soon as it exists.",
        "服务器把 {client} 登记为订阅者：每条新消息一产生就会写到这个连接上。",
    ),
    (
        "event.summary",
        "Summary: TCP connections {connections}, UDP flows {flows}, segments {segments}, payload bytes {bytes}, retransmissions {retransmissions}, lost {lost}, time from the first segment to the last {ms} ms.",
        "小结：TCP 连接 {connections} 个，UDP 流 {flows} 个，报文段 {segments} 个，载荷 {bytes} 字节，重传 {retransmissions} 次，丢失 {lost} 个，从第一个报文段到最后一个共 {ms} 毫秒。",
    ),
    // figure: the diagram zoomed out in time (wiretrace-diagram's level of detail).
    (
        "figure.cluster",
        "{count} segments too close to draw apart: {what}",
        "{count} 个报文段挤在一起，无法分开画出：{what}",
    ),
    (
        "figure.mark.http",
        "{count} HTTP messages",
        "{count} 条 HTTP 消息",
    ),
    (
        "figure.mark.lost",
        "{count} lost",
        "{count} 个丢失",
    ),
    (
        "figure.mark.rst",
        "{count} RST",
        "{count} 个 RST",
    ),
    (
        "figure.mark.rtx",
        "{count} retransmitted",
        "{count} 个重传",
    ),
    (
        "figure.mark.syn_fin",
        "{count} SYN or FIN",
        "{count} 个 SYN 或 FIN",
    ),
    (
        "figure.mark.tagged",
        "{count} tagged (duplicate ACK, window, keep-alive…)",
        "{count} 个带分析标记（重复 ACK、窗口、保活……）",
    ),
    (
        "figure.train.acks",
        "{count} ACKs",
        "{count} 个 ACK",
    ),
    (
        "figure.train.data",
        "{count} segments · {bytes}",
        "{count} 个报文段 · {bytes}",
    ),
    (
        "figure.train.detail",
        "Segments #{first} to #{last}, {from} to {to}: zoom in to see each one",
        "报文段 #{first} 至 #{last}，从 {from} 到 {to}：放大即可逐个查看",
    ),
    (
        "param.a.hold_ms",
        "How long host A keeps the connection before closing it, in ms.",
        "主机 A 在关闭连接之前保持它多久（毫秒）。",
    ),
    (
        "param.abort_after_ms",
        "When the abort happens, in ms after the response starts (client: after its first byte arrives; server: after it is written).",
        "中止发生的时刻，从响应开始算起的毫秒数（客户端：从收到第一个字节算起；服务器：从写出响应算起）。",
    ),
    (
        "param.aborter",
        "Which side aborts the download: client or server.",
        "由哪一方中止下载：client（客户端）或 server（服务器）。",
    ),
    (
        "param.b.delay_ms",
        "Host B calls connect this many ms after host A. Later than one one-way latency, A's SYN arrives before B has a socket on the port.",
        "主机 B 比主机 A 晚这么多毫秒调用 connect。若晚于一个单程时延，A 的 SYN 到达时 B 在那个端口上还没有套接字。",
    ),
    (
        "param.bandwidth_kbps",
        "Link bandwidth in kbit/s; 0 means unlimited (no serialization delay).",
        "链路带宽（kbit/s）；0 表示不限（没有串行化延迟）。",
    ),
    (
        "param.beats",
        "Heartbeats the client sends before it closes the connection politely.",
        "客户端在正常关闭连接之前发送的心跳个数。",
    ),
    (
        "param.body_bytes",
        "Size of the HTML page the server sends, in bytes.",
        "服务器发送的 HTML 页面大小（字节）。",
    ),
    (
        "param.client.addr",
        "Client address and first port (ip:port).",
        "客户端地址和第一个端口（ip:port）。",
    ),
    (
        "param.client.isn",
        "Client's initial sequence number (default: drawn from the seed).",
        "客户端初始序号（默认：由随机种子生成）。",
    ),
    (
        "param.client.think_ms",
        "Client think time before each request and before closing, in ms.",
        "客户端在每个请求之前和关闭之前的思考时间（毫秒）。",
    ),
    (
        "param.client2.addr",
        "The second client machine's address and first port (ip:port).",
        "第二台客户端机器的地址和第一个端口（ip:port）。",
    ),
    (
        "param.close_at_ms",
        "Time at which the client application closes, in ms.",
        "客户端应用关闭连接的时刻（毫秒）。",
    ),
    (
        "param.count",
        "How many times the client polls.",
        "客户端轮询的次数。",
    ),
    (
        "param.crash_at_ms",
        "When the server host crashes, in ms.",
        "服务器主机崩溃的时刻（毫秒）。",
    ),
    (
        "param.cut_at_ms",
        "Time at which the link is cut, in ms (0: never). From then on every packet on it is lost.",
        "链路被切断的时刻（毫秒；0 表示不切断）。从那时起，链路上的每个报文都会丢失。",
    ),
    (
        "param.delayed_ack_ms",
        "Delayed-ACK timeout in ms; 0 acknowledges every segment at once.",
        "延迟确认超时（毫秒）；0 表示每个报文段都立即确认。",
    ),
    (
        "param.down_ms",
        "How long the crashed host takes to boot again, in ms.",
        "崩溃的主机需要多长时间才能重新启动（毫秒）。",
    ),
    (
        "param.drop",
        "Segments lost on the way, by id (the # column of the log, counting from 0), comma-separated (e.g. 3,7).",
        "在途中丢失的报文段，按编号（日志中的 # 列，从 0 开始），用逗号分隔（例如 3,7）。",
    ),
    (
        "param.dup",
        "Probability that the network duplicates a packet.",
        "网络复制一个报文的概率。",
    ),
    (
        "param.first_response_ms",
        "Time the server needs for the first response only, in ms (make it large to see the later responses wait behind it).",
        "服务器生成第一个响应所需的时间（毫秒），只影响第一个响应（调大它，就能看到后面的响应排在它后面等待）。",
    ),
    (
        "param.gap_ms",
        "Pause between the parts of the comparison, in ms.",
        "对比的各部分之间的停顿（毫秒）。",
    ),
    (
        "param.heartbeat_ms",
        "Time between two application heartbeats, in ms.",
        "两次应用层心跳之间的间隔（毫秒）。",
    ),
    (
        "param.hold_ms",
        "How long the client keeps the connection open before closing, in ms.",
        "客户端在关闭前保持连接的时间（毫秒）。",
    ),
    (
        "param.idle_timeout_ms",
        "How long the server keeps an idle persistent connection open before closing it, in ms.",
        "服务器让空闲的持久连接保持打开多久后将其关闭（毫秒）。",
    ),
    (
        "param.interval_ms",
        "Time between the starts of two polls, in ms.",
        "两次轮询开始之间的间隔（毫秒）。",
    ),
    (
        "param.jitter_ms",
        "Random extra delay per packet, up to this many ms.",
        "每个报文随机增加的延迟，最多这么多毫秒。",
    ),
    (
        "param.ka.count",
        "Unanswered keep-alive probes after which TCP gives the connection up.",
        "连续多少个保活探测得不到应答后，TCP 放弃这条连接。",
    ),
    (
        "param.ka.idle_ms",
        "Silence on the connection before the first keep-alive probe, in ms (Linux waits 2 hours by default).",
        "连接静默多久之后发出第一个保活探测（毫秒；Linux 默认等待 2 小时）。",
    ),
    (
        "param.ka.interval_ms",
        "Time between unanswered keep-alive probes, in ms.",
        "未得到应答的保活探测之间的间隔（毫秒）。",
    ),
    (
        "param.ka.peer",
        "How the server disappears at vanish_at_ms: vanish (its link is cut, the probes go unanswered) or restart (its host crashes and boots again, and a probe meets a RST).",
        "服务器在 vanish_at_ms 时刻以何种方式消失：vanish（链路被切断，探测得不到应答）或 restart（主机崩溃后重新启动，探测会遇到 RST）。",
    ),
    (
        "param.ka.with_byte",
        "Probes carry one garbage byte, as some old stacks required, instead of no data.",
        "探测报文带一个无用字节（某些旧协议栈需要），而不是不带数据。",
    ),
    (
        "param.keepalive.hold_ms",
        "How long the client application keeps the silent connection before closing it, in ms.",
        "客户端应用在关闭之前让这条静默连接保持多久（毫秒）。",
    ),
    (
        "param.latency_ms",
        "One-way latency of the link, in ms.",
        "链路单向时延（毫秒）。",
    ),
    (
        "param.long_poll.hold_ms",
        "How long the server holds a request without news before answering 204 No Content, in ms.",
        "在没有新消息时，服务器把请求挂起多久才回应 204 No Content（毫秒）。",
    ),
    (
        "param.lose",
        "Which message loses its first data segment: the response (the server retransmits) or the request (the client retransmits).",
        "丢掉哪条消息的第一个数据报文段：响应（由服务器重传）或请求（由客户端重传）。",
    ),
    (
        "param.loss",
        "Probability that a packet is lost on the link.",
        "报文在链路上丢失的概率。",
    ),
    (
        "param.lost_segment",
        "Which data segment of the response is lost (1 = the first). At least three segments must follow it to cause three duplicate ACKs.",
        "响应中的第几个数据报文段丢失（1 表示第一个）。它后面至少还要有三个报文段，才能引出三个重复 ACK。",
    ),
    (
        "param.lost_syns",
        "How many transmissions of the client's SYN the network loses (the first one, then its retransmissions).",
        "网络丢掉客户端 SYN 的次数（先是第一次发送，然后是它的各次重传）。",
    ),
    (
        "param.max_retries",
        "Retransmissions of unacknowledged data before TCP gives the connection up.",
        "未被确认的数据最多重传多少次，之后 TCP 放弃这条连接。",
    ),
    (
        "param.mb.idle_timeout_ms",
        "How long the middlebox remembers a connection that carries no packets, in ms.",
        "中间设备在没有报文经过时记住一条连接多久（毫秒）。",
    ),
    (
        "param.mb.kind",
        "A stateful firewall, or a NAT router that also rewrites the client's address and port.",
        "有状态防火墙，或者同时改写客户端地址和端口的 NAT 路由器。",
    ),
    (
        "param.mb.on_unknown",
        "What the middlebox does with a packet of a connection it has forgotten: drop it silently, or answer with a RST.",
        "中间设备如何处理已被它遗忘的连接的报文：悄悄丢弃，或者回一个 RST。",
    ),
    (
        "param.misses",
        "K: missed heartbeats (server side) or missing replies (client side) in a row that end the connection.",
        "K：连续错过多少个心跳（服务器端）或缺失多少个回复（客户端）后结束连接。",
    ),
    (
        "param.msl_ms",
        "Maximum segment lifetime in ms; TIME-WAIT lasts twice this.",
        "报文最大生存时间（毫秒）；TIME-WAIT 持续其两倍。",
    ),
    (
        "param.mss",
        "Maximum segment size announced on the SYN, in bytes.",
        "在 SYN 中通告的最大报文段长度（字节）。",
    ),
    (
        "param.news.count",
        "How many items of news appear on the server.",
        "服务器上一共产生几条消息。",
    ),
    (
        "param.news.every_ms",
        "Time between two items of news, in ms.",
        "相邻两条消息之间的间隔（毫秒）。",
    ),
    (
        "param.news.first_ms",
        "When the first item of news appears on the server, in ms from the start.",
        "第一条消息在服务器上出现的时刻（从开始算起的毫秒数）。",
    ),
    (
        "param.offline_after_ms",
        "The server marks a client offline when no request arrives from it for this long, in ms.",
        "如果这么长时间（毫秒）都没有收到某客户端的请求，服务器就认为它下线了。",
    ),
    (
        "param.pause_ms",
        "How long the kept connection stays idle between the first page and the request for the next, in ms.",
        "在第一个页面和下一个页面的请求之间，保持着的连接空闲多久（毫秒）。",
    ),
    (
        "param.push_port",
        "The server port on which push clients subscribe.",
        "推送客户端订阅时所连接的服务器端口。",
    ),
    (
        "param.rcv_buf",
        "Receive buffer in bytes: the largest window advertised.",
        "接收缓冲区大小（字节）：通告窗口的上限。",
    ),
    (
        "param.read_bytes",
        "Bytes the client application takes from its receive buffer at each read.",
        "客户端应用每次从接收缓冲区读取的字节数。",
    ),
    (
        "param.read_delay_ms",
        "How long the client application waits after its request before it reads anything, in ms.",
        "客户端应用发出请求后，要等多久才开始读取（毫秒）。",
    ),
    (
        "param.read_every_ms",
        "Time between two reads of the client application, in ms.",
        "客户端应用两次读取之间的间隔（毫秒）。",
    ),
    (
        "param.reconnect",
        "After the reset, the browser sends the failed GET again on a new connection.",
        "连接被重置后，浏览器在一个新连接上重发失败的 GET。",
    ),
    (
        "param.reorder",
        "Probability that a packet is held back and overtaken by later ones.",
        "报文被延后、被后发报文超过的概率。",
    ),
    (
        "param.reply_timeout_ms",
        "How long the client waits for the reply to each heartbeat, in ms (shorter than the heartbeat interval).",
        "客户端等待每个心跳回复的时间（毫秒；必须短于心跳间隔）。",
    ),
    (
        "param.requests",
        "Number of HTTP requests.",
        "HTTP 请求的个数。",
    ),
    (
        "param.rto_min_ms",
        "Lower bound of the retransmission timeout in ms (RFC 6298: 1000).",
        "重传超时的下限（毫秒；RFC 6298 建议 1000）。",
    ),
    (
        "param.sack",
        "Offer selective acknowledgments (SACK-permitted) on the SYN.",
        "在 SYN 中提供选择性确认（SACK-permitted）。",
    ),
    (
        "param.seed",
        "Seed of the run's random numbers (ISNs, loss, jitter).",
        "本次运行随机数的种子（ISN、丢包、抖动）。",
    ),
    (
        "param.server.addr",
        "Server address and listening port (ip:port).",
        "服务器地址和监听端口（ip:port）。",
    ),
    (
        "param.server.isn",
        "Server's initial sequence number (default: drawn from the seed).",
        "服务器初始序号（默认：由随机种子生成）。",
    ),
    (
        "param.server.skew_ms",
        "The server application closes this many ms after the client. From one one-way latency on, the client's FIN arrives first and the close is an ordinary one.",
        "服务器应用比客户端晚这么多毫秒关闭。只要晚于一个单程时延，客户端的 FIN 就会先到，关闭过程就成了普通的关闭。",
    ),
    (
        "param.server.think_ms",
        "Server think time before answering and before closing, in ms.",
        "服务器在回应之前和关闭之前的处理时间（毫秒）。",
    ),
    (
        "param.stagger_ms",
        "Time between the starts of the clients, in ms.",
        "各个客户端启动之间的间隔（毫秒）。",
    ),
    (
        "param.syn_retries",
        "Retransmissions of the SYN before connect() gives up with a timeout.",
        "SYN 最多重传几次，之后 connect() 以超时失败。",
    ),
    (
        "param.timestamps",
        "Use the TCP timestamps option (RFC 7323).",
        "使用 TCP 时间戳选项（RFC 7323）。",
    ),
    (
        "param.udp.lose",
        "Which datagram the network loses: none, the first request, or the first reply.",
        "网络丢掉哪个数据报：none 不丢，request 丢第一个请求，reply 丢第一个回答。",
    ),
    (
        "param.udp.retries",
        "How many times the client asks again after a timeout before giving up.",
        "超时后客户端最多再问几次，然后放弃。",
    ),
    (
        "param.udp.timeout_ms",
        "How long the client waits for a reply before asking again, in ms.",
        "客户端等待回答多久后再问一次（毫秒）。",
    ),
    (
        "param.vanish_at_ms",
        "Time at which the server disappears (its link is cut, or with peer=restart its host crashes), in ms; 0: it stays.",
        "服务器消失的时刻（链路被切断；若 peer=restart 则是主机崩溃），单位毫秒；0 表示一直在线。",
    ),
    (
        "param.wscale",
        "Window scale shift offered on the SYN, or off.",
        "在 SYN 中提供的窗口扩大因子，或 off 表示不使用。",
    ),
    (
        "scenario.abort.intro",
        "A client downloads a large file over a slow link, and one side gives up in the middle (aborter=client: the user cancels; aborter=server: the server program gives up; abort_after_ms says when). Watch the aborting side send RST instead of FIN and drop straight to CLOSED: no FIN exchange and no TIME-WAIT. The peer accepts the RST because its sequence number is exactly the one it expects, goes to CLOSED, and its application is told \"connection reset by peer\". Segments already on their way toward the aborter find no connection there; each is answered with one more RST (RFC 9293 3.10.7.1), which the peer, closed by then, discards.",
        "客户端通过一条慢速链路下载一个大文件，其中一方中途放弃（aborter=client：用户取消下载；aborter=server：服务器程序放弃；abort_after_ms 决定何时放弃）。注意中止的一方发出的是 RST 而不是 FIN，并直接进入 CLOSED：没有 FIN 交换，也没有 TIME-WAIT。对端接受这个 RST，因为它的序号正好是自己期待的那个；对端随即进入 CLOSED，应用收到“连接被对方重置”（connection reset by peer）。已经在路上、发往中止方的报文段到达后找不到连接，每一个都会再换来一个 RST（RFC 9293 3.10.7.1），而此时已经关闭的对端会直接丢弃这些 RST。",
    ),
    (
        "scenario.abort.title",
        "Aborting a connection: RST instead of FIN",
        "中止连接：用 RST 代替 FIN",
    ),
    (
        "scenario.big-response.intro",
        "One GET is answered by a page much larger than one segment. TCP cuts it into MSS-sized pieces, and the link's bandwidth spaces them out into a visible train. The receiver acknowledges every second full-sized segment at once and leaves a lone one to the delayed-ACK timer; each ACK lets the sender's congestion window grow (slow start).",
        "一个 GET 请求得到的页面比一个报文段大得多。TCP 把它切成 MSS 大小的片段，链路带宽又把这些片段拉开，形成一列清晰可见的“报文列车”。接收方每收到两个满长度报文段就立即确认一次，单独剩下的一个则交给延迟确认定时器；每个 ACK 都让发送方的拥塞窗口增大（慢启动）。",
    ),
    (
        "scenario.big-response.title",
        "A big response: a train of MSS-sized segments",
        "大响应：一列 MSS 大小的报文段",
    ),
    (
        "scenario.browse.intro",
        "Watch the ten steps of fetching one page: the handshake, the GET, its ACK, the response, its ACK, and the four-segment teardown. Follow how every ack is the other side's seq plus what it received.",
        "观察获取一个网页的十个步骤：握手、GET 请求、对它的 ACK、响应、对响应的 ACK，以及释放连接的四次挥手。留意每个 ack 如何等于对方的 seq 加上收到的字节数。",
    ),
    (
        "scenario.browse.title",
        "Browse one page (HTTP/1.1 GET)",
        "浏览一个网页（HTTP/1.1 GET）",
    ),
    (
        "scenario.data-loss.intro",
        "The response to a GET is lost on the way. The client cannot complain about bytes it never saw, and nothing follows the lost segment, so no duplicate ACK can warn the server. The server waits for its retransmission timer (RTO, at least 1 s by RFC 6298) and then sends the same bytes again, tagged as a retransmission. Compare the time lost with the 40 ms round trip.",
        "GET 请求的响应在途中丢失了。客户端无法抱怨它从未见过的字节，而丢失的报文段后面也没有别的报文段，所以没有重复 ACK 能提醒服务器。服务器只能等它的重传定时器（RTO，按 RFC 6298 至少 1 秒）到期，再把同样的字节发一遍，并标记为重传。把损失的时间和 40 毫秒的往返时间比一比。",
    ),
    (
        "scenario.data-loss.title",
        "A lost data segment: retransmission after the RTO",
        "数据报文段丢失：RTO 到期后重传",
    ),
    (
        "scenario.fast-retransmit.intro",
        "A long response crosses the link as a train of segments, and one of them is lost. Every later segment makes the client repeat its ACK for the first missing byte. On the third duplicate ACK the server resends the missing segment at once, long before its retransmission timer would fire; then one ACK covers everything that waited behind the gap.",
        "一个很长的响应以一列报文段的形式穿过链路，其中一个丢了。此后每到一个报文段，客户端都重复发出对第一个缺失字节的 ACK。收到第三个重复 ACK 时，服务器立刻重发缺失的报文段，远远早于重传定时器到期；随后一个 ACK 就确认了在空洞后面等待的全部数据。",
    ),
    (
        "scenario.fast-retransmit.title",
        "Fast retransmit after three duplicate ACKs",
        "三个重复 ACK 之后的快速重传",
    ),
    (
        "scenario.half-close.intro",
        "The client sends its request and at once closes its sending direction. Its FIN only means \"no more data from me\": the server, in CLOSE-WAIT, is still free to send the whole response, and the client, in FIN-WAIT-2, still receives it. Watch the data segments that cross after the first FIN, and then the server's own FIN.",
        "客户端发出请求后立即关闭自己的发送方向。它的 FIN 只表示“我不再发送数据”：处于 CLOSE-WAIT 的服务器仍然可以把整个响应发出来，处于 FIN-WAIT-2 的客户端也仍然可以接收。留意第一个 FIN 之后才穿过链路的那些数据报文段，以及随后服务器自己的 FIN。",
    ),
    (
        "scenario.half-close.title",
        "Half-close: the client stops sending but keeps reading",
        "半关闭：客户端不再发送，但继续读取",
    ),
    (
        "scenario.handshake.intro",
        "Watch the three-way handshake: each SYN uses up one sequence number, so each ack is the other side's ISN plus one. Then the connection is closed with FIN and ACK in both directions.",
        "观察三次握手：每个 SYN 都占用一个序号，所以每个 ack 都是对方 ISN 加一。随后双方各用 FIN 和 ACK 关闭连接。",
    ),
    (
        "scenario.handshake.title",
        "Three-way handshake and teardown",
        "三次握手与四次挥手",
    ),
    (
        "scenario.heartbeat.intro",
        "The client writes a small heartbeat every few seconds over one long-lived connection and the server answers each one. Then the link is cut. Watch the server: TCP tells it nothing, because it has nothing to send, and only its liveness timer notices that the heartbeats stopped. Watch the client: TCP retransmits its heartbeats in vain while its own liveness timer counts the missing replies. Each side gives up after K misses.",
        "客户端通过一条长连接每隔几秒写一个小小的心跳，服务器逐一回复。随后链路被切断。留意服务器：它没有数据要发，TCP 什么也不会告诉它，只有它的存活定时器会发现心跳不再到来。留意客户端：TCP 徒劳地重传它的心跳，而它自己的存活定时器在清点缺失的回复。双方都在错过 K 次之后放弃。",
    ),
    (
        "scenario.heartbeat.title",
        "Application heartbeats: who notices a dead link?",
        "应用层心跳：谁会发现链路断了？",
    ),
    (
        "scenario.http-compare.intro",
        "The same pages fetched three ways, one after another over the same link: HTTP/1.0 with a connection per page, HTTP/1.1 keep-alive with one connection and one request at a time, and pipelining with one connection and all requests at once. At the end of each part, read its result: connections opened, segments, round trips waited for, and the time until the last page arrived.",
        "同样的页面用三种方式依次获取，走的是同一条链路：HTTP/1.0 每个页面一个连接；HTTP/1.1 持久连接，一个连接、请求依次进行；流水线，一个连接、所有请求一起发出。每部分结束时看看它的结果：打开了几个连接、多少报文段、等待了几个往返，以及拿到最后一个页面用了多长时间。",
    ),
    (
        "scenario.http-compare.title",
        "HTTP/1.0 vs keep-alive vs pipelining",
        "HTTP/1.0、持久连接与流水线的对比",
    ),
    (
        "scenario.http10.intro",
        "Every page costs a whole connection: a handshake, one request, one response, and a teardown that the server starts right after answering. Count the SYNs (one per page), watch the client's port go up by one for each new connection, and see the server, not the client, finish every connection in TIME-WAIT.",
        "每个页面都要花掉一整个连接：一次握手、一个请求、一个响应，再加上服务器一回应完就发起的连接释放（四次挥手）。数一数 SYN（每个页面一个），看客户端的端口每建一个新连接就加一，并注意每个连接最后停在 TIME-WAIT 的是服务器而不是客户端。",
    ),
    (
        "scenario.http10.title",
        "HTTP/1.0: one connection per request",
        "HTTP/1.0：每个请求一个连接",
    ),
    (
        "scenario.http11-keepalive.intro",
        "All the pages travel over one persistent connection: one handshake at the start, one teardown at the end. Each request still waits for the previous response, so every page costs one round trip. Watch the sequence numbers carry on from one request to the next on the same connection.",
        "所有页面都经由同一个持久连接传送：开头一次三次握手，结尾一次四次挥手。每个请求仍要等上一个响应回来才发出，所以每个页面都要花一个往返时间。注意在同一个连接上，序号从一个请求延续到下一个请求。",
    ),
    (
        "scenario.http11-keepalive.title",
        "HTTP/1.1 keep-alive: one connection, one request at a time",
        "HTTP/1.1 持久连接：一个连接，请求依次进行",
    ),
    (
        "scenario.http11-pipelining.intro",
        "The browser writes all its requests at once, before the first response arrives, so their round trips overlap. The server may work on them together but must answer in request order: raise first_response_ms and watch the later responses, ready long before, wait behind the first one (head-of-line blocking).",
        "浏览器在第一个响应到达之前就一口气写出所有请求，于是它们的往返时间重叠在一起。服务器可以同时处理这些请求，但必须按请求的顺序回应：把 first_response_ms 调大，就能看到早已准备好的后续响应只能排在第一个响应后面等待（队头阻塞）。",
    ),
    (
        "scenario.http11-pipelining.title",
        "HTTP/1.1 pipelining: requests back to back",
        "HTTP/1.1 流水线：请求接连发出",
    ),
    (
        "scenario.long-polling.intro",
        "The client asks once and the server does not answer until it has news; if its hold timer runs out first, it answers 204 No Content and the client asks again at once. Watch the request wait on the server, and the news reach the client one one-way latency after it happens, all over one persistent connection.",
        "客户端只问一次，服务器在有新消息之前不作回应；如果挂起的定时器先到期，服务器就回 204 No Content，客户端立刻再问。注意请求在服务器上等待的过程，以及消息在发生之后只用一个单程时延就到达客户端，全程只用一个持久连接。",
    ),
    (
        "scenario.long-polling.title",
        "Long polling: the server holds the request",
        "长轮询：服务器挂起请求",
    ),
    (
        "scenario.lost-final-ack.intro",
        "The client closes first and enters TIME-WAIT after sending the final ACK, but that ACK is lost. The server, still in LAST-ACK, retransmits its FIN when its timer runs out. The client is still waiting in TIME-WAIT, so it acknowledges the FIN again and restarts its 2×MSL wait. Without TIME-WAIT, the retransmitted FIN would have met a closed port and a RST.",
        "客户端先关闭，发出最后一个 ACK 后进入 TIME-WAIT，但这个 ACK 丢了。仍处于 LAST-ACK 的服务器在定时器到期后重传它的 FIN。客户端还在 TIME-WAIT 中等待，于是再次确认这个 FIN，并重新开始 2×MSL 的等待。如果没有 TIME-WAIT，重传的 FIN 只会碰到一个关闭的端口和一个 RST。",
    ),
    (
        "scenario.lost-final-ack.title",
        "The last ACK is lost: why TIME-WAIT exists",
        "最后一个 ACK 丢失：TIME-WAIT 为何存在",
    ),
    (
        "scenario.middlebox-idle-timeout.intro",
        "A stateful firewall sits between client and server. Its idle timer restarts with every packet of the connection; when it runs out, the firewall forgets the connection without telling either end. With the default numbers a heartbeat comes every 8 s but the firewall forgets after 5 s: the second heartbeat is dropped and retransmitted until TCP gives up (with mb.on_unknown=reset it is refused with a RST instead). Set heartbeat_ms below mb.idle_timeout_ms and the connection survives.",
        "客户端和服务器之间有一台有状态防火墙。连接上每经过一个报文，它的空闲定时器就重新开始；定时器到期时，防火墙就忘掉这条连接，而且不通知任何一方。按默认数值，心跳每 8 秒一次，防火墙却在 5 秒后就遗忘：第二个心跳被丢弃，TCP 不断重传直到放弃（若 mb.on_unknown=reset，则改为收到一个 RST）。把 heartbeat_ms 设得小于 mb.idle_timeout_ms，连接就能保住。",
    ),
    (
        "scenario.middlebox-idle-timeout.title",
        "A firewall forgets an idle connection",
        "防火墙遗忘了空闲的连接",
    ),
    (
        "scenario.multi-client.intro",
        "Three clients connect to the same server address and port: two programs on one machine and one on another. Watch the listening socket stay in LISTEN while each SYN creates a new connection, and compare the five-tuples: the protocol, server address and server port are identical; only the client's address or port tells the connections apart.",
        "三个客户端连到同一个服务器地址和端口：其中两个程序在同一台机器上，另一个在另一台机器上。注意监听套接字一直停留在 LISTEN，每个 SYN 都会产生一个新连接；再比较一下各连接的五元组：协议、服务器地址和服务器端口完全相同，只有客户端的地址或端口把它们区分开。",
    ),
    (
        "scenario.multi-client.title",
        "One listening port, many clients",
        "一个监听端口，多个客户端",
    ),
    (
        "scenario.peer-restart.intro",
        "A browser fetches a page and keeps the HTTP/1.1 connection open for the next one. While the connection is idle the server host crashes and boots again (watch the badges on its lifeline): it forgets the connection without a word, while the client still holds its side, a half-open connection. The client's next request reaches a host with no such connection, which answers with RST. The RST's sequence number is taken from the request's ACK field, exactly the number the client expects next, so the client accepts it (RFC 5961), goes to CLOSED and is told \"connection reset by peer\". With reconnect on, the browser sends the GET again on a new connection: a new handshake, a new port, new ISNs, and the page arrives.",
        "浏览器取到一个页面，并让 HTTP/1.1 连接保持打开，留给下一个页面使用。在连接空闲期间，服务器主机崩溃并重新启动（注意它生命线上的标记）：它悄无声息地忘掉了这个连接，而客户端仍保留着自己这一端，形成半开连接。客户端的下一个请求到达一台根本没有这个连接的主机，对方用 RST 回应。RST 的序号取自请求报文的确认号，正好是客户端期待的下一个序号，所以客户端接受它（RFC 5961），进入 CLOSED，应用收到“连接被对方重置”（connection reset by peer）。如果开启了 reconnect，浏览器会在一个新连接上重发这个 GET：重新握手，换一个新端口和新的初始序号，页面随后到达。",
    ),
    (
        "scenario.peer-restart.title",
        "The server restarts: a half-open connection meets RST",
        "服务器重启：半开连接遇到 RST",
    ),
    (
        "scenario.rst-closed-port.intro",
        "The server host is up, but no program listens on the port. Its TCP answers the SYN at once with RST,ACK; the ack acknowledges the SYN, which proves the RST belongs to this attempt. The client goes from SYN-SENT straight to CLOSED and connect() fails with \"connection refused\": one round trip, no handshake, no teardown.",
        "服务器主机在线，但那个端口上没有程序在监听。它的 TCP 立即用 RST,ACK 回应 SYN；其中的 ack 确认了这个 SYN，证明该 RST 属于这次连接尝试。客户端从 SYN-SENT 直接回到 CLOSED，connect() 以“连接被拒绝”失败：只有一个往返，没有握手，也没有挥手。",
    ),
    (
        "scenario.rst-closed-port.title",
        "Connecting to a closed port: RST",
        "连接无人监听的端口：RST",
    ),
    (
        "scenario.server-close.intro",
        "The browser gets its page over a persistent connection and then stays quiet. Watch the server's keep-alive timer run out: this time the server sends the first FIN, so the roles of the teardown swap. The server passes through FIN-WAIT-1, FIN-WAIT-2 and TIME-WAIT, the client through CLOSE-WAIT and LAST-ACK: TIME-WAIT always lands on the side that closed first.",
        "浏览器通过一个持久连接取到页面后就不再说话。注意服务器的 keep-alive 定时器到期：这一次是服务器先发出 FIN，四次挥手时双方的角色对调了。服务器依次经过 FIN-WAIT-1、FIN-WAIT-2 和 TIME-WAIT，客户端经过 CLOSE-WAIT 和 LAST-ACK：TIME-WAIT 总是落在先关闭的那一方。",
    ),
    (
        "scenario.server-close.title",
        "The server closes first (keep-alive timeout)",
        "服务器先关闭（keep-alive 超时）",
    ),
    (
        "scenario.server-push.intro",
        "Two clients follow the same news. The push client keeps one TCP connection open, and the server writes each item on it the moment the item exists; the polling client asks over HTTP every interval on a new connection. Compare how late each item arrives each way, and how many requests, connections and segments each way costs.",
        "两个客户端关注同样的消息。推送客户端保持一个 TCP 连接不断开，消息一产生，服务器就把它写到这个连接上；轮询客户端则每隔一段时间就新建一个连接，通过 HTTP 询问一次。比较两种方式下每条消息到达得有多晚，以及各自花掉了多少请求、连接和报文段。",
    ),
    (
        "scenario.server-push.title",
        "Server push vs polling",
        "服务器推送与轮询的对比",
    ),
    (
        "scenario.short-polling.intro",
        "Every interval the client opens a new connection only to ask whether anything is new, gets its answer, and the connection is torn down again. Count the segments each question costs, watch the server mark the client online at each poll and offline once the polls stop, and see how long a news item waits on the server for the next poll to collect it.",
        "每隔一段时间，客户端就新建一个连接，只为了问一句“有新消息吗？”，得到回答后连接又被释放。数一数每次提问要花多少个报文段；注意服务器在每次轮询时把客户端标记为在线、在轮询停止后又把它标记为下线；再看看一条新消息要在服务器上等多久，才被下一次轮询取走。",
    ),
    (
        "scenario.short-polling.title",
        "Short polling: staying online with new connections",
        "短轮询：靠不断新建连接保持在线",
    ),
    (
        "scenario.simultaneous-close.intro",
        "Both applications close at the same moment, so both FINs are on the wire at once. Each side, in FIN-WAIT-1, receives the other's FIN before the ACK of its own: it acknowledges it and moves to CLOSING, a state an ordinary close never visits. When its own FIN is acknowledged it moves to TIME-WAIT, so here both sides wait 2×MSL.",
        "双方应用在同一时刻关闭，两个 FIN 同时在线路上。每一方都在 FIN-WAIT-1 中先收到了对方的 FIN，而不是对自己 FIN 的确认：它确认这个 FIN 并进入 CLOSING，这是普通关闭过程从不经过的状态。等自己的 FIN 被确认后，它进入 TIME-WAIT，所以这里双方都要等待 2×MSL。",
    ),
    (
        "scenario.simultaneous-close.title",
        "Simultaneous close: two FINs cross",
        "同时关闭：两个 FIN 交错而过",
    ),
    (
        "scenario.simultaneous-open.intro",
        "Two hosts connect to each other at the same moment, each from a fixed port to the other's, and neither listens. The SYNs cross on the wire. Each side, in SYN-SENT, receives a SYN instead of a SYN,ACK: it moves to SYN-RECEIVED and answers with a SYN,ACK. Four segments open one connection. Delay host B by more than the latency (b.delay_ms) and A's SYN finds nothing there.",
        "两台主机在同一时刻互相连接，各自从固定端口连向对方的端口，谁都没有监听。两个 SYN 在线路上交错而过。每一方在 SYN-SENT 中收到的是 SYN 而不是 SYN,ACK：它进入 SYN-RECEIVED，并回一个 SYN,ACK。四个报文段建立起一条连接。若让主机 B 晚于一个时延才连接（b.delay_ms），A 的 SYN 到达时那里什么也没有。",
    ),
    (
        "scenario.simultaneous-open.title",
        "Simultaneous open: two SYNs cross",
        "同时打开：两个 SYN 交错而过",
    ),
    (
        "scenario.syn-loss.intro",
        "The network loses the client's SYN, and then its first retransmission. Nothing comes back to say so; only the client's retransmission timer notices. Watch the gaps between the SYNs: 1 s (the initial RTO), then 2 s, doubling each time, and every copy carries the same ISN. Set lost_syns above syn_retries and connect() gives up with a timeout.",
        "网络丢掉了客户端的 SYN，接着又丢掉了它的第一次重传。没有任何报文回来说明这一点，只有客户端的重传定时器会察觉。留意各个 SYN 之间的间隔：先是 1 秒（初始 RTO），然后 2 秒，每次翻倍，而每一份都带着同一个 ISN。若把 lost_syns 设得大于 syn_retries，connect() 最终会以超时放弃。",
    ),
    (
        "scenario.syn-loss.title",
        "A lost SYN: retransmission with backoff",
        "SYN 丢失：带指数退避的重传",
    ),
    (
        "scenario.tcp-keepalive.intro",
        "The client application says hello and then falls silent, with SO_KEEPALIVE on. After the idle time its TCP sends a probe carrying SND.NXT-1, a sequence number the server has already acknowledged, so the server must answer with an ACK: the connection is alive. Later the server vanishes: the probes go unanswered, and after the configured count TCP gives the connection up and tells the application. The silent server never learns. With peer=restart the server host crashes and boots again instead: the first probe after the boot reaches a host that has forgotten the connection, and the RST it gets back resets the connection at once. This is how keep-alive detects a rebooted peer.",
        "客户端应用打过招呼后就不再说话，但开启了 SO_KEEPALIVE。空闲时间一到，它的 TCP 发出一个探测报文，序号为 SND.NXT-1，也就是服务器早已确认过的序号，于是服务器必须回一个 ACK：连接还活着。后来服务器消失了：探测得不到应答，达到设定的次数后 TCP 放弃连接并通知应用。而一言不发的服务器永远不会知道。如果设置 peer=restart，服务器主机则是崩溃后重新启动：重启后的第一个探测到达一台已经忘掉这个连接的主机，换回来的 RST 立即重置了连接。保活机制正是这样发现对端已经重启的。",
    ),
    (
        "scenario.tcp-keepalive.title",
        "TCP keep-alive probes on an idle connection",
        "空闲连接上的 TCP 保活探测",
    ),
    (
        "scenario.udp.intro",
        "A question and its answer in two datagrams: no handshake, no ACK, no teardown, no sequence numbers. Set lose=request or lose=reply to drop one: nothing on the wire reports the loss. Only the client's own timer notices the silence and asks again, and the server cannot tell a repeated question from a new one.",
        "一个问题和它的回答，一共两个数据报：没有握手、没有 ACK、没有挥手，也没有序号。设置 lose=request 或 lose=reply 让其中一个丢失：线路上没有任何东西会报告这次丢失。只有客户端自己的定时器察觉到没有回音，于是再问一次；而服务器分不清重复的提问和新的提问。",
    ),
    (
        "scenario.udp.title",
        "UDP: a request and a reply",
        "UDP：一问一答",
    ),
    (
        "scenario.zero-window.intro",
        "The client asks for a large page, but its application does not read for a while. The bytes pile up in its small receive buffer, and each ACK advertises a smaller window until it reaches 0. The server must stop. Its persist timer sends one-byte zero-window probes, further and further apart, so that the two sides cannot end up waiting for each other forever. When the application reads, a window update lets the data flow again.",
        "客户端请求一个很大的页面，但它的应用有一阵子不读取数据。字节在它小小的接收缓冲区里越积越多，每个 ACK 通告的窗口越来越小，直到变成 0。服务器只好停下。它的持续定时器（persist timer）发出单字节的零窗口探测，间隔越来越长，免得双方永远互相等待。应用一旦读取，一个窗口更新就让数据重新流动起来。",
    ),
    (
        "scenario.zero-window.title",
        "Zero window: a slow reader stops the sender",
        "零窗口：读得慢的接收方让发送方停下",
    ),
    (
        "seg.ack",
        "ACK: acknowledges every byte up to {ack}, not including it: {ack} is the next byte expected.",
        "ACK：确认 {ack} 之前的全部字节；{ack} 是期待收到的下一个字节。",
    ),
    (
        "seg.ack.challenge",
        "Challenge ACK (RFC 5961): a RST or SYN arrived whose sequence number is in the window but not exactly the expected one. Instead of obeying it, this side restates where it stands (seq {seq}, ack {ack}); a genuine peer answers with an exact RST, a blind attacker cannot.",
        "挑战 ACK（RFC 5961）：收到的 RST 或 SYN 的序号落在窗口内，却不是正好期待的那个。本端不照做，而是重申自己的位置（seq {seq}，ack {ack}）；真正的对端会回一个序号精确的 RST，盲目伪造报文的攻击者做不到。",
    ),
    (
        "seg.ack.data",
        "ACK: the data arrived in order, so ack moves from {prev} to {ack} ({moved} new bytes). The segment carries no data, so seq stays at {seq}.",
        "ACK：数据按序到达，ack 从 {prev} 前进到 {ack}（新收到 {moved} 字节）。本段不带数据，所以 seq 仍是 {seq}。",
    ),
    (
        "seg.ack.delayed",
        "Delayed ACK: the delayed-ACK timer ran out before any data could carry the acknowledgment, so a pure ACK goes out now (ack {ack}, {moved} bytes newly acknowledged).",
        "延迟 ACK：在有数据可以捎带确认之前，延迟确认定时器已到期，于是单独发出一个纯 ACK（ack {ack}，新确认 {moved} 字节）。",
    ),
    (
        "seg.ack.fin",
        "ACK of the FIN: ack = {ack} because the peer's FIN used up sequence number {fin}. The peer will send nothing more; this side may still send until its own application closes.",
        "对 FIN 的确认：ack = {ack}，因为对端的 FIN 占用了序号 {fin}。对端不会再发数据；本端在自己的应用关闭之前仍然可以发送。",
    ),
    (
        "seg.ack.fin.closing",
        "ACK of the FIN: both sides closed at the same moment. ack = {ack} acknowledges the peer's FIN (sequence number {fin}) while our own FIN still waits for its ACK.",
        "对 FIN 的确认：双方几乎同时关闭。ack = {ack} 确认了对端的 FIN（序号 {fin}），而本端自己的 FIN 还在等待确认。",
    ),
    (
        "seg.ack.fin.time_wait",
        "Final ACK: acknowledges the peer's FIN (ack = {ack}; the FIN used up sequence number {fin}). This side now waits in TIME-WAIT, ready to acknowledge the FIN again if this ACK gets lost.",
        "最后一个 ACK：确认对端的 FIN（ack = {ack}；FIN 占用了序号 {fin}）。本端随后进入 TIME-WAIT 等待，万一这个 ACK 丢失，对端重发 FIN 时还能再次确认。",
    ),
    (
        "seg.ack.handshake",
        "ACK: the third segment of the three-way handshake. ack = {ack}, the peer's ISN {peer_isn} plus one, because its SYN used up one sequence number. No data, so seq stays at {seq}.",
        "ACK：三次握手的第三个报文段。ack = {ack}，即对端 ISN {peer_isn} 加一，因为它的 SYN 占用了一个序号。没有数据，所以 seq 仍是 {seq}。",
    ),
    (
        "seg.ack.hole_filled",
        "ACK: the missing bytes arrived and closed the gap, so everything buffered behind them is now in order too: ack jumps from {prev} to {ack}.",
        "ACK：缺失的字节到了，填上了空洞，缓存在后面的数据也随之变为有序：ack 从 {prev} 一下跳到 {ack}。",
    ),
    (
        "seg.ack.keepalive",
        "Keep-alive ACK: the probe repeated an old sequence number, so this side answers with its current position (ack {ack}). The answer itself proves the connection is still alive.",
        "保活应答：探测报文重复了一个旧序号，本端用当前位置回应（ack {ack}）。这个应答本身就证明连接仍然存活。",
    ),
    (
        "seg.ack.out_of_order",
        "Duplicate ACK: data arrived beyond a gap (out of order). ack stays at {ack}, the first byte still missing, telling the sender exactly what to resend.",
        "重复 ACK：数据越过一个空洞先到了（乱序）。ack 停在 {ack}，也就是仍缺的第一个字节，以此告诉发送方该重传什么。",
    ),
    (
        "seg.ack.out_of_order.moved",
        "ACK at once: data arrived beyond a gap (out of order), so the acknowledgment cannot wait for the delayed-ACK timer. It covers the {moved} in-order bytes received before the gap, and ack = {ack} names the first byte still missing; the next ACKs will repeat it as duplicate ACKs until the gap is filled.",
        "立即 ACK：数据越过一个空洞先到了（乱序），确认不能再等延迟确认定时器。它确认了空洞之前按序收到的 {moved} 字节，ack = {ack} 指出仍缺的第一个字节；在空洞补上之前，后面的 ACK 会以重复 ACK 的形式一再重复这个值。",
    ),
    (
        "seg.ack.out_of_order.window",
        "ACK: data arrived beyond a gap (out of order), so ack stays at {ack}, the first byte still missing. Meanwhile the application read from the receive buffer and the window grew to {win}, so this ACK counts as a window update, not as a duplicate ACK (those must repeat the window too).",
        "ACK：数据越过一个空洞先到了（乱序），所以 ack 停在仍缺的第一个字节 {ack}。与此同时应用从接收缓冲区读走了数据，窗口增大到 {win}，因此这个 ACK 算作窗口更新，而不算重复 ACK（重复 ACK 的窗口也必须不变）。",
    ),
    (
        "seg.ack.second",
        "ACK: a second full-sized segment arrived; RFC 9293 says not to delay the acknowledgment any longer, so ack moves to {ack} at once ({moved} bytes).",
        "ACK：又收到一个满长度报文段；RFC 9293 要求此时不再推迟确认，于是立即把 ack 推进到 {ack}（{moved} 字节）。",
    ),
    (
        "seg.ack.time_wait_fin",
        "ACK again: the peer's FIN arrived a second time, so our last ACK must have been lost. TIME-WAIT exists for this moment: acknowledge again (ack {ack}) and restart the 2×MSL wait.",
        "再次 ACK：对端的 FIN 又来了一次，说明我们上一个 ACK 丢了。TIME-WAIT 正是为此而存在：再次确认（ack {ack}），并重新开始 2×MSL 的等待。",
    ),
    (
        "seg.ack.too_new",
        "ACK: the peer acknowledged data that was never sent. The segment is dropped and this ACK restates the truth: seq {seq}, ack {ack}.",
        "ACK：对端确认了从未发送过的数据。该报文段被丢弃，本 ACK 重申实际情况：seq {seq}，ack {ack}。",
    ),
    (
        "seg.ack.unacceptable",
        "ACK: the segment that arrived lies outside the receive window (for example an old duplicate). RFC 9293 answers it with an ACK of what is really expected next: {ack}.",
        "ACK：到达的报文段落在接收窗口之外（例如一个旧的重复报文）。按照 RFC 9293，回一个 ACK 说明真正期待的下一个序号：{ack}。",
    ),
    (
        "seg.ack.window_update",
        "Window update: the application read data from the receive buffer, so the window opens again to {win}. The sender may continue.",
        "窗口更新：应用从接收缓冲区读走了数据，窗口重新打开到 {win}。发送方可以继续发送了。",
    ),
    (
        "seg.ack.zero_window_probe",
        "ACK of a zero-window probe: the receive buffer is still full (window {win}), so the probe byte is not taken; ack stays at {ack}.",
        "零窗口探测的应答：接收缓冲区仍然是满的（窗口 {win}），探测字节不被接收；ack 保持在 {ack}。",
    ),
    (
        "seg.data",
        "Data: {len} bytes, sequence numbers {seq} to {last}. The receiver should answer with ack {end}, the number of the next byte.",
        "数据：{len} 字节，序号从 {seq} 到 {last}。接收方应回 ack {end}，也就是下一个字节的序号。",
    ),
    (
        "seg.data.http",
        "{http}: {len} bytes of HTTP (sequence numbers {seq} to {last}). The receiver should answer with ack {end}.",
        "{http}：{len} 字节的 HTTP 数据（序号 {seq} 到 {last}）。接收方应回 ack {end}。",
    ),
    (
        "seg.data.piggyback",
        "Data: {len} bytes (sequence numbers {seq} to {last}); the same segment also acknowledges {moved} bytes received (ack {ack}), so no separate ACK is needed.",
        "数据：{len} 字节（序号 {seq} 到 {last}）；同一个报文段还顺带确认了收到的 {moved} 字节（ack {ack}），因此不必再单独发 ACK。",
    ),
    (
        "seg.data_fin",
        "Data and FIN: {len} bytes (sequence numbers {seq} to {last}), then the FIN at {fin}: the application wrote its last bytes and closed.",
        "数据加 FIN：{len} 字节（序号 {seq} 到 {last}），随后 FIN 占用序号 {fin}：应用写完最后的数据就关闭了。",
    ),
    (
        "seg.fin",
        "FIN,ACK: this side's application closed, so no more data will come from it. The FIN uses sequence number {seq}; the ACK field ({ack}) only repeats what was already acknowledged.",
        "FIN,ACK：本端应用已关闭，不会再发送数据。FIN 占用序号 {seq}；ACK 字段（{ack}）只是重复已经确认过的位置。",
    ),
    (
        "seg.fin.acks_fin",
        "FIN,ACK: the application closed right after the peer's FIN arrived, so one segment does both jobs: it acknowledges that FIN (ack = {ack}, the FIN used up {peer_fin}) and carries our own FIN at {seq}. A three-segment close.",
        "FIN,ACK：对端的 FIN 刚到，应用就关闭了，于是一个报文段同时完成两件事：确认那个 FIN（ack = {ack}，FIN 占用了 {peer_fin}），并带上本端自己的 FIN（序号 {seq}）。这就是只用三个报文段的“三次挥手”。",
    ),
    (
        "seg.fin.passive",
        "FIN,ACK: the peer closed earlier; now this side's application has closed too. Our FIN uses sequence number {seq}; once it is acknowledged the connection is gone.",
        "FIN,ACK：对端早先已经关闭；现在本端应用也关闭了。本端 FIN 占用序号 {seq}；它一被确认，连接就结束了。",
    ),
    (
        "seg.fin.piggyback",
        "FIN,ACK: this side's application closed; the FIN uses sequence number {seq}. The same segment acknowledges {moved} more bytes from the peer (ack {ack}), so no separate ACK is needed.",
        "FIN,ACK：本端应用已关闭，FIN 占用序号 {seq}。同一个报文段还确认了对端的另外 {moved} 字节（ack {ack}），因此不必再单独发 ACK。",
    ),
    (
        "seg.http.fin.close",
        "FIN,ACK: the response carried Connection: close, so the server closes as soon as it has written it. It closes first, so the server, not the client, will wait in TIME-WAIT. The FIN uses sequence number {seq}.",
        "FIN,ACK：响应里带着 Connection: close，服务器写完响应就关闭连接。由于是服务器先关闭，进入 TIME-WAIT 等待的将是服务器而不是客户端。FIN 占用序号 {seq}。",
    ),
    (
        "seg.http.fin.done",
        "FIN,ACK: the browser has all {count} responses it wanted, so it closes the persistent connection itself. Closing first means the client will be the side in TIME-WAIT. The FIN uses sequence number {seq}.",
        "FIN,ACK：浏览器已经拿到想要的全部 {count} 个响应，于是自己关闭这个持久连接。先关闭的一方要经历 TIME-WAIT，所以这次是客户端。FIN 占用序号 {seq}。",
    ),
    (
        "seg.http.fin.http10",
        "FIN,ACK: HTTP/1.0 marks the end of the exchange by closing: right after the response the server closes the connection. Because the server closes first, it is the server that will wait in TIME-WAIT, once for every request. The FIN uses sequence number {seq}.",
        "FIN,ACK：HTTP/1.0 用关闭连接来结束一次交换：服务器发完响应就立即关闭连接。因为是服务器先关闭，所以每个请求都会让服务器经历一次 TIME-WAIT。FIN 占用序号 {seq}。",
    ),
    (
        "seg.http.fin.idle",
        "FIN,ACK: no new request came for {ms} ms, so the server's keep-alive timeout closes the idle persistent connection. The server closes first this time, so the server will sit in TIME-WAIT while the client passes through CLOSE-WAIT and LAST-ACK. The FIN uses sequence number {seq}.",
        "FIN,ACK：{ms} 毫秒内没有新的请求，服务器的 keep-alive 超时便关闭了这个空闲的持久连接。这次是服务器先关闭，所以服务器会停留在 TIME-WAIT，而客户端要经过 CLOSE-WAIT 和 LAST-ACK。FIN 占用序号 {seq}。",
    ),
    (
        "seg.http.request.close",
        "{http}: request {index}, with Connection: close, asks the server to close the connection once it has answered, so this connection carries only this one exchange. {len} bytes (sequence numbers {seq} to {last}); the server's ACK will be {end}.",
        "{http}：第 {index} 个请求带有 Connection: close，要求服务器回应之后就关闭连接，因此这个连接只承载这一次交换。共 {len} 字节（序号 {seq} 到 {last}）；服务器的 ACK 将是 {end}。",
    ),
    (
        "seg.http.request.first",
        "{http}: the first request on this connection. HTTP/1.1 keeps a connection open by default, so the requests that follow can reuse it without a new handshake. {len} bytes (sequence numbers {seq} to {last}); the server's ACK will be {end}.",
        "{http}：这个连接上的第一个请求。HTTP/1.1 默认保持连接打开，后面的请求可以直接复用它，不用再握手。共 {len} 字节（序号 {seq} 到 {last}）；服务器的 ACK 将是 {end}。",
    ),
    (
        "seg.http.request.half_open",
        "{http}: request {index} goes out on the kept connection. The client cannot know that the server host crashed at {crash} ms and forgot it: the connection is half-open (RFC 9293 3.5.1), so this request will be answered by a RST instead of a response. {len} bytes (sequence numbers {seq} to {last}).",
        "{http}：第 {index} 个请求通过保持着的连接发出。客户端无从得知服务器主机已经在 {crash} 毫秒时崩溃并忘掉了这个连接：这是一个半开连接（RFC 9293 3.5.1），所以这个请求等来的不是响应，而是一个 RST。共 {len} 字节（序号 {seq} 到 {last}）。",
    ),
    (
        "seg.http.request.http10",
        "{http}: an HTTP/1.0 request without a keep-alive header, so the server will answer and then close: this connection was opened for this one request only. {len} bytes (sequence numbers {seq} to {last}); the server's ACK will be {end}.",
        "{http}：一个不带 keep-alive 头部的 HTTP/1.0 请求，服务器回应之后就会关闭连接：这个连接只为这一个请求而建立。共 {len} 字节（序号 {seq} 到 {last}）；服务器的 ACK 将是 {end}。",
    ),
    (
        "seg.http.request.pipelined",
        "{http}: request {index} leaves before the response to request {prev} has arrived: this is pipelining. The requests travel together, so their round trips overlap; in exchange the server must answer strictly in request order. {len} bytes (sequence numbers {seq} to {last}).",
        "{http}：第 {index} 个请求在第 {prev} 个请求的响应到达之前就发出了，这就是流水线（pipelining）。多个请求一起在路上，往返时间相互重叠；代价是服务器必须严格按照请求的顺序回应。共 {len} 字节（序号 {seq} 到 {last}）。",
    ),
    (
        "seg.http.request.retry",
        "{http}: request {index} again, on the new connection: the old one was reset before any response came, and a GET can safely be repeated (it is idempotent, RFC 9112 9.3.1). Its bytes are numbered in this connection's own sequence space, from {seq}; {len} bytes up to {last}.",
        "{http}：在新连接上再次发出第 {index} 个请求：旧连接在响应到来之前就被重置了，而 GET 可以安全地重复（它是幂等的，RFC 9112 9.3.1）。它的字节按这个新连接自己的序号空间编号，从 {seq} 开始；共 {len} 字节，到 {last} 为止。",
    ),
    (
        "seg.http.request.reuse",
        "{http}: request {index} reuses the open connection once response {prev} has arrived: no new handshake, no new connection state. Its first byte continues the same sequence space at {seq}; {len} bytes up to {last}.",
        "{http}：第 {index} 个请求在第 {prev} 个响应到达之后复用这个已打开的连接：不需要新的握手，也不需要新的连接状态。它的第一个字节在同一个序号空间里接着往下编号，从 {seq} 开始；共 {len} 字节，到 {last} 为止。",
    ),
    (
        "seg.http.response",
        "{http}: response {index}, the answer to {request}. The connection stays open for further requests. {len} bytes (sequence numbers {seq} to {last}); the client's ACK will be {end}.",
        "{http}：第 {index} 个响应，回答的是 {request}。连接保持打开，可以继续发请求。共 {len} 字节（序号 {seq} 到 {last}）；客户端的 ACK 将是 {end}。",
    ),
    (
        "seg.http.response.close",
        "{http}: response {index}, the answer to {request}, with Connection: close: the server will close the connection right after it. {len} bytes (sequence numbers {seq} to {last}); the client's ACK will be {end}.",
        "{http}：第 {index} 个响应，回答的是 {request}，并带有 Connection: close：服务器发完它就会关闭连接。共 {len} 字节（序号 {seq} 到 {last}）；客户端的 ACK 将是 {end}。",
    ),
    (
        "seg.http.response.held",
        "{http}: response {index}, the answer to {request}. It was ready at {ready} ms but waited {waited} ms behind the slower response to {behind}, because responses on one connection must keep the order of the requests: head-of-line blocking. {len} bytes (sequence numbers {seq} to {last}).",
        "{http}：第 {index} 个响应，回答的是 {request}。它在 {ready} 毫秒时就准备好了，却排在更慢的 {behind} 的响应后面多等了 {waited} 毫秒，因为同一连接上的响应必须保持请求的顺序：这就是队头阻塞。共 {len} 字节（序号 {seq} 到 {last}）。",
    ),
    (
        "seg.http.response.http10",
        "{http}: the answer to {request}. In HTTP/1.0 the server closes the connection after the response, so the next page will need a new connection and a new handshake. {len} bytes (sequence numbers {seq} to {last}); the client's ACK will be {end}.",
        "{http}：回答的是 {request}。在 HTTP/1.0 中，服务器发完响应就关闭连接，所以下一个页面需要新的连接和新的握手。共 {len} 字节（序号 {seq} 到 {last}）；客户端的 ACK 将是 {end}。",
    ),
    (
        "seg.http.response.long_poll",
        "{http}: the answer to a long poll. The server held this request for {held} ms, until the news it was waiting for existed, and answers the moment it does. {len} bytes (sequence numbers {seq} to {last}); the client's ACK will be {end}.",
        "{http}：对一次长轮询的回应。服务器把这个请求挂起了 {held} 毫秒，直到等待的消息出现，消息一出现就立刻回应。共 {len} 字节（序号 {seq} 到 {last}）；客户端的 ACK 将是 {end}。",
    ),
    (
        "seg.http.response.long_poll.timeout",
        "{http}: the server held the long poll for {held} ms without any news, so its hold timer ends the wait with an empty answer; the client will ask again at once. {len} bytes (sequence numbers {seq} to {last}).",
        "{http}：服务器把这次长轮询挂起了 {held} 毫秒，始终没有新消息，于是挂起定时器到期，用一个空的回应结束等待；客户端会立刻再问一次。共 {len} 字节（序号 {seq} 到 {last}）。",
    ),
    (
        "seg.keepalive",
        "Keep-alive probe {probe} of {count}: the connection has been idle too long. The probe repeats an already acknowledged sequence number ({seq} = SND.NXT - 1), so a live peer must answer with an ACK.",
        "保活探测（{probe}/{count}）：连接空闲太久了。探测报文重复一个已被确认过的序号（{seq} = SND.NXT - 1），存活的对端必须回一个 ACK。",
    ),
    (
        "seg.push.event",
        "Pushed item {id}: the server writes it on the subscriber's open connection as soon as it can (the moment the item exists, or on subscribing for one created earlier), with no request to answer. {len} bytes (sequence numbers {seq} to {last}); the client's ACK will be {end}.",
        "推送的第 {id} 条消息：服务器一有机会就把它写到订阅者已打开的连接上（消息一产生就写；若消息产生在订阅之前，则在订阅时补发），不需要回答任何请求。共 {len} 字节（序号 {seq} 到 {last}）；客户端的 ACK 将是 {end}。",
    ),
    (
        "seg.push.subscribe",
        "{http}: the push client subscribes, once. After this it never asks again: the connection stays open and news will come to it. {len} bytes (sequence numbers {seq} to {last}).",
        "{http}：推送客户端订阅，仅此一次。此后它再也不用询问：连接保持打开，消息会自己送上门。共 {len} 字节（序号 {seq} 到 {last}）。",
    ),
    (
        "seg.rst.abort",
        "RST: the application aborted the connection (RFC 9293 3.10.5). There is no FIN exchange: unsent data is thrown away and the peer is told to drop the connection at once. The reset carries SND.NXT ({seq}), the next sequence number the peer expects once everything sent so far has arrived; only that exact match makes the peer accept it (RFC 5961 3.2).",
        "RST：应用中止了连接（RFC 9293 3.10.5）。不经过 FIN 交换：未发送的数据被丢弃，并通知对端立即丢弃这个连接。复位报文携带 SND.NXT（{seq}），也就是对端在收齐已发送的全部数据之后期待的下一个序号；只有这样精确匹配，对端才会接受它（RFC 5961 3.2）。",
    ),
    (
        "seg.rst.after_abort",
        "RST again: this segment was already on its way when the connection was aborted here, and it finds no connection. RFC 9293 3.10.7.1 (CLOSED) answers any segment but a RST with a reset, whose sequence number {seq} is the segment's acknowledgment number.",
        "又一个 RST：连接在本端被中止时，这个报文段已经在路上，到达后找不到连接。按照 RFC 9293 3.10.7.1（CLOSED 状态），除 RST 以外的任何报文段都用一个复位报文回应，其序号 {seq} 就是该报文段的确认号。",
    ),
    (
        "seg.rst.after_abort.discarded",
        "RST again: this segment was already on its way when the connection was aborted here, and it finds no connection. RFC 9293 3.10.7.1 (CLOSED) answers any segment but a RST with a reset, whose sequence number {seq} is the segment's acknowledgment number. When it arrives the peer has already closed on the first RST, and a RST that finds no connection is discarded without an answer: the exchange ends there.",
        "又一个 RST：连接在本端被中止时，这个报文段已经在路上，到达后找不到连接。按照 RFC 9293 3.10.7.1（CLOSED 状态），除 RST 以外的任何报文段都用一个复位报文回应，其序号 {seq} 就是该报文段的确认号。它到达时，对端已经因为第一个 RST 而关闭；找不到连接的 RST 会被直接丢弃、不作回应，这一来一回就到此为止。",
    ),
    (
        "seg.rst.bad_ack",
        "RST: the segment acknowledges something this side never sent. As RFC 9293 requires, the reset takes its sequence number ({seq}) from that acknowledgment so the peer accepts it.",
        "RST：该报文段确认了本端从未发送过的内容。按照 RFC 9293，复位报文的序号（{seq}）取自那个确认号，以便对端接受它。",
    ),
    (
        "seg.rst.closed_port",
        "RST: nothing listens on port {port}, so the connection attempt is refused at once (connection refused).",
        "RST：端口 {port} 上没有程序在监听，连接请求被立即拒绝（connection refused）。",
    ),
    (
        "seg.rst.forgotten",
        "RST: this host crashed and restarted since the connection was opened, so no connection here matches the segment, while the peer still holds its side (a half-open connection, RFC 9293 3.5.1). The reset takes its sequence number from the segment's ACK field ({seq}): exactly the next sequence number the peer expects (its RCV.NXT when it sent the segment), so the peer's exact-match check (RFC 5961 3.2) accepts it and the connection is torn down.",
        "RST：自这个连接建立以来，本主机崩溃并重启过，所以这里没有任何连接与该报文段对应，而对端仍保留着自己那一端（半开连接，RFC 9293 3.5.1）。复位报文的序号取自该报文段的确认号（{seq}）：它正好是对端期待的下一个序号（即对端发出该报文段时的 RCV.NXT），因此能通过对端的精确匹配检查（RFC 5961 3.2），连接随之被重置。",
    ),
    (
        "seg.rst.forgotten.no_ack",
        "RST,ACK: this host crashed and restarted since the connection was opened, so no connection here matches the segment (a half-open connection, RFC 9293 3.5.1). The segment carried no ACK, so the reset has sequence number 0 and acknowledges the segment instead (ack {ack} = its SEQ + LEN), which ties the reset to it.",
        "RST,ACK：自这个连接建立以来，本主机崩溃并重启过，这里没有任何连接与该报文段对应（半开连接，RFC 9293 3.5.1）。该报文段没有携带 ACK，所以复位报文的序号为 0，并改为确认该报文段（ack {ack} = 它的 SEQ + LEN），以此表明复位针对的是它。",
    ),
    (
        "seg.rst.keepalive",
        "RST: the keep-alive probes went unanswered, so the peer is considered dead; the connection is reset.",
        "RST：保活探测始终没有应答，对端被认为已经失效，连接被复位。",
    ),
    (
        "seg.rst.listening",
        "RST: no connection on this host matches the segment; only a listening socket on port {port}, and a listener takes nothing but a SYN. RFC 9293 3.10.7.2 answers any ACK reaching LISTEN with a reset whose sequence number is the segment's ACK field ({seq}): exactly what the sender expects next, so the sender accepts it (RFC 5961 3.2 requires an exact match) if it still holds the connection.",
        "RST：本主机上没有任何连接与该报文段对应，只有端口 {port} 上的一个监听套接字，而监听套接字只接受 SYN。按照 RFC 9293 3.10.7.2，到达 LISTEN 的任何 ACK 都用一个复位报文回应，序号取自该报文段的确认号（{seq}）：这正是发送方期待的下一个序号，所以发送方若仍保留着连接，就会接受它（RFC 5961 3.2 要求序号精确匹配）。",
    ),
    (
        "seg.rst.middlebox",
        "RST forged by {mb}: it no longer knows this flow (idle longer than {ms} ms), so it answers in the name of the other side, and the connection dies.",
        "由 {mb} 伪造的 RST：它已经不认识这个流了（空闲超过 {ms} 毫秒），于是冒充另一端作答，连接就此断开。",
    ),
    (
        "seg.rst.no_connection",
        "RST: no connection on this host matches the segment (it has ended, or never existed). RFC 9293 3.10.7.1 answers it with a reset whose sequence number is the segment's ACK field ({seq}): exactly what the sender expects next, so the sender accepts it (RFC 5961 3.2 requires an exact match) and forgets its side too.",
        "RST：本主机上没有任何连接与该报文段对应（连接已经结束，或者从未存在）。按照 RFC 9293 3.10.7.1，用一个复位报文回应它，序号取自该报文段的确认号（{seq}）：这正是发送方期待的下一个序号，所以发送方会接受它（RFC 5961 3.2 要求序号精确匹配），并把自己那一端也删掉。",
    ),
    (
        "seg.rst.no_connection.no_ack",
        "RST,ACK: no connection on this host matches the segment. It carried no ACK, so RFC 9293 3.10.7.1 gives the reset sequence number 0 and an acknowledgment of the segment instead (ack {ack} = its SEQ + LEN), which ties the reset to it.",
        "RST,ACK：本主机上没有任何连接与该报文段对应。该报文段没有携带 ACK，所以按照 RFC 9293 3.10.7.1，复位报文的序号为 0，并改为确认该报文段（ack {ack} = 它的 SEQ + LEN），以此表明复位针对的是它。",
    ),
    (
        "seg.rtx.after_probe",
        "Sent again: the window is open now, so the data continues from {seq}, starting with the probe byte the receiver refused while its window was zero ({len} bytes).",
        "再次发送：窗口已经打开，数据从 {seq} 继续发送，首先是窗口为零时被接收方拒收的那个探测字节（共 {len} 字节）。",
    ),
    (
        "seg.rtx.data",
        "Retransmission #{attempt}: no ACK came back within the retransmission timeout ({rto} ms), so {len} bytes from sequence number {seq} are sent again. The next timeout doubles (exponential backoff).",
        "第 {attempt} 次重传：在重传超时（{rto} 毫秒）内没有收到 ACK，于是从序号 {seq} 起的 {len} 字节再发一次。下一次超时时间加倍（指数退避）。",
    ),
    (
        "seg.rtx.fast",
        "Fast retransmission: three duplicate ACKs showed that the bytes from {seq} are missing while later data got through, so {len} bytes are resent at once, without waiting for the timer (RFC 5681).",
        "快速重传：三个重复 ACK 表明从 {seq} 开始的字节丢了，而后面的数据已经到达，于是立即重发 {len} 字节，不必等定时器（RFC 5681）。",
    ),
    (
        "seg.rtx.fin",
        "FIN again (retransmission #{attempt}): the FIN at {seq} was not acknowledged within {rto} ms.",
        "再次发送 FIN（第 {attempt} 次重传）：序号 {seq} 的 FIN 在 {rto} 毫秒内没有被确认。",
    ),
    (
        "seg.rtx.partial",
        "Retransmission in fast recovery (NewReno, RFC 6582): the ACK after the first resend stopped at {seq}, short of everything sent before the loss (a partial ACK), so more than one segment was lost. The {len} bytes from {seq} go again at once, without waiting for three new duplicate ACKs or for the timer.",
        "快速恢复中的重传（NewReno，RFC 6582）：第一次重发之后的 ACK 停在 {seq}，没有覆盖丢包前发出的全部数据（部分确认），说明丢的不止一个报文段。于是从 {seq} 开始的 {len} 字节立即重发，不必再等三个新的重复 ACK，也不必等重传定时器。",
    ),
    (
        "seg.rtx.sack",
        "Retransmission of a hole: the peer's SACK blocks show that it holds the data after these {len} bytes (from {seq}) but not them, so they go again at once instead of waiting for the timer (RFC 6675).",
        "重传一个空洞：对端的 SACK 块表明，它已经收到了这 {len} 字节（从 {seq} 开始）后面的数据，唯独缺这一段，于是立即重发，不必等重传定时器（RFC 6675）。",
    ),
    (
        "seg.rtx.syn",
        "SYN again (retransmission #{attempt}): no SYN,ACK came back within {rto} ms. Same ISN {seq}; the next wait doubles.",
        "再次发送 SYN（第 {attempt} 次重传）：{rto} 毫秒内没有收到 SYN,ACK。ISN 不变，仍是 {seq}；下一次等待时间加倍。",
    ),
    (
        "seg.rtx.syn_ack",
        "SYN,ACK again (retransmission #{attempt}): the handshake's final ACK did not arrive within {rto} ms. Same ISN {seq}, ack {ack}.",
        "再次发送 SYN,ACK（第 {attempt} 次重传）：{rto} 毫秒内没有收到握手的最后一个 ACK。ISN 仍是 {seq}，ack 为 {ack}。",
    ),
    (
        "seg.syn",
        "SYN: asks to open a connection and announces this side's initial sequence number (ISN), {seq}. Real stacks pick it so that nobody can guess it (RFC 9293 3.4.1). The SYN itself uses up that number, so the first data byte will be {next}.",
        "SYN：请求建立连接，并告知本端的初始序号（ISN）{seq}。真实的协议栈会让 ISN 无法被猜到（RFC 9293 3.4.1）。SYN 本身占用这个序号，所以第一个数据字节的序号将是 {next}。",
    ),
    (
        "seg.syn.wrap",
        "SYN: asks to open a connection and announces this side's initial sequence number (ISN), {seq}, the largest 32-bit number. The SYN itself uses up that number, so the first data byte will be {next}: sequence numbers count modulo 2^32 and wrap around to 0.",
        "SYN：请求建立连接，并告知本端的初始序号（ISN）{seq}，即最大的 32 位数。SYN 本身占用这个序号，所以第一个数据字节的序号将是 {next}：序号按 2^32 取模计数，到这里回绕到 0。",
    ),
    (
        "seg.syn_ack",
        "SYN,ACK: accepts the connection and sends this side's own ISN {seq}. ack = {ack} because the peer's SYN used up sequence number {peer_isn}.",
        "SYN,ACK：接受连接，并给出本端自己的 ISN {seq}。ack = {ack}，因为对端的 SYN 占用了序号 {peer_isn}。",
    ),
    (
        "seg.syn_ack.simultaneous",
        "SYN,ACK: both sides sent a SYN at the same time (simultaneous open). This repeats our SYN (seq {seq}) and acknowledges the peer's: ack = {ack}.",
        "SYN,ACK：双方同时发出了 SYN（同时打开）。本段重复本端的 SYN（seq {seq}），并确认对端的 SYN：ack = {ack}。",
    ),
    (
        "seg.udp",
        "UDP datagram: {len} bytes from port {sport} to port {dport}. No handshake, no sequence numbers, no acknowledgment: if it is lost, UDP itself never finds out.",
        "UDP 数据报：{len} 字节，从端口 {sport} 发往端口 {dport}。没有握手、没有序号、没有确认：如果它丢了，UDP 自己永远不会知道。",
    ),
    (
        "seg.udp.answer_again",
        "UDP datagram ({label}): the server answers the same question again ({times} answers so far). It keeps no connection state, so it cannot know the client never got the first answer, nor that this is not a new question. {len} bytes from port {sport} to port {dport}.",
        "UDP 数据报（{label}）：服务器再次回答同一个问题（已回答 {times} 次）。它不保存任何连接状态，既不知道客户端没收到第一次的回答，也不知道这并不是一个新问题。{len} 字节，从端口 {sport} 发往端口 {dport}。",
    ),
    (
        "seg.udp.labelled",
        "UDP datagram ({label}): {len} bytes from port {sport} to port {dport}. No handshake and no acknowledgment: the application must notice a loss by itself.",
        "UDP 数据报（{label}）：{len} 字节，从端口 {sport} 发往端口 {dport}。没有握手也没有确认：丢失只能由应用自己发现。",
    ),
    (
        "seg.udp.retry",
        "UDP datagram ({label}): the same question again, attempt {attempt}. The client waited {ms} ms and heard nothing; UDP has no acknowledgment and no retransmission, so the application's own timer decided to ask again. {len} bytes from port {sport} to port {dport}.",
        "UDP 数据报（{label}）：同一个问题再问一次，第 {attempt} 次尝试。客户端等了 {ms} 毫秒没有回音；UDP 没有确认也没有重传，所以是应用自己的定时器决定再问一次。{len} 字节，从端口 {sport} 发往端口 {dport}。",
    ),
    (
        "seg.zero_window_probe",
        "Zero-window probe: the peer advertised a window of 0, so one byte (seq {seq}) is sent to find out whether the window has opened; the answer carries the current window.",
        "零窗口探测：对端通告的窗口为 0，于是发送一个字节（seq {seq}）来探询窗口是否已经打开；对方的应答会带上当前窗口。",
    ),
    (
        "state.abort",
        "The application aborted the connection: a RST goes out (if the peer may still hold state) and the connection is deleted.",
        "应用中止了连接：（若对端可能还保留连接状态）发出一个 RST，然后删除连接。",
    ),
    (
        "state.close.active",
        "The application closed: a FIN (sequence number {fin}) follows any data still queued. This side closes first: the active close.",
        "应用关闭了连接：FIN（序号 {fin}）排在所有尚未发出的数据之后。本端先关闭，即主动关闭。",
    ),
    (
        "state.close.passive",
        "The application closed after the peer had: our FIN (sequence number {fin}) goes out and this side waits for its ACK in LAST-ACK.",
        "对端已先关闭，现在本端应用也关闭了：发出本端 FIN（序号 {fin}），在 LAST-ACK 中等待它的确认。",
    ),
    (
        "state.close_unconnected",
        "The application closed before a connection existed: nothing to tell the peer.",
        "连接尚未建立时应用就关闭了：无需通知对端。",
    ),
    (
        "state.connect",
        "The application called connect(): a SYN with ISN {iss} goes out and the connection waits in SYN-SENT for the answer.",
        "应用调用了 connect()：发出 ISN 为 {iss} 的 SYN，连接在 SYN-SENT 中等待回应。",
    ),
    (
        "state.established.active",
        "The SYN,ACK acknowledges our SYN (ack {ack}): the connection is established on this side; our ACK completes the handshake for the peer.",
        "SYN,ACK 确认了本端的 SYN（ack {ack}）：本端连接已建立；本端发出的 ACK 将为对端完成握手。",
    ),
    (
        "state.established.passive",
        "The ACK of our SYN,ACK arrived (ack {ack}): the three-way handshake is complete and data can flow both ways.",
        "收到了对本端 SYN,ACK 的确认（ack {ack}）：三次握手完成，双方都可以发送数据了。",
    ),
    (
        "state.fin.close_wait",
        "The peer's FIN arrived (sequence number {fin}): the peer will send no more data. The application reads end-of-stream but may keep sending until it closes.",
        "收到对端的 FIN（序号 {fin}）：对端不会再发送数据。应用会读到流结束，但在关闭之前仍可继续发送。",
    ),
    (
        "state.fin.closing",
        "The peer's FIN (sequence number {fin}) arrived before the ACK of ours: both sides are closing at once (simultaneous close).",
        "对端的 FIN（序号 {fin}）在本端 FIN 被确认之前就到了：双方在同时关闭。",
    ),
    (
        "state.fin.time_wait",
        "The peer's FIN arrived (sequence number {fin}): both directions are finished. The connection waits 2×MSL in TIME-WAIT so that a lost final ACK can be repeated and old segments die out.",
        "收到对端的 FIN（序号 {fin}）：两个方向都已结束。连接在 TIME-WAIT 中等待 2×MSL，以便在最后的 ACK 丢失时可以重发，并让网络中的旧报文消失。",
    ),
    (
        "state.fin_acked.closed",
        "The ACK of our FIN arrived (ack {ack}): both directions are finished and this side forgets the connection at once.",
        "收到对本端 FIN 的确认（ack {ack}）：两个方向都已结束，本端立即删除连接。",
    ),
    (
        "state.fin_acked.fin_wait_2",
        "Our FIN is acknowledged (ack {ack}). Our direction is closed; the peer may still send data, and we wait for its FIN in FIN-WAIT-2.",
        "本端的 FIN 已被确认（ack {ack}）。本端方向已关闭；对端仍可发送数据，本端在 FIN-WAIT-2 中等待它的 FIN。",
    ),
    (
        "state.fin_acked.time_wait",
        "The ACK of our FIN arrived (ack {ack}) after both sides had closed: wait 2×MSL in TIME-WAIT.",
        "双方都已关闭后，收到对本端 FIN 的确认（ack {ack}）：在 TIME-WAIT 中等待 2×MSL。",
    ),
    (
        "state.fin_wait_2_timeout",
        "The peer never sent its FIN: the FIN-WAIT-2 timeout gives up the half-closed connection.",
        "对端始终没有发送 FIN：FIN-WAIT-2 超时，放弃这个半关闭的连接。",
    ),
    (
        "state.host_crashed",
        "The host {host} crashed: this connection, in {state}, vanishes with it. Nothing is sent; the peer is not told and keeps its side (RFC 9293 3.5.1).",
        "主机 {host} 崩溃：这个处于 {state} 状态的连接随之消失。没有发出任何报文；对端得不到通知，仍保留着自己那一端（RFC 9293 3.5.1）。",
    ),
    (
        "state.host_crashed.listen",
        "The host {host} crashed: the listening socket on port {port} is gone. Once the host is back, a SYN to that port gets a RST until a program listens again.",
        "主机 {host} 崩溃：端口 {port} 上的监听套接字没有了。主机恢复之后，在有程序重新监听之前，发往这个端口的 SYN 都会得到 RST。",
    ),
    (
        "state.keepalive_dead",
        "{probes} keep-alive probes went unanswered: the peer is considered dead and the connection is dropped.",
        "{probes} 个保活探测都没有应答：认为对端已失效，连接被放弃。",
    ),
    (
        "state.listen",
        "The application listens on port {port}: the socket waits in LISTEN for SYNs, and stays there while it accepts connections.",
        "应用在端口 {port} 上监听：套接字在 LISTEN 中等待 SYN，并且在接受连接期间一直保持这个状态。",
    ),
    (
        "state.refused",
        "The peer answered with RST: the connection is refused.",
        "对端回了 RST：连接被拒绝。",
    ),
    (
        "state.reset",
        "A RST with exactly the expected sequence number ({seq} = RCV.NXT) arrived. RFC 5961 3.2 accepts a reset only on this exact match (one merely inside the window would get a challenge ACK), so it cannot be a blind guess: the connection is torn down at once and the application gets an error.",
        "收到一个序号正好等于期待值（{seq} = RCV.NXT）的 RST。RFC 5961 3.2 规定只有序号精确匹配时才接受复位（仅仅落在窗口之内的 RST 只会换来一个挑战 ACK），所以它不可能是盲目猜测出来的：连接被立即断开，应用收到错误。",
    ),
    (
        "state.reset.listen",
        "A RST (or a new SYN) arrived for the half-open connection: as RFC 9293 says, it returns to LISTEN; the listening socket carries on without it.",
        "半打开的连接收到了 RST（或新的 SYN）：按照 RFC 9293，它回到 LISTEN；监听套接字照常工作，不再需要它。",
    ),
    (
        "state.retries",
        "No acknowledgment after {retries} retransmissions: the connection is given up and the application is told.",
        "重传 {retries} 次仍未收到确认：放弃连接，并通知应用。",
    ),
    (
        "state.simultaneous_open",
        "The peer's SYN (ISN {irs}) crossed ours on the way: a simultaneous open. This side goes to SYN-RECEIVED and answers with SYN,ACK.",
        "对端的 SYN（ISN {irs}）与本端的 SYN 在途中交错：同时打开。本端进入 SYN-RECEIVED，并回复 SYN,ACK。",
    ),
    (
        "state.syn_received",
        "A SYN arrived (peer ISN {irs}): the listening socket creates a new connection, which answers with SYN,ACK carrying its own ISN {iss}.",
        "收到 SYN（对端 ISN {irs}）：监听套接字创建一个新连接，新连接回复带有自己 ISN {iss} 的 SYN,ACK。",
    ),
    (
        "state.time_wait_over",
        "TIME-WAIT lasted {ms} ms (2×MSL) with no retransmitted FIN: the connection is gone for good.",
        "TIME-WAIT 持续了 {ms} 毫秒（2×MSL），期间没有收到重传的 FIN：连接彻底结束。",
    ),
    (
        "state.user_timeout",
        "Sent data stayed unacknowledged longer than the user timeout: the connection is given up and the application is told.",
        "已发送的数据超过用户超时时间仍未被确认：放弃连接，并通知应用。",
    ),
    (
        "timer.beat_wait",
        "Waiting for the client's next heartbeat: one is expected within {ms} ms ({missed} missed so far).",
        "等待客户端的下一个心跳：预计在 {ms} 毫秒内到达（目前已错过 {missed} 次）。",
    ),
    (
        "timer.delayed_ack",
        "Delayed ACK: wait up to {ms} ms for outgoing data that could carry the acknowledgment.",
        "延迟确认：最多等待 {ms} 毫秒，看是否有要发送的数据可以捎带这个确认。",
    ),
    (
        "timer.fin_wait_2",
        "FIN-WAIT-2 timeout: give up after {ms} ms without the peer's FIN.",
        "FIN-WAIT-2 超时：{ms} 毫秒内没有收到对端 FIN 就放弃。",
    ),
    (
        "timer.heartbeat",
        "Heartbeat interval: heartbeat {n} is due in {ms} ms.",
        "心跳间隔：{ms} 毫秒后发送第 {n} 个心跳。",
    ),
    (
        "timer.http_idle",
        "HTTP keep-alive: the server closes the connection after {ms} ms without a request.",
        "HTTP 持久连接：服务器在 {ms} 毫秒内没有收到请求就关闭连接。",
    ),
    (
        "timer.idle_timeout",
        "{mb} forgets this flow after {ms} ms without packets.",
        "{mb} 在 {ms} 毫秒内没有看到报文就会忘掉这个流。",
    ),
    (
        "timer.keepalive.idle",
        "Keep-alive: send a probe if the connection stays idle for {ms} ms.",
        "保活：连接若空闲 {ms} 毫秒，就发送探测。",
    ),
    (
        "timer.keepalive.interval",
        "Keep-alive: wait {ms} ms for the answer to probe {probe} of {count}.",
        "保活：等待 {ms} 毫秒，看第 {probe} 个探测（共 {count} 个）是否有应答。",
    ),
    (
        "timer.long_poll_hold",
        "Long poll: hold the request for up to {ms} ms waiting for news.",
        "长轮询：挂起请求等待新消息，最多 {ms} 毫秒。",
    ),
    (
        "timer.offline_after",
        "The server marks {client} offline if no request arrives within {ms} ms.",
        "如果 {ms} 毫秒内没有收到请求，服务器就把 {client} 标记为下线。",
    ),
    (
        "timer.persist",
        "Persist timer: probe the zero window in {ms} ms (backoff ×{backoff}).",
        "持续定时器：{ms} 毫秒后探测零窗口（退避 ×{backoff}）。",
    ),
    (
        "timer.poll",
        "Next poll in {ms} ms (poll {poll} of {count}).",
        "{ms} 毫秒后进行下一次轮询（第 {poll} 次，共 {count} 次）。",
    ),
    (
        "timer.reply_wait",
        "Waiting up to {ms} ms for the reply to heartbeat {n}.",
        "最多等待 {ms} 毫秒，等第 {n} 个心跳的回复。",
    ),
    (
        "timer.rto",
        "Retransmission timer: {rto} ms (SRTT {srtt} ms, RTTVAR {rttvar} ms; RTO = SRTT + 4×RTTVAR, never below the minimum).",
        "重传定时器：{rto} 毫秒（SRTT {srtt} 毫秒，RTTVAR {rttvar} 毫秒；RTO = SRTT + 4×RTTVAR，且不低于下限）。",
    ),
    (
        "timer.rto.backoff",
        "Retransmission timer: {rto} ms after backing off ×{backoff} (RFC 6298: the timeout doubles after each expiry).",
        "重传定时器：退避 ×{backoff} 后为 {rto} 毫秒（RFC 6298：每次超时后时长加倍）。",
    ),
    (
        "timer.rto.fallback",
        "Retransmission timer: {rto} ms. The handshake needed a retransmitted SYN, so it gave no round-trip measurement (Karn's rule), and RFC 6298 (5.7) makes the timer start again from 3 s instead of 1 s.",
        "重传定时器：{rto} 毫秒。握手时 SYN 经过了重传，因此得不到往返时间的测量值（Karn 算法），RFC 6298（5.7 节）规定此时定时器改从 3 秒而不是 1 秒开始。",
    ),
    (
        "timer.rto.initial",
        "Retransmission timer: {rto} ms, the initial value, since no round trip has been measured yet (RFC 6298).",
        "重传定时器：{rto} 毫秒，这是初始值，因为还没有测量到往返时间（RFC 6298）。",
    ),
    (
        "timer.time_wait",
        "TIME-WAIT: 2×MSL = {ms} ms (MSL {msl} ms).",
        "TIME-WAIT：2×MSL = {ms} 毫秒（MSL 为 {msl} 毫秒）。",
    ),
    (
        "timer.time_wait.short",
        "TIME-WAIT: 2×MSL = {ms} ms. MSL is {msl} ms here, shortened so that you can watch the wait; RFC 9293 takes the MSL as 2 minutes, and Linux waits 60 s in TIME-WAIT.",
        "TIME-WAIT：2×MSL = {ms} 毫秒。这里把 MSL 缩短为 {msl} 毫秒，便于观察等待过程；RFC 9293 把 MSL 取为 2 分钟，Linux 在 TIME-WAIT 中等待 60 秒。",
    ),
    (
        "timer.udp_reply",
        "Wait up to {ms} ms for the answer (attempt {attempt} of {max}); UDP itself will never report a loss.",
        "最多等待 {ms} 毫秒的回答（第 {attempt} 次尝试，共 {max} 次）；UDP 本身永远不会报告丢失。",
    ),
    (
        "timer.user_timeout",
        "User timeout: give up if sent data stays unacknowledged for {ms} ms.",
        "用户超时：已发送的数据若 {ms} 毫秒仍未被确认就放弃。",
    ),
    // engine: end.
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
    fn chinese_uses_the_textbook_terms() {
        // The words of a Chinese networking course: 三次握手 / 四次挥手, 序号, 确认, 重传,
        // 定时器; not the seed's mistakes (SYN_SEND, a "four-way handshake" for a teardown).
        for (key, en, zh) in TABLE {
            for odd in [
                "拆除",
                "计时器",
                "坚持定时器",
                "SYN_SEND",
                "SYN_RECV",
                "四次握手",
            ] {
                assert!(!zh.contains(odd), "{key}: {odd} in {zh}");
            }
            assert!(
                !en.contains("SYN_SEND") && !en.contains("SYN_RECV"),
                "{key}"
            );
        }
        let zh = |k: &str| template(Lang::Zh, k).unwrap();
        assert!(zh("scenario.handshake.title").contains("四次挥手"));
        assert!(zh("scenario.browse.intro").contains("四次挥手"));
        assert!(zh("seg.fin.acks_fin").contains("三次挥手"));
        assert!(zh("timer.persist").contains("持续定时器"));
        assert!(zh("scenario.zero-window.intro").contains("持续定时器"));
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
