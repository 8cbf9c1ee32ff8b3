//! The IaC analyzer: Terraform, CloudFormation (YAML and JSON), Azure Resource Manager templates,
//! Kubernetes, docker-compose, GitHub Actions and Dockerfiles, checked by rules written as data (`rules/iac/<platform>/*.toml`).
//!
//! Every format is turned into [`model::Resource`]s (a positioned tree per resource) by a small
//! adapter, and one declarative [`matcher`] decides each rule for each resource: one finding per
//! rule and resource, at the offending attribute's line (the resource's first line when the
//! attribute is missing), named by its logical location (`aws_s3_bucket.data`,
//! `module.storage.aws_s3_bucket.logs`, `Deployment/payments/api/web`). The resource's first line
//! goes into `properties["resource_line"]` so inline markers on the resource (`# aseptic:ignore`,
//! `checkov:skip=`, `tfsec:ignore:`, `trivy:ignore:`) are honoured by `crate::policy`.
//!
//! YAML-based formats and Dockerfiles are analyzed file by file in `analyze`. Terraform needs the
//! whole directory (and the directories of its local modules), so `analyze` only parses and
//! collects, and `finish` evaluates (see `terraform/`). Bad input (malformed HCL/YAML/JSON, an alias
//! bomb, a stream of too many documents) becomes a warning note naming the file, never a panic.
//!
//! Modules: [`model`] (tree and resources), [`yaml`], [`terraform`], [`cloudformation`], [`arm`],
//! [`kubernetes`], [`compose`], [`workflow`], [`dockerfile`] (adapters), [`matcher`] and
//! [`checks`] (the rule language).

pub mod arm;
pub mod checks;
pub mod cloudformation;
pub mod compose;
pub mod dockerfile;
pub mod kubernetes;
pub mod kustomize;
pub mod matcher;
pub mod model;
pub mod terraform;
pub mod workflow;
pub mod yaml;

use super::{Analyzer, Output};
use crate::error::Error;
use crate::finding::{AnalyzerKind, Finding, Location, fingerprint};
use crate::input::{FileKind, Input};
use crate::note::Note;
use crate::rule::{Rule, RuleError};
use matcher::{Ctx, Matcher, Tri};
use model::Resource;
use std::collections::{BTreeMap, HashMap};
use std::sync::Mutex;

/// One platform's matcher of a rule.
struct Compiled {
    /// Index into [`IacAnalyzer::rules`]: a rule with matchers for several platforms is kept once.
    rule: usize,
    matcher: Matcher,
}

/// One matcher that holds for one resource, before it becomes a [`Finding`]: a module called
/// from many roots matches the same resource once per call, and the copies are dropped as hits,
/// before a finding (message, properties, fingerprint) is built for each.
struct Hit<'a> {
    compiled: usize,
    res: &'a Resource,
    line: u32,
}

impl<'a> Hit<'a> {
    /// What makes two hits the same finding: the matcher (so the rule and the id its fingerprint
    /// is taken from), the file, the line and the logical location.
    fn key(&self) -> (usize, &'a str, u32, &'a str) {
        let r = self.res;
        (self.compiled, &r.path, self.line, &r.logical)
    }
}

pub struct IacAnalyzer {
    rules: Vec<Rule>,
    matchers: Vec<Compiled>,
    /// Ids of the rules about secret values, whose snippets are redacted (see `fill_snippets`).
    secret_rules: Vec<String>,
    /// Rule indexes by platform, then by resource kind.
    index: HashMap<String, HashMap<String, Vec<usize>>>,
    terraform: Mutex<BTreeMap<String, terraform::Dir>>,
    /// The text of each Terraform file, for snippets in `finish`.
    texts: Mutex<HashMap<String, String>>,
    /// Kubernetes manifests in directories with a kustomization, and the kustomizations: checked
    /// as rendered, in `finish` (see [`kustomize`]).
    kustomize: Mutex<Kustomize>,
}

#[derive(Default)]
struct Kustomize {
    /// Path to (text, documents).
    manifests: BTreeMap<String, (String, Vec<model::Node>)>,
    kustomizations: BTreeMap<String, model::Node>,
    /// Whether a directory on disk holds a kustomization.
    dirs: HashMap<std::path::PathBuf, bool>,
}

