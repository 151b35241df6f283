//! IPC-level tests: the app's real command handlers, capabilities and error shape, driven
//! through Tauri's mock runtime (no display). Each test gets its own data folder.

use serde_json::{json, Value};
use tauri::test::{get_ipc_response, mock_builder, INVOKE_KEY};
use tauri::webview::InvokeRequest;
use tauri::{ipc::InvokeBody, WebviewWindow};
use verdict_desk_lib::{with_desk, AppState};

const SLUG: &str = "claude-haiku-open-weights-vs-llama-4-scout-quantized";
const HAIKU: &str = "claude-haiku-open-weights";

struct Harness {
    _dir: tempfile::TempDir,
    _app: tauri::App<tauri::test::MockRuntime>,
    window: WebviewWindow<tauri::test::MockRuntime>,
}

/// The app as `run()` builds it (same plugins, commands and capability files from
/// `tauri.conf.json`), on a fresh data folder that is seeded on first start.
fn app() -> Harness {
    app_in(tempfile::tempdir().unwrap())
}

fn app_in(dir: tempfile::TempDir) -> Harness {
    let state = AppState::open(dir.path());
    let app = with_desk(mock_builder(), state)
        .build(tauri::generate_context!())
        .expect("the app builds");
    let window = tauri::WebviewWindowBuilder::new(&app, "main", Default::default())
        .build()
        .unwrap();
    Harness {
        _dir: dir,
        _app: app,
        window,
    }
}

impl Harness {
    fn call(&self, cmd: &str, args: Value) -> Result<Value, Value> {
        get_ipc_response(
            &self.window,
            InvokeRequest {
                cmd: cmd.into(),
                callback: tauri::ipc::CallbackFn(0),
                error: tauri::ipc::CallbackFn(1),
                url: "tauri://localhost".parse().unwrap(),
                body: InvokeBody::Json(args),
                headers: Default::default(),
                invoke_key: INVOKE_KEY.to_string(),
            },
        )
        .map(|body| body.deserialize::<Value>().unwrap())
    }

    fn ok(&self, cmd: &str, args: Value) -> Value {
        self.call(cmd, args)
            .unwrap_or_else(|e| panic!("{cmd} failed: {e}"))
    }

    fn err(&self, cmd: &str, args: Value) -> Value {
        match self.call(cmd, args) {
            Ok(v) => panic!("{cmd} should have failed, returned {v}"),
            Err(e) => e,
        }
    }
}

#[test]
fn first_start_serves_the_sample_and_default_profiles() {
    let app = app();
    let overview = app.ok("desk_overview", json!({}));
    let page = &overview["comparisons"][0];
    assert_eq!(page["slug"], SLUG);
    assert_eq!(page["status"], "published");
    assert_eq!(page["stale"], false);
    let cards = page["tools"].as_array().unwrap();
    assert_eq!(cards[0]["panel_ship"]["percent"], 50);
    assert_eq!(cards[1]["panel_ship"]["percent"], 100);

    let profiles = app.ok("list_profiles", json!({}));
    let slugs: Vec<&str> = profiles
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["slug"].as_str().unwrap())
        .collect();
    assert!(slugs.contains(&"editor") && slugs.contains(&"publisher"));

    let stored = app.ok("get_comparison", json!({ "slug": SLUG }));
    let preview = app.ok("preview_draft", json!({ "draft": stored }));
    assert!(preview["html"]
        .as_str()
        .unwrap()
        .contains("Reviewer scorecard"));
    // The Publishing screen's newsletter and the editor's share card.
    let mail = app.ok("newsletter_preview", json!({ "since": "2000-01-01" }));
    assert!(mail["html"].as_str().unwrap().contains("<table"), "{mail}");
    let err = app.err("newsletter_preview", json!({ "since": "last week" }));
    assert_eq!(err["problems"][0]["field"], "since", "{err}");
    let card = app.ok("share_card", json!({ "slug": SLUG }));
    assert!(card
        .as_str()
        .unwrap()
        .starts_with("data:image/png;base64,iVBORw0KGgo"));
    let info = app.ok("desk_info", json!({}));
    assert!(info["themes"]
        .as_array()
        .unwrap()
        .contains(&json!("default")));
}

