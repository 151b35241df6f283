// Generated from the command functions in src-tauri/src/commands/ and the table in
// src-tauri/src/contract.rs by `UPDATE_CONTRACT=1 cargo test -p verdict-desk --test
// contract`. Do not edit: change the Rust function and generate again.

import { call, follow } from './ipc';
import type {
  ActionAvailability,
  Added,
  AddedMember,
  Assignment,
  BackupInfo,
  Calendar,
  CalendarQuery,
  Change,
  CommentThread,
  Comparison,
  ConflictField,
  ConflictView,
  Coverage,
  DeskChanges,
  DeskInfo,
  DeskRows,
  DraftPreview,
  EntityKind,
  ImportPlan,
  ImportReport,
  JoinReport,
  LinkReport,
  LiveStatus,
  MarkedUnpublished,
  MediaEntry,
  MediaItem,
  Member,
  MyWork,
  NewComment,
  NewMember,
  NewsletterPreview,
  NoticeSwitch,
  Overview,
  PageAction,
  PageCommentCount,
  Presence,
  PresencePlace,
  Profile,
  Progress,
  PublishPlan,
  PublishingView,
  Receipt,
  Replaced,
  Reviewer,
  RevisionView,
  SearchHit,
  SignInReport,
  SiteSettings,
  TargetConfig,
  TeamEdit,
  Tool,
  ToolPreview,
  Verdict,
  VerdictAction,
  VerdictDraft,
  VerifyReport,
  VotesReport,
  WorkPlace,
} from './bindings';

// ----- The shell's own types -----

export type FilePurpose = "import" | "export";

export type Keep = { "keep": "mine" } | { "keep": "theirs" } | { "keep": "edited", "value": unknown };

/** Every command the webview may call. */
export const COMMANDS = [
  'desk_overview',
  'desk_overview_first',
  'desk_rows',
  'search',
  'desk_info',
  'my_work',
  'preview_draft',
  'get_comparison',
  'save_comparison',
  'create_comparison',
  'page_action',
  'allowed_actions',
  'get_tool',
  'save_tool',
  'create_tool',
  'preview_tool',
  'get_reviewer',
  'save_reviewer',
  'create_reviewer',
  'coverage',
  'get_verdict',
  'save_verdict',
  'verdict_action',
  'page_comments',
  'entity_comments',
  'add_comment',
  'reply_comment',
  'resolve_comment',
  'comment_counts',
  'history',
  'restore_revision',
  'list_profiles',
  'save_profile',
  'get_site',
  'save_site',
  'choose_bundle_file',
  'import_plan',
  'choose_folder',
  'import_bundle',
  'export_bundle',
  'open_link',
  'check_links',
  'choose_image_file',
  'add_media_file',
  'add_media',
  'media_catalog',
  'media_entry',
  'media_thumbnail',
  'set_media_text',
  'remove_media',
  'replace_media',
  'close_when_saved',
  'publishing_view',
  'add_target',
  'remove_target',
  'test_target',
  'publish_pages',
  'unpublish_pages',
  'retry_job',
  'get_conflict',
  'resolve_conflict',
  'pull_votes',
  'newsletter_preview',
  'export_newsletter',
  'share_card',
  'receipts',
  'verify_pages',
  'republish_missing',
  'mark_unpublished',
  'recovery_offer',
  'restore_backup',
  'team_status',
  'team_join',
  'team_sign_in',
  'team_leave',
  'team_sync_now',
  'team_conflicts',
  'team_resolve',
  'team_members',
  'team_add_member',
  'team_disable_member',
  'team_set_presence',
  'team_presence',
  'calendar',
  'assign_page',
  'reschedule_page',
  'notice_switches',
  'set_notice_switch',
] as const;

export type Command = (typeof COMMANDS)[number];

