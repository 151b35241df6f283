// The app's one error banner: the refusal or failure shown above the screen, and what it came
// from (so Retry re-reads the right thing, and a success clears only its own failure).
import { toApiError } from '../api';
import type { ApiError } from '../types';

export type ErrorSource = 'overview' | 'profiles' | 'search';

export class AppErrors {
  error = $state<ApiError | null>(null);
  source = $state<ErrorSource | null>(null);

  show(err: unknown, source: ErrorSource) {
    this.error = toApiError(err);
    this.source = source;
  }

  /** Clears the banner (only if it came from `source`, when one is named). */
  clear(source?: ErrorSource) {
    if (source === undefined || this.source === source) {
      this.error = null;
      this.source = null;
    }
  }
}
