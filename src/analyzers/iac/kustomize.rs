//! Kustomize, as far as local files go: a manifest in a directory that has a `kustomization.yaml`
//! is checked as the kustomizations that name it render it, not as written, so an `images:`
//! entry that pins a tag or a patch that drops privileges counts before the rules run.
//!
//! The analyzer defers such manifests and every kustomization to `finish`, where [`render`] walks
//! each top kustomization (one no other kustomization in the scan names): its `resources` (files
//! and directories with their own kustomization, recursively, depth-limited), then its
//! `patchesStrategicMerge`/`patches` (strategic merge: maps merge, lists of named items merge by
//! `name`, other lists are replaced; a patch applies to the objects of its kind and name, or its
//! `target`), then its `images` (`newName`, `newTag`, `digest`). Patched values keep the line of
//! the value they replace (or of the object), so findings stay in the base file.
//!
//! Deliberately not done: remote bases, generators (`configMapGenerator`, `secretGenerator`),
//! JSON 6902 patches (`op:`), `namePrefix`/`namespace` rewriting, components and replacements.
//! A deferred manifest no kustomization renders is checked as written.

use super::model::{Node, Value};
use super::terraform::{dir_of, join};
use std::collections::{BTreeMap, HashSet};

/// Is this the file name of a kustomization?
pub fn is_kustomization(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or(path);
    matches!(
        name,
        "kustomization.yaml" | "kustomization.yml" | "Kustomization"
    )
}

/// One object a kustomization renders: the file it comes from and its (transformed) tree.
pub struct Rendered {
    pub path: String,
    pub doc: Node,
}

/// The parsed YAML documents of the deferred files and of the kustomizations, by path.
pub struct Tree<'a> {
    pub manifests: &'a BTreeMap<String, Vec<Node>>,
    pub kustomizations: &'a BTreeMap<String, Node>,
}

const MAX_DEPTH: usize = 8;

impl Tree<'_> {
    fn kustomization_in(&self, dir: &str) -> Option<(&String, &Node)> {
        ["kustomization.yaml", "kustomization.yml", "Kustomization"]
            .iter()
            .map(|n| {
                if dir.is_empty() {
                    n.to_string()
                } else {
                    format!("{dir}/{n}")
                }
            })
            .find_map(|p| self.kustomizations.get_key_value(&p))
    }

    /// The paths (files and kustomizations) a kustomization names in `resources`.
    fn resources_of(&self, k_path: &str, k: &Node) -> Vec<String> {
        let dir = dir_of(k_path);
        let mut out = Vec::new();
        for key in ["resources", "bases"] {
            if let Some(Value::List(items)) = k.get(key).map(|n| &n.value) {
                for i in items {
                    if let Some(rel) = i.as_str().filter(|r| !r.contains("://"))
                        && let Some(p) = join(dir, rel)
                    {
                        out.push(p);
                    }
                }
            }
        }
        out
    }

    /// The kustomizations no other kustomization in the scan names.
    pub fn tops(&self) -> Vec<&String> {
        let mut named = HashSet::new();
        for (p, k) in self.kustomizations {
            for r in self.resources_of(p, k) {
                if let Some((kp, _)) = self.kustomization_in(&r) {
                    named.insert(kp.clone());
                }
            }
        }
        self.kustomizations
            .keys()
            .filter(|p| !named.contains(*p))
            .collect()
    }

    /// Renders the kustomization at `k_path`, recording every manifest file it used.
    pub fn render(&self, k_path: &str, used: &mut HashSet<String>) -> Vec<Rendered> {
        self.render_d(k_path, used, 0)
    }

    fn render_d(&self, k_path: &str, used: &mut HashSet<String>, depth: usize) -> Vec<Rendered> {
        let Some(k) = self.kustomizations.get(k_path) else {
            return Vec::new();
        };
        if depth > MAX_DEPTH {
            return Vec::new();
        }
        let mut objects = Vec::new();
        for r in self.resources_of(k_path, k) {
            if let Some(docs) = self.manifests.get(&r) {
                used.insert(r.clone());
                objects.extend(docs.iter().map(|d| Rendered {
                    path: r.clone(),
                    doc: d.clone(),
                }));
            } else if let Some((kp, _)) = self.kustomization_in(&r) {
                let kp = kp.clone();
                objects.extend(self.render_d(&kp, used, depth + 1));
            }
        }
        for patch in self.patches(k_path, k, used) {
            for o in objects.iter_mut() {
                if patch.applies_to(&o.doc) {
                    merge(&mut o.doc, &patch.body);
                }
            }
        }
        if let Some(Value::List(images)) = k.get("images").map(|n| &n.value) {
            for o in objects.iter_mut() {
                set_images(&mut o.doc, images);
            }
        }
        objects
    }

    /// The kustomization's patches; the files they come from count as used (a patch is not a
    /// manifest of its own).
    fn patches(&self, k_path: &str, k: &Node, used: &mut HashSet<String>) -> Vec<Patch> {
        let dir = dir_of(k_path);
        let mut out = Vec::new();
        let mut from_file = |rel: &str, target: Option<&Node>, out: &mut Vec<Patch>| {
            let Some(p) = join(dir, rel) else { return };
            if let Some(docs) = self.manifests.get(&p) {
                used.insert(p);
                for d in docs {
                    out.push(Patch::new(d.clone(), target));
                }
            }
        };
        if let Some(Value::List(items)) = k.get("patchesStrategicMerge").map(|n| &n.value) {
            for i in items {
                match i.as_str() {
                    Some(s) if !s.contains('\n') => from_file(s, None, &mut out),
                    Some(s) => out.extend(inline(s, None)),
                    None => {}
                }
            }
        }
        if let Some(Value::List(items)) = k.get("patches").map(|n| &n.value) {
            for i in items {
                let target = i.get("target");
                if let Some(p) = i.get("path").and_then(|p| p.as_str()) {
                    from_file(p, target, &mut out);
                } else if let Some(p) = i.get("patch").and_then(|p| p.as_str()) {
                    out.extend(inline(p, target));
                }
            }
        }
        out
    }
}