/** Each command's arguments (as `invoke` sends them; `void`: none) and result. */
export interface Commands {
  desk_overview: { args: void; result: Overview };
  desk_overview_first: { args: { limit: number }; result: Overview };
  desk_rows: { args: { changes: Array<Change> }; result: DeskRows };
  search: { args: { query: string }; result: Array<SearchHit> };
  desk_info: { args: void; result: DeskInfo };
  my_work: { args: { profile: string }; result: MyWork };
  preview_draft: { args: { draft: Comparison }; result: DraftPreview };
  get_comparison: { args: { slug: string }; result: Comparison };
  save_comparison: { args: { profile: string; comparison: Comparison }; result: Comparison };
  create_comparison: { args: { profile: string; comparison: Comparison }; result: Comparison };
  page_action: { args: { profile: string; slug: string; action: PageAction }; result: Comparison };
  allowed_actions: { args: { profile: string; slug: string }; result: Array<ActionAvailability> };
  get_tool: { args: { slug: string }; result: Tool };
  save_tool: { args: { profile: string; tool: Tool }; result: Tool };
  create_tool: { args: { profile: string; tool: Tool }; result: Tool };
  preview_tool: { args: { draft: Tool }; result: ToolPreview };
  get_reviewer: { args: { slug: string }; result: Reviewer };
  save_reviewer: { args: { profile: string; reviewer: Reviewer }; result: Reviewer };
  create_reviewer: { args: { profile: string; reviewer: Reviewer }; result: Reviewer };
  coverage: { args: void; result: Coverage };
  get_verdict: { args: { reviewer: string; tool: string }; result: Verdict | null };
  save_verdict: { args: { profile: string; verdict: VerdictDraft }; result: Verdict };
  verdict_action: { args: { profile: string; reviewer: string; tool: string; action: VerdictAction }; result: Verdict };
  page_comments: { args: { slug: string }; result: Array<CommentThread> };
  entity_comments: { args: { kind: EntityKind; key: string }; result: Array<CommentThread> };
  add_comment: { args: { profile: string; comment: NewComment }; result: CommentThread };
  reply_comment: { args: { profile: string; thread: string; body: string }; result: CommentThread };
  resolve_comment: { args: { profile: string; thread: string; resolved: boolean }; result: CommentThread };
  comment_counts: { args: void; result: Array<PageCommentCount> };
  history: { args: { entity: EntityKind; key: string }; result: Array<RevisionView> };
  restore_revision: { args: { profile: string; entity: EntityKind; key: string; number: number }; result: void };
  list_profiles: { args: void; result: Array<Profile> };
  save_profile: { args: { profile: Profile }; result: Profile };
  get_site: { args: void; result: SiteSettings };
  save_site: { args: { profile: string; site: SiteSettings }; result: SiteSettings };
  choose_bundle_file: { args: { purpose: FilePurpose }; result: string | null };
  import_plan: { args: { path: string }; result: ImportPlan };
  choose_folder: { args: void; result: string | null };
  import_bundle: { args: { path: string; replace?: boolean | null }; result: ImportReport };
  export_bundle: { args: { path: string }; result: string };
  open_link: { args: { url: string }; result: void };
  check_links: { args: { slug: string }; result: LinkReport };
  choose_image_file: { args: void; result: string | null };
  add_media_file: { args: { profile: string; path: string; alt?: string | null; credit?: string | null; decorative?: boolean | null }; result: Added };
  add_media: { args: { profile: string; name: string; data: string; alt?: string | null; credit?: string | null; decorative?: boolean | null }; result: Added };
  media_catalog: { args: void; result: Array<MediaEntry> };
  media_entry: { args: { hash: string }; result: MediaEntry };
  media_thumbnail: { args: { hash: string }; result: string };
  set_media_text: { args: { profile: string; hash: string; alt?: string | null; credit?: string | null; decorative?: boolean | null }; result: MediaItem };
  remove_media: { args: { profile: string; hash: string }; result: MediaItem };
  replace_media: { args: { profile: string; from: string; to: string }; result: Replaced };
  close_when_saved: { args: void; result: void };
  publishing_view: { args: void; result: PublishingView };
  add_target: { args: { profile: string; target: TargetConfig; secret?: string | null }; result: void };
  remove_target: { args: { profile: string; name: string }; result: void };
  test_target: { args: { name: string }; result: string };
  publish_pages: { args: { profile: string; target?: string | null; slugs: Array<string> }; result: PublishPlan };
  unpublish_pages: { args: { profile: string; slugs: Array<string> }; result: PublishPlan };
  retry_job: { args: { profile: string; id: number }; result: void };
  get_conflict: { args: { id: number }; result: ConflictView };
  resolve_conflict: { args: { profile: string; id: number; overwrite: boolean }; result: void };
  pull_votes: { args: { target: string }; result: VotesReport };
  newsletter_preview: { args: { since: string }; result: NewsletterPreview };
  export_newsletter: { args: { since: string; folder: string }; result: Array<string> };
  share_card: { args: { slug: string }; result: string };
  receipts: { args: { target?: string | null }; result: Array<Receipt> };
  verify_pages: { args: { target?: string | null }; result: VerifyReport };
  republish_missing: { args: { profile: string; target: string; slug: string }; result: PublishPlan };
  mark_unpublished: { args: { profile: string; target: string; slug: string }; result: MarkedUnpublished };
  recovery_offer: { args: void; result: BackupInfo | null };
  restore_backup: { args: { path: string }; result: void };
  team_status: { args: void; result: LiveStatus };
  team_join: { args: { server: string; user: string; password: string; seed: boolean }; result: JoinReport };
  team_sign_in: { args: { password: string }; result: SignInReport };
  team_leave: { args: { discard: boolean }; result: void };
  team_sync_now: { args: void; result: void };
  team_conflicts: { args: void; result: Array<ConflictField> };
  team_resolve: { args: { id: number; keep: Keep }; result: void };
  team_members: { args: void; result: Array<Member> };
  team_add_member: { args: { member: NewMember }; result: AddedMember };
  team_disable_member: { args: { login: string }; result: void };
  team_set_presence: { args: { place?: PresencePlace | null }; result: void };
  team_presence: { args: void; result: Array<Presence> };
  calendar: { args: { query: CalendarQuery }; result: Calendar };
  assign_page: { args: { profile: string; slug: string; assignment: Assignment }; result: Comparison };
  reschedule_page: { args: { profile: string; slug: string; day: string; time?: string | null; timeZone: string }; result: Comparison };
  notice_switches: { args: void; result: Array<NoticeSwitch> };
  set_notice_switch: { args: { kind: string; on: boolean }; result: Array<NoticeSwitch> };
}

