//! Walking the working tree: ripgrep's `ignore` walker (gitignore-aware, parallel), never into
//! `.git`, with `--exclude` globs and config excludes applied as overrides.
//!
//! In a git repository the walk is limited to the files git lists ([`GitFiles`]: tracked files plus
//! untracked files git does not ignore), and `.gitignore` is left to git: it only concerns untracked
//! files, so a file committed despite it (`git add -f .env`) is still scanned. `.ignore`,
//! `.asepticignore` and excludes still apply there, as deliberate choices. A file named on the
//! command line is scanned whatever the ignore files say.
//!
//! The walk only lists files; reading happens in the engine, in parallel, one file at a time, so
//! memory holds paths, never the tree's contents. Symlinks are not followed: a link to a file inside
//! the scan root is skipped because its target is scanned on its own; a link that loops, dangles or
//! leaves the scan root gets a note naming it, so nothing is skipped silently. A FIFO, socket or
//! device (found in the tree or named on the command line) is never opened, and gets a note.

use crate::note::Note;
use ignore::overrides::OverrideBuilder;
use ignore::{WalkBuilder, WalkState};
use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

/// One file to scan: its repository-relative path and where it is on disk.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct FileEntry {
    pub rel: String,
    pub abs: PathBuf,
}

pub struct WalkOptions<'a> {
    pub root: &'a Path,
    /// Files or directories under the root to walk; empty means the root itself.
    pub targets: &'a [PathBuf],
    pub excludes: &'a [String],
    pub no_ignore: bool,
    pub threads: usize,
    /// In a git repository (whose top level is `root`): the files git lists.
    pub git_files: Option<Arc<GitFiles>>,
}

/// The files of a git work tree that a scan covers, as `git ls-files --cached --others
/// --exclude-standard` lists them, and every directory that leads to one (so the walk never
/// enters an ignored `target/` or `node_modules/`).
#[derive(Debug, Default)]
pub struct GitFiles {
    files: HashSet<String>,
    dirs: HashSet<String>,
}

impl GitFiles {
    pub fn new(paths: Vec<String>) -> GitFiles {
        let mut dirs = HashSet::new();
        for p in &paths {
            let mut d = p.as_str();
            while let Some(i) = d.rfind('/') {
                d = &d[..i];
                if !dirs.insert(d.to_string()) {
                    break;
                }
            }
        }
        GitFiles {
            files: paths.into_iter().collect(),
            dirs,
        }
    }

    pub fn contains_file(&self, rel: &str) -> bool {
        self.files.contains(rel)
    }

    fn contains_dir(&self, rel: &str) -> bool {
        rel.is_empty() || self.dirs.contains(rel)
    }
}

/// Repository-relative `/` path of `p` under `root`.
pub fn relative(root: &Path, p: &Path) -> String {
    let rel = p.strip_prefix(root).unwrap_or(p);
    let s = rel.to_string_lossy().replace('\\', "/");
    s.trim_start_matches("./").to_string()
}

