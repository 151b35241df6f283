//! The desk most content tests start from: a fresh data folder with the sample content and
//! the sample profiles (editor, reviewer, publisher), as the app seeds it on first start.

use verdict_core::Desk;

/// A desk in a temporary folder, seeded with the sample; the folder lives as long as the
/// returned guard.
pub fn desk() -> (tempfile::TempDir, Desk) {
    let dir = tempfile::tempdir().unwrap();
    let desk = Desk::open(dir.path()).unwrap();
    desk.seed_sample_if_empty().unwrap();
    desk.ensure_profiles().unwrap();
    (dir, desk)
}
