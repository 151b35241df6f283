// Generated from the Rust types in verdict-core by
// `UPDATE_BINDINGS=1 cargo test -p verdict-core --test bindings`. Do not edit.

export type ErrorCode = "invalid" | "not_found" | "forbidden" | "wrong_state" | "pair_taken" | "newer_database" | "not_a_desk_database" | "damaged_database" | "cannot_write" | "data_folder" | "corrupt_record" | "database" | "bad_bundle" | "theme" | "no_secret" | "keyring" | "conflict" | "target" | "io" | "window" | "opener" | "restore" | "team_offline" | "team_login" | "team_refused" | "team";

export type ErrorDetails = { "kind": "pair_taken", slug: string, title: string, };

export type ApiError = { code: ErrorCode, message: string, field?: string, problems: Array<FieldError>, details?: ErrorDetails, };

export type EntityKind = "site" | "tool" | "reviewer" | "verdict" | "comparison" | "media";

export type ComparisonStatus = "draft" | "in_review" | "approved" | "scheduled" | "published";

export type PanelShip = { ship: number, total: number, 
/**
 * Whole percent, rounded half up; `None` when no panel verdict is accepted yet.
 */
percent: number | null, };

export type ToolCard = { slug: string, panel_ship: PanelShip, community_percent: number | null, };

export type ComparisonSummary = { slug: string, title: string, dek: string, status: ComparisonStatus, 
/**
 * Published, and something the page shows has changed since.
 */
stale: boolean, 
/**
 * The publishing targets holding the page, by name: where it is live. Empty for a
 * published page that went to no target (yet).
 */
live_on: Array<string>, tools: Array<ToolCard>, 
/**
 * Reviewer slugs of the page's panel, in scorecard order.
 */
panel: Array<string>, updated_at: string, };

export type ToolSummary = { slug: string, name: string, vendor: string, category: string, tagline: string, entry: string, pricing_checked_on: string | null, 
/**
 * The logo's hash (the list shows its thumbnail), when the tool has one.
 */
logo?: string, };

export type ReviewerSummary = { slug: string, name: string, persona: string, verdict_count: number, };

export type SiteSummary = { site_name: string, kicker: string, };

export type Overview = { site: SiteSummary, comparisons: Array<ComparisonSummary>, tools: Array<ToolSummary>, reviewers: Array<ReviewerSummary>, 
/**
 * The publishing targets' names: with none, publishing a page sends it nowhere.
 */
targets: Array<string>, 
/**
 * Why publishing now would write wrong addresses (no base URL, or the sample's).
 */
publish_warning: string | null, data_dir: string, 
/**
 * How many pages the desk holds: `comparisons.len()`, unless this is a first screenful.
 */
comparisons_total: number, 
/**
 * A first screenful ([`Desk::overview_first`]): `comparisons` holds only the first pages
 * in the list's order and `tools` only the tools they show. The whole overview follows.
 */
partial: boolean, };

export type ChangeKind = "site" | "tool" | "reviewer" | "verdict" | "comparison" | "media" | "target" | "comment" | "desk";

export type ChangeWhat = "saved" | "removed" | "published";

export type Change = { kind: ChangeKind, key: string, what: ChangeWhat, };

export type ChangeOrigin = "local" | "team" | "import" | "restore" | "publishing";

export type DeskChanges = { generation: number, origin: ChangeOrigin, changes: Array<Change>, };

export type SiteRow = { site: SiteSummary, 
/**
 * Why publishing now would write wrong addresses (as `Overview::publish_warning`).
 */
publish_warning: string | null, };

export type DeskRows = { 
/**
 * The store's count of changes told when these were read: every change stamped with
 * this generation or an earlier one is in them (`DeskChanges::generation`).
 */
generation: number, comparisons: Array<ComparisonSummary>, tools: Array<ToolSummary>, reviewers: Array<ReviewerSummary>, 
/**
 * Rows asked for (or touched) that the desk no longer has.
 */
gone: Array<Change>, 
/**
 * Set when the site was asked for.
 */
site: SiteRow | null, 
/**
 * The targets' names, when a target was asked for.
 */
targets: Array<string> | null, };