/// An inline strategic-merge patch (a JSON 6902 list of operations is not one).
fn inline(text: &str, target: Option<&Node>) -> Vec<Patch> {
    let mut out = Vec::new();
    let _ = super::yaml::parse_stream(text, |d| {
        if matches!(d.value, Value::Map(_)) {
            out.push(Patch::new(d, target));
        }
    });
    out
}

struct Patch {
    body: Node,
    kind: Option<String>,
    name: Option<String>,
}

impl Patch {
    fn new(body: Node, target: Option<&Node>) -> Patch {
        fn from<'n>(n: Option<&'n Node>, k: &str) -> Option<&'n str> {
            n.and_then(|t| t.get(k)).and_then(|v| v.as_str())
        }
        let meta = body.get("metadata");
        let kind = from(target, "kind")
            .or_else(|| from(Some(&body), "kind"))
            .map(str::to_string);
        let name = from(target, "name")
            .or_else(|| from(meta, "name"))
            .map(str::to_string);
        Patch { body, kind, name }
    }

    fn applies_to(&self, doc: &Node) -> bool {
        let kind = doc.get("kind").and_then(|k| k.as_str());
        let name = doc
            .get("metadata")
            .and_then(|m| m.get("name"))
            .and_then(|n| n.as_str());
        self.kind.as_deref().is_none_or(|k| Some(k) == kind)
            && self.name.as_deref().is_none_or(|n| Some(n) == name)
            && (self.kind.is_some() || self.name.is_some())
    }
}

/// Strategic merge of `patch` into `base`; new values take the line of what they replace.
fn merge(base: &mut Node, patch: &Node) {
    match (&mut base.value, &patch.value) {
        (Value::Map(b), Value::Map(p)) => {
            for (k, pv) in p {
                if k == "$patch" {
                    continue;
                }
                match b.iter_mut().find(|(bk, _)| bk == k) {
                    Some((_, bv)) => merge(bv, pv),
                    None => {
                        let mut v = pv.clone();
                        relabel(&mut v, base.line);
                        b.push((k.clone(), v));
                    }
                }
            }
        }
        (Value::List(b), Value::List(p)) if p.iter().all(|i| named(i).is_some()) => {
            for pi in p {
                match b.iter_mut().find(|bi| named(bi) == named(pi)) {
                    Some(bi) => merge(bi, pi),
                    None => {
                        let mut v = pi.clone();
                        relabel(&mut v, base.line);
                        b.push(v);
                    }
                }
            }
        }
        _ => {
            let line = base.line;
            *base = patch.clone();
            relabel(base, line);
        }
    }
}

fn named(n: &Node) -> Option<&str> {
    n.get("name").and_then(|v| v.as_str())
}

fn relabel(n: &mut Node, line: u32) {
    n.line = line;
    match &mut n.value {
        Value::List(l) => l.iter_mut().for_each(|x| relabel(x, line)),
        Value::Map(m) => m.iter_mut().for_each(|(_, x)| relabel(x, line)),
        _ => {}
    }
}