#[test]
fn edits_round_trip_through_the_commands_and_errors_keep_their_shape() {
    let app = app();
    let mut tool = app.ok("get_tool", json!({ "slug": HAIKU }));
    tool["tagline"] = json!("Typed in the tool editor");
    let preview = app.ok("preview_tool", json!({ "draft": tool }));
    assert!(preview["html"]
        .as_str()
        .unwrap()
        .contains("Typed in the tool editor"));
    assert_eq!(preview["pages"][0]["goes_stale"], true);

    // A reviewer may not edit tools: refused with the IPC error shape, nothing saved.
    let refused = app.err(
        "save_tool",
        json!({ "profile": "sam-skeptic", "tool": tool }),
    );
    assert_eq!(refused["code"], "forbidden");
    assert!(refused["message"].as_str().unwrap().contains("editor"));
    assert_eq!(
        app.ok("get_tool", json!({ "slug": HAIKU }))["tagline"],
        "Anthropic's first open-weight model release for research use"
    );

    app.ok("save_tool", json!({ "profile": "editor", "tool": tool }));
    assert_eq!(
        app.ok("get_tool", json!({ "slug": HAIKU }))["tagline"],
        "Typed in the tool editor"
    );
    let overview = app.ok("desk_overview", json!({}));
    assert_eq!(overview["comparisons"][0]["stale"], true);

    // An invalid save names its field.
    let mut bad = tool.clone();
    bad["name"] = json!("");
    let invalid = app.err("save_tool", json!({ "profile": "editor", "tool": bad }));
    assert_eq!(invalid["code"], "invalid");
    assert_eq!(invalid["field"], "name");

    // A malformed argument is refused by deserialisation, before the core sees it.
    let malformed = app.call(
        "save_tool",
        json!({ "profile": "editor", "tool": { "slug": 1 } }),
    );
    assert!(malformed.is_err());

    let history = app.ok("history", json!({ "entity": "tool", "key": HAIKU }));
    assert_eq!(history[0]["changes"][0]["field"], "tagline");
    app.ok(
        "restore_revision",
        json!({ "profile": "editor", "entity": "tool", "key": HAIKU, "number": 1 }),
    );
    assert_eq!(
        app.ok("get_tool", json!({ "slug": HAIKU }))["tagline"],
        "Anthropic's first open-weight model release for research use"
    );
}

#[test]
fn workflow_commands_enforce_roles() {
    let app = app();
    let refused = app.err(
        "page_action",
        json!({ "profile": "sam-skeptic", "slug": SLUG, "action": { "action": "unpublish" } }),
    );
    assert_eq!(refused["code"], "forbidden");
    let page = app.ok(
        "page_action",
        json!({ "profile": "publisher", "slug": SLUG, "action": { "action": "unpublish" } }),
    );
    assert_eq!(page["status"], "approved");
    let wrong = app.err(
        "page_action",
        json!({ "profile": "publisher", "slug": SLUG, "action": { "action": "unpublish" } }),
    );
    assert_eq!(wrong["code"], "wrong_state");

    let locked = app.err(
        "save_verdict",
        json!({ "profile": "sam-skeptic", "verdict": {
            "reviewer": "sam-skeptic", "tool": HAIKU, "call": "ship", "quote": "changed my mind"
        }}),
    );
    assert_eq!(locked["code"], "wrong_state");
    let coverage = app.ok("coverage", json!({}));
    assert_eq!(coverage["missing"], 0);

    let mut comparison = app.ok("get_comparison", json!({ "slug": SLUG }));
    comparison["title"] = json!("Edited by a publisher");
    let refused = app.err(
        "save_comparison",
        json!({ "profile": "publisher", "comparison": comparison }),
    );
    assert_eq!(refused["code"], "forbidden");
}

