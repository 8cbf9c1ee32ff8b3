//! The scan engine: reads each item once, hands the same bytes to every analyzer that applies, in
//! parallel with rayon, and reduces the per-file results into one sorted report.
//!
//! One file's failure never aborts the scan: a read error, an oversized or binary file, or a panic
//! inside an analyzer becomes a [`Note`] naming the file. A panic's note names the file, the
//! analyzer and the line of aseptic's code that panicked, never the panic's message, which may
//! quote the input (see [`crate::panics`]). Inline suppression markers are applied
//! here, while the file's text is at hand; config-level policy is applied by the caller.
//!
//! Findings are capped here for every analyzer: the first [`MAX_FINDINGS_PER_RULE`] of a rule in
//! one file are kept and the rest counted in a note, so a hostile file cannot make the report (and
//! the memory holding it) grow without bound. An analyzer that could build many more candidates
//! than that applies the same cap while matching (the secrets analyzer does).

use crate::analyzers::{Analyzer, Output};
use crate::finding::{Finding, settle_fingerprints};
use crate::input::{FileKind, Input, Origin};
use crate::note::Note;
use crate::policy;
use crate::redact::{self, Redactor};
use crate::rule::Rule;
use rayon::prelude::*;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

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
    /// The redactors of files whose findings come in `finish` (Terraform), by path.
    pub redactors: HashMap<String, Redactor>,
    /// Files whose findings come in `finish` and whose text holds no inline marker: `finish`
    /// need not read them again to look for one.
    pub unmarked: HashSet<String>,
}

pub struct Engine<'a> {
    pub analyzers: &'a [Box<dyn Analyzer>],
    pub rules: HashMap<&'a str, &'a Rule>,
    pub max_file_size: u64,
    /// Called after each item (for a progress bar).
    pub on_item: Option<&'a (dyn Fn() + Sync)>,
}

/// Findings of one rule in one file beyond this are counted in a note, not reported.
pub const MAX_FINDINGS_PER_RULE: usize = 1_000;

/// The note for `extra` findings of `rule` in `path` past [`MAX_FINDINGS_PER_RULE`].
pub fn over_cap_note(path: &str, rule: &str, extra: usize) -> Note {
    Note::warning(
        Some(path),
        format!(
            "{rule}: {extra} more finding(s) in this file past the first {MAX_FINDINGS_PER_RULE} are not listed"
        ),
    )
}

/// Keeps the first [`MAX_FINDINGS_PER_RULE`] findings of each rule in `findings` and notes the
/// rest.
fn cap_findings(path: &str, findings: &mut Vec<Finding>, notes: &mut Vec<Note>) {
    if findings.len() <= MAX_FINDINGS_PER_RULE {
        return;
    }
    let mut seen: HashMap<String, usize> = HashMap::new();
    findings.retain(|f| {
        let n = seen.entry(f.rule_id.clone()).or_default();
        *n += 1;
        *n <= MAX_FINDINGS_PER_RULE
    });
    let mut over: Vec<(String, usize)> = seen
        .into_iter()
        .filter(|(_, n)| *n > MAX_FINDINGS_PER_RULE)
        .map(|(r, n)| (r, n - MAX_FINDINGS_PER_RULE))
        .collect();
    over.sort();
    for (rule, extra) in over {
        notes.push(over_cap_note(path, &rule, extra));
    }
}

/// Files whose first 8 KiB hold a NUL byte are binary, as git and ripgrep decide.
pub fn is_binary(bytes: &[u8]) -> bool {
    memchr::memchr(0, &bytes[..bytes.len().min(8192)]).is_some()
}

