//! What an analyzer sees of one file: its path, its kind, its bytes, and where they came from.
//!
//! Inputs come from one of several sources (the working tree, the git index for `--staged`, a
//! commit's added lines for `--history`); analyzers never know which, so each works unchanged on
//! all of them. Classification happens once per file, from one table ([`classify`]).

use std::borrow::Cow;
use std::path::Path;

/// What kind of file this is. Decided once, from the path and (for YAML and JSON) a cheap look at
/// the content, so each analyzer's `applies_to` is a match on this.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FileKind {
    Terraform,
    /// `*.tfvars`, read by the Terraform evaluator but not a resource file.
    TerraformVars,
    Kubernetes,
    CloudFormation,
    /// An Azure Resource Manager template (JSON with a `deploymentTemplate.json` `$schema`).
    Arm,
    Compose,
    Workflow,
    /// YAML that is none of the above.
    Yaml,
    Dockerfile,
    CargoLock,
    Csv,
    Hl7,
    /// JSON, NDJSON, FHIR JSON (the PHI analyzer looks inside).
    Json,
    Xml,
    Sql,
    Rust,
    /// Source code in other languages.
    Source,
    /// Any other text.
    Text,
    /// A DICOM file (`.dcm` with the `DICM` magic): binary, but its header names the patient, so
    /// the engine lets it through for the PHI analyzer alone.
    Dicom,
    /// A binary key store (PKCS#12, JKS, JCEKS) named as one and carrying its format's magic:
    /// the engine lets it through for the secrets analyzer alone, which reports it by name.
    KeyStore,
}

/// Where an input's bytes came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    WorkingTree,
    /// The staged (index) version.
    Index,
    /// Lines added by a commit (`--history`): the commit id and its author date.
    Commit {
        id: String,
        date: String,
    },
}

/// One file, read once and shared by every analyzer that applies.
pub struct Input<'a> {
    /// Repository-relative, `/`-separated.
    pub path: &'a str,
    pub kind: FileKind,
    pub bytes: &'a [u8],
    /// The bytes as text (lossy when they are not valid UTF-8; a note says so).
    pub text: Cow<'a, str>,
    pub origin: Origin,
    /// The file on disk when there is one (for analyzers that need siblings, e.g. Terraform modules
    /// or `cargo metadata`). `None` for index and history inputs.
    pub disk_path: Option<&'a Path>,
}

impl<'a> Input<'a> {
    pub fn new(
        path: &'a str,
        bytes: &'a [u8],
        origin: Origin,
        disk_path: Option<&'a Path>,
    ) -> Self {
        // UTF-16 (HL7 interfaces and Windows tools write it, with a byte order mark) is decoded;
        // everything else is read as UTF-8.
        let text = match decode_utf16(bytes) {
            Some((text, _)) => Cow::Owned(text),
            None => String::from_utf8_lossy(bytes),
        };
        let kind = if is_dicom(path, bytes) {
            FileKind::Dicom
        } else if is_key_store(path, bytes) {
            FileKind::KeyStore
        } else {
            classify(path, &text)
        };
        Input {
            path,
            kind,
            bytes,
            text,
            origin,
            disk_path,
        }
    }

    /// The file name (last path component).
    pub fn file_name(&self) -> &str {
        self.path.rsplit('/').next().unwrap_or(self.path)
    }

    /// The lower-cased extension, without the dot.
    pub fn extension(&self) -> String {
        extension(self.path)
    }
}

/// Text that starts with a UTF-16 byte-order mark (as Windows tools write `.reg`, `.ps1` and
/// exported configuration), decoded to UTF-8 without the mark; `None` for anything else. The flag
/// is false when unpaired surrogates were replaced. Such text is full of NUL bytes, so without this
/// it would be skipped as binary and a credential in it would go unreported.
pub fn decode_utf16(bytes: &[u8]) -> Option<(String, bool)> {
    let big_endian = match bytes.get(..2)? {
        [0xFF, 0xFE] => false,
        [0xFE, 0xFF] => true,
        _ => return None,
    };
    let units = bytes[2..].chunks_exact(2).map(|c| {
        if big_endian {
            u16::from_be_bytes([c[0], c[1]])
        } else {
            u16::from_le_bytes([c[0], c[1]])
        }
    });
    let mut lossless = bytes.len().is_multiple_of(2);
    let text = char::decode_utf16(units)
        .map(|r| {
            r.unwrap_or_else(|_| {
                lossless = false;
                char::REPLACEMENT_CHARACTER
            })
        })
        .collect();
    Some((text, lossless))
}

