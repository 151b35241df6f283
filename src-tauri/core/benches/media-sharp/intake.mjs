// sharp (libvips) doing what the desk's image intake does to one file: decode, orient by
// EXIF, strip metadata (sharp's default), a normalized original capped at 4096 px (JPEG q90),
// WebP at 320/640/1280 px wide (q80) and a 1280 px JPEG fallback (q82). Prints each run and
// the median in milliseconds.
//
// node intake.mjs FILE [RUNS]
import { readFileSync } from 'node:fs';
import sharp from 'sharp';

const [file, runsArg] = process.argv.slice(2);
const runs = Number(runsArg ?? 9);

async function intake(input) {
  const base = sharp(input, { failOn: 'error', limitInputPixels: 100_000_000 }).rotate();
  const jobs = [
    base.clone().resize({ width: 4096, height: 4096, fit: 'inside', withoutEnlargement: true }).jpeg({ quality: 90 }).toBuffer(),
    ...[320, 640, 1280].map((width) => base.clone().resize({ width, withoutEnlargement: true }).webp({ quality: 80 }).toBuffer()),
    base.clone().resize({ width: 1280, withoutEnlargement: true }).jpeg({ quality: 82 }).toBuffer(),
  ];
  return Promise.all(jobs);
}

await intake(readFileSync(file)); // warm up
const times = [];
for (let i = 0; i < runs; i++) {
  const started = process.hrtime.bigint();
  await intake(readFileSync(file));
  times.push(Number(process.hrtime.bigint() - started) / 1e6);
}
times.sort((a, b) => a - b);
console.log(`sharp ${sharp.versions.sharp}, libvips ${sharp.versions.vips}; runs ${times.map((t) => t.toFixed(1)).join(' ')}`);
console.log(`median_ms ${times[Math.floor(times.length / 2)].toFixed(1)}`);