/** The events the app sends to the webview. */
export const EVENTS = {
  closeRequested: 'close-requested',
  publishProgress: 'publish-progress',
  publishSettled: 'publish-settled',
  receiptsChanged: 'receipts-changed',
  teamStatus: 'team-status',
  teamEdits: 'team-edits',
  teamPresence: 'team-presence',
  deskChanged: 'desk-changed',
  noticeOpened: 'notice-opened',
} as const;

export type AppEvent = (typeof EVENTS)[keyof typeof EVENTS];

/** Each event's payload. */
export interface EventPayloads {
  'close-requested': null;
  'publish-progress': Progress;
  'publish-settled': Progress;
  'receipts-changed': VerifyReport;
  'team-status': LiveStatus;
  'team-edits': Array<TeamEdit>;
  'team-presence': Array<Presence>;
  'desk-changed': DeskChanges;
  'notice-opened': WorkPlace | null;
}

// ----- One wrapper per command -----

/** Everything the desk's home screens show. */
export function deskOverview(): Promise<Overview> {
  return call('desk_overview');
}

/**
 * The list's first screenful: the first `limit` pages in the list's order, the tools they
 * show, every reviewer and the desk's page count (`partial` is set). Read at start before
 * the whole overview, which takes a good part of a second on a desk of 10,000 pages.
 */
export function deskOverviewFirst(limit: number): Promise<Overview> {
  return call('desk_overview_first', { limit });
}

/**
 * The rows of the lists that `changes` touch (a page's summary, a tool's and the pages
 * that list it, …), as they are now: what the UI reads after a `deskChanged` event instead
 * of the whole overview.
 */
export function deskRows(changes: Array<Change>): Promise<DeskRows> {
  return call('desk_rows', { changes });
}

/** Full-text search across pages, tools, reviewers and verdicts. */
export function search(query: string): Promise<Array<SearchHit>> {
  return call('search', { query });
}

/** Where the data lives, the schema version and the installed themes. */
export function deskInfo(): Promise<DeskInfo> {
  return call('desk_info');
}

/**
 * What waits for `profile` by its roles (verdicts to write or accept, pages to finish,
 * approve or republish, failed jobs, conflicts), each with the place that does it.
 */
export function myWork(profile: string): Promise<MyWork> {
  return call('my_work', { profile });
}

