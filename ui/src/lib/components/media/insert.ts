// Putting an image into Markdown: the reference written at the caret, and which files of a
// drop or paste are images. The field holds `![alt](media:HASH)`, never a local path.

/** `![alt](media:HASH)`, with the characters that would end the alt text escaped. */
export function imageMarkdown(alt: string, hash: string): string {
  const clean = alt.replace(/[\r\n]+/g, ' ').replace(/([\\[\]])/g, '\\$1').trim();
  return `![${clean}](media:${hash})`;
}

/**
 * `value` with `text` in place of the selection `start`..`end`, on a line of its own (an
 * image inside a sentence is rarely meant), and where the caret goes after it.
 */
export function insertAt(value: string, start: number, end: number, text: string): { value: string; caret: number } {
  const before = value.slice(0, start);
  const after = value.slice(end);
  const lead = before === '' || before.endsWith('\n\n') ? '' : before.endsWith('\n') ? '\n' : '\n\n';
  const trail = after === '' || after.startsWith('\n\n') ? '' : after.startsWith('\n') ? '\n' : '\n\n';
  const inserted = `${lead}${text}${trail}`;
  return { value: before + inserted + after, caret: before.length + lead.length + text.length };
}

/** The image files among those dropped or pasted. */
export function imageFiles(files: Iterable<File> | null | undefined): File[] {
  return [...(files ?? [])].filter((f) => f.type.startsWith('image/') || /\.(jpe?g|png|gif|webp|svg)$/i.test(f.name));
}

/** A pasted screenshot has no name of its own: one from its type. */
export function fileName(file: File): string {
  if (file.name && file.name !== 'image.png') return file.name;
  const ext = file.type.split('/')[1]?.replace('jpeg', 'jpg').replace('svg+xml', 'svg') ?? 'png';
  return `pasted-image.${ext}`;
}

/** The file's bytes (FileReader: every webview has it, and so does the test DOM). */
export function readBytes(file: File): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(new Uint8Array(reader.result as ArrayBuffer));
    reader.onerror = () => reject(reader.error ?? new Error(`${file.name}: cannot be read`));
    reader.readAsArrayBuffer(file);
  });
}

/** True when a paste carries text: then it is a text paste, whatever else it holds. */
export function pastesText(data: DataTransfer | null | undefined): boolean {
  const types = [...(data?.types ?? [])];
  return types.includes('text/plain') || types.includes('text/html');
}

/**
 * The images on the system clipboard, read through the async Clipboard API. WebKitGTK hands a
 * paste event no file for an image on the clipboard (not even its type), but lets the page
 * read the clipboard while that paste is handled. Nothing (no error) when it is refused.
 */
export async function clipboardImages(clipboard: Pick<Clipboard, 'read'> | undefined = globalThis.navigator?.clipboard): Promise<File[]> {
  if (!clipboard?.read) return [];
  try {
    const found: File[] = [];
    for (const item of await clipboard.read()) {
      const type = item.types.find((t) => t.startsWith('image/'));
      if (type) found.push(new File([await item.getType(type)], 'image.png', { type }));
    }
    return found;
  } catch {
    return [];
  }
}
