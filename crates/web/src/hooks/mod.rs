//! Hooks: the playback timer, the player's keyboard shortcuts, the share-link sync, a
//! media-query watcher, an element's size and the import's phase machine. Timers live here, never in the
//! reducer.

pub mod embed_api;
pub mod figure_layout;
pub mod keyboard;
pub mod link_sync;
pub mod media;
pub mod playback;
pub mod resize;
pub mod use_import;
