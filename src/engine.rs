//! The scan engine: reads each item once, hands the same bytes to every analyzer that applies, in
//! parallel with rayon, and reduces the per-file results into one sorted report.
//!
//! One file's failure never aborts the scan: a read error, an oversized or binary file, or a panic
//! inside an analyzer becomes a [`Note`] naming the file. Inline suppression markers are applied
//! here, while the file's text is at hand; config-level policy is applied by the caller.

use crate::analyzers::{Analyzer, Output};
use crate::finding::Finding;
use crate::input::{Input, Origin};
use crate::note::Note;
use crate::policy;
use crate::rule::Rule;
use rayon::prelude::*;
use std::collections::HashMap;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::PathBuf;

/// Where an item's bytes are.
#[derive(Debug, Clone)]
pub enum Content {
    /// A file on disk, read when its turn comes.
    Disk(PathBuf),
    /// Bytes already in memory (a staged blob, a commit's added lines).
    Bytes(Vec<u8>),
}

/// One thing to scan.
#[derive(Debug, Clone)]
pub struct Item {
    /// Repository-relative, `/`-separated.
    pub path: String,
    pub origin: Origin,
    pub content: Content,
}

/// What the engine gives back before policy is applied.
#[derive(Debug, Default)]
pub struct EngineResult {
    pub findings: Vec<Finding>,
    pub notes: Vec<Note>,
    pub rules: Vec<Rule>,
    pub files_scanned: u64,
    pub files_skipped: u64,
    pub bytes_scanned: u64,
    pub suppressed: u64,
}

pub struct Engine<'a> {
    pub analyzers: &'a [Box<dyn Analyzer>],
    pub rules: HashMap<&'a str, &'a Rule>,
    pub max_file_size: u64,
    /// Called after each item (for a progress bar).
    pub on_item: Option<&'a (dyn Fn() + Sync)>,
}

/// Files whose first 8 KiB hold a NUL byte are binary, as git and ripgrep decide.
pub fn is_binary(bytes: &[u8]) -> bool {
    memchr::memchr(0, &bytes[..bytes.len().min(8192)]).is_some()
}

fn human(n: u64) -> String {
    const MIB: u64 = 1024 * 1024;
    if n >= MIB {
        format!("{:.1} MiB", n as f64 / MIB as f64)
    } else if n >= 1024 {
        format!("{:.1} KiB", n as f64 / 1024.0)
    } else {
        format!("{n} B")
    }
}

fn panic_message(p: &(dyn std::any::Any + Send)) -> String {
    if let Some(s) = p.downcast_ref::<&str>() {
        s.to_string()
    } else if let Some(s) = p.downcast_ref::<String>() {
        s.clone()
    } else {
        "unknown panic".to_string()
    }
}

#[derive(Default)]
struct FileResult {
    out: Output,
    scanned: bool,
    skipped: bool,
    bytes: u64,
    suppressed: u64,
}

impl<'a> Engine<'a> {
    /// Scans `items` and lets every analyzer finish.
    pub fn run(&self, items: &[Item]) -> EngineResult {
        let mut total = EngineResult::default();
        self.scan(items, &mut total);
        self.finish(items, &mut total);
        total
    }

    /// Scans `items` (one batch of a scan) into `total`.
    pub fn scan(&self, items: &[Item], total: &mut EngineResult) {
        let results: Vec<FileResult> = items
            .par_iter()
            .map(|item| {
                let r = self.scan_item(item);
                if let Some(f) = self.on_item {
                    f();
                }
                r
            })
            .collect();
        for r in results {
            total.findings.extend(r.out.findings);
            total.notes.extend(r.out.notes);
            total.rules.extend(r.out.rules);
            total.files_scanned += r.scanned as u64;
            total.files_skipped += r.skipped as u64;
            total.bytes_scanned += r.bytes;
            total.suppressed += r.suppressed;
        }
    }

    /// Lets every analyzer report what needs all files (after the last batch). Inline markers
    /// on those findings are looked up in `items`: the whole list, or none for a batched scan,
    /// whose only analyzer (secrets) reports nothing at the end.
    pub fn finish(&self, items: &[Item], total: &mut EngineResult) {
        for a in self.analyzers {
            let mut out = Output::default();
            let res = catch_unwind(AssertUnwindSafe(|| a.finish(&mut out)));
            if let Err(p) = res {
                out.notes.push(Note::error(
                    None,
                    format!(
                        "the {} analyzer failed while finishing: {}; its results may be incomplete",
                        a.kind(),
                        panic_message(&*p)
                    ),
                ));
            }
            total.suppressed += self.suppress_finished(&mut out.findings, items);
            total.findings.extend(out.findings);
            total.notes.extend(out.notes);
            total.rules.extend(out.rules);
        }
    }

