//! CloudFormation templates (YAML or JSON) into resources: one per entry of `Resources`, kind
//! its `Type` (`AWS::S3::Bucket`), body its `Properties`, logical `AWS::S3::Bucket/DataBucket`.
//!
//! Intrinsic functions are normalized once: `Ref` to a parameter with a `Default` becomes that
//! default, `Ref` to a resource and `Fn::GetAtt` become [`Value::Ref`] (so related-resource
//! conditions can follow them), `Fn::Sub` without substitutions is its string, and every other
//! function (`Fn::Join`, `Fn::ImportValue`, ...) is unknown. Conditions are evaluated with the
//! parameters' defaults (`Fn::Equals`, `Fn::Not`, `Fn::And`, `Fn::Or`, `Condition`): a resource
//! whose `Condition` is definitely false is not created, so it gives no finding, as a Terraform
//! resource with `count = 0`, and `Fn::If` takes the branch its condition picks; a condition that
//! cannot be decided keeps the resource and makes `Fn::If` unknown. Nested stacks are not followed.

use super::model::{Node, Resource, Value};

pub fn resources(path: &str, doc: &Node, out: &mut Vec<Resource>) {
    let Some(Value::Map(res)) = doc.get("Resources").map(|r| &r.value) else {
        return;
    };
    let t = Template {
        params: doc.get("Parameters"),
        conditions: doc.get("Conditions"),
    };
    for (id, r) in res {
        let Some(ty) = r.get("Type").and_then(|t| t.as_str()) else {
            continue;
        };
        if let Some(c) = r.get("Condition").and_then(|c| c.as_str())
            && condition(c, &t, 0) == Some(false)
        {
            continue;
        }
        let body = r
            .get("Properties")
            .map(|p| normalize(p, &t, 0))
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
            conditional: None,
        });
    }
}

/// What intrinsic functions resolve against: the template's parameters and conditions.
struct Template<'a> {
    params: Option<&'a Node>,
    conditions: Option<&'a Node>,
}