/**
 * The finished page rendered from unsaved form values (same renderer as
 * publishing), plus the checks before publishing. Saves nothing.
 */
export function previewDraft(draft: Comparison): Promise<DraftPreview> {
  return call('preview_draft', { draft });
}

/** The stored comparison, as the editor's form edits it. */
export function getComparison(slug: string): Promise<Comparison> {
  return call('get_comparison', { slug });
}

/**
 * Saves the editor's form values as `profile` (an editor) and returns the comparison as stored.
 * The core keeps the workflow fields (status, scheduled_for, published_at) as they were. An
 * invalid form is refused with code "invalid" and `field` set to the first invalid field; the
 * message lists every problem ("title: …; tools: …").
 */
export function saveComparison(profile: string, comparison: Comparison): Promise<Comparison> {
  return call('save_comparison', { profile, comparison });
}

/**
 * Adds a new comparison as a draft, as `profile` (an editor). A slug in use,
 * or a second page for the same pair of tools, is refused.
 */
export function createComparison(profile: string, comparison: Comparison): Promise<Comparison> {
  return call('create_comparison', { profile, comparison });
}

/**
 * Moves a comparison through its workflow as `profile` (a profile slug). The
 * core refuses what the profile's roles do not allow (code "forbidden") and
 * steps that do not apply to the page's state (code "wrong_state").
 */
export function pageAction(profile: string, slug: string, action: PageAction): Promise<Comparison> {
  return call('page_action', { profile, slug, action });
}

/**
 * Every workflow step of the saved page for `profile`: whether it applies, is allowed, and why
 * not.
 */
export function allowedActions(profile: string, slug: string): Promise<Array<ActionAvailability>> {
  return call('allowed_actions', { profile, slug });
}

export function getTool(slug: string): Promise<Tool> {
  return call('get_tool', { slug });
}

/** Saves a change to an existing tool as `profile`, who must be an editor. */
export function saveTool(profile: string, tool: Tool): Promise<Tool> {
  return call('save_tool', { profile, tool });
}

/**
 * Adds a new tool as `profile` (an editor). A slug already in use is refused
 * (code "invalid", field "slug"), so a new entry never overwrites another.
 */
export function createTool(profile: string, tool: Tool): Promise<Tool> {
  return call('create_tool', { profile, tool });
}

/**
 * The tool's page rendered from unsaved form values, the field problems of
 * those values, and the comparison pages that show the tool (published ones
 * go stale when the tool changes). Saves nothing.
 */
export function previewTool(draft: Tool): Promise<ToolPreview> {
  return call('preview_tool', { draft });
}

export function getReviewer(slug: string): Promise<Reviewer> {
  return call('get_reviewer', { slug });
}

/** Saves a change to an existing reviewer (persona, bio, rubric) as `profile`, an editor. */
export function saveReviewer(profile: string, reviewer: Reviewer): Promise<Reviewer> {
  return call('save_reviewer', { profile, reviewer });
}

/** Adds a new reviewer as `profile` (an editor); a slug in use is refused. */
export function createReviewer(profile: string, reviewer: Reviewer): Promise<Reviewer> {
  return call('create_reviewer', { profile, reviewer });
}

/** Every reviewer × every tool: the verdict written, and whether a page needs it. */
export function coverage(): Promise<Coverage> {
  return call('coverage');
}

/** The verdict of `reviewer` on `tool`, or null when none was written yet. */
export function getVerdict(reviewer: string, tool: string): Promise<Verdict | null> {
  return call('get_verdict', { reviewer, tool });
}

/**
 * Writes a verdict as `profile`, who must be that verdict's reviewer. New
 * verdicts start as drafts; submitted and accepted ones are locked
 * ("wrong_state") until an editor returns them.
 */
export function saveVerdict(profile: string, verdict: VerdictDraft): Promise<Verdict> {
  return call('save_verdict', { profile, verdict });
}

/** Submit (the reviewer), accept or return with a comment (an editor). */
export function verdictAction(profile: string, reviewer: string, tool: string, action: VerdictAction): Promise<Verdict> {
  return call('verdict_action', { profile, reviewer, tool, action });
}

