// A scripted stand-in for the core's reviewer and verdict commands behind a mocked `invoke`,
// with the core's rules (who may write, what is locked), for the Reviewers screen's tests.
import type { Mock } from 'vitest';
import { invalid, refusal } from './errors';
import type { Problem } from './errors';
import { answerWith, callsOf, type Answers } from './answers';
import type { Command, Commands } from '../lib/contract';
import type {
  Coverage,
  Profile,
  Reviewer,
  ReviewerSummary,
  ToolSummary,
  Verdict,
} from '../lib/types';

export const HAIKU = 'claude-haiku-open-weights';
export const SCOUT = 'llama-4-scout-quantized';

export const PROFILES: Profile[] = [
  { slug: 'erin', name: 'Erin Editor', roles: ['editor'], reviewer: null },
  { slug: 'dana', name: 'Dana Xu', roles: ['reviewer'], reviewer: 'dx' },
  { slug: 'sam', name: 'Sam Keller', roles: ['reviewer'], reviewer: 'skeptic' },
  { slug: 'pat', name: 'Pat Publisher', roles: ['publisher'], reviewer: null },
];

export function sampleReviewers(): Reviewer[] {
  return [
    {
      slug: 'dx',
      name: 'Dana Xu',
      persona: 'Developer experience',
      bio: 'Ships developer tools for a living.',
      rubric: ['How long until the first useful result?', 'Are the errors helpful?'],
    },
    { slug: 'skeptic', name: 'Sam Keller', persona: 'Skeptic', bio: '', rubric: ['What breaks first?'] },
  ];
}

export function sampleTools(): ToolSummary[] {
  return [
    {
      slug: HAIKU,
      name: 'Claude Haiku Open Weights',
      vendor: 'Anthropic',
      category: 'Developer Tools',
      tagline: '',
      entry: 'Free',
      pricing_checked_on: null,
    },
    {
      slug: SCOUT,
      name: 'Llama 4 Scout Quantized',
      vendor: 'Meta',
      category: 'Developer Tools',
      tagline: '',
      entry: 'Free',
      pricing_checked_on: null,
    },
  ];
}

export function verdict(reviewer: string, tool: string, v: Partial<Verdict> = {}): Verdict {
  return {
    reviewer,
    tool,
    call: 'ship',
    quote: 'Fast to set up.',
    status: 'draft',
    return_comment: null,
    created_at: '2025-04-01T10:00:00Z',
    updated_at: '2025-04-01T10:00:00Z',
    ...v,
  };
}

/** A comparison as coverage sees it: which tools with which panel. */
export interface Page {
  title: string;
  tools: string[];
  panel: string[];
}

export interface ReviewerDeskOptions {
  reviewers?: Reviewer[];
  tools?: ToolSummary[];
  verdicts?: Verdict[];
  pages?: Page[];
  profiles?: Profile[];
  /** Replaces a command's answer (return a value, or throw to refuse). */
  override?: Answers;
}

export interface ReviewerDesk {
  reviewers: Map<string, Reviewer>;
  verdicts: Verdict[];
  calls: <C extends Command>(command: C) => Commands[C]['args'][];
  summaries: () => ReviewerSummary[];
}

function refuse(code: string, message: string): never {
  throw refusal(code, message);
}

