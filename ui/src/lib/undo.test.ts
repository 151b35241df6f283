import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { GROUP_MS, installUndo } from './undo';

let stop: () => void;
let field: HTMLInputElement;
let seen: string[];

beforeEach(() => {
  vi.useFakeTimers();
  stop = installUndo(document);
  field = document.createElement('input');
  field.type = 'text';
  document.body.appendChild(field);
  seen = [];
  field.addEventListener('input', () => seen.push(field.value));
});

afterEach(() => {
  stop();
  field.remove();
  vi.useRealTimers();
});

/** What the browser does for one typed or deleted piece of text. */
function edit(next: string, inputType = 'insertText') {
  field.dispatchEvent(new InputEvent('beforeinput', { inputType, bubbles: true, cancelable: true }));
  field.value = next;
  field.setSelectionRange(next.length, next.length);
  field.dispatchEvent(new Event('input', { bubbles: true }));
}

function key(k: string, init: KeyboardEventInit = {}) {
  const e = new KeyboardEvent('keydown', { key: k, ctrlKey: true, bubbles: true, cancelable: true, ...init });
  field.dispatchEvent(e);
  return e;
}

describe('undo in text fields', () => {
  it('undoes a run of typing as one step, then redoes it, and the form hears each step', () => {
    edit('H');
    edit('Ha');
    edit('Hai');
    vi.advanceTimersByTime(GROUP_MS + 1);
    edit('Hai ');
    edit('Hai k');
    expect(key('z').defaultPrevented).toBe(true);
    expect(field.value).toBe('Hai');
    key('z');
    expect(field.value).toBe('');
    key('z');
    expect(field.value).toBe('');
    key('z', { shiftKey: true });
    expect(field.value).toBe('Hai');
    key('y');
    expect(field.value).toBe('Hai k');
    expect(seen.slice(-4)).toEqual(['Hai', '', 'Hai', 'Hai k']);
  });

  it('keeps typing and deleting apart, and new typing clears what could be redone', () => {
    edit('abc');
    edit('ab', 'deleteContentBackward');
    edit('a', 'deleteContentBackward');
    key('z');
    expect(field.value).toBe('abc');
    edit('abcd');
    key('y');
    expect(field.value).toBe('abcd');
    key('z');
    expect(field.value).toBe('abc');
  });

  it('handles the browser’s own undo request and leaves other shortcuts and read-only fields alone', () => {
    edit('x');
    const request = new InputEvent('beforeinput', { inputType: 'historyUndo', bubbles: true, cancelable: true });
    field.dispatchEvent(request);
    expect(request.defaultPrevented).toBe(true);
    expect(field.value).toBe('');
    expect(key('s').defaultPrevented).toBe(false);
    field.readOnly = true;
    expect(key('y').defaultPrevented).toBe(false);
  });
});