impl IacAnalyzer {
    pub fn new(rules: Vec<Rule>) -> Result<Self, Error> {
        let mut compiled = Vec::new();
        let mut index: HashMap<String, HashMap<String, Vec<usize>>> = HashMap::new();
        for (r, rule) in rules.iter().enumerate() {
            let bad = |m| RuleError::new(&rule.source, format!("[matcher]: {m}"));
            let matchers = Matcher::compile_all(&rule.matcher).map_err(bad)?;
            if !rule.builtin {
                for m in &matchers {
                    m.when.compile_patterns().map_err(bad)?;
                }
            }
            for matcher in matchers {
                if let Some(a) = matcher.alias.as_ref().filter(|a| !rule.aliases.contains(a)) {
                    return Err(RuleError::new(
                        &rule.source,
                        format!("[matcher]: alias `{a}` is not among the rule's `aliases`"),
                    )
                    .into());
                }
                let i = compiled.len();
                for kind in &matcher.resources {
                    index
                        .entry(matcher.platform.clone())
                        .or_default()
                        .entry(kind.clone())
                        .or_default()
                        .push(i);
                }
                compiled.push(Compiled { rule: r, matcher });
            }
        }
        let secret_rules = rules
            .iter()
            .filter(|r| r.tags.iter().any(|t| t == "secret-value"))
            .map(|r| r.id.clone())
            .collect();
        Ok(IacAnalyzer {
            rules,
            matchers: compiled,
            secret_rules,
            index,
            terraform: Mutex::new(BTreeMap::new()),
            texts: Mutex::new(HashMap::new()),
            kustomize: Mutex::new(Kustomize::default()),
        })
    }

    fn platform(kind: FileKind) -> Option<&'static str> {
        Some(match kind {
            FileKind::Terraform | FileKind::TerraformVars => "terraform",
            FileKind::CloudFormation => "cloudformation",
            FileKind::Arm => "arm",
            FileKind::Kubernetes => "kubernetes",
            FileKind::Compose => "compose",
            FileKind::Workflow => "github-actions",
            FileKind::Dockerfile => "dockerfile",
            _ => return None,
        })
    }

    /// Runs every rule of `platform` over a group of resources that may refer to each other.
    /// Snippets are filled in later by [`IacAnalyzer::fill_snippets`], once per file.
    fn check_group(&self, platform: &str, group: &[Resource]) -> Vec<Finding> {
        self.hits(platform, group)
            .iter()
            .map(|h| self.finding(h))
            .collect()
    }

    /// The matchers of `platform` that hold for each resource of `group`.
    fn hits<'a>(&self, platform: &str, group: &'a [Resource]) -> Vec<Hit<'a>> {
        let Some(by_kind) = self.index.get(platform) else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for res in group {
            let Some(rules) = by_kind.get(&res.kind) else {
                continue;
            };
            for &i in rules {
                let ctx = Ctx {
                    resource: res,
                    group,
                };
                let o = self.matchers[i].matcher.when.eval(&res.body, &ctx);
                if o.tri != Tri::True {
                    continue;
                }
                out.push(Hit {
                    compiled: i,
                    res,
                    line: o.line.unwrap_or(res.line).max(1),
                });
            }
        }
        out
    }

    fn finding(&self, h: &Hit) -> Finding {
        let c = &self.matchers[h.compiled];
        make_finding(&self.rules[c.rule], &c.matcher, h.res, h.line)
    }

    /// Sets each finding's snippet from its line of `text` (redacted for rules about secret
    /// values).
    fn fill_snippets(&self, findings: &mut [Finding], text: &str) {
        if findings.is_empty() {
            return;
        }
        let lines = crate::lines::split_lines(text);
        for f in findings {
            let raw = lines
                .get(f.location.start_line as usize - 1)
                .copied()
                .unwrap_or("");
            let secret = self.secret_rules.contains(&f.rule_id);
            f.snippet = if secret {
                redact_value(raw)
            } else {
                // The line may still hold a credential the finding is not about.
                crate::redact::redact_in_line(&crate::redact::mask_credential_values(raw), "")
            };
        }
    }
}

impl IacAnalyzer {
    /// Keeps a kustomization, or a manifest in a directory (on disk) that has one, for `finish`.
    /// Returns whether it did.
    fn defer_to_kustomize(&self, input: &Input, out: &mut Output) -> bool {
        let is_k = kustomize::is_kustomization(input.path);
        let Some(dir) = input.disk_path.and_then(|p| p.parent()) else {
            return false;
        };
        let Ok(mut k) = self.kustomize.lock() else {
            return false;
        };
        let has = *k.dirs.entry(dir.to_path_buf()).or_insert_with(|| {
            ["kustomization.yaml", "kustomization.yml", "Kustomization"]
                .iter()
                .any(|n| dir.join(n).is_file())
        });
        if !is_k && !has {
            return false;
        }
        let mut docs = Vec::new();
        if let Err(e) = yaml::parse_stream(&input.text, |d| docs.push(d)) {
            out.notes
                .push(Note::warning(Some(input.path), e.to_string()));
        }
        if is_k {
            if let Some(d) = docs.into_iter().next() {
                k.kustomizations.insert(input.path.to_string(), d);
            }
        } else {
            k.manifests
                .insert(input.path.to_string(), (input.text.to_string(), docs));
        }
        true
    }

