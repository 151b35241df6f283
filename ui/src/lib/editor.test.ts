import { describe, expect, it } from 'vitest';
import { isSaveShortcut, isTextEntry, sectionOf, sortChecks } from './editor';
import type { Check } from './types';

describe('sectionOf', () => {
  it('maps comparison fields to form sections', () => {
    expect(sectionOf('title')).toBe('title');
    expect(sectionOf('dek')).toBe('dek');
    expect(sectionOf('intro')).toBe('intro');
    expect(sectionOf('tools')).toBe('tools');
    expect(sectionOf('tools[1]')).toBe('tools');
    expect(sectionOf('panel[0]')).toBe('panel');
  });
  it('has no section for other fields', () => {
    expect(sectionOf('slug')).toBeNull();
    expect(sectionOf('scheduled_for')).toBeNull();
    expect(sectionOf('titles')).toBeNull();
    expect(sectionOf('tool:llama.tagline')).toBeNull();
    expect(sectionOf('verdict:dx/llama')).toBeNull();
    expect(sectionOf('')).toBeNull();
    expect(sectionOf(null)).toBeNull();
  });
});

describe('sortChecks', () => {
  const check = (severity: Check['severity'], code: string): Check => ({ severity, code, field: '', message: code });
  it('puts blockers first and keeps the order within each severity', () => {
    const sorted = sortChecks([check('warning', 'w1'), check('blocker', 'b1'), check('warning', 'w2'), check('blocker', 'b2')]);
    expect(sorted.map((c) => c.code)).toEqual(['b1', 'b2', 'w1', 'w2']);
  });
  it('does not modify its input', () => {
    const input = [check('warning', 'w'), check('blocker', 'b')];
    sortChecks(input);
    expect(input.map((c) => c.code)).toEqual(['w', 'b']);
  });
});

describe('isSaveShortcut', () => {
  const k = (init: Partial<KeyboardEvent>) => ({ key: 's', ctrlKey: false, metaKey: false, altKey: false, shiftKey: false, ...init });
  it('accepts Ctrl+S and Cmd+S', () => {
    expect(isSaveShortcut(k({ ctrlKey: true }))).toBe(true);
    expect(isSaveShortcut(k({ metaKey: true }))).toBe(true);
    expect(isSaveShortcut(k({ ctrlKey: true, key: 'S' }))).toBe(true);
  });
  it('rejects other combinations', () => {
    expect(isSaveShortcut(k({}))).toBe(false);
    expect(isSaveShortcut(k({ ctrlKey: true, shiftKey: true }))).toBe(false);
    expect(isSaveShortcut(k({ ctrlKey: true, altKey: true }))).toBe(false);
    expect(isSaveShortcut(k({ ctrlKey: true, key: 'k' }))).toBe(false);
  });
});

describe('isTextEntry', () => {
  it('is true for text fields, textareas and selects', () => {
    const text = document.createElement('input');
    const search = Object.assign(document.createElement('input'), { type: 'search' });
    expect(isTextEntry(text)).toBe(true);
    expect(isTextEntry(search)).toBe(true);
    expect(isTextEntry(document.createElement('textarea'))).toBe(true);
    expect(isTextEntry(document.createElement('select'))).toBe(true);
    const editable = document.createElement('div');
    editable.setAttribute('contenteditable', 'true');
    expect(isTextEntry(editable)).toBe(true);
  });
  it('is false for buttons, checkboxes, other elements and nothing', () => {
    expect(isTextEntry(document.createElement('button'))).toBe(false);
    expect(isTextEntry(Object.assign(document.createElement('input'), { type: 'checkbox' }))).toBe(false);
    expect(isTextEntry(document.createElement('h1'))).toBe(false);
    expect(isTextEntry(document.body)).toBe(false);
    expect(isTextEntry(null)).toBe(false);
  });
});
