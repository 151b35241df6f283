// The UI's door to the Rust core. Every command's typed wrapper is generated from its Rust
// function into `contract.ts` (`UPDATE_CONTRACT=1 cargo test -p verdict-desk --test contract`)
// and re-exported here, with the events' `on…` subscribers; this file only adds what is made
// by hand: conveniences over a few commands (each replaces the generated function of the
// same name). Error normalisation and `call` live in `ipc.ts`.
import * as generated from './contract';
import type { Added, MediaItem } from './bindings';

export * from './contract';
export { NO_BACKEND, hasBackend, toApiError } from './ipc';

// ----- media -----

/** What a person gives with an image, or changes later (left out: kept as it is). */
export interface MediaTextInput {
  alt?: string;
  credit?: string;
  decorative?: boolean;
}

/**
 * Adds the image file at `path` as `profile` (an editor). A file the intake refuses is
 * refused with code "invalid" and a message naming the file and the reason; nothing is kept.
 * An image the desk already has comes back with `already_there` and its text unchanged.
 */
export function addMediaFile(profile: string, path: string, text: MediaTextInput = {}): Promise<Added> {
  return generated.addMediaFile(profile, path, text.alt, text.credit, text.decorative);
}

/** Adds an image from its bytes (a dropped or pasted file) under its file name `name`. */
export function addMedia(profile: string, name: string, data: Uint8Array, text: MediaTextInput = {}): Promise<Added> {
  return generated.addMedia(profile, name, toBase64(data), text.alt, text.credit, text.decorative);
}

function toBase64(bytes: Uint8Array): string {
  let binary = '';
  // In slices: one call per byte is slow, one call for all overflows the argument list.
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary);
}

/** Changes alt text, credit or the decorative mark as `profile` (an editor); problems name their field. */
export function setMediaText(profile: string, hash: string, text: MediaTextInput): Promise<MediaItem> {
  return generated.setMediaText(profile, hash, text.alt, text.credit, text.decorative);
}
