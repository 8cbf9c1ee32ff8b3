//! `aseptic db update --osv`: downloads osv.dev's per-ecosystem archives
//! (`<base>/<Ecosystem>/all.zip`) into the OSV database directory.
//!
//! Over HTTPS with `ureq` (rustls; the base URL can point at a mirror through `ASEPTIC_OSV_URL`).
//! A download goes to `.downloads/<Ecosystem>-all.zip.part` and resumes from there with a `Range`
//! request when interrupted. The finished archive is verified before anything is replaced: every
//! entry is read in full (the zip reader checks each CRC) into a fresh sibling folder, entry names
//! must be plain `*.json` file names (no paths: no zip-slip), and sizes are capped (no zip bomb).
//! Only then does the new folder replace the ecosystem's old one, by rename; a failure leaves the
//! old copy as it was. A scan never calls this; `--offline` refuses it.

use super::db::{self, MAX_RECORD_BYTES};
use super::version::Ecosystem;
use crate::error::Error;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

/// osv.dev's bucket of per-ecosystem archives.
pub const DEFAULT_BASE: &str = "https://osv-vulnerabilities.storage.googleapis.com";
/// Entries (records) per archive at most.
const MAX_ENTRIES: usize = 2_000_000;
/// Uncompressed bytes per archive at most.
const MAX_TOTAL: u64 = 16 * 1024 * 1024 * 1024;

/// `aseptic db update --osv`: 0 when every ecosystem was updated; else an error naming each
/// that was not (the others were still updated).
pub fn command(dir: Option<&Path>, names: &[String]) -> Result<u8, Error> {
    let dir = dir
        .map(Path::to_path_buf)
        .or_else(db::default_location)
        .ok_or_else(|| {
            Error::Usage(
                "no home directory for the default OSV database location; pass --osv-db DIR".into(),
            )
        })?;
    let ecos = ecosystems(&dir, names).map_err(|e| Error::Usage(e.to_string()))?;
    let base = std::env::var("ASEPTIC_OSV_URL")
        .ok()
        .filter(|u| !u.trim().is_empty())
        .unwrap_or_else(|| DEFAULT_BASE.to_string());
    let mut failed = Vec::new();
    for eco in ecos {
        match update(&dir, eco, base.trim_end_matches('/')) {
            Ok(n) => eprintln!(
                "updated {}: {n} records in {}",
                eco.osv_name(),
                dir.join(eco.osv_name()).display()
            ),
            Err(e) => failed.push(format!("{}: {e}", eco.osv_name())),
        }
    }
    if failed.is_empty() {
        Ok(0)
    } else {
        Err(Error::Database(failed.join("; ")))
    }
}

/// Why one ecosystem was not updated. Every failure leaves the old copy in place.
#[derive(Debug)]
pub enum UpdateError {
    /// A name in `--ecosystem` that is not one of the five (a usage error).
    UnknownEcosystem(String),
    /// A folder we need cannot be made.
    Create {
        dir: PathBuf,
        source: std::io::Error,
    },
    /// The request failed before an answer (DNS, TLS, connection).
    Fetch {
        url: String,
        source: ureq::Error,
    },
    /// The server answered with a status other than 200, 206, or 416 for a whole partial file.
    Http {
        url: String,
        status: u16,
    },
    /// The partial download cannot be written.
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
    /// The body stopped midway; the partial file is kept for the next run to resume.
    Interrupted {
        url: String,
        source: std::io::Error,
    },
    BadArchive(ArchiveError),
    MoveAside(std::io::Error),
    Install(std::io::Error),
}

impl std::fmt::Display for UpdateError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            UpdateError::UnknownEcosystem(name) => write!(
                f,
                "unknown ecosystem `{name}` (npm, PyPI, Go, Maven, NuGet)"
            ),
            UpdateError::Create { dir, source } => {
                write!(f, "cannot create {}: {source}", dir.display())
            }
            UpdateError::Fetch { url, source } => write!(f, "cannot fetch {url}: {source}"),
            UpdateError::Http { url, status } => write!(f, "{url} answered HTTP {status}"),
            UpdateError::Write { path, source } => {
                write!(f, "cannot write {}: {source}", path.display())
            }
            UpdateError::Interrupted { url, source } => write!(
                f,
                "the download of {url} was interrupted ({source}); run the update again to resume"
            ),
            UpdateError::BadArchive(e) => write!(
                f,
                "the downloaded archive is not a valid OSV archive ({e}); the old copy was kept"
            ),
            UpdateError::MoveAside(e) => write!(f, "cannot move the old copy aside: {e}"),
            UpdateError::Install(e) => {
                write!(f, "cannot install the new copy: {e}; the old copy was kept")
            }
        }
    }
}

