//! `--history`: the lines each commit added, one item per commit and file, read from a single
//! `git log -p -U0` process as it writes and handed out in batches, so a scan of a long history
//! holds one batch in memory, never the whole log.
//!
//! Added lines keep their line numbers in that commit's version of the file (the lines between are
//! left empty), so a finding points at the right line of the right commit.

use crate::engine::{Content, Item};
use crate::git::GitError;
use crate::input::Origin;
use std::io::{BufRead, BufReader, Read};
use std::path::Path;
use std::process::{Child, ChildStdout, Stdio};
use std::thread::JoinHandle;

/// A batch is handed to the engine once its items hold this many bytes: large enough to keep
/// every worker busy, small enough that memory stays flat however long the history.
const BATCH_BYTES: usize = 8 * 1024 * 1024;

/// Added lines are placed at their line number up to this line; a hunk header naming a later line
/// (a hostile or corrupt log: `@@ -1 +99999999999 @@`) would otherwise make the parser write that
/// many newlines. A file this long is far over any `--max-file-size` in practice, so the engine
/// reports it as too big; later lines are appended after it.
pub const MAX_LINE: usize = 1 << 24;

/// Parses `git log -p -U0` output with our `\0commit <id> <date>` headers, a line at a time.
#[derive(Default)]
pub struct LogParser {
    commit: Option<(String, String)>,
    path: Option<String>,
    text: Vec<u8>,
    /// Lines already in `text`.
    line_no: usize,
    /// The line number of the next added line.
    next_line: usize,
}

impl LogParser {
    /// Takes one line (without its `\n`); returns the item this line completed, if any.
    pub fn line(&mut self, raw: &[u8]) -> Option<Item> {
        let line = raw.strip_prefix(b"\0").unwrap_or(raw);
        if let Some(rest) = line
            .strip_prefix(b"commit ")
            .filter(|_| raw.first() == Some(&0))
        {
            let done = self.flush();
            let rest = String::from_utf8_lossy(rest);
            let mut it = rest.split_whitespace();
            self.commit = Some((
                it.next().unwrap_or("").to_string(),
                it.next().unwrap_or("").to_string(),
            ));
            return done;
        }
        if line.starts_with(b"diff --git ") {
            return self.flush();
        }
        if let Some(p) = line.strip_prefix(b"+++ ") {
            // Git C-quotes a path with special or non-ASCII bytes: `"b/donn\303\251es.csv"`.
            let p = match p.strip_prefix(b"\"").and_then(|q| q.strip_suffix(b"\"")) {
                Some(q) => unquote(q),
                None => p.to_vec(),
            };
            self.path = p
                .strip_prefix(b"b/")
                .map(|p| String::from_utf8_lossy(p).into_owned());
            return None;
        }
        if line.starts_with(b"--- ") {
            return None;
        }
        if let Some(h) = line.strip_prefix(b"@@ ") {
            // @@ -a,b +c,d @@
            let h = String::from_utf8_lossy(h);
            self.next_line = h
                .split_whitespace()
                .find_map(|t| t.strip_prefix('+'))
                .and_then(|t| t.split(',').next())
                .and_then(|n| n.parse().ok())
                .unwrap_or(1)
                .min(MAX_LINE);
            return None;
        }
        // Lines before a file's `+++` header (or of a deleted file) belong to no item.
        self.path.as_ref()?;
        if let Some(added) = line.strip_prefix(b"+") {
            if self.line_no + 1 < self.next_line {
                let pad = self.next_line - 1 - self.line_no;
                self.text.resize(self.text.len() + pad, b'\n');
                self.line_no += pad;
            }
            self.text.extend_from_slice(added);
            self.text.push(b'\n');
            self.line_no += 1;
            self.next_line += 1;
        }
        None
    }

    /// Ends the current file and returns its item, if it added anything.
    pub fn flush(&mut self) -> Option<Item> {
        let text = std::mem::take(&mut self.text);
        let path = self.path.take();
        self.line_no = 0;
        let (id, date) = self.commit.clone()?;
        (!text.is_empty()).then_some(Item {
            path: path?,
            origin: Origin::Commit { id, date },
            content: Content::Bytes(text),
        })
    }
}