/// Applies `images:` entries to every `image` of every container list in the object.
fn set_images(n: &mut Node, images: &[Node]) {
    match &mut n.value {
        Value::Map(m) => {
            for (k, v) in m.iter_mut() {
                if k == "image" {
                    if let Some(new) = v.as_str().and_then(|s| new_image(s, images)) {
                        v.value = Value::Str(new);
                    }
                } else {
                    set_images(v, images);
                }
            }
        }
        Value::List(l) => l.iter_mut().for_each(|x| set_images(x, images)),
        _ => {}
    }
}

/// `nginx:1.25` with `{ name: nginx, newTag: "1.27" }` is `nginx:1.27`.
fn new_image(image: &str, images: &[Node]) -> Option<String> {
    let (name, _) = split_image(image);
    let entry = images
        .iter()
        .find(|i| i.get("name").and_then(|n| n.as_str()) == Some(name))?;
    let get = |k: &str| {
        entry
            .get(k)
            .and_then(|v| v.scalar_text())
            .map(|s| s.into_owned())
    };
    let new_name = get("newName").unwrap_or_else(|| name.to_string());
    if let Some(d) = get("digest") {
        return Some(format!("{new_name}@{d}"));
    }
    let (_, old_ref) = split_image(image);
    Some(match (get("newTag"), old_ref) {
        (Some(t), _) => format!("{new_name}:{t}"),
        (None, Some(r)) => format!("{new_name}{r}"),
        (None, None) => new_name,
    })
}

/// The image name and its `:tag`/`@digest` suffix (a registry port is part of the name).
fn split_image(image: &str) -> (&str, Option<&str>) {
    if let Some(i) = image.find('@') {
        return (&image[..i], Some(&image[i..]));
    }
    let last = image.rsplit('/').next().unwrap_or(image);
    match last.rfind(':') {
        Some(j) => {
            let i = image.len() - last.len() + j;
            (&image[..i], Some(&image[i..]))
        }
        None => (image, None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn yaml(text: &str) -> Node {
        let mut out = None;
        super::super::yaml::parse_stream(text, |d| out = Some(d)).unwrap();
        out.unwrap()
    }

    #[test]
    fn images_and_patches_apply_to_the_bases_they_name() {
        let base = yaml(
            "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\nspec:\n  template:\n    spec:\n      containers:\n        - name: web\n          image: registry.local:5000/api:latest\n          securityContext:\n            privileged: true\n",
        );
        let patch = yaml(
            "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\nspec:\n  template:\n    spec:\n      containers:\n        - name: web\n          securityContext:\n            privileged: false\n",
        );
        let k = yaml(
            "resources:\n  - ../../base\npatches:\n  - path: drop.yaml\nimages:\n  - name: registry.local:5000/api\n    newTag: \"1.4.2\"\n",
        );
        let base_k = yaml("resources:\n  - deployment.yaml\n");
        let manifests: BTreeMap<String, Vec<Node>> = [
            ("base/deployment.yaml".to_string(), vec![base]),
            ("overlays/prod/drop.yaml".to_string(), vec![patch]),
        ]
        .into_iter()
        .collect();
        let kustomizations: BTreeMap<String, Node> = [
            ("base/kustomization.yaml".to_string(), base_k),
            ("overlays/prod/kustomization.yaml".to_string(), k),
        ]
        .into_iter()
        .collect();
        let tree = Tree {
            manifests: &manifests,
            kustomizations: &kustomizations,
        };
        assert_eq!(tree.tops(), ["overlays/prod/kustomization.yaml"]);
        let mut used = HashSet::new();
        let r = tree.render("overlays/prod/kustomization.yaml", &mut used);
        assert_eq!(r.len(), 1);
        assert_eq!(r[0].path, "base/deployment.yaml");
        let c = &r[0]
            .doc
            .get("spec")
            .and_then(|s| s.get("template"))
            .and_then(|t| t.get("spec"))
            .and_then(|s| s.get("containers"))
            .unwrap();
        let Value::List(cs) = &c.value else { panic!() };
        assert_eq!(
            cs[0].get("image").unwrap().as_str(),
            Some("registry.local:5000/api:1.4.2")
        );
        let p = cs[0]
            .get("securityContext")
            .and_then(|s| s.get("privileged"))
            .unwrap();
        assert_eq!((p.value.clone(), p.line), (Value::Bool(false), 12));
        assert!(used.contains("base/deployment.yaml"));
    }
}