impl std::error::Error for UpdateError {}

/// Why a downloaded archive was refused. Entry names are cut to 80 characters.
#[derive(Debug)]
pub enum ArchiveError {
    Io(std::io::Error),
    Zip(zip::result::ZipError),
    TooManyEntries(usize),
    /// An entry that is not a plain `*.json` file name (a path, a dot file).
    NotPlainName(String),
    Entry {
        name: String,
        source: std::io::Error,
    },
    EntryTooBig(String),
    /// The entries together exceed [`MAX_TOTAL`] bytes.
    TooBig,
}

impl std::fmt::Display for ArchiveError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ArchiveError::Io(e) => e.fmt(f),
            ArchiveError::Zip(e) => e.fmt(f),
            ArchiveError::TooManyEntries(n) => {
                write!(f, "{n} entries, over the limit of {MAX_ENTRIES}")
            }
            ArchiveError::NotPlainName(name) => write!(
                f,
                "entry `{}` is not a plain *.json file name",
                name.chars().take(80).collect::<String>()
            ),
            ArchiveError::Entry { name, source } => write!(f, "entry {name}: {source}"),
            ArchiveError::EntryTooBig(name) => {
                write!(f, "entry {name} is over {MAX_RECORD_BYTES} bytes")
            }
            ArchiveError::TooBig => write!(f, "over {MAX_TOTAL} bytes uncompressed"),
        }
    }
}

impl std::error::Error for ArchiveError {}

/// The ecosystems to fetch: those named, else the folders the database has, else all five.
fn ecosystems(dir: &Path, names: &[String]) -> Result<Vec<Ecosystem>, UpdateError> {
    if !names.is_empty() {
        return names
            .iter()
            .map(|n| {
                Ecosystem::ALL
                    .into_iter()
                    .find(|e| e.osv_name().eq_ignore_ascii_case(n.trim()))
                    .ok_or_else(|| UpdateError::UnknownEcosystem(n.trim().to_string()))
            })
            .collect();
    }
    let present: Vec<Ecosystem> = Ecosystem::ALL
        .into_iter()
        .filter(|e| dir.join(e.osv_name()).is_dir())
        .collect();
    Ok(if present.is_empty() {
        Ecosystem::ALL.to_vec()
    } else {
        present
    })
}

/// Downloads, verifies and installs one ecosystem; returns how many records it holds.
pub fn update(dir: &Path, eco: Ecosystem, base: &str) -> Result<usize, UpdateError> {
    let downloads = dir.join(".downloads");
    std::fs::create_dir_all(&downloads).map_err(|source| UpdateError::Create {
        dir: downloads.clone(),
        source,
    })?;
    let part = downloads.join(format!("{}-all.zip.part", eco.osv_name()));
    let url = format!("{base}/{}/all.zip", eco.osv_name());
    download(&url, &part)?;
    let fresh = dir.join(format!(".{}.new-{}", eco.osv_name(), std::process::id()));
    let _ = std::fs::remove_dir_all(&fresh);
    let n = match extract(&part, &fresh) {
        Ok(n) => n,
        Err(e) => {
            let _ = std::fs::remove_dir_all(&fresh);
            // A broken archive is not resumable: the next run starts over.
            let _ = std::fs::remove_file(&part);
            return Err(UpdateError::BadArchive(e));
        }
    };
    let target = dir.join(eco.osv_name());
    let old = dir.join(format!(".{}.old-{}", eco.osv_name(), std::process::id()));
    if target.exists() {
        std::fs::rename(&target, &old).map_err(UpdateError::MoveAside)?;
    }
    if let Err(e) = std::fs::rename(&fresh, &target) {
        let _ = std::fs::rename(&old, &target);
        let _ = std::fs::remove_dir_all(&fresh);
        return Err(UpdateError::Install(e));
    }
    let _ = std::fs::remove_dir_all(&old);
    let _ = std::fs::remove_file(&part);
    Ok(n)
}