/// The note for a path that is not a regular file (a FIFO, socket or device).
pub fn not_regular(path: &str) -> Note {
    Note::warning(
        Some(path),
        "skipped: not a regular file (a FIFO, socket or device); it was not read",
    )
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

#[derive(Default)]
struct FileResult {
    out: Output,
    scanned: bool,
    skipped: bool,
    bytes: u64,
    suppressed: u64,
    /// Kept for `finish` (see [`EngineResult::redactors`]).
    redactor: Option<(String, Redactor)>,
    /// See [`EngineResult::unmarked`].
    unmarked: Option<String>,
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
            total.redactors.extend(r.redactor);
            total.unmarked.extend(r.unmarked);
        }
    }

    /// Lets every analyzer report what needs all files (after the last batch). Inline markers
    /// on those findings are looked up in `items`: the whole list, or none for a batched scan,
    /// whose only analyzer (secrets) reports nothing at the end.
    pub fn finish(&self, items: &[Item], total: &mut EngineResult) {
        for a in self.analyzers {
            let mut out = Output::default();
            if let Err(f) = crate::panics::catch(|| a.finish(&mut out)) {
                out.notes.push(Note::error(
                    None,
                    format!(
                        "the {} analyzer failed while finishing (internal error at {}); its \
                         results may be incomplete",
                        a.kind(),
                        f.location
                    ),
                ));
            }
            for f in &mut out.findings {
                match total.redactors.get(&f.location.path) {
                    Some(r) => r.finding(f),
                    None => redact::mask_finding(f),
                }
            }
            for n in &mut out.notes {
                n.message = match n.path.as_ref().and_then(|p| total.redactors.get(p)) {
                    Some(r) => r.anywhere(&n.message),
                    None => redact::mask_tokens(&n.message),
                };
            }
            settle_fingerprints(&mut out.findings);
            total.suppressed += self.suppress_finished(&mut out.findings, items, &total.unmarked);
            total.findings.extend(out.findings);
            total.notes.extend(out.notes);
            total.rules.extend(out.rules);
        }
    }

    /// A file's bytes from disk, or the note saying why it is not scanned: not a regular file (a
    /// FIFO or device would block or never end, so it is never opened), over the size limit, or
    /// unreadable.
    fn read_disk(&self, path: &str, p: &Path) -> Result<Vec<u8>, Note> {
        let cannot = |e: std::io::Error| Note::error(Some(path), format!("cannot read file: {e}"));
        let m = std::fs::metadata(p).map_err(cannot)?;
        if !m.is_file() {
            return Err(not_regular(path));
        }
        if m.len() > self.max_file_size {
            return Err(self.too_big(path, m.len()));
        }
        std::fs::read(p).map_err(cannot)
    }

    fn scan_item(&self, item: &Item) -> FileResult {
        let mut res = FileResult::default();
        let path = item.path.as_str();
        let owned;
        let bytes: &[u8] = match &item.content {
            Content::Bytes(b) => b,
            Content::Disk(p) => match self.read_disk(path, p) {
                Ok(b) => {
                    owned = b;
                    &owned
                }
                Err(note) => {
                    res.skipped = true;
                    res.out.notes.push(note);
                    return res;
                }
            },
        };
        if bytes.len() as u64 > self.max_file_size {
            res.skipped = true;
            res.out.notes.push(self.too_big(path, bytes.len() as u64));
            return res;
        }
        // UTF-16 text (with its byte-order mark) is decoded and scanned like any other text.
        let decoded;
        let bytes: &[u8] = match crate::input::decode_utf16(bytes) {
            Some((text, lossless)) => {
                if !lossless {
                    res.out.notes.push(Note::info(
                        Some(path),
                        "UTF-16 text with invalid code units: scanned with them replaced",
                    ));
                }
                decoded = text.into_bytes();
                &decoded
            }
            None => bytes,
        };
        // DICOM is binary, but its header holds the patient's name, id and birth date: the PHI
        // analyzer reads it (and only it applies to a DICOM file's bytes in earnest).
        // UTF-16 with a byte order mark is text with NULs in it; `Input` decodes it. A key store
        // (PKCS#12, JKS) is binary too; the secrets analyzer reports it by name.
        let utf16 = crate::input::utf16_bom(bytes).is_some();
        if is_binary(bytes)
            && !crate::input::is_dicom(path, bytes)
            && !utf16
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
        if !utf16 && std::str::from_utf8(bytes).is_err() {
            res.out.notes.push(Note::info(
                Some(path),
                "not valid UTF-8: scanned with the invalid bytes replaced",
            ));
        }
        res.scanned = true;
        res.bytes = bytes.len() as u64;
        let start = res.out.findings.len();
        let mut values = Vec::new();
        for a in self.analyzers {
            if !a.applies_to(&input) {
                continue;
            }
            let mut out = Output::default();
            match crate::panics::catch(|| a.analyze(&input, &mut out)) {
                Ok(()) => {
                    cap_findings(path, &mut out.findings, &mut res.out.notes);
                    res.out.findings.extend(out.findings);
                    res.out.notes.extend(out.notes);
                    res.out.rules.extend(out.rules);
                    values.extend(out.values);
                }
                Err(f) => res.out.notes.push(Note::error(
                    Some(path),
                    format!(
                        "the {} analyzer failed on this file (internal error at {}); its results \
                         for it are missing",
                        a.kind(),
                        f.location
                    ),
                )),
            }
        }
        // The one redaction pass: every snippet and message of this file's findings, and every
        // note, masked of every value any analyzer found (see `crate::redact`); fingerprints are
        // derived after it, so they never depend on a value.
        let redactor = Redactor::new(&input.text, &values);
        for f in &mut res.out.findings[start..] {
            if f.location.path == path {
                redactor.finding(f);
            } else {
                redact::mask_finding(f);
            }
        }
        for n in &mut res.out.notes {
            n.message = redactor.anywhere(&n.message);
        }
        let deferred = matches!(input.kind, FileKind::Terraform | FileKind::TerraformVars);
        if deferred && policy::marker_lines(&input.text).is_none() {
            res.unmarked = Some(path.to_string());
        }
        if deferred && !redactor.is_empty() {
            res.redactor = Some((path.to_string(), redactor));
        }
        settle_fingerprints(&mut res.out.findings[start..]);
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
        // Standard input is read only to one byte past the limit, so its length says no more.
        let size = if len == self.max_file_size.saturating_add(1) {
            format!("more than {}", human(self.max_file_size))
        } else {
            human(len)
        };
        Note::info(
            Some(path),
            format!(
                "skipped: {size} is over the --max-file-size limit of {}",
                human(self.max_file_size)
            ),
        )
    }

    /// Inline markers for findings reported from `finish` (they may point at any file on disk;
    /// those in `unmarked` are known to hold none).
    fn suppress_finished(
        &self,
        findings: &mut Vec<Finding>,
        items: &[Item],
        unmarked: &HashSet<String>,
    ) -> u64 {
        if findings.is_empty() {
            return 0;
        }
        let by_path: HashMap<&str, &Item> = items.iter().map(|i| (i.path.as_str(), i)).collect();
        // Each file is read once; a file without markers suppresses nothing.
        let mut texts: HashMap<String, String> = HashMap::new();
        for f in findings.iter() {
            if texts.contains_key(&f.location.path) || unmarked.contains(&f.location.path) {
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
