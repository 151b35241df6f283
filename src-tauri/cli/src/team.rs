//! The team commands: init a team server, members, join, sync, status, conflicts, leave.
//! Passwords never on the command line: `--password-env VAR` names a variable read once.

use clap::Subcommand;
use verdict_core::team::{self, Resolution, Server, TeamError};
use verdict_core::Desk;

use super::publishing::runtime;
use super::Failure;

#[derive(Subcommand)]
pub enum TeamCommand {
    /// Create the team on a PostgreSQL server (its schema and group roles), or bring it up to
    /// this version. URL names a role that may create roles, e.g. postgres://admin@host/team.
    Init {
        url: String,
        /// The environment variable holding that role's password.
        #[arg(long, value_name = "VAR")]
        password_env: String,
    },
    /// Add a member (an admin's step): a login with roles; prints a generated password once
    /// unless --password-env names one.
    AddMember {
        /// The login, e.g. "ines" (lower-case letters, digits, single hyphens).
        name: String,
        #[arg(long = "role", value_enum, required = true)]
        roles: Vec<RoleArg>,
        /// The reviewer a reviewer member writes verdicts as (its slug).
        #[arg(long, value_name = "SLUG")]
        reviewer: Option<String>,
        /// The name shown to others (default: the login).
        #[arg(long)]
        display_name: Option<String>,
        /// The environment variable holding the new member's password.
        #[arg(long, value_name = "VAR")]
        password_env: Option<String>,
        /// Act as this admin address instead of this desk's member (e.g. the role that ran init).
        #[arg(long, value_name = "URL", requires = "admin_password_env")]
        admin_url: Option<String>,
        /// The environment variable holding the admin's password.
        #[arg(long, value_name = "VAR")]
        admin_password_env: Option<String>,
    },
    /// Disable a member: their login stops working; their work stays.
    DisableMember {
        name: String,
        #[arg(long, value_name = "URL", requires = "admin_password_env")]
        admin_url: Option<String>,
        #[arg(long, value_name = "VAR")]
        admin_password_env: Option<String>,
    },
    /// List the team's members and their roles.
    Members,
    /// Join the team at URL as USER: the password goes to the system keyring (where none
    /// runs, give it at run time in VERDICT_TEAM_PASSWORD). The desk then holds the team's
    /// content; its own is backed up first.
    Join {
        url: String,
        #[arg(long)]
        user: String,
        /// The environment variable holding the member's password.
        #[arg(long, value_name = "VAR")]
        password_env: String,
        /// Give an empty team this desk's content (an editor's step).
        #[arg(long)]
        seed: bool,
    },
    /// Sign in again with a new password (the admin changed it, or it was mistyped at join):
    /// tried on the server first, then kept in the system keyring.
    SignIn {
        /// The environment variable holding the member's password.
        #[arg(long, value_name = "VAR")]
        password_env: String,
    },
    /// The team this desk is on, changes waiting, open conflicts, and whether the server
    /// takes this desk's password.
    Status {
        #[arg(long)]
        json: bool,
    },
    /// Fields changed here and on another desk, with both values and authors.
    Conflicts {
        #[arg(long)]
        json: bool,
    },
    /// Settle a conflict with this desk's value, the other desk's, or another (JSON) value.
    Resolve {
        id: i64,
        #[arg(long, group = "how")]
        mine: bool,
        #[arg(long, group = "how")]
        theirs: bool,
        /// A JSON value, e.g. '"A new tagline"'.
        #[arg(long, group = "how", value_name = "JSON")]
        value: Option<String>,
    },
    /// Leave the team: the desk keeps its content and works alone again.
    Leave {
        /// Drop changes that have not reached the team yet.
        #[arg(long)]
        discard: bool,
    },
}

#[derive(Clone, Copy, clap::ValueEnum)]
pub enum RoleArg {
    Editor,
    Reviewer,
    Publisher,
    Admin,
}

impl RoleArg {
    fn name(self) -> &'static str {
        match self {
            RoleArg::Editor => "editor",
            RoleArg::Reviewer => "reviewer",
            RoleArg::Publisher => "publisher",
            RoleArg::Admin => "admin",
        }
    }
}

/// Reads a password from the environment variable `var`, once.
fn password_from(var: &str) -> Result<String, Failure> {
    match std::env::var(var) {
        Ok(p) if !p.is_empty() => Ok(p),
        _ => Err(Failure(format!(
            "the environment variable {var} is not set: it should hold the password"
        ))),
    }
}

/// A team error, with how to give a password when that is what is missing or refused.
fn team_failure(e: TeamError) -> Failure {
    match e {
        TeamError::WrongPassword { .. } | TeamError::NoPassword { .. } => Failure(format!(
            "{e}. Give the password with `verdict team sign-in --password-env VAR` (it is \
             tried, then kept in the system keyring), or in {} for each run where no keyring \
             runs",
            team::PASSWORD_ENV
        )),
        other => other.into(),
    }
}

