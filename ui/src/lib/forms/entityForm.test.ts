import { afterEach, describe, expect, it, vi } from 'vitest';
import { EntityForm } from './entityForm.svelte';
import { AUTOSAVE_DELAY_MS } from '../editor';

interface Thing {
  title: string;
}

function formWith(save: (t: Thing) => Promise<unknown>, extra: Partial<ConstructorParameters<typeof EntityForm<Thing>>[0]> = {}) {
  const form = new EntityForm<Thing>({ save, ...extra });
  form.adopt({ title: 'A' });
  return form;
}

afterEach(() => {
  vi.useRealTimers();
});

describe('EntityForm', () => {
  it('is clean after adopting, dirty after a change', () => {
    const form = formWith(async (t) => t);
    expect(form.dirty).toBe(false);
    form.draft!.title = 'B';
    expect(form.dirty).toBe(true);
    expect(form.beforeLeave()).not.toBeNull();
  });

  it('autosaves once, after the quiet time following the last change', async () => {
    vi.useFakeTimers();
    const save = vi.fn(async (t: Thing) => t);
    const form = formWith(save);
    form.draft!.title = 'B';
    form.changed(form.json!);
    await vi.advanceTimersByTimeAsync(AUTOSAVE_DELAY_MS - 100);
    form.draft!.title = 'BC';
    form.changed(form.json!);
    await vi.advanceTimersByTimeAsync(AUTOSAVE_DELAY_MS - 100);
    expect(save).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(100);
    expect(save).toHaveBeenCalledTimes(1);
    expect(save).toHaveBeenCalledWith({ title: 'BC' });
    expect(form.dirty).toBe(false);
  });

  it('keeps a refused draft, with the core problems, and does not resend it unchanged', async () => {
    const save = vi.fn(async () => {
      throw { code: 'invalid', message: 'title: must not be empty', field: 'title', problems: [{ field: 'title', message: 'must not be empty' }] };
    });
    const onfailed = vi.fn();
    const form = formWith(save, { onfailed });
    form.draft!.title = '';
    expect(await form.flush(false)).toBe(false);
    expect(form.failed).toBe(true);
    expect(form.problems).toEqual([{ field: 'title', section: 'title', index: null, message: 'must not be empty' }]);
    expect(onfailed).toHaveBeenCalledTimes(1);
    expect(await form.flush(false)).toBe(false);
    expect(save).toHaveBeenCalledTimes(1);
    expect(await form.flush(true)).toBe(false);
    expect(save).toHaveBeenCalledTimes(2);
  });

  it('waits for the save under way before sending the next', async () => {
    let release: () => void = () => {};
    const sent: string[] = [];
    const save = vi.fn(
      (t: Thing) =>
        new Promise<Thing>((resolve) => {
          sent.push(t.title);
          release = () => resolve(t);
        }),
    );
    const form = formWith(save);
    form.draft!.title = 'B';
    const first = form.flush(false);
    expect(form.saving).toBe(true);
    form.draft!.title = 'C';
    const second = form.flush(false);
    await Promise.resolve();
    expect(sent).toEqual(['B']);
    release();
    expect(await first).toBe(true);
    await vi.waitFor(() => expect(sent).toEqual(['B', 'C']));
    release();
    expect(await second).toBe(true);
    expect(form.dirty).toBe(false);
  });

  it('blocks leaving when the save fails, and lets the user discard', async () => {
    const form = formWith(async () => {
      throw { code: 'forbidden', message: 'no' };
    });
    const blocked = vi.fn();
    form.draft!.title = 'B';
    expect(await form.beforeLeave(blocked)).toBe(false);
    expect(form.leaveBlocked).toBe(true);
    expect(blocked).toHaveBeenCalled();
    expect(form.problems).toEqual([]);
    form.discard();
    expect(form.beforeLeave()).toBeNull();
    expect(form.unsentJson()).toBeNull();
  });

  it('saves nothing for a read-only profile, and asks canSave before sending', async () => {
    const save = vi.fn(async (t: Thing) => t);
    let readOnly = true;
    const form = formWith(save, { readOnly: () => readOnly, canSave: (json) => !json.includes('"X"') });
    form.draft!.title = 'B';
    expect(await form.flush(true)).toBe(true);
    expect(form.beforeLeave()).toBeNull();
    readOnly = false;
    form.draft!.title = 'X';
    expect(await form.flush(true)).toBe(false);
    expect(form.unsentJson()).toBeNull();
    expect(save).not.toHaveBeenCalled();
  });
});

