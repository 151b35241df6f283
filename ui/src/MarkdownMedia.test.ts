import { beforeEach, describe, expect, it, vi } from 'vitest';
import { flushSync } from 'svelte';
import { key, queries, settle, type } from './test/dom';
import { refusal } from './test/errors';
import { session } from './lib/session.svelte';
import type { MediaItem } from './lib/bindings';
import { clipboardImages, fileName, imageMarkdown, insertAt, pastesText } from './lib/components/media/insert';

vi.mock('@tauri-apps/api/core', () => import('./test/appSetup').then((m) => m.tauriCore));
import { freshDesk, invokeMock } from './test/appSetup';

import MarkdownField from './lib/components/media/MarkdownField.svelte';

const HASH = 'f'.repeat(64);
const item = (alt: string, name = 'shot.png'): MediaItem => ({
  hash: HASH,
  original_name: name,
  mime: 'image/png',
  width: 10,
  height: 10,
  bytes: 100 as unknown as bigint,
  alt,
  credit: '',
  decorative: false,
  variants: [],
  added_by: 'edie',
  added_at: '2026-12-01T10:00:00Z',
});

const fresh = freshDesk();
let answer: () => unknown;
const { byTestId } = queries(() => fresh.target);
const calls = (command: string) => invokeMock.mock.calls.filter(([c]) => c === command).map(([, a]) => a as Record<string, unknown>);
const area = () => byTestId<HTMLTextAreaElement>('intro')!;

function open(value: string, readonly = false) {
  fresh.mount(MarkdownField, {
    aria: { id: 'intro-field', 'aria-invalid': undefined, 'aria-describedby': undefined },
    value,
    rows: 4,
    testid: 'intro',
    readonly,
  });
  flushSync();
}

/** Lets a file be read (FileReader answers in a task of its own) and the field update. */
async function drain() {
  for (let i = 0; i < 3; i++) {
    await new Promise((r) => setTimeout(r, 0));
    await settle();
  }
}

/** An event carrying files, as a drop's dataTransfer or a paste's clipboardData holds them. */
function withFiles(kind: 'drop' | 'paste', files: File[]): Event {
  const event = new Event(kind, { bubbles: true, cancelable: true });
  const holder = { files, types: ['Files'] };
  Object.defineProperty(event, kind === 'drop' ? 'dataTransfer' : 'clipboardData', { value: holder });
  return event;
}

beforeEach(() => {
  session.setProfiles([{ slug: 'edie', name: 'Edie', roles: ['editor'], reviewer: null }]);
  session.choose('edie');
  answer = () => ({ item: item('The settings screen'), already_there: false, notes: [] });
  invokeMock.mockImplementation(async (cmd: string) => {
    switch (cmd) {
      case 'choose_image_file':
        return '/home/edie/shot.png';
      case 'add_media_file':
      case 'add_media':
        return answer();
      case 'set_media_text':
        return item('typed');
      default:
        throw refusal('unknown_command', cmd);
    }
  });
});


describe('images in a Markdown field', () => {
  it('Insert image picks a file and writes its reference at the caret, with the stored alt text', async () => {
    open('First paragraph.\n\nSecond paragraph.');
    area().setSelectionRange(18, 18);
    byTestId('intro-insert-image')!.click();
    await settle();
    expect(calls('add_media_file')[0]).toMatchObject({ profile: 'edie', path: '/home/edie/shot.png' });
    expect(area().value).toBe(`First paragraph.\n\n![The settings screen](media:${HASH})\n\nSecond paragraph.`);
    // The caret stays after the image, so typing goes on from there.
    expect(area().selectionStart).toBe(18 + `![The settings screen](media:${HASH})`.length);
  });

  it('a pasted image without alt text asks for it, keeps it on the image and writes it in', async () => {
    answer = () => ({ item: item(''), already_there: false, notes: [] });
    open('Intro');
    area().setSelectionRange(5, 5);
    const pasted = new File([new Uint8Array([137, 80, 78, 71])], 'image.png', { type: 'image/png' });
    area().dispatchEvent(withFiles('paste', [pasted]));
    await drain();
    const added = calls('add_media')[0]!;
    expect(added['name']).toBe('pasted-image.png');
    expect(added['data']).toBe(btoa(String.fromCharCode(137, 80, 78, 71)));
    expect(area().value).toBe('Intro');
    const alt = byTestId<HTMLInputElement>('intro-alt')!;
    expect(document.activeElement).toBe(alt);
    expect(alt.labels?.[0]?.textContent).toBe('Alt text for shot.png');
    type(alt, 'Scores by task');
    key('Enter');
    await settle();
    expect(calls('set_media_text')[0]).toMatchObject({ hash: HASH, alt: 'Scores by task' });
    expect(area().value).toBe(`Intro\n\n![Scores by task](media:${HASH})`);
    expect(byTestId('intro-alt-ask')).toBeNull();
  });

  it('a dropped image file is added; a refused one is named under the field and nothing is written', async () => {
    open('');
    const photo = new File([new Uint8Array([255, 216, 255])], 'team.jpg', { type: 'image/jpeg' });
    area().dispatchEvent(withFiles('drop', [photo]));
    await drain();
    expect(calls('add_media')[0]).toMatchObject({ name: 'team.jpg' });
    expect(area().value).toBe(`![The settings screen](media:${HASH})`);

    answer = () => {
      throw refusal('invalid', 'notes.jpg: this is not an image, whatever its name says');
    };
    const text = new File(['hello'], 'notes.jpg', { type: 'image/jpeg' });
    area().dispatchEvent(withFiles('drop', [text]));
    await drain();
    expect(byTestId('intro-image-error')?.textContent).toBe('notes.jpg: this is not an image, whatever its name says');
    expect(area().value).toBe(`![The settings screen](media:${HASH})`);

    // Files that are not images are left to the browser.
    const event = withFiles('drop', [new File(['x'], 'notes.txt', { type: 'text/plain' })]);
    area().dispatchEvent(event);
    expect(event.defaultPrevented).toBe(false);
  });

  it('a read-only field takes no images', async () => {
    open('Locked', true);
    expect(byTestId('intro-insert-image')).toBeNull();
    const event = withFiles('paste', [new File(['x'], 'a.png', { type: 'image/png' })]);
    area().dispatchEvent(event);
    await drain();
    expect(calls('add_media')).toHaveLength(0);
  });
});

