// A scripted stand-in for the Rust core behind a mocked `invoke`, for component tests.
import type { Mock } from 'vitest';
import type {
  Check,
  Comparison,
  DeskInfo,
  DraftPreview,
  ImportReport,
  Overview,
  Profile,
  SearchHit,
  SiteSettings,
} from '../lib/types';
import { sampleComparison, sampleDeskInfo, sampleOverview, sampleProfiles, sampleSite } from './fixtures';

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

export interface FakeBackend {
  stored: Map<string, Comparison>;
  profiles: Map<string, Profile>;
  site: () => SiteSettings;
  calls: (command: string) => Record<string, unknown>[];
}

export function installBackend(invoke: Mock, options: FakeBackendOptions = {}): FakeBackend {
  const overview = options.overview ?? sampleOverview();
  const stored = new Map<string, Comparison>();
  for (const c of options.comparisons ?? [sampleComparison()]) stored.set(c.slug, structuredClone(c));
  const profiles = new Map<string, Profile>();
  for (const p of options.profiles ?? sampleProfiles()) profiles.set(p.slug, structuredClone(p));
  let site = structuredClone(options.site ?? sampleSite());
  const sortedProfiles = () => [...profiles.values()].sort((a, b) => a.slug.localeCompare(b.slug));

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
      case 'list_profiles':
        return structuredClone(sortedProfiles());
      case 'save_profile': {
        const p = structuredClone(args['profile'] as Profile);
        if (options.saveProfile) return options.saveProfile(p);
        profiles.set(p.slug, p);
        return structuredClone(p);
      }
      case 'get_site':
        return structuredClone(site);
      case 'save_site': {
        const profile = String(args['profile']);
        const next = structuredClone(args['site'] as SiteSettings);
        if (options.saveSite) return options.saveSite(profile, next);
        const roles = profiles.get(profile)?.roles ?? [];
        if (!roles.includes('editor') && !roles.includes('publisher')) {
          throw { code: 'forbidden', message: `"${profile}" may not change site settings` };
        }
        site = next;
        return structuredClone(site);
      }
      case 'desk_info':
        return structuredClone(options.info ?? sampleDeskInfo());
      case 'choose_bundle_file': {
        const purpose = args['purpose'] as 'import' | 'export';
        if (options.chooseFile) return options.chooseFile(purpose);
        return purpose === 'import' ? DEFAULT_IMPORT_PATH : DEFAULT_EXPORT_PATH;
      }
      case 'import_bundle':
        if (options.importBundle) return options.importBundle(String(args['path']));
        return { created: 0, updated: 0, unchanged: stored.size } satisfies ImportReport;
      case 'export_bundle':
        if (options.exportBundle) await options.exportBundle(String(args['path']));
        return null;
      case 'close_when_saved':
        if (options.closeWhenSaved) await options.closeWhenSaved();
        return null;
      default:
        throw { code: 'unknown_command', message: `unknown command ${cmd}` };
    }
  });

  return {
    stored,
    profiles,
    site: () => structuredClone(site),
    calls: (command) =>
      invoke.mock.calls.filter(([c]) => c === command).map(([, args]) => (args ?? {}) as Record<string, unknown>),
  };
}