/** The threads a page's editor shows: on the page's fields, its tools' and their verdicts'. */
export function pageComments(slug: string): Promise<Array<CommentThread>> {
  return call('page_comments', { slug });
}

/**
 * The threads on one entity's fields (a tool's, a reviewer's; a verdict's key is
 * "reviewer/tool").
 */
export function entityComments(kind: EntityKind, key: string): Promise<Array<CommentThread>> {
  return call('entity_comments', { kind, key });
}

/** Opens a thread on the selected words (UTF-16 offsets of the saved text) as `profile`. */
export function addComment(profile: string, comment: NewComment): Promise<CommentThread> {
  return call('add_comment', { profile, comment });
}

/** Replies to a thread as `profile`. */
export function replyComment(profile: string, thread: string, body: string): Promise<CommentThread> {
  return call('reply_comment', { profile, thread, body });
}

/** Resolves a thread (or reopens it, with `resolved` false) as `profile`. */
export function resolveComment(profile: string, thread: string, resolved: boolean): Promise<CommentThread> {
  return call('resolve_comment', { profile, thread, resolved });
}

/** Open threads per page (pages with none are left out). */
export function commentCounts(): Promise<Array<PageCommentCount>> {
  return call('comment_counts');
}

/** Revisions of one entity, newest first, each with its field-level changes. */
export function history(entity: EntityKind, key: string): Promise<Array<RevisionView>> {
  return call('history', { entity, key });
}

/**
 * Saves revision `number` again as the current version (a new revision on
 * top; nothing is lost), with the same role checks as an edit. For a verdict
 * the key is "reviewer/tool"; for the site settings it is "site".
 */
export function restoreRevision(profile: string, entity: EntityKind, key: string, number: number): Promise<void> {
  return call('restore_revision', { profile, entity, key, number });
}

export function listProfiles(): Promise<Array<Profile>> {
  return call('list_profiles');
}

/** Adds or changes a local profile (anyone at the desk may). */
export function saveProfile(profile: Profile): Promise<Profile> {
  return call('save_profile', { profile });
}

export function getSite(): Promise<SiteSettings> {
  return call('get_site');
}

/** Saves the site settings as `profile`, an editor or a publisher. */
export function saveSite(profile: string, site: SiteSettings): Promise<SiteSettings> {
  return call('save_site', { profile, site });
}

/** Shows the system's file dialog for a bundle; `None` when the person cancelled. */
export function chooseBundleFile(purpose: FilePurpose): Promise<string | null> {
  return call('choose_bundle_file', { purpose });
}

/**
 * What importing the bundle would add, replace (with the field diff) and leave alone; the
 * app asks before an import that replaces anything. Changes nothing. A bundle with problems
 * is refused here too, every problem listed.
 */
export function importPlan(path: string): Promise<ImportPlan> {
  return call('import_plan', { path });
}

/** Shows the system's folder chooser, for a folder publishing target; `None` when cancelled. */
export function chooseFolder(): Promise<string | null> {
  return call('choose_folder');
}

/**
 * Imports a bundle: all of it or (with every problem listed) nothing. Unless `replace` (the person
 * saw the plan and said so), an import that would replace anything that differs on the desk is
 * refused by the core and changes nothing, so a desk changed between the plan and the import is
 * never overwritten unasked.
 */
export function importBundle(path: string, replace?: boolean | null): Promise<ImportReport> {
  return call('import_bundle', { path, replace });
}

/**
 * Writes all content as a bundle to `path` (atomically) and answers the path written: a zip
 * (`.json` becomes `.zip`) when the content shows images.
 */
export function exportBundle(path: string): Promise<string> {
  return call('export_bundle', { path });
}

/**
 * Opens an http(s) link in the system's browser. Anything else (`javascript:`, `file:`,
 * custom schemes) is refused, so a link in untrusted content cannot start a program.
 */
export function openLink(url: string): Promise<void> {
  return call('open_link', { url });
}

/**
 * Checks every link of the page `slug` over HTTP (tool links, fact sources, links in its
 * Markdown), politely and with timeouts, reusing results from the last day; resolves to what
 * was found. Broken links then show in the page's checks.
 */
export function checkLinks(slug: string): Promise<LinkReport> {
  return call('check_links', { slug });
}

