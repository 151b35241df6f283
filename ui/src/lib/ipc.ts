// The one door to the Rust core: `call` sends a command (typed by the generated contract) and
// turns any rejection into an `ApiError`; `follow` listens for an event the app sends.
import { invoke, type InvokeArgs } from '@tauri-apps/api/core';
import { listen } from '@tauri-apps/api/event';
import type { AppEvent, Command, Commands, EventPayloads } from './contract';
import type { ApiError } from './types';

const FALLBACK_MESSAGE = 'Something went wrong.';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

function nonEmptyString(value: unknown): value is string {
  return typeof value === 'string' && value.trim().length > 0;
}

/**
 * Normalise anything a rejected `invoke` (or our own code) may throw into an
 * `ApiError`: an ApiError-shaped object from the core, a JSON string of one,
 * a plain string, an `Error`, or something unexpected.
 */
export function toApiError(err: unknown): ApiError {
  if (typeof err === 'string') {
    const text = err.trim();
    if (text.startsWith('{')) {
      try {
        const parsed: unknown = JSON.parse(text);
        if (isRecord(parsed) && nonEmptyString(parsed['message'])) return toApiError(parsed);
      } catch {
        // not JSON: fall through and use the text as the message
      }
    }
    return { code: 'error', message: text || FALLBACK_MESSAGE, field: null, problems: [] };
  }
  if (err instanceof Error) {
    return {
      code: 'error',
      message: err.message || FALLBACK_MESSAGE,
      field: null,
      problems: [],
    };
  }
  if (isRecord(err)) {
    const message = nonEmptyString(err['message']) ? err['message'] : FALLBACK_MESSAGE;
    // The core's codes are a closed set (`ErrorCode`); anything else is a plain error.
    const code = nonEmptyString(err['code']) ? (err['code'] as ApiError['code']) : 'error';
    const field = nonEmptyString(err['field']) ? err['field'] : null;
    const details = err['details'];
    return {
      code,
      message,
      field,
      problems: wireProblems(err['problems']),
      // What the refusal is about (`ErrorDetails`, tagged by `kind`), passed on as the core sent it.
      ...(isRecord(details) && nonEmptyString(details['kind']) ? { details: details as ApiError['details'] } : {}),
    };
  }
  return { code: 'unknown', message: FALLBACK_MESSAGE, field: null, problems: [] };
}

/** The core's `problems` list, keeping only well-formed entries; absent → none. */
function wireProblems(value: unknown): ApiError['problems'] {
  if (!Array.isArray(value)) return [];
  return value
    .filter((p): p is Record<string, unknown> => isRecord(p) && typeof p['message'] === 'string')
    .map((p) => ({ field: typeof p['field'] === 'string' ? p['field'] : '', message: p['message'] as string }));
}

export const NO_BACKEND: ApiError = {
  code: 'no_backend',
  problems: [],
  message: 'The Verdict Desk core is not available. Start the app with `bash .ci/start` instead of opening the page in a browser.',
  field: null,
};

/** True inside the Tauri webview, where `invoke` has its IPC bridge. */
export function hasBackend(): boolean {
  return typeof window !== 'undefined' && '__TAURI_INTERNALS__' in window;
}

/** A command's arguments as `invoke` sends them (generated from its Rust function). */
export type CommandArgs<C extends Command> = Commands[C]['args'];
/** What a command answers (generated from its Rust function). */
export type CommandResult<C extends Command> = Commands[C]['result'];

/**
 * Sends `command` with its arguments (none for a command that takes none) and answers its
 * result; any failure is thrown as an `ApiError`. The generated wrappers in contract.ts call it.
 */
export async function call<C extends Command>(
  command: C,
  ...args: CommandArgs<C> extends void ? [] : [CommandArgs<C>]
): Promise<CommandResult<C>> {
  if (!hasBackend()) throw { ...NO_BACKEND };
  try {
    // `args` holds the argument object, or nothing for a command that takes none.
    return await invoke<CommandResult<C>>(command, args[0] as InvokeArgs | undefined);
  } catch (err) {
    throw toApiError(err);
  }
}

/**
 * Follows an event the app sends (see `EVENTS`) until the returned function is called. A
 * subscription that fails is logged; the app works on without it.
 */
export function follow<E extends AppEvent>(event: E, handler: (payload: EventPayloads[E]) => void): () => void {
  if (!hasBackend()) return () => {};
  let stop: (() => void) | null = null;
  let stopped = false;
  listen<EventPayloads[E]>(event, (e) => handler(e.payload)).then(
    (unlisten) => {
      if (stopped) unlisten();
      else stop = unlisten;
    },
    (err: unknown) => console.error(`Verdict Desk: cannot listen for ${event}:`, err),
  );
  return () => {
    stopped = true;
    stop?.();
  };
}
