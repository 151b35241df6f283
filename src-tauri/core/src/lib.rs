//! Verdict Desk's display-free core: the content model, validation, the SQLite store, bundles.
//!
//! Nothing here links a GUI toolkit; the desktop shell and the `verdict` CLI are thin adapters.

pub mod api;
pub mod backup;
pub mod bundle;
pub mod checks;
pub mod comments;
pub mod desk;
pub mod facts;
pub mod images;
pub mod media;
pub mod model;
pub mod newsletter;
pub mod publish;
pub mod render;
pub mod score;
pub mod secrets;
pub mod site;
pub mod store;
pub mod team;
pub mod util;
pub mod validate;
pub mod workflow;

pub use api::{ApiError, ErrorCode, ErrorDetails};
pub use bundle::{Bundle, BundleError, BundleProblem, ImportReport};
pub use desk::{default_data_dir, notices, Desk, DeskError};
pub use store::{SaveOutcome, SearchHit, Store, StoreError};
pub use validate::{FieldError, Validate};
