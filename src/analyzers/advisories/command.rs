//! `aseptic db update|info`, and the one-time fetch a scan does when no database exists.
//!
//! Fetching uses the system `git` (as cargo-deny does, and as cargo-audit's default location
//! expects): no git library in the build, and the user's git configuration (proxies, CA bundles)
//! applies. A clone goes to a temporary sibling first and is renamed into place, so an
//! interrupted clone never leaves a half database behind. A plain snapshot directory (no `.git`)
//! is never touched by `update`.

use super::db;
use crate::cli::DbAction;
use std::path::{Path, PathBuf};
use std::process::Command;

pub const DB_URL: &str = "https://github.com/rustsec/advisory-db.git";

fn git(args: &[&str], dir: Option<&Path>) -> Result<(), String> {
    let mut cmd = Command::new("git");
    cmd.args(args).env("GIT_TERMINAL_PROMPT", "0");
    if let Some(d) = dir {
        cmd.current_dir(d);
    }
    let out = cmd
        .output()
        .map_err(|e| format!("cannot run git ({e}); install git or fetch the database by hand"))?;
    if out.status.success() {
        Ok(())
    } else {
        let err = String::from_utf8_lossy(&out.stderr);
        Err(format!(
            "`git {}` failed: {}",
            args.first().copied().unwrap_or(""),
            err.trim().lines().last().unwrap_or("unknown error")
        ))
    }
}

/// Clones the database into `dir` (which must not exist).
pub fn clone(dir: &Path) -> Result<(), String> {
    let parent = dir.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(parent)
        .map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
    let tmp = parent.join(format!(
        ".{}.tmp-{}",
        dir.file_name()
            .map(|f| f.to_string_lossy().into_owned())
            .unwrap_or_else(|| "advisory-db".into()),
        std::process::id()
    ));
    let _ = std::fs::remove_dir_all(&tmp);
    let tmp_s = tmp.to_string_lossy().into_owned();
    let r = git(&["clone", "--quiet", "--depth", "1", DB_URL, &tmp_s], None);
    if let Err(e) = r {
        let _ = std::fs::remove_dir_all(&tmp);
        return Err(e);
    }
    if let Err(e) = std::fs::rename(&tmp, dir) {
        let _ = std::fs::remove_dir_all(&tmp);
        // Another process may have won the race; that is fine when it left a database.
        if !db::looks_like_db(dir) {
            return Err(format!("cannot move the clone into {}: {e}", dir.display()));
        }
    }
    Ok(())
}

/// Clones when missing, fast-forwards a git clone, refuses to touch anything else.
pub fn update(dir: &Path) -> Result<&'static str, String> {
    if !dir.exists() {
        clone(dir)?;
        return Ok("cloned");
    }
    if dir.join(".git").exists() {
        git(&["pull", "--quiet", "--ff-only"], Some(dir))?;
        return Ok("updated");
    }
    Err(format!(
        "{} exists but is not a git clone (a plain snapshot?); update it the way it was made, \
         or remove it and run `aseptic db update` again",
        dir.display()
    ))
}

fn location(arg: &Option<PathBuf>) -> Result<PathBuf, String> {
    arg.clone().or_else(db::default_location).ok_or_else(|| {
        "cannot find a home directory for the default database location; pass --advisory-db DIR"
            .to_string()
    })
}

/// `aseptic db update|info`: 0 on success, 2 on any failure (the message says what to do).
pub fn db_command(action: &DbAction) -> std::io::Result<u8> {
    let (dir, update_first) = match action {
        DbAction::Update { offline: true, .. } => {
            eprintln!("error: `db update` needs the network and --offline forbids it");
            return Ok(2);
        }
        DbAction::Update {
            osv: true,
            osv_db,
            ecosystem,
            ..
        } => return super::osv::update::command(osv_db.as_deref(), ecosystem),
        DbAction::Update { advisory_db, .. } => (location(advisory_db), true),
        DbAction::Info { advisory_db } => (location(advisory_db), false),
    };
    let dir = match dir {
        Ok(d) => d,
        Err(e) => {
            eprintln!("error: {e}");
            return Ok(2);
        }
    };
    if update_first {
        match update(&dir) {
            Ok(what) => eprintln!("{what} the advisory database at {}", dir.display()),
            Err(e) => {
                eprintln!("error: {e}");
                return Ok(2);
            }
        }
    }
    let db = match db::load(&dir) {
        Ok(d) => d,
        Err(e) => {
            eprintln!("error: {e}");
            return Ok(2);
        }
    };
    let parsed = db.load_all();
    let summary = db.summary();
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    writeln!(out, "path: {}", dir.display())?;
    writeln!(out, "revision: {}", db.revision_label())?;
    if let Some(d) = db.revision.date {
        writeln!(out, "revision date: {d}")?;
    }
    writeln!(
        out,
        "newest advisory: {}",
        summary.newest.map(|d| d.to_string()).unwrap_or_default()
    )?;
    writeln!(out, "advisories: {}", summary.count)?;
    if parsed != summary.count {
        writeln!(out, "usable advisories: {parsed}")?;
    }
    for (f, e) in &db.skipped() {
        writeln!(out, "skipped: {f}: {e}")?;
    }
    Ok(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn update_refuses_a_plain_snapshot() {
        let d = tempfile::tempdir().unwrap();
        std::fs::create_dir(d.path().join("crates")).unwrap();
        let e = update(d.path()).unwrap_err();
        assert!(e.contains("not a git clone"), "{e}");
    }
}
