// Typed answers for the fake backends: a command's answer takes the arguments and returns the
// result its Rust function declares (both generated into lib/contract.ts), so a fake that
// drifts from the core fails the type check instead of passing with a stale shape.
import { vi, type Mock } from 'vitest';
import { listen } from '@tauri-apps/api/event';
import type { Change, ChangeKind, DeskChanges } from '../lib/bindings';
import type { Command, Commands } from '../lib/contract';

/** What a fake answers to `C`: its result, or a thrown refusal. */
export type Answer<C extends Command> = (
  args: Commands[C]['args'],
) => Commands[C]['result'] | Promise<Commands[C]['result']>;

/** A fake's answers, by command; a name that is no command is a type error. */
export type Answers = { [C in Command]?: Answer<C> };

/**
 * Makes `invoke` answer each command of `answers`; any other command goes to `otherwise`
 * (the fake it stacks on, or a refusal of an unknown command).
 */
export function answerWith(invoke: Mock, answers: Answers, otherwise: (cmd: string, args: unknown) => unknown): void {
  invoke.mockImplementation(async (cmd: string, args?: unknown) => {
    // One lookup for every command: the map's type ties each answer to its own command.
    const answer = answers[cmd as Command] as ((args: unknown) => unknown) | undefined;
    if (!answer) return otherwise(cmd, args);
    // As quick as an answer written inline: tests that count ticks see the same timing.
    const result = answer(args ?? {});
    const answered = result instanceof Promise ? await result : result;
    // As the core's store: a committed write is told (desk-changed) before its answer arrives.
    const told = WRITES[cmd as Command] as ((args: unknown) => Change[]) | undefined;
    if (told) emitDeskChanged(told(args ?? {}));
    return answered;
  });
}

const changed = (kind: ChangeKind, key: string): Change => ({ kind, key, what: 'saved' });

/** What each write command changes, as the core's store tells it. */
const WRITES: { [C in Command]?: (args: Commands[C]['args']) => Change[] } = {
  save_comparison: ({ comparison }) => [changed('comparison', comparison.slug)],
  create_comparison: ({ comparison }) => [changed('comparison', comparison.slug)],
  page_action: ({ slug }) => [changed('comparison', slug)],
  save_tool: ({ tool }) => [changed('tool', tool.slug)],
  create_tool: ({ tool }) => [changed('tool', tool.slug)],
  save_reviewer: ({ reviewer }) => [changed('reviewer', reviewer.slug)],
  create_reviewer: ({ reviewer }) => [changed('reviewer', reviewer.slug)],
  save_verdict: ({ verdict }) => [changed('verdict', `${verdict.reviewer}/${verdict.tool}`)],
  verdict_action: ({ reviewer, tool }) => [changed('verdict', `${reviewer}/${tool}`)],
  restore_revision: ({ entity, key }) => [changed(entity, key)],
  save_site: () => [changed('site', 'site')],
};

let generation = 0;

/** The fake store's count of committed writes (what desk_rows answers are read at). */
export function fakeGeneration(): number {
  return generation;
}

/**
 * Sends `desk-changed` to every handler the app registered through the mocked `listen` (a
 * suite that does not mock it hears nothing), stamped with the next generation.
 */
export function emitDeskChanged(changes: Change[], origin: DeskChanges['origin'] = 'local'): void {
  generation += 1;
  if (!vi.isMockFunction(listen)) return;
  const payload: DeskChanges = { generation, origin, changes };
  for (const [name, handler] of vi.mocked(listen).mock.calls) {
    if (name === 'desk-changed') (handler as (event: { payload: unknown }) => void)({ payload });
  }
}

/** The arguments of every call of `command` so far, in order. */
export function callsOf<C extends Command>(invoke: Mock, command: C): Commands[C]['args'][] {
  return invoke.mock.calls.filter(([c]) => c === command).map(([, args]) => (args ?? {}) as Commands[C]['args']);
}