export type SearchHit = { entity: EntityKind, key: string, title: string, 
/**
 * Plain text around the match; never HTML.
 */
snippet: string, };

export type Comparison = { slug: string, title: string, dek: string, 
/**
 * Markdown.
 */
intro: string, 
/**
 * Tool slugs in page order.
 */
tools: Array<string>, 
/**
 * Reviewer slugs in scorecard order: the panel whose verdicts the page shows.
 */
panel: Array<string>, status: ComparisonStatus, scheduled_for: string | null, published_at: string | null, 
/**
 * The editor who holds the page: a profile's slug (on a team, a member's login). Left
 * out of the stored document when unassigned, so older pages keep their exact documents.
 */
assignee?: string | null, 
/**
 * The day the page is due from its assignee.
 */
due?: string | null, 
/**
 * The day the page's verdict requests (each panel reviewer's verdict on each of its
 * tools) are due from their reviewers.
 */
verdicts_due?: string | null, };

export type Severity = "blocker" | "warning";

export type Check = { severity: Severity, 
/**
 * Stable identifier of the kind of check, e.g. `missing_verdict`.
 */
code: string, 
/**
 * Where to fix it: a field of the comparison (`dek`, `tools[1]`) or of a tool or verdict
 * (`tool:SLUG.tagline`, `verdict:REVIEWER/TOOL`).
 */
field: string, message: string, };

export type DraftPreview = { html: string, checks: Array<Check>, };

export type Role = "editor" | "reviewer" | "publisher";

export type Profile = { slug: string, name: string, roles: Array<Role>, 
/**
 * The reviewer this person writes verdicts as, when they review.
 */
reviewer: string | null, };

export type PageAction = { "action": "submit_for_review" } | { "action": "return_to_draft" } | { "action": "approve" } | { "action": "schedule", at: string, } | { "action": "publish" } | { "action": "unpublish" };

export type PageActionKind = "submit_for_review" | "return_to_draft" | "approve" | "schedule" | "publish" | "unpublish";

export type ActionBlock = { "kind": "no_profile" } | { "kind": "not_signed_in", member: string, } | { "kind": "missing_role", role: Role, } | { "kind": "wrong_state", status: ComparisonStatus, hint: string, };

export type ActionAvailability = { action: PageActionKind, 
/**
 * The role the step needs.
 */
role: Role, 
/**
 * The page's state allows the step, whoever works.
 */
applies: boolean, 
/**
 * The one working may take the step now.
 */
allowed: boolean, 
/**
 * Why not, when not allowed: the first thing the step's refusal would name (who is
 * working, then the role, then the state).
 */
reason: ActionBlock | null, 
/**
 * Of the steps that apply, the one taking the page furthest toward readers.
 */
main: boolean, 
/**
 * The step puts the page in front of readers (or clears the way to it): a page with
 * blocker checks goes there only when the person confirms.
 */
asks_about_blockers: boolean, };

export type VerdictAction = { "action": "submit" } | { "action": "accept" } | { "action": "return", comment: string, };

export type FieldError = { field: string, message: string, };

export type PricePeriod = "once" | "month" | "year";

export type EntryPrice = { "kind": "free" } | { "kind": "amount", amount_cents: number, currency: string, period: PricePeriod, } | { "kind": "usage_based" } | { "kind": "contact" };

export type ToolLinks = { homepage: string | null, weights: string | null, docs: string | null, };

export type Screenshot = { 
/**
 * The image's hash on the desk.
 */
media: string, 
/**
 * What the screenshot shows, for readers who cannot see it; required unless decorative.
 */
alt: string, 
/**
 * Where it comes from ("Screenshot: vendor's site").
 */
credit: string, 
/**
 * Marked as adding nothing a reader needs (then it has no alt text).
 */
decorative?: boolean, };

