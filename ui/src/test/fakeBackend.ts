// A scripted stand-in for the Rust core behind a mocked `invoke`, for component tests.
import type { Mock } from 'vitest';
import type { Check, Comparison, DraftPreview, Overview, SearchHit } from '../lib/types';
import { sampleComparison, sampleOverview } from './fixtures';

export interface FakeBackendOptions {
  overview?: Overview | (() => Overview | Promise<Overview>);
  hits?: SearchHit[];
  /** Stored comparisons by slug (defaults to the sample page and any overview page). */
  comparisons?: Comparison[];
  /** The page a saved comparison renders to (preview_comparison). */
  page?: (slug: string) => string | Promise<string>;
  /** The page and checks a draft renders to (preview_draft). */
  draft?: (draft: Comparison) => DraftPreview | Promise<DraftPreview>;
  /** Handles save_comparison; the default stores the value, keeping the stored status. */
  save?: (comparison: Comparison) => Comparison | Promise<Comparison>;
}

/** The page a draft renders to by default: its title and tool order are visible in it. */
export const draftHtml = (d: Pick<Comparison, 'slug' | 'title' | 'tools' | 'panel'>) =>
  `<!doctype html><html lang="en"><head><title>${d.title}</title>` +
  `<script type="application/ld+json">{"@type":"WebPage"}</script></head>` +
  `<body><h1>${d.title}</h1><p>${d.tools.join(' vs ')}</p><p>${d.panel.join(', ')}</p></body></html>`;

export const defaultChecks = (d: Comparison): Check[] =>
  d.title.trim() === '' ? [{ severity: 'blocker', code: 'empty_field', field: 'title', message: 'The page has no title.' }] : [];

export interface FakeBackend {
  stored: Map<string, Comparison>;
  calls: (command: string) => Record<string, unknown>[];
}

export function installBackend(invoke: Mock, options: FakeBackendOptions = {}): FakeBackend {
  const overview = options.overview ?? sampleOverview();
  const stored = new Map<string, Comparison>();
  for (const c of options.comparisons ?? [sampleComparison()]) stored.set(c.slug, structuredClone(c));

  invoke.mockImplementation(async (cmd: string, args: Record<string, unknown> = {}) => {
    switch (cmd) {
      case 'desk_overview':
        return typeof overview === 'function' ? overview() : structuredClone(overview);
      case 'search':
        return options.hits ?? [];
      case 'preview_comparison':
        return (options.page ?? ((slug: string) => `<p>${slug}</p>`))(String(args['slug']));
      case 'get_comparison': {
        const c = stored.get(String(args['slug']));
        if (!c) throw { code: 'not_found', message: `no comparison "${String(args['slug'])}"` };
        return structuredClone(c);
      }
      case 'preview_draft': {
        const d = args['draft'] as Comparison;
        return options.draft ? options.draft(d) : { html: draftHtml(d), checks: defaultChecks(d) };
      }
      case 'save_comparison': {
        const c = structuredClone(args['comparison'] as Comparison);
        if (options.save) return options.save(c);
        const before = stored.get(c.slug);
        const saved = { ...c, status: before?.status ?? 'draft', scheduled_for: before?.scheduled_for ?? null, published_at: before?.published_at ?? null };
        stored.set(c.slug, saved);
        return structuredClone(saved);
      }
      default:
        throw { code: 'unknown_command', message: `unknown command ${cmd}` };
    }
  });

  return {
    stored,
    calls: (command) =>
      invoke.mock.calls.filter(([c]) => c === command).map(([, args]) => (args ?? {}) as Record<string, unknown>),
  };
}