/// A DICOM file: a `.dcm`/`.dicom` name and `DICM` at byte 128 (Part 10), or a file written without
/// the 128-byte preamble: `DICM` at byte 0, or a bare data set that starts with a group 0008 tag.
pub fn is_dicom(path: &str, bytes: &[u8]) -> bool {
    let ext = extension(path);
    (ext == "dcm" || ext == "dicom")
        && (bytes.get(128..132) == Some(b"DICM")
            || bytes.starts_with(b"DICM")
            || bytes.get(..2) == Some(&[0x08, 0x00]))
}

/// `Some(true)` for UTF-16 little endian, `Some(false)` for big endian, by the byte order mark.
pub fn utf16_bom(bytes: &[u8]) -> Option<bool> {
    match bytes.get(..2) {
        Some([0xFF, 0xFE]) => Some(true),
        Some([0xFE, 0xFF]) => Some(false),
        _ => None,
    }
}

/// A key store file by name (`.p12`, `.pfx`, `.jks`, `.jceks`, `.keystore`, `.bcfks`) whose bytes
/// start as one: DER (`30 8x`, PKCS#12 and BCFKS), JKS (`FE ED FE ED`) or JCEKS (`CE CE CE CE`).
/// A text file so named (a Git LFS pointer, a note) is not one.
pub fn is_key_store(path: &str, bytes: &[u8]) -> bool {
    matches!(
        extension(path).as_str(),
        "p12" | "pfx" | "jks" | "jceks" | "keystore" | "bcfks"
    ) && (matches!(bytes, [0x30, 0x80..=0x83, ..])
        || bytes.starts_with(&[0xFE, 0xED, 0xFE, 0xED])
        || bytes.starts_with(&[0xCE, 0xCE, 0xCE, 0xCE]))
}

pub fn extension(path: &str) -> String {
    let name = path.rsplit('/').next().unwrap_or(path);
    match name.rfind('.') {
        Some(i) if i > 0 => name[i + 1..].to_ascii_lowercase(),
        _ => String::new(),
    }
}

const SOURCE_EXTENSIONS: &[&str] = &[
    "py", "js", "jsx", "mjs", "cjs", "ts", "tsx", "go", "java", "kt", "kts", "scala", "rb", "php",
    "cs", "c", "h", "cc", "cpp", "hpp", "swift", "m", "sh", "bash", "zsh", "ps1", "pl", "lua", "r",
    "groovy", "gradle", "dart", "ex", "exs", "erl", "clj", "hs", "ipynb", "vue", "svelte",
];

/// Extensions that make a `dockerfile.*` name something other than a Dockerfile.
const DATA_EXTENSIONS: &[&str] = &[
    "md", "txt", "json", "yml", "yaml", "toml", "lock", "cfg", "ini", "xml", "html", "csv",
];

/// The single classification table. Order matters: specific names before extensions, and YAML is
/// refined by content (a Kubernetes manifest has `apiVersion` and `kind`, CloudFormation has
/// `AWSTemplateFormatVersion` or `Resources` with `Type: AWS::`).
pub fn classify(path: &str, text: &str) -> FileKind {
    let name = path.rsplit('/').next().unwrap_or(path);
    let lower = name.to_ascii_lowercase();
    let ext = extension(path);
    if lower == "cargo.lock" {
        return FileKind::CargoLock;
    }
    // `Dockerfile.prod` is a Dockerfile; `dockerfile.rs` or `dockerfile.md` is not.
    let other_known_type = ext == "rs"
        || SOURCE_EXTENSIONS.contains(&ext.as_str())
        || DATA_EXTENSIONS.contains(&ext.as_str());
    if lower == "dockerfile"
        || (lower.starts_with("dockerfile.") && !other_known_type)
        || lower.ends_with(".dockerfile")
        || lower == "containerfile"
    {
        return FileKind::Dockerfile;
    }
    match ext.as_str() {
        "tf" => return FileKind::Terraform,
        "tfvars" => return FileKind::TerraformVars,
        "rs" => return FileKind::Rust,
        "csv" | "tsv" => return FileKind::Csv,
        "hl7" => return FileKind::Hl7,
        "sql" => return FileKind::Sql,
        "xml" | "ccda" | "cda" => return FileKind::Xml,
        "json" | "ndjson" | "jsonl" | "template" => {
            if (ext == "template" || ext == "json")
                && (text.contains("AWSTemplateFormatVersion")
                    || (text.contains("\"Resources\"") && text.contains("\"AWS::")))
            {
                return FileKind::CloudFormation;
            }
            if ext == "json" && crate::analyzers::iac::arm::is_arm_template(text) {
                return FileKind::Arm;
            }
            if ext == "template" {
                // AWS's own samples write YAML templates as `.template` too.
                if looks_like_yaml_cloudformation(text) {
                    return FileKind::CloudFormation;
                }
                return FileKind::Text;
            }
            return FileKind::Json;
        }
        "yml" | "yaml" => return classify_yaml(path, &lower, text),
        _ => {}
    }
    if text.starts_with("MSH|") {
        return FileKind::Hl7;
    }
    if SOURCE_EXTENSIONS.contains(&ext.as_str()) {
        return FileKind::Source;
    }
    FileKind::Text
}