export type Tool = { slug: string, name: string, vendor: string, category: string, tagline: string, 
/**
 * Markdown.
 */
description: string, entry_price: EntryPrice, license: string, links: ToolLinks, release_date: string | null, pricing_checked_on: string | null, 
/**
 * Where each fact (price, license, release date, weights and docs links) was checked,
 * when and by whom. Left out of the stored document while empty.
 */
facts?: ToolFacts, 
/**
 * The hash of the tool's logo on the desk (square). Left out of the stored document when
 * there is none, so tools saved before logos existed keep their exact documents.
 */
logo?: string, 
/**
 * Up to [`MAX_SCREENSHOTS`] screenshots, in page order.
 */
screenshots?: Array<Screenshot>, };

export type FactSource = { 
/**
 * The page the fact was read from (http or https).
 */
source?: string | null, checked_on?: string | null, 
/**
 * Who checked it: a profile's slug, or a team member's login.
 */
checked_by?: string | null, };

export type PriceSource = { source?: string | null, checked_by?: string | null, };

export type ToolFacts = { price?: PriceSource, license?: FactSource, release_date?: FactSource, weights?: FactSource, docs?: FactSource, };

export type LinkState = "ok" | "broken" | "unreachable";

export type CheckedLink = { 
/**
 * The page's slug.
 */
page: string, url: string, 
/**
 * The field holding it (`tool:SLUG.links.docs`, `intro`, …).
 */
field: string, 
/**
 * Where it is, in words ("Llama 4 Scout's docs link").
 */
place: string, state: LinkState, status?: number | null, said: string, 
/**
 * When it was checked (the cache's date when `cached`).
 */
checked_at: string, 
/**
 * Taken from the cache: checked recently enough not to be asked again.
 */
cached: boolean, };

export type LinkReport = { links: Array<CheckedLink>, };

export type PageRef = { slug: string, title: string, status: ComparisonStatus, 
/**
 * Published: saving a change to the tool makes this page stale until it is republished.
 */
goes_stale: boolean, };

export type ToolPreview = { html: string, problems: Array<FieldError>, pages: Array<PageRef>, };

export type Reviewer = { slug: string, name: string, 
/**
 * The lens, e.g. "Developer experience".
 */
persona: string, bio: string, 
/**
 * The guiding questions of the lens.
 */
rubric: Array<string>, };

export type Call = "ship" | "skip";

export type VerdictStatus = "draft" | "submitted" | "accepted" | "returned";

export type Verdict = { 
/**
 * Reviewer slug.
 */
reviewer: string, 
/**
 * Tool slug.
 */
tool: string, call: Call, 
/**
 * Markdown.
 */
quote: string, status: VerdictStatus, 
/**
 * The editor's reason when the verdict was returned.
 */
return_comment: string | null, created_at: string, updated_at: string, };

export type VerdictDraft = { reviewer: string, tool: string, call: Call, quote: string, };

export type CoverageReviewer = { slug: string, name: string, persona: string, };

export type CoverageTool = { slug: string, name: string, };

export type CoverageCell = { call: Call | null, status: VerdictStatus | null, 
/**
 * A comparison shows this tool with this reviewer on its panel.
 */
needed: boolean, 
/**
 * Needed, and no verdict has been written yet.
 */
missing: boolean, 
/**
 * Titles of the comparisons that need this verdict.
 */
needed_by: Array<string>, };

export type Coverage = { reviewers: Array<CoverageReviewer>, tools: Array<CoverageTool>, cells: Array<Array<CoverageCell>>, missing: number, };

export type DiffPartKind = "same" | "added" | "removed";

export type DiffPart = { kind: DiffPartKind, text: string, };

export type FieldChange = { field: string, before: string | null, after: string | null, 
/**
 * Word-level diff of `before` → `after`.
 */
parts: Array<DiffPart>, };

export type RevisionView = { number: number, saved_at: string, 
/**
 * Who saved it: a profile's slug or a team member's login (None when not recorded).
 */
author: string | null, changes: Array<FieldChange>, };

export type Newsletter = { kicker: string, heading: string, body: string, };

