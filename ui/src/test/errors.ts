// Refusals shaped as the core sends them over IPC (src-tauri/core/src/api.rs), for fakes.

export interface Problem {
  field: string;
  message: string;
}

/**
 * An `invalid` error as the core builds it from a list of problems: every problem in
 * `problems`, `field` the first of them, and the message joining them ("field: message; …").
 */
export function invalid(...problems: Problem[]) {
  return {
    code: 'invalid',
    message: problems.map((p) => `${p.field}: ${p.message}`).join('; '),
    field: problems[0]?.field,
    problems,
  };
}

/** An `invalid` error about one field, as the core's `ApiError::at` makes it. */
export function invalidAt(field: string, message: string) {
  return { code: 'invalid', message, field, problems: [{ field, message }] };
}

/** Any other refusal: no field, no problems. */
export function refusal(code: string, message: string) {
  return { code, message, problems: [] as Problem[] };
}

/** The core's refusal of a second page for the same tools (`DeskError::PairTaken`), naming the page that has them. */
export function pairTaken(slug: string, title: string) {
  const message = `these tools already have a comparison page: "${slug}"`;
  return { code: 'pair_taken', message, field: 'tools', problems: [{ field: 'tools', message }], details: { kind: 'pair_taken', slug, title } };
}
