//! What the second pass keeps: the [`Selection`] the user made from the [`crate::Index`].

/// What the second pass materializes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Selection {
    /// Connection ids from the [`Index`](crate::Index); empty means all.
    pub connections: Vec<u32>,
    /// Keep packets from this time on (microseconds after the capture's first packet).
    pub from_us: Option<u64>,
    /// Keep packets up to this time (inclusive).
    pub to_us: Option<u64>,
    /// Most segments put in the Trace; later ones are counted and left out (by default
    /// the engine's cap, [`wiretrace_core::net::MAX_SEGMENTS`]).
    pub max_segments: usize,
    /// Most payload bytes kept in the Trace (HTTP is recognised on all of it anyway).
    pub max_payload_bytes: usize,
}

impl Default for Selection {
    fn default() -> Self {
        Selection {
            connections: Vec::new(),
            from_us: None,
            to_us: None,
            max_segments: wiretrace_core::net::MAX_SEGMENTS,
            max_payload_bytes: 8 << 20,
        }
    }
}

impl Selection {
    /// Everything (up to the default caps).
    pub fn all() -> Self {
        Selection::default()
    }

    /// One connection.
    pub fn connection(id: u32) -> Self {
        Selection {
            connections: vec![id],
            ..Selection::default()
        }
    }
}