    /// Checks the deferred Kubernetes manifests as their top kustomizations render them (those no
    /// kustomization renders, as written).
    fn finish_kustomize(&self, out: &mut Output) {
        let k = match self.kustomize.lock() {
            Ok(mut k) => std::mem::take(&mut *k),
            Err(_) => return,
        };
        if k.manifests.is_empty() {
            return;
        }
        let docs: BTreeMap<String, Vec<model::Node>> = k
            .manifests
            .iter()
            .map(|(p, (_, d))| (p.clone(), d.clone()))
            .collect();
        let tree = kustomize::Tree {
            manifests: &docs,
            kustomizations: &k.kustomizations,
        };
        let mut used = std::collections::HashSet::new();
        let mut findings = Vec::new();
        for top in tree.tops() {
            let top_dir = terraform::dir_of(top);
            for r in tree.render(top, &mut used) {
                let mut group = Vec::new();
                kubernetes::resources(&r.path, &r.doc, &mut group);
                if terraform::dir_of(&r.path) != top_dir {
                    for res in &mut group {
                        res.logical = format!("kustomize:{top_dir}:{}", res.logical);
                    }
                }
                findings.extend(self.check_group("kubernetes", &group));
            }
        }
        for (path, (_, ds)) in &k.manifests {
            if used.contains(path) {
                continue;
            }
            for d in ds {
                let mut group = Vec::new();
                kubernetes::resources(path, d, &mut group);
                findings.extend(self.check_group("kubernetes", &group));
            }
        }
        findings.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
        findings.dedup_by(|a, b| a.fingerprint == b.fingerprint && a.location == b.location);
        for chunk in findings.chunk_by_mut(|a, b| a.location.path == b.location.path) {
            let path = chunk[0].location.path.clone();
            let text = k
                .manifests
                .get(&path)
                .map(|(t, _)| t.as_str())
                .unwrap_or("");
            self.fill_snippets(chunk, text);
        }
        out.findings.extend(findings);
    }

    /// One info note per former rule id an inline marker in this file names: it still works for
    /// this release, under the rule's current id.
    fn note_deprecated_markers(&self, path: &str, text: &str, out: &mut Output) {
        if !text.contains("aseptic:ignore") {
            return;
        }
        let mut seen = Vec::new();
        for c in &self.matchers {
            let Some(alias) = &c.matcher.alias else {
                continue;
            };
            if seen.contains(&alias) || !text.contains(alias.as_str()) {
                continue;
            }
            seen.push(alias);
            out.notes.push(Note::info(
                Some(path),
                format!(
                    "`{alias}` is deprecated: it is now `{}` on every platform; markers naming the old id work for this release only",
                    self.rules[c.rule].id
                ),
            ));
        }
    }
}

/// Go templates (Helm charts) are not YAML until rendered.
fn is_helm_template(path: &str, text: &str) -> bool {
    text.contains("{{")
        && (text.contains(".Values")
            || text.contains("{{-")
            || text.contains(".Release")
            || path.contains("/templates/"))
}

fn redact_value(line: &str) -> String {
    match line.find(['=', ':']) {
        Some(p) => {
            let value = line[p + 1..].trim().trim_matches(['"', '\'']);
            crate::redact::redact_in_line(line, value)
        }
        None => crate::redact::redact_in_line(line, line.trim()),
    }
}

/// `created only when var.a or var.b says so`, naming at most three root variables.
fn conditional_on(c: &model::Conditional) -> String {
    let names: Vec<String> = c
        .inputs
        .iter()
        .take(3)
        .map(|v| format!("var.{v}"))
        .collect();
    match c.inputs.len() {
        0 => "created only for some inputs".to_string(),
        1..=3 => format!("created only for some values of {}", names.join(", ")),
        n => format!(
            "created only for some values of {} and {} more",
            names.join(", "),
            n - 3
        ),
    }
}