/// Fetches `url` into `part`, resuming from its current length.
fn download(url: &str, part: &Path) -> Result<(), UpdateError> {
    let write_err = |source| UpdateError::Write {
        path: part.to_path_buf(),
        source,
    };
    let have = std::fs::metadata(part).map(|m| m.len()).unwrap_or(0);
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_connect(Some(std::time::Duration::from_secs(30)))
        .user_agent(concat!("aseptic/", env!("CARGO_PKG_VERSION")))
        .build()
        .into();
    let mut req = agent.get(url);
    if have > 0 {
        req = req.header("Range", format!("bytes={have}-"));
    }
    let resp = req.call().map_err(|source| UpdateError::Fetch {
        url: url.to_string(),
        source,
    })?;
    let status = resp.status().as_u16();
    let append = match status {
        206 => true,
        200 => false,
        // The partial file is already whole.
        416 if have > 0 => return Ok(()),
        status => {
            return Err(UpdateError::Http {
                url: url.to_string(),
                status,
            });
        }
    };
    let mut file = std::fs::OpenOptions::new()
        .create(true)
        .write(true)
        .append(append)
        .truncate(!append)
        .open(part)
        .map_err(write_err)?;
    let mut body = resp
        .into_body()
        .into_with_config()
        .limit(MAX_TOTAL)
        .reader();
    let mut buf = vec![0u8; 1 << 16];
    loop {
        let n = match body.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) => {
                let _ = file.flush();
                return Err(UpdateError::Interrupted {
                    url: url.to_string(),
                    source: e,
                });
            }
        };
        file.write_all(&buf[..n]).map_err(write_err)?;
    }
    file.flush().map_err(write_err)
}

