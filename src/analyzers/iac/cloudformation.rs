//! CloudFormation templates (YAML or JSON) into resources: one per entry of `Resources`, kind
//! its `Type` (`AWS::S3::Bucket`), body its `Properties`, logical `AWS::S3::Bucket/DataBucket`.
//!
//! Intrinsic functions are normalized once: `Ref` to a parameter with a `Default` becomes that
//! default, `Ref` to a resource and `Fn::GetAtt` become [`Value::Ref`] (so related-resource
//! conditions can follow them), `Fn::Sub` without substitutions is its string, and every other
//! function (`Fn::If`, `Fn::Join`, `Fn::ImportValue`, ...) is unknown. Conditions are not
//! evaluated, nested stacks are not followed.

use super::model::{Node, Resource, Value};

pub fn resources(path: &str, doc: &Node, out: &mut Vec<Resource>) {
    let Some(Value::Map(res)) = doc.get("Resources").map(|r| &r.value) else {
        return;
    };
    let params = doc.get("Parameters");
    for (id, r) in res {
        let Some(ty) = r.get("Type").and_then(|t| t.as_str()) else {
            continue;
        };
        let body = r
            .get("Properties")
            .map(|p| normalize(p, params, 0))
            .unwrap_or_else(|| Node::map(vec![], r.line));
        let names = match &body.value {
            Value::Map(m) => m
                .iter()
                .filter(|(k, _)| k.ends_with("Name"))
                .filter_map(|(_, v)| v.as_str().map(str::to_string))
                .collect(),
            _ => vec![],
        };
        out.push(Resource {
            kind: ty.to_string(),
            address: id.clone(),
            logical: format!("{ty}/{id}"),
            path: path.to_string(),
            line: r.line,
            end_line: r.last_line(),
            body,
            names,
        });
    }
}

fn normalize(n: &Node, params: Option<&Node>, depth: usize) -> Node {
    if depth > 64 {
        return Node::new(Value::Unknown, n.line);
    }
    let value = match &n.value {
        Value::Map(m) if m.len() == 1 && (m[0].0 == "Ref" || m[0].0.starts_with("Fn::")) => {
            let (f, arg) = (&m[0].0, &m[0].1);
            match f.as_str() {
                "Ref" => match arg.as_str() {
                    Some(t) if t.starts_with("AWS::") => Value::Unknown,
                    Some(t) => match params.and_then(|p| p.get(t)) {
                        Some(p) => match p.get("Default") {
                            Some(d) => d.value.clone(),
                            None => Value::Unknown,
                        },
                        None => Value::Ref(t.to_string()),
                    },
                    None => Value::Unknown,
                },
                "Fn::GetAtt" => match &arg.value {
                    Value::Str(s) => Value::Ref(s.clone()),
                    Value::List(parts) => Value::Ref(
                        parts
                            .iter()
                            .filter_map(|p| p.scalar_text().map(|s| s.into_owned()))
                            .collect::<Vec<_>>()
                            .join("."),
                    ),
                    _ => Value::Unknown,
                },
                "Fn::Sub" => match arg.as_str() {
                    Some(s) if !s.contains("${") => Value::Str(s.to_string()),
                    _ => Value::Unknown,
                },
                _ => Value::Unknown,
            }
        }
        Value::Map(m) => Value::Map(
            m.iter()
                .map(|(k, v)| (k.clone(), normalize(v, params, depth + 1)))
                .collect(),
        ),
        Value::List(l) => Value::List(l.iter().map(|v| normalize(v, params, depth + 1)).collect()),
        other => other.clone(),
    };
    Node::new(value, n.line)
}
