//! What a file really is, from its bytes (never its name), and the checks that need only the
//! container's structure: a JPEG cut short, web markup hidden beside the image data.

use super::error::Refusal;

/// The formats the desk takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Jpeg,
    Png,
    Gif,
    WebP,
    Svg,
}

impl Format {
    pub fn name(self) -> &'static str {
        match self {
            Format::Jpeg => "JPEG",
            Format::Png => "PNG",
            Format::Gif => "GIF",
            Format::WebP => "WebP",
            Format::Svg => "SVG",
        }
    }
}

/// The format of `bytes`, or why the desk does not take them.
pub fn sniff(bytes: &[u8]) -> Result<Format, Refusal> {
    if bytes.is_empty() {
        return Err(Refusal::Empty);
    }
    if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        return Ok(Format::Jpeg);
    }
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        return Ok(Format::Png);
    }
    if bytes.starts_with(b"GIF87a") || bytes.starts_with(b"GIF89a") {
        return Ok(Format::Gif);
    }
    if bytes.len() >= 12 && &bytes[..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
        return Ok(Format::WebP);
    }
    if let Some(format) = unsupported(bytes) {
        return Err(Refusal::Unsupported { format });
    }
    if looks_like_svg(bytes) {
        return Ok(Format::Svg);
    }
    Err(Refusal::NotAnImage)
}

/// Image formats a person may well try, named so the message says what to do.
fn unsupported(bytes: &[u8]) -> Option<&'static str> {
    if bytes.len() >= 12 && &bytes[4..8] == b"ftyp" {
        // ISO-BMFF: the major brand, then (after the minor version) the compatible brands.
        let box_len = u32::from_be_bytes([bytes[0], bytes[1], bytes[2], bytes[3]]) as usize;
        let end = box_len.clamp(12, bytes.len().min(256));
        let mut brands = vec![&bytes[8..12]];
        brands.extend(bytes.get(16..end).unwrap_or(&[]).chunks_exact(4));
        if brands.iter().any(|b| *b == b"avif" || *b == b"avis") {
            return Some("AVIF");
        }
        let heif = [
            b"heic", b"heix", b"hevc", b"hevx", b"heim", b"heis", b"mif1", b"msf1",
        ];
        if brands
            .iter()
            .any(|b| heif.iter().any(|h| *b == h.as_slice()))
        {
            return Some("HEIC");
        }
        return None;
    }
    if bytes.starts_with(b"II*\0") || bytes.starts_with(b"MM\0*") {
        return Some("TIFF");
    }
    if bytes.starts_with(&[0xFF, 0x0A]) || bytes.starts_with(b"\0\0\0\x0cJXL \r\n\x87\n") {
        return Some("JPEG XL");
    }
    if bytes.starts_with(b"8BPS") {
        return Some("Photoshop (PSD)");
    }
    if bytes.starts_with(&[0x1F, 0x8B]) {
        return Some("gzip-compressed (SVGZ?)");
    }
    None
}

/// Text whose first element is `<svg` (after an XML declaration, comments or a DOCTYPE).
fn looks_like_svg(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(64 * 1024)];
    let Ok(text) = std::str::from_utf8(head).or_else(|e| {
        // A cut in the middle of a character at the 64 KB mark is still text.
        std::str::from_utf8(&head[..e.valid_up_to()])
    }) else {
        return false;
    };
    let text = text.trim_start_matches('\u{feff}').trim_start();
    text.starts_with('<') && text.contains("<svg")
}

/// A JPEG whose image data does not end with its end-of-image marker was cut short. Returns
/// where the image ends (after the marker) when it is whole.
pub fn jpeg_end(bytes: &[u8]) -> Result<usize, Refusal> {
    let scan = jpeg_scan_start(bytes)?;
    bytes[scan..]
        .windows(2)
        .position(|w| w == [0xFF, 0xD9])
        .map(|at| scan + at + 2)
        .ok_or(Refusal::Truncated)
}