/// A CloudFormation template written in YAML: the format version, or a resource `Type: AWS::…`.
fn looks_like_yaml_cloudformation(text: &str) -> bool {
    text.contains("AWSTemplateFormatVersion")
        || text.contains("Type: AWS::")
        || text.contains("Type: 'AWS::")
        || text.contains("Type: \"AWS::")
}

fn classify_yaml(path: &str, lower_name: &str, text: &str) -> FileKind {
    if path.contains(".github/workflows/") || path.starts_with(".github/workflows/") {
        return FileKind::Workflow;
    }
    if lower_name.starts_with("docker-compose")
        || lower_name.starts_with("compose.")
        || lower_name.starts_with("compose-")
    {
        return FileKind::Compose;
    }
    if looks_like_yaml_cloudformation(text) {
        return FileKind::CloudFormation;
    }
    if (has_top_level_key(text, "apiVersion") && has_top_level_key(text, "kind"))
        || crate::analyzers::iac::kustomize::is_kustomization(path)
    {
        return FileKind::Kubernetes;
    }
    if has_top_level_key(text, "services") && !has_top_level_key(text, "on") {
        return FileKind::Compose;
    }
    FileKind::Yaml
}

fn has_top_level_key(text: &str, key: &str) -> bool {
    text.lines().any(|l| {
        l.strip_prefix(key)
            .is_some_and(|rest| rest.trim_start().starts_with(':'))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies_from_one_table() {
        assert_eq!(classify("a/Cargo.lock", ""), FileKind::CargoLock);
        assert_eq!(classify("main.tf", ""), FileKind::Terraform);
        assert_eq!(classify("build/Dockerfile.prod", ""), FileKind::Dockerfile);
        assert_eq!(classify("src/iac/dockerfile.rs", ""), FileKind::Rust);
        assert_eq!(classify("docs/dockerfile.md", ""), FileKind::Text);
        assert_eq!(
            classify(".github/workflows/ci.yml", "on: push"),
            FileKind::Workflow
        );
        assert_eq!(
            classify("k8s/app.yaml", "apiVersion: v1\nkind: Pod\n"),
            FileKind::Kubernetes
        );
        assert_eq!(
            classify("cfn.yaml", "Resources:\n  B:\n    Type: AWS::S3::Bucket\n"),
            FileKind::CloudFormation
        );
        assert_eq!(
            classify("docker-compose.yml", "services: {}"),
            FileKind::Compose
        );
        assert_eq!(classify("x.yml", "a: 1"), FileKind::Yaml);
        assert_eq!(classify("data/adt.hl7", ""), FileKind::Hl7);
        assert_eq!(classify("msg.txt", "MSH|^~\\&|"), FileKind::Hl7);
        assert_eq!(classify("src/lib.rs", ""), FileKind::Rust);
        assert_eq!(classify("app.py", ""), FileKind::Source);
        assert_eq!(classify("README", ""), FileKind::Text);
        // `.template`: CloudFormation in JSON or YAML; anything else stays text.
        assert_eq!(
            classify(
                "s3.template",
                "{\"AWSTemplateFormatVersion\": \"2010-09-09\"}"
            ),
            FileKind::CloudFormation
        );
        assert_eq!(
            classify(
                "s3.template",
                "Resources:\n  B:\n    Type: AWS::S3::Bucket\n"
            ),
            FileKind::CloudFormation
        );
        assert_eq!(
            classify("mail.template", "Dear {{ name }},"),
            FileKind::Text
        );
    }

    #[test]
    fn utf16_with_a_bom_is_decoded() {
        let le: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain("key=é".encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        assert_eq!(decode_utf16(&le), Some(("key=é".to_string(), true)));
        let be: Vec<u8> = [0xFE, 0xFF]
            .into_iter()
            .chain("a\nb".encode_utf16().flat_map(u16::to_be_bytes))
            .collect();
        assert_eq!(decode_utf16(&be), Some(("a\nb".to_string(), true)));
        assert_eq!(
            decode_utf16(&[0xFF, 0xFE, 0x00, 0xD8]).map(|d| d.1),
            Some(false)
        );
        assert_eq!(decode_utf16(b"plain"), None);
    }
}