fn normalize(n: &Node, t: &Template, depth: usize) -> Node {
    if depth > 64 {
        return Node::new(Value::Unknown, n.line);
    }
    let value = match &n.value {
        Value::Map(m) if m.len() == 1 && (m[0].0 == "Ref" || m[0].0.starts_with("Fn::")) => {
            let (f, arg) = (&m[0].0, &m[0].1);
            match f.as_str() {
                "Ref" => match arg.as_str() {
                    Some(r) if r.starts_with("AWS::") => Value::Unknown,
                    Some(r) => match t.params.and_then(|p| p.get(r)) {
                        Some(p) => match p.get("Default") {
                            Some(d) => d.value.clone(),
                            None => Value::Unknown,
                        },
                        None => Value::Ref(r.to_string()),
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
                "Fn::If" => match &arg.value {
                    Value::List(l) if l.len() == 3 => {
                        let picked = l[0]
                            .as_str()
                            .and_then(|c| condition(c, t, depth + 1))
                            .map(|yes| if yes { &l[1] } else { &l[2] });
                        match picked {
                            Some(branch) => return normalize(branch, t, depth + 1),
                            None => Value::Unknown,
                        }
                    }
                    _ => Value::Unknown,
                },
                _ => Value::Unknown,
            }
        }
        Value::Map(m) => Value::Map(
            m.iter()
                .map(|(k, v)| (k.clone(), normalize(v, t, depth + 1)))
                .collect(),
        ),
        Value::List(l) => Value::List(l.iter().map(|v| normalize(v, t, depth + 1)).collect()),
        other => other.clone(),
    };
    Node::new(value, n.line)
}

/// The value of the template condition `name` with the parameters' defaults; `None` when it
/// cannot be decided (a parameter without a default, a pseudo parameter, an unknown function).
/// `depth` grows along every chain of conditions, `Fn::If` and `Fn::Equals`, so a template whose
/// conditions refer to each other in a cycle ends undecided.
fn condition(name: &str, t: &Template, depth: usize) -> Option<bool> {
    let c = t.conditions?.get(name)?;
    cond_expr(c, t, depth + 1)
}

fn cond_expr(n: &Node, t: &Template, depth: usize) -> Option<bool> {
    if depth > 32 {
        return None;
    }
    let Value::Map(m) = &n.value else {
        return None;
    };
    let [(f, arg)] = m.as_slice() else {
        return None;
    };
    let items = |arg: &Node| match &arg.value {
        Value::List(l) => Some(l.clone()),
        _ => None,
    };
    match f.as_str() {
        "Condition" | "Fn::Condition" => condition(arg.as_str()?, t, depth + 1),
        "Fn::Equals" => {
            let l = items(arg)?;
            let [a, b] = l.as_slice() else {
                return None;
            };
            let text = |x: &Node| match normalize(x, t, depth + 1).value {
                Value::Str(s) => Some(s),
                Value::Bool(b) => Some(b.to_string()),
                Value::Num(n) => Some(n.to_string()),
                _ => None,
            };
            Some(text(a)? == text(b)?)
        }
        "Fn::Not" => Some(!cond_expr(items(arg)?.first()?, t, depth + 1)?),
        "Fn::And" | "Fn::Or" => {
            let all = f == "Fn::And";
            let mut undecided = false;
            for c in items(arg)? {
                match cond_expr(&c, t, depth + 1) {
                    Some(v) if v != all => return Some(v),
                    Some(_) => {}
                    None => undecided = true,
                }
            }
            (!undecided).then_some(all)
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn created(text: &str) -> Vec<String> {
        let mut out = Vec::new();
        super::super::yaml::parse_stream(text, |doc| resources("t.yaml", &doc, &mut out)).unwrap();
        out.into_iter().map(|r| r.address).collect()
    }

    #[test]
    fn a_resource_whose_condition_is_false_with_the_defaults_is_not_created() {
        let text = "Parameters:
  UseDlq:
    Type: String
    Default: 'false'
  Env:
    Type: String
Conditions:
  CreateDlq: !Equals [!Ref UseDlq, 'true']
  NoDlq: !Not [!Condition CreateDlq]
  Both: !And [!Condition CreateDlq, !Equals [!Ref Env, prod]]
  Either: !Or [!Condition NoDlq, !Equals [!Ref Env, prod]]
  IsProd: !Equals [!Ref Env, prod]
Resources:
  Dlq:
    Type: AWS::SQS::Queue
    Condition: CreateDlq
  Flag:
    Type: AWS::SQS::Queue
    Condition: NoDlq
  Neither:
    Type: AWS::SQS::Queue
    Condition: Both
  Any:
    Type: AWS::SQS::Queue
    Condition: Either
  Prod:
    Type: AWS::SQS::Queue
    Condition: IsProd
  Missing:
    Type: AWS::SQS::Queue
    Condition: NotDefined
";
        // Dlq and Both are false with the defaults; Env has no default, so IsProd is undecided
        // and keeps its resource, as does a condition the template does not define.
        assert_eq!(created(text), ["Flag", "Any", "Prod", "Missing"]);
    }

    #[test]
    fn long_form_json_conditions_are_evaluated() {
        let text = r#"{"Parameters": {"Use": {"Type": "String", "Default": "false"}},
 "Conditions": {"Make": {"Fn::Equals": [{"Ref": "Use"}, "true"]}},
 "Resources": {"Q": {"Type": "AWS::SQS::Queue", "Condition": "Make"},
               "R": {"Type": "AWS::SQS::Queue"}}}"#;
        assert_eq!(created(text), ["R"]);
    }

    #[test]
    fn fn_if_takes_the_branch_its_condition_picks_and_cycles_stay_undecided() {
        let text = "Parameters:
  Env:
    Type: String
    Default: dev
  Region:
    Type: String
Conditions:
  IsProd: !Equals [!Ref Env, prod]
  InEu: !Equals [!Ref Region, eu-west-1]
  Loop: !Equals [!If [Loop, a, b], a]
Resources:
  Db:
    Type: AWS::RDS::DBInstance
    Properties:
      StorageEncrypted: !If [IsProd, true, false]
      MultiAZ: !If [InEu, true, false]
  Q:
    Type: AWS::SQS::Queue
    Condition: Loop
";
        let mut out = Vec::new();
        super::super::yaml::parse_stream(text, |doc| resources("t.yaml", &doc, &mut out)).unwrap();
        let db = &out[0].body;
        assert_eq!(
            db.get("StorageEncrypted").unwrap().value,
            Value::Bool(false)
        );
        // Region has no default: the condition is undecided and so is the value.
        assert_eq!(db.get("MultiAZ").unwrap().value, Value::Unknown);
        // A condition that refers to itself neither loops nor removes the resource.
        assert_eq!(out.len(), 2);
    }
}
