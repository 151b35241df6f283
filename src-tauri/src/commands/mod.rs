//! IPC commands, one file per area; each is a one-line adapter over verdict-core.

pub mod desk;