/// Where the first scan's entropy-coded data begins, walking the marker segments before it.
fn jpeg_scan_start(bytes: &[u8]) -> Result<usize, Refusal> {
    let mut at = 2;
    loop {
        // Fill bytes (0xFF) may precede a marker.
        while bytes.get(at) == Some(&0xFF) && bytes.get(at + 1) == Some(&0xFF) {
            at += 1;
        }
        let (Some(&0xFF), Some(&marker)) = (bytes.get(at), bytes.get(at + 1)) else {
            return Err(if at + 1 >= bytes.len() {
                Refusal::Truncated
            } else {
                Refusal::Damaged("a JPEG marker is missing where one must be".into())
            });
        };
        at += 2;
        match marker {
            0xD8 | 0x01 | 0xD0..=0xD7 => continue,
            0xD9 => {
                return Err(Refusal::Damaged(
                    "the JPEG ends before any image data".into(),
                ))
            }
            _ => {}
        }
        let len = match (bytes.get(at), bytes.get(at + 1)) {
            (Some(&hi), Some(&lo)) => usize::from(u16::from_be_bytes([hi, lo])),
            _ => return Err(Refusal::Truncated),
        };
        if len < 2 {
            return Err(Refusal::Damaged("a JPEG segment has a bad length".into()));
        }
        if at + len > bytes.len() {
            return Err(Refusal::Truncated);
        }
        at += len;
        if marker == 0xDA {
            return Ok(at);
        }
    }
}

/// The parts of a raster file that are not pixel data (metadata, comments, bytes after the
/// image's end, the first kilobyte), where a polyglot hides its markup. Compressed pixel data
/// is left out: it is noise in which a short tag would match by chance.
fn non_pixel_regions(bytes: &[u8], format: Format) -> Vec<&[u8]> {
    let mut regions = vec![&bytes[..bytes.len().min(1024)]];
    match format {
        Format::Jpeg => {
            if let Ok(scan) = jpeg_scan_start(bytes) {
                regions.push(&bytes[..scan]);
            }
            if let Ok(end) = jpeg_end(bytes) {
                regions.push(&bytes[end..]);
            }
        }
        Format::Png => {
            let mut at = 8;
            while at + 12 <= bytes.len() {
                let len = u32::from_be_bytes(bytes[at..at + 4].try_into().expect("4 bytes"));
                let kind = &bytes[at + 4..at + 8];
                let end = (at + 12).saturating_add(len as usize).min(bytes.len());
                if kind != b"IDAT" && kind != b"fdAT" {
                    regions.push(&bytes[at + 8..end.saturating_sub(4).max(at + 8)]);
                }
                at = end;
                if kind == b"IEND" {
                    regions.push(&bytes[at..]);
                    break;
                }
            }
        }
        Format::WebP => {
            let riff_end = u32::from_le_bytes(bytes[4..8].try_into().expect("4 bytes")) as usize;
            let riff_end = riff_end.saturating_add(8).min(bytes.len());
            let mut at = 12;
            while at + 8 <= riff_end {
                let kind = &bytes[at..at + 4];
                let len = u32::from_le_bytes(bytes[at + 4..at + 8].try_into().expect("4 bytes"));
                let end = (at + 8).saturating_add(len as usize).min(riff_end);
                if !matches!(kind, b"VP8 " | b"VP8L" | b"ALPH" | b"ANMF") {
                    regions.push(&bytes[at + 8..end]);
                }
                at = end + (len as usize & 1);
            }
            regions.push(&bytes[riff_end..]);
        }
        // GIF's blocks are cheap to skip only by decoding; its first and last kilobyte are
        // where comments and appended markup sit.
        Format::Gif => regions.push(&bytes[bytes.len().saturating_sub(1024)..]),
        Format::Svg => {}
    }
    regions
}

/// Web markup found outside the pixel data of a raster file, named by its tag.
pub fn hidden_markup(bytes: &[u8], format: Format) -> Option<String> {
    const MARKERS: &[&str] = &[
        "<script",
        "<html",
        "<body",
        "<head",
        "<iframe",
        "<object",
        "<embed",
        "<!doctype",
        "<svg",
        "<?php",
        "<meta",
        "<form",
        "<img",
        "<style",
        "javascript:",
    ];
    for region in non_pixel_regions(bytes, format) {
        let lower: Vec<u8> = region.iter().map(u8::to_ascii_lowercase).collect();
        // The first marker in the region, as a person reading it would meet it.
        let first = MARKERS
            .iter()
            .filter_map(|m| {
                let at = lower.windows(m.len()).position(|w| w == m.as_bytes())?;
                Some((at, m))
            })
            .min();
        if let Some((_, marker)) = first {
            return Some(marker.trim_end_matches(':').to_string());
        }
    }
    None
}