/// The admin's connection: the given address, or this desk's member.
async fn admin(
    desk: &Desk,
    url: Option<&str>,
    password_env: Option<&str>,
) -> Result<Server, Failure> {
    match (url, password_env) {
        (Some(url), Some(var)) => Ok(Server::connect(url, None, &password_from(var)?).await?),
        _ => {
            let secrets = verdict_core::secrets::system_secrets();
            Ok(desk
                .team_server(secrets.as_ref())
                .await
                .map_err(team_failure)?
                .0)
        }
    }
}

fn print_report(report: &team::SyncReport) {
    println!(
        "synced: {} pushed, {} pulled, {} conflict(s), {} refused",
        report.pushed,
        report.pulled,
        report.conflicts,
        report.refused.len()
    );
    for r in &report.refused {
        println!("refused by the team: {r}");
    }
    for r in &report.set_aside {
        println!("not taken: {r}");
    }
    if report.conflicts > 0 {
        println!("see them with `verdict team conflicts`, settle with `verdict team resolve`");
    }
}

/// One sync; with `watch`, one whenever the team's log moves or `every` seconds pass, until
/// interrupted (errors are printed and retried).
pub fn sync(desk: &Desk, watch: bool, every: u64) -> Result<(), Failure> {
    let secrets = verdict_core::secrets::system_secrets();
    let rt = runtime()?;
    if watch {
        rt.block_on(desk.team_watch(
            secrets.as_ref(),
            std::time::Duration::from_secs(every.max(1)),
            |round| {
                match round {
                    Ok(report) => print_report(&report),
                    Err(e) => eprintln!("sync failed (trying again): {}", team_failure(e).0),
                }
                std::ops::ControlFlow::Continue(())
            },
        ));
        return Ok(());
    }
    let report = rt
        .block_on(desk.team_sync(secrets.as_ref(), |p| {
            if p.done % 1000 == 0 {
                eprintln!("{}: {}", p.phase, p.done);
            }
        }))
        .map_err(team_failure)?;
    print_report(&report);
    refusals(&report)
}

/// A sync whose changes the team refused did not do what was asked: it fails, naming each
/// change and the server's reason (the desk already took the team's values back).
fn refusals(report: &team::SyncReport) -> Result<(), Failure> {
    match report.refused.len() {
        0 => Ok(()),
        n => Err(Failure(format!(
            "the team refused {n} change{} (this desk took the team's values back): {}",
            if n == 1 { "" } else { "s" },
            report.refused.join("; ")
        ))),
    }
}