describe('the reference written', () => {
  it('escapes what would end the alt text and keeps it on one line', () => {
    expect(imageMarkdown('A [big]\nchart', 'ab')).toBe('![A \\[big\\] chart](media:ab)');
  });
  it('puts the image on a paragraph of its own', () => {
    expect(insertAt('ab', 1, 1, 'X')).toEqual({ value: 'a\n\nX\n\nb', caret: 4 });
    expect(insertAt('', 0, 0, 'X')).toEqual({ value: 'X', caret: 1 });
    expect(insertAt('a\n\nb', 3, 3, 'X')).toEqual({ value: 'a\n\nX\n\nb', caret: 4 });
  });
  it('an image pasted with no file on the event (WebKitGTK) is read from the clipboard', async () => {
    answer = () => ({ item: item('The settings screen'), already_there: false, notes: [] });
    const png = new Blob([new Uint8Array([137, 80, 78, 71])], { type: 'image/png' });
    const read = vi.fn(async () => [{ types: ['image/png'], getType: async () => png }]);
    Object.defineProperty(navigator, 'clipboard', { value: { read }, configurable: true });
    try {
      open('Intro');
      area().setSelectionRange(5, 5);
      area().dispatchEvent(withFiles('paste', []));
      await drain();
      expect(read).toHaveBeenCalledTimes(1);
      expect(calls('add_media')[0]!['name']).toBe('pasted-image.png');
      expect(area().value).toBe(`Intro\n\n![The settings screen](media:${HASH})`);
      // A text paste never asks the clipboard.
      const text = new Event('paste', { bubbles: true, cancelable: true });
      Object.defineProperty(text, 'clipboardData', { value: { files: [], types: ['text/plain'] } });
      area().dispatchEvent(text);
      await drain();
      expect(read).toHaveBeenCalledTimes(1);
    } finally {
      Reflect.deleteProperty(navigator, 'clipboard');
    }
  });

  it('reads only images from the clipboard, and nothing when reading is refused', async () => {
    const refused = { read: async () => Promise.reject(new DOMException('no', 'NotAllowedError')) };
    expect(await clipboardImages(refused as unknown as Clipboard)).toEqual([]);
    const mixed = {
      read: async () => [
        { types: ['text/plain'], getType: async () => new Blob(['x']) },
        { types: ['image/webp'], getType: async () => new Blob([new Uint8Array([1])], { type: 'image/webp' }) },
      ],
    };
    const files = await clipboardImages(mixed as unknown as Clipboard);
    expect(files.map((f) => f.type)).toEqual(['image/webp']);
    expect(await clipboardImages({} as unknown as Clipboard)).toEqual([]);
    expect(pastesText({ types: ['text/html'] } as unknown as DataTransfer)).toBe(true);
    expect(pastesText({ types: [] } as unknown as DataTransfer)).toBe(false);
  });

  it('names a pasted screenshot by its type', () => {
    expect(fileName(new File([], 'image.png', { type: 'image/png' }))).toBe('pasted-image.png');
    expect(fileName(new File([], 'logo.svg', { type: 'image/svg+xml' }))).toBe('logo.svg');
  });
});