fn make_finding(rule: &Rule, m: &Matcher, res: &Resource, line: u32) -> Finding {
    let what = m.message.as_deref().unwrap_or(&rule.summary);
    let mut properties = BTreeMap::new();
    properties.insert("resource_line".to_string(), res.line.to_string());
    properties.insert(
        "resource_end_line".to_string(),
        res.end_line.max(res.line).to_string(),
    );
    properties.insert("resource_kind".to_string(), res.kind.clone());
    // A finding of a matcher that had its own id keeps that id's fingerprint, so baselines and
    // fingerprint ignores written before the ids merged keep matching.
    let fp_id = match &m.alias {
        Some(a) => {
            properties.insert(crate::policy::DEPRECATED_ID.to_string(), a.clone());
            a
        }
        None => &rule.id,
    };
    // A resource that exists only for some inputs says which: the finding holds whenever it
    // is created.
    let place = match &res.conditional {
        Some(c) => {
            let when = conditional_on(c);
            properties.insert("created_when".to_string(), when.clone());
            format!("{}; {when}", res.logical)
        }
        None => res.logical.clone(),
    };
    Finding {
        rule_id: rule.id.clone(),
        analyzer: AnalyzerKind::Iac,
        severity: rule.severity,
        message: format!("{what} ({place})"),
        location: Location::line(&res.path, line),
        snippet: String::new(),
        fingerprint: fingerprint(fp_id, &res.path, &res.logical),
        logical_location: Some(res.logical.clone()),
        properties,
        value_key: None,
    }
}

impl Analyzer for IacAnalyzer {
    fn kind(&self) -> AnalyzerKind {
        AnalyzerKind::Iac
    }

    fn applies_to(&self, input: &Input) -> bool {
        Self::platform(input.kind).is_some_and(|p| self.index.contains_key(p))
    }

    fn analyze(&self, input: &Input, out: &mut Output) {
        let Some(platform) = Self::platform(input.kind) else {
            return;
        };
        let path = input.path;
        let text: &str = &input.text;
        self.note_deprecated_markers(path, text, out);
        let mut resources = Vec::new();
        match input.kind {
            FileKind::Terraform | FileKind::TerraformVars => {
                match terraform::parse(path, text) {
                    Ok(f) => {
                        let dir = terraform::dir_of(path).to_string();
                        if let Ok(mut t) = self.texts.lock() {
                            t.insert(path.to_string(), text.to_string());
                        }
                        if let Ok(mut dirs) = self.terraform.lock() {
                            let d = dirs.entry(dir).or_default();
                            if input.kind == FileKind::Terraform {
                                d.tf.push(f);
                            } else {
                                d.vars.push(f);
                            }
                        }
                    }
                    Err(m) => out.notes.push(Note::warning(Some(path), m)),
                }
                return;
            }
            FileKind::Kubernetes if self.defer_to_kustomize(input, out) => return,
            FileKind::Kubernetes if is_helm_template(path, text) => {
                out.notes.push(Note::info(
                    Some(path),
                    "a Helm template: not rendered, so not checked (scan the rendered manifests, e.g. `helm template`)",
                ));
                return;
            }
            FileKind::Dockerfile => dockerfile::resources(path, text, &mut resources),
            _ => {
                let adapter: fn(&str, &model::Node, &mut Vec<Resource>) = match input.kind {
                    FileKind::Kubernetes => kubernetes::resources,
                    FileKind::CloudFormation => cloudformation::resources,
                    FileKind::Arm => arm::resources,
                    FileKind::Compose => compose::resources,
                    _ => workflow::resources,
                };
                let start = out.findings.len();
                let mut findings = Vec::new();
                let res = yaml::parse_stream(text, |doc| {
                    let mut group = Vec::new();
                    adapter(path, &doc, &mut group);
                    findings.extend(self.check_group(platform, &group));
                });
                out.findings.extend(findings);
                self.fill_snippets(&mut out.findings[start..], text);
                if let Err(e) = res {
                    // CloudFormation JSON that YAML rejects: plain JSON, without lines.
                    let json = matches!(input.extension().as_str(), "json" | "template")
                        .then(|| serde_json::from_str::<serde_json::Value>(text).ok())
                        .flatten();
                    match json {
                        Some(v) => {
                            adapter(path, &model::from_json(&v, 1), &mut resources);
                        }
                        None => out.notes.push(Note::warning(Some(path), e.to_string())),
                    }
                }
            }
        }
        let start = out.findings.len();
        out.findings.extend(self.check_group(platform, &resources));
        self.fill_snippets(&mut out.findings[start..], text);
    }

