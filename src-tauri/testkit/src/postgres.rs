//! A private PostgreSQL cluster for tests: Debian's `initdb` into a temporary folder,
//! listening on 127.0.0.1 (a free port) and a socket in that folder only, stopped and
//! removed when dropped. As root (CI) the server runs as `nobody`, since PostgreSQL refuses
//! to run as root.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use crate::program;

/// The superuser's name and password (SCRAM over TCP; trust over the private socket).
pub const SUPERUSER: &str = "postgres";
pub const SUPERUSER_PASSWORD: &str = "verdict-test-superuser";

pub struct PgCluster {
    dir: tempfile::TempDir,
    port: u16,
    /// `nobody`'s uid and gid when we are root.
    run_as: Option<(u32, u32)>,
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port on 127.0.0.1")
}

fn is_root() -> bool {
    std::fs::metadata("/proc/self")
        .map(|m| std::os::unix::fs::MetadataExt::uid(&m) == 0)
        .unwrap_or(false)
}

/// `name`'s uid and gid from /etc/passwd.
fn user_ids(name: &str) -> Option<(u32, u32)> {
    let passwd = std::fs::read_to_string("/etc/passwd").ok()?;
    passwd.lines().find_map(|line| {
        let f: Vec<&str> = line.split(':').collect();
        (f.first() == Some(&name)).then(|| Some((f[2].parse().ok()?, f[3].parse().ok()?)))?
    })
}

