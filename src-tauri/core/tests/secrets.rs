//! Secrets against a private Secret Service (gnome-keyring on a private session D-Bus), and
//! the fallback when no Secret Service answers.
//!
//! The keyring crate reads `DBUS_SESSION_BUS_ADDRESS` from the process environment, which is
//! global; so each scenario runs in a child process (this test binary again, one ignored test
//! selected by name) with its own environment, and nothing here calls `set_var`.

#[path = "support/secret_service.rs"]
mod secret_service;

use std::process::Command;
use std::sync::Arc;
use std::time::{Duration, Instant};

use verdict_core::secrets::{
    delete_async, env_var_name, get_async, set_async, system_secrets, EnvSecrets, Keyring,
    SecretAction, SecretError, SecretStore, SystemSecrets, SERVICE,
};

/// Set in a scenario's child process to the scenario's name.
const SCENARIO: &str = "VERDICT_SECRETS_SCENARIO";

const WP_SECRET: &str = "wp-app-password-7fQ2 x9Lm";
const API_SECRET: &str = "api-token-Zq81ur2LhS0";
const ENV_SECRET: &str = "env-token-from-the-environment";

/// Runs the ignored test `name` of this binary in a child process with `env`, and fails with
/// its output unless it passed.
fn run_scenario(name: &str, env: &[(&str, &str)], remove: &[&str]) -> Duration {
    let started = Instant::now();
    let mut cmd = Command::new(std::env::current_exe().expect("test binary"));
    cmd.args([
        name,
        "--exact",
        "--ignored",
        "--nocapture",
        "--test-threads=1",
    ])
    .env(SCENARIO, name)
    .env("RUST_BACKTRACE", "1");
    for var in [
        "VERDICT_SECRET_WP_MAIN",
        "VERDICT_SECRET_API_PROD",
        "VERDICT_SECRET_ONLY_ENV",
    ]
    .iter()
    .chain(remove)
    {
        cmd.env_remove(var);
    }
    cmd.envs(env.iter().copied());
    let out = cmd.output().expect("run the scenario");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success() && stdout.contains("1 passed"),
        "scenario {name} failed ({}):\n--- stdout\n{stdout}\n--- stderr\n{stderr}",
        out.status
    );
    eprint!("{stderr}");
    started.elapsed()
}

/// Whether this process is the child running scenario `name`; otherwise the ignored test was
/// selected by hand and does nothing.
fn in_scenario(name: &str) -> bool {
    std::env::var(SCENARIO).as_deref() == Ok(name)
}

fn assert_no_secret(err: &SecretError, secret: &str) {
    let (display, debug) = (err.to_string(), format!("{err:?}"));
    assert!(!display.contains(secret), "secret in Display: {display}");
    assert!(!debug.contains(secret), "secret in Debug: {debug}");
}

fn timed<T>(what: &str, f: impl FnOnce() -> T) -> T {
    let started = Instant::now();
    let value = f();
    eprintln!("  {what}: {:?}", started.elapsed());
    value
}

// ---------------------------------------------------------------------------------------------
// With a Secret Service
// ---------------------------------------------------------------------------------------------

#[test]
fn keyring_round_trip_on_a_private_secret_service() {
    let service = secret_service::start_secret_service();
    eprintln!("private Secret Service up in {:?}", service.startup);
    let took = run_scenario(
        "scenario_round_trip",
        &[
            ("DBUS_SESSION_BUS_ADDRESS", service.address()),
            ("VERDICT_SECRET_ONLY_ENV", ENV_SECRET),
        ],
        &[],
    );
    eprintln!("round trip scenario took {took:?}");
}