export type SiteSettings = { site_name: string, 
/**
 * The line above every title, e.g. "AI tool comparison".
 */
kicker: string, 
/**
 * The dek a new comparison starts with.
 */
default_dek: string, newsletter: Newsletter, theme: string, base_url: string | null, 
/**
 * The reader vote service's public address (docs/votes.md); pages show a vote form that
 * posts to it, none when it is empty. Left out of the JSON when empty, so sites without
 * one keep their exact documents.
 */
vote_service?: string | null, 
/**
 * Days a price check stays fresh (unset: 30); an older one is a warning and a task.
 */
price_recheck_days?: number | null, 
/**
 * Days a license, release date or link check stays fresh (unset: 90).
 */
facts_recheck_days?: number | null, 
/**
 * Theme option: pages say when their prices were checked ("Prices checked 3 Dec 2026").
 */
show_prices_checked?: boolean, 
/**
 * How many points (of a tool's whole-percent share of a page's readers' votes) the
 * Community figures must move before pulled votes change the page and so make it stale;
 * a smaller move keeps the page's figures as they are. Unset is 1: any change the page
 * shows. Left out of the JSON when unset.
 */
vote_republish_points?: number | null, };

export type DeskInfo = { data_dir: string, database: string, backups_dir: string, schema_version: number, themes: Array<string>, };

export type ImportReport = { created: number, updated: number, unchanged: number, };

export type ImportEntity = { 
/**
 * `site`, `reviewer`, `tool`, `verdict`, `comparison`, `community_votes` or `image`.
 */
kind: string, 
/**
 * Its slug (a verdict: `reviewer/tool`; votes: `comparison/tool`; the site: `site`).
 */
key: string, 
/**
 * Where it is in the bundle, e.g. `tools[3]`.
 */
path: string, };

export type ImportReplacement = { entity: ImportEntity, changes: Array<FieldChange>, };

export type ImportPlan = { 
/**
 * Not on this desk yet.
 */
added: Array<ImportEntity>, 
/**
 * On this desk and different: the import would replace them.
 */
replaced: Array<ImportReplacement>, 
/**
 * On this desk exactly as in the bundle.
 */
unchanged: Array<ImportEntity>, };

export type TargetKind = "http" | "wordpress" | "folder" | "ghost";

export type TargetConfig = { name: string, kind: TargetKind, 
/**
 * The API's base URL, or the folder's absolute path.
 */
url: string, 
/**
 * The WordPress user the application password belongs to.
 */
user: string | null, };

export type TargetView = { name: string, kind: TargetKind, url: string, user: string | null, 
/**
 * Pages the target holds.
 */
pages: number, };

export type Op = "put" | "delete";

export type JobState = "queued" | "running" | "failed" | "conflict";

export type JobView = { id: number, target: string, slug: string, op: Op, state: JobState, attempts: number, 
/**
 * When the next attempt may start (RFC 3339).
 */
not_before: string, last_error: string | null, };

export type PageState = { target: string, slug: string, 
/**
 * The target's own id for the page (a WordPress post id).
 */
remote_id: string | null, url: string | null, published_at: string, 
/**
 * The publisher chose to keep the target's copy after a conflict.
 */
kept_remote: boolean, };

export type PublishingView = { targets: Array<TargetView>, jobs: Array<JobView>, pages: Array<PageState>, };

export type PublishPlan = { 
/**
 * Pages that moved to Published on the way.
 */
published: Array<string>, 
/**
 * (target, page) jobs now in the outbox.
 */
queued: Array<[string, string]>, 
/**
 * (target, page) the target already holds as it is: nothing to send.
 */
unchanged: Array<[string, string]>, 
/**
 * (target, page) left alone because the publisher kept the target's copy.
 */
kept_remote: Array<[string, string]>, };

export type ConflictView = { job: JobView, 
/**
 * Where the target's copy lives, when known.
 */
remote_url: string | null, 
/**
 * Field by field, from the target's copy (before) to ours (after). Empty when the page
 * was removed on the target.
 */
changes: Array<FieldChange>, removed_on_target: boolean, };