/// Reads every entry of the archive at `zip` (checking each CRC) into the new folder `into`.
fn extract(zip: &Path, into: &PathBuf) -> Result<usize, ArchiveError> {
    let f = std::fs::File::open(zip).map_err(ArchiveError::Io)?;
    let mut archive = zip::ZipArchive::new(f).map_err(ArchiveError::Zip)?;
    if archive.len() > MAX_ENTRIES {
        return Err(ArchiveError::TooManyEntries(archive.len()));
    }
    std::fs::create_dir_all(into).map_err(ArchiveError::Io)?;
    let mut total = 0u64;
    let mut n = 0;
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i).map_err(ArchiveError::Zip)?;
        if entry.is_dir() {
            continue;
        }
        let name = entry.name().map_err(ArchiveError::Zip)?.to_string();
        let plain = !name.is_empty()
            && !name.starts_with('.')
            && !name.contains(['/', '\\', ':'])
            && name.ends_with(".json");
        if !plain {
            return Err(ArchiveError::NotPlainName(name));
        }
        let mut bytes = Vec::new();
        (&mut entry)
            .take(MAX_RECORD_BYTES + 1)
            .read_to_end(&mut bytes)
            .map_err(|source| ArchiveError::Entry {
                name: name.clone(),
                source,
            })?;
        if bytes.len() as u64 > MAX_RECORD_BYTES {
            return Err(ArchiveError::EntryTooBig(name));
        }
        total += bytes.len() as u64;
        if total > MAX_TOTAL {
            return Err(ArchiveError::TooBig);
        }
        std::fs::write(into.join(&name), &bytes).map_err(ArchiveError::Io)?;
        n += 1;
    }
    Ok(n)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::{BufRead, BufReader};
    use std::net::TcpListener;

    fn archive(entries: &[(&str, &str)]) -> Vec<u8> {
        let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        for (name, body) in entries {
            w.start_file(*name, zip::write::SimpleFileOptions::default())
                .unwrap();
            w.write_all(body.as_bytes()).unwrap();
        }
        w.finish().unwrap().into_inner()
    }

    /// A loopback HTTP server that answers each request with the next canned behaviour:
    /// `Some(cut)` sends the body only up to byte `cut` and drops the connection; `None` sends
    /// the rest (honouring `Range`). Returns the base URL and the requests' Range headers.
    fn serve(
        body: Vec<u8>,
        plan: Vec<Option<usize>>,
    ) -> (String, std::sync::mpsc::Receiver<Option<String>>) {
        let l = TcpListener::bind("127.0.0.1:0").unwrap();
        let base = format!("http://{}", l.local_addr().unwrap());
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            for step in plan {
                let (mut s, _) = l.accept().unwrap();
                let mut r = BufReader::new(s.try_clone().unwrap());
                let mut range = None;
                loop {
                    let mut line = String::new();
                    r.read_line(&mut line).unwrap();
                    if line.trim().is_empty() {
                        break;
                    }
                    if let Some(v) = line.to_ascii_lowercase().strip_prefix("range: bytes=") {
                        range = Some(v.trim().trim_end_matches('-').to_string());
                    }
                }
                let _ = tx.send(range.clone());
                let from: usize = range.as_deref().map(|r| r.parse().unwrap()).unwrap_or(0);
                let (status, rest) = if from > 0 {
                    ("206 Partial Content", &body[from..])
                } else {
                    ("200 OK", &body[..])
                };
                let _ = write!(
                    s,
                    "HTTP/1.1 {status}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                    rest.len()
                );
                match step {
                    Some(cut) => {
                        let _ = s.write_all(&rest[..cut]);
                        let _ = s.flush();
                        drop(s);
                    }
                    None => {
                        let _ = s.write_all(rest);
                    }
                }
            }
        });
        (base, rx)
    }

    const RECORD: &str =
        r#"{"id":"GHSA-aaaa-bbbb-cccc","affected":[{"package":{"ecosystem":"npm","name":"x"}}]}"#;

    #[test]
    fn an_interrupted_download_resumes_and_replaces_the_old_copy() {
        let body = archive(&[
            ("GHSA-aaaa-bbbb-cccc.json", RECORD),
            ("GHSA-dddd.json", RECORD),
        ]);
        let cut = body.len() / 2;
        let (base, ranges) = serve(body, vec![Some(cut), None]);
        let d = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(d.path().join("npm")).unwrap();
        std::fs::write(d.path().join("npm/OLD.json"), "{}").unwrap();
        let e = update(d.path(), Ecosystem::Npm, &base).unwrap_err();
        assert!(matches!(e, UpdateError::Interrupted { .. }), "{e}");
        assert!(e.to_string().contains("resume"), "{e}");
        assert!(
            d.path().join("npm/OLD.json").exists(),
            "the old copy is kept"
        );
        assert_eq!(update(d.path(), Ecosystem::Npm, &base).unwrap(), 2);
        assert_eq!(ranges.recv().unwrap(), None);
        assert_eq!(ranges.recv().unwrap(), Some(cut.to_string()));
        assert!(!d.path().join("npm/OLD.json").exists());
        assert!(d.path().join("npm/GHSA-dddd.json").exists());
        let db = db::Db::open(d.path()).unwrap();
        assert_eq!(db.ecosystem(Ecosystem::Npm).unwrap().records.len(), 2);
    }

    #[test]
    fn a_corrupt_or_hostile_archive_never_replaces_the_old_copy() {
        let d = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(d.path().join("npm")).unwrap();
        std::fs::write(d.path().join("npm/OLD.json"), "{}").unwrap();
        let mut broken = archive(&[("GHSA-1.json", RECORD)]);
        let mid = broken.len() / 3;
        broken[mid] ^= 0xff;
        for body in [
            b"not a zip at all".to_vec(),
            broken,
            archive(&[("../escape.json", RECORD)]),
        ] {
            let (base, _) = serve(body, vec![None]);
            let e = update(d.path(), Ecosystem::Npm, &base).unwrap_err();
            assert!(matches!(e, UpdateError::BadArchive(_)), "{e}");
            assert!(e.to_string().contains("old copy was kept"), "{e}");
            assert!(d.path().join("npm/OLD.json").exists());
            assert!(!d.path().join("escape.json").exists());
        }
    }

    #[test]
    fn ecosystems_default_to_the_folders_present() {
        let d = tempfile::tempdir().unwrap();
        assert_eq!(ecosystems(d.path(), &[]).unwrap().len(), 5);
        std::fs::create_dir(d.path().join("Go")).unwrap();
        assert_eq!(ecosystems(d.path(), &[]).unwrap(), vec![Ecosystem::Go]);
        assert_eq!(
            ecosystems(d.path(), &["pypi".into(), "NuGet".into()]).unwrap(),
            vec![Ecosystem::PyPI, Ecosystem::NuGet]
        );
        assert!(ecosystems(d.path(), &["cargo".into()]).is_err());
    }
}
