//! The one positioned document tree every IaC format is turned into, and the resources the
//! matcher runs over.
//!
//! Terraform, CloudFormation (YAML and JSON), Kubernetes, compose, GitHub Actions and Dockerfiles
//! all become [`Node`]s (map, list, scalar, each with its 1-based line) grouped into [`Resource`]s,
//! so one matcher serves them all. Two values exist only to keep evaluation honest: [`Value::Ref`]
//! (a reference to another resource, e.g. `aws_s3_bucket.data.id` or CloudFormation `!Ref Bucket`)
//! and [`Value::Unknown`] (anything we did not resolve). Neither ever equals a literal, so an
//! unresolved value alone never produces a finding.
//!
//! This module does not parse anything and knows no rule.

use std::borrow::Cow;

#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    Num(f64),
    Str(String),
    List(Vec<Node>),
    /// Keys in source order; duplicate keys are kept (the first wins on lookup).
    Map(Vec<(String, Node)>),
    /// A reference to another resource or parameter, as written (`aws_kms_key.k.arn`, `Bucket`).
    Ref(String),
    /// A value we could not (or chose not to) resolve.
    Unknown,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub value: Value,
    /// 1-based line where the node (or the attribute holding it) starts.
    pub line: u32,
}

impl Node {
    pub fn new(value: Value, line: u32) -> Node {
        Node { value, line }
    }

    pub fn str(s: impl Into<String>, line: u32) -> Node {
        Node::new(Value::Str(s.into()), line)
    }

    pub fn map(entries: Vec<(String, Node)>, line: u32) -> Node {
        Node::new(Value::Map(entries), line)
    }

    pub fn get(&self, key: &str) -> Option<&Node> {
        match &self.value {
            Value::Map(m) => m.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match &self.value {
            Value::Str(s) => Some(s),
            _ => None,
        }
    }

    /// The scalar as text (strings, numbers, booleans), for comparisons.
    pub fn scalar_text(&self) -> Option<Cow<'_, str>> {
        match &self.value {
            Value::Str(s) => Some(Cow::Borrowed(s)),
            Value::Bool(b) => Some(Cow::Owned(b.to_string())),
            Value::Num(n) => Some(Cow::Owned(fmt_num(*n))),
            _ => None,
        }
    }

    pub fn as_num(&self) -> Option<f64> {
        match &self.value {
            Value::Num(n) => Some(*n),
            // `"7776000s"`: a duration in seconds, as Google APIs write them.
            Value::Str(s) => {
                let s = s.trim();
                s.parse()
                    .ok()
                    .or_else(|| s.strip_suffix('s').and_then(|d| d.parse().ok()))
            }
            _ => None,
        }
    }

    /// Is this value unresolved (unknown or a reference)?
    pub fn is_unresolved(&self) -> bool {
        matches!(self.value, Value::Unknown | Value::Ref(_))
    }

    /// Adds or replaces a key (maps only).
    pub fn set(&mut self, key: &str, node: Node) {
        if let Value::Map(m) = &mut self.value {
            if let Some(e) = m.iter_mut().find(|(k, _)| k == key) {
                e.1 = node;
            } else {
                m.push((key.to_string(), node));
            }
        }
    }

    /// The highest line in the tree.
    pub fn last_line(&self) -> u32 {
        self.line.max(match &self.value {
            Value::List(l) => l.iter().map(Node::last_line).max().unwrap_or(0),
            Value::Map(m) => m.iter().map(|(_, v)| v.last_line()).max().unwrap_or(0),
            _ => 0,
        })
    }

    /// Number of nodes in the tree (for budgets).
    pub fn size(&self) -> usize {
        1 + match &self.value {
            Value::List(l) => l.iter().map(Node::size).sum(),
            Value::Map(m) => m.iter().map(|(_, v)| v.size()).sum(),
            _ => 0,
        }
    }
}

pub fn fmt_num(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        format!("{n}")
    }
}

/// One path segment of a matcher path.
#[derive(Debug, Clone, PartialEq)]
pub enum Seg {
    Key(String),
    /// `*`: every value of a map (or element of a list).
    AnyChild,
    /// `@json`: a string holding JSON (an IAM policy) parsed into a tree; a map passes through.
    Json,
    /// `@entries`: a map as a list of `{name, value}` maps (environment variables written as a
    /// map), so a condition can look at a key and its value together.
    Entries,
}

pub fn parse_path(path: &str) -> Vec<Seg> {
    if path.is_empty() || path == "." {
        return Vec::new();
    }
    path.split('.')
        .map(|s| match s {
            "*" => Seg::AnyChild,
            "@json" => Seg::Json,
            "@entries" => Seg::Entries,
            k => Seg::Key(k.to_string()),
        })
        .collect()
}