describe('EntityForm and the team', () => {
  interface Entry {
    title: string;
    tagline: string;
    status: string;
  }
  const stored: Entry = { title: 'Haiku', tagline: 'Small', status: 'draft' };

  it('shows another member’s change in fields not being edited, and is clean after it', async () => {
    const form = new EntityForm<Entry>({ save: async (t) => t });
    form.adopt({ ...stored });
    await form.takeRemote({ ...stored, tagline: 'Small and quick', status: 'accepted' }, 'ines');
    expect(form.draft).toEqual({ title: 'Haiku', tagline: 'Small and quick', status: 'accepted' });
    expect(form.dirty).toBe(false);
    expect(form.remoteNotice).toBeNull();
  });

  it('never overwrites what is being typed: the field is kept, named, and theirs can be taken', async () => {
    const form = new EntityForm<Entry>({ save: async (t) => t });
    form.adopt({ ...stored });
    form.draft!.tagline = 'Typed here';
    form.draft!.title = 'Haiku 2';
    await form.takeRemote({ ...stored, tagline: 'Written there', status: 'accepted', title: 'Haiku 2' }, 'ines');
    expect(form.draft).toEqual({ title: 'Haiku 2', tagline: 'Typed here', status: 'accepted' });
    expect(form.remoteNotice?.author).toBe('ines');
    // Only the field both changed differently is a clash; the same new title is not.
    expect(form.remoteNotice?.fields).toEqual(['tagline']);
    expect(form.dirty).toBe(true);
    form.takeTheirs();
    expect(form.draft?.tagline).toBe('Written there');
    expect(form.remoteNotice).toBeNull();
    expect(form.dirty).toBe(false);
  });

  /** A text control with the focus, as the field the person types in. */
  function focusedField(): HTMLInputElement {
    const input = document.createElement('input');
    document.body.append(input);
    input.focus();
    return input;
  }

  it('keeps what was typed and saved when a conflict sets the team’s value back, and names theirs once', async () => {
    const form = new EntityForm<Entry>({ save: async (t) => t });
    form.adopt({ ...stored });
    // Typed and saved here (autosave), the cursor still in the field; the sync then met
    // Omar's change of the same field.
    const input = focusedField();
    form.draft!.tagline = 'Mine, typed here';
    form.changed(form.json!);
    expect(await form.flush(true)).toBe(true);
    expect(form.dirty).toBe(false);
    await form.takeRemote({ ...stored, tagline: 'Omar’s tagline' }, 'omar');
    expect(form.draft?.tagline).toBe('Mine, typed here');
    expect(form.remoteNotice).toEqual({ author: 'omar', fields: ['tagline'], theirs: { tagline: 'Omar’s tagline' } });
    // The person keeps theirs in view and decides; the same value coming again is no news.
    form.remoteNotice = null;
    await form.takeRemote({ ...stored, tagline: 'Omar’s tagline', title: 'Haiku 2' }, 'omar');
    expect(form.draft).toEqual({ title: 'Haiku 2', tagline: 'Mine, typed here', status: 'draft' });
    expect(form.remoteNotice).toBeNull();
    input.remove();
  });

  it('takes the team’s value in a saved field once the person left it', async () => {
    const form = new EntityForm<Entry>({ save: async (t) => t });
    form.adopt({ ...stored });
    const input = focusedField();
    form.draft!.tagline = 'Mine, typed here';
    form.changed(form.json!);
    await form.flush(true);
    // Sync now pressed with the mouse: the focus left the field; later another member's
    // tagline arrives (after the person's own reached the team).
    focusedField();
    await form.takeRemote({ ...stored, tagline: 'Omar’s, later' }, 'omar');
    expect(form.draft?.tagline).toBe('Omar’s, later');
    expect(form.remoteNotice).toBeNull();
    input.remove();
    document.body.replaceChildren();
  });

  it('does not name a field typed and saved here that the team has not heard of yet', async () => {
    const form = new EntityForm<Entry>({ save: async (t) => t });
    form.adopt({ ...stored });
    const input = focusedField();
    form.draft!.tagline = 'Mine, not sent yet';
    form.changed(form.json!);
    await form.flush(true);
    // Another member changed the title; the team still has the tagline from before.
    await form.takeRemote({ ...stored, title: 'Their title' }, 'omar');
    expect(form.draft).toEqual({ title: 'Their title', tagline: 'Mine, not sent yet', status: 'draft' });
    expect(form.remoteNotice).toBeNull();
    // Once the team holds the typed value, the field takes later changes like any other.
    await form.takeRemote({ ...stored, title: 'Their title', tagline: 'Mine, not sent yet' }, 'omar');
    await form.takeRemote({ ...stored, title: 'Their title', tagline: 'Later, theirs' }, 'omar');
    expect(form.draft?.tagline).toBe('Later, theirs');
    expect(form.remoteNotice).toBeNull();
    input.remove();
  });
});
