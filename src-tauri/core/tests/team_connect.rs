//! What a desk meets at the team server's door: a bad password, an address holding one, an
//! unreachable or unreadable server and a schema from the future are named and change
//! nothing; `init` brings a team made by an earlier version up to date.

use verdict_core::secrets::MemorySecrets;
use verdict_core::team::server::Server;
use verdict_core::team::TeamError;
use verdict_core::Desk;
use verdict_testkit::postgres::{PgCluster, SUPERUSER, SUPERUSER_PASSWORD};

#[path = "support/team.rs"]
mod team_support;
use team_support::{export, runtime, Team};

#[test]
fn bad_passwords_unreachable_servers_and_schemas_from_the_future_are_named_and_change_nothing() {
    let team = Team::start(&[("ines", &["editor"], None)]);
    let dir = tempfile::tempdir().unwrap();
    let desk = Desk::open(dir.path()).unwrap();
    desk.seed_sample_if_empty().unwrap();
    let before = export(&desk);
    let secrets = MemorySecrets::new();

    let err = team
        .rt
        .block_on(desk.team_join(&team.url(), "ines", "wrong", true, &secrets))
        .unwrap_err();
    assert!(matches!(err, TeamError::WrongPassword { .. }), "{err}");
    assert!(err.to_string().contains("password"), "{err}");

    let err = team
        .rt
        .block_on(desk.team_join(&team.url(), "nobody-here", "x", true, &secrets))
        .unwrap_err();
    assert!(
        matches!(
            err,
            TeamError::WrongPassword { .. } | TeamError::NotMember { .. }
        ),
        "{err}"
    );

    let closed = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let err = team
        .rt
        .block_on(desk.team_join(
            &format!("postgres://127.0.0.1:{closed}/team"),
            "ines",
            "ines-pw",
            true,
            &secrets,
        ))
        .unwrap_err();
    assert!(matches!(err, TeamError::Unreachable { .. }), "{err}");
    assert!(err.to_string().contains(&closed.to_string()), "{err}");

    let err = team
        .rt
        .block_on(desk.team_join(
            &format!("postgres://ines:secret@127.0.0.1:{}/team", team.pg.port()),
            "ines",
            "ines-pw",
            true,
            &secrets,
        ))
        .unwrap_err();
    assert!(matches!(err, TeamError::PasswordInAddress), "{err}");

    team.pg.psql(
        "team",
        "UPDATE verdict.meta SET value = '99' WHERE key = 'schema_version'",
    );
    let err = team
        .rt
        .block_on(desk.team_join(&team.url(), "ines", "ines-pw", true, &secrets))
        .unwrap_err();
    assert!(
        matches!(err, TeamError::SchemaTooNew { found: 99, .. }),
        "{err}"
    );
    assert!(err.to_string().contains("update Verdict Desk"), "{err}");
    assert!(desk.team_link().unwrap().is_none());
    assert_eq!(export(&desk), before);

    // Joined, then the server goes away or sends what cannot be read: nothing changes here.
    team.pg.psql(
        "team",
        "UPDATE verdict.meta SET value = '1' WHERE key = 'schema_version'",
    );
    team.rt
        .block_on(desk.team_join(&team.url(), "ines", "ines-pw", true, &secrets))
        .unwrap();
    let joined = export(&desk);
    let cursor = desk.team_link().unwrap().unwrap().cursor;
    team.pg.psql(
        "team",
        "ALTER TABLE verdict.changes DISABLE TRIGGER changes_append_only;
         INSERT INTO verdict.changes (change_id, desk, kind, key, fields, base, author)
           VALUES (gen_random_uuid(), gen_random_uuid(), 'tool', 'x', '[1, 2]', 0, 'ines');",
    );
    let err = team
        .rt
        .block_on(desk.team_sync(&secrets, |_| {}))
        .unwrap_err();
    assert!(matches!(err, TeamError::BadReply(_)), "{err}");
    assert_eq!(export(&desk), joined);
    assert_eq!(desk.team_link().unwrap().unwrap().cursor, cursor);

    team.pg.stop_server();
    let err = team
        .rt
        .block_on(desk.team_sync(&secrets, |_| {}))
        .unwrap_err();
    assert!(matches!(err, TeamError::Unreachable { .. }), "{err}");
    assert_eq!(export(&desk), joined);
    team.pg.start_server();
}

#[test]
fn init_brings_a_team_made_by_an_earlier_version_up_to_date() {
    let pg = PgCluster::start();
    pg.create_database("team");
    let rt = runtime();
    rt.block_on(async {
        let mut admin = Server::connect(&pg.url(SUPERUSER, "team"), None, SUPERUSER_PASSWORD)
            .await
            .unwrap();
        assert_eq!(admin.init_up_to(1).await.unwrap(), 1);
        admin
            .add_member("ines", "Ines", &["editor".into()], None, "ines-pw")
            .await
            .unwrap();
    });
    assert_eq!(
        pg.psql(
            "team",
            "SELECT value FROM verdict.meta WHERE key = 'schema_version'"
        ),
        "1"
    );
    assert!(!pg
        .try_psql("team", "SELECT 1 FROM verdict.targets")
        .status
        .success());
    let version = rt.block_on(async {
        let mut admin = Server::connect(&pg.url(SUPERUSER, "team"), None, SUPERUSER_PASSWORD)
            .await
            .unwrap();
        admin.init().await.unwrap()
    });
    assert_eq!(version, verdict_core::team::TEAM_SCHEMA_VERSION);
    assert_eq!(
        pg.psql(
            "team",
            "SELECT value FROM verdict.meta WHERE key = 'schema_version'"
        ),
        version.to_string()
    );
    assert_eq!(pg.psql("team", "SELECT count(*) FROM verdict.targets"), "0");
    // Members and their content made before stay.
    assert_eq!(pg.psql("team", "SELECT login FROM verdict.members"), "ines");
}
