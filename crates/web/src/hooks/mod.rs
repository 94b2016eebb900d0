//! Hooks: the playback timer, the player's keyboard shortcuts, the share-link sync and a
//! media-query watcher. Timers live here, never in the reducer.

pub mod keyboard;
pub mod link_sync;
pub mod media;
pub mod playback;