impl PgCluster {
    /// Creates and starts a cluster; panics with the server's log when it cannot.
    pub fn start() -> PgCluster {
        let dir = tempfile::Builder::new()
            .prefix("vd-pg")
            .tempdir()
            .expect("a temporary folder for the cluster");
        let run_as = if is_root() {
            Some(user_ids("nobody").expect("the user `nobody` (PostgreSQL does not run as root)"))
        } else {
            None
        };
        let pwfile = dir.path().join("pwfile");
        std::fs::write(&pwfile, SUPERUSER_PASSWORD).unwrap();
        if let Some((uid, gid)) = run_as {
            std::os::unix::fs::chown(dir.path(), Some(uid), Some(gid)).unwrap();
            std::os::unix::fs::chown(&pwfile, Some(uid), Some(gid)).unwrap();
        }
        let cluster = PgCluster {
            port: free_port(),
            dir,
            run_as,
        };
        let out = cluster
            .as_server(&program("initdb"))
            .arg("-D")
            .arg(cluster.data())
            .args([
                "-U",
                SUPERUSER,
                "--auth-local=trust",
                "--auth-host=scram-sha-256",
            ])
            .arg(format!("--pwfile={}", pwfile.display()))
            .args(["-E", "UTF8", "--no-locale", "--no-sync"])
            .output()
            .expect("run initdb");
        assert!(
            out.status.success(),
            "initdb failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        cluster.start_server();
        cluster
    }

    fn data(&self) -> PathBuf {
        self.dir.path().join("data")
    }

    fn log(&self) -> PathBuf {
        self.dir.path().join("server.log")
    }

    /// A command run as the server's user.
    fn as_server(&self, prog: &Path) -> Command {
        let mut cmd = match self.run_as {
            Some(_) => {
                let mut c = Command::new(program("setpriv"));
                c.args(["--reuid=nobody", "--regid=nogroup", "--clear-groups"])
                    .arg(prog);
                c
            }
            None => Command::new(prog),
        };
        cmd.stdin(Stdio::null()).env("LC_ALL", "C");
        cmd
    }

    /// (Re)starts the server; waits until it accepts connections.
    pub fn start_server(&self) {
        let options = format!(
            "-c listen_addresses=127.0.0.1 -p {} -k {} -c fsync=off -c full_page_writes=off \
             -c max_connections=200 -c shared_buffers=32MB",
            self.port,
            self.dir.path().display()
        );
        let out = self
            .as_server(&program("pg_ctl"))
            .arg("-D")
            .arg(self.data())
            .arg("-l")
            .arg(self.log())
            .args(["-o", &options, "-w", "-t", "60", "start"])
            .output()
            .expect("run pg_ctl start");
        assert!(
            out.status.success(),
            "the test cluster did not start: {}\n{}",
            String::from_utf8_lossy(&out.stderr),
            std::fs::read_to_string(self.log()).unwrap_or_default()
        );
    }

    /// Stops the server (fast shutdown: connections are closed, nothing is lost).
    pub fn stop_server(&self) {
        let _ = self
            .as_server(&program("pg_ctl"))
            .arg("-D")
            .arg(self.data())
            .args(["-m", "fast", "-w", "-t", "60", "stop"])
            .output();
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    /// The address of `database` as `user`, without a password.
    pub fn url(&self, user: &str, database: &str) -> String {
        format!("postgres://{user}@127.0.0.1:{}/{database}", self.port)
    }

    /// Runs SQL as the superuser over the private socket; panics when psql fails.
    pub fn psql(&self, database: &str, sql: &str) -> String {
        let out = self.try_psql(database, sql);
        assert!(
            out.status.success(),
            "psql failed on {sql:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).trim().to_string()
    }

    pub fn try_psql(&self, database: &str, sql: &str) -> Output {
        Command::new(program("psql"))
            .args(["-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1"])
            .arg("-h")
            .arg(self.dir.path())
            .args([
                "-p",
                &self.port.to_string(),
                "-U",
                SUPERUSER,
                "-d",
                database,
                "-c",
                sql,
            ])
            .stdin(Stdio::null())
            .output()
            .expect("run psql")
    }

    /// Creates a database (for one team).
    pub fn create_database(&self, name: &str) {
        self.psql("postgres", &format!("CREATE DATABASE \"{name}\""));
    }

    /// Turns TLS on with a certificate for 127.0.0.1 issued by a test authority that no
    /// system trusts (`tls/` in this crate: its issuer is [`TLS_TEST_ISSUER`]).
    pub fn enable_untrusted_tls(&self) {
        let (cert, key) = (
            self.dir.path().join("server.pem"),
            self.dir.path().join("server.key"),
        );
        std::fs::write(&cert, include_str!("../tls/server.pem")).unwrap();
        std::fs::write(&key, include_str!("../tls/server.key")).unwrap();
        // PostgreSQL refuses a key others can read.
        std::fs::set_permissions(&key, std::os::unix::fs::PermissionsExt::from_mode(0o600))
            .unwrap();
        if let Some((uid, gid)) = self.run_as {
            for f in [&cert, &key] {
                std::os::unix::fs::chown(f, Some(uid), Some(gid)).unwrap();
            }
        }
        // One statement a call: ALTER SYSTEM does not run inside a transaction block.
        for sql in [
            format!("ALTER SYSTEM SET ssl_cert_file = '{}'", cert.display()),
            format!("ALTER SYSTEM SET ssl_key_file = '{}'", key.display()),
            "ALTER SYSTEM SET ssl = on".to_string(),
        ] {
            self.psql("postgres", &sql);
        }
        self.psql("postgres", "SELECT pg_reload_conf()");
        // The reload is asynchronous: wait until the server says TLS is on.
        for _ in 0..100 {
            if self.psql("postgres", "SHOW ssl") == "on" {
                return;
            }
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
        panic!(
            "TLS did not come on: {}",
            std::fs::read_to_string(self.log()).unwrap_or_default()
        );
    }
}

/// The issuer of the certificate [`PgCluster::enable_untrusted_tls`] gives the server.
pub const TLS_TEST_ISSUER: &str = "Verdict Desk test CA (not trusted)";

impl Drop for PgCluster {
    fn drop(&mut self) {
        let _ = self
            .as_server(&program("pg_ctl"))
            .arg("-D")
            .arg(self.data())
            .args(["-m", "immediate", "-w", "-t", "30", "stop"])
            .output();
    }
}
