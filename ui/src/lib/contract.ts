// Generated from src-tauri/src/contract.rs by
// `UPDATE_CONTRACT=1 cargo test -p verdict-desk --test contract`. Do not edit.

/** Every command the webview may call. */
export const COMMANDS = [
  'desk_overview',
  'search',
  'desk_info',
  'my_work',
  'preview_draft',
  'get_comparison',
  'save_comparison',
  'create_comparison',
  'page_action',
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
  'recovery_offer',
  'restore_backup',
  'team_status',
  'team_join',
  'team_leave',
  'team_sync_now',
  'team_conflicts',
  'team_resolve',
  'team_members',
  'team_add_member',
  'team_disable_member',
] as const;

export type Command = (typeof COMMANDS)[number];

/** The events the app sends to the webview. */
export const EVENTS = {
  closeRequested: 'close-requested',
  publishProgress: 'publish-progress',
  publishSettled: 'publish-settled',
  teamStatus: 'team-status',
  teamEdits: 'team-edits',
} as const;

export type AppEvent = (typeof EVENTS)[keyof typeof EVENTS];
