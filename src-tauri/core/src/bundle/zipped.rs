//! The zip form of a bundle: `bundle.json` first, then `media/<hash>/original.<ext>` for
//! each image, in hash order, every entry stamped 1980-01-01 with mode 0644, so the same desk
//! exports the same bytes. Reading refuses, naming the entry, anything but those entries:
//! folders that climb out (`../x`), absolute paths, duplicates, sizes over the caps (read, not
//! believed from the header), and every image goes through the intake as a new file does.

use std::collections::HashSet;
use std::io::{Cursor, Read, Write};

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipArchive, ZipWriter};

use super::{Bundle, BundleError, BundleProblem};
use crate::media::limits::{MAX_FILE_BYTES, ORIGINAL_MAX_SIDE};
use crate::media::MediaDir;
use crate::media::{derive_variants as derive, OriginalKind};
use crate::media::{intake, sha256_hex, Intake};

/// Caps on what a zip bundle may unpack to.
#[derive(Debug, Clone, Copy)]
pub struct ZipLimits {
    /// One entry, uncompressed.
    pub entry: u64,
    /// All entries together, uncompressed.
    pub total: u64,
    pub entries: usize,
}

impl Default for ZipLimits {
    fn default() -> Self {
        ZipLimits {
            // bundle.json may be larger than an image; images are capped by the intake's own limit.
            entry: MAX_FILE_BYTES.max(256 << 20),
            total: 2 << 30,
            entries: 20_000,
        }
    }
}

/// An image a zip bundle carries, checked: the intake's result with the bundle's original
/// kept byte for byte (its hash is its name).
#[derive(Debug, Clone)]
pub struct Incoming {
    /// The zip entry it came from.
    pub entry: String,
    pub intake: Intake,
}

/// Whether `bytes` are a zip (a local file header first), not a JSON bundle.
pub fn is_zip(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06")
}

fn options(method: CompressionMethod) -> SimpleFileOptions {
    SimpleFileOptions::default()
        .compression_method(method)
        .last_modified_time(DateTime::default())
        .unix_permissions(0o644)
        .large_file(false)
}

/// The zip of `bundle` with the originals of its `media` read from `dir`.
pub fn write_zip(bundle: &Bundle, dir: &MediaDir) -> std::io::Result<Vec<u8>> {
    let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
    let fail = |e: zip::result::ZipError| std::io::Error::other(e.to_string());
    zip.start_file(
        "bundle.json",
        options(CompressionMethod::Deflated).compression_level(Some(6)),
    )
    .map_err(fail)?;
    zip.write_all(bundle.to_json().as_bytes())?;
    let mut media: Vec<_> = bundle.media.iter().collect();
    media.sort_by(|a, b| a.hash.cmp(&b.hash));
    for m in media {
        let kind = OriginalKind::from_mime(&m.mime)
            .ok_or_else(|| std::io::Error::other(format!("image {}: unknown type", m.hash)))?;
        let path = dir.folder(&m.hash).join(kind.file_name());
        let bytes = std::fs::read(&path)
            .map_err(|e| std::io::Error::new(e.kind(), format!("{}: {e}", path.display())))?;
        // Images are compressed already: stored as they are.
        zip.start_file(
            format!("media/{}/{}", m.hash, kind.file_name()),
            options(CompressionMethod::Stored),
        )
        .map_err(fail)?;
        zip.write_all(&bytes)?;
    }
    Ok(zip.finish().map_err(fail)?.into_inner())
}

fn refuse(path: impl Into<String>, message: impl Into<String>) -> BundleError {
    BundleError::Rejected(vec![BundleProblem {
        path: path.into(),
        message: message.into(),
    }])
}

fn u16_at(b: &[u8], at: usize) -> Option<usize> {
    Some(u16::from_le_bytes(b.get(at..at + 2)?.try_into().ok()?) as usize)
}

fn u32_at(b: &[u8], at: usize) -> Option<usize> {
    Some(u32::from_le_bytes(b.get(at..at + 4)?.try_into().ok()?) as usize)
}