pub fn run(desk: &Desk, action: TeamCommand) -> Result<(), Failure> {
    let rt = runtime()?;
    match action {
        TeamCommand::Init { url, password_env } => {
            let password = password_from(&password_env)?;
            let version = rt.block_on(async {
                let mut server = Server::connect(&url, None, &password).await?;
                server.init().await
            })?;
            println!("team ready at schema version {version}");
        }
        TeamCommand::AddMember {
            name,
            roles,
            reviewer,
            display_name,
            password_env,
            admin_url,
            admin_password_env,
        } => {
            let (password, generated) = match password_env {
                Some(var) => (password_from(&var)?, false),
                None => (team::generate_password(), true),
            };
            let roles: Vec<String> = roles.iter().map(|r| r.name().to_string()).collect();
            rt.block_on(async {
                let server =
                    admin(desk, admin_url.as_deref(), admin_password_env.as_deref()).await?;
                server
                    .add_member(
                        &name,
                        display_name.as_deref().unwrap_or(&name),
                        &roles,
                        reviewer.as_deref(),
                        &password,
                    )
                    .await?;
                Ok::<_, Failure>(())
            })?;
            println!("added {name} ({})", roles.join(", "));
            if generated {
                println!("password (shown once; give it to {name}): {password}");
            }
        }
        TeamCommand::DisableMember {
            name,
            admin_url,
            admin_password_env,
        } => {
            rt.block_on(async {
                let server =
                    admin(desk, admin_url.as_deref(), admin_password_env.as_deref()).await?;
                server.disable_member(&name).await?;
                Ok::<_, Failure>(())
            })?;
            println!("disabled {name}");
        }
        TeamCommand::Members => {
            let members = rt.block_on(async {
                let server = admin(desk, None, None).await?;
                Ok::<_, Failure>(server.members().await?)
            })?;
            for m in members {
                println!(
                    "{}\t{}\t{}{}{}",
                    m.login,
                    m.display_name,
                    m.roles.join(","),
                    m.reviewer
                        .map(|r| format!("\treviewer {r}"))
                        .unwrap_or_default(),
                    if m.disabled { "\tdisabled" } else { "" }
                );
            }
        }
        TeamCommand::Join {
            url,
            user,
            password_env,
            seed,
        } => {
            let password = password_from(&password_env)?;
            let secrets = verdict_core::secrets::system_secrets();
            let report =
                rt.block_on(desk.team_join(&url, &user, &password, seed, secrets.as_ref()))?;
            println!(
                "joined as {} ({}); this desk holds the team's {} entities{}",
                report.member.login,
                report.member.roles.join(", "),
                report.entities,
                if report.seeded > 0 {
                    format!(", {} of them from this desk", report.seeded)
                } else {
                    String::new()
                }
            );
            if let Some(backup) = report.backup {
                println!("this desk's own content was backed up to {backup}");
            }
            if !report.password_in_keyring {
                println!(
                    "no system keyring here: the password was not stored; give it in {} \
                     when you sync",
                    team::PASSWORD_ENV
                );
            }
        }
        TeamCommand::SignIn { password_env } => {
            let password = password_from(&password_env)?;
            let secrets = verdict_core::secrets::system_secrets();
            let report = rt
                .block_on(desk.team_sign_in(secrets.as_ref(), &password))
                .map_err(team_failure)?;
            if report.password_in_keyring {
                println!(
                    "signed in as {}; the password is in the system keyring",
                    report.user
                );
            } else {
                println!(
                    "the server took the password of {}, but no system keyring runs here, so \
                     it was not stored: give it in {} when you sync",
                    report.user,
                    team::PASSWORD_ENV
                );
            }
        }
        TeamCommand::Status { json } => {
            let status = desk.team_status()?;
            let sign_in = match &status.link {
                None => None,
                Some(_) => {
                    let secrets = verdict_core::secrets::system_secrets();
                    Some(
                        rt.block_on(desk.team_check_sign_in(secrets.as_ref()))
                            .map_err(team_failure),
                    )
                }
            };
            if json {
                let mut value = serde_json::to_value(&status)?;
                if let Some(check) = &sign_in {
                    value["signed_in"] = check.is_ok().into();
                    value["problem"] = check.as_ref().err().map(|f| f.0.clone()).into();
                }
                println!("{}", serde_json::to_string_pretty(&value)?);
            } else {
                match &status.link {
                    None => println!("not on a team (this desk works alone)"),
                    Some(link) => {
                        println!(
                            "team: {} as {} ({})",
                            link.url,
                            link.user,
                            link.roles.join(", ")
                        );
                        println!(
                            "last sync: {}",
                            link.synced_at.as_deref().unwrap_or("never")
                        );
                        println!("changes waiting: {}", status.pending);
                        println!("conflicts: {}", status.conflicts);
                        match &sign_in {
                            Some(Ok(member)) => println!(
                                "server: signed in as {} ({})",
                                member.login,
                                member.roles.join(", ")
                            ),
                            Some(Err(why)) => println!("server: {}", why.0),
                            None => {}
                        }
                    }
                }
            }
        }
        TeamCommand::Conflicts { json } => {
            let conflicts = desk.team_conflicts()?;
            if json {
                println!("{}", serde_json::to_string_pretty(&conflicts)?);
            } else if conflicts.is_empty() {
                println!("no conflicts");
            } else {
                for c in conflicts {
                    println!(
                        "#{} {} \"{}\" {}: mine ({}) {} | theirs ({}) {}",
                        c.id,
                        c.kind.as_str(),
                        c.key,
                        c.field,
                        c.mine_author,
                        c.mine,
                        c.theirs_author,
                        c.theirs
                    );
                }
            }
        }
        TeamCommand::Resolve {
            id,
            mine,
            theirs,
            value,
        } => {
            let how = match (mine, theirs, value) {
                (true, _, _) => Resolution::Mine,
                (_, true, _) => Resolution::Theirs,
                (_, _, Some(v)) => Resolution::Value(serde_json::from_str(&v).map_err(|e| {
                    Failure(format!("--value must be JSON (e.g. '\"text\"'): {e}"))
                })?),
                _ => return Err(Failure("say how: --mine, --theirs or --value JSON".into())),
            };
            let c = desk.team_resolve(id, how)?;
            println!(
                "resolved #{id} ({} \"{}\" {}); it reaches the team with the next sync",
                c.kind.as_str(),
                c.key,
                c.field
            );
        }
        TeamCommand::Leave { discard } => {
            let secrets = verdict_core::secrets::system_secrets();
            let link = desk.team_leave(discard, secrets.as_ref())?;
            println!("left the team at {}; this desk works alone again", link.url);
        }
    }
    Ok(())
}