export type VotesReport = { target: string, saved: number, 
/**
 * Counts for pages or tools this desk does not have.
 */
skipped: number, 
/**
 * Pages whose new counts were not stored: their Community figures would have moved by
 * less than the site's `vote_republish_points`, so the page stays as published (absent
 * when none).
 */
held_back?: number, };

export type BackupInfo = { path: string, 
/**
 * When it was taken (RFC 3339), from the file's modification time.
 */
taken_at: string, bytes: number, };

export type Progress = { 
/**
 * Pages written or removed on a target.
 */
done: number, 
/**
 * Jobs that needed no request: the target already held that content.
 */
unchanged: number, 
/**
 * Attempts that failed and will be tried again.
 */
retries: number, failed: number, conflicts: number, 
/**
 * Jobs still queued or running.
 */
remaining: number, 
/**
 * What to know about a target from this run, each once, headed by the target's name
 * (e.g. that share cards are not sent to a server that does not take them).
 */
notes: Array<string>, };

export type ReceiptState = "verified" | "differs" | "missing" | "unreachable";

export type Place = "stored" | "public";

export type Difference = { place: Place, 
/**
 * What differs, as a short key: `title`, `structured_data`, `figures`, `text`, …
 */
what: string, 
/**
 * The sentence a publisher reads ("WordPress removed the page's structured data").
 */
said: string, };

export type PublishedThere = { 
/**
 * The target as a publisher names it: "Ghost".
 */
by: string, 
/**
 * When the target published it, by its own record (RFC 3339).
 */
at: string, 
/**
 * When the desk had it scheduled (RFC 3339).
 */
due_at: string, 
/**
 * How late it went out (negative: early; within the grace of a schedule: on time).
 */
minutes_late: number, 
/**
 * For a publisher: "Published by Ghost at 6 Dec 2026 09:00 UTC, on time".
 */
said: string, };

export type Receipt = { target: string, slug: string, state: ReceiptState, 
/**
 * When it was checked (RFC 3339).
 */
checked_at: string, 
/**
 * The content hash of the desk's page it was compared with.
 */
content_hash: string, differences: Array<Difference>, 
/**
 * The address a reader opens, when the target has one.
 */
public_url: string | null, 
/**
 * When the target published the page itself at its scheduled time (Ghost's scheduled
 * post), as read back; `None` for a page the desk's own write made public.
 */
published_there: PublishedThere | null, };

export type MarkedUnpublished = { 
/**
 * No target holds the page any more, so it went back to Approved at the desk.
 */
back_to_approved: boolean, };

export type NotChecked = { target: string, slug: string, why: string, };

export type VerifyReport = { receipts: Array<Receipt>, not_checked: Array<NotChecked>, };

export type MissedSchedule = { slug: string, title: string, 
/**
 * When it was due (RFC 3339).
 */
due_at: string, 
/**
 * How late it went out, or is by now when it has not (minutes).
 */
minutes_late: number, 
/**
 * What happened, for a publisher: "went out 42 min late".
 */
said: string, };

export type WorkKind = "missed_schedule" | "write_verdict" | "fix_verdict" | "submit_verdict" | "accept_verdict" | "finish_page" | "recheck_fact" | "approve_page" | "publish_page" | "stale_page" | "failed_job" | "conflict" | "page_not_live";

export type WorkPlace = { "kind": "verdict", reviewer: string, tool: string, } | { "kind": "comparison", slug: string, } | { "kind": "job", id: number, } | { "kind": "publishing", slug: string, } | { "kind": "tool", slug: string, };

export type WorkItem = { kind: WorkKind, 
/**
 * What to do, in the profile's words: "Write your verdict on Mistral Small 4".
 */
title: string, 
/**
 * Why, or for what: the pages that need it, the editor's comment, the error.
 */
detail: string, place: WorkPlace, 
/**
 * When it is due: the page's due date, or for a verdict the earliest due date of the
 * verdict requests of the pages that need it.
 */
due?: string | null, 
/**
 * Due before today.
 */
overdue?: boolean, 
/**
 * Who holds the page (its assignee), for items about a page.
 */
assignee?: string | null, };

