//! Signing in to the team (issue 25): a desk without a keyring keeps the password for the
//! session only, a refused password is its own state until the member signs in again, an
//! offline desk says the current reason and counts its saves at once, a server certificate
//! this computer does not trust is named as such; against a real PostgreSQL started here.

use std::sync::mpsc::Receiver;
use std::sync::Arc;
use std::time::{Duration, Instant};

use verdict_core::secrets::{EnvSecrets, SecretStore, SessionSecrets};
use verdict_core::team::server::Server;
use verdict_core::team::{
    generate_password, Live, LiveEvent, LiveStatus, SyncState, TeamError, PASSWORD_ENV,
};
use verdict_core::Desk;
use verdict_testkit::postgres::TLS_TEST_ISSUER;

#[path = "support/team.rs"]
mod team_support;
use team_support::{password, runtime, start_team, team_url};

const HAIKU: &str = "claude-haiku-open-weights";

/// The app's store where no keyring runs: this session's memory over a store that cannot
/// keep anything (it answers "no keyring" to every `set`).
fn no_keyring() -> Arc<dyn SecretStore> {
    Arc::new(SessionSecrets::new(Arc::new(EnvSecrets)))
}

fn no_password_in_env() {
    assert!(
        std::env::var_os(PASSWORD_ENV).is_none(),
        "{PASSWORD_ENV} is set: these tests need it unset"
    );
}

/// Every file under `dir` that holds `needle`.
fn files_containing(dir: &std::path::Path, needle: &str) -> Vec<String> {
    let mut found = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if std::fs::read(&path)
                .unwrap()
                .windows(needle.len())
                .any(|w| w == needle.as_bytes())
            {
                found.push(path.display().to_string());
            }
        }
    }
    found
}

/// The statuses the live sync reports, until one that `want` accepts (up to `within`).
fn status_until(
    rx: &Receiver<LiveEvent>,
    what: &str,
    within: Duration,
    mut want: impl FnMut(&LiveStatus) -> bool,
) -> LiveStatus {
    let deadline = Instant::now() + within;
    let mut seen = Vec::new();
    while let Some(left) = deadline.checked_duration_since(Instant::now()) {
        match rx.recv_timeout(left) {
            Ok(LiveEvent::Status(s)) if want(&s) => return s,
            Ok(LiveEvent::Status(s)) => seen.push((s.state, s.pending, s.problem)),
            Ok(_) => {}
            Err(_) => break,
        }
    }
    panic!("no status {what} within {within:?}; saw {seen:#?}");
}

/// Runs the live sync of `desk` as the app does (a 30 s round, saves looked for every
/// 200 ms), its events to the returned receiver.
fn run_live(
    rt: &tokio::runtime::Runtime,
    desk: Arc<Desk>,
    secrets: Arc<dyn SecretStore>,
) -> (Arc<Live>, Receiver<LiveEvent>) {
    let live = Arc::new(Live::default());
    let (tx, rx) = std::sync::mpsc::channel();
    let l = live.clone();
    rt.spawn(async move {
        desk.team_live(
            secrets.as_ref(),
            &l,
            Duration::from_secs(30),
            Duration::from_millis(200),
            move |e| {
                let _ = tx.send(e);
            },
        )
        .await
    });
    (live, rx)
}

#[test]
fn joining_without_a_keyring_keeps_the_password_for_the_session_and_nowhere_else() {
    no_password_in_env();
    let rt = runtime();
    let pg = start_team(&rt, &[("ines", &["editor", "admin"], None)]);
    let dir = tempfile::tempdir().unwrap();
    let desk = Desk::open(dir.path()).unwrap();
    desk.seed_sample_if_empty().unwrap();
    let session = no_keyring();
    let report = rt
        .block_on(desk.team_join(
            &team_url(&pg),
            "ines",
            &password("ines"),
            true,
            session.as_ref(),
        ))
        .unwrap();
    assert!(!report.password_in_keyring);

    // The same session syncs and lists the members with the password just typed.
    let mut tool = desk.tool(HAIKU).unwrap();
    tool.tagline = "Saved right after joining".into();
    desk.save_tool("ines", &tool).unwrap();
    let synced = rt
        .block_on(desk.team_sync(session.as_ref(), |_| {}))
        .unwrap();
    assert_eq!(synced.pushed, 1);
    let members = rt.block_on(desk.team_members(session.as_ref())).unwrap();
    assert_eq!(members.len(), 1, "{members:?}");

    // It was written nowhere: not in the data folder, and a new session (the app started
    // again) has no password and says so.
    assert!(files_containing(dir.path(), &password("ines")).is_empty());
    let err = rt
        .block_on(desk.team_sync(no_keyring().as_ref(), |_| {}))
        .unwrap_err();
    assert!(matches!(err, TeamError::NoPassword { .. }), "{err}");
    assert!(err.to_string().contains(PASSWORD_ENV), "{err}");
}

