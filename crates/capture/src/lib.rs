//! Captures in and out: writes a [`wiretrace_core::Trace`] as pcap, and reads pcap, pcapng
//! and tcpdump text back into a Trace with inferred TCP states.