/// Every entry name in the central directory, duplicates included (the zip library keeps
/// only the last of two entries with one name; a bundle with two is refused).
fn raw_names(bytes: &[u8]) -> Result<Vec<String>, BundleError> {
    let damaged = || {
        refuse(
            "$",
            "the zip is damaged: its central directory cannot be read",
        )
    };
    // The end record is at most 22 + 65535 (comment) bytes from the end.
    let from = bytes.len().saturating_sub(22 + 65_535);
    let end = (from..bytes.len().saturating_sub(21))
        .rev()
        .find(|&i| bytes[i..].starts_with(b"PK\x05\x06"))
        .ok_or_else(damaged)?;
    let count = u16_at(bytes, end + 10).ok_or_else(damaged)?;
    let mut at = u32_at(bytes, end + 16).ok_or_else(damaged)?;
    if count == 0xFFFF || at == 0xFFFF_FFFF {
        return Err(refuse("$", "ZIP64 archives are not taken as bundles"));
    }
    let mut names = Vec::with_capacity(count);
    for _ in 0..count {
        if !bytes
            .get(at..)
            .is_some_and(|b| b.starts_with(b"PK\x01\x02"))
        {
            return Err(damaged());
        }
        let (n, x, c) = (
            u16_at(bytes, at + 28).ok_or_else(damaged)?,
            u16_at(bytes, at + 30).ok_or_else(damaged)?,
            u16_at(bytes, at + 32).ok_or_else(damaged)?,
        );
        let name = bytes.get(at + 46..at + 46 + n).ok_or_else(damaged)?;
        names.push(String::from_utf8_lossy(name).into_owned());
        at += 46 + n + x + c;
    }
    Ok(names)
}

/// Why an entry name is not one a bundle holds, if it is not.
fn bad_name(name: &str) -> Option<&'static str> {
    if name.starts_with('/') || name.starts_with('\\') || name.get(1..2) == Some(":") {
        return Some("an absolute path; a bundle's entries are relative");
    }
    if name.contains('\\') || name.split('/').any(|part| part == ".." || part == ".") {
        return Some("a path that climbs out of the bundle");
    }
    if name == "bundle.json" {
        return None;
    }
    let parts: Vec<&str> = name.split('/').collect();
    match parts.as_slice() {
        ["media", hash, file]
            if hash.len() == 64
                && hash
                    .bytes()
                    .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
                && ["original.jpg", "original.png", "original.svg"].contains(file) =>
        {
            None
        }
        _ => Some("not an entry a bundle holds (bundle.json, media/<hash>/original.<jpg|png|svg>)"),
    }
}

/// Reads a zip bundle: its bundle.json and every image, each checked as described above.
pub fn read_zip(bytes: &[u8], limits: ZipLimits) -> Result<(Bundle, Vec<Incoming>), BundleError> {
    let names = raw_names(bytes)?;
    if names.len() > limits.entries {
        return Err(refuse(
            "$",
            format!(
                "the zip holds {} entries; a bundle holds at most {}",
                names.len(),
                limits.entries
            ),
        ));
    }
    let mut seen = HashSet::new();
    for name in &names {
        if !seen.insert(name.as_str()) {
            return Err(refuse(name.as_str(), "the zip holds this entry twice"));
        }
        if name.ends_with('/') {
            continue; // A folder entry holds nothing.
        }
        if let Some(why) = bad_name(name) {
            return Err(refuse(name.as_str(), why));
        }
    }
    let mut archive = ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| refuse("$", format!("the zip cannot be read: {e}")))?;
    let mut total = 0u64;
    let mut contents: Vec<(String, Vec<u8>)> = Vec::new();
    for i in 0..archive.len() {
        let mut file = archive
            .by_index(i)
            .map_err(|e| refuse("$", format!("the zip cannot be read: {e}")))?;
        let name = file.name().to_string();
        if file.is_dir() {
            continue;
        }
        // The header's sizes may lie: read at most one byte past the cap.
        let mut data = Vec::new();
        (&mut file)
            .take(limits.entry + 1)
            .read_to_end(&mut data)
            .map_err(|e| refuse(name.as_str(), format!("cannot be unpacked: {e}")))?;
        if data.len() as u64 > limits.entry {
            return Err(refuse(
                name.as_str(),
                format!(
                    "unpacks to more than {} bytes, the cap for one entry",
                    limits.entry
                ),
            ));
        }
        total += data.len() as u64;
        if total > limits.total {
            return Err(refuse(
                name.as_str(),
                format!(
                    "the bundle unpacks to more than {} bytes in all, the cap",
                    limits.total
                ),
            ));
        }
        contents.push((name, data));
    }
    let Some(json) = contents.iter().position(|(n, _)| n == "bundle.json") else {
        return Err(refuse(
            "bundle.json",
            "missing: a zip bundle holds bundle.json",
        ));
    };
    let bundle = Bundle::parse(&contents.remove(json).1)?;
    let mut images = Vec::new();
    for (i, m) in bundle.media.iter().enumerate() {
        let Some(entry) = m.entry() else { continue }; // Bundle::check names the type.
        let Some(at) = contents.iter().position(|(n, _)| *n == entry) else {
            return Err(refuse(
                entry,
                format!("missing: media[{i}] names this image"),
            ));
        };
        let (entry, data) = contents.remove(at);
        images.push(take_original(&entry, &m.hash, data)?);
    }
    if let Some((extra, _)) = contents.first() {
        return Err(refuse(extra.as_str(), "not listed in bundle.json's media"));
    }
    Ok((bundle, images))
}

