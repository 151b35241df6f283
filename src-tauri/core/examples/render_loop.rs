//! Renders the sample page in a loop: a target for profilers (`valgrind --tool=callgrind`).

use verdict_core::render::{build_page, Library, Renderer};

fn main() {
    let rounds: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(2000);
    let warm = std::env::args().nth(2).as_deref() == Some("warm");
    let mut lib = Library::load(&verdict_core::desk::sample_store().unwrap()).unwrap();
    if warm {
        lib.prerender();
    }
    let renderer = Renderer::new("default").unwrap();
    let comparison = lib.comparisons[0].clone();
    let started = std::time::Instant::now();
    let mut bytes = 0;
    for _ in 0..rounds {
        let page = build_page(&lib, &comparison).unwrap();
        bytes += renderer.page_html(&page).unwrap().len();
    }
    let per = started.elapsed() / rounds as u32;
    println!("{rounds} renders, {per:?} each, {bytes} bytes");
}