#[test]
#[ignore = "scenario: run in a child process by keyring_round_trip_on_a_private_secret_service"]
fn scenario_round_trip() {
    if !in_scenario("scenario_round_trip") {
        return;
    }
    let keyring = Keyring::new();
    assert_eq!(keyring.service(), SERVICE);
    assert!(
        keyring.describe().contains(SERVICE),
        "{}",
        keyring.describe()
    );

    assert_eq!(
        timed("get (absent)", || keyring.get("wp-main")).unwrap(),
        None
    );
    timed("set (first, creates the item)", || {
        keyring.set("wp-main", WP_SECRET)
    })
    .unwrap();
    timed("set (second target)", || {
        keyring.set("api-prod", API_SECRET)
    })
    .unwrap();

    // A fresh store (a fresh D-Bus connection) reads what the first stored.
    let again = Keyring::new();
    assert_eq!(
        timed("get", || again.get("wp-main")).unwrap().as_deref(),
        Some(WP_SECRET)
    );
    assert_eq!(again.get("api-prod").unwrap().as_deref(), Some(API_SECRET));

    // Replacing keeps one item per target.
    keyring.set("wp-main", "replaced-secret").unwrap();
    assert_eq!(
        keyring.get("wp-main").unwrap().as_deref(),
        Some("replaced-secret")
    );
    assert_eq!(
        keyring.get("api-prod").unwrap().as_deref(),
        Some(API_SECRET)
    );

    // Another service name is another namespace.
    let other = Keyring::with_service("com.verdictdesk.other");
    assert_eq!(other.get("wp-main").unwrap(), None);

    timed("delete", || keyring.delete("wp-main")).unwrap();
    assert_eq!(keyring.get("wp-main").unwrap(), None);
    keyring.delete("wp-main").expect("deleting twice is fine");
    assert_eq!(
        keyring.get("api-prod").unwrap().as_deref(),
        Some(API_SECRET)
    );

    // The system store reads the keyring first, then the environment.
    let system = system_secrets();
    assert!(system.describe().contains("VERDICT_SECRET_"));
    assert_eq!(system.get("api-prod").unwrap().as_deref(), Some(API_SECRET));
    assert_eq!(system.get("wp-main").unwrap(), None);
    assert_eq!(system.get("only-env").unwrap().as_deref(), Some(ENV_SECRET));
    system.set("only-env", "from-the-keyring").unwrap();
    assert_eq!(
        system.get("only-env").unwrap().as_deref(),
        Some("from-the-keyring"),
        "the keyring wins over the environment"
    );
    system.delete("only-env").unwrap();
    assert_eq!(system.get("only-env").unwrap().as_deref(), Some(ENV_SECRET));

    let err = keyring.set("", WP_SECRET).unwrap_err();
    assert!(matches!(err, SecretError::InvalidTarget { .. }), "{err:?}");
    assert_no_secret(&err, WP_SECRET);

    keyring.delete("api-prod").unwrap();
    assert_eq!(keyring.get("api-prod").unwrap(), None);
}

#[test]
fn keyring_inside_a_tokio_runtime() {
    let service = secret_service::start_secret_service();
    run_scenario(
        "scenario_inside_tokio",
        &[("DBUS_SESSION_BUS_ADDRESS", service.address())],
        &[],
    );
}

#[test]
#[ignore = "scenario: run in a child process by keyring_inside_a_tokio_runtime"]
fn scenario_inside_tokio() {
    if !in_scenario("scenario_inside_tokio") {
        return;
    }
    // The sync API straight from async code, on a current-thread runtime (as in
    // #[tokio::test]) …
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        let keyring = Keyring::new();
        keyring.set("wp-main", WP_SECRET).unwrap();
        assert_eq!(keyring.get("wp-main").unwrap().as_deref(), Some(WP_SECRET));
    });

    // … and on a multi-thread runtime (as in Tauri), inside spawned tasks, concurrently.
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        let store: Arc<dyn SecretStore> = system_secrets();
        let tasks: Vec<_> = (0..4)
            .map(|i| {
                let store = store.clone();
                tokio::spawn(async move {
                    let target = format!("task-{i}");
                    store.set(&target, &format!("secret-{i}")).unwrap();
                    store.get(&target).unwrap()
                })
            })
            .collect();
        for (i, task) in tasks.into_iter().enumerate() {
            assert_eq!(task.await.unwrap(), Some(format!("secret-{i}")));
        }
        assert_eq!(
            store.get("wp-main").unwrap().as_deref(),
            Some(WP_SECRET),
            "same keyring from another runtime"
        );

        // The async wrappers run on the blocking pool.
        set_async(&store, "api-prod", API_SECRET).await.unwrap();
        assert_eq!(
            get_async(&store, "api-prod").await.unwrap().as_deref(),
            Some(API_SECRET)
        );
        delete_async(&store, "api-prod").await.unwrap();
        assert_eq!(get_async(&store, "api-prod").await.unwrap(), None);
    });
}

// ---------------------------------------------------------------------------------------------
// Without a Secret Service
// ---------------------------------------------------------------------------------------------

