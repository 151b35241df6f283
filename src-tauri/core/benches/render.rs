//! Render benchmarks: the sample page, and a page whose Markdown fields total ~50 KB.

use criterion::{black_box, criterion_group, criterion_main, Criterion};
use verdict_core::render::{build_page, Library, Renderer};

const SLUG: &str = "claude-haiku-open-weights-vs-llama-4-scout-quantized";

fn sample_library() -> Library {
    Library::load(&verdict_core::desk::sample_store().unwrap()).unwrap()
}

/// About 5 KB of varied Markdown: paragraphs, a list, a link, code and a table.
fn markdown_block(i: usize) -> String {
    let mut s = String::new();
    for p in 0..6 {
        s.push_str(&format!(
            "Paragraph {p} of block {i}: the **primitive** here is a local weight file, and the \
             [docs](https://example.com/docs/{i}) explain `cargo run --release` in detail. The \
             moment of truth is whether it loads cleanly into standard inference stacks.\n\n"
        ));
    }
    s.push_str("- first point\n- second point with *emphasis*\n- third ~~point~~\n\n");
    s.push_str("| model | tokens/s | memory |\n|---|---|---|\n| scout | 42 | 12 GB |\n| haiku | 38 | 10 GB |\n\n");
    s.push_str("```sh\nhuggingface-cli download meta-llama/scout\n```\n\n");
    while s.len() < 5_000 {
        s.push_str("Another sentence of commentary that keeps the text at a realistic length. ");
    }
    s
}

fn big_library() -> Library {
    let mut lib = sample_library();
    // 2 descriptions + 8 quotes at 5 KB each = ~50 KB of Markdown on one page.
    for (i, t) in lib.tools.values_mut().enumerate() {
        t.description = markdown_block(i);
    }
    for (i, v) in lib.verdicts.values_mut().enumerate() {
        v.quote = markdown_block(100 + i);
    }
    lib
}

fn benches(c: &mut Criterion) {
    let renderer = Renderer::new("default").unwrap();

    let lib = sample_library();
    let comparison = lib.comparison(SLUG).unwrap().clone();
    c.bench_function(
        "sample page: build + render HTML (Markdown rendered each time)",
        |b| {
            b.iter(|| {
                let page = build_page(black_box(&lib), &comparison).unwrap();
                renderer.page_html(&page).unwrap()
            })
        },
    );

    let mut warm = sample_library();
    warm.prerender();
    c.bench_function(
        "sample page: build + render HTML (Markdown pre-rendered)",
        |b| {
            b.iter(|| {
                let page = build_page(black_box(&warm), &comparison).unwrap();
                renderer.page_html(&page).unwrap()
            })
        },
    );

    // What one keystroke in the comparison editor costs in the core: the desk's
    // `preview_draft` with an unsaved title (cache check, page build, render, checks).
    let dir = std::env::temp_dir().join(format!("verdict-bench-{}", std::process::id()));
    let desk = verdict_core::Desk::open(&dir).unwrap();
    desk.seed_sample_if_empty().unwrap();
    let mut draft = desk.comparison(SLUG).unwrap();
    let mut n = 0u32;
    c.bench_function("keystroke: desk preview_draft of the sample page", |b| {
        b.iter(|| {
            n += 1;
            draft.title = format!("Claude Haiku vs Llama {n}");
            desk.preview_draft(black_box(&draft)).unwrap()
        })
    });
    drop(desk);
    let _ = std::fs::remove_dir_all(&dir);

    let big = big_library();
    let total: usize = big
        .tools
        .values()
        .map(|t| t.description.len())
        .sum::<usize>()
        + big.verdicts.values().map(|v| v.quote.len()).sum::<usize>();
    assert!(total >= 50_000, "{total}");
    c.bench_function("50 KB Markdown page: build + render HTML", |b| {
        b.iter(|| {
            let page = build_page(black_box(&big), &comparison).unwrap();
            renderer.page_html(&page).unwrap()
        })
    });
}

criterion_group!(render, benches);
criterion_main!(render);