    fn scan_item(&self, item: &Item) -> FileResult {
        let mut res = FileResult::default();
        let path = item.path.as_str();
        let owned;
        let bytes: &[u8] = match &item.content {
            Content::Bytes(b) => b,
            Content::Disk(p) => {
                match std::fs::metadata(p) {
                    Ok(m) if m.len() > self.max_file_size => {
                        res.skipped = true;
                        res.out.notes.push(self.too_big(path, m.len()));
                        return res;
                    }
                    Ok(_) => {}
                    Err(e) => {
                        res.skipped = true;
                        res.out
                            .notes
                            .push(Note::error(Some(path), format!("cannot read file: {e}")));
                        return res;
                    }
                }
                match std::fs::read(p) {
                    Ok(b) => {
                        owned = b;
                        &owned
                    }
                    Err(e) => {
                        res.skipped = true;
                        res.out
                            .notes
                            .push(Note::error(Some(path), format!("cannot read file: {e}")));
                        return res;
                    }
                }
            }
        };
        if bytes.len() as u64 > self.max_file_size {
            res.skipped = true;
            res.out.notes.push(self.too_big(path, bytes.len() as u64));
            return res;
        }
        // DICOM is binary, but its header holds the patient's name, id and birth date: the PHI
        // analyzer reads it (and only it applies to a DICOM file's bytes in earnest).
        // A key store (PKCS#12, JKS) is binary too; the secrets analyzer reports it by name.
        if is_binary(bytes)
            && !crate::input::is_dicom(path, bytes)
            && !crate::input::is_key_store(path, bytes)
        {
            res.skipped = true;
            res.out
                .notes
                .push(Note::info(Some(path), "skipped: binary file"));
            return res;
        }
        let disk = match &item.content {
            Content::Disk(p) => Some(p.as_path()),
            Content::Bytes(_) => None,
        };
        let input = Input::new(path, bytes, item.origin.clone(), disk);
        if std::str::from_utf8(bytes).is_err() {
            res.out.notes.push(Note::info(
                Some(path),
                "not valid UTF-8: scanned with the invalid bytes replaced",
            ));
        }
        res.scanned = true;
        res.bytes = bytes.len() as u64;
        let start = res.out.findings.len();
        for a in self.analyzers {
            if !a.applies_to(&input) {
                continue;
            }
            let mut out = Output::default();
            let r = catch_unwind(AssertUnwindSafe(|| a.analyze(&input, &mut out)));
            match r {
                Ok(()) => {
                    res.out.findings.extend(out.findings);
                    res.out.notes.extend(out.notes);
                    res.out.rules.extend(out.rules);
                }
                Err(p) => res.out.notes.push(Note::error(
                    Some(path),
                    format!(
                        "the {} analyzer failed on this file ({}); its results for it are missing",
                        a.kind(),
                        panic_message(&*p)
                    ),
                )),
            }
        }
        if let Origin::Commit { id, date } = &item.origin {
            for f in &mut res.out.findings[start..] {
                f.properties.insert("commit".into(), id.clone());
                f.properties.insert("commit_date".into(), date.clone());
            }
        }
        if res.out.findings.len() > start
            && let Some(lines) = policy::marker_lines(&input.text)
        {
            let before = res.out.findings.len();
            res.out.findings.retain(|f| {
                // Findings about other files (a module's file, say) are checked in `finish`.
                f.location.path != path
                    || !policy::inline_suppressed(
                        f,
                        &lines,
                        self.rules.get(f.rule_id.as_str()).copied(),
                    )
            });
            res.suppressed = (before - res.out.findings.len()) as u64;
        }
        res
    }

    /// The note for a file skipped for its size.
    fn too_big(&self, path: &str, len: u64) -> Note {
        Note::info(
            Some(path),
            format!(
                "skipped: {} is over the --max-file-size limit of {}",
                human(len),
                human(self.max_file_size)
            ),
        )
    }

    /// Inline markers for findings reported from `finish` (they may point at any file on disk).
    fn suppress_finished(&self, findings: &mut Vec<Finding>, items: &[Item]) -> u64 {
        if findings.is_empty() {
            return 0;
        }
        let by_path: HashMap<&str, &Item> = items.iter().map(|i| (i.path.as_str(), i)).collect();
        // Each file is read once; a file without markers suppresses nothing.
        let mut texts: HashMap<String, String> = HashMap::new();
        for f in findings.iter() {
            if texts.contains_key(&f.location.path) {
                continue;
            }
            let text = match by_path.get(f.location.path.as_str()).map(|i| &i.content) {
                Some(Content::Disk(p)) => std::fs::read(p)
                    .map(|b| String::from_utf8_lossy(&b).into_owned())
                    .unwrap_or_default(),
                Some(Content::Bytes(b)) => String::from_utf8_lossy(b).into_owned(),
                None => String::new(),
            };
            texts.insert(f.location.path.clone(), text);
        }
        let lines: HashMap<&str, Vec<&str>> = texts
            .iter()
            .filter_map(|(p, t)| policy::marker_lines(t).map(|l| (p.as_str(), l)))
            .collect();
        let before = findings.len();
        findings.retain(|f| {
            lines.get(f.location.path.as_str()).is_none_or(|l| {
                !policy::inline_suppressed(f, l, self.rules.get(f.rule_id.as_str()).copied())
            })
        });
        (before - findings.len()) as u64
    }
}
