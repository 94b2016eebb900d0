//! Who is in the Trace: the connections that have kept packets, renumbered from 0 in order
//! of first packet, and the lifelines, one per (address, role), clients first.

use std::collections::HashMap;
use std::net::IpAddr;

use wiretrace_core::trace::{Connection, Endpoint, Role};

use super::Rec;
use crate::flow::{addr_text, Flow};

/// The connections and lifelines of a Trace.
pub(super) struct Cast<'a> {
    flows: &'a [Flow],
    names: &'a HashMap<IpAddr, String>,
    /// Flow ids (the [`crate::Index`]'s connection numbers) with kept packets, in order.
    pub conn_ids: Vec<u32>,
    /// Flow id -> the connection's id in the Trace.
    trace_id: HashMap<u32, u32>,
    /// Client addresses, one lifeline each, in order of first connection.
    clients: Vec<IpAddr>,
    /// Server addresses, one lifeline each, in order of first connection.
    servers: Vec<IpAddr>,
}

impl<'a> Cast<'a> {
    /// The cast of the kept packets `recs`.
    pub fn new(flows: &'a [Flow], names: &'a HashMap<IpAddr, String>, recs: &[Rec]) -> Self {
        let mut conn_ids: Vec<u32> = recs.iter().map(|r| r.conn).collect();
        conn_ids.sort_unstable();
        conn_ids.dedup();
        let trace_id = conn_ids
            .iter()
            .enumerate()
            .map(|(i, c)| (*c, i as u32))
            .collect();
        let mut clients: Vec<IpAddr> = Vec::new();
        let mut servers: Vec<IpAddr> = Vec::new();
        for c in &conn_ids {
            let f = &flows[*c as usize];
            if !clients.contains(&f.client.ip()) {
                clients.push(f.client.ip());
            }
            if !servers.contains(&f.server.ip()) {
                servers.push(f.server.ip());
            }
        }
        Cast {
            flows,
            names,
            conn_ids,
            trace_id,
            clients,
            servers,
        }
    }

    /// The flow a kept packet belongs to.
    pub fn flow(&self, conn: u32) -> &'a Flow {
        &self.flows[conn as usize]
    }

    /// The Trace's id of a flow with kept packets.
    pub fn trace_id(&self, conn: u32) -> u32 {
        self.trace_id[&conn]
    }

    /// The endpoint ids of a flow's sides, indexed by direction (0: client, 1: server).
    pub fn ends(&self, conn: u32) -> [String; 2] {
        let f = self.flow(conn);
        [
            ep_id("client", position(&self.clients, f.client.ip())),
            ep_id("server", position(&self.servers, f.server.ip())),
        ]
    }

    /// The lifelines: clients, then servers.
    pub fn endpoints(&self) -> Vec<Endpoint> {
        let ip_text = |ip: &IpAddr| {
            self.names
                .get(ip)
                .cloned()
                .unwrap_or_else(|| ip.to_string())
        };
        let lifeline = |role: Role, id: &str, label: &str, (i, ip): (usize, &IpAddr)| Endpoint {
            id: ep_id(id, i),
            label: if i == 0 {
                label.to_owned()
            } else {
                format!("{label} {}", i + 1)
            },
            ip: ip_text(ip),
            role,
            label_msg: None,
        };
        let clients = self.clients.iter().enumerate();
        let servers = self.servers.iter().enumerate();
        clients
            .map(|c| lifeline(Role::Client, "client", "Client", c))
            .chain(servers.map(|s| lifeline(Role::Server, "server", "Server", s)))
            .collect()
    }

    /// The Trace's connections, numbered from 0.
    pub fn connections(&self) -> Vec<Connection> {
        self.conn_ids
            .iter()
            .enumerate()
            .map(|(i, c)| {
                let f = self.flow(*c);
                let [client_endpoint, server_endpoint] = self.ends(*c);
                Connection {
                    id: i as u32,
                    proto: f.proto,
                    client: addr_text(f.client, self.names),
                    server: addr_text(f.server, self.names),
                    client_endpoint,
                    server_endpoint,
                    server_side: None,
                }
            })
            .collect()
    }
}

/// `client`, `client2`, ... for the lifelines of one role.
fn ep_id(role: &str, i: usize) -> String {
    if i == 0 {
        role.to_owned()
    } else {
        format!("{role}{}", i + 1)
    }
}

fn position(ips: &[IpAddr], ip: IpAddr) -> usize {
    ips.iter().position(|x| *x == ip).unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::super::testing::{flows, rec};
    use super::*;
    use crate::packet::SYN;

    #[test]
    fn connections_are_renumbered_and_each_server_address_gets_a_lifeline() {
        let recs = [
            rec(0, 0, 0, SYN, 1, None, 0),
            rec(1, 0, 10, SYN, 2, None, 0),
        ];
        let flows = flows(&recs);
        let names = HashMap::new();
        let both = Cast::new(&flows, &names, &recs);
        let ids: Vec<String> = both.endpoints().into_iter().map(|e| e.id).collect();
        assert_eq!(ids, ["client", "server", "server2"]);
        assert_eq!(both.ends(1), ["client".to_owned(), "server2".to_owned()]);

        // Only the second connection kept: it is connection 0, with one server.
        let second = Cast::new(&flows, &names, &recs[1..]);
        assert_eq!(second.conn_ids, [1]);
        assert_eq!(second.trace_id(1), 0);
        let c = second.connections();
        assert_eq!((c.len(), c[0].id), (1, 0));
        assert_eq!(c[0].server, "10.0.0.3:80");
        assert_eq!(c[0].server_endpoint, "server");
    }
}
