// No console window next to the app on Windows release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

/// jemalloc with its background thread: what a big desk's start read frees goes back to the
/// system while the app sits idle. glibc kept it (on a 10,000-page desk, 144 MB of its 155 MB
/// free in its arenas, for the whole session); mimalloc purges only when the thread that freed
/// allocates again, and the start's reads run on pool threads that then go quiet. Measured on
/// that desk, the app's own process settled: glibc 229 MB PSS, mimalloc 148-175, jemalloc as
/// built here (1 s decay, .cargo/config.toml) 109-112 (the sample desk: 101 / 125 / 99).
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

fn main() {
    verdict_desk_lib::run();
}
