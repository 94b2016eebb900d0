//! The English half of the message table: `(key, template)`, sorted by key, the same keys
//! as every other language (a test checks).

use super::player;

/// `(key, template)`, sorted by key.
pub(super) static TABLE: &[(&str, &str)] = &[
    // capture: explanations of imported captures (wiretrace-capture).
    (
        "capture.detail.cap",
        player("capped: first {kept} segments kept, {left} more left out"),
    ),
    (
        "capture.detail.connection",
        player("{count} connection"),
    ),
    (
        "capture.detail.connections",
        player("{count} connections"),
    ),
    (
        "capture.detail.connections-shown",
        player("{shown} of {total} connections shown ({ids})"),
    ),
    (
        "capture.detail.cut-short-block",
        player("the capture was cut short at byte {at}: the pcapng block after packet {packets} lacks {missing} of its {len} bytes, so it is left out; the packets before it are read"),
    ),
    (
        "capture.detail.cut-short-block-header",
        player("the capture was cut short at byte {at}: it ends {present} bytes into the header of the pcapng block after packet {packets}, which is left out; the packets before it are read"),
    ),
    (
        "capture.detail.cut-short-record",
        player("the capture was cut short at byte {at}: packet {number} lacks {missing} of its {len} bytes, so it is left out; the packets before it are read"),
    ),
    (
        "capture.detail.cut-short-record-header",
        player("the capture was cut short at byte {at}: it ends {present} bytes into the 16-byte header of packet {number}, which is left out; the packets before it are read"),
    ),
    (
        "capture.detail.inferred",
        player("states and timing inferred from one observation point"),
    ),
    (
        "capture.detail.links",
        player("{links}"),
    ),
    (
        "capture.detail.no-timestamps",
        player("no timestamps: one millisecond per line assumed"),
    ),
    (
        "capture.detail.other-frames",
        player("{count} frames not TCP/UDP"),
    ),
    (
        "capture.detail.payload-cap",
        player("payload capped at {bytes} bytes (beyond that only HTTP heads kept)"),
    ),
    (
        "capture.detail.separator",
        player("; "),
    ),
    (
        "capture.detail.skipped-blocks",
        player("{count} undecodable pcapng blocks skipped"),
    ),
    (
        "capture.detail.text-line-unreadable",
        player("line {lines} could not be read as a packet and was skipped"),
    ),
    (
        "capture.detail.text-lines-ignored",
        player("{count} text lines ignored"),
    ),
    (
        "capture.detail.text-lines-unreadable",
        player("{count} lines could not be read as packets and were skipped (lines {lines})"),
    ),
    (
        "capture.detail.time-range",
        player("time range {from}..{to} µs after the first packet"),
    ),
    (
        "capture.detail.time-range-open",
        player("time range {from}..end µs after the first packet"),
    ),
    (
        "capture.detail.truncated",
        player("{count} frames cut by the snap length"),
    ),
    (
        "capture.detail.unknown-links",
        player("frames of unsupported link types {types} skipped"),
    ),
    (
        "capture.http.request",
        player("Request {index} on this connection: {line}"),
    ),
    (
        "capture.http.request-keepalive",
        player("Request {index} reuses the open connection (a persistent connection): {line}"),
    ),
    (
        "capture.http.request-pipelined",
        player("Request {index} is pipelined: sent before the previous response was complete: {line}"),
    ),
    (
        "capture.http.response",
        player("Response {index}: {line}"),
    ),
    (
        "capture.http.response-close",
        player("Response {index}: {line}; the connection closes after it."),
    ),
    (
        "capture.seg.ack",
        player("ACK from {src}: everything before byte {ack} has arrived."),
    ),
    (
        "capture.seg.acked-unseen",
        player("{src} acknowledges data ({ack}) that the capture never showed: it passed where the capture could not see it."),
    ),
    (
        "capture.seg.data",
        player("{len} bytes of data from {src} (sequence {seq} to {end})."),
    ),
    (
        "capture.seg.dup-ack",
        player("Duplicate ACK from {src}: it still expects byte {ack}, so a later segment arrived while an earlier one is missing."),
    ),
    (
        "capture.seg.fast-retransmission",
        player("Fast retransmission: duplicate ACKs told {src} that sequence {seq} was lost, so it resends at once instead of waiting for the timer."),
    ),
    (
        "capture.seg.fin",
        player("FIN from {src}: it has no more data to send; the other direction may still carry data."),
    ),
    (
        "capture.seg.http",
        player("{len} bytes from {src} carrying {http}."),
    ),
    (
        "capture.seg.keep-alive",
        player("Keep-alive probe from {src}: after a long silence it repeats its last sequence number (SND.NXT-1) to check that the peer is still there."),
    ),
    (
        "capture.seg.keep-alive-ack",
        player("Answer to the keep-alive probe: {src} is still there and acknowledges {ack}."),
    ),
    (
        "capture.seg.lost-segment",
        player("A gap before sequence {seq}: a segment from {src} is missing from the capture (lost on the way, or not captured)."),
    ),
    (
        "capture.seg.out-of-order",
        player("Out of order: this segment from {src} arrives after data that follows it."),
    ),
    (
        "capture.seg.refused",
        player("RST from {src}: nothing listens on port {port}, so the connection attempt is refused."),
    ),
    (
        "capture.seg.retransmission",
        player("Retransmission: {src} sends sequence {seq} again because no acknowledgment came in time."),
    ),
    (
        "capture.seg.rst",
        player("RST from {src}: the connection is aborted at once, without the usual closing exchange."),
    ),
    (
        "capture.seg.spurious-retransmission",
        player("Spurious retransmission: {src} resends data the receiver had already acknowledged."),
    ),
    (
        "capture.seg.syn",
        player("SYN from {src}: asks to open a connection and announces its initial sequence number {seq}."),
    ),
    (
        "capture.seg.syn-ack",
        player("SYN+ACK from {src}: accepts the connection, announces its own initial sequence number {seq} and acknowledges {ack}."),
    ),
    (
        "capture.seg.udp",
        player("UDP datagram of {len} bytes from {src}: no connection, no acknowledgment, no retransmission."),
    ),
    (
        "capture.seg.window-full",
        player("{src} has filled the whole window the receiver advertised: it must wait for an acknowledgment before sending more."),
    ),
    (
        "capture.seg.window-update",
        player("Window update from {src}: no new data, only a new receive window ({win})."),
    ),
    (
        "capture.seg.zero-window",
        player("Zero window from {src}: its receive buffer is full, so the peer must stop sending."),
    ),
    (
        "capture.seg.zero-window-probe",
        player("Zero-window probe from {src}: one byte to learn whether the peer's window has opened."),
    ),
    (
        "capture.seg.zero-window-probe-ack",
        player("Answer to the zero-window probe: the window of {src} is still closed."),
    ),
    (
        "capture.state.both-closing",
        player("Received the peer's FIN before its own FIN was acknowledged: both sides are closing at once."),
    ),
    (
        "capture.state.closed",
        player("The peer acknowledged the last FIN: the connection is closed."),
    ),
    (
        "capture.state.established",
        player("The handshake is complete: data may flow both ways."),
    ),
    (
        "capture.state.fin-acked",
        player("The peer acknowledged this side's FIN; it now waits for the peer's FIN."),
    ),
    (
        "capture.state.got-fin",
        player("Received the peer's FIN: the peer has finished sending; this side may still send."),
    ),
    (
        "capture.state.got-syn",
        player("Received a SYN: answers SYN+ACK and waits for the ACK that completes the handshake."),
    ),
    (
        "capture.state.last-ack",
        player("Sent FIN after the peer's: waits for the last ACK."),
    ),
    (
        "capture.state.mid-stream",
        player("The capture starts in the middle of this connection: assumed already ESTABLISHED."),
    ),
    (
        "capture.state.reset-received",
        player("Received RST: the connection is aborted."),
    ),
    (
        "capture.state.reset-sent",
        player("Sent RST: the connection is aborted."),
    ),
    (
        "capture.state.sent-fin",
        player("Sent FIN: this side has finished sending and waits for the acknowledgment."),
    ),
    (
        "capture.state.sent-syn",
        player("Sent SYN: waits for the peer's SYN+ACK."),
    ),
    (
        "capture.state.simultaneous-open",
        player("Received the peer's SYN while waiting for the answer to its own: a simultaneous open."),
    ),
    (
        "capture.state.time-wait",
        player("Both FINs are acknowledged: waits 2×MSL in TIME-WAIT so that a lost final ACK can be sent again."),
    ),
    // endpoint: the names of the lifelines.
    (
        "endpoint.client",
        "Client",
    ),
    (
        "endpoint.client_n",
        "Client {n}",
    ),
    (
        "endpoint.firewall",
        "Firewall",
    ),
    (
        "endpoint.host_a",
        "Host A",
    ),
    (
        "endpoint.host_b",
        "Host B",
    ),
    (
        "endpoint.nat",
        "NAT router",
    ),
    (
        "endpoint.poll_client",
        "Polling client",
    ),
    (
        "endpoint.push_client",
        "Push client",
    ),
    (
        "endpoint.server",
        "Server",
    ),
    (
        "endpoint.server_n",
        "Server {n}",
    ),
    // error: parameters and capture files that cannot be used.
    (
        "error.capture.at_byte",
        "at byte {n}: {what}",
    ),
    (
        "error.capture.at_line",
        "at line {n}: {what}",
    ),
    (
        "error.capture.block_bad",
        "bad pcapng block: {detail}",
    ),
    (
        "error.capture.block_big",
        "pcapng block claims {len} bytes, expected at most {max} (corrupt file?)",
    ),
    (
        "error.capture.cut_block",
        "the file ends inside a pcapng block ({rest} bytes of it present): the capture was cut short",
    ),
    (
        "error.capture.cut_record",
        "the file ends inside a packet record: expected {incl} bytes of packet data, found {found}; the capture was cut short",
    ),
    (
        "error.capture.cut_record_header",
        "the file ends inside a packet record header ({rest} of 16 bytes): the capture was cut short",
    ),
    (
        "error.capture.empty",
        "the file is empty: expected a pcap, pcapng or tcpdump text capture",
    ),
    (
        "error.capture.empty_range",
        player("no packet lies between {from} s and {to} s after the first one (the capture spans {end} s): there is nothing to draw"),
    ),
    (
        "error.capture.empty_range.chosen",
        player("no packet of the chosen connections lies between {from} s and {to} s after the capture's first packet (it spans {end} s): there is nothing to draw"),
    ),
    (
        "error.capture.empty_range.chosen_open",
        player("no packet of the chosen connections lies {from} s or more after the capture's first packet (it spans {end} s): there is nothing to draw"),
    ),
    (
        "error.capture.empty_range.conn",
        player("connection {conn} has no packet between {from} s and {to} s after the capture's first packet (it spans {end} s): there is nothing to draw"),
    ),
    (
        "error.capture.empty_range.conn_open",
        player("connection {conn} has no packet {from} s or more after the capture's first packet (it spans {end} s): there is nothing to draw"),
    ),
    (
        "error.capture.empty_range.open",
        player("no packet lies {from} s or more after the first one (the capture spans {end} s): there is nothing to draw"),
    ),
    (
        "error.capture.gzip",
        "this is a gzip-compressed file: expected an uncompressed pcap, pcapng or tcpdump text (gunzip it first)",
    ),
    (
        "error.capture.interface",
        "packet block {frame} names interface {iface}, but only {count} interfaces are described before it",
    ),
    (
        "error.capture.link_type",
        "unsupported link type {linktype}: expected Ethernet (1), Linux cooked (113/276), raw IP (101/228/229) or loopback (0/108)",
    ),
    (
        "error.capture.no_connection.many",
        "no connection {bad}: the capture has {count} connections (0 to {last})",
    ),
    (
        "error.capture.no_connection.none",
        "no connection {bad}: the capture has no TCP or UDP packets",
    ),
    (
        "error.capture.no_connection.one",
        "no connection {bad}: the capture has 1 connection (0)",
    ),
    (
        "error.capture.no_frames",
        player("the capture holds no packet, only its header: there is nothing to draw"),
    ),
    (
        "error.capture.no_packets",
        "no packet found: expected pcap, pcapng, or tcpdump text lines such as `IP 10.0.0.1.5000 > 10.0.0.2.80: Flags [S], seq 1, win 64240, length 0`",
    ),
    (
        "error.capture.no_tcp_udp",
        player("the capture holds no TCP or UDP packet, only other traffic ({count} frames): there is nothing to draw"),
    ),
    (
        "error.capture.pcap_header_bad",
        "bad pcap header: {detail}",
    ),
    (
        "error.capture.pcap_header_cut",
        "the pcap file header is cut short ({rest} of 24 bytes)",
    ),
    (
        "error.capture.pcapng_header_bad",
        "bad pcapng section header: {detail}",
    ),
    (
        "error.capture.pcapng_header_big",
        "the pcapng section header claims {len} bytes, expected at most {max} (corrupt file?)",
    ),
    (
        "error.capture.pcapng_header_cut",
        "the pcapng section header block is cut short",
    ),
    (
        "error.capture.record_big",
        "packet record {frame} claims {incl} bytes, expected at most {max} (corrupt file?)",
    ),
    (
        "error.capture.too_short",
        "the file has only {bytes} bytes: too short for a pcap (24-byte header) or pcapng file",
    ),
    (
        "error.capture.unknown_format",
        "unknown file format (starts with 0x{hex}): expected a pcap (a1b2c3d4), pcapng (0a0d0d0a) or tcpdump text file",
    ),
    (
        "error.conflict.client2_family",
        "client2.addr and server.addr must both be IPv4 or both IPv6",
    ),
    (
        "error.conflict.client2_host",
        "client2.addr must be another machine: its IP address must differ from client.addr and server.addr",
    ),
    (
        "error.conflict.family",
        "client.addr and server.addr must both be IPv4 or both IPv6",
    ),
    (
        "error.conflict.push_port",
        "push_port must differ from the port of server.addr (that one answers the polls)",
    ),
    (
        "error.conflict.reply_timeout",
        "reply_timeout_ms must be shorter than heartbeat_ms (a reply is missing once the next heartbeat is due)",
    ),
    (
        "error.conflict.same_host",
        "client.addr and server.addr must be different hosts (different IP addresses)",
    ),
    (
        "error.conflict.wscale",
        "wscale must be off or a shift from 0 to 14",
    ),
    (
        "error.expected.addr",
        "an ip:port address with a port from 1 to 65535, e.g. 192.168.1.116:3337",
    ),
    (
        "error.expected.bool",
        "true or false",
    ),
    (
        "error.expected.choice",
        "one of {words}",
    ),
    (
        "error.expected.ids",
        "segment ids (the # column of the log, from 0) separated by commas, e.g. 3,7 (or nothing)",
    ),
    (
        "error.expected.int",
        "an integer from {min} to {max}",
    ),
    (
        "error.expected.number",
        "a number from {min} to {max}",
    ),
    (
        "error.param.bad_value",
        "bad value '{value}' for {key}: expected {expected}",
    ),
    (
        "error.param.default",
        "scenario '{scenario}': the default '{default}' of {key} is not {expected}",
    ),
    (
        "error.param.unknown",
        "scenario '{scenario}' has no parameter '{key}'",
    ),
    (
        "error.param.wrong_type",
        "scenario '{scenario}' reads {key} with the wrong type",
    ),
    (
        "error.scenario.unknown",
        "unknown scenario '{id}' (run `wiretrace list` to see them)",
    ),
    // event: the story of a run (applications, hosts, links, middleboxes).
    (
        "event.abort.client",
        "The client application aborts the connection {ms} ms after the response began, with {bytes} bytes of it received: a user cancelling the download, or a close() with SO_LINGER set to 0. TCP deletes the connection on the spot and sends RST instead of FIN: no FIN exchange, no TIME-WAIT, and whatever is still on its way here will be refused.",
    ),
    (
        "event.abort.server",
        "The server application aborts the connection {ms} ms after writing the response (a process killed, a handler giving up, or a close() with SO_LINGER set to 0). TCP throws away the part of the response it has not sent yet and sends RST instead of FIN: no FIN exchange, no TIME-WAIT.",
    ),
    (
        "event.app_close",
        "The application has kept its idle connection open for {ms} ms and now closes it.",
    ),
    (
        "event.app_idle",
        "The greeting was answered. From now on the application has nothing to say: it keeps the connection open and silent and closes it {ms} ms after it opened. Whatever crosses the wire meanwhile comes from TCP itself.",
    ),
    (
        "event.app_read",
        "The slow application finally reads {bytes} bytes from its receive buffer; {left} bytes are still waiting there.",
    ),
    (
        "event.backlog_full",
        "The listen queue is full ({backlog} connections in SYN-RECEIVED, each waiting for the last ACK of its handshake): the SYN is dropped.",
    ),
    (
        "event.bad_request",
        "The server could not parse the request ({error}) and aborts the connection.",
    ),
    (
        "event.bad_response",
        "The client could not parse the response ({error}) and aborts the connection.",
    ),
    (
        "event.batch_done",
        "Batch {batch} ({label}) is over: every page arrived and its connections are closed, {ms} ms after it began.",
    ),
    (
        "event.batch_start",
        "Batch {batch}: the browser fetches {requests} pages using {label}.",
    ),
    (
        "event.client_offline",
        "No request from {client} for {ms} ms: the server now considers that client offline.",
    ),
    (
        "event.client_online",
        "A request from {client}: the server marks that client online.",
    ),
    (
        "event.compare_result",
        "Result for {label}: {requests} pages in {ms} ms. Round trips waited for: {round_trips}; connections opened: {connections}; segments: {segments}; payload bytes: {bytes}.",
    ),
    (
        "event.compare_summary",
        "Fastest to the last page: {first} ({first_ms} ms), then {second} ({second_ms} ms), then {third} ({third_ms} ms). Every handshake and every request that waits for the previous response costs a round trip.",
    ),
    (
        "event.conn_kept",
        "Page {index} is in. The browser keeps the connection open (an HTTP/1.1 persistent connection) for the next page, which the user asks for {ms} ms from now. Meanwhile nothing crosses the wire, so neither side can tell whether the other is still there.",
    ),
    (
        "event.conn_refused",
        "The application's connect() fails with \"connection refused\": a RST answered the SYN because nothing listens on that port.",
    ),
    (
        "event.conn_reset",
        "The application is told \"connection reset by peer\": a RST ended the connection, and any data not yet read or not yet acknowledged is lost.",
    ),
    (
        "event.conn_timed_out",
        "The application is told \"connection timed out\": TCP gave up because its retransmissions or keep-alive probes got no answer.",
    ),
    (
        "event.delivery_result",
        "Result for {label}: {items} items, on average {mean_ms} ms after they happened (at worst {max_ms} ms). Requests sent: {requests}; connections opened: {connections}; segments: {segments}.",
    ),
    (
        "event.delivery_summary",
        "Push delivered the news {push_ms} ms after it happened on average, polling {poll_ms} ms. Push needed {push_requests} request (the subscription); polling needed {poll_requests} requests over {poll_connections} connections, most of them finding nothing new.",
    ),
    (
        "event.drop_unused.many",
        "drop names segments {ids}, but the run's segments go up to #{last}: no segment has those numbers, so none was dropped for them.",
    ),
    (
        "event.drop_unused.one",
        "drop names segment {ids}, but the run's segments go up to #{last}: no segment has that number, so none was dropped for it.",
    ),
    (
        "event.drop_unused.udp.many",
        "drop names datagrams {ids}, but the run's datagrams go up to #{last}: no datagram has those numbers, so none was dropped for them.",
    ),
    (
        "event.drop_unused.udp.one",
        "drop names datagram {ids}, but the run's datagrams go up to #{last}: no datagram has that number, so none was dropped for it.",
    ),
    (
        "event.five_tuple",
        "Connection {conn} has the five-tuple (TCP, {client}, {server}). The listening socket on port {port} hands it a socket of its own and stays in LISTEN; only the client address and port set this connection apart from the others.",
    ),
    (
        "event.flow_expired",
        "After {ms} ms without packets, {mb} forgot the flow {client} ↔ {server}: its table no longer holds it.",
    ),
    (
        "event.half_close",
        "The client calls shutdown(SHUT_WR) right after the request: it closes only its sending side. Its FIN says \"no more requests\", but it keeps reading, so the response can still flow toward it.",
    ),
    (
        "event.heartbeat_missed",
        "No heartbeat from the client for {ms} ms: {missed} of the {k} allowed misses.",
    ),
    (
        "event.heartbeat_received",
        "The server gets heartbeat {n}, answers it, and counts the client as online.",
    ),
    (
        "event.heartbeat_reply",
        "The reply to heartbeat {n} is back after {ms} ms: the server and the path to it are working.",
    ),
    (
        "event.heartbeat_sent",
        "The client sends heartbeat {n}.",
    ),
    (
        "event.host_crashed",
        "The host {host} crashes. Its TCP state dies with it: every connection ({conns} here) with its timers, and every listening socket. Nothing is sent, so no peer is told: each still believes its connection is open (a half-open connection, RFC 9293 3.5.1). Until the host is back, packets sent to it are lost.",
    ),
    (
        "event.host_restarted",
        "The host {host} is back after {ms} ms. It remembers no connection: its TCP starts empty, so any segment of a connection from before the crash will be answered with RST (RFC 9293 3.5.2). Its server program starts again and listens anew.",
    ),
    (
        "event.host_restarted.bare",
        "The host {host} is back after {ms} ms. It remembers no connection: its TCP starts empty, so any segment of a connection from before the crash will be answered with RST (RFC 9293 3.5.2). No program on it listens yet.",
    ),
    (
        "event.link_cut",
        "The link between {a} and {b} goes down. Neither end is told: no segment announces it, and from now on every packet on this link is silently lost. Only a timer can notice.",
    ),
    (
        "event.link_restored",
        "The link between {a} and {b} is back up. Packets cross it again, and the next retransmission or probe gets through; nothing else announces the repair either.",
    ),
    (
        "event.message_answered",
        "The server answers the message {line}.",
    ),
    (
        "event.network_down",
        "The client declares the network gone: {k} heartbeats in a row got no reply. It drops the connection (a real client would now try to reconnect).",
    ),
    (
        "event.news_answer",
        "The server answers {line} (new items: {items}).",
    ),
    (
        "event.news_catch_up",
        "The subscriber missed item {id}, created before it subscribed: the server sends it now, on the new connection.",
    ),
    (
        "event.news_created",
        "News item {id} is created on the server.",
    ),
    (
        "event.news_delivered",
        "News item {id} reaches the client {ms} ms after it happened (by {via}).",
    ),
    (
        "event.news_pushed",
        "The server writes item {id} at once to {subscribers} subscribed connection(s): nobody had to ask.",
    ),
    (
        "event.peer_offline",
        "The server marks the client offline: {k} heartbeat intervals in a row passed without a heartbeat. It drops the connection and frees what it kept for the client.",
    ),
    (
        "event.poll_answer",
        "The client reads the answer {line} (new items: {items}).",
    ),
    (
        "event.poll_held",
        "Nothing newer than item {after} yet: the server keeps the request open instead of answering, for at most {ms} ms.",
    ),
    (
        "event.poll_sent",
        "Poll {poll}: the client asks for anything newer than item {after} ({line}).",
    ),
    (
        "event.poll_timeout",
        "No news within {ms} ms: the server answers the held request with 204 No Content, and the client will ask again.",
    ),
    (
        "event.polling_done",
        "The client stops polling after {polls} requests; it has seen {items} items.",
    ),
    (
        "event.query_gave_up",
        "Still no answer after {tries} tries: the client gives up. UDP never said whether anything arrived.",
    ),
    (
        "event.query_received",
        "The server receives the question {query}.",
    ),
    (
        "event.query_received.again",
        "The server receives {query} again (it has now arrived {times} times). UDP does not say whether this is a repeat, and this server keeps no record of the questions it answered, so it answers again.",
    ),
    (
        "event.query_sent",
        "The client sends its question about {name} (attempt {attempt}) and starts waiting.",
    ),
    (
        "event.reply_duplicate",
        "A second copy of the answer arrives; the client already has one and ignores it.",
    ),
    (
        "event.reply_missed",
        "No reply to heartbeat {n} within {ms} ms: {missed} of the {k} allowed missing replies.",
    ),
    (
        "event.reply_received",
        "The client has its answer ({answer}), {ms} ms after first asking, on attempt {attempt}.",
    ),
    (
        "event.reply_timeout",
        "No answer within {ms} ms after attempt {attempt}. Nothing on the wire says why: the question or the answer may be lost, or just slow.",
    ),
    (
        "event.request_failed",
        "Request {index} will never be answered: its connection ended first.",
    ),
    (
        "event.request_received",
        "The server parsed a complete request: {line}.",
    ),
    (
        "event.request_retried",
        "The kept connection died before request {index} was answered. A GET is idempotent, so the browser may send it again by itself (RFC 9112 9.3.1): it opens a new connection from port {port}, with a new handshake and new initial sequence numbers on both sides.",
    ),
    (
        "event.request_sent",
        "The client writes the request {line}.",
    ),
    (
        "event.request_sent.numbered",
        "The browser writes request {index}: {line}. Responses now awaited on this connection: {waiting}.",
    ),
    (
        "event.response_held",
        "The response to {line} is ready, but it must wait: the response to {behind}, requested earlier on this connection, is not finished yet (responses go out in request order).",
    ),
    (
        "event.response_received",
        "The client has the whole response ({line}, {bytes} bytes of body).",
    ),
    (
        "event.response_received.timed",
        "Response {index} is complete ({line}, {bytes} bytes of body), {ms} ms after its request was written.",
    ),
    (
        "event.response_sent",
        "The server writes the response {line} ({bytes} bytes of body).",
    ),
    (
        "event.run_truncated",
        "The run stops here after {segments} segments: these parameters would make it go on far too long to watch.",
    ),
    (
        "event.server_idle_close",
        "The persistent connection stayed idle too long: the server closes it.",
    ),
    (
        "event.subscribe_sent",
        "The push client subscribes once; from now on it only listens.",
    ),
    (
        "event.subscribed",
        "The server registers {client} as a subscriber: each new item will be written to this connection as soon as it exists.",
    ),
    (
        "event.summary",
        "Summary: TCP connections {connections}, UDP flows {flows}, segments {segments}, payload bytes {bytes}, retransmissions {retransmissions}, lost {lost}, time from the first segment to the last {ms} ms.",
    ),
    (
        "event.summary.udp",
        "Summary: UDP flows {flows}, datagrams {segments}, payload bytes {bytes}, lost {lost}, time from the first datagram to the last {ms} ms.",
    ),
    // param: the help of each scenario parameter.
    (
        "param.a.hold_ms",
        player("How long host A keeps the connection before closing it, in ms."),
    ),
    (
        "param.abort_after_ms",
        player("When the abort happens, in ms after the response starts (client: after its first byte arrives; server: after it is written)."),
    ),
    (
        "param.aborter",
        player("Which side aborts the download: client or server."),
    ),
    (
        "param.b.delay_ms",
        player("Host B calls connect this many ms after host A. Later than one one-way latency, A's SYN arrives before B has a socket on the port."),
    ),
    (
        "param.bandwidth_kbps",
        player("Link bandwidth in kbit/s; 0 means unlimited (no serialization delay)."),
    ),
    (
        "param.beats",
        player("Heartbeats the client sends before it closes the connection politely."),
    ),
    (
        "param.body_bytes",
        player("Size of the HTML page the server sends, in bytes."),
    ),
    (
        "param.client.addr",
        player("Client address and first port (ip:port)."),
    ),
    (
        "param.client.isn",
        player("Client's initial sequence number (default: drawn from the seed)."),
    ),
    (
        "param.client.think_ms",
        player("Client think time before each request and before closing, in ms."),
    ),
    (
        "param.client2.addr",
        player("The second client machine's address and first port (ip:port)."),
    ),
    (
        "param.close_at_ms",
        player("Time at which the client application closes, in ms."),
    ),
    (
        "param.count",
        player("How many times the client polls."),
    ),
    (
        "param.crash_at_ms",
        player("When the server host crashes, in ms."),
    ),
    (
        "param.cut_at_ms",
        player("Time at which the link is cut, in ms (0: never). From then on every packet on it is lost."),
    ),
    (
        "param.delayed_ack_ms",
        player("Delayed-ACK timeout in ms, below 500 (RFC 9293 3.8.6.3: the delay must be less than 0.5 s); 0 acknowledges every segment at once."),
    ),
    (
        "param.down_ms",
        player("How long the crashed host takes to boot again, in ms."),
    ),
    (
        "param.drop",
        player("Segments lost on the way, by id (the # column of the log, counting from 0), comma-separated (e.g. 3,7)."),
    ),
    (
        "param.dup",
        player("Probability that the network duplicates a packet."),
    ),
    (
        "param.first_response_ms",
        player("Time the server needs for the first response only, in ms (make it large to see the later responses wait behind it)."),
    ),
    (
        "param.gap_ms",
        player("Pause between the parts of the comparison, in ms."),
    ),
    (
        "param.heartbeat_ms",
        player("Time between two application heartbeats, in ms."),
    ),
    (
        "param.hold_ms",
        player("How long the client keeps the connection open before closing, in ms."),
    ),
    (
        "param.idle_timeout_ms",
        player("How long the server keeps an idle persistent connection open before closing it, in ms."),
    ),
    (
        "param.initial_window",
        player("The initial congestion window in segments (RFC 6928: 10; older stacks used 2 to 4, RFC 3390)."),
    ),
    (
        "param.interval_ms",
        player("Time between the starts of two polls, in ms."),
    ),
    (
        "param.jitter_ms",
        player("Random extra delay per packet, up to this many ms."),
    ),
    (
        "param.ka.count",
        player("Unanswered keep-alive probes after which TCP gives the connection up."),
    ),
    (
        "param.ka.idle_ms",
        player("Silence on the connection before the first keep-alive probe, in ms (RFC 1122: at least 2 hours by default, as Linux does)."),
    ),
    (
        "param.ka.interval_ms",
        player("Time between unanswered keep-alive probes, in ms."),
    ),
    (
        "param.ka.peer",
        player("How the server disappears at vanish_at_ms: vanish (its link is cut, the probes go unanswered) or restart (its host crashes and boots again, and a probe meets a RST)."),
    ),
    (
        "param.ka.with_byte",
        player("Probes carry one garbage byte, as some old stacks required, instead of no data."),
    ),
    (
        "param.keepalive.hold_ms",
        player("How long the client application keeps the silent connection before closing it, in ms."),
    ),
    (
        "param.latency_ms",
        player("One-way latency of the link, in ms."),
    ),
    (
        "param.long_poll.hold_ms",
        player("How long the server holds a request without news before answering 204 No Content, in ms."),
    ),
    (
        "param.lose",
        player("Which message loses its first data segment: the response (the server retransmits) or the request (the client retransmits)."),
    ),
    (
        "param.loss",
        player("Probability that a packet is lost on the link."),
    ),
    (
        "param.loss_every_rtts",
        player("Round trips between two lost segments."),
    ),
    (
        "param.losses",
        player("How many segments of the window are lost (every other one)."),
    ),
    (
        "param.lost_segment",
        player("Which data segment of the response is lost (1 = the first). At least three segments must follow it to cause three duplicate ACKs."),
    ),
    (
        "param.lost_syns",
        player("How many transmissions of the client's SYN the network loses (the first one, then its retransmissions)."),
    ),
    (
        "param.max_retries",
        player("Retransmissions of unacknowledged data before TCP gives the connection up (Linux: 15)."),
    ),
    (
        "param.mb.idle_timeout_ms",
        player("How long the middlebox remembers a connection that carries no packets, in ms (RFC 5382: a NAT keeps an established TCP connection at least 2 h 4 min)."),
    ),
    (
        "param.mb.kind",
        player("A stateful firewall, or a NAT router that also rewrites the client's address and port."),
    ),
    (
        "param.mb.on_unknown",
        player("What the middlebox does with a packet of a connection it has forgotten: drop it silently, or answer with a RST."),
    ),
    (
        "param.misses",
        player("K: missed heartbeats (server side) or missing replies (client side) in a row that end the connection."),
    ),
    (
        "param.msl_ms",
        player("Maximum segment lifetime (MSL) in ms; TIME-WAIT lasts twice this. RFC 9293 takes it as 2 minutes."),
    ),
    (
        "param.mss",
        player("Maximum segment size announced on the SYN, in bytes."),
    ),
    (
        "param.news.count",
        player("How many items of news appear on the server."),
    ),
    (
        "param.news.every_ms",
        player("Time between two items of news, in ms."),
    ),
    (
        "param.news.first_ms",
        player("When the first item of news appears on the server, in ms from the start."),
    ),
    (
        "param.nodelay",
        player("Turn Nagle's algorithm off on the client (TCP_NODELAY): small writes go at once."),
    ),
    (
        "param.offline_after_ms",
        player("The server marks a client offline when no request arrives from it for this long, in ms."),
    ),
    (
        "param.pause_ms",
        player("How long the kept connection stays idle between the first page and the request for the next, in ms."),
    ),
    (
        "param.post_bytes",
        player("Bytes of the POST's body, written after its header."),
    ),
    (
        "param.push_port",
        player("The server port on which push clients subscribe."),
    ),
    (
        "param.queue_packets",
        player("Packets the bottleneck's queue holds, the one being sent included; one more is dropped (drop-tail)."),
    ),
    (
        "param.rcv_buf",
        player("Receive buffer in bytes: the largest window advertised."),
    ),
    (
        "param.read_bytes",
        player("Bytes the client application takes from its receive buffer at each read."),
    ),
    (
        "param.read_delay_ms",
        player("How long the client application waits after its request before it reads anything, in ms."),
    ),
    (
        "param.read_every_ms",
        player("Time between two reads of the client application, in ms."),
    ),
    (
        "param.reconnect",
        player("After the reset, the browser sends the failed GET again on a new connection."),
    ),
    (
        "param.reorder",
        player("Probability that a packet is held back and overtaken by later ones."),
    ),
    (
        "param.reply_timeout_ms",
        player("How long the client waits for the reply to each heartbeat, in ms (shorter than the heartbeat interval)."),
    ),
    (
        "param.requests",
        player("Number of HTTP requests."),
    ),
    (
        "param.rto_min_ms",
        player("Lower bound of the retransmission timeout in ms (RFC 6298 recommends 1000; Linux uses 200)."),
    ),
    (
        "param.sack",
        player("Offer selective acknowledgments (SACK-permitted) on the SYN."),
    ),
    (
        "param.seed",
        player("Seed of the run's random numbers (ISNs, loss, jitter)."),
    ),
    (
        "param.server.addr",
        player("Server address and listening port (ip:port)."),
    ),
    (
        "param.server.isn",
        player("Server's initial sequence number (default: drawn from the seed)."),
    ),
    (
        "param.server.skew_ms",
        player("The server application closes this many ms after the client. From one one-way latency on, the client's FIN arrives first and the close is an ordinary one."),
    ),
    (
        "param.server.think_ms",
        player("Server think time before answering and before closing, in ms."),
    ),
    (
        "param.ssthresh",
        player("The initial slow-start threshold in bytes; 0 leaves it arbitrarily high (RFC 5681 3.1), so slow start runs until a loss."),
    ),
    (
        "param.stagger_ms",
        player("Time between the starts of the clients, in ms."),
    ),
    (
        "param.syn_retries",
        player("Retransmissions of the SYN before connect() gives up with a timeout (Linux: 6)."),
    ),
    (
        "param.timestamps",
        player("Use the TCP timestamps option (RFC 7323)."),
    ),
    (
        "param.udp.lose",
        player("Which datagram the network loses: none, the first request, or the first reply."),
    ),
    (
        "param.udp.retries",
        player("How many times the client asks again after a timeout before giving up."),
    ),
    (
        "param.udp.timeout_ms",
        player("How long the client waits for a reply before asking again, in ms."),
    ),
    (
        "param.vanish_at_ms",
        player("Time at which the server disappears (its link is cut, or with peer=restart its host crashes), in ms; 0: it stays."),
    ),
    (
        "param.wscale",
        player("Window scale shift offered on the SYN, or off."),
    ),
    // scenario: titles and introductions.
    (
        "scenario.abort.intro",
        player("A client downloads a large file over a slow link, and one side gives up in the middle (aborter=client: the user cancels; aborter=server: the server program gives up; abort_after_ms says when). Watch the aborting side send RST instead of FIN and drop straight to CLOSED: no FIN exchange and no TIME-WAIT. The peer accepts the RST because its sequence number is exactly the one it expects, goes to CLOSED, and its application is told \"connection reset by peer\". Segments already on their way toward the aborter find no connection there; each is answered with one more RST (RFC 9293 3.10.7.1), which the peer, closed by then, discards."),
    ),
    (
        "scenario.abort.title",
        "Aborting a connection: RST instead of FIN",
    ),
    (
        "scenario.big-response.intro",
        player("One GET is answered by a page much larger than one segment. TCP cuts it into MSS-sized pieces, and the link's bandwidth spaces them out into a visible train. The receiver acknowledges every second full-sized segment at once and leaves a lone one to the delayed-ACK timer; each ACK lets the sender's congestion window grow (slow start)."),
    ),
    (
        "scenario.big-response.title",
        "A big response: a train of MSS-sized segments",
    ),
    (
        "scenario.bottleneck-queue.intro",
        player("The server downloads through a 10 Mbit/s bottleneck with a drop-tail queue of 20 packets in front of it, as a router's buffer. The server hands over its whole window at once; the queue drains at the link's rate. While cwnd grows, more segments wait in the queue, so each round trip takes longer: the RTT plot climbs (bufferbloat) while the goodput stays at the link's rate. When the queue is full, the next segment is lost at its door; duplicate ACKs (with SACK here) bring fast retransmit and fast recovery, cwnd is halved, the queue empties and the RTT falls back. Try a larger queue: fewer losses, longer delays."),
    ),
    (
        "scenario.bottleneck-queue.title",
        "A bottleneck queue: bufferbloat, then drops",
    ),
    (
        "scenario.browse.intro",
        player("Watch the 11 segments of fetching one page: the three-way handshake (3), the GET and its ACK (2), the response and its ACK (2), and the four-segment teardown (4). Follow how every ack is the other side's seq plus what it received. Delayed ACK is off here (delayed_ack_ms=0), so each data segment gets a pure ACK of its own; a real stack would usually piggyback the ACK of the GET on the response."),
    ),
    (
        "scenario.browse.title",
        "Browse one page (HTTP/1.1 GET)",
    ),
    (
        "scenario.congestion-avoidance.intro",
        player("A long download with a low ssthresh (29,200 bytes), so slow start ends after one round trip. In congestion avoidance the congestion window grows by about one segment per round trip (additive increase, RFC 5681 3.1). Every few round trips one segment is lost: three duplicate ACKs trigger fast retransmit, and the window is halved (multiplicative decrease, 3.2). Over a hundred round trips cwnd draws the sawtooth of TCP Reno: open the congestion window plot."),
    ),
    (
        "scenario.congestion-avoidance.title",
        "Congestion avoidance: the AIMD sawtooth",
    ),
    (
        "scenario.data-loss.intro",
        player("The response to a GET is lost on the way. The client cannot complain about bytes it never saw, and nothing follows the lost segment, so no duplicate ACK can warn the server. The server waits for its retransmission timer (the RTO: RFC 6298 recommends at least 1 s, as here; Linux goes down to 200 ms) and then sends the same bytes again, tagged as a retransmission. The timeout also shrinks its congestion window to one segment: slow start begins again. Compare the time lost with the 40 ms round trip."),
    ),
    (
        "scenario.data-loss.title",
        "A lost data segment: retransmission after the RTO",
    ),
    (
        "scenario.fast-recovery.intro",
        player("Three segments of one window are lost, every other one, and SACK is off. Fast retransmit repairs the first after three duplicate ACKs. The ACK that follows covers only up to the next hole: a partial ACK. NewReno (RFC 6582 3.2) takes it as news of the next loss, retransmits that segment at once and stays in fast recovery, deflating cwnd by what was acknowledged; only when everything sent before the first loss is acknowledged does recovery end, with cwnd set to ssthresh. Without NewReno each further hole would wait for the retransmission timer."),
    ),
    (
        "scenario.fast-recovery.title",
        "Fast recovery with several losses: NewReno's partial ACKs",
    ),
    (
        "scenario.fast-retransmit.intro",
        player("A long response crosses the link as a train of segments, and one of them is lost. Every later segment makes the client repeat its ACK for the first missing byte. On the third duplicate ACK the server resends the missing segment at once, long before its retransmission timer would fire: one or two duplicates could come from reordering alone, three make a loss likely. The server halves its congestion window and enters fast recovery (RFC 5681 3.2) instead of starting slow start again; then one ACK covers everything that waited behind the gap."),
    ),
    (
        "scenario.fast-retransmit.title",
        "Fast retransmit after three duplicate ACKs",
    ),
    (
        "scenario.flow-control.intro",
        player("The client's application reads its receive buffer slowly (8 KB every 40 ms), more slowly than the link delivers. Unread bytes fill the buffer and the receive window the client advertises shrinks; the server may send only what that window allows (RFC 9293 3.8.6). So flow control, not congestion control, sets the pace: the congestion window grows out of the way while the peer's window stays small. The reader keeps reading, so each read opens the window again and the transfer goes on at the reader's speed; compare zero-window, where the reader stops and the window closes."),
    ),
    (
        "scenario.flow-control.title",
        "Flow control: a slow reader limits the sender",
    ),
    (
        "scenario.half-close.intro",
        player("The client sends its request and at once shuts down its sending direction with shutdown(SHUT_WR). Its FIN only means \"no more data from me\": the server, in CLOSE-WAIT, is still free to send the whole response, and the client, in FIN-WAIT-2, still receives it. Watch the data segments that cross after the first FIN, and then the server's own FIN."),
    ),
    (
        "scenario.half-close.title",
        "Half-close: the client stops sending but keeps reading",
    ),
    (
        "scenario.handshake.intro",
        player("Watch the three-way handshake: each SYN uses up one sequence number, so each ack is the other side's ISN plus one. Then the connection is closed with FIN and ACK in both directions."),
    ),
    (
        "scenario.handshake.title",
        "Three-way handshake and teardown",
    ),
    (
        "scenario.heartbeat.intro",
        player("The client writes a small heartbeat every few seconds over one long-lived connection and the server answers each one. Then the link is cut. Watch the server: TCP tells it nothing, because it has nothing to send, and only its liveness timer notices that the heartbeats stopped. Watch the client: TCP retransmits its heartbeats in vain while its own liveness timer counts the missing replies. Each side gives up after K misses."),
    ),
    (
        "scenario.heartbeat.title",
        "Application heartbeats: who notices a dead link?",
    ),
    (
        "scenario.http-compare.intro",
        player("The same pages fetched three ways, one after another over the same link: HTTP/1.0 with a connection per page, HTTP/1.1 with one persistent connection and one request at a time, and pipelining with one connection and all requests at once. At the end of each part, read its result: connections opened, segments, round trips waited for, and the time until the last page arrived. Pipelining wins here, but browsers never enabled it widely, and HTTP/2 replaced it."),
    ),
    (
        "scenario.http-compare.title",
        "HTTP/1.0 vs keep-alive vs pipelining",
    ),
    (
        "scenario.http10.intro",
        player("Every page costs a whole connection: a handshake, one request, one response, and a teardown that the server starts right after answering. Count the SYNs (one per page), watch each new connection leave from a new client port (here simply the next one; real stacks pick ephemeral ports at random, as RFC 6056 recommends), and see the server, not the client, finish every connection in TIME-WAIT. Delayed ACK is off here (delayed_ack_ms=0), hence the pure ACK after each request and each response."),
    ),
    (
        "scenario.http10.title",
        "HTTP/1.0: one connection per request",
    ),
    (
        "scenario.http11-keepalive.intro",
        player("All the pages travel over one persistent connection: one handshake at the start, one teardown at the end. Each request still waits for the previous response, so every page costs one round trip. Watch the sequence numbers carry on from one request to the next on the same connection."),
    ),
    (
        "scenario.http11-keepalive.title",
        "HTTP/1.1 keep-alive: one connection, one request at a time",
    ),
    (
        "scenario.http11-pipelining.intro",
        player("The browser writes all its requests at once, before the first response arrives, so their round trips overlap. The server may work on them together but must answer in request order: raise first_response_ms and watch the later responses, ready long before, wait behind the first one (head-of-line blocking). Browsers never turned pipelining on by default (a server or proxy that mishandled it could mix up responses), and HTTP/2 replaced it with multiplexing."),
    ),
    (
        "scenario.http11-pipelining.title",
        "HTTP/1.1 pipelining: requests back to back",
    ),
    (
        "scenario.long-polling.intro",
        player("The client asks once and the server does not answer until it has news; if its hold timer runs out first, it answers 204 No Content and the client asks again at once. Watch the request wait on the server, and the news reach the client one one-way latency after it happens, all over one persistent connection."),
    ),
    (
        "scenario.long-polling.title",
        "Long polling: the server holds the request",
    ),
    (
        "scenario.lost-final-ack.intro",
        player("The client closes first and enters TIME-WAIT after sending the final ACK, but that ACK is lost. The server, still in LAST-ACK, retransmits its FIN when its timer runs out. The client is still waiting in TIME-WAIT, so it acknowledges the FIN again and restarts its 2×MSL wait. Without TIME-WAIT, the retransmitted FIN would have met a closed port and a RST."),
    ),
    (
        "scenario.lost-final-ack.title",
        "The last ACK is lost: why TIME-WAIT exists",
    ),
    (
        "scenario.middlebox-idle-timeout.intro",
        player("A stateful firewall sits between client and server. Its idle timer restarts with every packet of the connection; when it runs out, the firewall forgets the connection without telling either end. With the default numbers a heartbeat comes every 8 s but the firewall forgets after 5 s (shortened: a NAT must wait at least 2 h 4 min, RFC 5382): the second heartbeat is dropped and retransmitted until TCP gives up (with mb.on_unknown=reset it is refused with a RST instead). Set heartbeat_ms below mb.idle_timeout_ms and the connection survives."),
    ),
    (
        "scenario.middlebox-idle-timeout.title",
        "A firewall forgets an idle connection",
    ),
    (
        "scenario.multi-client.intro",
        player("Three clients connect to the same server address and port: two programs on one machine and one on another. Watch the listening socket stay in LISTEN while each SYN creates a new connection, and compare the five-tuples: the protocol, server address and server port are identical; only the client's address or port tells the connections apart."),
    ),
    (
        "scenario.multi-client.title",
        "One listening port, many clients",
    ),
    (
        "scenario.nagle-delayed-ack.intro",
        player("The client sends a POST in two writes: the header, then a small body. Nagle's algorithm (RFC 896, RFC 9293 3.7.4) lets the header go, then holds the small body while the header is unacknowledged. The server has nothing to say until the whole request is in, so it delays its ACK (RFC 9293 3.8.6.3, 200 ms here). Each side waits for the other until the delayed-ACK timer fires; only then does the body go and the answer come. Set nodelay=true (TCP_NODELAY, what browsers and most servers do) and the body follows the header at once: one round trip instead of 200 ms more."),
    ),
    (
        "scenario.nagle-delayed-ack.title",
        "Nagle's algorithm meets a delayed ACK: the 200 ms stall",
    ),
    (
        "scenario.peer-restart.intro",
        player("A browser fetches a page and keeps the HTTP/1.1 connection open for the next one. While the connection is idle the server host crashes and boots again (watch the badges on its lifeline): it forgets the connection without a word, while the client still holds its side, a half-open connection. The client's next request reaches a host with no such connection, which answers with RST. The RST's sequence number is taken from the request's ACK field, exactly the number the client expects next, so the client accepts it (RFC 5961), goes to CLOSED and is told \"connection reset by peer\". With reconnect on, the browser sends the GET again on a new connection: a new handshake, a new port, new ISNs, and the page arrives."),
    ),
    (
        "scenario.peer-restart.title",
        "The server restarts: a half-open connection meets RST",
    ),
    (
        "scenario.rst-closed-port.intro",
        player("The server host is up, but no program listens on the port. Its TCP answers the SYN at once with RST,ACK; the ack acknowledges the SYN, which proves the RST belongs to this attempt. The client goes from SYN-SENT straight to CLOSED and connect() fails with \"connection refused\": one round trip, no handshake, no teardown."),
    ),
    (
        "scenario.rst-closed-port.title",
        "Connecting to a closed port: RST",
    ),
    (
        "scenario.server-close.intro",
        player("The browser gets its page over a persistent connection and then sends nothing more. Watch the server's idle timer for persistent connections run out: this time the server sends the first FIN, so the roles of the teardown swap. The server passes through FIN-WAIT-1, FIN-WAIT-2 and TIME-WAIT, the client through CLOSE-WAIT and LAST-ACK: TIME-WAIT always lands on the side that closed first."),
    ),
    (
        "scenario.server-close.title",
        "The server closes first (idle persistent connection)",
    ),
    (
        "scenario.server-push.intro",
        player("Two clients follow the same news. The push client keeps one TCP connection open, and the server writes each item on it the moment the item exists; the polling client asks over HTTP every interval on a new connection. Compare how late each item arrives each way, and how many requests, connections and segments each way costs."),
    ),
    (
        "scenario.server-push.title",
        "Server push vs polling",
    ),
    (
        "scenario.short-polling.intro",
        player("Every interval the client opens a new connection only to ask whether anything is new, gets its answer, and the connection is torn down again. Count the segments each question costs, watch the server mark the client online at each poll and offline once the polls stop, and see how long a news item waits on the server for the next poll to collect it."),
    ),
    (
        "scenario.short-polling.title",
        "Short polling: staying online with new connections",
    ),
    (
        "scenario.simultaneous-close.intro",
        player("Both applications close at the same moment, so both FINs are on the wire at once. Each side, in FIN-WAIT-1, receives the other's FIN before the ACK of its own: it acknowledges it and moves to CLOSING, a state an ordinary close never visits. When its own FIN is acknowledged it moves to TIME-WAIT, so here both sides wait 2×MSL."),
    ),
    (
        "scenario.simultaneous-close.title",
        "Simultaneous close: two FINs cross",
    ),
    (
        "scenario.simultaneous-open.intro",
        player("Two hosts connect to each other at the same moment, each from a fixed port to the other's, and neither listens. The SYNs cross on the wire. Each side, in SYN-SENT, receives a SYN instead of a SYN,ACK: it moves to SYN-RECEIVED and answers with a SYN,ACK. Four segments open one connection. Delay host B by more than the latency (b.delay_ms) and A's SYN finds nothing there."),
    ),
    (
        "scenario.simultaneous-open.title",
        "Simultaneous open: two SYNs cross",
    ),
    (
        "scenario.slow-start.intro",
        player("A fresh connection does not know how much the path can carry, so the server starts with a small congestion window (RFC 6928: 10 segments) and sends only that much. Each ACK of new data adds up to one segment to the window (RFC 5681 3.1): a window's worth of ACKs doubles it, so the trains of segments double every round trip. Delayed ACK is off, so every segment gets its own ACK. Open the plots to watch cwnd climb; set ssthresh to see where slow start hands over to congestion avoidance, or an initial window of 1 to see the doubling from the start."),
    ),
    (
        "scenario.slow-start.title",
        "Slow start: the congestion window doubles every round trip",
    ),
    (
        "scenario.syn-loss.intro",
        player("The network loses the client's SYN, and then its first retransmission. Nothing comes back to say so; only the client's retransmission timer notices. Watch the gaps between the SYNs: 1 s (the initial RTO), then 2 s, doubling each time, and every copy carries the same ISN. Set lost_syns above syn_retries and connect() gives up with a timeout."),
    ),
    (
        "scenario.syn-loss.title",
        "A lost SYN: retransmission with backoff",
    ),
    (
        "scenario.tcp-keepalive.intro",
        player("The client application says hello and then falls silent, with SO_KEEPALIVE on (keep-alive is off unless the application asks for it). After the idle time its TCP sends a probe carrying SND.NXT-1, a sequence number the server has already acknowledged, so the server must answer with an ACK: the connection is alive. Later the server vanishes: the probes go unanswered, and after the configured count TCP gives the connection up and tells the application. The silent server never learns. With peer=restart the server host crashes and boots again instead: the first probe after the boot reaches a host that has forgotten the connection, and the RST it gets back resets the connection at once. This is how keep-alive detects a rebooted peer."),
    ),
    (
        "scenario.tcp-keepalive.title",
        "TCP keep-alive probes on an idle connection",
    ),
    (
        "scenario.udp.intro",
        player("A question and its answer in two datagrams: no handshake, no ACK, no teardown, no sequence numbers. Set lose=request or lose=reply to drop one: nothing on the wire reports the loss. Only the client's own timer notices the silence and asks again. UDP cannot tell a repeated question from a new one; the application can, by the ID each question carries (as DNS does: every attempt here is QUERY #1), but this server keeps no record and answers every copy."),
    ),
    (
        "scenario.udp.title",
        "UDP: a request and a reply",
    ),
    (
        "scenario.zero-window.intro",
        player("The client asks for a large page, but its application does not read for a while. The bytes pile up in its small receive buffer, and each ACK advertises a smaller window until it reaches 0. The server must stop. Its persist timer sends one-byte zero-window probes, further and further apart, so that the two sides cannot end up waiting for each other forever. When the application reads, a window update lets the data flow again."),
    ),
    (
        "scenario.zero-window.title",
        "Zero window: a slow reader stops the sender",
    ),
    // seg: why each segment was sent.
    (
        "seg.ack",
        "ACK: acknowledges every byte up to {ack}, not including it: {ack} is the next byte expected.",
    ),
    (
        "seg.ack.challenge",
        "Challenge ACK (RFC 5961): a RST whose sequence number is in the window but not exactly the expected one, or any SYN on a synchronized connection (RFC 5961 4), is not obeyed. Instead this side restates its current sequence and acknowledgment numbers (seq {seq}, ack {ack}); a genuine peer answers with an exact RST, while a blind attacker never sees this ACK.",
    ),
    (
        "seg.ack.data",
        "ACK at once: the data arrived in order, so ack moves from {prev} to {ack} ({moved} new bytes); the segment carries no data, so seq stays at {seq}. Window {win} is the room left in the receive buffer: it shrinks while the application leaves data unread. Delayed ACK is off in this run (delayed_ack_ms=0), so every data segment is acknowledged by itself; real stacks usually wait (Linux between 40 and 200 ms) to piggyback the ACK on data or to cover a second segment.",
    ),
    (
        "seg.ack.delayed",
        "Delayed ACK: the delayed-ACK timer ran out before any data could carry the acknowledgment, so a pure ACK goes out now (ack {ack}, {moved} bytes newly acknowledged).",
    ),
    (
        "seg.ack.fin",
        "ACK of the FIN: ack = {ack} because the peer's FIN used up sequence number {fin}. The peer will send nothing more; this side may still send until its own application closes.",
    ),
    (
        "seg.ack.fin.closing",
        "ACK of the FIN: both sides closed at the same moment. ack = {ack} acknowledges the peer's FIN (sequence number {fin}) while our own FIN still waits for its ACK.",
    ),
    (
        "seg.ack.fin.time_wait",
        "Final ACK: acknowledges the peer's FIN (ack = {ack}; the FIN used up sequence number {fin}). This side now waits in TIME-WAIT, ready to acknowledge the FIN again if this ACK gets lost.",
    ),
    (
        "seg.ack.handshake",
        "ACK: the third segment of the three-way handshake. ack = {ack}, the peer's ISN {peer_isn} plus one, because its SYN used up one sequence number. No data, so seq stays at {seq}. Why three segments and not two: each side must see its own ISN acknowledged, and the client must be able to refuse a connection it did not ask for: a SYN-ACK that answers an old duplicate SYN gets a RST instead of this ACK, and the server goes back to LISTEN (RFC 9293 3.5).",
    ),
    (
        "seg.ack.hole_filled",
        "ACK: the missing bytes arrived and closed the gap, so everything buffered behind them is now in order too: ack jumps from {prev} to {ack}.",
    ),
    (
        "seg.ack.keepalive",
        "Keep-alive ACK: the probe repeated an old sequence number, so this side answers with its current acknowledgment number (ack {ack}). The answer itself proves the connection is still alive.",
    ),
    (
        "seg.ack.next_hole",
        "ACK: the missing bytes arrived, but ack moves only from {prev} to {ack}: the bytes from {ack} on are still missing, while later data waits in the buffer. A sender in fast recovery reads this as a partial ACK (RFC 6582).",
    ),
    (
        "seg.ack.out_of_order",
        "Duplicate ACK: data arrived beyond a gap (out of order). ack stays at {ack}, the first byte still missing, telling the sender exactly what to resend.",
    ),
    (
        "seg.ack.out_of_order.moved",
        "ACK at once: data arrived beyond a gap (out of order), so the acknowledgment cannot wait for the delayed-ACK timer. It covers the {moved} in-order bytes received before the gap, and ack = {ack} names the first byte still missing; the next ACKs will repeat it as duplicate ACKs until the gap is filled.",
    ),
    (
        "seg.ack.out_of_order.window",
        "ACK: data arrived beyond a gap (out of order), so ack stays at {ack}, the first byte still missing. Meanwhile the application read from the receive buffer and the window grew to {win}, so this ACK counts as a window update, not as a duplicate ACK (those must repeat the window too).",
    ),
    (
        "seg.ack.second",
        "ACK: a second full-sized segment arrived. RFC 9293 (3.8.6.3) says an ACK should be sent for at least every second full-sized segment, so ack moves to {ack} at once ({moved} bytes).",
    ),
    (
        "seg.ack.time_wait_fin",
        "ACK again: the peer's FIN arrived a second time, so our last ACK must have been lost. TIME-WAIT exists for this moment: acknowledge again (ack {ack}) and restart the 2×MSL wait.",
    ),
    (
        "seg.ack.too_new",
        "ACK: the peer acknowledged data that was never sent. The segment is dropped and this ACK restates the truth: seq {seq}, ack {ack}.",
    ),
    (
        "seg.ack.unacceptable",
        "ACK: the segment that arrived lies outside the receive window (for example an old duplicate). RFC 9293 answers it with an ACK of what is really expected next: {ack}.",
    ),
    (
        "seg.ack.window_update",
        "Window update: the application read data from the receive buffer, so the window opens again to {win}. The sender may continue.",
    ),
    (
        "seg.ack.zero_window",
        "Zero window: the data arrived in order (ack {ack}, {moved} new bytes), but the application has not read it, and the receive buffer is now full. Window 0 means \"stop sending\": the sender must wait, and its persist timer will probe the window now and then.",
    ),
    (
        "seg.ack.zero_window_probe",
        "ACK of a zero-window probe: the receive buffer is still full (window {win}), so the probe byte is not taken; ack stays at {ack}.",
    ),
    (
        "seg.data",
        "Data: {len} bytes, sequence numbers {seq} to {last}. The receiver should answer with ack {end}, the number of the next byte.",
    ),
    (
        "seg.data.http",
        "{http}: {len} bytes of HTTP (sequence numbers {seq} to {last}). The receiver should answer with ack {end}.",
    ),
    (
        "seg.data.http.push",
        "{http}: {len} bytes of HTTP (sequence numbers {seq} to {last}). The receiver should answer with ack {end}. PSH is set: this segment ends what the application wrote, so the receiver hands the bytes to its application without waiting for more.",
    ),
    (
        "seg.data.piggyback",
        "Data: {len} bytes (sequence numbers {seq} to {last}); the same segment also acknowledges {moved} bytes received (ack {ack}), so no separate ACK is needed.",
    ),
    (
        "seg.data.push",
        "Data: {len} bytes, sequence numbers {seq} to {last}. The receiver should answer with ack {end}, the number of the next byte. PSH is set: this segment ends what the application wrote, so the receiver hands the bytes to its application without waiting for more.",
    ),
    (
        "seg.data_fin",
        "Data and FIN: {len} bytes (sequence numbers {seq} to {last}), then the FIN at {fin}: the application wrote its last bytes and closed.",
    ),
    (
        "seg.fin",
        "FIN,ACK: this side's application closed, so no more data will come from it. The FIN uses sequence number {seq}: like a SYN it takes one, so that it can be acknowledged and retransmitted like data. The ACK field ({ack}) acknowledges nothing new.",
    ),
    (
        "seg.fin.acks_fin",
        "FIN,ACK: the application closed right after the peer's FIN arrived, so one segment does both jobs: it acknowledges that FIN (ack = {ack}, the FIN used up {peer_fin}) and carries our own FIN at {seq}. A three-segment close.",
    ),
    (
        "seg.fin.passive",
        "FIN,ACK: the peer closed earlier; now this side's application has closed too. Our FIN uses sequence number {seq}; once it is acknowledged the connection is gone.",
    ),
    (
        "seg.fin.piggyback",
        "FIN,ACK: this side's application closed; the FIN uses sequence number {seq}. The same segment acknowledges {moved} more bytes from the peer (ack {ack}), so no separate ACK is needed.",
    ),
    (
        "seg.fin.shutdown",
        "FIN,ACK: the application shut down its sending side (shutdown(SHUT_WR)), so no more data will come from this side, but it still reads: a half-close. The FIN uses sequence number {seq}; the ACK field ({ack}) acknowledges nothing new.",
    ),
    (
        "seg.http.fin.close",
        "FIN,ACK: the response carried Connection: close, so the server closes as soon as it has written it. It closes first, so the server, not the client, will wait in TIME-WAIT. The FIN uses sequence number {seq}.",
    ),
    (
        "seg.http.fin.done",
        "FIN,ACK: the browser has every response it asked for ({count}), so it closes the persistent connection itself. Closing first means the client will be the side in TIME-WAIT. The FIN uses sequence number {seq}.",
    ),
    (
        "seg.http.fin.http10",
        "FIN,ACK: HTTP/1.0 marks the end of the exchange by closing: right after the response the server closes the connection. Because the server closes first, it is the server that will wait in TIME-WAIT, once for every request. The FIN uses sequence number {seq}.",
    ),
    (
        "seg.http.fin.idle",
        "FIN,ACK: no new request came for {ms} ms, so the server's idle timeout for persistent connections closes this one. The server closes first this time, so the server will sit in TIME-WAIT while the client passes through CLOSE-WAIT and LAST-ACK. The FIN uses sequence number {seq}.",
    ),
    (
        "seg.http.request.close",
        "{http}: request {index}, with Connection: close, asks the server to close the connection once it has answered, so this connection carries only this one exchange. {len} bytes (sequence numbers {seq} to {last}); the server's ACK will be {end}.",
    ),
    (
        "seg.http.request.first",
        "{http}: the first request on this connection. HTTP/1.1 keeps a connection open by default, so the requests that follow can reuse it without a new handshake. {len} bytes (sequence numbers {seq} to {last}); the server's ACK will be {end}. The PSH flag marks the end of what the browser wrote: the server's TCP hands it to the application at once.",
    ),
    (
        "seg.http.request.half_open",
        "{http}: request {index} goes out on the kept connection. The client cannot know that the server host crashed at {crash} ms and forgot it: the connection is half-open (RFC 9293 3.5.1), so this request will be answered by a RST instead of a response. {len} bytes (sequence numbers {seq} to {last}).",
    ),
    (
        "seg.http.request.http10",
        "{http}: an HTTP/1.0 request without a Connection: Keep-Alive header, so the server will answer and then close: this connection was opened for this one request only. {len} bytes (sequence numbers {seq} to {last}); the server's ACK will be {end}.",
    ),
    (
        "seg.http.request.pipelined",
        "{http}: request {index} leaves before the response to request {prev} has arrived: this is pipelining. The requests travel together, so their round trips overlap; in exchange the server must answer strictly in request order. Browsers never enabled pipelining widely, and HTTP/2 replaced it. {len} bytes (sequence numbers {seq} to {last}).",
    ),
    (
        "seg.http.request.retry",
        "{http}: request {index} again, on the new connection: the old one was reset before any response came, and a GET can safely be repeated (it is idempotent, RFC 9112 9.3.1). Its bytes are numbered in this connection's own sequence space, from {seq}; {len} bytes up to {last}.",
    ),
    (
        "seg.http.request.reuse",
        "{http}: request {index} reuses the open connection once response {prev} has arrived: no new handshake, no new connection state. Its first byte continues the same sequence space at {seq}; {len} bytes up to {last}.",
    ),
    (
        "seg.http.response",
        "{http}: response {index}, the answer to {request}. The connection stays open for further requests. {len} bytes (sequence numbers {seq} to {last}); the client's ACK will be {end}.",
    ),
    (
        "seg.http.response.close",
        "{http}: response {index}, the answer to {request}, with Connection: close: the server will close the connection right after it. {len} bytes (sequence numbers {seq} to {last}); the client's ACK will be {end}.",
    ),
    (
        "seg.http.response.held",
        "{http}: response {index}, the answer to {request}. It was ready at {ready} ms but waited {waited} ms behind the slower response to {behind}, because responses on one connection must keep the order of the requests: head-of-line blocking. {len} bytes (sequence numbers {seq} to {last}).",
    ),
    (
        "seg.http.response.http10",
        "{http}: the answer to {request}. In HTTP/1.0 the server closes the connection after the response, so the next page will need a new connection and a new handshake. {len} bytes (sequence numbers {seq} to {last}); the client's ACK will be {end}.",
    ),
    (
        "seg.http.response.long_poll",
        "{http}: the answer to a long poll. The server held this request for {held} ms, until the news it was waiting for existed, and answers the moment it does. {len} bytes (sequence numbers {seq} to {last}); the client's ACK will be {end}.",
    ),
    (
        "seg.http.response.long_poll.timeout",
        "{http}: the server held the long poll for {held} ms without any news, so its hold timer ends the wait with an empty answer; the client will ask again at once. {len} bytes (sequence numbers {seq} to {last}).",
    ),
    (
        "seg.keepalive",
        "Keep-alive probe {probe} of {count}: the connection has been idle too long. The probe repeats an already acknowledged sequence number ({seq} = SND.NXT - 1), so a live peer must answer with an ACK.",
    ),
    (
        "seg.push.event",
        "Pushed item {id}: the server writes it on the subscriber's open connection as soon as it can (the moment the item exists, or on subscribing for one created earlier), with no request to answer. {len} bytes (sequence numbers {seq} to {last}); the client's ACK will be {end}.",
    ),
    (
        "seg.push.subscribe",
        "{http}: the push client subscribes, once. After this it never asks again: the connection stays open and news will come to it. {len} bytes (sequence numbers {seq} to {last}).",
    ),
    (
        "seg.rst.abort",
        "RST: the application aborted the connection (RFC 9293 3.10.5). There is no FIN exchange: unsent data is thrown away and the peer is told to drop the connection at once. The reset carries SND.NXT ({seq}), the next sequence number the peer expects once everything sent so far has arrived; only that exact match makes the peer accept it (RFC 5961 3.2).",
    ),
    (
        "seg.rst.after_abort",
        "RST again: this segment was already on its way when the connection was aborted here, and it finds no connection. RFC 9293 3.10.7.1 (CLOSED) answers any segment but a RST with a reset, whose sequence number {seq} is the segment's acknowledgment number.",
    ),
    (
        "seg.rst.after_abort.discarded",
        "RST again: this segment was already on its way when the connection was aborted here, and it finds no connection. RFC 9293 3.10.7.1 (CLOSED) answers any segment but a RST with a reset, whose sequence number {seq} is the segment's acknowledgment number. When it arrives the peer has already closed on the first RST, and a RST that finds no connection is discarded without an answer: the exchange ends there.",
    ),
    (
        "seg.rst.bad_ack",
        "RST: the segment acknowledges something this side never sent. As RFC 9293 requires, the reset takes its sequence number ({seq}) from that acknowledgment so the peer accepts it.",
    ),
    (
        "seg.rst.closed_port",
        "RST: nothing listens on port {port}, so the connection attempt is refused at once (connection refused).",
    ),
    (
        "seg.rst.forgotten",
        "RST: this host crashed and restarted since the connection opened, so it no longer knows the connection (the peer's side is half-open, RFC 9293 3.5.1); the reset takes the segment's ACK field ({seq}) as its sequence number, exactly what the peer expects, so the peer accepts it.",
    ),
    (
        "seg.rst.forgotten.no_ack",
        "RST,ACK: this host crashed and restarted since the connection was opened, so no connection here matches the segment (a half-open connection, RFC 9293 3.5.1). The segment carried no ACK, so the reset has sequence number 0 and acknowledges the segment instead (ack {ack} = its SEQ + LEN), which ties the reset to it.",
    ),
    (
        "seg.rst.keepalive",
        "RST: the keep-alive probes went unanswered, so the peer is considered dead; the connection is reset.",
    ),
    (
        "seg.rst.listening",
        "RST: only a listening socket on port {port} matches this segment, and a listener accepts nothing but a SYN, so it answers with a reset whose sequence number is the segment's ACK field ({seq}), exactly what the sender expects.",
    ),
    (
        "seg.rst.middlebox",
        "RST forged by {mb}: its table no longer holds this flow (idle longer than {ms} ms), so it answers in the name of the other side, and the connection dies.",
    ),
    (
        "seg.rst.no_connection",
        "RST: no connection on this host matches the segment (it has ended, or never existed). RFC 9293 3.10.7.1 answers it with a reset whose sequence number is the segment's ACK field ({seq}): exactly what the sender expects next, so the sender accepts it (RFC 5961 3.2 requires an exact match) and forgets its side too.",
    ),
    (
        "seg.rst.no_connection.no_ack",
        "RST,ACK: no connection on this host matches the segment. It carried no ACK, so RFC 9293 3.10.7.1 gives the reset sequence number 0 and an acknowledgment of the segment instead (ack {ack} = its SEQ + LEN), which ties the reset to it.",
    ),
    (
        "seg.rtx.after_probe",
        "Sent again: the window is open now, so the data continues from {seq}, starting with the probe byte the receiver refused while its window was zero ({len} bytes).",
    ),
    (
        "seg.rtx.data",
        "Retransmission #{attempt}: no ACK came back within the retransmission timeout ({rto} ms), so {len} bytes from sequence number {seq} are sent again. The next timeout doubles (exponential backoff). TCP also takes a timeout as a sign of congestion: the congestion window drops to one segment and slow start begins again (RFC 5681 3.1).",
    ),
    (
        "seg.rtx.fast",
        "Fast retransmission: three duplicate ACKs showed that the bytes from {seq} are missing while later data got through, so {len} bytes are resent at once, without waiting for the timer (RFC 5681 3.2). Why three: one or two duplicates may only mean that segments were reordered on the way; three make a loss likely. The sender halves its congestion window, ssthresh = max(FlightSize/2, 2·SMSS) and cwnd = ssthresh + 3·SMSS, and enters fast recovery.",
    ),
    (
        "seg.rtx.fin",
        "FIN again (retransmission #{attempt}): the FIN at {seq} was not acknowledged within {rto} ms.",
    ),
    (
        "seg.rtx.partial",
        "Retransmission in fast recovery (NewReno, RFC 6582): an ACK during recovery stopped at {seq}, below recover, the highest sequence number sent when fast retransmit began (a partial ACK): another segment of that window was lost. The {len} bytes from {seq} go again at once, without waiting for three new duplicate ACKs or for the timer.",
    ),
    (
        "seg.rtx.sack",
        "Retransmission of a hole: the peer's SACK blocks show that it holds the data after these {len} bytes (from {seq}) but not them, so they go again at once instead of waiting for the timer (RFC 6675).",
    ),
    (
        "seg.rtx.syn",
        "SYN again (retransmission #{attempt}): no SYN,ACK came back within {rto} ms. Same ISN {seq}; the next wait doubles.",
    ),
    (
        "seg.rtx.syn_ack",
        "SYN,ACK again (retransmission #{attempt}): the handshake's final ACK did not arrive within {rto} ms. Same ISN {seq}, ack {ack}.",
    ),
    (
        "seg.syn",
        "SYN: asks to open a connection, announces this side's initial sequence number (ISN), {seq}, and with the MSS option ({mss} bytes) the largest segment it can receive. A fresh ISN for each connection keeps old duplicate segments of an earlier connection between the same ports from being taken as new data, and makes the number hard to guess (RFC 9293 3.4.1). The SYN itself uses up that number, so that it can be acknowledged and retransmitted like data: the first data byte will be {next}.",
    ),
    (
        "seg.syn.no_mss",
        "SYN: asks to open a connection and announces this side's initial sequence number (ISN), {seq}. A fresh ISN for each connection keeps old duplicate segments of an earlier connection between the same ports from being taken as new data, and makes the number hard to guess (RFC 9293 3.4.1). The SYN itself uses up that number, so that it can be acknowledged and retransmitted like data: the first data byte will be {next}.",
    ),
    (
        "seg.syn.wrap",
        "SYN: asks to open a connection and announces this side's initial sequence number (ISN), {seq}, the largest 32-bit number. The SYN itself uses up that number, so the first data byte will be {next}: sequence numbers count modulo 2^32 and wrap around to 0.",
    ),
    (
        "seg.syn_ack",
        "SYN,ACK: accepts the connection, sends this side's own ISN {seq} and, in its MSS option, the largest segment it can receive ({mss} bytes). ack = {ack} because the peer's SYN used up sequence number {peer_isn}.",
    ),
    (
        "seg.syn_ack.no_mss",
        "SYN,ACK: accepts the connection and sends this side's own ISN {seq}. ack = {ack} because the peer's SYN used up sequence number {peer_isn}.",
    ),
    (
        "seg.syn_ack.simultaneous",
        "SYN,ACK: both sides sent a SYN at the same time (simultaneous open). This repeats our SYN (seq {seq}) and acknowledges the peer's: ack = {ack}.",
    ),
    (
        "seg.udp",
        "UDP datagram: {len} bytes from port {sport} to port {dport}. No handshake, no sequence numbers, no acknowledgment: if it is lost, UDP itself never finds out.",
    ),
    (
        "seg.udp.answer_again",
        "UDP datagram ({label}): the server answers the same question again ({times} answers so far). It keeps no connection state, so it cannot know the client never got the first answer, nor that this is not a new question. {len} bytes from port {sport} to port {dport}.",
    ),
    (
        "seg.udp.labelled",
        "UDP datagram ({label}): {len} bytes from port {sport} to port {dport}. No handshake and no acknowledgment: the application must notice a loss by itself.",
    ),
    (
        "seg.udp.retry",
        "UDP datagram ({label}): the same question again, attempt {attempt}. The client waited {ms} ms and heard nothing; UDP has no acknowledgment and no retransmission, so the application's own timer decided to ask again. {len} bytes from port {sport} to port {dport}.",
    ),
    (
        "seg.zero_window_probe",
        "Zero-window probe: the peer advertised a window of 0, so one byte (seq {seq}) is sent to find out whether the window has opened; the answer carries the current window.",
    ),
    // state: why each state changed.
    (
        "state.abort",
        "The application aborted the connection: a RST goes out (if the peer may still hold state) and the connection is deleted.",
    ),
    (
        "state.close.active",
        "The application closed: a FIN (sequence number {fin}) follows any data still queued. No FIN has come from the peer yet, so this is an active close: this side moves to FIN-WAIT-1 and will end in TIME-WAIT.",
    ),
    (
        "state.close.passive",
        "The application closed after the peer had: our FIN (sequence number {fin}) goes out and this side waits for its ACK in LAST-ACK.",
    ),
    (
        "state.close.shutdown",
        "The application called shutdown(SHUT_WR): it will send nothing more but keeps reading. A FIN (sequence number {fin}) follows any data still queued and this side moves to FIN-WAIT-1; the other direction stays open.",
    ),
    (
        "state.close_unconnected",
        "The application closed before a connection existed: nothing to tell the peer.",
    ),
    (
        "state.connect",
        "The application called connect(): a SYN with ISN {iss} goes out and the connection waits in SYN-SENT for the answer.",
    ),
    (
        "state.established.active",
        "The SYN,ACK acknowledges our SYN (ack {ack}): the connection is established on this side; our ACK completes the handshake for the peer.",
    ),
    (
        "state.established.passive",
        "The ACK of our SYN,ACK arrived (ack {ack}): the three-way handshake is complete and data can flow both ways.",
    ),
    (
        "state.established.simultaneous",
        "The SYN,ACK acknowledges our SYN (ack {ack}): the simultaneous open is complete. It took four segments, two SYNs and two SYN,ACKs, instead of the three of a handshake with a listening socket; data can now flow both ways.",
    ),
    (
        "state.fin.close_wait",
        "The peer's FIN arrived (sequence number {fin}): the peer will send no more data. The application reads end-of-stream but may keep sending until it closes.",
    ),
    (
        "state.fin.closing",
        "The peer's FIN (sequence number {fin}) arrived before the ACK of ours: both sides are closing at once (simultaneous close).",
    ),
    (
        "state.fin.time_wait",
        "The peer's FIN arrived (sequence number {fin}): both directions are finished. The connection waits 2×MSL in TIME-WAIT. Why twice the MSL: if the final ACK is lost, the peer's retransmitted FIN arrives within that time and is acknowledged again; and after 2×MSL every old segment of this connection has died out, so a new connection between the same ports cannot receive one.",
    ),
    (
        "state.fin_acked.closed",
        "The ACK of our FIN arrived (ack {ack}): both directions are finished and this side forgets the connection at once.",
    ),
    (
        "state.fin_acked.fin_wait_2",
        "Our FIN is acknowledged (ack {ack}). Our direction is closed; the peer may still send data, and we wait for its FIN in FIN-WAIT-2.",
    ),
    (
        "state.fin_acked.time_wait",
        "The ACK of our FIN arrived (ack {ack}) after both sides had closed: wait 2×MSL in TIME-WAIT, long enough to acknowledge a retransmitted FIN and for the old segments of this connection to die out.",
    ),
    (
        "state.fin_wait_2_timeout",
        "The peer never sent its FIN: the FIN-WAIT-2 timeout gives up the half-closed connection.",
    ),
    (
        "state.host_crashed",
        "The host {host} crashed: this connection, in {state}, vanishes with it. Nothing is sent; the peer is not told and keeps its side (RFC 9293 3.5.1).",
    ),
    (
        "state.host_crashed.listen",
        "The host {host} crashed: the listening socket on port {port} is gone. Once the host is back, a SYN to that port gets a RST until a program listens again.",
    ),
    (
        "state.keepalive_dead",
        "{probes} keep-alive probes went unanswered: the peer is considered dead and the connection is dropped.",
    ),
    (
        "state.listen",
        "The application listens on port {port}: the socket waits in LISTEN for SYNs, and stays there while it accepts connections.",
    ),
    (
        "state.refused",
        "The peer answered with RST: the connection is refused.",
    ),
    (
        "state.reset",
        "A RST with exactly the expected sequence number ({seq} = RCV.NXT) arrived. RFC 5961 3.2 accepts a reset only on this exact match (one merely inside the window gets a challenge ACK), so a blind guess is very unlikely to hit it: the connection is torn down at once and the application gets an error.",
    ),
    (
        "state.reset.listen",
        "A RST (or a new SYN) arrived for this connection still in SYN-RECEIVED: as RFC 9293 3.10.7.4 says, it returns to LISTEN, and the listening socket carries on without it.",
    ),
    (
        "state.retries",
        "No acknowledgment after {retries} retransmissions: the connection is given up and the application is told.",
    ),
    (
        "state.retries.short",
        "No acknowledgment after {retries} retransmissions: the connection is given up and the application is told. The count is shortened so that you can watch it: Linux retransmits 15 times by default (tcp_retries2), for about 15 minutes.",
    ),
    (
        "state.retries.syn",
        "No SYN,ACK after {retries} retransmissions of the SYN: connect() fails with a timeout.",
    ),
    (
        "state.retries.syn.short",
        "No SYN,ACK after {retries} retransmissions of the SYN: connect() fails with a timeout. The count is shortened so that you can watch it: Linux retransmits a SYN 6 times by default (tcp_syn_retries), for about 2 minutes.",
    ),
    (
        "state.simultaneous_open",
        "The peer's SYN (ISN {irs}) crossed ours on the way: a simultaneous open. This side goes to SYN-RECEIVED and answers with SYN,ACK.",
    ),
    (
        "state.syn_received",
        "A SYN arrived (peer ISN {irs}): the listening socket creates a new connection, which answers with SYN,ACK carrying its own ISN {iss}.",
    ),
    (
        "state.time_wait_over",
        "TIME-WAIT is over: 2×MSL ({ms} ms) passed since the last FIN was acknowledged, and no FIN came again. The connection is gone for good.",
    ),
    (
        "state.user_timeout",
        "Sent data stayed unacknowledged longer than the user timeout: the connection is given up and the application is told.",
    ),
    // term: words used as arguments of other texts (rendered in the same language).
    (
        "term.mb.firewall",
        "the firewall",
    ),
    (
        "term.mb.nat",
        "the NAT router",
    ),
    (
        "term.way.http10",
        "HTTP/1.0",
    ),
    (
        "term.way.keepalive",
        "keep-alive",
    ),
    (
        "term.way.long-polling",
        "long polling",
    ),
    (
        "term.way.pipelining",
        "pipelining",
    ),
    (
        "term.way.push",
        "push",
    ),
    (
        "term.way.short-polling",
        "short polling",
    ),
    // timer: what each timer waits for.
    (
        "timer.beat_wait",
        "Waiting for the client's next heartbeat: one is expected within {ms} ms ({missed} missed so far).",
    ),
    (
        "timer.delayed_ack",
        "Delayed ACK: wait up to {ms} ms for outgoing data that could carry the acknowledgment.",
    ),
    (
        "timer.fin_wait_2",
        "FIN-WAIT-2 timeout: give up after {ms} ms without the peer's FIN.",
    ),
    (
        "timer.heartbeat",
        "Heartbeat interval: heartbeat {n} is due in {ms} ms.",
    ),
    (
        "timer.http_idle",
        "HTTP keep-alive: the server closes the connection after {ms} ms without a request.",
    ),
    (
        "timer.idle_timeout",
        "Idle timer of {mb}: it forgets this flow after {ms} ms without packets.",
    ),
    (
        "timer.idle_timeout.short",
        "Idle timer of {mb}: it forgets this flow after {ms} ms without packets. Shortened so that you can watch it: RFC 5382 (REQ-5) requires a NAT to keep an established TCP flow at least 2 h 4 min.",
    ),
    (
        "timer.keepalive.idle",
        "Keep-alive: send a probe if the connection stays idle for {ms} ms.",
    ),
    (
        "timer.keepalive.idle.short",
        "Keep-alive: send a probe if the connection stays idle for {ms} ms. Shortened so that you can watch it: keep-alive is off unless the application asks for it (SO_KEEPALIVE), and RFC 1122 (4.2.3.6) makes the idle time at least 2 hours by default.",
    ),
    (
        "timer.keepalive.interval",
        "Keep-alive: wait {ms} ms for the answer to probe {probe} of {count}.",
    ),
    (
        "timer.long_poll_hold",
        "Long poll: hold the request for up to {ms} ms waiting for news.",
    ),
    (
        "timer.offline_after",
        "The server marks {client} offline if no request arrives within {ms} ms.",
    ),
    (
        "timer.persist",
        "Persist timer: probe the zero window in {ms} ms (backoff ×{backoff}).",
    ),
    (
        "timer.poll",
        "Next poll in {ms} ms (poll {poll} of {count}).",
    ),
    (
        "timer.reply_wait",
        "Waiting up to {ms} ms for the reply to heartbeat {n}.",
    ),
    (
        "timer.rto",
        "Retransmission timer: {rto} ms. RTO = SRTT + max(G, 4·RTTVAR), with SRTT {srtt} ms and RTTVAR {rttvar} ms here (G: the clock granularity), never below the minimum. Each new round-trip measurement R updates them: RTTVAR = 3/4·RTTVAR + 1/4·|SRTT − R|, then SRTT = 7/8·SRTT + 1/8·R (α = 1/8, β = 1/4, RFC 6298).",
    ),
    (
        "timer.rto.backoff",
        "Retransmission timer: {rto} ms, backed off ×{backoff} (RFC 6298: the timeout doubles after each expiry, up to a maximum of at least 60 s).",
    ),
    (
        "timer.rto.fallback",
        "Retransmission timer: {rto} ms. The handshake needed a retransmitted SYN, so it gave no round-trip measurement (Karn's rule), and RFC 6298 (5.7) makes the timer start again from 3 s instead of 1 s.",
    ),
    (
        "timer.rto.initial",
        "Retransmission timer: {rto} ms, the initial value, since no round trip has been measured yet (RFC 6298).",
    ),
    (
        "timer.time_wait",
        "TIME-WAIT: 2×MSL = {ms} ms (MSL {msl} ms).",
    ),
    (
        "timer.time_wait.short",
        "TIME-WAIT: 2×MSL = {ms} ms. MSL is {msl} ms here, shortened so that you can watch the wait; RFC 9293 takes the MSL as 2 minutes, and Linux waits 60 s in TIME-WAIT.",
    ),
    (
        "timer.udp_reply",
        "Wait up to {ms} ms for the answer (attempt {attempt} of {max}); UDP itself will never report a loss.",
    ),
    (
        "timer.user_timeout",
        "User timeout: give up if sent data stays unacknowledged for {ms} ms.",
    ),
];
