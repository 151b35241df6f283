// No console window next to the app on Windows release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

/// glibc's allocator kept what a big desk's start read freed (on a 10,000-page desk, 144 MB of
/// its 155 MB free in its arenas, resident for the whole session); mimalloc gives freed pages
/// back to the system.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    verdict_desk_lib::run();
}