#[test]
fn import_of_a_bad_file_names_the_problem_and_changes_nothing() {
    let app = app();
    let before = app.ok("desk_overview", json!({}));
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.json");
    std::fs::write(
        &bad,
        br#"{"format": "verdict-desk-bundle", "version": 1, "tools": [{"slug": 3}]}"#,
    )
    .unwrap();
    let err = app.err("import_bundle", json!({ "path": bad }));
    assert_eq!(err["code"], "bad_bundle");
    assert!(!err["message"].as_str().unwrap().is_empty());
    assert_eq!(app.ok("desk_overview", json!({})), before);

    let out = dir.path().join("export.json");
    app.ok("export_bundle", json!({ "path": out }));
    let report = app.ok("import_bundle", json!({ "path": out }));
    assert_eq!(report["created"], 0);
    assert_eq!(report["updated"], 0);

    // Before an import the app asks for its plan: what would be replaced, field by field.
    let mut bundle: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&out).unwrap()).unwrap();
    bundle["tools"][0]["name"] = json!("An older name");
    let older = dir.path().join("older.json");
    std::fs::write(&older, serde_json::to_vec(&bundle).unwrap()).unwrap();
    let plan = app.ok("import_plan", json!({ "path": older }));
    assert_eq!(plan["added"], json!([]));
    assert_eq!(plan["replaced"][0]["entity"]["path"], "tools[0]");
    assert_eq!(plan["replaced"][0]["changes"][0]["field"], "name");
    assert_eq!(plan["replaced"][0]["changes"][0]["after"], "An older name");
    assert_eq!(app.ok("desk_overview", json!({})), before);
    let err = app.err("import_plan", json!({ "path": bad }));
    assert_eq!(err["code"], "bad_bundle");
    // The core, not only the screen, refuses to replace unasked; asked, it replaces.
    let err = app.err("import_bundle", json!({ "path": older }));
    assert!(
        err["message"].as_str().unwrap().contains("would replace"),
        "{err}"
    );
    assert_eq!(app.ok("desk_overview", json!({})), before);
    let report = app.ok("import_bundle", json!({ "path": older, "replace": true }));
    assert_eq!(report["updated"], 1);
}

#[test]
fn the_capability_grants_exactly_the_app_commands() {
    // A command that exists in Tauri but is not granted is refused by the ACL.
    let app = app();
    let denied = app.call("plugin:dialog|open", json!({ "options": {} }));
    let denied = denied.expect_err("the webview must not open dialogs itself");
    assert!(denied.to_string().contains("not allowed"), "{denied}");

    let capability: Value = serde_json::from_str(
        &std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/src-tauri/capabilities/default.json"
        ))
        .unwrap(),
    )
    .unwrap();
    let mut granted: Vec<String> = capability["permissions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p.as_str().unwrap().to_string())
        .collect();
    // Every command of the contract answers through the real handler list (an unknown or
    // unregistered one would fail with "not found" rather than with its own error).
    for (_, command) in verdict_desk_lib::contract::COMMANDS {
        let permission = format!("allow-{}", command.replace('_', "-"));
        let at = granted
            .iter()
            .position(|p| *p == permission)
            .unwrap_or_else(|| panic!("{permission} is not granted"));
        granted.remove(at);
    }
    // Beyond the app's own commands, only listening for the close request.
    granted.sort();
    assert_eq!(
        granted,
        ["core:event:allow-listen", "core:event:allow-unlisten"]
    );
}

#[test]
fn only_web_links_may_be_opened_and_the_window_stays_on_the_app() {
    let app = app();
    for bad in [
        "javascript:alert(1)",
        "file:///etc/passwd",
        "data:text/html,<script>alert(1)</script>",
        "vscode://open",
        "not a url",
    ] {
        let err = app.err("open_link", json!({ "url": bad }));
        assert_eq!(err["code"], "invalid", "{bad}: {err}");
        assert_eq!(err["field"], "url");
    }
    let own = |u: &str| verdict_desk_lib::is_own_page(&u.parse().unwrap());
    assert!(own("tauri://localhost/index.html"));
    assert!(own("http://tauri.localhost/"));
    assert!(own("about:srcdoc"));
    assert!(!own("https://evil.example/"));
    assert!(!own("tauri://evil/"));
    assert!(!own("file:///etc/passwd"));
}