/** The system's file dialog for an image; `None` when the person cancelled. */
export function chooseImageFile(): Promise<string | null> {
  return call('choose_image_file');
}

/** Adds the image file at `path` as `profile`; a refusal names the file and the reason. */
export function addMediaFile(profile: string, path: string, alt?: string | null, credit?: string | null, decorative?: boolean | null): Promise<Added> {
  return call('add_media_file', { profile, path, alt, credit, decorative });
}

/** Adds an image from its bytes (base64: a dropped or pasted file), named `name`. */
export function addMedia(profile: string, name: string, data: string, alt?: string | null, credit?: string | null, decorative?: boolean | null): Promise<Added> {
  return call('add_media', { profile, name, data, alt, credit, decorative });
}

/** Every image on the desk, newest first, each with the places that show it. */
export function mediaCatalog(): Promise<Array<MediaEntry>> {
  return call('media_catalog');
}

/** One image (its hash or first 8+ digits) with the places that show it. */
export function mediaEntry(hash: string): Promise<MediaEntry> {
  return call('media_entry', { hash });
}

/** The image's smallest variant as a `data:` address for an `<img>`. */
export function mediaThumbnail(hash: string): Promise<string> {
  return call('media_thumbnail', { hash });
}

/**
 * Changes alt text, credit or the decorative mark as `profile` (an editor); problems name their
 * field.
 */
export function setMediaText(profile: string, hash: string, alt?: string | null, credit?: string | null, decorative?: boolean | null): Promise<MediaItem> {
  return call('set_media_text', { profile, hash, alt, credit, decorative });
}

/** Removes an image; refused (code `wrong_state`) while anything shows it. */
export function removeMedia(profile: string, hash: string): Promise<MediaItem> {
  return call('remove_media', { profile, hash });
}

/** Makes everything that shows the image `from` show `to` instead. */
export function replaceMedia(profile: string, from: string, to: string): Promise<Replaced> {
  return call('replace_media', { profile, from, to });
}

/**
 * Closes the window once the UI has saved everything (see `lib.rs`: a close request is
 * held until this is called, or until a timeout passes).
 */
export function closeWhenSaved(): Promise<void> {
  return call('close_when_saved');
}

/**
 * The publishing targets, the outbox (jobs still waiting, failed or in conflict) and what each
 * target holds.
 */
export function publishingView(): Promise<PublishingView> {
  return call('publishing_view');
}

/**
 * Adds a target as `profile` (a publisher). The secret (an API token or a WordPress
 * application password) goes to the system keyring and nowhere else; null for a folder.
 * Refused with code "invalid" (field "name", "url", "user" or "secret"), or "keyring"
 * when no keyring runs (the message explains what to do instead); nothing is added then.
 */
export function addTarget(profile: string, target: TargetConfig, secret?: string | null): Promise<void> {
  return call('add_target', { profile, target, secret });
}

/** Removes a target with its queue, its records and its secret, as `profile` (a publisher). */
export function removeTarget(profile: string, name: string): Promise<void> {
  return call('remove_target', { profile, name });
}

/** Checks a target's address and credentials; resolves to what answered. */
export function testTarget(name: string): Promise<string> {
  return call('test_target', { name });
}

/**
 * Queues pages for `target` (every target when `None`) as `profile` (a publisher) and wakes
 * the worker; an empty `slugs` means every published page. Only pages a target does not
 * hold as they are now are sent. Approved or scheduled pages named are published first;
 * drafts are refused (code "invalid", field "pages[i]").
 */
export function publishPages(profile: string, target: string | null, slugs: Array<string>): Promise<PublishPlan> {
  return call('publish_pages', { profile, target, slugs });
}

/** Unpublishes pages and queues their removal from every target that holds them. */
export function unpublishPages(profile: string, slugs: Array<string>): Promise<PublishPlan> {
  return call('unpublish_pages', { profile, slugs });
}

/** Puts a failed job back in the queue, from its first attempt. */
export function retryJob(profile: string, id: number): Promise<void> {
  return call('retry_job', { profile, id });
}

/** The target's copy of a page in conflict against ours, field by field. */
export function getConflict(id: number): Promise<ConflictView> {
  return call('get_conflict', { id });
}

