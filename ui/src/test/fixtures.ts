import type { Comparison, DeskInfo, Overview, Profile, SiteSettings } from '../lib/types';
import type { LiveStatus } from '../lib/bindings';

/** Mirrors the shipped sample: the reference comparison page. */
export function sampleOverview(): Overview {
  return {
    site: { site_name: 'AI Tool Verdicts', kicker: 'AI tool comparison' },
    comparisons: [
      {
        slug: 'claude-haiku-open-weights-vs-llama-4-scout-quantized',
        title: 'Claude Haiku Open Weights vs Llama 4 Scout Quantized',
        dek: 'Which one should you ship with? Here is the side-by-side panel verdict, pricing read, reviewer split, and community vote comparison.',
        status: 'in_review',
        stale: false,
        live_on: [],
        panel: ['devon-dx', 'sam-skeptic', 'priya-strategist', 'marcus-business'],
        updated_at: '2025-04-12T09:30:00Z',
        tools: [
          {
            slug: 'claude-haiku-open-weights',
            panel_ship: { ship: 2, total: 4, percent: 50 },
            community_percent: null,
          },
          {
            slug: 'llama-4-scout-quantized',
            panel_ship: { ship: 4, total: 4, percent: 100 },
            community_percent: null,
          },
        ],
      },
    ],
    tools: [
      {
        slug: 'claude-haiku-open-weights',
        name: 'Claude Haiku Open Weights',
        vendor: 'Anthropic',
        category: 'Developer Tools',
        tagline: "Anthropic's first open-weight model release for research use",
        entry: 'Free',
        pricing_checked_on: '2025-04-01',
      },
      {
        slug: 'llama-4-scout-quantized',
        name: 'Llama 4 Scout Quantized',
        vendor: 'Meta',
        category: 'Developer Tools',
        tagline: "Run Meta's Llama 4 Scout locally on consumer GPUs and mobile chips",
        entry: 'Free',
        pricing_checked_on: null,
      },
    ],
    reviewers: [
      { slug: 'dx', name: 'Dana Xu', persona: 'Developer experience', verdict_count: 2 },
      { slug: 'skeptic', name: 'Sam Keller', persona: 'Skeptic', verdict_count: 1 },
    ],
    targets: [],
    publish_warning: null,
    data_dir: '/home/editor/.local/share/verdict-desk',
    comparisons_total: 1,
    partial: false,
  };
}

/** The stored comparison behind the sample overview's only page, as `get_comparison` returns it. */
export function sampleComparison(): Comparison {
  return {
    slug: 'claude-haiku-open-weights-vs-llama-4-scout-quantized',
    title: 'Claude Haiku Open Weights vs Llama 4 Scout Quantized',
    dek: 'Which one should you ship with? Here is the side-by-side panel verdict, pricing read, reviewer split, and community vote comparison.',
    intro: 'Two open-weight models, *one* question.',
    tools: ['claude-haiku-open-weights', 'llama-4-scout-quantized'],
    panel: ['dx', 'skeptic'],
    status: 'in_review',
    scheduled_for: null,
    published_at: null,
  };
}

/** The profiles a new desk starts with (an editor, a publisher, one per reviewer), by slug as the core lists them. */
export function sampleProfiles(): Profile[] {
  return [
    { slug: 'dx', name: 'Dana Xu', roles: ['reviewer'], reviewer: 'dx' },
    { slug: 'editor', name: 'Editor', roles: ['editor'], reviewer: null },
    { slug: 'publisher', name: 'Publisher', roles: ['publisher'], reviewer: null },
    { slug: 'skeptic', name: 'Sam Keller', roles: ['reviewer'], reviewer: 'skeptic' },
  ];
}

/** The site settings behind the sample overview, as `get_site` returns them. */
export function sampleSite(): SiteSettings {
  return {
    site_name: 'AI Tool Verdicts',
    kicker: 'AI tool comparison',
    default_dek: 'Which one should you ship with?',
    newsletter: {
      kicker: 'Weekly AI Tool Verdicts',
      heading: 'Get the next comparison in your inbox',
      body: 'New AI tools ship daily. We compare them before you waste an afternoon.',
    },
    theme: 'default',
    base_url: 'https://verdicts.example.com',
  };
}

export function sampleDeskInfo(): DeskInfo {
  return {
    data_dir: '/home/editor/.local/share/verdict-desk',
    database: '/home/editor/.local/share/verdict-desk/desk.sqlite3',
    backups_dir: '/home/editor/.local/share/verdict-desk/backups',
    schema_version: 3,
    themes: ['default', 'compact'],
  };
}

/** A team desk's live status: synced, signed in as Inès (an editor); `over` changes any of it. */
export function liveStatus(over: Partial<LiveStatus> = {}): LiveStatus {
  return {
    state: 'synced',
    link: {
      url: 'postgres://team.example.com:5432/verdict',
      user: 'ines',
      desk_id: 'd',
      cursor: 3,
      roles: ['editor'],
      reviewer: null,
      display_name: 'Inès',
      joined_at: '2026-12-01T09:00:00Z',
      synced_at: null,
    },
    pending: 0,
    conflicts: 0,
    offline_since: null,
    problem: null,
    checked_at: null,
    refused: [],
    last_synced: null,
    ...over,
  };
}