#[test]
fn a_damaged_database_gets_the_latest_good_backup_offered_and_nothing_else_restored() {
    let dir = tempfile::tempdir().unwrap();
    {
        let desk = verdict_core::Desk::open(dir.path()).unwrap();
        desk.seed_sample_if_empty().unwrap();
        verdict_core::backup::make_backup(&desk.store(), dir.path(), "manual").unwrap();
    }
    // Damage the database past its header, as a disk fault would.
    {
        use std::io::{Seek, SeekFrom, Write};
        let mut f = std::fs::OpenOptions::new()
            .write(true)
            .open(dir.path().join("verdict.db"))
            .unwrap();
        for page in [2u64, 3, 4, 5] {
            f.seek(SeekFrom::Start(page * 4096 + 8)).unwrap();
            f.write_all(&[0xA5; 2000]).unwrap();
        }
    }
    let backup = verdict_core::backup::list_backups(dir.path()).unwrap()[0].clone();
    let h = app_in(dir);
    let e = h.err("desk_overview", json!({}));
    assert_eq!(e["code"], "damaged_database");
    let offer = h.ok("recovery_offer", json!({}));
    assert_eq!(offer["path"], backup.display().to_string());
    // Only a backup from the data folder's backups may be restored this way.
    let e = h.err("restore_backup", json!({ "path": "/etc/passwd" }));
    assert_eq!(e["code"], "invalid");

    // A healthy desk is offered nothing, and refuses the restore.
    let h = app();
    assert_eq!(h.ok("recovery_offer", json!({})), Value::Null);
    let e = h.err(
        "restore_backup",
        json!({ "path": backup.display().to_string() }),
    );
    assert_eq!(e["code"], "wrong_state");
}