/** Decides a conflict: `overwrite` sends ours over the target's copy; otherwise theirs is kept. */
export function resolveConflict(profile: string, id: number, overwrite: boolean): Promise<void> {
  return call('resolve_conflict', { profile, id, overwrite });
}

/** Fetches readers' votes from a target (page API targets) and saves them as the community numbers. */
export function pullVotes(target: string): Promise<VotesReport> {
  return call('pull_votes', { target });
}

/**
 * The newsletter of the comparisons published since `since` (a day, `2026-11-25`), for the
 * Publishing screen's preview.
 */
export function newsletterPreview(since: string): Promise<NewsletterPreview> {
  return call('newsletter_preview', { since });
}

/**
 * Writes newsletter.html and newsletter.txt of the comparisons published since `since` into
 * `folder`; returns the two files.
 */
export function exportNewsletter(since: string, folder: string): Promise<Array<string>> {
  return call('export_newsletter', { since, folder });
}

/** A saved comparison's share card, as a `data:image/png;base64,…` address for an `<img>`. */
export function shareCard(slug: string): Promise<string> {
  return call('share_card', { slug });
}

/**
 * The last receipt of every page the targets hold (`target`: one target's), for the
 * Publishing screen ("Live and verified on site, 2 min ago" / "Differs on wp: …").
 */
export function receipts(target?: string | null): Promise<Array<Receipt>> {
  return call('receipts', { target });
}

/**
 * Reads every page the targets hold (`target`: one target's) back now, as stored and at its
 * public address, and records a receipt for each; resolves to what was found.
 */
export function verifyPages(target?: string | null): Promise<VerifyReport> {
  return call('verify_pages', { target });
}

/**
 * A page missing on `target` (deleted there, by its receipt): published there again,
 * created anew, as `profile` (a publisher); the queue runs at once.
 */
export function republishMissing(profile: string, target: string, slug: string): Promise<PublishPlan> {
  return call('republish_missing', { profile, target, slug });
}

/**
 * A page missing on `target`: the desk takes note it is no longer published there (nothing
 * is written to any target); with no target holding it, it goes back to Approved.
 */
export function markUnpublished(profile: string, target: string, slug: string): Promise<MarkedUnpublished> {
  return call('mark_unpublished', { profile, target, slug });
}

/**
 * The newest backup that passes every check, when the desk could not be opened because its
 * database is damaged or unreadable; `None` when the desk is open or no backup is good.
 */
export function recoveryOffer(): Promise<BackupInfo | null> {
  return call('recovery_offer');
}

/**
 * Restores `path` (one of the data folder's backups) over a database that cannot be opened,
 * keeping that database beside it, and restarts the app on the restored one.
 */
export function restoreBackup(path: string): Promise<void> {
  return call('restore_backup', { path });
}

/** Where the desk stands with its team (off, synced, waiting, syncing, offline). */
export function teamStatus(): Promise<LiveStatus> {
  return call('team_status');
}

/**
 * Joins the team at `server` as `user`: the login is tried before anything is saved, and a
 * failure names its cause. With `seed`, this desk's content starts an empty team.
 */
export function teamJoin(server: string, user: string, password: string, seed: boolean): Promise<JoinReport> {
  return call('team_join', { server, user, password, seed });
}

/**
 * Signs the member in again (a password changed or mistyped, or none kept since the app
 * started): tried on the server first; then the live sync runs at once.
 */
export function teamSignIn(password: string): Promise<SignInReport> {
  return call('team_sign_in', { password });
}

/** Leaves the team; refused while changes wait for the server unless `discard`. */
export function teamLeave(discard: boolean): Promise<void> {
  return call('team_leave', { discard });
}

/** Asks the live sync to run now; its progress arrives as `team-status` events. */
export function teamSyncNow(): Promise<void> {
  return call('team_sync_now');
}

/** Open conflicts, each with both values as text and a word diff. */
export function teamConflicts(): Promise<Array<ConflictField>> {
  return call('team_conflicts');
}

export function teamResolve(id: number, keep: Keep): Promise<void> {
  return call('team_resolve', { id, keep });
}

/** The team's members (admins). */
export function teamMembers(): Promise<Array<Member>> {
  return call('team_members');
}

/** Adds a member (admins only, checked by the server); the password is in the answer, once. */
export function teamAddMember(member: NewMember): Promise<AddedMember> {
  return call('team_add_member', { member });
}

