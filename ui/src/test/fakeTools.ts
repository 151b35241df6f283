// A scripted stand-in for the core's tool, history and restore commands behind a mocked
// `invoke`, for the tool editor and history panel tests.
import type { Mock } from 'vitest';
import type { EntityKind, PageRef, Profile, RevisionView, Tool, ToolPreview, ToolSummary } from '../lib/types';
import { session } from '../lib/session.svelte';
import { invalid, refusal } from './errors';
import { answerWith, callsOf } from './answers';
import type { Command, Commands } from '../lib/contract';

export const HAIKU = 'claude-haiku-open-weights';
export const SCOUT = 'llama-4-scout-quantized';

/** The stored tool behind the sample's first row, as `get_tool` returns it. */
export function sampleTool(): Tool {
  return {
    slug: HAIKU,
    name: 'Claude Haiku Open Weights',
    vendor: 'Anthropic',
    category: 'Developer Tools',
    tagline: "Anthropic's first open-weight model release for research use",
    description: 'A *small* model with open weights.',
    entry_price: { kind: 'free' },
    license: 'Research only',
    links: { homepage: 'https://example.com/haiku', weights: null, docs: null },
    release_date: '2025-03-01',
    pricing_checked_on: '2025-04-01',
  };
}

export function sampleTools(): ToolSummary[] {
  return [
    {
      slug: HAIKU,
      name: 'Claude Haiku Open Weights',
      vendor: 'Anthropic',
      category: 'Developer Tools',
      tagline: "Anthropic's first open-weight model release for research use",
      entry: 'Free',
      pricing_checked_on: '2025-04-01',
    },
    {
      slug: SCOUT,
      name: 'Llama 4 Scout Quantized',
      vendor: 'Meta',
      category: 'Developer Tools',
      tagline: "Run Meta's Llama 4 Scout locally on consumer GPUs and mobile chips",
      entry: 'Free',
      pricing_checked_on: null,
    },
  ];
}

export const PROFILES: Profile[] = [
  { slug: 'edie', name: 'Edie Stone', roles: ['editor'], reviewer: null },
  { slug: 'dana', name: 'Dana Xu', roles: ['reviewer'], reviewer: 'dx' },
];

/** Works as `slug` from now on (the session is shared by every component). */
export function actAs(slug: string) {
  session.setProfiles(PROFILES);
  session.choose(slug);
}

/** The page a draft renders to by default: the fields a test changes are visible in it. */
export const toolHtml = (t: Tool) =>
  `<!doctype html><html><body><h1>${t.name}</h1><p>${t.tagline}</p><p>${JSON.stringify(t.entry_price)}</p></body></html>`;

export interface FakeToolsOptions {
  tools?: Tool[];
  /** The page, problems and pages of a draft (preview_tool); the default finds no problem. */
  preview?: (draft: Tool) => Partial<ToolPreview> | Promise<Partial<ToolPreview>>;
  pages?: PageRef[];
  /** Handles save_tool; the default stores the tool. */
  save?: (profile: string, tool: Tool) => Tool | Promise<Tool>;
  /** Revisions by "entity/key", newest first. */
  history?: Record<string, RevisionView[]> | ((entity: EntityKind, key: string) => RevisionView[] | Promise<RevisionView[]>);
  /** Handles restore_revision; the default does nothing. */
  restore?: (args: { profile: string; entity: EntityKind; key: string; number: number }) => void | Promise<void>;
}

export interface FakeTools {
  stored: Map<string, Tool>;
  calls: <C extends Command>(command: C) => Commands[C]['args'][];
}

export function installTools(invoke: Mock, options: FakeToolsOptions = {}): FakeTools {
  const stored = new Map<string, Tool>();
  for (const t of options.tools ?? [sampleTool()]) stored.set(t.slug, structuredClone(t));

  /** save_tool and create_tool, as the core: creating never overwrites, saving never creates. */
  async function write(creating: boolean, profile: string, given: Tool): Promise<Tool> {
    const tool = structuredClone(given);
    if (options.save) return options.save(profile, tool);
    if (creating && stored.has(tool.slug)) {
      throw invalid({ field: 'slug', message: `a tool with the slug "${tool.slug}" already exists; choose another slug` });
    }
    if (!creating && !stored.has(tool.slug)) {
      throw refusal('not_found', `no tool "${tool.slug}"`);
    }
    stored.set(tool.slug, tool);
    return structuredClone(tool);
  }

  answerWith(
    invoke,
    {
      get_tool: ({ slug }) => {
        const t = stored.get(slug);
        if (!t) throw refusal('not_found', `no tool "${slug}"`);
        return structuredClone(t);
      },
      preview_tool: async ({ draft }) => {
        const found = options.preview ? await options.preview(draft) : {};
        return { html: toolHtml(draft), problems: [], pages: options.pages ?? [], ...found };
      },
      save_tool: ({ profile, tool }) => write(false, profile, tool),
      create_tool: ({ profile, tool }) => write(true, profile, tool),
      history: ({ entity, key }) => {
        const h = options.history;
        if (typeof h === 'function') return h(entity, key);
        return structuredClone(h?.[`${entity}/${key}`] ?? []);
      },
      restore_revision: async (args) => {
        await options.restore?.(args);
      },
    },
    (cmd) => {
      throw refusal('unknown_command', `unknown command ${cmd}`);
    },
  );

  return {
    stored,
    calls: (command) => callsOf(invoke, command),
  };
}
