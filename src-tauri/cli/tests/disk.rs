//! Disk trouble through the `verdict` binary: a write that runs out of room and a data folder
//! that cannot be written. Either way the command must fail with a clear message and a
//! non-zero exit, and the database must still open, pass `PRAGMA integrity_check`, and hold
//! exactly what it held before.
//!
//! "Out of room" is a per-process file-size limit (RLIMIT_FSIZE via bash's `ulimit -f`, with
//! SIGXFSZ ignored so an over-long write fails with EFBIG instead of killing the process): it
//! needs no privileges. Where mounting is allowed (root with CAP_SYS_ADMIN, as in CI) a real
//! full file system (a 1 MiB tmpfs) is tried as well. A read-only folder is `chmod 555` with
//! `444` files; permission bits do not stop root, so as root the command runs as `nobody`
//! through `setpriv` (util-linux).

use std::path::{Path, PathBuf};
use std::process::Command as StdCommand;

use assert_cmd::Command;

fn bin() -> PathBuf {
    assert_cmd::cargo::cargo_bin("verdict")
}

fn verdict(dir: &Path) -> Command {
    let mut cmd = Command::new(bin());
    cmd.env("VERDICT_DATA_DIR", dir).env_remove("VERDICT_LOG");
    cmd
}

/// `verdict` with every file it writes capped at `kib` KiB. An ignored signal stays ignored
/// across exec, so the capped process gets EFBIG rather than SIGXFSZ.
fn verdict_capped(dir: &Path, kib: u64) -> Command {
    let mut cmd = Command::new("bash");
    cmd.arg("-c")
        .arg(r#"trap '' XFSZ; ulimit -f "$1" || exit 99; shift; exec "$@""#)
        .arg("verdict-capped")
        .arg(kib.to_string())
        .arg(bin())
        .env("VERDICT_DATA_DIR", dir)
        .env_remove("VERDICT_LOG");
    cmd
}

/// Everything the desk holds, as `verdict export -` prints it.
fn export(dir: &Path) -> String {
    let out = verdict(dir).args(["export", "-"]).output().unwrap();
    assert!(
        out.status.success(),
        "export failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// `PRAGMA integrity_check` on the desk's database, opened directly.
fn integrity(dir: &Path) -> String {
    let db = rusqlite::Connection::open(dir.join("verdict.db")).unwrap();
    db.query_row("PRAGMA integrity_check", [], |r| r.get::<_, String>(0))
        .unwrap()
}

/// A bundle several MB long (about 1.5 MB of JSON, several MB once stored), made with
/// `verdict generate` in a desk of its own and exported.
fn big_bundle(files: &Path) -> PathBuf {
    let source = files.join("source");
    verdict(&source)
        .args([
            "generate",
            "--tools",
            "150",
            "--comparisons",
            "600",
            "--reviewers",
            "8",
        ])
        .assert()
        .success();
    let bundle = files.join("big.json");
    verdict(&source)
        .arg("export")
        .arg(&bundle)
        .assert()
        .success();
    let len = std::fs::metadata(&bundle).unwrap().len();
    assert!(len > 1_000_000, "the big bundle is only {len} bytes");
    bundle
}

fn sample_desk(dir: &Path) {
    verdict(dir).args(["init", "--sample"]).assert().success();
}

/// The names and bytes of every file in the folder.
fn snapshot(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let e = e.unwrap();
            (
                e.file_name().to_string_lossy().into_owned(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect();
    files.sort();
    files
}

fn stderr_of(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn an_import_that_outgrows_the_file_size_limit_changes_nothing() {
    let files = tempfile::tempdir().unwrap();
    let bundle = big_bundle(files.path());
    let desk = files.path().join("desk");
    sample_desk(&desk);
    let before = export(&desk);
    // The sample desk's file is ~230 KB; 512 KiB leaves room to open it, not to take the bundle.
    let out = verdict_capped(&desk, 512)
        .args(["import", "--replace"])
        .arg(&bundle)
        .output()
        .unwrap();
    let stderr = stderr_of(&out);
    eprintln!("capped import said: {stderr}");
    assert_eq!(
        out.status.code(),
        Some(1),
        "the import was not refused cleanly (a signal, a panic or a success?): {stderr}"
    );
    assert!(stderr.starts_with("error: "), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    // SQLite reports EFBIG as an I/O error; the message must say the write failed.
    assert!(
        stderr.contains("disk I/O error") || stderr.contains("full"),
        "{stderr}"
    );
    assert_eq!(integrity(&desk), "ok");
    assert_eq!(export(&desk), before, "the refused import changed the desk");
    // Without the cap the same import lands: the limit, not the bundle, was the problem.
    verdict(&desk)
        .args(["import", "--replace"])
        .arg(&bundle)
        .assert()
        .success()
        .stdout(predicates::str::contains("created"));
    assert_ne!(export(&desk), before);
    assert_eq!(integrity(&desk), "ok");
}

#[test]
fn an_export_that_outgrows_the_file_size_limit_keeps_the_old_file() {
    let files = tempfile::tempdir().unwrap();
    let bundle = big_bundle(files.path());
    let desk = files.path().join("desk");
    verdict(&desk).arg("import").arg(&bundle).assert().success();
    let out_dir = files.path().join("out");
    std::fs::create_dir(&out_dir).unwrap();
    let target = out_dir.join("export.json");
    std::fs::write(&target, "the previous export\n").unwrap();
    let before = export(&desk);
    let out = verdict_capped(&desk, 512)
        .arg("export")
        .arg(&target)
        .output()
        .unwrap();
    let stderr = stderr_of(&out);
    eprintln!("capped export said: {stderr}");
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    // The message names the file it could not write.
    assert!(stderr.contains(&target.display().to_string()), "{stderr}");
    assert_eq!(
        std::fs::read_to_string(&target).unwrap(),
        "the previous export\n"
    );
    let left: Vec<_> = std::fs::read_dir(&out_dir)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(left.len(), 1, "a temporary file was left behind: {left:?}");
    assert_eq!(export(&desk), before);
}

/// The error a full disk gives says which database could not be written, so a person knows
/// which disk to clear (it used to be SQLite's bare "disk I/O error", naming no file).
#[test]
fn a_full_disk_message_names_the_database() {
    let files = tempfile::tempdir().unwrap();
    let bundle = big_bundle(files.path());
    let desk = files.path().join("desk");
    sample_desk(&desk);
    let out = verdict_capped(&desk, 512)
        .args(["import", "--replace"])
        .arg(&bundle)
        .output()
        .unwrap();
    let stderr = stderr_of(&out);
    assert!(!out.status.success());
    assert!(
        stderr.contains(&desk.display().to_string()),
        "the message does not name the data folder: {stderr}"
    );
}

/// A tmpfs of `size`, unmounted when dropped; `None` where mounting is not allowed.
struct Tmpfs(PathBuf);

impl Tmpfs {
    fn mount(at: &Path, size: &str) -> Option<Tmpfs> {
        std::fs::create_dir_all(at).unwrap();
        let ok = StdCommand::new(verdict_testkit::program("mount"))
            .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
            .arg(at)
            .output()
            .is_ok_and(|o| o.status.success());
        ok.then(|| Tmpfs(at.to_path_buf()))
    }
}

impl Drop for Tmpfs {
    fn drop(&mut self) {
        let _ = StdCommand::new(verdict_testkit::program("umount"))
            .arg(&self.0)
            .status();
    }
}

#[test]
fn an_import_onto_a_full_file_system_changes_nothing() {
    let files = tempfile::tempdir().unwrap();
    let Some(fs) = Tmpfs::mount(&files.path().join("mnt"), "1m") else {
        println!(
            "skipped: mounting a tmpfs is not allowed here (needs root with CAP_SYS_ADMIN); \
             the file-size-limit test covers the same path"
        );
        return;
    };
    let bundle = big_bundle(files.path());
    let desk = fs.0.join("desk");
    sample_desk(&desk);
    let before = export(&desk);
    let out = verdict(&desk)
        .args(["import", "--replace"])
        .arg(&bundle)
        .output()
        .unwrap();
    let stderr = stderr_of(&out);
    eprintln!("import onto a full disk said: {stderr}");
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("the disk is full"), "{stderr}");
    assert_eq!(integrity(&desk), "ok");
    assert_eq!(export(&desk), before);
    drop(fs);
}

fn is_root() -> bool {
    StdCommand::new(verdict_testkit::program("id"))
        .arg("-u")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
}

/// Runs `verdict` on `dir` as a user the permission bits apply to: ourselves, or as root the
/// `nobody` user through setpriv. `Err` with the reason when neither is possible.
fn verdict_unprivileged(dir: &Path) -> Result<Command, String> {
    if !is_root() {
        return Ok(verdict(dir));
    }
    let works = StdCommand::new(verdict_testkit::program("setpriv"))
        .args(["--reuid=nobody", "--regid=nogroup", "--clear-groups"])
        .arg(bin())
        .arg("--help")
        .output()
        .is_ok_and(|o| o.status.success());
    if !works {
        return Err(
            "running as root, and setpriv cannot run the verdict binary as \
             nobody:nogroup (util-linux missing, no such user, or the build folder is closed \
             to other users); root ignores permission bits"
                .into(),
        );
    }
    let mut cmd = Command::new(verdict_testkit::program("setpriv"));
    cmd.args(["--reuid=nobody", "--regid=nogroup", "--clear-groups"])
        .arg(bin())
        .env("VERDICT_DATA_DIR", dir)
        .env_remove("VERDICT_LOG");
    Ok(cmd)
}

#[cfg(unix)]
fn chmod(path: &Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
}

/// A sample desk in a folder made read-only (555, files 444), inside a temporary folder that
/// `nobody` may enter; also a bundle it may read. What the desk held is kept from before.
struct ReadOnlyDesk {
    _root: tempfile::TempDir,
    desk: PathBuf,
    bundle: PathBuf,
    before: String,
}

impl ReadOnlyDesk {
    fn new() -> ReadOnlyDesk {
        let root = tempfile::tempdir().unwrap();
        chmod(root.path(), 0o755);
        let desk = root.path().join("desk");
        sample_desk(&desk);
        let before = export(&desk);
        let bundle = root.path().join("sample.json");
        std::fs::write(
            &bundle,
            include_str!("../../../data/sample/bundle.json").replace(
                "\"site_name\": \"Verdict Desk Weekly\"",
                "\"site_name\": \"Renamed Weekly\"",
            ),
        )
        .unwrap();
        chmod(&bundle, 0o444);
        for e in std::fs::read_dir(&desk).unwrap() {
            chmod(&e.unwrap().path(), 0o444);
        }
        chmod(&desk, 0o555);
        ReadOnlyDesk {
            _root: root,
            desk,
            bundle,
            before,
        }
    }

    fn make_writable(&self) {
        chmod(&self.desk, 0o755);
        if let Ok(entries) = std::fs::read_dir(&self.desk) {
            for e in entries.flatten() {
                chmod(&e.path(), 0o644);
            }
        }
    }
}

impl Drop for ReadOnlyDesk {
    fn drop(&mut self) {
        // Writable again, so the temporary folder can be removed when not running as root.
        self.make_writable();
    }
}

#[test]
fn write_commands_on_a_read_only_folder_fail_and_change_nothing() {
    let ro = ReadOnlyDesk::new();
    let before_files = snapshot(&ro.desk);
    let bundle = ro.bundle.display().to_string();
    let commands: [&[&str]; 3] = [
        &["import", "--replace", &bundle],
        &[
            "generate",
            "--tools",
            "3",
            "--comparisons",
            "1",
            "--reviewers",
            "1",
        ],
        &["backup"],
    ];
    for args in commands {
        let mut cmd = match verdict_unprivileged(&ro.desk) {
            Ok(cmd) => cmd,
            Err(reason) => {
                println!("skipped: {reason}");
                return;
            }
        };
        let out = cmd.args(args).output().unwrap();
        let stderr = stderr_of(&out);
        eprintln!("verdict {} on a read-only folder said: {stderr}", args[0]);
        assert_eq!(out.status.code(), Some(1), "{args:?}: {stderr}");
        assert!(stderr.starts_with("error: "), "{stderr}");
        assert!(!stderr.contains("panicked"), "{stderr}");
        assert!(stderr.contains("read-only"), "{args:?}: {stderr}");
        assert_eq!(
            snapshot(&ro.desk),
            before_files,
            "verdict {} changed the read-only folder",
            args[0]
        );
    }
    ro.make_writable();
    assert_eq!(export(&ro.desk), ro.before);
    assert_eq!(integrity(&ro.desk), "ok");
}

/// A write refused for lack of permission names the folder (or file) that is read-only, so a
/// person knows what to fix (it used to be SQLite's bare "attempt to write a readonly
/// database").
#[test]
fn a_read_only_folder_message_names_the_folder() {
    let ro = ReadOnlyDesk::new();
    let mut cmd = match verdict_unprivileged(&ro.desk) {
        Ok(cmd) => cmd,
        Err(reason) => {
            println!("skipped: {reason}");
            return;
        }
    };
    let out = cmd
        .args(["import", "--replace"])
        .arg(&ro.bundle)
        .output()
        .unwrap();
    let stderr = stderr_of(&out);
    assert!(!out.status.success());
    assert!(
        stderr.contains(&ro.desk.display().to_string()),
        "the message does not name the data folder: {stderr}"
    );
}
