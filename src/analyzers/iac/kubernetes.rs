//! Kubernetes manifests into resources: each object (`Deployment/payments/api`), and for workloads
//! their pod spec (kind `PodSpec`) and each container (kind `Container`, logical
//! `Deployment/payments/api/web`), so container rules report once per container.
//!
//! A `Container` resource is the container's own map plus `_pod` (the pod spec, for settings the
//! pod sets and the container may override) and `_namespace`; a `PodSpec` has `_namespace` and
//! `_kind`. `List` objects are unpacked. Helm templates are not rendered; kustomize overlays are
//! applied by [`super::kustomize`] before this runs.

use super::model::{Node, Resource, Value};

/// Where each workload kind keeps its pod spec.
fn pod_spec_path(kind: &str) -> Option<&'static [&'static str]> {
    Some(match kind {
        "Pod" => &["spec"],
        "PodTemplate" => &["template", "spec"],
        "CronJob" => &["spec", "jobTemplate", "spec", "template", "spec"],
        "Deployment"
        | "StatefulSet"
        | "DaemonSet"
        | "ReplicaSet"
        | "ReplicationController"
        | "Job" => &["spec", "template", "spec"],
        _ => return None,
    })
}

pub fn resources(path: &str, doc: &Node, out: &mut Vec<Resource>) {
    let Some(kind) = doc.get("kind").and_then(|k| k.as_str()) else {
        return;
    };
    if kind == "List" {
        if let Some(Value::List(items)) = doc.get("items").map(|i| &i.value) {
            for i in items {
                resources(path, i, out);
            }
        }
        return;
    }
    let meta = doc.get("metadata");
    let name = meta
        .and_then(|m| m.get("name"))
        .and_then(|n| n.scalar_text())
        .map(|s| s.into_owned())
        .unwrap_or_else(|| "unnamed".into());
    let ns = meta
        .and_then(|m| m.get("namespace"))
        .and_then(|n| n.scalar_text())
        .map(|s| s.into_owned())
        .unwrap_or_else(|| "default".into());
    let logical = format!("{kind}/{ns}/{name}");
    out.push(Resource {
        kind: kind.to_string(),
        address: name.clone(),
        logical: logical.clone(),
        path: path.to_string(),
        line: doc.line,
        end_line: doc.last_line(),
        body: doc.clone(),
        names: vec![name.clone()],
        conditional: None,
    });
    let Some(spec_path) = pod_spec_path(kind) else {
        return;
    };
    let mut spec = Some(doc);
    for k in spec_path {
        spec = spec.and_then(|n| n.get(k));
    }
    let Some(spec) = spec else { return };
    let mut pod = spec.clone();
    pod.set("_namespace", Node::str(ns.clone(), doc.line));
    pod.set("_kind", Node::str(kind, doc.line));
    for key in ["initContainers", "containers", "ephemeralContainers"] {
        let Some(Value::List(cs)) = spec.get(key).map(|c| &c.value) else {
            continue;
        };
        for (i, c) in cs.iter().enumerate() {
            let cname = c
                .get("name")
                .and_then(|n| n.scalar_text())
                .map(|s| s.into_owned())
                .unwrap_or_else(|| format!("{key}[{i}]"));
            let end_line = c.last_line();
            let mut body = c.clone();
            body.set("_pod", pod.clone());
            body.set("_namespace", Node::str(ns.clone(), c.line));
            out.push(Resource {
                kind: "Container".into(),
                address: String::new(),
                logical: format!("{logical}/{cname}"),
                path: path.to_string(),
                line: c.line,
                end_line,
                body,
                names: vec![],
                conditional: None,
            });
        }
    }
    out.push(Resource {
        kind: "PodSpec".into(),
        address: String::new(),
        logical,
        path: path.to_string(),
        line: doc.line,
        end_line: spec.last_line(),
        body: pod,
        names: vec![],
        conditional: None,
    });
}