/// Takes one original from a bundle: it must hash to its name, pass the intake as any new
/// file does, and be what the intake keeps (a PNG or SVG re-encodes to the same bytes; a JPEG,
/// which would not, must hold no metadata segment the intake strips).
fn take_original(entry: &str, hash: &str, bytes: Vec<u8>) -> Result<Incoming, BundleError> {
    let actual = sha256_hex(&bytes);
    if actual != hash {
        return Err(refuse(
            entry,
            format!("its content hashes to {actual}, not to the name it is under"),
        ));
    }
    let taken = intake(entry, &bytes).map_err(|e| refuse(entry, e.reason.to_string()))?;
    let named = entry.rsplit('/').next().unwrap_or_default();
    if taken.kind.file_name() != named {
        return Err(refuse(
            entry,
            format!("is a {} original, not {named}", taken.kind.extension()),
        ));
    }
    if taken.hash == hash {
        return Ok(Incoming {
            entry: entry.into(),
            intake: taken,
        });
    }
    let kept_as_is = taken.kind == OriginalKind::Jpeg
        && taken.width.max(taken.height) <= ORIGINAL_MAX_SIDE
        && jpeg_is_bare(&bytes);
    if !kept_as_is {
        return Err(refuse(
            entry,
            "is not an original as the desk keeps it (it would be changed by the intake: \
             metadata, size or encoding)",
        ));
    }
    let variants = derive(taken.kind, &bytes).map_err(|r| refuse(entry, r.to_string()))?;
    Ok(Incoming {
        entry: entry.into(),
        intake: Intake {
            hash: actual,
            original: bytes,
            variants,
            ..taken
        },
    })
}

/// A JPEG holding only what an encoder writes for the image itself (JFIF header, tables,
/// frame, scan) and nothing after its end: no EXIF, XMP, ICC, comment or trailing bytes.
fn jpeg_is_bare(bytes: &[u8]) -> bool {
    if !bytes.starts_with(&[0xFF, 0xD8]) || !bytes.ends_with(&[0xFF, 0xD9]) {
        return false;
    }
    let mut at = 2;
    loop {
        let (Some(0xFF), Some(&marker)) = (bytes.get(at), bytes.get(at + 1)) else {
            return false;
        };
        let Some(len) = bytes
            .get(at + 2..at + 4)
            .map(|b| usize::from(u16::from_be_bytes([b[0], b[1]])))
        else {
            return false;
        };
        let body = bytes.get(at + 4..at + 2 + len);
        match marker {
            0xE0 if body.is_some_and(|b| b.starts_with(b"JFIF\0")) => {}
            0xDB | 0xC0 | 0xC1 | 0xC2 | 0xC4 | 0xDD => {}
            // The scan: entropy-coded data runs to the end, checked by the intake.
            0xDA => return true,
            _ => return false,
        }
        at += 2 + len;
    }
}

/// A bundle file, read: its content and, from a zip, its images (checked, not yet written).
pub struct BundleFile {
    pub bundle: Bundle,
    pub images: Vec<Incoming>,
}

impl BundleFile {
    /// Parses a JSON or zip bundle by its content.
    pub fn parse(bytes: &[u8]) -> Result<BundleFile, BundleError> {
        if is_zip(bytes) {
            let (bundle, images) = read_zip(bytes, ZipLimits::default())?;
            return Ok(BundleFile { bundle, images });
        }
        Ok(BundleFile {
            bundle: Bundle::parse(bytes)?,
            images: Vec::new(),
        })
    }
}
