//! GitHub Actions workflows into resources: the `workflow`, each `job` (logical `jobs.NAME`) and
//! each `step` (logical `jobs.NAME.steps[I]`). Every one carries `_triggers`, the event names of
//! `on` as a list whatever form `on` was written in (a string, a list or a map), so step rules can
//! ask "in a `pull_request_target` workflow". Reusable workflows and composite actions that live
//! elsewhere are not followed.

use super::model::{Node, Resource, Value};

fn triggers(doc: &Node) -> Node {
    let on = doc.get("on").or_else(|| doc.get("true"));
    let line = on.map(|o| o.line).unwrap_or(doc.line);
    let names: Vec<Node> = match on.map(|o| &o.value) {
        Some(Value::Str(s)) => vec![Node::str(s.clone(), line)],
        Some(Value::List(l)) => l.clone(),
        Some(Value::Map(m)) => m
            .iter()
            .map(|(k, v)| Node::str(k.clone(), v.line))
            .collect(),
        _ => vec![],
    };
    Node::new(Value::List(names), line)
}

pub fn resources(path: &str, doc: &Node, out: &mut Vec<Resource>) {
    if !matches!(doc.value, Value::Map(_)) {
        return;
    }
    let trig = triggers(doc);
    let mut wf = doc.clone();
    wf.set("_triggers", trig.clone());
    out.push(Resource {
        kind: "workflow".into(),
        address: String::new(),
        logical: "workflow".into(),
        path: path.to_string(),
        line: doc.line,
        end_line: doc.last_line(),
        body: wf,
        names: vec![],
        conditional: None,
    });
    let Some(Value::Map(jobs)) = doc.get("jobs").map(|j| &j.value) else {
        return;
    };
    for (name, job) in jobs {
        let mut body = job.clone();
        body.set("_triggers", trig.clone());
        if let Some(p) = doc.get("permissions") {
            body.set("_workflow_permissions", p.clone());
        }
        out.push(Resource {
            kind: "job".into(),
            address: name.clone(),
            logical: format!("jobs.{name}"),
            path: path.to_string(),
            line: job.line,
            end_line: job.last_line(),
            body,
            names: vec![],
            conditional: None,
        });
        let Some(Value::List(steps)) = job.get("steps").map(|s| &s.value) else {
            continue;
        };
        for (i, step) in steps.iter().enumerate() {
            let mut body = step.clone();
            body.set("_triggers", trig.clone());
            out.push(Resource {
                kind: "step".into(),
                address: String::new(),
                logical: format!("jobs.{name}.steps[{i}]"),
                path: path.to_string(),
                line: step.line,
                end_line: step.last_line(),
                body,
                names: vec![],
                conditional: None,
            });
        }
    }
}