    fn finish(&self, out: &mut Output) {
        self.finish_kustomize(out);
        let dirs = match self.terraform.lock() {
            Ok(mut d) => std::mem::take(&mut *d),
            Err(_) => return,
        };
        if dirs.is_empty() {
            return;
        }
        let evaluated = terraform::evaluate(&dirs);
        for (path, name, source) in &evaluated.missing_modules {
            out.notes.push(Note::info(
                Some(path),
                format!(
                    "module `{name}`: local source `{source}` is not in the scan; its resources were not checked"
                ),
            ));
        }
        for (path, root) in &evaluated.over_budget {
            let root = if root.is_empty() { "." } else { root.as_str() };
            out.notes.push(Note::warning(
                Some(path),
                format!(
                    "Terraform: the root module in `{root}` goes over the evaluation budget ({} module instances, {} resources, {} blocks generated by `dynamic`, {} by one `dynamic`); the module calls, resources and blocks past it were not checked",
                    terraform::MAX_MODULE_INSTANCES,
                    terraform::MAX_RESOURCES,
                    terraform::MAX_DYNAMIC_BLOCKS,
                    terraform::MAX_INSTANCES
                ),
            ));
        }
        use rayon::prelude::*;
        let mut hits: Vec<Hit> = evaluated
            .groups
            .par_iter()
            .flat_map_iter(|g| self.hits("terraform", g))
            .collect();
        // A module called twice (or from several roots) yields the same finding twice (same
        // rule, file, line and logical location, so the same fingerprint): keep the first.
        hits.sort_by(|a, b| a.key().cmp(&b.key()));
        hits.dedup_by(|a, b| a.key() == b.key());
        let mut findings: Vec<Finding> = hits.iter().map(|h| self.finding(h)).collect();
        findings.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
        let texts = self
            .texts
            .lock()
            .map(|mut t| std::mem::take(&mut *t))
            .unwrap_or_default();
        for chunk in findings.chunk_by_mut(|a, b| a.location.path == b.location.path) {
            let text = texts.get(&chunk[0].location.path);
            self.fill_snippets(chunk, text.map(String::as_str).unwrap_or(""));
        }
        out.findings.extend(findings);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn analyze(a: &IacAnalyzer, path: &str, text: &str) -> Output {
        let input = Input::new(
            path,
            text.as_bytes(),
            crate::input::Origin::WorkingTree,
            None,
        );
        let mut out = Output::default();
        a.analyze(&input, &mut out);
        out
    }

    fn rule_with(matcher: &str) -> Rule {
        let text = format!(
            r###"id = "IAC-TST-001"
name = "test"
analyzer = "iac"
severity = "low"
summary = "test"
hipaa = ["164.312(a)(1)"]
help = "## What it does\n## Why it matters\n## Example\n## Fix\n## References\n"
[matcher]
{matcher}
"###
        );
        crate::rule::parse_rule("test.toml", &text).unwrap()
    }

    #[test]
    fn a_bad_matcher_or_unknown_check_stops_the_build_naming_the_rule() {
        for m in [
            "platform = \"terraform\"\nresources = [\"x\"]\nwhen = { check = \"no_such_check\" }",
            "platform = \"cobol\"\nresources = [\"x\"]\nwhen = { path = \"a\", present = true }",
            "platform = \"terraform\"\nresources = [\"x\"]\nwhen = { path = \"a\", regex = \"(\" }",
        ] {
            match IacAnalyzer::new(vec![rule_with(m)]) {
                Err(Error::Rule(e)) => assert_eq!(e.source, "test.toml"),
                Err(e) => panic!("unexpected error {e}"),
                Ok(_) => panic!("accepted a bad matcher: {m}"),
            }
        }
    }

    #[test]
    fn helm_templates_are_skipped_with_a_note() {
        let r = rule_with(
            "platform = \"kubernetes\"\nresources = [\"Pod\"]\nwhen = { path = \"kind\", present = true }",
        );
        let a = IacAnalyzer::new(vec![r]).unwrap();
        let text = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: {{ .Release.Name }}\n{{- if .Values.x }}\n";
        let out = analyze(&a, "chart/templates/pod.yaml", text);
        assert!(out.findings.is_empty());
        assert_eq!(out.notes.len(), 1);
        assert_eq!(out.notes[0].level, crate::note::NoteLevel::Info);
    }

    #[test]
    fn secret_snippets_are_redacted() {
        let r = rule_with(
            "platform = \"kubernetes\"\nresources = [\"Container\"]\nwhen = { path = \"env\", any_item = { path = \"value\", regex = \"x\" } }",
        );
        let mut r = r;
        r.tags.push("secret-value".into());
        let a = IacAnalyzer::new(vec![r]).unwrap();
        let text = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: c\n      env:\n        - name: TOKEN\n          value: xoxb-very-secret-value\n";
        let out = analyze(&a, "pod.yaml", text);
        assert_eq!(out.findings.len(), 1);
        let f = &out.findings[0];
        assert_eq!(f.location.start_line, 10);
        assert!(!f.snippet.contains("very-secret"), "{}", f.snippet);
    }
}
