import { describe, expect, it } from 'vitest';
import { liveStatus as status } from '../test/fixtures';
import { clock, editNotice, revisionSummary, isSyncShortcut, passwordKept, roleLabel, serverName, syncDetail, syncLine } from './teamText';

const NOW = new Date('2026-12-02T10:50:00');


describe('the sync line', () => {
  it('says synced, waiting, syncing and offline with what waits', () => {
    expect(syncLine(status({}), NOW)).toBe('Synced');
    expect(syncLine(status({ state: 'waiting', pending: 3 }), NOW)).toBe('3 changes waiting');
    expect(syncLine(status({ state: 'syncing', pending: 1 }), NOW)).toBe('Syncing…');
    const since = new Date('2026-12-02T10:42:00').toISOString();
    const line = syncLine(status({ state: 'offline', pending: 1, offline_since: since }), NOW);
    expect(line).toMatch(/^Offline since 10:42( AM)? · 1 change waiting$/);
    expect(syncLine(status({ state: 'offline' }), NOW)).toBe('Offline');
  });

  it('counts what waits while offline even when it does not know since when', () => {
    expect(syncLine(status({ state: 'offline', pending: 1 }), NOW)).toBe('Offline · 1 change waiting');
  });

  it('says a refused or missing sign-in as such, not as offline', () => {
    expect(syncLine(status({ state: 'sign_in_refused', pending: 2 }), NOW)).toBe('Sign-in refused · 2 changes waiting');
    expect(syncLine(status({ state: 'sign_in_needed' }), NOW)).toBe('Sign-in needed');
    const detail = syncDetail(status({ state: 'sign_in_refused', problem: 'the team’s server refused the password of "sam"' }), NOW);
    expect(detail).toContain('refused the password of "sam"');
    expect(detail).toContain('Sign in again');
    expect(detail).not.toContain('server is back');
  });

  it('gives the reason as of the last try', () => {
    const at = new Date('2026-12-02T10:44:00').toISOString();
    const detail = syncDetail(status({ state: 'offline', problem: 'cannot reach the team’s server', checked_at: at }), NOW);
    expect(detail).toMatch(/At 10:44( AM)?: cannot reach the team’s server/);
  });

  it('explains an offline desk in its tooltip, with the cause and that nothing is lost', () => {
    const detail = syncDetail(status({ state: 'offline', problem: 'cannot reach the team’s server' }), NOW);
    expect(detail).toContain('Signed in as Inès on team.example.com:5432/verdict');
    expect(detail).toContain('cannot reach');
    expect(detail).toContain('kept here');
  });
});

describe('team words', () => {
  it('says whether the keyring keeps the password, and how to make it last when it does not', () => {
    expect(passwordKept(true)).toContain('in the system keyring');
    const without = passwordKept(false);
    expect(without).toContain('until the app closes');
    expect(without).toContain('VERDICT_TEAM_PASSWORD');
    expect(without).toContain('keyring');
  });

  it('reads the server without credentials or options', () => {
    expect(serverName('postgres://team.example.com:5432/verdict?sslmode=require')).toBe('team.example.com:5432/verdict');
    expect(serverName('not a url')).toBe('not a url');
  });

  it('gives times as a clock today and with the day otherwise', () => {
    expect(clock(new Date('2026-12-02T08:05:00').toISOString(), NOW)).toMatch(/^08:05( AM)?$/);
    expect(clock(new Date('2026-11-30T08:05:00').toISOString(), NOW)).toMatch(/30.*08:05/);
    expect(clock(null, NOW)).toBe('');
  });

  it('names who changed which fields', () => {
    const edit = { kind: 'tool' as const, key: 'haiku', fields: ['tagline', 'description', 'license', 'vendor'], author: 'ines' };
    const name = (l: string) => (l === 'ines' ? 'Inès' : l);
    expect(editNotice('ines', ['tagline'], (f) => f, name)).toBe('Inès changed tagline');
    expect(editNotice(edit.author, edit.fields, (f) => f, name)).toBe('Inès changed tagline, description and 2 other fields');
  });

  it('sums up a revision with its author', () => {
    const name = (l: string) => (l === 'ines' ? 'Inès' : l);
    expect(revisionSummary('ines', ['dek', 'dek', 'title'], (f) => f, name)).toBe('Inès changed dek and title');
    expect(revisionSummary(null, ['dek'], (f) => f, name)).toBe('Changed dek');
    expect(revisionSummary('omar', [], (f) => f, name)).toBe('Saved by omar');
  });

  it('syncs on Ctrl+Shift+S only', () => {
    const key = { key: 'S', ctrlKey: true, metaKey: false, altKey: false, shiftKey: true };
    expect(isSyncShortcut(key)).toBe(true);
    expect(isSyncShortcut({ ...key, shiftKey: false })).toBe(false);
    expect(isSyncShortcut({ ...key, ctrlKey: false, metaKey: true })).toBe(true);
    expect(roleLabel('admin')).toBe('Admin');
  });
});
