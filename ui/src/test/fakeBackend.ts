// A scripted stand-in for the Rust core behind a mocked `invoke`, for component tests.
import type { Mock } from 'vitest';
import type { Change, DeskRows, MyWork } from '../lib/bindings';
import type {
  Check,
  Comparison,
  ComparisonSummary,
  DeskInfo,
  DraftPreview,
  ImportPlan,
  ImportReport,
  Overview,
  Profile,
  SearchHit,
  SiteSettings,
  ToolCard,
} from '../lib/types';
import { sampleComparison, sampleDeskInfo, sampleOverview, sampleProfiles, sampleSite } from './fixtures';
import { invalid, pairTaken, refusal } from './errors';
import { allowedActions } from './fakeWorkflow';
import { answerWith, callsOf, fakeGeneration } from './answers';
import type { Command, Commands } from '../lib/contract';

export interface FakeBackendOptions {
  overview?: Overview | (() => Overview | Promise<Overview>);
  hits?: SearchHit[];
  /** What my_work answers for a profile (default: nothing waiting). */
  myWork?: (profile: string) => MyWork | Promise<MyWork>;
  /** Stored comparisons by slug (defaults to the sample page and any overview page). */
  comparisons?: Comparison[];
  /** The page and checks a draft renders to (preview_draft). */
  draft?: (draft: Comparison) => DraftPreview | Promise<DraftPreview>;
  /** Handles save_comparison; the default stores the value, keeping the stored status. */
  save?: (comparison: Comparison) => Comparison | Promise<Comparison>;
  /**
   * Handles create_comparison; the default acts as the core (see `createComparison` below):
   * it refuses a slug in use and a second page for the same tools, and stores a draft that
   * the next desk_overview lists.
   */
  create?: (profile: string, comparison: Comparison) => Comparison | Promise<Comparison>;
  /** The desk's profiles (list_profiles), sorted by slug as the core lists them. */
  profiles?: Profile[];
  /** Handles save_profile; the default stores the profile (adds or replaces by slug). */
  saveProfile?: (profile: Profile) => Profile | Promise<Profile>;
  /** The stored site settings (get_site). */
  site?: SiteSettings;
  /**
   * Handles save_site; the default refuses a profile that is neither editor nor publisher
   * ("forbidden", like the core) and otherwise stores the settings.
   */
  saveSite?: (profile: string, site: SiteSettings) => SiteSettings | Promise<SiteSettings>;
  info?: DeskInfo;
  /** The path the file dialog answers (choose_bundle_file); null is a cancelled dialog. */
  chooseFile?: (purpose: 'import' | 'export') => string | null | Promise<string | null>;
  /** Handles import_plan; the default would replace nothing. */
  importPlan?: (path: string) => ImportPlan | Promise<ImportPlan>;
  /** Handles import_bundle; the default reports everything unchanged. */
  importBundle?: (path: string) => ImportReport | Promise<ImportReport>;
  exportBundle?: (path: string) => void | Promise<void>;
  closeWhenSaved?: () => void | Promise<void>;
}

export const DEFAULT_IMPORT_PATH = '/home/editor/bundle.json';
export const DEFAULT_EXPORT_PATH = '/home/editor/verdict-desk-bundle.json';

/** The page a draft renders to by default: its title and tool order are visible in it. */
export const draftHtml = (d: Pick<Comparison, 'slug' | 'title' | 'tools' | 'panel'>) =>
  `<!doctype html><html lang="en"><head><title>${d.title}</title>` +
  `<script type="application/ld+json">{"@type":"WebPage"}</script></head>` +
  `<body><h1>${d.title}</h1><p>${d.tools.join(' vs ')}</p><p>${d.panel.join(', ')}</p></body></html>`;

export const defaultChecks = (d: Comparison): Check[] =>
  d.title.trim() === '' ? [{ severity: 'blocker', code: 'empty_field', field: 'title', message: 'The page has no title.' }] : [];

/** The core's identity of a set of tools: sorted, de-duplicated slugs (A-vs-B and B-vs-A share it). */
export const pairKey = (tools: readonly string[]) => [...new Set(tools)].sort().join('+');

/** A page's summary as desk_overview lists it, for a page just created (no verdicts yet). */
function summaryOf(c: Comparison, tools: Overview['tools']): ComparisonSummary {
  return {
    slug: c.slug,
    title: c.title,
    dek: c.dek,
    status: c.status,
    stale: false,
    live_on: [],
    panel: [...c.panel],
    updated_at: new Date().toISOString(),
    tools: c.tools
      .filter((slug) => tools.some((x) => x.slug === slug))
      .map((slug): ToolCard => ({ slug, panel_ship: { ship: 0, total: 0, percent: null }, community_percent: null })),
  };
}

/**
 * desk_rows as the core answers it, from the desk as the fake lists it now: the rows each
 * change touches (a tool's or a verdict's pages too, every page for the site), and what is gone.
 */