export function installReviewerDesk(invoke: Mock, options: ReviewerDeskOptions = {}): ReviewerDesk {
  const reviewers = new Map((options.reviewers ?? sampleReviewers()).map((r) => [r.slug, structuredClone(r)]));
  const tools = options.tools ?? sampleTools();
  const verdicts = structuredClone(options.verdicts ?? []);
  const pages = options.pages ?? [{ title: 'Haiku vs Scout', tools: [HAIKU, SCOUT], panel: ['dx'] }];
  const profiles = options.profiles ?? PROFILES;

  const actor = (slug: string): Profile => {
    const p = profiles.find((x) => x.slug === slug);
    if (!p) refuse('not_found', `no profile "${slug}"`);
    return p;
  };
  const find = (reviewer: string, tool: string) => verdicts.find((v) => v.reviewer === reviewer && v.tool === tool);

  /** save_reviewer and create_reviewer, as the core: creating never overwrites, saving never creates. */
  function write(creating: boolean, profile: string, given: Reviewer): Reviewer {
    const p = actor(profile);
    if (!p.roles.includes('editor')) refuse('forbidden', `${p.name} may not edit reviewers: that needs the editor role`);
    const r = structuredClone(given);
    const problems: Problem[] = [];
    if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(r.slug)) problems.push({ field: 'slug', message: `"${r.slug}" is not a slug` });
    if (!r.name.trim()) problems.push({ field: 'name', message: 'must not be empty' });
    if (!r.persona.trim()) problems.push({ field: 'persona', message: 'must not be empty' });
    r.rubric.forEach((q, i) => {
      if (!q.trim()) problems.push({ field: `rubric[${i}]`, message: 'must not be empty' });
    });
    if (problems.length > 0) throw invalid(...problems);
    if (creating && reviewers.has(r.slug)) {
      throw invalid({ field: 'slug', message: `a reviewer with the slug "${r.slug}" already exists; choose another slug` });
    }
    if (!creating && !reviewers.has(r.slug)) refuse('not_found', `no reviewer "${r.slug}"`);
    reviewers.set(r.slug, r);
    return structuredClone(r);
  }

  const answers: Answers = {
    get_reviewer: ({ slug }) => {
      const r = reviewers.get(slug);
      if (!r) refuse('not_found', `no reviewer "${slug}"`);
      return structuredClone(r);
    },
    save_reviewer: ({ profile, reviewer }) => write(false, profile, reviewer),
    create_reviewer: ({ profile, reviewer }) => write(true, profile, reviewer),
    coverage: () => {
      let missing = 0;
      const list = [...reviewers.values()];
      const cells = list.map((r) =>
        tools.map((t) => {
          const v = find(r.slug, t.slug);
          const needed_by = pages.filter((p) => p.panel.includes(r.slug) && p.tools.includes(t.slug)).map((p) => p.title);
          const isMissing = needed_by.length > 0 && !v;
          if (isMissing) missing += 1;
          return { call: v?.call ?? null, status: v?.status ?? null, needed: needed_by.length > 0, missing: isMissing, needed_by };
        }),
      );
      const result: Coverage = {
        reviewers: list.map((r) => ({ slug: r.slug, name: r.name, persona: r.persona })),
        tools: tools.map((t) => ({ slug: t.slug, name: t.name })),
        cells,
        missing,
      };
      return result;
    },
    get_verdict: ({ reviewer, tool }) => {
      const v = find(reviewer, tool);
      return v ? structuredClone(v) : null;
    },
    save_verdict: ({ profile, verdict: d }) => {
      const p = actor(profile);
      if (!(p.roles.includes('reviewer') && p.reviewer === d.reviewer)) {
        refuse('forbidden', `${p.name} may not write this verdict: only its reviewer, ${d.reviewer}, writes it`);
      }
      const existing = find(d.reviewer, d.tool);
      if (existing && (existing.status === 'submitted' || existing.status === 'accepted')) {
        refuse('wrong_state', `cannot edit a verdict that is ${existing.status}: an editor returns it to you first`);
      }
      if (existing) {
        existing.call = d.call;
        existing.quote = d.quote;
        return structuredClone(existing);
      }
      const created = verdict(d.reviewer, d.tool, { call: d.call, quote: d.quote });
      verdicts.push(created);
      return structuredClone(created);
    },
    verdict_action: ({ profile, reviewer, tool, action }) => {
      const p = actor(profile);
      const v = find(reviewer, tool);
      if (!v) return refuse('not_found', 'no such verdict');
      if (action.action === 'submit') {
        if (!(p.roles.includes('reviewer') && p.reviewer === v.reviewer)) refuse('forbidden', `${p.name} may not submit this verdict`);
        if (v.status !== 'draft' && v.status !== 'returned') refuse('wrong_state', 'cannot submit: it was already submitted');
        if (!v.quote.trim()) throw invalid({ field: 'quote', message: 'write the quote before submitting' });
        v.status = 'submitted';
        v.return_comment = null;
      } else {
        if (!p.roles.includes('editor')) refuse('forbidden', `${p.name} may not ${action.action} verdicts: that needs the editor role`);
        // As the core: accept a submitted verdict; return a submitted or accepted one.
        const applies = action.action === 'accept' ? v.status === 'submitted' : v.status === 'submitted' || v.status === 'accepted';
        if (!applies) refuse('wrong_state', `cannot ${action.action} a verdict that is ${v.status}`);
        if (action.action === 'return') {
          if (!action.comment.trim()) throw invalid({ field: 'return_comment', message: 'say why the verdict goes back' });
          v.status = 'returned';
          v.return_comment = action.comment;
        } else {
          v.status = 'accepted';
        }
      }
      return structuredClone(v);
    },
    history: () => [],
    // No comments on the fake desk: a test that needs some answers these itself (override).
    entity_comments: () => [],
  };
  answerWith(invoke, { ...answers, ...options.override }, (cmd) => refuse('unknown_command', `unknown command ${cmd}`));

  return {
    reviewers,
    verdicts,
    calls: (command) => callsOf(invoke, command),
    summaries: () =>
      [...reviewers.values()].map((r) => ({
        slug: r.slug,
        name: r.name,
        persona: r.persona,
        verdict_count: verdicts.filter((v) => v.reviewer === r.slug).length,
      })),
  };
}