pub fn walk(opts: &WalkOptions) -> Result<(Vec<FileEntry>, Vec<Note>), String> {
    let mut ob = OverrideBuilder::new(opts.root);
    for g in opts.excludes {
        ob.add(&format!("!{g}"))
            .map_err(|e| format!("invalid exclude glob `{g}`: {e}"))?;
    }
    let overrides = ob
        .build()
        .map_err(|e| format!("invalid exclude globs: {e}"))?;
    let targets: Vec<PathBuf> = if opts.targets.is_empty() {
        vec![opts.root.to_path_buf()]
    } else {
        opts.targets.to_vec()
    };
    let mut builder = WalkBuilder::new(&targets[0]);
    for t in &targets[1..] {
        builder.add(t);
    }
    builder
        .hidden(false)
        .follow_links(false)
        .overrides(overrides)
        .threads(opts.threads.max(1))
        .add_custom_ignore_filename(".asepticignore");
    let git_files = opts.git_files.clone().filter(|_| !opts.no_ignore);
    match git_files.clone() {
        Some(set) => {
            let root = opts.root.to_path_buf();
            builder.filter_entry(move |e| {
                e.file_name() != ".git"
                    && (e.depth() == 0
                        || !e.file_type().is_some_and(|t| t.is_dir())
                        || set.contains_dir(&relative(&root, e.path())))
            });
        }
        None => {
            builder.filter_entry(|e| e.file_name() != ".git");
        }
    }
    if git_files.is_some() {
        // git has already applied .gitignore, .git/info/exclude and core.excludesFile.
        builder
            .git_ignore(false)
            .git_global(false)
            .git_exclude(false);
    } else if opts.no_ignore {
        builder
            .git_ignore(false)
            .git_global(false)
            .git_exclude(false)
            .ignore(false)
            .parents(false);
    } else {
        // Honour .gitignore even outside a git checkout (a fixture tree, an unpacked archive).
        builder.require_git(false);
    }
    let canon_root = std::fs::canonicalize(opts.root).unwrap_or_else(|_| opts.root.to_path_buf());
    let files = Mutex::new(Vec::new());
    let notes = Mutex::new(Vec::new());
    builder.build_parallel().run(|| {
        Box::new(|res| {
            match res {
                Ok(entry) => {
                    let Some(ft) = entry.file_type() else {
                        return WalkState::Continue;
                    };
                    let rel = relative(opts.root, entry.path());
                    let listed = entry.depth() == 0
                        || git_files.as_ref().is_none_or(|set| set.contains_file(&rel));
                    if !listed {
                        return WalkState::Continue;
                    }
                    if ft.is_file() {
                        files.lock().unwrap().push(FileEntry {
                            rel,
                            abs: entry.into_path(),
                        });
                    } else if ft.is_symlink() {
                        if let Some(note) = symlink_note(&canon_root, entry.path(), &rel) {
                            notes.lock().unwrap().push(note);
                        }
                    } else if !ft.is_dir() {
                        notes.lock().unwrap().push(crate::engine::not_regular(&rel));
                    }
                }
                Err(err) => {
                    notes
                        .lock()
                        .unwrap()
                        .push(Note::error(None, format!("walk error: {err}")));
                }
            }
            WalkState::Continue
        })
    });
    let mut files = files.into_inner().unwrap();
    files.sort();
    files.dedup();
    let mut notes = notes.into_inner().unwrap();
    // A directory named on the command line that git ignores would give a silent empty scan.
    if let Some(set) = &git_files {
        for t in opts.targets.iter().filter(|t| t.is_dir()) {
            let rel = relative(opts.root, t);
            if !set.contains_dir(&rel) {
                notes.push(Note::warning(
                    Some(&rel),
                    "git tracks nothing in this directory and ignores the rest: not scanned \
                     (--no-ignore scans it)",
                ));
            }
        }
    }
    Ok((files, notes))
}

fn symlink_note(canon_root: &Path, link: &Path, rel: &str) -> Option<Note> {
    match std::fs::canonicalize(link) {
        Err(e) if e.raw_os_error() == Some(40) => {
            Some(Note::info(Some(rel), "symlink loop: not followed"))
        }
        Err(_) => Some(Note::info(Some(rel), "broken symlink: not followed")),
        Ok(target) => {
            if !target.starts_with(canon_root) {
                Some(Note::info(
                    Some(rel),
                    "symlink to a path outside the scan root: not followed",
                ))
            } else if target.is_dir()
                && link
                    .parent()
                    .and_then(|p| std::fs::canonicalize(p).ok())
                    .is_some_and(|parent| parent.starts_with(&target))
            {
                Some(Note::info(
                    Some(rel),
                    "symlink loop: points to a directory that contains it; not followed",
                ))
            } else {
                // The target is inside the scan root and is scanned under its own path.
                None
            }
        }
    }
}