/// What a path lookup found: the nodes (lists are flattened on the way, so `ingress.cidr_blocks`
/// reaches every block's every CIDR), and whether an unresolved value was in the way.
#[derive(Debug, Default)]
pub struct Found<'a> {
    pub nodes: Vec<Cow<'a, Node>>,
    pub blocked: bool,
}

pub fn lookup<'a>(node: &'a Node, path: &[Seg]) -> Found<'a> {
    let mut found = Found::default();
    walk(Cow::Borrowed(node), path, &mut found, true);
    found
}

fn walk<'a>(node: Cow<'a, Node>, path: &[Seg], out: &mut Found<'a>, flatten_last: bool) {
    if node.is_unresolved() && !path.is_empty() {
        out.blocked = true;
        return;
    }
    let Some((seg, rest)) = path.split_first() else {
        // At the end: a list is flattened so tests apply to its elements.
        match node {
            Cow::Borrowed(Node {
                value: Value::List(items),
                ..
            }) if flatten_last => {
                for i in items {
                    walk(Cow::Borrowed(i), path, out, false);
                }
            }
            Cow::Owned(Node {
                value: Value::List(items),
                ..
            }) if flatten_last => {
                for i in items {
                    walk(Cow::Owned(i), path, out, false);
                }
            }
            n => out.nodes.push(n),
        }
        return;
    };
    match node {
        Cow::Borrowed(n) => match (&n.value, seg) {
            (Value::List(items), Seg::Key(_) | Seg::AnyChild) => {
                for i in items {
                    if matches!(seg, Seg::AnyChild) {
                        walk(Cow::Borrowed(i), rest, out, true);
                    } else {
                        walk(Cow::Borrowed(i), path, out, true);
                    }
                }
            }
            (Value::Map(m), Seg::Key(k)) => {
                if let Some((_, v)) = m.iter().find(|(key, _)| key == k) {
                    walk(Cow::Borrowed(v), rest, out, true);
                }
            }
            (Value::Map(m), Seg::AnyChild) => {
                for (_, v) in m {
                    walk(Cow::Borrowed(v), rest, out, true);
                }
            }
            (Value::Str(s), Seg::Json) => match json_to_node(s, n.line) {
                Some(j) => walk(Cow::Owned(j), rest, out, true),
                None => out.blocked = true,
            },
            (_, Seg::Json) => walk(Cow::Borrowed(n), rest, out, true),
            (Value::Map(m), Seg::Entries) => {
                for (k, v) in m {
                    walk(Cow::Owned(entry(k, v)), rest, out, true);
                }
            }
            (Value::List(_), Seg::Entries) => walk(Cow::Borrowed(n), rest, out, true),
            _ => {}
        },
        Cow::Owned(n) => {
            // Only JSON-parsed subtrees are owned; they are small, so cloning is fine.
            let line = n.line;
            match (n.value, seg) {
                (Value::List(items), Seg::Key(_) | Seg::AnyChild) => {
                    for i in items {
                        if matches!(seg, Seg::AnyChild) {
                            walk(Cow::Owned(i), rest, out, true);
                        } else {
                            walk(Cow::Owned(i), path, out, true);
                        }
                    }
                }
                (Value::Map(m), Seg::Key(k)) => {
                    if let Some((_, v)) = m.into_iter().find(|(key, _)| key == k) {
                        walk(Cow::Owned(v), rest, out, true);
                    }
                }
                (Value::Map(m), Seg::AnyChild) => {
                    for (_, v) in m {
                        walk(Cow::Owned(v), rest, out, true);
                    }
                }
                (Value::Str(s), Seg::Json) => match json_to_node(&s, line) {
                    Some(j) => walk(Cow::Owned(j), rest, out, true),
                    None => out.blocked = true,
                },
                (v, Seg::Json) => walk(Cow::Owned(Node::new(v, line)), rest, out, true),
                (Value::Map(m), Seg::Entries) => {
                    for (k, v) in &m {
                        walk(Cow::Owned(entry(k, v)), rest, out, true);
                    }
                }
                (v @ Value::List(_), Seg::Entries) => {
                    walk(Cow::Owned(Node::new(v, line)), rest, out, true)
                }
                _ => {}
            }
        }
    }
}

fn entry(k: &str, v: &Node) -> Node {
    Node::map(
        vec![
            ("name".to_string(), Node::str(k, v.line)),
            ("value".to_string(), v.clone()),
        ],
        v.line,
    )
}

