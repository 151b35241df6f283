// Undo and redo in the app's text fields. WebKitGTK drops its own undo history whenever a
// frame loads a page, and the editors' live previews load one on every keystroke, so
// Ctrl+Z did nothing there. The app keeps each field's history itself: a snapshot before
// each edit, with a run of typing (or of deleting) grouped into one step, as text editors do.

type TextField = HTMLInputElement | HTMLTextAreaElement;

interface Snapshot {
  value: string;
  start: number;
  end: number;
}

interface FieldHistory {
  undo: Snapshot[];
  redo: Snapshot[];
  lastEditAt: number;
  lastKind: string;
}

/** Edits this close together, of the same kind, undo as one step. */
export const GROUP_MS = 1000;
/** Steps kept per field. */
export const LIMIT = 300;

const TEXT_TYPES = new Set(['text', 'search', 'url', 'email', 'tel', 'password']);
const histories = new WeakMap<TextField, FieldHistory>();

function isTextField(el: EventTarget | null): el is TextField {
  return el instanceof HTMLTextAreaElement || (el instanceof HTMLInputElement && TEXT_TYPES.has(el.type));
}

function historyOf(el: TextField): FieldHistory {
  let h = histories.get(el);
  if (!h) {
    h = { undo: [], redo: [], lastEditAt: 0, lastKind: '' };
    histories.set(el, h);
  }
  return h;
}

function snapshot(el: TextField): Snapshot {
  return { value: el.value, start: el.selectionStart ?? el.value.length, end: el.selectionEnd ?? el.value.length };
}

function onBeforeInput(event: Event) {
  const el = event.target;
  if (!isTextField(el) || !(event instanceof InputEvent)) return;
  if (event.inputType === 'historyUndo' || event.inputType === 'historyRedo') {
    event.preventDefault();
    step(el, event.inputType === 'historyUndo');
    return;
  }
  const h = historyOf(el);
  const now = Date.now();
  const kind = event.inputType.startsWith('delete') ? 'delete' : event.inputType === 'insertText' ? 'type' : event.inputType;
  const grouped = (kind === 'type' || kind === 'delete') && kind === h.lastKind && now - h.lastEditAt < GROUP_MS;
  if (!grouped) {
    h.undo.push(snapshot(el));
    if (h.undo.length > LIMIT) h.undo.shift();
  }
  h.redo = [];
  h.lastEditAt = now;
  h.lastKind = kind;
}

function onKeydown(event: KeyboardEvent) {
  if (!(event.ctrlKey || event.metaKey) || event.altKey || event.isComposing) return;
  const el = event.target;
  if (!isTextField(el) || el.readOnly || el.disabled) return;
  const key = event.key.toLowerCase();
  const undo = key === 'z' && !event.shiftKey;
  const redo = (key === 'z' && event.shiftKey) || (key === 'y' && !event.shiftKey);
  if (!undo && !redo) return;
  event.preventDefault();
  step(el, undo);
}

/** Moves one step back (undo) or forward (redo); the form hears it as an input. */
function step(el: TextField, undo: boolean) {
  const h = historyOf(el);
  const from = undo ? h.undo : h.redo;
  const to = undo ? h.redo : h.undo;
  const target = from.pop();
  if (!target) return;
  to.push(snapshot(el));
  el.value = target.value;
  el.setSelectionRange(target.start, target.end);
  h.lastEditAt = 0;
  h.lastKind = '';
  el.dispatchEvent(new Event('input', { bubbles: true }));
}

/** Starts keeping field histories in `root`; returns the function that stops it. */
export function installUndo(root: Document = document): () => void {
  root.addEventListener('beforeinput', onBeforeInput, true);
  root.addEventListener('keydown', onKeydown, true);
  return () => {
    root.removeEventListener('beforeinput', onBeforeInput, true);
    root.removeEventListener('keydown', onKeydown, true);
  };
}