#[test]
fn the_built_config_allows_no_eval_no_remote_origins_and_no_scripts_in_previews() {
    let context: tauri::Context<tauri::test::MockRuntime> = tauri::generate_context!();
    let csp = serde_json::to_value(&context.config().app.security.csp).unwrap();
    let text = csp.to_string();
    assert!(!text.contains("unsafe-eval"), "{text}");
    assert_eq!(
        csp["script-src"], "'self'",
        "scripts only from the app itself"
    );
    assert_eq!(csp["object-src"], "'none'");
    // Images: the app's, `data:` thumbnails, and the desk's store through the `media`
    // protocol (the preview's pictures); nothing from the web.
    assert_eq!(csp["img-src"], "'self' data: media: http://media.localhost");
    for (directive, value) in csp.as_object().unwrap() {
        let value = value.as_str().unwrap();
        for source in value.split_whitespace() {
            // The app's own protocols, as Windows names them (`ipc:`, `media:` elsewhere).
            let remote = (source.starts_with("http:") || source.starts_with("https:"))
                && source != "http://ipc.localhost"
                && source != "http://media.localhost";
            assert!(!remote && source != "*", "{directive} allows {source}");
        }
    }
    // The preview frame is sandboxed without scripts: the one place content is shown.
    let preview = std::fs::read_to_string("ui/src/lib/components/PagePreview.svelte").unwrap();
    let sandbox = preview
        .split("sandbox=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("the preview iframe has a sandbox attribute");
    assert!(!sandbox.contains("allow-scripts"), "sandbox=\"{sandbox}\"");
    assert!(
        !sandbox.contains("allow-top-navigation"),
        "sandbox=\"{sandbox}\""
    );
}

#[test]
fn hostile_input_through_the_commands_ends_in_a_clear_refusal_or_safe_output() {
    let app = app();
    let xss = "<img src=x onerror=alert(1)><script>alert(2)</script> \
               [click](javascript:alert(3)) <a href=\"JaVaScRiPt:alert(4)\">x</a>";
    // Markup shown as text (escaped, or inside an attribute's value) is fine; what must not
    // exist is a live script, an event-handler attribute, or a script URL in a link.
    let unsafe_html = |html: &str| {
        let lower = html.to_ascii_lowercase();
        lower.contains("<script>alert")
            || lower.split('<').skip(1).any(|tag| {
                let tag = tag.split('>').next().unwrap_or("");
                let mut names = String::new();
                let mut quote = None;
                for c in tag.chars() {
                    match quote {
                        Some(q) if c == q => quote = None,
                        Some(_) => {}
                        None if c == '"' || c == '\'' => quote = Some(c),
                        None => names.push(c),
                    }
                }
                names.contains(" onerror=")
                    || tag.contains("href=\"javascript:")
                    || tag.contains("href=javascript:")
                    || tag.contains("src=\"javascript:")
            })
    };
    let before = app.ok("desk_overview", json!({}));

    // Markup in Markdown and plain fields: the preview shows it inert.
    let mut draft = app.ok("get_comparison", json!({ "slug": SLUG }));
    draft["dek"] = json!(xss);
    draft["intro"] = json!(format!("{xss}\n\n{}", "> ".repeat(5_000)));
    let preview = app.ok("preview_draft", json!({ "draft": draft }));
    assert!(!unsafe_html(preview["html"].as_str().unwrap()));
    let mut tool = app.ok("get_tool", json!({ "slug": HAIKU }));
    tool["description"] = json!(xss);
    tool["tagline"] = json!(xss);
    let preview = app.ok("preview_tool", json!({ "draft": tool }));
    assert!(!unsafe_html(preview["html"].as_str().unwrap()));

    // Control characters and a megabyte field are refused by name, and change nothing.
    let mut bad = app.ok("get_comparison", json!({ "slug": SLUG }));
    bad["title"] = json!("A\u{0007}B\u{0000}");
    let e = app.err(
        "save_comparison",
        json!({ "profile": "editor", "comparison": bad }),
    );
    assert_eq!(
        (e["code"].as_str(), e["field"].as_str()),
        (Some("invalid"), Some("title"))
    );
    let mut big = app.ok("get_comparison", json!({ "slug": SLUG }));
    big["intro"] = json!("a".repeat(1 << 20));
    let e = app.err(
        "save_comparison",
        json!({ "profile": "editor", "comparison": big }),
    );
    assert_eq!(
        (e["code"].as_str(), e["field"].as_str()),
        (Some("invalid"), Some("intro"))
    );

    // Search text is matched, never interpreted; snippets are plain text.
    let hits = app.ok("search", json!({ "query": xss }));
    assert!(hits.as_array().is_some());

    // Files that are not UTF-8, or JSON nested beyond reason, are refused as bundles.
    let dir = tempfile::tempdir().unwrap();
    let latin1 = dir.path().join("latin1.json");
    std::fs::write(
        &latin1,
        b"{\"format\": \"verdict-desk-bundle\", \"name\": \"caf\xe9\"}",
    )
    .unwrap();
    let e = app.err("import_bundle", json!({ "path": latin1 }));
    assert_eq!(e["code"], "bad_bundle", "{e}");
    let deep = dir.path().join("deep.json");
    std::fs::write(&deep, "[".repeat(100_000) + &"]".repeat(100_000)).unwrap();
    let e = app.err("import_bundle", json!({ "path": deep }));
    assert_eq!(e["code"], "bad_bundle", "{e}");

    assert_eq!(
        app.ok("desk_overview", json!({})),
        before,
        "nothing changed"
    );
}

#[test]
fn a_taken_pair_and_the_steps_allowed_cross_ipc_as_the_ui_reads_them() {
    let app = app();
    let sample = app.ok("get_comparison", json!({ "slug": SLUG }));
    let mut again = sample.clone();
    again["slug"] = json!("scout-vs-haiku");
    again["tools"].as_array_mut().unwrap().reverse();
    let err = app.err(
        "create_comparison",
        json!({ "profile": "editor", "comparison": again }),
    );
    // The UI offers the page in the way from the code and details, not from the message.
    assert_eq!(err["code"], "pair_taken", "{err}");
    assert_eq!(err["field"], "tools", "{err}");
    assert_eq!(
        err["details"],
        json!({ "kind": "pair_taken", "slug": SLUG, "title": sample["title"] }),
        "{err}"
    );
    let err = app.err("get_comparison", json!({ "slug": "scout-vs-haiku" }));
    assert_eq!(err["code"], "not_found");

    // The sample is published: only a publisher may unpublish it, and the answer says so.
    let step = |profile: &str, action: &str| {
        let answer = app.ok(
            "allowed_actions",
            json!({ "profile": profile, "slug": SLUG }),
        );
        answer
            .as_array()
            .unwrap()
            .iter()
            .find(|a| a["action"] == action)
            .cloned()
            .unwrap()
    };
    let unpublish = step("editor", "unpublish");
    assert_eq!(unpublish["allowed"], false);
    assert_eq!(
        unpublish["reason"],
        json!({ "kind": "missing_role", "role": "publisher" })
    );
    assert_eq!(step("publisher", "unpublish")["allowed"], true);
    assert_eq!(
        step("publisher", "publish")["reason"]["kind"],
        "wrong_state"
    );
    let err = app.err(
        "allowed_actions",
        json!({ "profile": "publisher", "slug": "no-such-page" }),
    );
    assert_eq!(err["code"], "not_found");
}