export type Assignment = { 
/**
 * The editor who holds the page (a profile's slug; on a team, a member's login).
 */
assignee: string | null, 
/**
 * The day the page is due.
 */
due: string | null, 
/**
 * The day the page's verdicts are due from its panel.
 */
verdicts_due: string | null, };

export type CalendarQuery = { 
/**
 * The first day shown, in `time_zone`.
 */
from: string, 
/**
 * The last day shown (included).
 */
to: string, 
/**
 * An IANA time zone name, e.g. "Europe/Berlin".
 */
time_zone: string, 
/**
 * Only this person's: pages assigned to them, and for a reviewer the verdicts they owe.
 */
person: string | null, 
/**
 * Only pages in this workflow state.
 */
status: ComparisonStatus | null, 
/**
 * Only pages showing a tool of this category.
 */
category: string | null, };

export type CalendarEntryKind = "scheduled" | "published" | "page_due" | "verdicts_due" | "fact_due";

export type CalendarEntry = { kind: CalendarEntryKind, 
/**
 * The comparison it is about; for a fact due, the tool.
 */
slug: string, title: string, 
/**
 * The comparison's workflow state; none for a fact due.
 */
status: ComparisonStatus | null, 
/**
 * The day, in the query's time zone.
 */
day: string, 
/**
 * The time of day ("HH:MM") in the query's time zone, for scheduled and published pages.
 */
time: string | null, 
/**
 * The instant, for scheduled and published pages.
 */
at: string | null, assignee: string | null, 
/**
 * A due date before today that is not done (the page is not published yet, the fact
 * not checked again).
 */
overdue: boolean, };

export type Calendar = { from: string, to: string, time_zone: string, entries: Array<CalendarEntry>, };

export type MyWork = { profile: string, items: Array<WorkItem>, };

export type NoticeKind = "missed_schedule" | "publishing_failed" | "verdict_submitted" | "verdict_returned" | "assigned" | "mentioned" | "replied" | "page_approved";

export type NoticeSwitch = { kind: NoticeKind, label: string, on: boolean, 
/**
 * Raised only on a team desk (on a desk alone My work shows the same).
 */
team_only: boolean, };

export type NewsletterPreview = { subject: string, summary: string, 
/**
 * Comparisons in it.
 */
count: number, 
/**
 * The email's HTML document (shown in a sandboxed, script-free frame).
 */
html: string, text: string, };

export type TeamLink = { url: string, user: string, desk_id: string, cursor: number, roles: Array<string>, reviewer: string | null, display_name: string, joined_at: string, synced_at: string | null, };

export type Member = { login: string, display_name: string, roles: Array<string>, reviewer: string | null, disabled: boolean, };

export type JoinReport = { member: Member, 
/**
 * Entities this desk now holds from the team.
 */
entities: number, 
/**
 * Entities this desk gave an empty team (`--seed`).
 */
seeded: number, 
/**
 * Where the desk's own content was kept before the team's replaced it.
 */
backup: string | null, 
/**
 * Whether the system keyring stored the password. Either way this session (the app
 * until it closes) syncs with it; without the keyring, a later session needs it again
 * (VERDICT_TEAM_PASSWORD, or typed in Sign in).
 */
password_in_keyring: boolean, };

export type SignInReport = { 
/**
 * The member signed in.
 */
user: string, 
/**
 * Whether the system keyring stored the password (else it is kept until the app closes).
 */
password_in_keyring: boolean, };

export type SyncState = "off" | "synced" | "waiting" | "syncing" | "offline" | "sign_in_refused" | "sign_in_needed";

