//! Maven `pom.xml`: the dependencies a POM pins with a literal version, or with a property
//! defined in the same file (`${jackson.version}`, `${project.version}`).
//!
//! Read with a small tag scanner (elements, text, comments, CDATA, the five predefined
//! entities); no DTDs, no external entities, nothing fetched. Dependencies of the project, of
//! `<dependencyManagement>` and of `<profiles>` count; plugins do not. A dependency whose version
//! is missing (managed by a parent POM or an imported BOM), comes from a property this file does
//! not define, or is a range, needs a build to know: it is named in the skipped note, never
//! guessed. Project dependencies are direct; managed ones have unknown directness; `test`
//! scope is development-only.

use super::{Lockfile, LockfileError, Package};
use crate::clip::clip;
use std::collections::HashMap;

/// One element's text, with the path of element names leading to it.
struct Leaf {
    path: Vec<String>,
    text: String,
}

/// A dependency block: its fields and the line of `<dependency>`.
#[derive(Default)]
struct Dep {
    group: String,
    artifact: String,
    version: Option<String>,
    scope: String,
    line: u32,
    managed: bool,
}

fn decode(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

pub fn parse(src: &str) -> Result<Lockfile, LockfileError> {
    let b = src.as_bytes();
    let mut i = 0;
    let mut line = 1u32;
    let mut stack: Vec<String> = Vec::new();
    let mut text = String::new();
    let mut props: HashMap<String, String> = HashMap::new();
    let mut deps: Vec<Dep> = Vec::new();
    let mut cur: Option<Dep> = None;
    let mut leaves: Vec<Leaf> = Vec::new();
    let count_lines = |s: &[u8]| s.iter().filter(|&&c| c == b'\n').count() as u32;
    while i < b.len() {
        if b[i] != b'<' {
            let end = memchr::memchr(b'<', &b[i..]).map_or(b.len(), |j| i + j);
            text.push_str(&src[i..end]);
            line += count_lines(&b[i..end]);
            i = end;
            continue;
        }
        let rest = &src[i..];
        let (close, skip_text) = if rest.starts_with("<!--") {
            ("-->", true)
        } else if rest.starts_with("<![CDATA[") {
            ("]]>", false)
        } else if rest.starts_with("<?") {
            ("?>", true)
        } else if rest.starts_with("<!") {
            (">", true)
        } else {
            (">", false)
        };
        let Some(len) = rest.find(close) else {
            return Err(LockfileError::Line {
                line,
                problem: "an unclosed tag",
            });
        };
        let end = i + len + close.len();
        let tag = &src[i..end];
        if rest.starts_with("<![CDATA[") {
            text.push_str(&tag[9..tag.len() - 3]);
        } else if !skip_text {
            let inner = tag[1..tag.len() - 1].trim();
            if let Some(name) = inner.strip_prefix('/') {
                let name = name.trim();
                if stack.last().map(String::as_str) != Some(name) {
                    return Err(LockfileError::StrayEndTag {
                        line,
                        tag: name.to_string(),
                    });
                }
                let t = decode(text.trim());
                let path = stack.clone();
                stack.pop();
                on_close(&path, &t, &mut cur, &mut deps, &mut props);
                leaves.push(Leaf { path, text: t });
            } else {
                let self_closing = inner.ends_with('/');
                let name = inner
                    .trim_end_matches('/')
                    .split(|c: char| c.is_whitespace())
                    .next()
                    .unwrap_or("")
                    .to_string();
                if name.is_empty() {
                    return Err(LockfileError::Line {
                        line,
                        problem: "an empty tag",
                    });
                }
                if stack.len() > 256 {
                    return Err(LockfileError::Line {
                        line,
                        problem: "elements nested too deep",
                    });
                }
                stack.push(name.clone());
                if name == "dependency" && !self_closing {
                    let managed = stack.iter().any(|s| s == "dependencyManagement");
                    let in_plugin = stack.iter().any(|s| s == "plugin" || s == "plugins");
                    if !in_plugin {
                        cur = Some(Dep {
                            line,
                            managed,
                            ..Default::default()
                        });
                    }
                }
                if self_closing {
                    stack.pop();
                }
            }
            text.clear();
        }
        line += count_lines(tag.as_bytes());
        i = end;
    }
    if !stack.is_empty() {
        return Err(LockfileError::Unclosed {
            tag: stack.last().cloned().unwrap_or_default(),
        });
    }
    if !leaves
        .iter()
        .any(|l| l.path.first().map(String::as_str) == Some("project"))
    {
        return Err(LockfileError::NotThisFormat(
            "no `<project>` element: not a POM",
        ));
    }
    // Built-in properties from the project's own coordinates.
    for l in &leaves {
        let p: Vec<&str> = l.path.iter().map(String::as_str).collect();
        let key = match p.as_slice() {
            ["project", "version"] => "project.version",
            ["project", "groupId"] => "project.groupId",
            ["project", "artifactId"] => "project.artifactId",
            ["project", "parent", "version"] => "project.parent.version",
            ["project", "parent", "groupId"] => "project.parent.groupId",
            _ => continue,
        };
        props
            .entry(key.to_string())
            .or_insert_with(|| l.text.clone());
    }
    if let Some(v) = props.get("project.parent.version").cloned() {
        props.entry("project.version".into()).or_insert(v);
    }
    if let Some(g) = props.get("project.parent.groupId").cloned() {
        props.entry("project.groupId".into()).or_insert(g);
    }
    let mut lock = Lockfile::default();
    for d in deps {
        let group = resolve(&d.group, &props);
        let artifact = resolve(&d.artifact, &props);
        let version = d.version.as_deref().and_then(|v| resolve(v, &props));
        let (Some(group), Some(artifact)) = (group, artifact) else {
            lock.skipped.push(format!(
                "{}:{} (coordinates use a property this file does not define)",
                d.group, d.artifact
            ));
            continue;
        };
        let name = format!("{group}:{artifact}");
        let version = match (d.version.as_deref(), version) {
            (None, _) => {
                lock.skipped.push(format!(
                    "{name} (no version: managed by a parent POM or BOM; needs a build)"
                ));
                continue;
            }
            (Some(raw), None) => {
                lock.skipped.push(format!(
                    "{name} (version `{}` uses a property this file does not define; needs a build)",
                    clip(raw, 60)
                ));
                continue;
            }
            (Some(_), Some(v)) if v.starts_with('[') || v.starts_with('(') || v.contains(',') => {
                lock.skipped
                    .push(format!("{name} (a version range; needs a build)"));
                continue;
            }
            (Some(_), Some(v)) => v,
        };
        let mut p = Package::new(name, version, d.line);
        p.direct = (!d.managed).then_some(true);
        p.dev = d.scope == "test";
        if d.scope == "import" {
            p.direct = None;
        }
        lock.packages.push(p);
    }
    Ok(lock)
}

fn on_close(
    path: &[String],
    text: &str,
    cur: &mut Option<Dep>,
    deps: &mut Vec<Dep>,
    props: &mut HashMap<String, String>,
) {
    let n = path.len();
    let name = path[n - 1].as_str();
    // `<project><properties><x.y>` (and a profile's properties).
    if n >= 2 && path[n - 2] == "properties" && !props.contains_key(name) {
        props.insert(name.to_string(), text.to_string());
        return;
    }
    if name == "dependency" {
        if let Some(d) = cur.take() {
            deps.push(d);
        }
        return;
    }
    if n >= 2
        && path[n - 2] == "dependency"
        && let Some(d) = cur.as_mut()
    {
        match name {
            "groupId" => d.group = text.to_string(),
            "artifactId" => d.artifact = text.to_string(),
            "version" => d.version = Some(text.to_string()),
            "scope" => d.scope = text.to_string(),
            _ => {}
        }
    }
}

/// Substitutes `${name}` from `props` (repeatedly, for properties defined by properties);
/// `None` when one is not defined here.
fn resolve(s: &str, props: &HashMap<String, String>) -> Option<String> {
    let mut out = s.to_string();
    for _ in 0..10 {
        let Some(start) = out.find("${") else {
            return Some(out);
        };
        let end = out[start..].find('}')? + start;
        let key = &out[start + 2..end];
        let key = key
            .strip_prefix("pom.")
            .map(|k| format!("project.{k}"))
            .unwrap_or(key.to_string());
        let key = if key == "version" {
            "project.version".to_string()
        } else {
            key
        };
        let v = props.get(&key)?.clone();
        out.replace_range(start..=end, &v);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    const POM: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <!-- <dependency><groupId>no</groupId></dependency> -->
  <groupId>org.example</groupId>
  <artifactId>app</artifactId>
  <version>1.0.0</version>
  <properties>
    <jackson.version>2.9.8</jackson.version>
    <log4j.version>${log4j.base}.1</log4j.version>
    <log4j.base>2.14</log4j.base>
  </properties>
  <dependencies>
    <dependency>
      <groupId>com.fasterxml.jackson.core</groupId>
      <artifactId>jackson-databind</artifactId>
      <version>${jackson.version}</version>
    </dependency>
    <dependency>
      <groupId>org.apache.logging.log4j</groupId>
      <artifactId>log4j-core</artifactId>
      <version>${log4j.version}</version>
    </dependency>
    <dependency>
      <groupId>junit</groupId>
      <artifactId>junit</artifactId>
      <version>4.12</version>
      <scope>test</scope>
    </dependency>
    <dependency>
      <groupId>org.example</groupId>
      <artifactId>sibling</artifactId>
      <version>${project.version}</version>
    </dependency>
    <dependency>
      <groupId>org.managed</groupId>
      <artifactId>by-parent</artifactId>
    </dependency>
    <dependency>
      <groupId>org.unknown</groupId>
      <artifactId>prop</artifactId>
      <version>${elsewhere.version}</version>
    </dependency>
  </dependencies>
  <build><plugins><plugin><dependencies><dependency>
    <groupId>p</groupId><artifactId>q</artifactId><version>1</version>
  </dependency></dependencies></plugin></plugins></build>
</project>
"#;

    #[test]
    fn literal_and_in_file_property_versions() {
        let l = parse(POM).unwrap();
        let got: Vec<(&str, &str, u32, bool)> = l
            .packages
            .iter()
            .map(|p| (p.name.as_str(), p.version.as_str(), p.line, p.dev))
            .collect();
        assert_eq!(
            got,
            vec![
                (
                    "com.fasterxml.jackson.core:jackson-databind",
                    "2.9.8",
                    13,
                    false
                ),
                ("org.apache.logging.log4j:log4j-core", "2.14.1", 18, false),
                ("junit:junit", "4.12", 23, true),
                ("org.example:sibling", "1.0.0", 29, false),
            ]
        );
        assert_eq!(l.skipped.len(), 2, "{:?}", l.skipped);
        assert!(l.skipped[0].contains("org.managed:by-parent (no version"));
        assert!(l.skipped[1].contains("elsewhere.version"));
    }

    #[test]
    fn broken_xml_is_an_error() {
        assert!(parse("<project><dependencies></project>").is_err());
        assert!(parse("<project").is_err());
        assert!(parse("<other></other>").is_err());
    }
}
