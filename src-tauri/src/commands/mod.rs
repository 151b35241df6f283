//! IPC commands, one file per area; each is a one-line adapter over verdict-core.

pub mod calendar;
pub mod comments;
pub mod comparisons;
pub mod desk;
pub mod files;
pub mod history;
pub mod links;
pub mod media;
pub mod notices;
pub mod publishing;
pub mod receipts;
pub mod recovery;
pub mod reviewers;
pub mod settings;
pub mod team;
pub mod tools;
pub mod window;