/** Disables a member: their login stops working; what they wrote stays. */
export function teamDisableMember(login: string): Promise<void> {
  return call('team_disable_member', { login });
}

/**
 * Tells the team where this desk is: the page or form open, the field in focus and whether
 * the member is typing in it (`null`: nothing open). A hint for the others, never a lock; a
 * desk alone keeps it to itself.
 */
export function teamSetPresence(place?: PresencePlace | null): Promise<void> {
  return call('team_set_presence', { place });
}

/** The other members' places now; changes arrive as `team-presence` events. */
export function teamPresence(): Promise<Array<Presence>> {
  return call('team_presence');
}

/**
 * The calendar of `query`'s days in its time zone: scheduled pages at their time, published
 * pages on their day, pages and verdicts at their due date, filtered by person, status and
 * category. A bad zone or range is refused with code "invalid" naming the field.
 */
export function calendar(query: CalendarQuery): Promise<Calendar> {
  return call('calendar', { query });
}

/**
 * Sets who holds the page `slug` and when it and its verdicts are due, as `profile` (an
 * editor or a publisher); only the fields given change, an empty text clears one. The
 * assignee must be an editor; dates are YYYY-MM-DD (code "invalid" naming the field).
 */
export function assignPage(profile: string, slug: string, assignment: Assignment): Promise<Comparison> {
  return call('assign_page', { profile, slug, assignment });
}

/**
 * Moves the scheduled page `slug` to `day` (YYYY-MM-DD) at `time` (HH:MM, or the time it
 * had) in `time_zone`, through the Schedule action: publishers only (code "forbidden"), a
 * time in the past refused with the reason (code "invalid", field "scheduled_for").
 */
export function reschedulePage(profile: string, slug: string, day: string, time: string | null, timeZone: string): Promise<Comparison> {
  return call('reschedule_page', { profile, slug, day, time, timeZone });
}

/** Every kind of desktop notification and whether it is on. */
export function noticeSwitches(): Promise<Array<NoticeSwitch>> {
  return call('notice_switches');
}

/**
 * Switches one kind of desktop notification on or off (`kind` as `NoticeKind` names it);
 * answers every switch.
 */
export function setNoticeSwitch(kind: string, on: boolean): Promise<Array<NoticeSwitch>> {
  return call('set_notice_switch', { kind, on });
}

// ----- One subscriber per event: stop following with the returned function -----

/** The window was asked to close: save what is pending, then call `closeWhenSaved`. */
export function onCloseRequested(handler: (payload: null) => void): () => void {
  return follow(EVENTS.closeRequested, handler);
}

/** A publishing attempt settled. */
export function onPublishProgress(handler: (payload: Progress) => void): () => void {
  return follow(EVENTS.publishProgress, handler);
}

/** The publishing queue is settled (sent after every look at the queue). */
export function onPublishSettled(handler: (payload: Progress) => void): () => void {
  return follow(EVENTS.publishSettled, handler);
}

/** Pages were read back from their targets (after a run, or the background check): the receipts of the pages checked. */
export function onReceiptsChanged(handler: (payload: VerifyReport) => void): () => void {
  return follow(EVENTS.receiptsChanged, handler);
}

/** The desk's standing with its team changed. */
export function onTeamStatus(handler: (payload: LiveStatus) => void): () => void {
  return follow(EVENTS.teamStatus, handler);
}

/** Other members' changes reached this desk. */
export function onTeamEdits(handler: (payload: Array<TeamEdit>) => void): () => void {
  return follow(EVENTS.teamEdits, handler);
}

/** Where the other members are changed: who has which page or form open, typing where. */
export function onTeamPresence(handler: (payload: Array<Presence>) => void): () => void {
  return follow(EVENTS.teamPresence, handler);
}

/** The desk's content changed (here, from the team, an import, the publishing queue): what changed, by kind and key; read the rows it touches with `deskRows`. */
export function onDeskChanged(handler: (payload: DeskChanges) => void): () => void {
  return follow(EVENTS.deskChanged, handler);
}

/** A desktop notification was clicked: open its place (none: My work). */
export function onNoticeOpened(handler: (payload: WorkPlace | null) => void): () => void {
  return follow(EVENTS.noticeOpened, handler);
}