/// The bytes of a C-quoted path without its quotes (`\"`, `\\`, `\t`, `\n` and octal `\303`).
fn unquote(q: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(q.len());
    let mut i = 0;
    while i < q.len() {
        if q[i] != b'\\' || i + 1 == q.len() {
            out.push(q[i]);
            i += 1;
            continue;
        }
        let c = q[i + 1];
        let octal = q
            .get(i + 1..i + 4)
            .filter(|d| d.iter().all(|b| (b'0'..=b'7').contains(b)));
        if let Some(d) = octal {
            out.push(
                d.iter()
                    .fold(0u8, |n, b| n.wrapping_mul(8).wrapping_add(b - b'0')),
            );
            i += 4;
            continue;
        }
        out.push(match c {
            b'a' => 7,
            b'b' => 8,
            b't' => b'\t',
            b'n' => b'\n',
            b'v' => 11,
            b'f' => 12,
            b'r' => b'\r',
            other => other,
        });
        i += 2;
    }
    out
}

/// The running `git log`, yielding batches of items that `keep` accepts; the last batch, or an
/// error naming the command and git's message if git failed.
pub struct History<'a> {
    child: Child,
    reader: BufReader<ChildStdout>,
    stderr: Option<JoinHandle<Vec<u8>>>,
    parser: LogParser,
    keep: Box<dyn Fn(&str) -> bool + 'a>,
    command: String,
    line: Vec<u8>,
    batch_bytes: usize,
    done: bool,
}

impl<'a> History<'a> {
    pub fn start(
        root: &Path,
        range: &str,
        keep: impl Fn(&str) -> bool + 'a,
    ) -> Result<History<'a>, GitError> {
        // `--text`: attributes (`-diff`, `binary`) cannot hide added lines; fixed prefixes: the
        // parser needs `b/` whatever `diff.noprefix` says (see `crate::git` for the rest).
        let mut args = vec![
            "log",
            "-p",
            "-U0",
            "--text",
            "--src-prefix=a/",
            "--dst-prefix=b/",
            "--no-renames",
            "--diff-filter=AM",
            "--relative",
            "--format=%x00commit %H %cs",
        ];
        args.extend(crate::git::DIFF_ARGS);
        args.push(range);
        let mut child = crate::git::command(root)?
            .args(&args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(GitError::Spawn)?;
        let stdout = child.stdout.take().expect("piped stdout");
        // Read stderr on the side so a chatty git can never block on a full pipe.
        let mut err = child.stderr.take().expect("piped stderr");
        let stderr = std::thread::spawn(move || {
            let mut buf = Vec::new();
            let _ = err.read_to_end(&mut buf);
            buf
        });
        Ok(History {
            child,
            reader: BufReader::with_capacity(1 << 20, stdout),
            stderr: Some(stderr),
            parser: LogParser::default(),
            keep: Box::new(keep),
            command: format!("git {}", args.join(" ")),
            line: Vec::new(),
            batch_bytes: BATCH_BYTES,
            done: false,
        })
    }

    #[cfg(test)]
    fn with_batch_bytes(mut self, n: usize) -> Self {
        self.batch_bytes = n;
        self
    }

    /// Waits for git; an error if it failed.
    fn finish(&mut self) -> Result<(), GitError> {
        let status = self.child.wait().map_err(|source| GitError::Io {
            during: format!("`{}`", self.command),
            source,
        })?;
        let stderr = self
            .stderr
            .take()
            .and_then(|h| h.join().ok())
            .unwrap_or_default();
        if status.success() {
            Ok(())
        } else {
            Err(GitError::Failed {
                command: self.command.clone(),
                stderr: String::from_utf8_lossy(&stderr).trim().to_string(),
            })
        }
    }
}

