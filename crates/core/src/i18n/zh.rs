//! The Chinese half of the message table: `(key, template)`, sorted by key, the same keys
//! as every other language (a test checks).

use super::player;

/// `(key, template)`, sorted by key.
pub(super) static TABLE: &[(&str, &str)] = &[
    // capture: explanations of imported captures (wiretrace-capture).
    (
        "capture.detail.cap",
        player("已截断：只保留前 {kept} 个报文段，另有 {left} 个未纳入"),
    ),
    (
        "capture.detail.connection",
        player("{count} 个连接"),
    ),
    (
        "capture.detail.connections",
        player("{count} 个连接"),
    ),
    (
        "capture.detail.connections-shown",
        player("显示了 {total} 个连接中的 {shown} 个（{ids}）"),
    ),
    (
        "capture.detail.cut-short-block",
        player("抓包文件在第 {at} 字节处被截断：第 {packets} 个报文之后的 pcapng 块共 {len} 字节，缺少 {missing} 字节，因此被舍弃；它之前的报文照常读取"),
    ),
    (
        "capture.detail.cut-short-block-header",
        player("抓包文件在第 {at} 字节处被截断：文件结束在第 {packets} 个报文之后的 pcapng 块头的第 {present} 字节处，该块被舍弃；它之前的报文照常读取"),
    ),
    (
        "capture.detail.cut-short-record",
        player("抓包文件在第 {at} 字节处被截断：第 {number} 个报文的记录共 {len} 字节，缺少 {missing} 字节，因此被舍弃；它之前的报文照常读取"),
    ),
    (
        "capture.detail.cut-short-record-header",
        player("抓包文件在第 {at} 字节处被截断：文件结束在第 {number} 个报文 16 字节记录头的第 {present} 字节处，该报文被舍弃；它之前的报文照常读取"),
    ),
    (
        "capture.detail.inferred",
        player("状态和时序是根据单一观测点推断出来的"),
    ),
    (
        "capture.detail.links",
        player("链路类型：{links}"),
    ),
    (
        "capture.detail.no-timestamps",
        player("没有时间戳：按每行相隔 1 毫秒处理"),
    ),
    (
        "capture.detail.other-frames",
        player("{count} 个帧不是 TCP/UDP"),
    ),
    (
        "capture.detail.payload-cap",
        player("载荷最多保留 {bytes} 字节（超出部分只保留 HTTP 头部）"),
    ),
    (
        "capture.detail.separator",
        player("；"),
    ),
    (
        "capture.detail.skipped-blocks",
        player("跳过了 {count} 个无法解码的 pcapng 块"),
    ),
    (
        "capture.detail.text-line-unreadable",
        player("第 {lines} 行无法作为报文读取，已跳过"),
    ),
    (
        "capture.detail.text-lines-ignored",
        player("忽略了 {count} 行无法识别的文本"),
    ),
    (
        "capture.detail.text-lines-unreadable",
        player("有 {count} 行无法作为报文读取，已跳过（第 {lines} 行）"),
    ),
    (
        "capture.detail.time-range",
        player("时间范围：第一个报文之后的 {from} 到 {to} 微秒"),
    ),
    (
        "capture.detail.time-range-open",
        player("时间范围：第一个报文之后的 {from} 微秒直到结尾"),
    ),
    (
        "capture.detail.truncated",
        player("{count} 个帧被快照长度（snaplen）截断"),
    ),
    (
        "capture.detail.unknown-links",
        player("跳过了不支持的链路类型（{types}）的帧"),
    ),
    (
        "capture.http.request",
        player("此连接上的第 {index} 个请求：{line}"),
    ),
    (
        "capture.http.request-keepalive",
        player("第 {index} 个请求复用了已经打开的连接（持久连接）：{line}"),
    ),
    (
        "capture.http.request-pipelined",
        player("第 {index} 个请求是流水线方式发出的：上一个响应还没有结束就发送了：{line}"),
    ),
    (
        "capture.http.response",
        player("第 {index} 个响应：{line}"),
    ),
    (
        "capture.http.response-close",
        player("第 {index} 个响应：{line}；之后连接将被关闭。"),
    ),
    (
        "capture.seg.ack",
        player("{src} 发出 ACK：{ack} 之前的字节都已收到。"),
    ),
    (
        "capture.seg.acked-unseen",
        player("{src} 确认了抓包中从未出现过的数据（{ack}）：这些数据走了抓包点看不到的路径。"),
    ),
    (
        "capture.seg.data",
        player("{src} 发送 {len} 字节数据（序号 {seq} 到 {end}）。"),
    ),
    (
        "capture.seg.dup-ack",
        player("{src} 发出重复 ACK：它仍在等待字节 {ack}，说明后面的报文段先到了，而前面的还缺着。"),
    ),
    (
        "capture.seg.fast-retransmission",
        player("快速重传：重复 ACK 告诉 {src} 序号 {seq} 的数据丢了，于是它不等定时器超时就立即重发。"),
    ),
    (
        "capture.seg.fin",
        player("{src} 发出 FIN：它没有更多数据要发送了；另一个方向仍然可以继续传数据。"),
    ),
    (
        "capture.seg.http",
        player("{src} 发送 {len} 字节，内容是 {http}。"),
    ),
    (
        "capture.seg.keep-alive",
        player("{src} 发出保活探测：长时间没有数据后，它用上一个序号（SND.NXT-1）探测对方是否还在。"),
    ),
    (
        "capture.seg.keep-alive-ack",
        player("对保活探测的应答：{src} 仍然在线，确认号为 {ack}。"),
    ),
    (
        "capture.seg.lost-segment",
        player("序号 {seq} 之前有空缺：{src} 的某个报文段不在抓包里（在途中丢失，或者没有被抓到）。"),
    ),
    (
        "capture.seg.out-of-order",
        player("乱序：{src} 的这个报文段比排在它后面的数据到得还晚。"),
    ),
    (
        "capture.seg.refused",
        player("{src} 发出 RST：端口 {port} 上没有程序在监听，连接请求被拒绝。"),
    ),
    (
        "capture.seg.retransmission",
        player("重传：因为没有及时收到确认，{src} 再次发送序号 {seq} 的数据。"),
    ),
    (
        "capture.seg.rst",
        player("{src} 发出 RST：连接被立即中止，不再经过正常的关闭过程。"),
    ),
    (
        "capture.seg.spurious-retransmission",
        player("虚假重传：{src} 重发了接收方早已确认过的数据。"),
    ),
    (
        "capture.seg.syn",
        player("{src} 发出 SYN：请求建立连接，并给出自己的初始序号 {seq}。"),
    ),
    (
        "capture.seg.syn-ack",
        player("{src} 回复 SYN+ACK：同意建立连接，给出自己的初始序号 {seq}，并确认 {ack}。"),
    ),
    (
        "capture.seg.udp",
        player("{src} 发出 {len} 字节的 UDP 数据报：没有连接，没有确认，也没有重传。"),
    ),
    (
        "capture.seg.window-full",
        player("{src} 已经用满了接收方通告的整个窗口：必须等到确认之后才能继续发送。"),
    ),
    (
        "capture.seg.window-update",
        player("{src} 发出窗口更新：没有新数据，只是通告新的接收窗口（{win}）。"),
    ),
    (
        "capture.seg.zero-window",
        player("{src} 通告零窗口：它的接收缓冲区满了，对方必须暂停发送。"),
    ),
    (
        "capture.seg.zero-window-probe",
        player("{src} 发出零窗口探测：用 1 个字节试探对方的窗口是否已经打开。"),
    ),
    (
        "capture.seg.zero-window-probe-ack",
        player("对零窗口探测的应答：{src} 的窗口仍然关闭。"),
    ),
    (
        "capture.state.both-closing",
        player("自己的 FIN 还没有被确认就收到了对方的 FIN：双方同时关闭。"),
    ),
    (
        "capture.state.closed",
        player("对方确认了最后一个 FIN：连接关闭。"),
    ),
    (
        "capture.state.established",
        player("握手完成：双方都可以发送数据了。"),
    ),
    (
        "capture.state.fin-acked",
        player("对方确认了这一端的 FIN；现在等待对方的 FIN。"),
    ),
    (
        "capture.state.got-fin",
        player("收到对方的 FIN：对方发送完毕；这一端仍然可以继续发送。"),
    ),
    (
        "capture.state.got-syn",
        player("收到 SYN：回复 SYN+ACK，等待完成握手的 ACK。"),
    ),
    (
        "capture.state.last-ack",
        player("在对方之后也发送了 FIN：等待最后一个 ACK。"),
    ),
    (
        "capture.state.mid-stream",
        player("抓包开始时这个连接已经存在：推定为 ESTABLISHED。"),
    ),
    (
        "capture.state.reset-received",
        player("收到 RST：连接被中止。"),
    ),
    (
        "capture.state.reset-sent",
        player("发送了 RST：连接被中止。"),
    ),
    (
        "capture.state.sent-fin",
        player("发送了 FIN：这一端的数据发送完毕，等待确认。"),
    ),
    (
        "capture.state.sent-syn",
        player("发送了 SYN：等待对方的 SYN+ACK。"),
    ),
    (
        "capture.state.simultaneous-open",
        player("在等待自己 SYN 的应答时收到了对方的 SYN：双方同时打开。"),
    ),
    (
        "capture.state.time-wait",
        player("双方的 FIN 都已确认：在 TIME-WAIT 状态下等待 2×MSL，以便最后的 ACK 丢失时还能重发。"),
    ),
    // endpoint: the names of the lifelines.
    (
        "endpoint.client",
        "客户端",
    ),
    (
        "endpoint.client_n",
        "客户端 {n}",
    ),
    (
        "endpoint.firewall",
        "防火墙",
    ),
    (
        "endpoint.host_a",
        "主机 A",
    ),
    (
        "endpoint.host_b",
        "主机 B",
    ),
    (
        "endpoint.nat",
        "NAT 路由器",
    ),
    (
        "endpoint.poll_client",
        "轮询客户端",
    ),
    (
        "endpoint.push_client",
        "推送客户端",
    ),
    (
        "endpoint.server",
        "服务器",
    ),
    (
        "endpoint.server_n",
        "服务器 {n}",
    ),
    // error: parameters and capture files that cannot be used.
    (
        "error.capture.at_byte",
        "第 {n} 字节处：{what}",
    ),
    (
        "error.capture.at_line",
        "第 {n} 行：{what}",
    ),
    (
        "error.capture.block_bad",
        "pcapng 块无效：{detail}",
    ),
    (
        "error.capture.block_big",
        "pcapng 块声称有 {len} 字节，最多应为 {max} 字节（文件损坏？）",
    ),
    (
        "error.capture.cut_block",
        "文件在一个 pcapng 块中间结束（只有 {rest} 字节）：抓包文件被截断了",
    ),
    (
        "error.capture.cut_record",
        "文件在一个包记录中间结束：应有 {incl} 字节的包数据，只找到 {found} 字节；抓包文件被截断了",
    ),
    (
        "error.capture.cut_record_header",
        "文件在一个包记录头中间结束（16 字节只有 {rest} 字节）：抓包文件被截断了",
    ),
    (
        "error.capture.empty",
        "文件是空的：应为 pcap、pcapng 或 tcpdump 文本格式的抓包文件",
    ),
    (
        "error.capture.empty_range",
        player("第一个报文之后 {from} 秒到 {to} 秒之间没有任何报文（抓包共 {end} 秒）：没有可画的内容"),
    ),
    (
        "error.capture.empty_range.chosen",
        player("所选连接在抓包第一个报文之后 {from} 秒到 {to} 秒之间没有报文（抓包共 {end} 秒）：没有可画的内容"),
    ),
    (
        "error.capture.empty_range.chosen_open",
        player("从抓包第一个报文之后 {from} 秒起，所选连接没有报文（抓包共 {end} 秒）：没有可画的内容"),
    ),
    (
        "error.capture.empty_range.conn",
        player("连接 {conn} 在抓包第一个报文之后 {from} 秒到 {to} 秒之间没有报文（抓包共 {end} 秒）：没有可画的内容"),
    ),
    (
        "error.capture.empty_range.conn_open",
        player("从抓包第一个报文之后 {from} 秒起，连接 {conn} 没有报文（抓包共 {end} 秒）：没有可画的内容"),
    ),
    (
        "error.capture.empty_range.open",
        player("从第一个报文之后 {from} 秒起，没有任何报文（抓包共 {end} 秒）：没有可画的内容"),
    ),
    (
        "error.capture.gzip",
        "这是一个 gzip 压缩文件：应为未压缩的 pcap、pcapng 或 tcpdump 文本（请先用 gunzip 解压）",
    ),
    (
        "error.capture.interface",
        "第 {frame} 个包块引用了接口 {iface}，但在它之前只描述了 {count} 个接口",
    ),
    (
        "error.capture.link_type",
        "不支持的链路类型 {linktype}：应为以太网（1）、Linux cooked（113/276）、原始 IP（101/228/229）或环回（0/108）",
    ),
    (
        "error.capture.no_connection.many",
        "没有连接 {bad}：抓包中有 {count} 个连接（0 到 {last}）",
    ),
    (
        "error.capture.no_connection.none",
        "没有连接 {bad}：抓包中没有 TCP 或 UDP 包",
    ),
    (
        "error.capture.no_connection.one",
        "没有连接 {bad}：抓包中只有 1 个连接（0）",
    ),
    (
        "error.capture.no_frames",
        player("抓包文件里只有文件头，没有任何包：没有可画的内容"),
    ),
    (
        "error.capture.no_packets",
        "没有找到任何包：应为 pcap、pcapng，或者像 `IP 10.0.0.1.5000 > 10.0.0.2.80: Flags [S], seq 1, win 64240, length 0` 这样的 tcpdump 文本行",
    ),
    (
        "error.capture.no_tcp_udp",
        player("抓包文件里没有 TCP 或 UDP 包，只有其他流量（{count} 个帧）：没有可画的内容"),
    ),
    (
        "error.capture.pcap_header_bad",
        "pcap 文件头无效：{detail}",
    ),
    (
        "error.capture.pcap_header_cut",
        "pcap 文件头不完整（24 字节只有 {rest} 字节）",
    ),
    (
        "error.capture.pcapng_header_bad",
        "pcapng 的节头无效：{detail}",
    ),
    (
        "error.capture.pcapng_header_big",
        "pcapng 的节头声称有 {len} 字节，最多应为 {max} 字节（文件损坏？）",
    ),
    (
        "error.capture.pcapng_header_cut",
        "pcapng 的节头块不完整",
    ),
    (
        "error.capture.record_big",
        "第 {frame} 个包记录声称有 {incl} 字节，最多应为 {max} 字节（文件损坏？）",
    ),
    (
        "error.capture.too_short",
        "文件只有 {bytes} 字节：不够一个 pcap（文件头 24 字节）或 pcapng 文件",
    ),
    (
        "error.capture.unknown_format",
        "无法识别的文件格式（开头是 0x{hex}）：应为 pcap（a1b2c3d4）、pcapng（0a0d0d0a）或 tcpdump 文本文件",
    ),
    (
        "error.conflict.client2_family",
        "client2.addr 和 server.addr 必须同为 IPv4 或同为 IPv6",
    ),
    (
        "error.conflict.client2_host",
        "client2.addr 必须是另一台机器：它的 IP 地址必须与 client.addr 和 server.addr 都不同",
    ),
    (
        "error.conflict.family",
        "client.addr 和 server.addr 必须同为 IPv4 或同为 IPv6",
    ),
    (
        "error.conflict.push_port",
        "push_port 必须与 server.addr 的端口不同（那个端口用来回应轮询）",
    ),
    (
        "error.conflict.reply_timeout",
        "reply_timeout_ms 必须小于 heartbeat_ms（到下一个心跳该发出时，回复就算缺失了）",
    ),
    (
        "error.conflict.same_host",
        "client.addr 和 server.addr 必须是不同的主机（IP 地址不同）",
    ),
    (
        "error.conflict.wscale",
        "wscale 必须是 off，或 0 到 14 之间的移位数",
    ),
    (
        "error.expected.addr",
        "“IP:端口”形式的地址，端口为 1 到 65535，例如 192.168.1.116:3337",
    ),
    (
        "error.expected.bool",
        "“true”或“false”",
    ),
    (
        "error.expected.choice",
        "以下之一：{words}",
    ),
    (
        "error.expected.ids",
        "用逗号分隔的报文段编号（日志中的 # 列，从 0 开始），例如 3,7（也可以为空）",
    ),
    (
        "error.expected.int",
        "从 {min} 到 {max} 的整数",
    ),
    (
        "error.expected.number",
        "从 {min} 到 {max} 的数",
    ),
    (
        "error.param.bad_value",
        "{key} 的值“{value}”无效：应为{expected}",
    ),
    (
        "error.param.default",
        "场景“{scenario}”：{key} 的默认值“{default}”不是{expected}",
    ),
    (
        "error.param.unknown",
        "场景“{scenario}”没有参数“{key}”",
    ),
    (
        "error.param.wrong_type",
        "场景“{scenario}”以错误的类型读取 {key}",
    ),
    (
        "error.scenario.unknown",
        "没有名为“{id}”的场景（运行 `wiretrace list` 可以列出全部场景）",
    ),
    // event: the story of a run (applications, hosts, links, middleboxes).
    (
        "event.abort.client",
        "客户端应用在响应开始后 {ms} 毫秒中止了连接，此时已收到其中 {bytes} 字节：用户取消了下载，或者程序把 SO_LINGER 设为 0 后调用了 close()。TCP 当场删除连接，发出 RST 而不是 FIN：没有 FIN 交换，没有 TIME-WAIT，仍在发往本端途中的数据都会被拒收。",
    ),
    (
        "event.abort.server",
        "服务器应用在写出响应 {ms} 毫秒后中止了连接（进程被杀掉、处理程序放弃，或者把 SO_LINGER 设为 0 后调用了 close()）。TCP 丢弃响应中还没有发出的部分，发出 RST 而不是 FIN：没有 FIN 交换，也没有 TIME-WAIT。",
    ),
    (
        "event.app_close",
        "应用让这条空闲的连接保持了 {ms} 毫秒，现在关闭它。",
    ),
    (
        "event.app_idle",
        "问候得到了回复。此后应用没有数据要发送：它让连接保持打开但不发送数据，直到连接建立 {ms} 毫秒后才关闭。这期间线路上出现的报文段都来自 TCP 本身。",
    ),
    (
        "event.app_read",
        "读得慢的应用终于从接收缓冲区读走 {bytes} 字节；缓冲区里还有 {left} 字节等待读取。",
    ),
    (
        "event.backlog_full",
        "半连接队列已满（{backlog} 个处于 SYN-RECEIVED 状态、等待握手最后一个 ACK 的连接）：丢弃该 SYN。",
    ),
    (
        "event.bad_request",
        "服务器无法解析请求（{error}），中止连接。",
    ),
    (
        "event.bad_response",
        "客户端无法解析响应（{error}），中止连接。",
    ),
    (
        "event.batch_done",
        "第 {batch} 组（{label}）结束：所有页面都已收到，连接也都已关闭，从开始算起用了 {ms} 毫秒。",
    ),
    (
        "event.batch_start",
        "第 {batch} 组：浏览器获取 {requests} 个页面，方式：{label}。",
    ),
    (
        "event.client_offline",
        "{ms} 毫秒内没有收到 {client} 的请求：服务器认为这个客户端已经离线。",
    ),
    (
        "event.client_online",
        "收到来自 {client} 的请求：服务器把这个客户端标记为在线。",
    ),
    (
        "event.compare_result",
        "结果（{label}）：{requests} 个页面用了 {ms} 毫秒。等待的往返：{round_trips} 个；打开的连接：{connections} 个；报文段：{segments} 个；载荷：{bytes} 字节。",
    ),
    (
        "event.compare_summary",
        "按拿到最后一个页面的时间排序：{first}（{first_ms} 毫秒）、{second}（{second_ms} 毫秒）、{third}（{third_ms} 毫秒）。每一次握手、每一个要等上一个响应的请求，都要付出一个往返时间。",
    ),
    (
        "event.conn_kept",
        "第 {index} 个页面已经收到。浏览器让连接保持打开（HTTP/1.1 持久连接），留给下一个页面使用；用户会在 {ms} 毫秒后请求它。这期间线路上没有任何报文，双方都无从得知对方是否还在。",
    ),
    (
        "event.conn_refused",
        "应用的 connect() 失败，错误是“连接被拒绝”（connection refused）：对方用 RST 回应了 SYN，因为那个端口上没有程序在监听。",
    ),
    (
        "event.conn_reset",
        "应用收到“连接被对方重置”（connection reset by peer）：一个 RST 结束了连接，尚未读取或尚未被确认的数据都丢失了。",
    ),
    (
        "event.conn_timed_out",
        "应用收到“连接超时”（connection timed out）：重传或保活探测始终得不到应答，TCP 放弃了这条连接。",
    ),
    (
        "event.delivery_result",
        "结果（{label}）：{items} 条消息，平均在发生后 {mean_ms} 毫秒到达（最慢 {max_ms} 毫秒）。发出的请求：{requests} 个；打开的连接：{connections} 个；报文段：{segments} 个。",
    ),
    (
        "event.delivery_summary",
        "推送平均在消息发生后 {push_ms} 毫秒送达，轮询则是 {poll_ms} 毫秒。推送只需要 {push_requests} 个请求（即订阅）；轮询却用了 {poll_requests} 个请求、{poll_connections} 个连接，其中大多数什么新消息也没问到。",
    ),
    (
        "event.drop_unused.many",
        "drop 指定了报文段 {ids}，但这次运行的报文段只编到 #{last}：没有报文段是这些编号，所以不会因它们丢弃任何报文段。",
    ),
    (
        "event.drop_unused.one",
        "drop 指定了报文段 {ids}，但这次运行的报文段只编到 #{last}：没有报文段是这个编号，所以不会因它丢弃任何报文段。",
    ),
    (
        "event.drop_unused.udp.many",
        "drop 指定了数据报 {ids}，但这次运行的数据报只编到 #{last}：没有数据报是这些编号，所以不会因它们丢弃任何数据报。",
    ),
    (
        "event.drop_unused.udp.one",
        "drop 指定了数据报 {ids}，但这次运行的数据报只编到 #{last}：没有数据报是这个编号，所以不会因它丢弃任何数据报。",
    ),
    (
        "event.five_tuple",
        "连接 {conn} 的五元组是（TCP，{client}，{server}）。端口 {port} 上的监听套接字为它另建一个套接字，自己则继续停留在 LISTEN；只有客户端的地址和端口把这个连接与其他连接区分开。",
    ),
    (
        "event.flow_expired",
        "{mb}在 {ms} 毫秒内没有看到报文，删除了流 {client} ↔ {server} 的表项。",
    ),
    (
        "event.half_close",
        "客户端发出请求后立即调用 shutdown(SHUT_WR)，只关闭自己的发送方向：它的 FIN 表示“不会再有请求了”，但它仍在读取，所以响应照样可以流向它。",
    ),
    (
        "event.heartbeat_missed",
        "已经 {ms} 毫秒没有收到客户端的心跳：错过 {missed} 次（最多允许 {k} 次）。",
    ),
    (
        "event.heartbeat_received",
        "服务器收到第 {n} 个心跳，回复它，并认为客户端在线。",
    ),
    (
        "event.heartbeat_reply",
        "第 {n} 个心跳的回复在 {ms} 毫秒后到达：服务器以及通往它的路径都正常。",
    ),
    (
        "event.heartbeat_sent",
        "客户端发送第 {n} 个心跳。",
    ),
    (
        "event.host_crashed",
        "主机 {host} 崩溃了。它的 TCP 状态随之消失：所有连接（这里有 {conns} 个）及其定时器，还有所有监听套接字。崩溃时没有发出任何报文，对端都得不到通知：它们仍然认为连接是打开的（半开连接，RFC 9293 3.5.1）。在这台主机恢复之前，发给它的报文都会丢失。",
    ),
    (
        "event.host_restarted",
        "主机 {host} 在 {ms} 毫秒后恢复运行。它不记得任何连接：TCP 从零开始，崩溃之前的连接再有报文段到来，都会得到 RST 回应（RFC 9293 3.5.2）。服务器程序重新启动，再次开始监听。",
    ),
    (
        "event.host_restarted.bare",
        "主机 {host} 在 {ms} 毫秒后恢复运行。它不记得任何连接：TCP 从零开始，崩溃之前的连接再有报文段到来，都会得到 RST 回应（RFC 9293 3.5.2）。它上面还没有程序在监听。",
    ),
    (
        "event.link_cut",
        "{a} 与 {b} 之间的链路断了。两端都不会得到通知：没有任何报文段宣告这件事，从此刻起这条链路上的每个报文都会悄无声息地丢失。只有定时器能察觉。",
    ),
    (
        "event.link_restored",
        "{a} 与 {b} 之间的链路恢复了。报文又能通过，下一次重传或探测就能到达对端；修复同样没有任何报文宣告。",
    ),
    (
        "event.message_answered",
        "服务器回复消息 {line}。",
    ),
    (
        "event.network_down",
        "客户端判定网络已断开：连续 {k} 个心跳都没有回复。它放弃这条连接（真实的客户端此时会尝试重新连接）。",
    ),
    (
        "event.news_answer",
        "服务器回应 {line}（新消息：{items} 条）。",
    ),
    (
        "event.news_catch_up",
        "订阅者错过了在它订阅之前产生的第 {id} 条消息：服务器现在通过这个新连接把它补发过去。",
    ),
    (
        "event.news_created",
        "服务器上产生了第 {id} 条消息。",
    ),
    (
        "event.news_delivered",
        "第 {id} 条消息在发生后 {ms} 毫秒到达客户端（方式：{via}）。",
    ),
    (
        "event.news_pushed",
        "服务器立即把第 {id} 条消息写到 {subscribers} 个已订阅的连接上：不需要任何人来问。",
    ),
    (
        "event.peer_offline",
        "服务器把客户端标记为离线：连续 {k} 个心跳周期都没有收到心跳。它放弃这条连接，释放为该客户端保留的资源。",
    ),
    (
        "event.poll_answer",
        "客户端读到回应 {line}（新消息：{items} 条）。",
    ),
    (
        "event.poll_held",
        "还没有比第 {after} 条更新的消息：服务器不作回应，而是把请求挂起，最多 {ms} 毫秒。",
    ),
    (
        "event.poll_sent",
        "第 {poll} 次轮询：客户端询问有没有比第 {after} 条更新的消息（{line}）。",
    ),
    (
        "event.poll_timeout",
        "{ms} 毫秒内没有新消息：服务器用 204 No Content 回应挂起的请求，客户端随后会再问一次。",
    ),
    (
        "event.polling_done",
        "客户端发了 {polls} 个请求后停止轮询；它一共看到了 {items} 条消息。",
    ),
    (
        "event.query_gave_up",
        "试了 {tries} 次仍然没有回答：客户端放弃了。UDP 自始至终都没有告诉它数据有没有到达。",
    ),
    (
        "event.query_received",
        "服务器收到问题 {query}。",
    ),
    (
        "event.query_received.again",
        "服务器第 {times} 次收到 {query}。UDP 不会说明这是不是重复的提问，这个服务器也不记录回答过哪些问题，只好再回答一次。",
    ),
    (
        "event.query_sent",
        "客户端发出关于 {name} 的问题（第 {attempt} 次尝试），开始等待。",
    ),
    (
        "event.reply_duplicate",
        "又收到一份回答；客户端已经有了，于是忽略它。",
    ),
    (
        "event.reply_missed",
        "第 {n} 个心跳在 {ms} 毫秒内没有得到回复：已缺失 {missed} 次（最多允许 {k} 次）。",
    ),
    (
        "event.reply_received",
        "客户端得到了回答（{answer}），距离第一次提问 {ms} 毫秒，是第 {attempt} 次尝试。",
    ),
    (
        "event.reply_timeout",
        "第 {attempt} 次尝试后 {ms} 毫秒内没有回答。线路上没有任何迹象说明原因：可能是问题丢了，也可能是回答丢了，或者只是慢了。",
    ),
    (
        "event.request_failed",
        "第 {index} 个请求永远得不到回应了：它所在的连接先结束了。",
    ),
    (
        "event.request_received",
        "服务器解析出一个完整的请求：{line}。",
    ),
    (
        "event.request_retried",
        "在第 {index} 个请求得到回应之前，保持着的连接就断了。GET 是幂等的，浏览器可以自行重发它（RFC 9112 9.3.1）：它从端口 {port} 打开一个新连接，重新进行三次握手，双方也都选用新的初始序号。",
    ),
    (
        "event.request_sent",
        "客户端写出请求 {line}。",
    ),
    (
        "event.request_sent.numbered",
        "浏览器写出第 {index} 个请求：{line}。此连接上正在等待的响应数：{waiting}。",
    ),
    (
        "event.response_held",
        "对 {line} 的响应已经准备好了，却只能等着：同一连接上更早请求的 {behind} 的响应还没做完（响应必须按请求的顺序发出）。",
    ),
    (
        "event.response_received",
        "客户端收齐了整个响应（{line}，正文 {bytes} 字节）。",
    ),
    (
        "event.response_received.timed",
        "第 {index} 个响应已完整收到（{line}，正文 {bytes} 字节），距离写出对应请求过去了 {ms} 毫秒。",
    ),
    (
        "event.response_sent",
        "服务器写出响应 {line}（正文 {bytes} 字节）。",
    ),
    (
        "event.run_truncated",
        "运行在 {segments} 个报文段之后停止：按这些参数它会持续太久，无法观看。",
    ),
    (
        "event.server_idle_close",
        "持久连接空闲太久：服务器将其关闭。",
    ),
    (
        "event.subscribe_sent",
        "推送客户端只订阅一次；此后它只需等待消息送上门。",
    ),
    (
        "event.subscribed",
        "服务器把 {client} 登记为订阅者：每条新消息一产生就会写到这个连接上。",
    ),
    (
        "event.summary",
        "小结：TCP 连接 {connections} 个，UDP 流 {flows} 个，报文段 {segments} 个，载荷 {bytes} 字节，重传 {retransmissions} 次，丢失 {lost} 个，从第一个报文段到最后一个共 {ms} 毫秒。",
    ),
    (
        "event.summary.udp",
        "小结：UDP 流 {flows} 个，数据报 {segments} 个，载荷 {bytes} 字节，丢失 {lost} 个，从第一个数据报到最后一个共 {ms} 毫秒。",
    ),
    // param: the help of each scenario parameter.
    (
        "param.a.hold_ms",
        player("主机 A 在关闭连接之前保持它多久（毫秒）。"),
    ),
    (
        "param.abort_after_ms",
        player("中止发生的时刻，从响应开始算起的毫秒数（客户端：从收到第一个字节算起；服务器：从写出响应算起）。"),
    ),
    (
        "param.aborter",
        player("由哪一方中止下载：client（客户端）或 server（服务器）。"),
    ),
    (
        "param.b.delay_ms",
        player("主机 B 比主机 A 晚这么多毫秒调用 connect。若晚于一个单程时延，A 的 SYN 到达时 B 在那个端口上还没有套接字。"),
    ),
    (
        "param.bandwidth_kbps",
        player("链路带宽（kbit/s）；0 表示不限（没有串行化延迟）。"),
    ),
    (
        "param.beats",
        player("客户端在正常关闭连接之前发送的心跳个数。"),
    ),
    (
        "param.body_bytes",
        player("服务器发送的 HTML 页面大小（字节）。"),
    ),
    (
        "param.client.addr",
        player("客户端地址和第一个端口（ip:port）。"),
    ),
    (
        "param.client.isn",
        player("客户端初始序号（默认：由随机种子生成）。"),
    ),
    (
        "param.client.think_ms",
        player("客户端在每个请求之前和关闭之前的思考时间（毫秒）。"),
    ),
    (
        "param.client2.addr",
        player("第二台客户端机器的地址和第一个端口（ip:port）。"),
    ),
    (
        "param.close_at_ms",
        player("客户端应用关闭连接的时刻（毫秒）。"),
    ),
    (
        "param.count",
        player("客户端轮询的次数。"),
    ),
    (
        "param.crash_at_ms",
        player("服务器主机崩溃的时刻（毫秒）。"),
    ),
    (
        "param.cut_at_ms",
        player("链路被切断的时刻（毫秒；0 表示不切断）。从那时起，链路上的每个报文都会丢失。"),
    ),
    (
        "param.delayed_ack_ms",
        player("延迟确认的超时（毫秒），必须小于 500（RFC 9293 3.8.6.3：延迟必须少于 0.5 秒）；0 表示每个报文段都立即确认。"),
    ),
    (
        "param.down_ms",
        player("崩溃的主机需要多长时间才能重新启动（毫秒）。"),
    ),
    (
        "param.drop",
        player("在途中丢失的报文段，按编号（日志中的 # 列，从 0 开始），用逗号分隔（例如 3,7）。"),
    ),
    (
        "param.dup",
        player("网络复制一个报文的概率。"),
    ),
    (
        "param.first_response_ms",
        player("服务器生成第一个响应所需的时间（毫秒），只影响第一个响应（调大它，就能看到后面的响应排在它后面等待）。"),
    ),
    (
        "param.gap_ms",
        player("对比的各部分之间的停顿（毫秒）。"),
    ),
    (
        "param.heartbeat_ms",
        player("两次应用层心跳之间的间隔（毫秒）。"),
    ),
    (
        "param.hold_ms",
        player("客户端在关闭前保持连接的时间（毫秒）。"),
    ),
    (
        "param.idle_timeout_ms",
        player("服务器让空闲的持久连接保持打开多久后将其关闭（毫秒）。"),
    ),
    (
        "param.initial_window",
        player("初始拥塞窗口，以报文段计（RFC 6928：10；较早的协议栈用 2 到 4，RFC 3390）。"),
    ),
    (
        "param.interval_ms",
        player("两次轮询开始之间的间隔（毫秒）。"),
    ),
    (
        "param.jitter_ms",
        player("每个报文随机增加的延迟，最多这么多毫秒。"),
    ),
    (
        "param.ka.count",
        player("连续多少个保活探测得不到应答后，TCP 放弃这条连接。"),
    ),
    (
        "param.ka.idle_ms",
        player("连接静默多久之后发出第一个保活探测（毫秒；RFC 1122 规定默认至少 2 小时，Linux 默认即为 2 小时）。"),
    ),
    (
        "param.ka.interval_ms",
        player("未得到应答的保活探测之间的间隔（毫秒）。"),
    ),
    (
        "param.ka.peer",
        player("服务器在 vanish_at_ms 时刻以何种方式消失：vanish（链路被切断，探测得不到应答）或 restart（主机崩溃后重新启动，探测会遇到 RST）。"),
    ),
    (
        "param.ka.with_byte",
        player("探测报文带一个无用字节（某些旧协议栈需要），而不是不带数据。"),
    ),
    (
        "param.keepalive.hold_ms",
        player("客户端应用在关闭之前让这条静默连接保持多久（毫秒）。"),
    ),
    (
        "param.latency_ms",
        player("链路单向时延（毫秒）。"),
    ),
    (
        "param.long_poll.hold_ms",
        player("在没有新消息时，服务器把请求挂起多久才回应 204 No Content（毫秒）。"),
    ),
    (
        "param.lose",
        player("丢掉哪条消息的第一个数据报文段：响应（由服务器重传）或请求（由客户端重传）。"),
    ),
    (
        "param.loss",
        player("报文在链路上丢失的概率。"),
    ),
    (
        "param.loss_every_rtts",
        player("两次报文段丢失之间相隔的往返次数。"),
    ),
    (
        "param.losses",
        player("窗口中丢失的报文段个数（隔一个丢一个）。"),
    ),
    (
        "param.lost_segment",
        player("响应中的第几个数据报文段丢失（1 表示第一个）。它后面至少还要有三个报文段，才能引出三个重复 ACK。"),
    ),
    (
        "param.lost_syns",
        player("网络丢掉客户端 SYN 的次数（先是第一次发送，然后是它的各次重传）。"),
    ),
    (
        "param.max_retries",
        player("未被确认的数据最多重传多少次，之后 TCP 放弃这条连接（Linux 默认 15 次）。"),
    ),
    (
        "param.mb.idle_timeout_ms",
        player("中间设备在没有报文经过时把一条连接记住多久（毫秒；RFC 5382 规定 NAT 对已建立的 TCP 连接至少保留 2 小时 4 分钟）。"),
    ),
    (
        "param.mb.kind",
        player("有状态防火墙，或者同时改写客户端地址和端口的 NAT 路由器。"),
    ),
    (
        "param.mb.on_unknown",
        player("中间设备如何处理已被它遗忘的连接的报文：悄悄丢弃，或者回一个 RST。"),
    ),
    (
        "param.misses",
        player("K：连续错过多少个心跳（服务器端）或缺失多少个回复（客户端）后结束连接。"),
    ),
    (
        "param.msl_ms",
        player("报文段最大生存时间 MSL（毫秒）；TIME-WAIT 持续其两倍。RFC 9293 把它取为 2 分钟。"),
    ),
    (
        "param.mss",
        player("在 SYN 中通告的最大报文段长度（MSS，字节）。"),
    ),
    (
        "param.news.count",
        player("服务器上一共产生几条消息。"),
    ),
    (
        "param.news.every_ms",
        player("相邻两条消息之间的间隔（毫秒）。"),
    ),
    (
        "param.news.first_ms",
        player("第一条消息在服务器上出现的时刻（从开始算起的毫秒数）。"),
    ),
    (
        "param.nodelay",
        player("在客户端关闭 Nagle 算法（TCP_NODELAY）：小的写操作立即发出。"),
    ),
    (
        "param.offline_after_ms",
        player("如果这么长时间（毫秒）都没有收到某客户端的请求，服务器就认为它离线了。"),
    ),
    (
        "param.pause_ms",
        player("在第一个页面和下一个页面的请求之间，保持着的连接空闲多久（毫秒）。"),
    ),
    (
        "param.post_bytes",
        player("POST 消息体的字节数，在首部之后写出。"),
    ),
    (
        "param.push_port",
        player("推送客户端订阅时所连接的服务器端口。"),
    ),
    (
        "param.queue_packets",
        player("瓶颈队列能容纳的分组数（包括正在发送的那个）；多出的一个被丢弃（尾部丢弃）。"),
    ),
    (
        "param.rcv_buf",
        player("接收缓冲区大小（字节）：通告窗口的上限。"),
    ),
    (
        "param.read_bytes",
        player("客户端应用每次从接收缓冲区读取的字节数。"),
    ),
    (
        "param.read_delay_ms",
        player("客户端应用发出请求后，要等多久才开始读取（毫秒）。"),
    ),
    (
        "param.read_every_ms",
        player("客户端应用两次读取之间的间隔（毫秒）。"),
    ),
    (
        "param.reconnect",
        player("连接被重置后，浏览器在一个新连接上重发失败的 GET。"),
    ),
    (
        "param.reorder",
        player("报文被延后、被后发报文超过的概率。"),
    ),
    (
        "param.reply_timeout_ms",
        player("客户端等待每个心跳回复的时间（毫秒；必须短于心跳间隔）。"),
    ),
    (
        "param.requests",
        player("HTTP 请求的个数。"),
    ),
    (
        "param.rto_min_ms",
        player("重传超时的下限（毫秒；RFC 6298 建议 1000，Linux 用 200）。"),
    ),
    (
        "param.sack",
        player("在 SYN 中提供选择性确认（SACK-permitted）。"),
    ),
    (
        "param.seed",
        player("本次运行随机数的种子（ISN、丢包、抖动）。"),
    ),
    (
        "param.server.addr",
        player("服务器地址和监听端口（ip:port）。"),
    ),
    (
        "param.server.isn",
        player("服务器初始序号（默认：由随机种子生成）。"),
    ),
    (
        "param.server.skew_ms",
        player("服务器应用比客户端晚这么多毫秒关闭。只要晚于一个单程时延，客户端的 FIN 就会先到，关闭过程就成了普通的关闭。"),
    ),
    (
        "param.server.think_ms",
        player("服务器在回应之前和关闭之前的处理时间（毫秒）。"),
    ),
    (
        "param.ssthresh",
        player("初始慢启动阈值（字节）；0 表示任意大（RFC 5681 3.1），慢启动一直持续到出现丢失。"),
    ),
    (
        "param.stagger_ms",
        player("各个客户端启动之间的间隔（毫秒）。"),
    ),
    (
        "param.syn_retries",
        player("SYN 最多重传几次，之后 connect() 以超时失败（Linux 默认 6 次）。"),
    ),
    (
        "param.timestamps",
        player("使用 TCP 时间戳选项（RFC 7323）。"),
    ),
    (
        "param.udp.lose",
        player("网络丢掉哪个数据报：none 不丢，request 丢第一个请求，reply 丢第一个回答。"),
    ),
    (
        "param.udp.retries",
        player("超时后客户端最多再问几次，然后放弃。"),
    ),
    (
        "param.udp.timeout_ms",
        player("客户端等待回答多久后再问一次（毫秒）。"),
    ),
    (
        "param.vanish_at_ms",
        player("服务器消失的时刻（链路被切断；若 peer=restart 则是主机崩溃），单位毫秒；0 表示一直在线。"),
    ),
    (
        "param.wscale",
        player("在 SYN 中提供的窗口扩大因子，或 off 表示不使用。"),
    ),
    // scenario: titles and introductions.
    (
        "scenario.abort.intro",
        player("客户端通过一条慢速链路下载一个大文件，其中一方中途放弃（aborter=client：用户取消下载；aborter=server：服务器程序放弃；abort_after_ms 决定何时放弃）。注意中止的一方发出的是 RST 而不是 FIN，并直接进入 CLOSED：没有 FIN 交换，也没有 TIME-WAIT。对端接受这个 RST，因为它的序号正好是自己期待的那个；对端随即进入 CLOSED，应用收到“连接被对方重置”（connection reset by peer）。已经在路上、发往中止方的报文段到达后找不到连接，每一个都会再换来一个 RST（RFC 9293 3.10.7.1），而此时已经关闭的对端会直接丢弃这些 RST。"),
    ),
    (
        "scenario.abort.title",
        "中止连接：用 RST 代替 FIN",
    ),
    (
        "scenario.big-response.intro",
        player("一个 GET 请求得到的页面比一个报文段大得多。TCP 把它切成 MSS 大小的片段，链路带宽又把这些片段一个个隔开，成为一串连续的报文段。接收方每收到两个满长度报文段就立即确认一次，单独剩下的一个则交给延迟确认定时器；每个 ACK 都让发送方的拥塞窗口增大（慢启动）。"),
    ),
    (
        "scenario.big-response.title",
        "大响应：一串 MSS 大小的报文段",
    ),
    (
        "scenario.bottleneck-queue.intro",
        player("服务器经过一条 10 Mbit/s 的瓶颈链路发送数据，链路前有一个 20 个分组的尾部丢弃队列，就像路由器的缓冲区。服务器一次交出整个窗口；队列按链路速率排空。cwnd 增大时，更多报文段在队列里等待，每个往返都更长：往返时间图表不断上升（缓冲膨胀），而有效吞吐量保持在链路速率。队列满时，下一个报文段在队列门口丢失；重复 ACK（这里启用了 SACK）带来快速重传和快速恢复，cwnd 减半，队列排空，往返时间回落。试试更大的队列：丢包更少，时延更长。"),
    ),
    (
        "scenario.bottleneck-queue.title",
        "瓶颈队列：缓冲膨胀，然后丢包",
    ),
    (
        "scenario.browse.intro",
        player("观察获取一个网页的 11 个报文段：三次握手（3 个）、GET 请求和对它的 ACK（2 个）、响应和对它的 ACK（2 个），以及释放连接的四次挥手（4 个）。留意每个 ack 如何等于对方的 seq 加上收到的字节数。这里关闭了延迟确认（delayed_ack_ms=0），所以每个数据报文段都单独得到一个纯 ACK；真实的协议栈通常会把对 GET 的确认捎带在响应上。"),
    ),
    (
        "scenario.browse.title",
        "浏览一个网页（HTTP/1.1 GET）",
    ),
    (
        "scenario.congestion-avoidance.intro",
        player("一次很长的下载，ssthresh 较低（29,200 字节），所以慢启动一个往返后就结束。在拥塞避免阶段，拥塞窗口每个往返大约增加一个报文段（加法增大，RFC 5681 3.1）。每隔几个往返就有一个报文段丢失：三个重复 ACK 触发快速重传，窗口减半（乘法减小，3.2）。经过上百个往返，cwnd 画出 TCP Reno 的锯齿：打开拥塞窗口图表来看。"),
    ),
    (
        "scenario.congestion-avoidance.title",
        "拥塞避免：AIMD 锯齿",
    ),
    (
        "scenario.data-loss.intro",
        player("GET 请求的响应在途中丢失了。客户端无法抱怨它从未见过的字节，而丢失的报文段后面也没有别的报文段，所以没有重复 ACK 能提醒服务器。服务器只能等它的重传定时器（RTO；RFC 6298 建议不低于 1 秒，本例即为 1 秒，Linux 最低可到 200 毫秒）到期，再把同样的字节发一遍，并标记为重传。这次超时还把它的拥塞窗口降到一个报文段：重新开始慢启动。把损失的时间和 40 毫秒的往返时间比一比。"),
    ),
    (
        "scenario.data-loss.title",
        "数据报文段丢失：RTO 到期后重传",
    ),
    (
        "scenario.fast-recovery.intro",
        player("同一个窗口中有三个报文段丢失（隔一个丢一个），并且关闭了 SACK。快速重传在三个重复 ACK 之后修复第一个。接下来的 ACK 只确认到下一个缺口：这是部分确认。NewReno（RFC 6582 3.2）把它当作又一处丢失的信号，立即重传那个报文段并留在快速恢复中，按已确认的数量缩小 cwnd；直到丢失之前发出的所有数据都被确认，恢复才结束，cwnd 设为 ssthresh。没有 NewReno，后面的每个缺口都要等重传定时器。"),
    ),
    (
        "scenario.fast-recovery.title",
        "多个报文段丢失时的快速恢复：NewReno 的部分确认",
    ),
    (
        "scenario.fast-retransmit.intro",
        player("一个很长的响应以一串报文段的形式穿过链路，其中一个丢了。此后每到一个报文段，客户端都重复发出对第一个缺失字节的 ACK。收到第三个重复 ACK 时，服务器立刻重发缺失的报文段，远远早于重传定时器到期：一两个重复 ACK 可能只是乱序造成的，三个才说明很可能丢包了。服务器把拥塞窗口减半并进入快速恢复（RFC 5681 3.2），而不是重新慢启动；随后一个 ACK 就确认了在空洞后面等待的全部数据。"),
    ),
    (
        "scenario.fast-retransmit.title",
        "三个重复 ACK 之后的快速重传",
    ),
    (
        "scenario.flow-control.intro",
        player("客户端应用读取接收缓冲区很慢（每 40 毫秒读 8 KB），比链路送达的速度慢。未读的字节填满缓冲区，客户端通告的接收窗口随之缩小；服务器只能发送这个窗口允许的数据（RFC 9293 3.8.6）。因此决定速度的是流量控制，而不是拥塞控制：拥塞窗口不断增大，对端的窗口却一直很小。读取从未停止，每次读取都会重新打开窗口，传输按读取方的速度继续；可与 zero-window 对比，那里读取停止，窗口关闭。"),
    ),
    (
        "scenario.flow-control.title",
        "流量控制：读得慢的接收方限制发送方",
    ),
    (
        "scenario.half-close.intro",
        player("客户端发出请求后立即用 shutdown(SHUT_WR) 关闭自己的发送方向。它的 FIN 只表示“我不再发送数据”：处于 CLOSE-WAIT 状态的服务器仍然可以把整个响应发出来，处于 FIN-WAIT-2 状态的客户端也仍然可以接收。留意第一个 FIN 之后才穿过链路的那些数据报文段，以及随后服务器自己的 FIN。"),
    ),
    (
        "scenario.half-close.title",
        "半关闭：客户端不再发送，但继续读取",
    ),
    (
        "scenario.handshake.intro",
        player("观察三次握手：每个 SYN 都占用一个序号，所以每个 ack 都是对方 ISN 加一。随后双方各用 FIN 和 ACK 关闭连接。"),
    ),
    (
        "scenario.handshake.title",
        "三次握手与四次挥手",
    ),
    (
        "scenario.heartbeat.intro",
        player("客户端通过一条长连接每隔几秒写一个小小的心跳，服务器逐一回复。随后链路被切断。留意服务器：它没有数据要发，TCP 什么也不会告诉它，只有它的存活定时器会发现心跳不再到来。留意客户端：TCP 徒劳地重传它的心跳，而它自己的存活定时器在统计没有收到的回复。双方都在连续错过 K 次之后放弃。"),
    ),
    (
        "scenario.heartbeat.title",
        "应用层心跳：谁会发现链路断了？",
    ),
    (
        "scenario.http-compare.intro",
        player("同样的页面用三种方式依次获取，走的是同一条链路：HTTP/1.0 每个页面一个连接；HTTP/1.1 持久连接，一个连接、请求依次进行；流水线，一个连接、所有请求一起发出。每部分结束时看看它的结果：打开了几个连接、多少报文段、等待了几个往返，以及拿到最后一个页面用了多长时间。这里流水线最快，但浏览器从未普遍启用它，HTTP/2 已经取代了它。"),
    ),
    (
        "scenario.http-compare.title",
        "HTTP/1.0、持久连接与流水线的对比",
    ),
    (
        "scenario.http10.intro",
        player("每个页面都要花掉一整个连接：一次握手、一个请求、一个响应，再加上服务器一回应完就发起的连接释放（四次挥手）。数一数 SYN（每个页面一个），看每个新连接都从一个新的客户端端口发出（这里只是依次加一；真实的协议栈按 RFC 6056 的建议随机选择临时端口），并注意每个连接最后处于 TIME-WAIT 状态的是服务器而不是客户端。这里关闭了延迟确认（delayed_ack_ms=0），所以每个请求和每个响应之后都有单独的纯 ACK。"),
    ),
    (
        "scenario.http10.title",
        "HTTP/1.0：每个请求一个连接",
    ),
    (
        "scenario.http11-keepalive.intro",
        player("所有页面都经由同一个持久连接传送：开头一次三次握手，结尾一次四次挥手。每个请求仍要等上一个响应回来才发出，所以每个页面都要花一个往返时间。注意在同一个连接上，序号从一个请求延续到下一个请求。"),
    ),
    (
        "scenario.http11-keepalive.title",
        "HTTP/1.1 持久连接：一个连接，请求依次进行",
    ),
    (
        "scenario.http11-pipelining.intro",
        player("浏览器在第一个响应到达之前就一口气写出所有请求，于是它们的往返时间重叠在一起。服务器可以同时处理这些请求，但必须按请求的顺序回应：把 first_response_ms 调大，就能看到早已准备好的后续响应只能排在第一个响应后面等待（队头阻塞）。浏览器从未默认启用流水线（处理不当的服务器或代理可能弄乱响应），HTTP/2 用多路复用取代了它。"),
    ),
    (
        "scenario.http11-pipelining.title",
        "HTTP/1.1 流水线：请求接连发出",
    ),
    (
        "scenario.long-polling.intro",
        player("客户端只问一次，服务器在有新消息之前不作回应；如果挂起的定时器先到期，服务器就回 204 No Content，客户端立刻再问。注意请求在服务器上等待的过程，以及消息在发生之后只用一个单程时延就到达客户端，全程只用一个持久连接。"),
    ),
    (
        "scenario.long-polling.title",
        "长轮询：服务器挂起请求",
    ),
    (
        "scenario.lost-final-ack.intro",
        player("客户端先关闭，发出最后一个 ACK 后进入 TIME-WAIT，但这个 ACK 丢了。仍处于 LAST-ACK 状态的服务器在定时器到期后重传它的 FIN。客户端还处于 TIME-WAIT 状态，于是再次确认这个 FIN，并重新开始 2×MSL 的等待。如果没有 TIME-WAIT，重传的 FIN 只会碰到一个关闭的端口和一个 RST。"),
    ),
    (
        "scenario.lost-final-ack.title",
        "最后一个 ACK 丢失：TIME-WAIT 为何存在",
    ),
    (
        "scenario.middlebox-idle-timeout.intro",
        player("客户端和服务器之间有一台有状态防火墙。连接上每经过一个报文，它的空闲定时器就重新开始；定时器到期时，防火墙就删除这条连接的表项，而且不通知任何一方。按默认数值，心跳每 8 秒一次，防火墙却在 5 秒后就删除表项（这是缩短了的数值：RFC 5382 规定 NAT 至少要等 2 小时 4 分钟）：第二个心跳被丢弃，TCP 不断重传直到放弃（若 mb.on_unknown=reset，则改为收到一个 RST）。把 heartbeat_ms 设得小于 mb.idle_timeout_ms，连接就能保住。"),
    ),
    (
        "scenario.middlebox-idle-timeout.title",
        "防火墙遗忘了空闲的连接",
    ),
    (
        "scenario.multi-client.intro",
        player("三个客户端连到同一个服务器地址和端口：其中两个程序在同一台机器上，另一个在另一台机器上。注意监听套接字一直停留在 LISTEN，每个 SYN 都会产生一个新连接；再比较一下各连接的五元组：协议、服务器地址和服务器端口完全相同，只有客户端的地址或端口把它们区分开。"),
    ),
    (
        "scenario.multi-client.title",
        "一个监听端口，多个客户端",
    ),
    (
        "scenario.nagle-delayed-ack.intro",
        player("客户端分两次写出一个 POST：先写首部，再写一个很小的消息体。Nagle 算法（RFC 896，RFC 9293 3.7.4）让首部发出，然后在首部还没被确认时扣住这个小消息体。服务器在收到完整请求之前没有数据要发送，于是推迟它的 ACK（延迟确认，RFC 9293 3.8.6.3，这里是 200 毫秒）。双方互相等待，直到延迟确认定时器到期；这时消息体才发出，应答才到来。设置 nodelay=true（TCP_NODELAY，浏览器和大多数服务器都这样做），消息体会紧跟首部发出：只需一个往返，而不是多等 200 毫秒。"),
    ),
    (
        "scenario.nagle-delayed-ack.title",
        "Nagle 算法遇上延迟确认：200 毫秒的停顿",
    ),
    (
        "scenario.peer-restart.intro",
        player("浏览器取到一个页面，并让 HTTP/1.1 连接保持打开，留给下一个页面使用。在连接空闲期间，服务器主机崩溃并重新启动（注意它生命线上的标记）：它悄无声息地忘掉了这个连接，而客户端仍保留着自己这一端，形成半开连接。客户端的下一个请求到达一台根本没有这个连接的主机，对方用 RST 回应。RST 的序号取自请求报文的确认号，正好是客户端期待的下一个序号，所以客户端接受它（RFC 5961），进入 CLOSED，应用收到“连接被对方重置”（connection reset by peer）。如果开启了 reconnect，浏览器会在一个新连接上重发这个 GET：重新握手，换一个新端口和新的初始序号，页面随后到达。"),
    ),
    (
        "scenario.peer-restart.title",
        "服务器重启：半开连接遇到 RST",
    ),
    (
        "scenario.rst-closed-port.intro",
        player("服务器主机在线，但那个端口上没有程序在监听。它的 TCP 立即用 RST,ACK 回应 SYN；其中的 ack 确认了这个 SYN，证明该 RST 属于这次连接尝试。客户端从 SYN-SENT 直接回到 CLOSED，connect() 以“连接被拒绝”失败：只有一个往返，没有握手，也没有挥手。"),
    ),
    (
        "scenario.rst-closed-port.title",
        "连接无人监听的端口：RST",
    ),
    (
        "scenario.server-close.intro",
        player("浏览器通过一个持久连接取到页面后就不再发送请求。注意服务器为持久连接设的空闲定时器到期：这一次是服务器先发出 FIN，四次挥手时双方的角色对调了。服务器依次经过 FIN-WAIT-1、FIN-WAIT-2 和 TIME-WAIT，客户端经过 CLOSE-WAIT 和 LAST-ACK：TIME-WAIT 总是落在先关闭的那一方。"),
    ),
    (
        "scenario.server-close.title",
        "服务器先关闭（持久连接空闲超时）",
    ),
    (
        "scenario.server-push.intro",
        player("两个客户端关注同样的消息。推送客户端保持一个 TCP 连接不断开，消息一产生，服务器就把它写到这个连接上；轮询客户端则每隔一段时间就新建一个连接，通过 HTTP 询问一次。比较两种方式下每条消息到达得有多晚，以及各自花掉了多少请求、连接和报文段。"),
    ),
    (
        "scenario.server-push.title",
        "服务器推送与轮询的对比",
    ),
    (
        "scenario.short-polling.intro",
        player("每隔一段时间，客户端就新建一个连接，只为了问一句“有新消息吗？”，得到回答后连接又被释放。数一数每次提问要花多少个报文段；注意服务器在每次轮询时把客户端标记为在线、在轮询停止后又把它标记为离线；再看看一条新消息要在服务器上等多久，才被下一次轮询取走。"),
    ),
    (
        "scenario.short-polling.title",
        "短轮询：靠不断新建连接保持在线",
    ),
    (
        "scenario.simultaneous-close.intro",
        player("双方应用在同一时刻关闭，两个 FIN 同时在线路上。每一方都在处于 FIN-WAIT-1 状态时先收到了对方的 FIN，而不是对自己 FIN 的确认：它确认这个 FIN 并进入 CLOSING，这是普通关闭过程从不经过的状态。等自己的 FIN 被确认后，它进入 TIME-WAIT，所以这里双方都要等待 2×MSL。"),
    ),
    (
        "scenario.simultaneous-close.title",
        "同时关闭：两个 FIN 交错而过",
    ),
    (
        "scenario.simultaneous-open.intro",
        player("两台主机在同一时刻互相连接，各自从固定端口连向对方的端口，谁都没有监听。两个 SYN 在线路上交错而过。每一方在 SYN-SENT 状态下收到的是 SYN 而不是 SYN,ACK：它进入 SYN-RECEIVED，并回一个 SYN,ACK。四个报文段建立起一条连接。若让主机 B 晚于一个时延才连接（b.delay_ms），A 的 SYN 到达时那里什么也没有。"),
    ),
    (
        "scenario.simultaneous-open.title",
        "同时打开：两个 SYN 交错而过",
    ),
    (
        "scenario.slow-start.intro",
        player("新建立的连接并不知道路径能承载多少，所以服务器从较小的拥塞窗口开始（RFC 6928：10 个报文段），只发送这么多。每收到一个确认新数据的 ACK，窗口最多增加一个报文段（RFC 5681 3.1）：一整个窗口的 ACK 让窗口翻倍，所以每个往返发出的一串报文段翻一倍。这里关闭了延迟确认，每个报文段都有自己的 ACK。打开图表可以看到 cwnd 的增长；设置 ssthresh 可以看到慢启动在何处交给拥塞避免，把初始窗口设为 1 则能从头看到翻倍。"),
    ),
    (
        "scenario.slow-start.title",
        "慢启动：拥塞窗口每个往返翻一倍",
    ),
    (
        "scenario.syn-loss.intro",
        player("网络丢掉了客户端的 SYN，接着又丢掉了它的第一次重传。没有任何报文回来说明这一点，只有客户端的重传定时器会察觉。留意各个 SYN 之间的间隔：先是 1 秒（初始 RTO），然后 2 秒，每次翻倍，而每一份都带着同一个 ISN。若把 lost_syns 设得大于 syn_retries，connect() 最终会以超时放弃。"),
    ),
    (
        "scenario.syn-loss.title",
        "SYN 丢失：带指数退避的重传",
    ),
    (
        "scenario.tcp-keepalive.intro",
        player("客户端应用打过招呼后就不再发送数据，但开启了 SO_KEEPALIVE（除非应用开启，保活默认是关闭的）。空闲时间一到，它的 TCP 发出一个探测报文，序号为 SND.NXT-1，也就是服务器早已确认过的序号，于是服务器必须回一个 ACK：连接还活着。后来服务器消失了：探测得不到应答，达到设定的次数后 TCP 放弃连接并通知应用。而不发送任何数据的服务器永远不会知道。如果设置 peer=restart，服务器主机则是崩溃后重新启动：重启后的第一个探测到达一台已经忘掉这个连接的主机，换回来的 RST 立即重置了连接。保活机制正是这样发现对端已经重启的。"),
    ),
    (
        "scenario.tcp-keepalive.title",
        "空闲连接上的 TCP 保活探测",
    ),
    (
        "scenario.udp.intro",
        player("一个问题和它的回答，一共两个数据报：没有握手、没有 ACK、没有挥手，也没有序号。设置 lose=request 或 lose=reply 让其中一个丢失：线路上没有任何东西会报告这次丢失。只有客户端自己的定时器察觉到没有回音，于是再问一次。UDP 分不清重复的提问和新的提问；应用可以靠每个问题携带的 ID 来区分（DNS 就是这样做的：这里的每次尝试都是 QUERY #1），但这个服务器不做记录，每收到一份都会回答。"),
    ),
    (
        "scenario.udp.title",
        "UDP：一问一答",
    ),
    (
        "scenario.zero-window.intro",
        player("客户端请求一个很大的页面，但它的应用有一阵子不读取数据。字节在它小小的接收缓冲区里越积越多，每个 ACK 通告的窗口越来越小，直到变成 0。服务器只好停下。它的持续定时器（persist timer）发出单字节的零窗口探测，间隔越来越长，免得双方永远互相等待。应用一旦读取，一个窗口更新就让数据重新流动起来。"),
    ),
    (
        "scenario.zero-window.title",
        "零窗口：读得慢的接收方让发送方停下",
    ),
    // seg: why each segment was sent.
    (
        "seg.ack",
        "ACK：确认 {ack} 之前的全部字节；{ack} 是期待收到的下一个字节。",
    ),
    (
        "seg.ack.challenge",
        "挑战 ACK（RFC 5961）：对于序号落在窗口内、但不精确等于期待值的 RST，以及已同步的连接上收到的任何 SYN（RFC 5961 第 4 节），本端都不照做，而是重申自己当前的序号和确认号（seq {seq}，ack {ack}）；真正的对端会回一个序号精确的 RST，盲目伪造报文的攻击者则根本看不到这个 ACK。",
    ),
    (
        "seg.ack.data",
        "立即 ACK：数据按序到达，ack 从 {prev} 前进到 {ack}（新收到 {moved} 字节）；本段不带数据，所以 seq 仍是 {seq}。窗口 {win} 是接收缓冲区还剩下的空间：应用不读取数据，它就越来越小。本例关闭了延迟确认（delayed_ack_ms=0），所以每个数据报文段都单独确认；真实的协议栈通常会推迟确认（Linux 为 40 到 200 毫秒），以便把确认捎带在数据上，或者一次确认两个报文段。",
    ),
    (
        "seg.ack.delayed",
        "延迟确认：在有数据可以捎带确认之前，延迟确认定时器已到期，于是单独发出一个纯 ACK（ack {ack}，新确认 {moved} 字节）。",
    ),
    (
        "seg.ack.fin",
        "对 FIN 的确认：ack = {ack}，因为对端的 FIN 占用了序号 {fin}。对端不会再发数据；本端在自己的应用关闭之前仍然可以发送。",
    ),
    (
        "seg.ack.fin.closing",
        "对 FIN 的确认：双方几乎同时关闭。ack = {ack} 确认了对端的 FIN（序号 {fin}），而本端自己的 FIN 还在等待确认。",
    ),
    (
        "seg.ack.fin.time_wait",
        "最后一个 ACK：确认对端的 FIN（ack = {ack}；FIN 占用了序号 {fin}）。本端已进入 TIME-WAIT 等待，万一这个 ACK 丢失，对端重发 FIN 时还能再次确认。",
    ),
    (
        "seg.ack.handshake",
        "ACK：三次握手的第三个报文段。ack = {ack}，即对端 ISN {peer_isn} 加一，因为它的 SYN 占用了一个序号。没有数据，所以 seq 仍是 {seq}。为什么要三个报文段而不是两个：双方都必须看到自己的 ISN 被确认；而对回应早已失效的旧 SYN 的 SYN-ACK，客户端回 RST 而不是这个 ACK，服务器随即回到 LISTEN（RFC 9293 3.5）。",
    ),
    (
        "seg.ack.hole_filled",
        "ACK：缺失的字节到了，填上了空洞，缓存在后面的数据也随之变为有序：ack 从 {prev} 一下跳到 {ack}。",
    ),
    (
        "seg.ack.keepalive",
        "保活应答：探测报文重复了一个旧序号，本端用当前的确认号回应（ack {ack}）。这个应答本身就证明连接仍然存活。",
    ),
    (
        "seg.ack.next_hole",
        "ACK：缺失的字节到了，但 ack 只从 {prev} 前进到 {ack}：从 {ack} 起仍有空缺，更后面的数据在缓存里等着。快速恢复中的发送方把它看作部分确认（RFC 6582）。",
    ),
    (
        "seg.ack.out_of_order",
        "重复 ACK：数据越过一个空洞先到了（乱序）。ack 停在 {ack}，也就是仍缺的第一个字节，以此告诉发送方该重传什么。",
    ),
    (
        "seg.ack.out_of_order.moved",
        "立即 ACK：数据越过一个空洞先到了（乱序），确认不能再等延迟确认定时器。它确认了空洞之前按序收到的 {moved} 字节，ack = {ack} 指出仍缺的第一个字节；在空洞补上之前，后面的 ACK 会以重复 ACK 的形式一再重复这个值。",
    ),
    (
        "seg.ack.out_of_order.window",
        "ACK：数据越过一个空洞先到了（乱序），所以 ack 停在仍缺的第一个字节 {ack}。与此同时应用从接收缓冲区读走了数据，窗口增大到 {win}，因此这个 ACK 算作窗口更新，而不算重复 ACK（重复 ACK 的窗口也必须不变）。",
    ),
    (
        "seg.ack.second",
        "ACK：又收到一个满长度报文段。RFC 9293（3.8.6.3）建议至少每两个满长度报文段确认一次，于是不再推迟，立即把 ack 推进到 {ack}（{moved} 字节）。",
    ),
    (
        "seg.ack.time_wait_fin",
        "再次 ACK：对端的 FIN 又来了一次，说明我们上一个 ACK 丢了。TIME-WAIT 正是为此而存在：再次确认（ack {ack}），并重新开始 2×MSL 的等待。",
    ),
    (
        "seg.ack.too_new",
        "ACK：对端确认了从未发送过的数据。该报文段被丢弃，本 ACK 重申实际情况：seq {seq}，ack {ack}。",
    ),
    (
        "seg.ack.unacceptable",
        "ACK：到达的报文段落在接收窗口之外（例如一个旧的重复报文）。按照 RFC 9293，回一个 ACK 说明真正期待的下一个序号：{ack}。",
    ),
    (
        "seg.ack.window_update",
        "窗口更新：应用从接收缓冲区读走了数据，窗口重新打开到 {win}。发送方可以继续发送了。",
    ),
    (
        "seg.ack.zero_window",
        "零窗口：数据按序到达（ack {ack}，新收到 {moved} 字节），但应用还没有读取，接收缓冲区已经满了。窗口为 0 的意思是“停止发送”：发送方必须等待，并用持续定时器不时探测窗口。",
    ),
    (
        "seg.ack.zero_window_probe",
        "零窗口探测的应答：接收缓冲区仍然是满的（窗口 {win}），探测字节不被接收；ack 保持在 {ack}。",
    ),
    (
        "seg.data",
        "数据：{len} 字节，序号从 {seq} 到 {last}。接收方应回 ack {end}，也就是下一个字节的序号。",
    ),
    (
        "seg.data.http",
        "{http}：{len} 字节的 HTTP 数据（序号 {seq} 到 {last}）。接收方应回 ack {end}。",
    ),
    (
        "seg.data.http.push",
        "{http}：{len} 字节的 HTTP 数据（序号 {seq} 到 {last}）。接收方应回 ack {end}。PSH 标志置位：这个报文段是应用这次写入的最后一段，接收方应立即把数据交给应用，不再等待更多数据。",
    ),
    (
        "seg.data.piggyback",
        "数据：{len} 字节（序号 {seq} 到 {last}）；同一个报文段还顺带确认了收到的 {moved} 字节（ack {ack}），因此不必再单独发 ACK。",
    ),
    (
        "seg.data.push",
        "数据：{len} 字节，序号从 {seq} 到 {last}。接收方应回 ack {end}，也就是下一个字节的序号。PSH 标志置位：这个报文段是应用这次写入的最后一段，接收方应立即把数据交给应用，不再等待更多数据。",
    ),
    (
        "seg.data_fin",
        "数据加 FIN：{len} 字节（序号 {seq} 到 {last}），随后 FIN 占用序号 {fin}：应用写完最后的数据就关闭了。",
    ),
    (
        "seg.fin",
        "FIN,ACK：本端应用已关闭，不会再发送数据。FIN 占用序号 {seq}：和 SYN 一样，它也占用一个序号，这样才能像数据一样被确认和重传。ACK 字段（{ack}）与之前的确认号相同，没有确认新的数据。",
    ),
    (
        "seg.fin.acks_fin",
        "FIN,ACK：对端的 FIN 刚到，应用就关闭了，于是一个报文段同时完成两件事：确认那个 FIN（ack = {ack}，FIN 占用了 {peer_fin}），并带上本端自己的 FIN（序号 {seq}）。这就是只用三个报文段的“三次挥手”。",
    ),
    (
        "seg.fin.passive",
        "FIN,ACK：对端早先已经关闭；现在本端应用也关闭了。本端 FIN 占用序号 {seq}；它一被确认，连接就结束了。",
    ),
    (
        "seg.fin.piggyback",
        "FIN,ACK：本端应用已关闭，FIN 占用序号 {seq}。同一个报文段还确认了对端的另外 {moved} 字节（ack {ack}），因此不必再单独发 ACK。",
    ),
    (
        "seg.fin.shutdown",
        "FIN,ACK：应用关闭了自己的发送方向（shutdown(SHUT_WR)），本端不会再发送数据，但仍在读取：这就是半关闭。FIN 占用序号 {seq}；ACK 字段（{ack}）与之前的确认号相同，没有确认新的数据。",
    ),
    (
        "seg.http.fin.close",
        "FIN,ACK：响应里带着 Connection: close，服务器写完响应就关闭连接。由于是服务器先关闭，进入 TIME-WAIT 等待的将是服务器而不是客户端。FIN 占用序号 {seq}。",
    ),
    (
        "seg.http.fin.done",
        "FIN,ACK：浏览器已经拿到它请求的全部响应（{count} 个），于是自己关闭这个持久连接。先关闭的一方要经历 TIME-WAIT，所以这次是客户端。FIN 占用序号 {seq}。",
    ),
    (
        "seg.http.fin.http10",
        "FIN,ACK：HTTP/1.0 用关闭连接来结束一次交换：服务器发完响应就立即关闭连接。因为是服务器先关闭，所以每个请求都会让服务器经历一次 TIME-WAIT。FIN 占用序号 {seq}。",
    ),
    (
        "seg.http.fin.idle",
        "FIN,ACK：{ms} 毫秒内没有新的请求，服务器为持久连接设的空闲超时到期，关闭了这个连接。这次是服务器先关闭，所以服务器会处于 TIME-WAIT 状态，而客户端要经过 CLOSE-WAIT 和 LAST-ACK。FIN 占用序号 {seq}。",
    ),
    (
        "seg.http.request.close",
        "{http}：第 {index} 个请求带有 Connection: close，请服务器回应之后就关闭连接，因此这个连接只承载这一次交换。共 {len} 字节（序号 {seq} 到 {last}）；服务器的 ACK 将是 {end}。",
    ),
    (
        "seg.http.request.first",
        "{http}：这个连接上的第一个请求。HTTP/1.1 默认保持连接打开，后面的请求可以直接复用它，不用再握手。共 {len} 字节（序号 {seq} 到 {last}）；服务器的 ACK 将是 {end}。PSH 标志表示浏览器这次写入的数据到此为止：服务器的 TCP 应立即把它交给应用。",
    ),
    (
        "seg.http.request.half_open",
        "{http}：第 {index} 个请求通过保持着的连接发出。客户端无从得知服务器主机已经在 {crash} 毫秒时崩溃并忘掉了这个连接：这是一个半开连接（RFC 9293 3.5.1），所以这个请求等来的不是响应，而是一个 RST。共 {len} 字节（序号 {seq} 到 {last}）。",
    ),
    (
        "seg.http.request.http10",
        "{http}：一个不带 Connection: Keep-Alive 头部的 HTTP/1.0 请求，服务器回应之后就会关闭连接：这个连接只为这一个请求而建立。共 {len} 字节（序号 {seq} 到 {last}）；服务器的 ACK 将是 {end}。",
    ),
    (
        "seg.http.request.pipelined",
        "{http}：第 {index} 个请求在第 {prev} 个请求的响应到达之前就发出了，这就是流水线（pipelining）。多个请求一起在路上，往返时间相互重叠；代价是服务器必须严格按照请求的顺序回应。浏览器从未普遍启用流水线，HTTP/2 已经取代了它。共 {len} 字节（序号 {seq} 到 {last}）。",
    ),
    (
        "seg.http.request.retry",
        "{http}：在新连接上再次发出第 {index} 个请求：旧连接在响应到来之前就被重置了，而 GET 可以安全地重复（它是幂等的，RFC 9112 9.3.1）。它的字节按这个新连接自己的序号空间编号，从 {seq} 开始；共 {len} 字节，到 {last} 为止。",
    ),
    (
        "seg.http.request.reuse",
        "{http}：第 {index} 个请求在第 {prev} 个响应到达之后复用这个已打开的连接：不需要新的握手，也不需要新的连接状态。它的第一个字节在同一个序号空间里接着往下编号，从 {seq} 开始；共 {len} 字节，到 {last} 为止。",
    ),
    (
        "seg.http.response",
        "{http}：第 {index} 个响应，回答的是 {request}。连接保持打开，可以继续发请求。共 {len} 字节（序号 {seq} 到 {last}）；客户端的 ACK 将是 {end}。",
    ),
    (
        "seg.http.response.close",
        "{http}：第 {index} 个响应，回答的是 {request}，并带有 Connection: close：服务器发完它就会关闭连接。共 {len} 字节（序号 {seq} 到 {last}）；客户端的 ACK 将是 {end}。",
    ),
    (
        "seg.http.response.held",
        "{http}：第 {index} 个响应，回答的是 {request}。它在 {ready} 毫秒时就准备好了，却排在更慢的 {behind} 的响应后面多等了 {waited} 毫秒，因为同一连接上的响应必须保持请求的顺序：这就是队头阻塞。共 {len} 字节（序号 {seq} 到 {last}）。",
    ),
    (
        "seg.http.response.http10",
        "{http}：回答的是 {request}。在 HTTP/1.0 中，服务器发完响应就关闭连接，所以下一个页面需要新的连接和新的握手。共 {len} 字节（序号 {seq} 到 {last}）；客户端的 ACK 将是 {end}。",
    ),
    (
        "seg.http.response.long_poll",
        "{http}：对一次长轮询的回应。服务器把这个请求挂起了 {held} 毫秒，直到等待的消息出现，消息一出现就立刻回应。共 {len} 字节（序号 {seq} 到 {last}）；客户端的 ACK 将是 {end}。",
    ),
    (
        "seg.http.response.long_poll.timeout",
        "{http}：服务器把这次长轮询挂起了 {held} 毫秒，始终没有新消息，于是挂起定时器到期，用一个空的回应结束等待；客户端会立刻再问一次。共 {len} 字节（序号 {seq} 到 {last}）。",
    ),
    (
        "seg.keepalive",
        "保活探测（{probe}/{count}）：连接空闲太久了。探测报文重复一个已被确认过的序号（{seq} = SND.NXT - 1），存活的对端必须回一个 ACK。",
    ),
    (
        "seg.push.event",
        "推送的第 {id} 条消息：服务器一有机会就把它写到订阅者已打开的连接上（消息一产生就写；若消息产生在订阅之前，则在订阅时补发），不需要回答任何请求。共 {len} 字节（序号 {seq} 到 {last}）；客户端的 ACK 将是 {end}。",
    ),
    (
        "seg.push.subscribe",
        "{http}：推送客户端订阅，仅此一次。此后它再也不用询问：连接保持打开，消息会自己送上门。共 {len} 字节（序号 {seq} 到 {last}）。",
    ),
    (
        "seg.rst.abort",
        "RST：应用中止了连接（RFC 9293 3.10.5）。不经过 FIN 交换：未发送的数据被丢弃，并通知对端立即丢弃这个连接。复位报文携带 SND.NXT（{seq}），也就是对端在收齐已发送的全部数据之后期待的下一个序号；对端只接受这样精确匹配的复位（RFC 5961 3.2）。",
    ),
    (
        "seg.rst.after_abort",
        "又一个 RST：连接在本端被中止时，这个报文段已经在路上，到达后找不到连接。按照 RFC 9293 3.10.7.1（CLOSED 状态），除 RST 以外的任何报文段都用一个复位报文回应，其序号 {seq} 就是该报文段的确认号。",
    ),
    (
        "seg.rst.after_abort.discarded",
        "又一个 RST：连接在本端被中止时，这个报文段已经在路上，到达后找不到连接。按照 RFC 9293 3.10.7.1（CLOSED 状态），除 RST 以外的任何报文段都用一个复位报文回应，其序号 {seq} 就是该报文段的确认号。它到达时，对端已经因为第一个 RST 而关闭；找不到连接的 RST 会被直接丢弃、不作回应，这一来一回就到此为止。",
    ),
    (
        "seg.rst.bad_ack",
        "RST：该报文段确认了本端从未发送过的内容。按照 RFC 9293，复位报文的序号（{seq}）取自那个确认号，以便对端接受它。",
    ),
    (
        "seg.rst.closed_port",
        "RST：端口 {port} 上没有程序在监听，连接请求被立即拒绝（connection refused）。",
    ),
    (
        "seg.rst.forgotten",
        "RST：这台主机在连接建立之后崩溃并重启过，已经不认识这个连接（对端那一侧成了半开连接，RFC 9293 3.5.1）；复位报文以该报文段的确认号（{seq}）作为序号，正好是对端期待的值，因此对端会接受它。",
    ),
    (
        "seg.rst.forgotten.no_ack",
        "RST,ACK：自这个连接建立以来，本主机崩溃并重启过，这里没有任何连接与该报文段对应（半开连接，RFC 9293 3.5.1）。该报文段没有携带 ACK，所以复位报文的序号为 0，并改为确认该报文段（ack {ack} = 它的 SEQ + LEN），以此表明复位针对的是它。",
    ),
    (
        "seg.rst.keepalive",
        "RST：保活探测始终没有应答，对端被认为已经失效，连接被复位。",
    ),
    (
        "seg.rst.listening",
        "RST：与该报文段对应的只有端口 {port} 上的监听套接字，而监听套接字只接受 SYN，于是回一个复位报文，序号取自该报文段的确认号（{seq}），正好是发送方期待的值。",
    ),
    (
        "seg.rst.middlebox",
        "{mb}伪造的 RST：它已经删除了这条流的表项（空闲超过 {ms} 毫秒），于是冒充另一端发出复位，连接就此断开。",
    ),
    (
        "seg.rst.no_connection",
        "RST：本主机上没有任何连接与该报文段对应（连接已经结束，或者从未存在）。按照 RFC 9293 3.10.7.1，用一个复位报文回应它，序号取自该报文段的确认号（{seq}）：这正是发送方期待的下一个序号，所以发送方会接受它（RFC 5961 3.2 只接受序号精确匹配的复位），并把自己那一端也删掉。",
    ),
    (
        "seg.rst.no_connection.no_ack",
        "RST,ACK：本主机上没有任何连接与该报文段对应。该报文段没有携带 ACK，所以按照 RFC 9293 3.10.7.1，复位报文的序号为 0，并改为确认该报文段（ack {ack} = 它的 SEQ + LEN），以此表明复位针对的是它。",
    ),
    (
        "seg.rtx.after_probe",
        "再次发送：窗口已经打开，数据从 {seq} 继续发送，首先是窗口为零时被接收方拒收的那个探测字节（共 {len} 字节）。",
    ),
    (
        "seg.rtx.data",
        "第 {attempt} 次重传：在重传超时（{rto} 毫秒）内没有收到 ACK，于是从序号 {seq} 起的 {len} 字节再发一次。下一次超时时间加倍（指数退避）。TCP 还把超时看作拥塞的信号：拥塞窗口降到一个报文段，重新开始慢启动（RFC 5681 3.1）。",
    ),
    (
        "seg.rtx.fast",
        "快速重传：三个重复 ACK 表明从 {seq} 开始的字节丢了，而后面的数据已经到达，于是立即重发 {len} 字节，不必等定时器（RFC 5681 3.2）。为什么是三个：一两个重复 ACK 可能只是报文段在途中乱序造成的，连续三个才说明很可能丢包了。发送方把拥塞窗口减半，ssthresh = max(FlightSize/2, 2·SMSS)，cwnd = ssthresh + 3·SMSS，并进入快速恢复。",
    ),
    (
        "seg.rtx.fin",
        "再次发送 FIN（第 {attempt} 次重传）：序号 {seq} 的 FIN 在 {rto} 毫秒内没有被确认。",
    ),
    (
        "seg.rtx.partial",
        "快速恢复中的重传（NewReno，RFC 6582）：恢复期间的一个 ACK 停在 {seq}，低于 recover，即开始快速重传时已发出的最高序号（部分确认），说明那个窗口里还有一个报文段丢了。于是从 {seq} 开始的 {len} 字节立即重发，不必再等三个新的重复 ACK，也不必等重传定时器。",
    ),
    (
        "seg.rtx.sack",
        "重传一个空洞：对端的 SACK 块表明，它已经收到了这 {len} 字节（从 {seq} 开始）后面的数据，唯独缺这一段，于是立即重发，不必等重传定时器（RFC 6675）。",
    ),
    (
        "seg.rtx.syn",
        "再次发送 SYN（第 {attempt} 次重传）：{rto} 毫秒内没有收到 SYN,ACK。ISN 不变，仍是 {seq}；下一次等待时间加倍。",
    ),
    (
        "seg.rtx.syn_ack",
        "再次发送 SYN,ACK（第 {attempt} 次重传）：{rto} 毫秒内没有收到握手的最后一个 ACK。ISN 仍是 {seq}，ack 为 {ack}。",
    ),
    (
        "seg.syn",
        "SYN：请求建立连接，告知本端的初始序号（ISN）{seq}，并用 MSS 选项（{mss} 字节）告诉对方自己能接收的最大报文段。每个连接选用新的 ISN，首先是为了让同一对端口之间早先连接遗留的旧报文段不被误当作新数据，其次是让序号难以被猜到（RFC 9293 3.4.1）。SYN 本身占用这个序号，这样它才能像数据一样被确认和重传：第一个数据字节的序号将是 {next}。",
    ),
    (
        "seg.syn.no_mss",
        "SYN：请求建立连接，并告知本端的初始序号（ISN）{seq}。每个连接选用新的 ISN，首先是为了让同一对端口之间早先连接遗留的旧报文段不被误当作新数据，其次是让序号难以被猜到（RFC 9293 3.4.1）。SYN 本身占用这个序号，这样它才能像数据一样被确认和重传：第一个数据字节的序号将是 {next}。",
    ),
    (
        "seg.syn.wrap",
        "SYN：请求建立连接，并告知本端的初始序号（ISN）{seq}，即最大的 32 位数。SYN 本身占用这个序号，所以第一个数据字节的序号将是 {next}：序号按 2^32 取模计数，到这里回绕到 0。",
    ),
    (
        "seg.syn_ack",
        "SYN,ACK：接受连接，给出本端自己的 ISN {seq}，并在 MSS 选项中给出自己能接收的最大报文段（{mss} 字节）。ack = {ack}，因为对端的 SYN 占用了序号 {peer_isn}。",
    ),
    (
        "seg.syn_ack.no_mss",
        "SYN,ACK：接受连接，并给出本端自己的 ISN {seq}。ack = {ack}，因为对端的 SYN 占用了序号 {peer_isn}。",
    ),
    (
        "seg.syn_ack.simultaneous",
        "SYN,ACK：双方同时发出了 SYN（同时打开）。本段重复本端的 SYN（seq {seq}），并确认对端的 SYN：ack = {ack}。",
    ),
    (
        "seg.udp",
        "UDP 数据报：{len} 字节，从端口 {sport} 发往端口 {dport}。没有握手、没有序号、没有确认：如果它丢了，UDP 自己永远不会知道。",
    ),
    (
        "seg.udp.answer_again",
        "UDP 数据报（{label}）：服务器再次回答同一个问题（已回答 {times} 次）。它不保存任何连接状态，既不知道客户端没收到第一次的回答，也不知道这并不是一个新问题。{len} 字节，从端口 {sport} 发往端口 {dport}。",
    ),
    (
        "seg.udp.labelled",
        "UDP 数据报（{label}）：{len} 字节，从端口 {sport} 发往端口 {dport}。没有握手也没有确认：丢失只能由应用自己发现。",
    ),
    (
        "seg.udp.retry",
        "UDP 数据报（{label}）：同一个问题再问一次，第 {attempt} 次尝试。客户端等了 {ms} 毫秒没有回音；UDP 没有确认也没有重传，所以是应用自己的定时器决定再问一次。{len} 字节，从端口 {sport} 发往端口 {dport}。",
    ),
    (
        "seg.zero_window_probe",
        "零窗口探测：对端通告的窗口为 0，于是发送一个字节（seq {seq}）来探询窗口是否已经打开；对方的应答会带上当前窗口。",
    ),
    // state: why each state changed.
    (
        "state.abort",
        "应用中止了连接：若对端可能还保留着连接状态，就发出一个 RST，然后删除连接。",
    ),
    (
        "state.close.active",
        "应用关闭了连接：FIN（序号 {fin}）排在所有尚未发出的数据之后。此时还没有收到对端的 FIN，所以这是主动关闭：本端进入 FIN-WAIT-1，最后要经历 TIME-WAIT。",
    ),
    (
        "state.close.passive",
        "对端已先关闭，现在本端应用也关闭了：发出本端 FIN（序号 {fin}），在 LAST-ACK 状态下等待它的确认。",
    ),
    (
        "state.close.shutdown",
        "应用调用了 shutdown(SHUT_WR)：它不再发送数据，但仍继续读取。FIN（序号 {fin}）排在所有尚未发出的数据之后，本端进入 FIN-WAIT-1；另一个方向仍然打开。",
    ),
    (
        "state.close_unconnected",
        "连接尚未建立时应用就关闭了：无需通知对端。",
    ),
    (
        "state.connect",
        "应用调用了 connect()：发出 ISN 为 {iss} 的 SYN，连接在 SYN-SENT 状态下等待回应。",
    ),
    (
        "state.established.active",
        "SYN,ACK 确认了本端的 SYN（ack {ack}）：本端连接已建立；本端发出的 ACK 将为对端完成握手。",
    ),
    (
        "state.established.passive",
        "收到了对本端 SYN,ACK 的确认（ack {ack}）：三次握手完成，双方都可以发送数据了。",
    ),
    (
        "state.established.simultaneous",
        "SYN,ACK 确认了本端的 SYN（ack {ack}）：同时打开完成。它用了四个报文段（两个 SYN 和两个 SYN,ACK），而不是与监听套接字握手时的三个；现在双方都可以发送数据了。",
    ),
    (
        "state.fin.close_wait",
        "收到对端的 FIN（序号 {fin}）：对端不会再发送数据。应用会读到流结束，但在关闭之前仍可继续发送。",
    ),
    (
        "state.fin.closing",
        "对端的 FIN（序号 {fin}）在本端 FIN 被确认之前就到了：这是同时关闭，双方都在关闭自己的方向。",
    ),
    (
        "state.fin.time_wait",
        "收到对端的 FIN（序号 {fin}）：两个方向都已结束。连接在 TIME-WAIT 状态下等待 2×MSL。为什么是 2×MSL：如果最后的 ACK 丢失，对端重传的 FIN 会在这段时间内到达，本端可以再次确认；而且等满 2×MSL，这个连接遗留在网络中的报文段都已消失，之后同一对端口之间的新连接不会收到它们。",
    ),
    (
        "state.fin_acked.closed",
        "收到对本端 FIN 的确认（ack {ack}）：两个方向都已结束，本端立即删除连接。",
    ),
    (
        "state.fin_acked.fin_wait_2",
        "本端的 FIN 已被确认（ack {ack}）。本端方向已关闭；对端仍可发送数据，本端在 FIN-WAIT-2 状态下等待它的 FIN。",
    ),
    (
        "state.fin_acked.time_wait",
        "双方都已关闭后，收到对本端 FIN 的确认（ack {ack}）：在 TIME-WAIT 状态下等待 2×MSL，足以再次确认对端重传的 FIN，也足以让这个连接遗留的报文段全部消失。",
    ),
    (
        "state.fin_wait_2_timeout",
        "对端始终没有发送 FIN：FIN-WAIT-2 超时，放弃这个半关闭的连接。",
    ),
    (
        "state.host_crashed",
        "主机 {host} 崩溃：这个处于 {state} 状态的连接随之消失。没有发出任何报文；对端得不到通知，仍保留着自己那一端（RFC 9293 3.5.1）。",
    ),
    (
        "state.host_crashed.listen",
        "主机 {host} 崩溃：端口 {port} 上的监听套接字没有了。主机恢复之后，在有程序重新监听之前，发往这个端口的 SYN 都会得到 RST。",
    ),
    (
        "state.keepalive_dead",
        "{probes} 个保活探测都没有应答：认为对端已失效，连接被放弃。",
    ),
    (
        "state.listen",
        "应用在端口 {port} 上监听：套接字在 LISTEN 状态下等待 SYN，并且在接受连接期间一直保持这个状态。",
    ),
    (
        "state.refused",
        "对端回了 RST：连接被拒绝。",
    ),
    (
        "state.reset",
        "收到一个序号正好等于期待值（{seq} = RCV.NXT）的 RST。RFC 5961 3.2 只接受序号精确匹配的复位（仅仅落在窗口之内的 RST 只会换来一个挑战 ACK），因此靠盲猜命中的可能性极小：连接被立即断开，应用收到错误。",
    ),
    (
        "state.reset.listen",
        "这个仍处于 SYN-RECEIVED 状态的连接（半连接）收到了 RST（或新的 SYN）：按照 RFC 9293 3.10.7.4，它回到 LISTEN，监听套接字照常工作。",
    ),
    (
        "state.retries",
        "重传 {retries} 次仍未收到确认：放弃连接，并通知应用。",
    ),
    (
        "state.retries.short",
        "重传 {retries} 次仍未收到确认：放弃连接，并通知应用。这里的次数特意减少了，便于观察：Linux 默认重传 15 次（tcp_retries2），大约持续 15 分钟。",
    ),
    (
        "state.retries.syn",
        "SYN 重传 {retries} 次仍未收到 SYN,ACK：connect() 以超时失败。",
    ),
    (
        "state.retries.syn.short",
        "SYN 重传 {retries} 次仍未收到 SYN,ACK：connect() 以超时失败。这里的次数特意减少了，便于观察：Linux 默认把 SYN 重传 6 次（tcp_syn_retries），大约持续 2 分钟。",
    ),
    (
        "state.simultaneous_open",
        "对端的 SYN（ISN {irs}）与本端的 SYN 在途中交错：同时打开。本端进入 SYN-RECEIVED，并回复 SYN,ACK。",
    ),
    (
        "state.syn_received",
        "收到 SYN（对端 ISN {irs}）：监听套接字创建一个新连接，新连接回复带有自己 ISN {iss} 的 SYN,ACK。",
    ),
    (
        "state.time_wait_over",
        "TIME-WAIT 结束：自最后一次确认对端的 FIN 起已过去 2×MSL（{ms} 毫秒），其间没有再收到 FIN。连接彻底关闭。",
    ),
    (
        "state.user_timeout",
        "已发送的数据超过用户超时时间仍未被确认：放弃连接，并通知应用。",
    ),
    // term: words used as arguments of other texts (rendered in the same language).
    (
        "term.mb.firewall",
        "防火墙",
    ),
    (
        "term.mb.nat",
        "NAT 路由器",
    ),
    (
        "term.way.http10",
        "HTTP/1.0",
    ),
    (
        "term.way.keepalive",
        "持久连接",
    ),
    (
        "term.way.long-polling",
        "长轮询",
    ),
    (
        "term.way.pipelining",
        "流水线",
    ),
    (
        "term.way.push",
        "推送",
    ),
    (
        "term.way.short-polling",
        "短轮询",
    ),
    // timer: what each timer waits for.
    (
        "timer.beat_wait",
        "等待客户端的下一个心跳：预计在 {ms} 毫秒内到达（目前已错过 {missed} 次）。",
    ),
    (
        "timer.delayed_ack",
        "延迟确认：最多等待 {ms} 毫秒，看是否有要发送的数据可以捎带这个确认。",
    ),
    (
        "timer.fin_wait_2",
        "FIN-WAIT-2 超时：{ms} 毫秒内没有收到对端 FIN 就放弃。",
    ),
    (
        "timer.heartbeat",
        "心跳间隔：{ms} 毫秒后发送第 {n} 个心跳。",
    ),
    (
        "timer.http_idle",
        "HTTP 持久连接：服务器在 {ms} 毫秒内没有收到请求就关闭连接。",
    ),
    (
        "timer.idle_timeout",
        "{mb}的空闲定时器：这条流 {ms} 毫秒内没有报文，就删除它的表项。",
    ),
    (
        "timer.idle_timeout.short",
        "{mb}的空闲定时器：这条流 {ms} 毫秒内没有报文，就删除它的表项。这里特意缩短了，便于观察：RFC 5382（REQ-5）规定 NAT 对已建立的 TCP 流至少保留 2 小时 4 分钟。",
    ),
    (
        "timer.keepalive.idle",
        "保活：连接若空闲 {ms} 毫秒，就发送探测。",
    ),
    (
        "timer.keepalive.idle.short",
        "保活：连接若空闲 {ms} 毫秒，就发送探测。这里特意缩短了，便于观察：除非应用开启（SO_KEEPALIVE），保活默认是关闭的；RFC 1122（4.2.3.6）规定默认的空闲时间至少为 2 小时。",
    ),
    (
        "timer.keepalive.interval",
        "保活：等待 {ms} 毫秒，看第 {probe} 个探测（共 {count} 个）是否有应答。",
    ),
    (
        "timer.long_poll_hold",
        "长轮询：挂起请求等待新消息，最多 {ms} 毫秒。",
    ),
    (
        "timer.offline_after",
        "如果 {ms} 毫秒内没有收到请求，服务器就把 {client} 标记为离线。",
    ),
    (
        "timer.persist",
        "持续定时器：{ms} 毫秒后探测零窗口（退避 ×{backoff}）。",
    ),
    (
        "timer.poll",
        "{ms} 毫秒后进行下一次轮询（第 {poll} 次，共 {count} 次）。",
    ),
    (
        "timer.reply_wait",
        "最多等待 {ms} 毫秒，等第 {n} 个心跳的回复。",
    ),
    (
        "timer.rto",
        "重传定时器：{rto} 毫秒。RTO = SRTT + max(G, 4·RTTVAR)，这里 SRTT 为 {srtt} 毫秒、RTTVAR 为 {rttvar} 毫秒（G 为时钟粒度），且不低于下限。每得到一个新的往返时间测量值 R，先更新 RTTVAR = 3/4·RTTVAR + 1/4·|SRTT − R|，再更新 SRTT = 7/8·SRTT + 1/8·R（α = 1/8，β = 1/4，RFC 6298）。",
    ),
    (
        "timer.rto.backoff",
        "重传定时器：退避 ×{backoff} 后为 {rto} 毫秒（RFC 6298：每次超时后加倍，上限不低于 60 秒）。",
    ),
    (
        "timer.rto.fallback",
        "重传定时器：{rto} 毫秒。握手时 SYN 经过了重传，因此得不到往返时间的测量值（Karn 算法），RFC 6298（5.7 节）规定此时定时器改从 3 秒而不是 1 秒开始。",
    ),
    (
        "timer.rto.initial",
        "重传定时器：{rto} 毫秒，这是初始值，因为还没有测量到往返时间（RFC 6298）。",
    ),
    (
        "timer.time_wait",
        "TIME-WAIT：2×MSL = {ms} 毫秒（MSL 为 {msl} 毫秒）。",
    ),
    (
        "timer.time_wait.short",
        "TIME-WAIT：2×MSL = {ms} 毫秒。这里把 MSL 缩短为 {msl} 毫秒，便于观察等待过程；RFC 9293 把 MSL 取为 2 分钟，Linux 的 TIME-WAIT 持续 60 秒。",
    ),
    (
        "timer.udp_reply",
        "最多等待 {ms} 毫秒的回答（第 {attempt} 次尝试，共 {max} 次）；UDP 本身永远不会报告丢失。",
    ),
    (
        "timer.user_timeout",
        "用户超时：已发送的数据若 {ms} 毫秒仍未被确认就放弃。",
    ),
];