#[test]
fn a_refused_password_is_its_own_state_until_the_member_signs_in_again() {
    no_password_in_env();
    let rt = runtime();
    let pg = start_team(&rt, &[("sam", &["editor"], None)]);
    let dir = tempfile::tempdir().unwrap();
    let desk = Arc::new(Desk::open(dir.path()).unwrap());
    desk.seed_sample_if_empty().unwrap();
    let session = no_keyring();
    rt.block_on(desk.team_join(
        &team_url(&pg),
        "sam",
        &password("sam"),
        true,
        session.as_ref(),
    ))
    .unwrap();
    let (live, rx) = run_live(&rt, desk.clone(), session.clone());
    status_until(&rx, "synced", Duration::from_secs(30), |s| {
        s.state == SyncState::Synced
    });

    // The admin changes Sam's password: the desk says the sign-in was refused, and why.
    pg.psql("team", "ALTER ROLE sam PASSWORD 'a-new-password'");
    live.sync_now();
    let refused = status_until(&rx, "sign-in refused", Duration::from_secs(30), |s| {
        s.state == SyncState::SignInRefused
    });
    let problem = refused.problem.unwrap();
    assert!(
        problem.contains("refused the password of \"sam\""),
        "{problem}"
    );
    assert!(refused.checked_at.is_some());

    // A save meanwhile is counted at once, long before the 30 s round.
    let mut tool = desk.tool(HAIKU).unwrap();
    tool.tagline = "Saved while signed out".into();
    desk.save_tool("sam", &tool).unwrap();
    let counted = status_until(&rx, "counting the save", Duration::from_secs(5), |s| {
        s.pending == 1
    });
    assert_eq!(counted.state, SyncState::SignInRefused);

    // The old password again is refused by name and changes nothing.
    let err = rt
        .block_on(desk.team_sign_in(session.as_ref(), &password("sam")))
        .unwrap_err();
    assert!(matches!(err, TeamError::WrongPassword { .. }), "{err}");
    assert_eq!(
        desk.live_status(&live).unwrap().state,
        SyncState::SignInRefused
    );

    // The new one: signed in, and the sync runs at once and sends the save.
    let signed = rt
        .block_on(desk.team_sign_in(session.as_ref(), "a-new-password"))
        .unwrap();
    assert_eq!(signed.user, "sam");
    assert!(!signed.password_in_keyring);
    live.sync_now();
    let back = status_until(&rx, "synced again", Duration::from_secs(10), |s| {
        s.state == SyncState::Synced
    });
    assert_eq!(back.pending, 0);
    assert!(back.problem.is_none() && back.checked_at.is_none());
    let check = rt.block_on(Server::connect(
        &team_url(&pg),
        Some("sam"),
        "a-new-password",
    ));
    assert!(check.is_ok());
}

#[test]
fn an_offline_desk_tries_again_on_its_own_and_says_the_reason_as_of_the_last_try() {
    no_password_in_env();
    let rt = runtime();
    let pg = start_team(&rt, &[("ines", &["editor"], None)]);
    let dir = tempfile::tempdir().unwrap();
    let desk = Arc::new(Desk::open(dir.path()).unwrap());
    desk.seed_sample_if_empty().unwrap();
    let session = no_keyring();
    rt.block_on(desk.team_join(
        &team_url(&pg),
        "ines",
        &password("ines"),
        true,
        session.as_ref(),
    ))
    .unwrap();
    let (live, rx) = run_live(&rt, desk.clone(), session);
    status_until(&rx, "synced", Duration::from_secs(30), |s| {
        s.state == SyncState::Synced
    });
    pg.stop_server();
    live.sync_now();
    let first = status_until(&rx, "offline", Duration::from_secs(30), |s| {
        s.state == SyncState::Offline
    });
    // Without being asked, it tries again within seconds (not the 30 s round), and the
    // reason it shows is the one of that try.
    let again = status_until(&rx, "offline, tried again", Duration::from_secs(10), |s| {
        s.state == SyncState::Offline && s.checked_at != first.checked_at
    });
    assert!(again.checked_at > first.checked_at);
    assert!(
        again.problem.as_deref().unwrap().contains("cannot reach"),
        "{again:?}"
    );
    assert_eq!(again.offline_since, first.offline_since);

    // Back: a retry finds the server without anyone asking.
    pg.start_server();
    status_until(&rx, "synced again", Duration::from_secs(40), |s| {
        s.state == SyncState::Synced
    });
}

#[test]
fn a_server_certificate_this_computer_does_not_trust_is_named_with_its_issuer() {
    let rt = runtime();
    let pg = start_team(&rt, &[("ines", &["editor"], None)]);
    pg.enable_untrusted_tls();
    let url = format!("{}?sslmode=require", team_url(&pg));
    let err = match rt.block_on(Server::connect(&url, Some("ines"), &password("ines"))) {
        Ok(_) => panic!("a certificate from an unknown authority was taken"),
        Err(e) => e,
    };
    match &err {
        TeamError::UntrustedCertificate { issuer, .. } => {
            assert!(
                issuer.as_deref().unwrap_or("").contains(TLS_TEST_ISSUER),
                "{issuer:?}"
            )
        }
        other => panic!("not named as an untrusted certificate: {other}"),
    }
    let text = err.to_string();
    assert!(text.contains("does not trust"), "{text}");
    assert!(text.contains(TLS_TEST_ISSUER), "{text}");
    assert!(text.contains("update-ca-certificates"), "{text}");
    assert!(!text.contains("error performing TLS handshake"), "{text}");
}

#[test]
fn generated_passwords_have_no_characters_read_as_one_another() {
    for _ in 0..2000 {
        let p = generate_password();
        assert_eq!(p.chars().count(), 24);
        assert!(
            !p.contains(['l', 'I', '1', 'O', 'o', '0']),
            "ambiguous characters in {p}"
        );
        assert!(p.chars().all(|c| c.is_ascii_alphanumeric()), "{p}");
    }
}