export type LiveStatus = { state: SyncState, 
/**
 * The team and the member signed in, when on a team.
 */
link: TeamLink | null, 
/**
 * Local saves not yet on the server.
 */
pending: number, 
/**
 * Fields changed here and on another desk, waiting for a decision.
 */
conflicts: number, 
/**
 * Since when the desk could not sync (RFC 3339), while offline or signed out.
 */
offline_since: string | null, 
/**
 * Why the last sync failed, in words, while offline or signed out.
 */
problem: string | null, 
/**
 * When that last failed attempt was (RFC 3339): the problem is as of then.
 */
checked_at: string | null, 
/**
 * Changes the server refused in the last sync, with its reasons.
 */
refused: Array<string>, 
/**
 * When the last sync finished (RFC 3339).
 */
last_synced: string | null, };

export type TeamEdit = { kind: EntityKind, key: string, 
/**
 * The fields the change set.
 */
fields: Array<string>, 
/**
 * The member's login.
 */
author: string, };

export type PresencePlace = { kind: EntityKind, key: string, field: string | null, typing: boolean, };

export type Presence = { login: string, 
/**
 * The member's name, as the team knows it.
 */
name: string, kind: EntityKind, key: string, 
/**
 * The field in focus there, if any.
 */
field: string | null, 
/**
 * Whether they are typing in that field.
 */
typing: boolean, };

export type Conflict = { id: number, kind: EntityKind, key: string, field: string, mine: unknown, mine_author: string, theirs: unknown, theirs_author: string, theirs_seq: number, theirs_at: string | null, created_at: string, };

export type ConflictField = { conflict: Conflict, 
/**
 * The entity's title or name (its key when it has neither).
 */
title: string, 
/**
 * This desk's value as text ("" for none).
 */
mine_text: string, 
/**
 * The other member's value as text.
 */
theirs_text: string, 
/**
 * Word by word, from this desk's value to theirs.
 */
parts: Array<DiffPart>, };

export type NewMember = { 
/**
 * The login: lower-case letters, digits, `-` and `_`.
 */
login: string, display_name: string, 
/**
 * Any of editor, reviewer, publisher, admin.
 */
roles: Array<string>, 
/**
 * The reviewer entry the member writes verdicts as (members with the reviewer role).
 */
reviewer: string | null, };

export type AddedMember = { member: Member, password: string, };

export type VariantInfo = { name: string, mime: string, width: number, height: number, bytes: bigint, };

export type MediaItem = { hash: string, original_name: string, 
/**
 * The kept original's type.
 */
mime: string, width: number, height: number, bytes: bigint, alt: string, credit: string, decorative: boolean, variants: Array<VariantInfo>, added_by: string | null, added_at: string, };

export type MediaUse = { 
/**
 * "tool" or "comparison".
 */
kind: string, slug: string, title: string, 
/**
 * The field holding the reference ("description", "intro").
 */
field: string, };

export type Added = { item: MediaItem, already_there: boolean, 
/**
 * What the intake did that the person should know.
 */
notes: Array<string>, };

export type MediaEntry = { item: MediaItem, uses: Array<MediaUse>, };

export type Replaced = { from: string, to: string, changed: Array<MediaUse>, };

export type Anchor = { start: number, end: number, 
/**
 * The words under the anchor: the text at `start..end` while they are there; the last
 * words it had once they were deleted.
 */
quote: string, 
/**
 * True once every word under the anchor was deleted ("on deleted text").
 */
deleted: boolean, };

export type CommentTarget = { kind: EntityKind, key: string, field: string, };

export type Comment = { id: string, 
/**
 * The author's profile slug (a member's login on a team desk).
 */
author: string, body: string, 
/**
 * The members it mentions (`@login` in the body), each once.
 */
mentions: Array<string>, created_at: string, 
/**
 * Not yet on the team (made offline, or on a desk alone: a note).
 */
pending: boolean, 
/**
 * Why the team refused it, when it did.
 */
refused: string | null, };

export type CommentThread = { 
/**
 * The first comment's id.
 */
id: string, target: CommentTarget, anchor: Anchor, resolved_at: string | null, resolved_by: string | null, comments: Array<Comment>, };

export type NewComment = { target: CommentTarget, 
/**
 * The selection in UTF-16 code units of the field's text as saved.
 */
start: number, end: number, body: string, };

export type PageCommentCount = { slug: string, open: number, };
