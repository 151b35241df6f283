// Typed answers for the fake backends: a command's answer takes the arguments and returns the
// result its Rust function declares (both generated into lib/contract.ts), so a fake that
// drifts from the core fails the type check instead of passing with a stale shape.
import type { Mock } from 'vitest';
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
    return result instanceof Promise ? await result : result;
  });
}

/** The arguments of every call of `command` so far, in order. */
export function callsOf<C extends Command>(invoke: Mock, command: C): Commands[C]['args'][] {
  return invoke.mock.calls.filter(([c]) => c === command).map(([, args]) => (args ?? {}) as Commands[C]['args']);
}