export function rowsOf(desk: Overview, changes: Change[]): DeskRows {
  const pages = new Set<string>();
  const tools = new Set<string>();
  const reviewers = new Set<string>();
  const gone: Change[] = [];
  let site = false;
  let targets = false;
  const listing = (tool: string) => desk.comparisons.filter((c) => c.tools.some((t) => t.slug === tool)).map((c) => c.slug);
  for (const c of changes) {
    if (c.kind === 'comparison') pages.add(c.key);
    else if (c.kind === 'tool') {
      tools.add(c.key);
      listing(c.key).forEach((p) => pages.add(p));
    } else if (c.kind === 'reviewer') {
      reviewers.add(c.key);
      desk.comparisons.filter((p) => p.panel.includes(c.key)).forEach((p) => pages.add(p.slug));
    } else if (c.kind === 'verdict') {
      const [reviewer = '', tool = ''] = c.key.split('/');
      reviewers.add(reviewer);
      listing(tool).forEach((p) => pages.add(p));
    } else if (c.kind === 'site') {
      site = true;
      desk.comparisons.forEach((p) => pages.add(p.slug));
    } else if (c.kind === 'target') targets = true;
  }
  const pick = <T extends { slug: string }>(list: T[], wanted: Set<string>, kind: Change['kind']): T[] => {
    for (const slug of wanted) {
      if (!list.some((r) => r.slug === slug)) gone.push({ kind, key: slug, what: 'removed' });
    }
    return list.filter((r) => wanted.has(r.slug));
  };
  return {
    generation: fakeGeneration(),
    comparisons: pick(desk.comparisons, pages, 'comparison'),
    tools: pick(desk.tools, tools, 'tool'),
    reviewers: pick(desk.reviewers, reviewers, 'reviewer'),
    gone,
    site: site ? { site: desk.site, publish_warning: desk.publish_warning } : null,
    targets: targets ? desk.targets : null,
  };
}

const SLUG_RE = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

export interface FakeBackend {
  stored: Map<string, Comparison>;
  /** Summaries of the pages created here, added to every desk_overview after these calls. */
  created: ComparisonSummary[];
  profiles: Map<string, Profile>;
  site: () => SiteSettings;
  calls: <C extends Command>(command: C) => Commands[C]['args'][];
}

