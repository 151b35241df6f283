//! Test support shared by every crate's tests; nothing here ships in the app.
//!
//! [`program`] finds a program that a test starts, through the one list of such programs,
//! `.ci/programs`, which `.ci/setup` installs from. A test that asks for a program not on
//! the list fails (add it there, with its package), and so does one that asks for a listed
//! program that is not installed, naming the package: tests never skip for a missing program.
//!
//! [`daemon`] starts a background program that never outlives the test, [`dbus`] a private
//! session bus, [`postgres`] a private PostgreSQL cluster.

pub mod daemon;
pub mod dbus;
pub mod postgres;
pub mod programs;

pub use programs::program;
