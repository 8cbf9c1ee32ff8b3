//! Fetching and updating the RustSec database (`aseptic db update`, which lives with the other
//! subcommands in [`crate::commands`]), and the one-time fetch a scan does when no database exists.
//!
//! Fetching uses the system `git` (as cargo-deny does, and as cargo-audit's default location
//! expects): no git library in the build, and the user's git configuration (proxies, CA bundles)
//! applies. A clone goes to a temporary sibling first and is renamed into place, so an
//! interrupted clone never leaves a half database behind. A plain snapshot directory (no `.git`)
//! is never touched by `update`.

use super::db;
use crate::error::Error;
use std::path::{Path, PathBuf};
use std::process::Command;

pub const DB_URL: &str = "https://github.com/rustsec/advisory-db.git";

fn git(args: &[&str], dir: Option<&Path>) -> Result<(), Error> {
    let mut cmd = Command::new("git");
    cmd.args(args).env("GIT_TERMINAL_PROMPT", "0");
    if let Some(d) = dir {
        cmd.current_dir(d);
    }
    let out = cmd.output().map_err(|e| {
        Error::Git(format!(
            "cannot run git ({e}); install git or fetch the database by hand"
        ))
    })?;
    if out.status.success() {
        Ok(())
    } else {
        let err = String::from_utf8_lossy(&out.stderr);
        Err(Error::Git(format!(
            "`git {}` failed: {}",
            args.first().copied().unwrap_or(""),
            err.trim().lines().last().unwrap_or("unknown error")
        )))
    }
}

/// Clones the database into `dir` (which must not exist).
pub fn clone(dir: &Path) -> Result<(), Error> {
    let parent = dir.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(parent)
        .map_err(|e| Error::io(format!("cannot create {}", parent.display()), e))?;
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
            return Err(Error::io(
                format!("cannot move the clone into {}", dir.display()),
                e,
            ));
        }
    }
    Ok(())
}

/// Clones when missing, fast-forwards a git clone, refuses to touch anything else.
pub fn update(dir: &Path) -> Result<&'static str, Error> {
    if !dir.exists() {
        clone(dir)?;
        return Ok("cloned");
    }
    if dir.join(".git").exists() {
        git(&["pull", "--quiet", "--ff-only"], Some(dir))?;
        return Ok("updated");
    }
    Err(Error::Database(format!(
        "{} exists but is not a git clone (a plain snapshot?); update it the way it was made, \
         or remove it and run `aseptic db update` again",
        dir.display()
    )))
}

/// The database directory: the one named, else the default location.
pub fn location(arg: Option<&Path>) -> Result<PathBuf, Error> {
    arg.map(Path::to_path_buf)
        .or_else(db::default_location)
        .ok_or_else(|| {
            Error::Database(
                "cannot find a home directory for the default database location; pass \
                 --advisory-db DIR"
                    .to_string(),
            )
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn update_refuses_a_plain_snapshot() {
        let d = tempfile::tempdir().unwrap();
        std::fs::create_dir(d.path().join("crates")).unwrap();
        let e = update(d.path()).unwrap_err().to_string();
        assert!(e.contains("not a git clone"), "{e}");
    }
}
