#!/usr/bin/env bash
# Records the small real-kernel captures the capture tests read, on loopback only.
#
#   tests/captures/record.sh            # re-record everything into tests/captures/
#
# Needs root (tcpdump), python3, curl and tshark; installs tcpdump and curl if missing.
# Each capture gets its tshark reading next to it (NAME.tshark.tsv: frame, flags, seq,
# ack, len, analysis flags) and a tcpdump text rendering (NAME.tcpdump.txt), so the tests
# run without tshark and can compare the three readers on the same packets.
# The traffic is between local processes on 127.0.0.1 and [::1] and ends by itself.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
work="$(mktemp -d)"
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT

need() { command -v "$1" >/dev/null 2>&1; }
if ! need tcpdump || ! need curl; then
  apt-get update -qq && apt-get install -y -qq tcpdump curl >/dev/null
fi
need tshark || { echo "record.sh: tshark is needed (apt-get install tshark)" >&2; exit 2; }
need python3 || { echo "record.sh: python3 is needed" >&2; exit 2; }

# ---------------------------------------------------------------- helper programs
cat >"$work/http11.py" <<'PY'
# HTTP/1.1 server (keep-alive, pipelining) on the port given; serves small bodies.
import http.server, sys
class H(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    def do_GET(self):
        body = ("hello from " + self.path + "\n").encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
    def log_message(self, *a):
        pass
fam = sys.argv[2] if len(sys.argv) > 2 else "4"
class S(http.server.HTTPServer):
    import socket
    address_family = socket.AF_INET6 if fam == "6" else socket.AF_INET
S(("::1" if fam == "6" else "127.0.0.1", int(sys.argv[1])), H).serve_forever()
PY

cat >"$work/idle_close.py" <<'PY'
# Answers one request, then closes the idle connection itself after 300 ms.
import socket, sys, time
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", int(sys.argv[1]))); s.listen(1)
c, _ = s.accept()
c.recv(4096)
c.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 3\r\nKeep-Alive: timeout=0\r\n\r\nok\n")
time.sleep(0.3)
c.close(); s.close()
PY

cat >"$work/idle_client.py" <<'PY'
# One request, then wait for the server to close, then close.
import socket, sys
c = socket.create_connection(("127.0.0.1", int(sys.argv[1])))
c.sendall(b"GET /idle HTTP/1.1\r\nHost: localhost\r\n\r\n")
while c.recv(4096):
    pass
c.close()
PY

cat >"$work/pipeline_client.py" <<'PY'
# Two requests in one write (pipelined), then read both responses, then close.
import socket, sys
c = socket.create_connection(("127.0.0.1", int(sys.argv[1])))
c.sendall(b"GET /one HTTP/1.1\r\nHost: localhost\r\n\r\nGET /two HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
data = b""
while True:
    d = c.recv(4096)
    if not d:
        break
    data += d
c.close()
assert data.count(b"HTTP/1.1 200") == 2, data
PY

cat >"$work/hold_server.py" <<'PY'
# Accepts one connection and holds it silent until the peer closes.
import socket, sys
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", int(sys.argv[1]))); s.listen(1)
c, _ = s.accept()
while c.recv(4096):
    pass
c.close(); s.close()
PY

cat >"$work/keepalive_client.py" <<'PY'
# SO_KEEPALIVE with a 1 s idle time and 1 s interval: stays silent 3.5 s, then closes.
import socket, sys, time
c = socket.socket()
c.setsockopt(socket.SOL_SOCKET, socket.SO_KEEPALIVE, 1)
c.setsockopt(socket.IPPROTO_TCP, socket.TCP_KEEPIDLE, 1)
c.setsockopt(socket.IPPROTO_TCP, socket.TCP_KEEPINTVL, 1)
c.setsockopt(socket.IPPROTO_TCP, socket.TCP_KEEPCNT, 5)
c.connect(("127.0.0.1", int(sys.argv[1])))
time.sleep(3.5)
c.close()
PY

# ---------------------------------------------------------------- capture plumbing
wait_port() { # port [6]
  for _ in $(seq 1 100); do
    if python3 - "$1" "${2:-4}" <<'PY' 2>/dev/null; then return 0; fi
import socket, sys
fam = socket.AF_INET6 if sys.argv[2] == "6" else socket.AF_INET
s = socket.socket(fam); s.settimeout(0.2)
s.connect(("::1" if sys.argv[2] == "6" else "127.0.0.1", int(sys.argv[1]))); s.close()
PY
    sleep 0.05
  done
  echo "record.sh: nothing listens on port $1" >&2; exit 1
}

start_capture() { # name iface filter
  tcpdump -i "$2" -s 0 -U --immediate-mode -w "$work/$1.pcap" "$3" 2>"$work/$1.tcpdump.log" &
  cap_pid=$!
  for _ in $(seq 1 100); do
    grep -q "listening on" "$work/$1.tcpdump.log" 2>/dev/null && return 0
    sleep 0.05
  done
  echo "record.sh: tcpdump did not start: $(cat "$work/$1.tcpdump.log")" >&2; exit 1
}

stop_capture() { # name
  sleep 0.3
  kill -INT "$cap_pid"; wait "$cap_pid" || true
}

# The port probe of wait_port is itself a connection: start capturing after it.
record_with_server() { # name port server-cmd... -- client-cmd...
  local name=$1 port=$2; shift 2
  local server=() client=()
  while [ "$1" != "--" ]; do server+=("$1"); shift; done; shift
  client=("$@")
  "${server[@]}" & local spid=$!
  wait_port "$port"
  start_capture "$name" lo "tcp port $port"
  "${client[@]}" >/dev/null
  stop_capture "$name"
  kill "$spid" 2>/dev/null || true; wait "$spid" 2>/dev/null || true
}

# ---------------------------------------------------------------- the captures
# 1. one GET over HTTP/1.1, then curl closes.
record_with_server single-get 18081 python3 "$work/http11.py" 18081 -- \
  curl -s http://127.0.0.1:18081/index.html

# 2. two GETs on one connection (keep-alive): curl reuses the connection.
record_with_server two-gets-one-conn 18082 python3 "$work/http11.py" 18082 -- \
  curl -s http://127.0.0.1:18082/a http://127.0.0.1:18082/b

# 3. HTTP/1.0: two GETs, two connections; python's http.server speaks HTTP/1.0 and closes.
record_with_server http10-two-conns 18083 python3 -m http.server 18083 --bind 127.0.0.1 -d "$here" -- \
  curl -s --http1.0 http://127.0.0.1:18083/record.sh http://127.0.0.1:18083/record.sh

# 4. a closed port: SYN answered by RST.
start_capture closed-port lo "tcp port 18084"
curl -s http://127.0.0.1:18084/ || true
stop_capture closed-port

# 5. the server closes an idle connection.
python3 "$work/idle_close.py" 18085 & spid=$!
sleep 0.3
start_capture server-idle-close lo "tcp port 18085"
python3 "$work/idle_client.py" 18085
stop_capture server-idle-close
wait "$spid" || true

# 6. pipelining: two requests in one segment.
record_with_server pipelining 18086 python3 "$work/http11.py" 18086 -- \
  python3 "$work/pipeline_client.py" 18086

# 7. SO_KEEPALIVE probes every second on a silent connection.
python3 "$work/hold_server.py" 18087 & spid=$!
sleep 0.3
start_capture keepalive lo "tcp port 18087"
python3 "$work/keepalive_client.py" 18087
stop_capture keepalive
wait "$spid" || true

# 8. IPv6 and Linux cooked v2 ("any"): one GET to [::1].
python3 "$work/http11.py" 18088 6 & spid=$!
wait_port 18088 6
start_capture ipv6-any any "tcp port 18088"
curl -s "http://[::1]:18088/six"
stop_capture ipv6-any
kill "$spid"; wait "$spid" 2>/dev/null || true

# ---------------------------------------------------------------- outputs
fields=(-e frame.number -e tcp.flags -e tcp.seq -e tcp.ack -e tcp.len)
for f in retransmission fast_retransmission spurious_retransmission out_of_order lost_segment \
         ack_lost_segment window_update window_full keep_alive keep_alive_ack duplicate_ack \
         zero_window zero_window_probe zero_window_probe_ack; do
  fields+=(-e "tcp.analysis.$f")
done
for pcap in "$work"/*.pcap; do
  name="$(basename "$pcap" .pcap)"
  cp "$pcap" "$here/$name.pcap"
  {
    echo "# tshark -o tcp.relative_sequence_numbers:FALSE -T fields: frame flags seq ack len, then one column per tcp.analysis flag:"
    echo "# retransmission fast_retransmission spurious_retransmission out_of_order lost_segment ack_lost_segment window_update window_full keep_alive keep_alive_ack duplicate_ack zero_window zero_window_probe zero_window_probe_ack"
    tshark -r "$pcap" -o tcp.relative_sequence_numbers:FALSE -T fields -E separator=/t "${fields[@]}"
  } >"$here/$name.tshark.tsv"
  tcpdump -r "$pcap" -n -tt 2>/dev/null >"$here/$name.tcpdump.txt"
done
# The same GET as pcapng, and as tcpdump text with absolute numbers and dates (-S -tttt).
editcap -F pcapng "$here/single-get.pcap" "$here/single-get.pcapng"
tcpdump -r "$here/single-get.pcap" -n -S -tttt 2>/dev/null >"$here/single-get.tcpdump-S.txt"
# Two interfaces of different link types (Ethernet and Linux cooked v2) in one pcapng.
mergecap -F pcapng -w "$here/two-interfaces.pcapng" "$here/single-get.pcap" "$here/ipv6-any.pcap"
# And with the HTTP payload in ASCII (-A).
tcpdump -r "$here/pipelining.pcap" -n -A 2>/dev/null >"$here/pipelining.tcpdump-A.txt"
echo "recorded: $(cd "$here" && ls *.pcap *.pcapng | tr '\n' ' ')"
