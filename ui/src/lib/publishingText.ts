// The Publishing screen's words and orders: the queue's states, what needs a person first,
// the publisher hint, and dates as people read them.
import { switchAdvice } from './session.svelte';
import type { JobState, JobView } from './bindings';

const JOB_STATE_LABELS: Record<JobState, string> = {
  queued: 'Queued',
  running: 'Sending',
  failed: 'Failed',
  conflict: 'Conflict',
};

/** What needs a person first: conflicts, then failures, then what is still moving. */
const JOB_ORDER: Record<JobState, number> = { conflict: 0, failed: 1, running: 2, queued: 3 };

export function sortJobs(jobs: readonly JobView[]): JobView[] {
  return jobs
    .map((job, i) => ({ job, i }))
    .sort((a, b) => (JOB_ORDER[a.job.state] ?? 9) - (JOB_ORDER[b.job.state] ?? 9) || a.i - b.i)
    .map(({ job }) => job);
}

export function jobStateLabel(state: JobState): string {
  return JOB_STATE_LABELS[state] ?? state;
}

/** "Publishers publish pages — switch profile in the sidebar" (or, on a team, ask its admin). */
export function publisherHint(what: string): string {
  return `Publishers ${what} — ${switchAdvice()}`;
}

/** Whether `url` is a web address (opened in the browser); others are shown as text. */
export const isWebLink = (url: string) => /^https?:\/\//i.test(url);

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
export function when(value: string): string {
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? value : dateTime.format(d);
}
export const isLater = (value: string) => {
  const d = new Date(value);
  return !Number.isNaN(d.getTime()) && d.getTime() > Date.now();
};
