//! One `#[component]` per file: props in, callbacks out. None of them computes protocol
//! facts: those come from the Trace and the diagram crate.

pub mod alert;
pub mod app;
pub mod diagram;
pub mod embed_page;
pub mod explanation;
pub mod exports;
pub mod header;
pub mod icons;
pub mod import;
pub mod import_picker;
pub mod log_rows;
pub mod overview;
pub mod params;
pub mod player;
pub mod plots;
pub mod quiz;
pub mod root;
pub mod segment_log;
pub mod share;
pub mod socket_panel;
pub mod source_notes;
pub mod whole_run;