export function installBackend(invoke: Mock, options: FakeBackendOptions = {}): FakeBackend {
  const overview = options.overview ?? sampleOverview();
  const stored = new Map<string, Comparison>();
  for (const c of options.comparisons ?? [sampleComparison()]) stored.set(c.slug, structuredClone(c));
  const profiles = new Map<string, Profile>();
  for (const p of options.profiles ?? sampleProfiles()) profiles.set(p.slug, structuredClone(p));
  let site = structuredClone(options.site ?? sampleSite());
  const sortedProfiles = () => [...profiles.values()].sort((a, b) => a.slug.localeCompare(b.slug));
  const created: ComparisonSummary[] = [];

  /** The desk as the core lists it now: the scripted overview plus the pages created since. */
  async function currentOverview(): Promise<Overview> {
    const base = structuredClone(typeof overview === 'function' ? await overview() : overview);
    const known = new Set(base.comparisons.map((c) => c.slug));
    base.comparisons.push(...structuredClone(created.filter((c) => !known.has(c.slug))));
    return { ...base, comparisons_total: base.comparisons.length, partial: false };
  }

  /** desk_overview_first as the core answers it: the first pages, the tools they show. */
  async function firstOverview(limit: number): Promise<Overview> {
    const whole = await currentOverview();
    const comparisons = whole.comparisons.slice(0, limit);
    const shown = new Set(comparisons.flatMap((c) => c.tools.map((t) => t.slug)));
    return { ...whole, comparisons, tools: whole.tools.filter((t) => shown.has(t.slug)), partial: true };
  }

  /** create_comparison as the core does it (desk/mod.rs create_comparison, store.rs save_comparison_tx). */
  async function createComparison(profile: string, page: Comparison): Promise<Comparison> {
    const who = profiles.get(profile);
    if (!who) throw refusal('not_found', `no profile "${profile}"`);
    if (!who.roles.includes('editor')) {
      throw refusal('forbidden', `${who.name} (${who.roles.join(', ')}) may not add comparisons: that needs the editor role`);
    }
    const desk = await currentOverview();
    if (stored.has(page.slug) || desk.comparisons.some((c) => c.slug === page.slug)) {
      throw invalid({ field: 'slug', message: `a comparison with the slug "${page.slug}" already exists; choose another slug` });
    }
    const key = pairKey(page.tools);
    const other =
      [...stored.values()].find((c) => c.slug !== page.slug && pairKey(c.tools) === key) ??
      desk.comparisons.find((c) => c.slug !== page.slug && pairKey(c.tools.map((t) => t.slug)) === key);
    if (other !== undefined) throw pairTaken(other.slug, other.title);
    const problems: { field: string; message: string }[] = [];
    if (!SLUG_RE.test(page.slug)) {
      problems.push({
        field: 'slug',
        message: page.slug === '' ? 'must not be empty' : `"${page.slug}" is not a slug: use lowercase letters, digits and single hyphens`,
      });
    }
    if (page.title.trim() === '') problems.push({ field: 'title', message: 'must not be empty' });
    if (page.tools.length < 2) problems.push({ field: 'tools', message: 'a comparison needs at least two tools' });
    page.tools.forEach((t, i) => {
      if (page.tools.slice(0, i).includes(t)) problems.push({ field: `tools[${i}]`, message: `"${t}" is listed twice` });
    });
    if (problems.length === 0) {
      page.tools.forEach((t, i) => {
        if (!desk.tools.some((x) => x.slug === t)) problems.push({ field: `tools[${i}]`, message: `no tool "${t}"` });
      });
      page.panel.forEach((r, i) => {
        if (!desk.reviewers.some((x) => x.slug === r)) problems.push({ field: `panel[${i}]`, message: `no reviewer "${r}"` });
      });
    }
    if (problems.length > 0) {
      throw invalid(...problems);
    }
    const draft: Comparison = { ...page, status: 'draft', scheduled_for: null, published_at: null };
    stored.set(draft.slug, structuredClone(draft));
    created.push(summaryOf(draft, desk.tools));
    return structuredClone(draft);
  }

  answerWith(
    invoke,
    {
      desk_overview: () => currentOverview(),
      desk_overview_first: ({ limit }) => firstOverview(limit),
      desk_rows: async ({ changes }) => rowsOf(await currentOverview(), changes),
      search: () => options.hits ?? [],
      get_comparison: ({ slug }) => {
        const c = stored.get(slug);
        if (!c) throw refusal('not_found', `no comparison "${slug}"`);
        return structuredClone(c);
      },
      preview_draft: ({ draft }) => (options.draft ? options.draft(draft) : { html: draftHtml(draft), checks: defaultChecks(draft) }),
      save_comparison: ({ comparison }) => {
        const c = structuredClone(comparison);
        if (options.save) return options.save(c);
        const before = stored.get(c.slug);
        const saved = { ...c, status: before?.status ?? 'draft', scheduled_for: before?.scheduled_for ?? null, published_at: before?.published_at ?? null };
        stored.set(c.slug, saved);
        return structuredClone(saved);
      },
      allowed_actions: ({ profile, slug }) => {
        const c = stored.get(slug);
        if (!c) throw refusal('not_found', `no comparison "${slug}"`);
        return allowedActions(profiles.get(profile), c.status);
      },
      create_comparison: ({ profile, comparison }) => {
        const c = structuredClone(comparison);
        if (options.create) return options.create(profile, c);
        return createComparison(profile, c);
      },
      list_profiles: () => structuredClone(sortedProfiles()),
      save_profile: ({ profile }) => {
        const p = structuredClone(profile);
        if (options.saveProfile) return options.saveProfile(p);
        profiles.set(p.slug, p);
        return structuredClone(p);
      },
      get_site: () => structuredClone(site),
      save_site: ({ profile, site: settings }) => {
        const next = structuredClone(settings);
        if (options.saveSite) return options.saveSite(profile, next);
        const roles = profiles.get(profile)?.roles ?? [];
        if (!roles.includes('editor') && !roles.includes('publisher')) {
          throw refusal('forbidden', `"${profile}" may not change site settings`);
        }
        site = next;
        return structuredClone(site);
      },
      my_work: async ({ profile }) => structuredClone(options.myWork ? await options.myWork(profile) : { profile, items: [] }),
      desk_info: () => structuredClone(options.info ?? sampleDeskInfo()),
      choose_bundle_file: ({ purpose }) => {
        if (options.chooseFile) return options.chooseFile(purpose);
        return purpose === 'import' ? DEFAULT_IMPORT_PATH : DEFAULT_EXPORT_PATH;
      },
      import_plan: ({ path }) => {
        if (options.importPlan) return options.importPlan(path);
        return { added: [], replaced: [], unchanged: [] };
      },
      import_bundle: ({ path }) => {
        if (options.importBundle) return options.importBundle(path);
        return { created: 0, updated: 0, unchanged: stored.size };
      },
      // As the core: the answer is the path written.
      export_bundle: async ({ path }) => {
        if (options.exportBundle) await options.exportBundle(path);
        return path;
      },
      close_when_saved: async () => {
        if (options.closeWhenSaved) await options.closeWhenSaved();
      },
      // No comments on the fake desk: the comments tests answer these themselves.
      page_comments: () => [],
      entity_comments: () => [],
      comment_counts: () => [],
    },
    (cmd) => {
      throw refusal('unknown_command', `unknown command ${cmd}`);
    },
  );

  return {
    stored,
    created,
    profiles,
    site: () => structuredClone(site),
    calls: (command) => callsOf(invoke, command),
  };
}