#[test]
fn no_secret_service_gives_no_keyring_and_falls_back_to_the_environment() {
    let tmp = tempfile::tempdir().unwrap();
    let with_env: [(&str, &str); 1] = [("VERDICT_SECRET_WP_MAIN", ENV_SECRET)];

    // 1. The bus address names a socket that is not there.
    let missing = secret_service::missing_bus_address(tmp.path());
    let t = run_scenario(
        "scenario_no_keyring",
        &[with_env[0], ("DBUS_SESSION_BUS_ADDRESS", &missing)],
        &[],
    );
    eprintln!("missing bus: {t:?}");

    // 2. A bus that died and left its socket behind.
    let mut dead = secret_service::PrivateBus::start();
    let dead_address = dead.address().to_string();
    dead.kill();
    let t = run_scenario(
        "scenario_no_keyring",
        &[with_env[0], ("DBUS_SESSION_BUS_ADDRESS", &dead_address)],
        &[],
    );
    eprintln!("dead bus: {t:?}");

    // 3. A live bus on which nobody offers the Secret Service (and nothing can be activated).
    let bus = secret_service::PrivateBus::start();
    let t = run_scenario(
        "scenario_no_keyring",
        &[with_env[0], ("DBUS_SESSION_BUS_ADDRESS", bus.address())],
        &[],
    );
    eprintln!("bus without a Secret Service: {t:?}");

    // 4. No session bus at all: no DBUS_SESSION_BUS_ADDRESS, nothing in XDG_RUNTIME_DIR.
    let runtime = tmp.path().join("run");
    std::fs::create_dir(&runtime).unwrap();
    let t = run_scenario(
        "scenario_no_keyring",
        &[with_env[0], ("XDG_RUNTIME_DIR", runtime.to_str().unwrap())],
        &["DBUS_SESSION_BUS_ADDRESS"],
    );
    eprintln!("no session bus: {t:?}");
}

#[test]
#[ignore = "scenario: run in a child process by no_secret_service_gives_no_keyring_and_falls_back_to_the_environment"]
fn scenario_no_keyring() {
    if !in_scenario("scenario_no_keyring") {
        return;
    }
    let system = system_secrets();

    // set: NoKeyring, with a clear message and without the secret.
    let err = timed("set without a Secret Service", || {
        system.set("wp-main", WP_SECRET)
    })
    .unwrap_err();
    match &err {
        SecretError::NoKeyring {
            target,
            action,
            env_var,
            ..
        } => {
            assert_eq!(target, "wp-main");
            assert_eq!(*action, SecretAction::Store);
            assert_eq!(env_var, "VERDICT_SECRET_WP_MAIN");
        }
        other => panic!("expected NoKeyring, got {other:?}"),
    }
    let message = err.to_string();
    eprintln!("  message: {message}");
    for needle in [
        "no Secret Service answered on the session D-Bus",
        "was NOT stored",
        "gnome-keyring",
        "KeePassXC",
        "VERDICT_SECRET_WP_MAIN",
    ] {
        assert!(message.contains(needle), "{needle:?} not in: {message}");
    }
    assert_no_secret(&err, WP_SECRET);

    // get: the environment variable.
    assert_eq!(env_var_name("wp-main"), "VERDICT_SECRET_WP_MAIN");
    assert_eq!(
        system.get("wp-main").unwrap().as_deref(),
        Some(ENV_SECRET),
        "falls back to VERDICT_SECRET_WP_MAIN"
    );
    // … and without one, the NoKeyring error says what to do.
    let err = system.get("api-prod").unwrap_err();
    assert!(
        matches!(
            err,
            SecretError::NoKeyring {
                action: SecretAction::Read,
                ..
            }
        ),
        "{err:?}"
    );
    assert!(err.to_string().contains("VERDICT_SECRET_API_PROD"), "{err}");

    // delete: nothing could be reached either.
    assert!(matches!(
        system.delete("wp-main"),
        Err(SecretError::NoKeyring {
            action: SecretAction::Delete,
            ..
        })
    ));

    // The keyring alone says the same, also from inside a runtime, without panicking.
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let err = rt
        .block_on(async { Keyring::new().set("api-prod", API_SECRET) })
        .unwrap_err();
    assert!(matches!(err, SecretError::NoKeyring { .. }), "{err:?}");
    assert_no_secret(&err, API_SECRET);

    // EnvSecrets on its own: reads, never stores.
    let env = EnvSecrets::new();
    assert_eq!(env.get("wp-main").unwrap().as_deref(), Some(ENV_SECRET));
    assert_eq!(env.get("api-prod").unwrap(), None);
    let err = env.set("api-prod", API_SECRET).unwrap_err();
    assert!(matches!(err, SecretError::NoKeyring { .. }), "{err:?}");
    assert!(err.to_string().contains("was NOT stored"), "{err}");
    assert_no_secret(&err, API_SECRET);
    env.delete("api-prod").unwrap();

    let err = SystemSecrets::new().get("").unwrap_err();
    assert!(matches!(err, SecretError::InvalidTarget { .. }), "{err:?}");
}

#[test]
fn missing_provider_is_a_clear_failure() {
    // The support panics (never skips) when a program is missing: one not on the list of
    // programs that setup installs is refused, naming the list.
    let panic = std::panic::catch_unwind(|| secret_service::require("no-such-program-vd"))
        .expect_err("a missing program must fail");
    let message = panic.downcast_ref::<String>().cloned().unwrap_or_default();
    assert!(message.contains(".ci/programs"), "{message}");
}