/// Parses JSON text (an inline policy) into a tree whose nodes all carry `line`.
pub fn json_to_node(text: &str, line: u32) -> Option<Node> {
    let v: serde_json::Value = serde_json::from_str(text.trim()).ok()?;
    Some(from_json(&v, line))
}

pub fn from_json(v: &serde_json::Value, line: u32) -> Node {
    use serde_json::Value as J;
    let value = match v {
        J::Null => Value::Null,
        J::Bool(b) => Value::Bool(*b),
        J::Number(n) => Value::Num(n.as_f64().unwrap_or(0.0)),
        J::String(s) => Value::Str(s.clone()),
        J::Array(a) => Value::List(a.iter().map(|x| from_json(x, line)).collect()),
        J::Object(o) => Value::Map(
            o.iter()
                .map(|(k, x)| (k.clone(), from_json(x, line)))
                .collect(),
        ),
    };
    Node::new(value, line)
}

/// Something a rule is checked against: a Terraform resource, a CloudFormation resource, a
/// Kubernetes object (or one of its pod specs or containers), a compose service, a workflow job or
/// step, a Dockerfile stage or instruction.
#[derive(Debug, Clone)]
pub struct Resource {
    /// What a rule targets: `aws_s3_bucket`, `AWS::S3::Bucket`, `Deployment`, `Container`,
    /// `service`, `step`, `stage`, ...
    pub kind: String,
    /// The address other resources use to refer to it, within its group (`aws_s3_bucket.data`,
    /// a CloudFormation logical id). Empty when it cannot be referred to.
    pub address: String,
    /// What reports show: `aws_s3_bucket.data`, `module.storage.aws_s3_bucket.logs`,
    /// `Deployment/payments/api/web`.
    pub logical: String,
    /// Repository-relative file the resource is written in.
    pub path: String,
    /// First line of the resource.
    pub line: u32,
    /// Last line of the resource, so markers anywhere inside it can be honoured.
    pub end_line: u32,
    pub body: Node,
    /// Literal names other resources may use instead of a reference (a bucket's `bucket`).
    pub names: Vec<String>,
    /// Set when the resource exists only for some inputs (a Terraform `count` of 0 or an empty
    /// `for_each` with the defaults that a root variable can change): it is checked, but it
    /// never exempts another resource it may not exist beside.
    pub conditional: Option<Conditional>,
}

/// Why a resource may not exist: the conditions it is created under and the root inputs they
/// read.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Conditional {
    /// Each condition on the way to the resource (a module call's, then its own), as
    /// `module path|expression`: a resource created under a subset of another's conditions
    /// exists whenever that one does.
    pub conditions: Vec<String>,
    /// The root module variables the conditions read (`all_findings`), sorted; empty when none
    /// could be named.
    pub inputs: Vec<String>,
}

impl Conditional {
    /// Does a resource created under `self` exist whenever one created under `other` does?
    pub fn implied_by(&self, other: Option<&Conditional>) -> bool {
        let theirs = other.map(|o| o.conditions.as_slice()).unwrap_or(&[]);
        self.conditions.iter().all(|c| theirs.contains(c))
    }

    /// Both sets of conditions together (a module call's and a resource's own).
    pub fn and(&self, other: &Conditional) -> Conditional {
        let mut c = self.clone();
        c.conditions.extend(other.conditions.iter().cloned());
        c.inputs.extend(other.inputs.iter().cloned());
        c.inputs.sort();
        c.inputs.dedup();
        c
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(e: Vec<(&str, Node)>) -> Node {
        Node::map(e.into_iter().map(|(k, v)| (k.to_string(), v)).collect(), 1)
    }

    #[test]
    fn lookup_flattens_lists_and_parses_json() {
        let blocks = Node::new(
            Value::List(vec![
                m(vec![("cidr", Node::str("10.0.0.0/8", 2))]),
                m(vec![("cidr", Node::str("0.0.0.0/0", 3))]),
            ]),
            1,
        );
        let root = m(vec![
            ("ingress", blocks),
            (
                "policy",
                Node::str(r#"{"Statement":[{"Effect":"Allow"}]}"#, 7),
            ),
            ("r", Node::new(Value::Unknown, 9)),
        ]);
        let f = lookup(&root, &parse_path("ingress.cidr"));
        assert_eq!(f.nodes.len(), 2);
        assert_eq!(f.nodes[1].line, 3);
        let f = lookup(&root, &parse_path("policy.@json.Statement.Effect"));
        assert_eq!(f.nodes[0].as_str(), Some("Allow"));
        assert_eq!(f.nodes[0].line, 7);
        let f = lookup(&root, &parse_path("r.x"));
        assert!(f.blocked && f.nodes.is_empty());
    }
}
