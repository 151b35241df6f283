//! The image intake of a 12 MP photo (4000×3000 JPEG): sniff, decode, orient, strip, keep a
//! normalized original, three WebP widths and a JPEG fallback, beside `sharp` (libvips) doing
//! the same to the same file in the same run. Prints the figures docs/benchmarks.md quotes.
//!
//! cargo bench -p verdict-core --bench media  [-- RUNS]
//!
//! sharp: `npm --prefix src-tauri/core/benches/media-sharp ci` once; without it only our
//! figures print.

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use image::{ImageEncoder, Rgb, RgbImage};
use verdict_core::media::{derive_variants, intake};

/// A photo-like 4000×3000 picture: smooth light, edges, fine texture (so it compresses like
/// a photo, 3-6 MB at quality 90, not like a flat test card).
fn photo() -> RgbImage {
    let mut seed = 0x9e37_79b9_u32;
    RgbImage::from_fn(4000, 3000, |x, y| {
        seed ^= seed << 13;
        seed ^= seed >> 17;
        seed ^= seed << 5;
        let grain = (seed % 9) as f32 - 4.0;
        let (fx, fy) = (x as f32 / 4000.0, y as f32 / 3000.0);
        let light = 0.55 + 0.35 * (fx * 3.1 + fy * 1.7).sin();
        let stripes = if ((x / 180) + (y / 140)) % 2 == 0 {
            18.0
        } else {
            -18.0
        };
        let texture = 10.0 * ((x as f32) * 0.21).sin() * ((y as f32) * 0.17).cos();
        let c = |base: f32| (base * light + stripes + texture + grain).clamp(0.0, 255.0) as u8;
        Rgb([c(210.0 * (1.0 - fy * 0.4)), c(170.0), c(120.0 + 90.0 * fx)])
    })
}

fn median(mut runs: Vec<Duration>) -> Duration {
    runs.sort();
    runs[runs.len() / 2]
}

fn main() {
    let runs: usize = std::env::args()
        .skip(1)
        .find_map(|a| a.parse().ok())
        .unwrap_or(9);
    let scratch = tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).unwrap();
    let file = scratch.path().join("photo-12mp.jpg");
    let mut jpeg = Vec::new();
    let img = photo();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut jpeg, 90)
        .write_image(img.as_raw(), 4000, 3000, image::ExtendedColorType::Rgb8)
        .unwrap();
    std::fs::write(&file, &jpeg).unwrap();
    println!(
        "input: 4000×3000 JPEG q90, {:.2} MB; {runs} runs each, median; {} threads",
        jpeg.len() as f64 / 1e6,
        std::thread::available_parallelism().map_or(1, |n| n.get())
    );

    // Warm up (page cache, rayon's pool, CPU frequency).
    let taken = intake("photo-12mp.jpg", &jpeg).unwrap();
    let mut times = Vec::new();
    for _ in 0..runs {
        let started = Instant::now();
        let again = intake("photo-12mp.jpg", &std::fs::read(&file).unwrap()).unwrap();
        times.push(started.elapsed());
        assert_eq!(again.hash, taken.hash, "deterministic");
    }
    let ours = median(times);
    let sizes: Vec<String> = taken
        .variants
        .iter()
        .map(|v| format!("{} {:.0} KB", v.name, v.bytes.len() as f64 / 1e3))
        .collect();
    println!(
        "verdict intake:  {:>7.1} ms  (original {}×{} JPEG {:.2} MB; {})",
        ours.as_secs_f64() * 1e3,
        taken.width,
        taken.height,
        taken.original.len() as f64 / 1e6,
        sizes.join(", ")
    );
    // Where the time goes: decoding the source alone, and making variants from the kept
    // original (decode it again, three resizes, four encodes).
    let decode = median(
        (0..runs)
            .map(|_| {
                let started = Instant::now();
                image::load_from_memory(&jpeg).unwrap();
                started.elapsed()
            })
            .collect(),
    );
    let variants = median(
        (0..runs)
            .map(|_| {
                let started = Instant::now();
                derive_variants(taken.kind, &taken.original).unwrap();
                started.elapsed()
            })
            .collect(),
    );
    // Which bytes came out: equal across builds and machines when the output is deterministic.
    let all: Vec<u8> = taken
        .variants
        .iter()
        .flat_map(|v| v.bytes.iter().copied())
        .collect();
    println!(
        "  original sha256 {}, variants sha256 {}",
        taken.hash,
        verdict_core::media::sha256_hex(&all)
    );
    println!(
        "  of which: decoding the source {:.1} ms; variants from the original {:.1} ms",
        decode.as_secs_f64() * 1e3,
        variants.as_secs_f64() * 1e3
    );

    match sharp(&file, runs) {
        Some(theirs) => println!(
            "sharp (libvips): {theirs:>7.1} ms  ratio verdict/sharp = {:.2}",
            ours.as_secs_f64() * 1e3 / theirs
        ),
        None => {
            println!("sharp: not installed (npm --prefix src-tauri/core/benches/media-sharp ci)")
        }
    }
}

/// sharp's median in milliseconds, or `None` when it is not installed.
fn sharp(file: &Path, runs: usize) -> Option<f64> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("benches/media-sharp");
    if !dir.join("node_modules/sharp").exists() {
        return None;
    }
    let out = Command::new("node")
        .arg(dir.join("intake.mjs"))
        .arg(file)
        .arg(runs.to_string())
        .output()
        .expect("node runs");
    let text = String::from_utf8_lossy(&out.stdout);
    if !out.status.success() {
        eprintln!("sharp failed: {}", String::from_utf8_lossy(&out.stderr));
        return None;
    }
    print!("{text}");
    text.lines()
        .find_map(|l| l.strip_prefix("median_ms "))
        .and_then(|v| v.trim().parse().ok())
}