impl Iterator for History<'_> {
    type Item = Result<Vec<Item>, GitError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        let mut batch = Vec::new();
        let mut bytes = 0;
        loop {
            self.line.clear();
            let n = match self.reader.read_until(b'\n', &mut self.line) {
                Ok(n) => n,
                Err(e) => {
                    self.done = true;
                    let _ = self.child.kill();
                    let _ = self.finish();
                    return Some(Err(GitError::Io {
                        during: format!("reading `{}`", self.command),
                        source: e,
                    }));
                }
            };
            if n == 0 {
                self.done = true;
                batch.extend(self.parser.flush().filter(|i| (self.keep)(&i.path)));
                return match self.finish() {
                    Err(e) => Some(Err(e)),
                    Ok(()) if batch.is_empty() => None,
                    Ok(()) => Some(Ok(batch)),
                };
            }
            if self.line.last() == Some(&b'\n') {
                self.line.pop();
            }
            if let Some(item) = self
                .parser
                .line(&self.line)
                .filter(|i| (self.keep)(&i.path))
            {
                if let Content::Bytes(b) = &item.content {
                    bytes += b.len();
                }
                batch.push(item);
                if bytes >= self.batch_bytes {
                    return Some(Ok(batch));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_log(log: &[u8]) -> Vec<Item> {
        let mut parser = LogParser::default();
        let mut items: Vec<Item> = log
            .split(|&b| b == b'\n')
            .filter_map(|line| parser.line(line))
            .collect();
        items.extend(parser.flush());
        items
    }

    #[test]
    fn quoted_paths_are_unquoted() {
        let log = b"\0commit abc 2026-01-02\n+++ \"b/donn\\303\\251es \\\"x\\\".env\"\n@@ -0,0 +1 @@\n+A=1\n";
        let items = parse_log(log);
        assert_eq!(items.len(), 1);
        assert_eq!(items[0].path, "donn\u{e9}es \"x\".env");
    }

    #[test]
    fn log_parsing_keeps_added_lines_at_their_line_numbers() {
        let log = b"\0commit abc 2026-01-02\n\ndiff --git a/x.env b/x.env\nnew file mode 100644\n--- /dev/null\n+++ b/x.env\n@@ -0,0 +1,2 @@\n+A=1\n+B=2\n\0commit def 2026-01-03\n\ndiff --git a/x.env b/x.env\n--- a/x.env\n+++ b/x.env\n@@ -2,0 +5 @@\n+C=3\n";
        let items = parse_log(log);
        assert_eq!(items.len(), 2);
        let Content::Bytes(b) = &items[1].content else {
            panic!()
        };
        assert_eq!(String::from_utf8_lossy(b), "\n\n\n\nC=3\n");
        assert_eq!(
            items[0].origin,
            Origin::Commit {
                id: "abc".into(),
                date: "2026-01-02".into()
            }
        );
        assert_eq!(items[1].path, "x.env");
    }

    /// Runs git in `dir` with a fixed identity, for the test repositories.
    fn git(dir: &Path, args: &[&str]) -> String {
        let mut all = vec!["-c", "user.name=t", "-c", "user.email=t@example.test"];
        all.extend(args);
        let out = crate::git::output(dir, &all).unwrap();
        String::from_utf8_lossy(&out).trim().to_string()
    }

    #[test]
    fn history_streams_in_batches_newest_commit_first() {
        let d = tempfile::tempdir().unwrap();
        let d = d.path();
        git(d, &["init", "-q", "-b", "main"]);
        git(d, &["config", "commit.gpgsign", "false"]);
        let mut ids = Vec::new();
        for n in 0..3 {
            std::fs::write(d.join(format!("f{n}.txt")), format!("line {n}\n")).unwrap();
            std::fs::write(d.join("skip.txt"), format!("{n}\n")).unwrap();
            git(d, &["add", "."]);
            git(d, &["commit", "-qm", "c"]);
            ids.push(git(d, &["rev-parse", "HEAD"]));
        }
        let keep = |p: &str| p != "skip.txt";
        let batches: Vec<Vec<Item>> = History::start(d, "HEAD", keep)
            .unwrap()
            .with_batch_bytes(1)
            .map(Result::unwrap)
            .collect();
        // Every kept item is its own batch; the excluded file is in none.
        assert_eq!(batches.len(), 3);
        for (batch, n) in batches.iter().zip([2, 1, 0]) {
            assert_eq!(batch.len(), 1);
            assert_eq!(batch[0].path, format!("f{n}.txt"));
            let Origin::Commit { id, .. } = &batch[0].origin else {
                panic!()
            };
            assert_eq!(id, &ids[n]);
        }
        // One big batch holds the same items.
        let all: Vec<Item> = History::start(d, "HEAD", keep)
            .unwrap()
            .flat_map(Result::unwrap)
            .collect();
        assert_eq!(all.len(), 3);
        // A range git does not know ends in git's own message.
        let err = History::start(d, "no-such-ref", keep)
            .unwrap()
            .find_map(Result::err)
            .unwrap();
        assert!(matches!(&err, GitError::Failed { .. }), "{err}");
        let err = err.to_string();
        assert!(
            err.contains("failed") && err.contains("no-such-ref"),
            "{err}"
        );
    }
}
