//! Terraform expression evaluation, as far as a static scanner can honestly go: literals,
//! `var.*` and `local.*`, `count.index`, `each.key`/`each.value`, the iterators of `dynamic`
//! blocks (`NAME.key`/`NAME.value`, innermost first), string interpolation, simple
//! operators and conditionals, and a handful of pure functions (`jsonencode`, `tolist`, `toset`,
//! `concat`, `merge`, `lookup`, `length`, `lower`, `upper`, `tostring`, `tonumber`, `tobool`,
//! `coalesce`).
//!
//! A reference to another resource becomes [`Value::Ref`] with the module path of the module it is
//! written in (`module.logs.aws_s3_bucket.this.id`), so cross-resource checks can follow it: as a
//! bare reference, as the only thing in a string (`"${aws_s3_bucket.x.id}"`), through a local, or
//! through a local module's `output`. Everything else that cannot be resolved (remote module
//! outputs, `for` expressions, files, other functions, directives, a reference inside a longer
//! string) becomes [`Value::Unknown`], which never matches a literal. A
//! `data.aws_iam_policy_document.X.json` reference is turned into the policy's JSON shape so policy
//! rules see through it.

use super::super::model::{Node, Value};
use crate::lines::LineIndex;
use hcl_edit::Span;
use hcl_edit::expr::{BinaryOperator, Expression, ObjectKey, TraversalOperator, UnaryOperator};
use hcl_edit::structure::Body;
use hcl_edit::template::{Element, Template};
use std::cell::RefCell;
use std::collections::{HashMap, HashSet};

/// A `locals` entry: its expression and the file it is written in.
pub struct LocalDef<'a> {
    pub expr: &'a Expression,
    pub lines: &'a LineIndex<'a>,
}

/// Everything an expression can see.
#[derive(Clone)]
pub struct Scope<'a> {
    pub vars: &'a HashMap<String, Node>,
    pub locals: &'a HashMap<String, LocalDef<'a>>,
    pub local_cache: &'a RefCell<HashMap<String, Node>>,
    pub local_busy: &'a RefCell<HashSet<String>>,
    /// `data "aws_iam_policy_document" NAME` bodies, by name.
    pub policy_docs: &'a HashMap<String, (&'a Body, &'a LineIndex<'a>)>,
    pub count_index: Option<Node>,
    pub each: Option<(Node, Node)>,
    /// The iterators of the `dynamic` blocks around the expression, outermost first: (name,
    /// `NAME.key`, `NAME.value`).
    pub iterators: Vec<(String, Node, Node)>,
    /// A variable read with another value than `vars` gives: a conditional resource's toggle
    /// (`count = var.x ? 1 : 0`) is true in the resource it creates.
    pub var_override: Option<(String, Node)>,
    /// The module path the expressions are written in (`""`, `module.logs.`).
    pub prefix: &'a str,
    /// The outputs of the local modules this module calls, by module name.
    pub modules: &'a HashMap<String, HashMap<String, Node>>,
}

impl<'a> Scope<'a> {
    /// The scope of a module's own expressions (no instance, no iterator, no override).
    pub fn module(
        vars: &'a HashMap<String, Node>,
        locals: &'a HashMap<String, LocalDef<'a>>,
        cache: (
            &'a RefCell<HashMap<String, Node>>,
            &'a RefCell<HashSet<String>>,
        ),
        policy_docs: &'a HashMap<String, (&'a Body, &'a LineIndex<'a>)>,
        prefix: &'a str,
        modules: &'a HashMap<String, HashMap<String, Node>>,
    ) -> Scope<'a> {
        Scope {
            vars,
            locals,
            local_cache: cache.0,
            local_busy: cache.1,
            policy_docs,
            count_index: None,
            each: None,
            iterators: Vec::new(),
            var_override: None,
            prefix,
            modules,
        }
    }

    /// The scope of one resource instance (or, with `None, None`, of a local or a policy
    /// document): no `dynamic` iterator is visible in it.
    pub fn with_instance(
        &self,
        count_index: Option<Node>,
        each: Option<(Node, Node)>,
    ) -> Scope<'a> {
        Scope {
            count_index,
            each,
            ..Scope::module(
                self.vars,
                self.locals,
                (self.local_cache, self.local_busy),
                self.policy_docs,
                self.prefix,
                self.modules,
            )
        }
    }

    /// This scope inside the `content` of a `dynamic` block whose iterator is `name`: everything
    /// stays visible, and `name` hides an outer iterator of the same name.
    pub fn with_iterator(&self, name: &str, key: Node, value: Node) -> Scope<'a> {
        let mut inner = self.clone();
        inner.iterators.push((name.to_string(), key, value));
        inner
    }
}

/// How deep expressions (and chains of locals) are followed.
pub const MAX_DEPTH: usize = 64;

pub fn eval(expr: &Expression, scope: &Scope, lines: &LineIndex<'_>, line: u32) -> Node {
    eval_d(expr, scope, lines, line, 0)
}

fn line_of(e: &impl Span, lines: &LineIndex<'_>, default: u32) -> u32 {
    e.span().map(|r| lines.line(r.start)).unwrap_or(default)
}

fn unknown(line: u32) -> Node {
    Node::new(Value::Unknown, line)
}

fn eval_d(expr: &Expression, scope: &Scope, lines: &LineIndex<'_>, line: u32, d: usize) -> Node {
    if d > MAX_DEPTH {
        return unknown(line);
    }
    let value = match expr {
        Expression::Null(_) => Value::Null,
        Expression::Bool(b) => Value::Bool(*b.value()),
        Expression::Number(n) => n.as_f64().map(Value::Num).unwrap_or(Value::Unknown),
        Expression::String(s) => Value::Str(s.value().clone()),
        Expression::Array(a) => Value::List(
            a.iter()
                .map(|e| eval_d(e, scope, lines, line_of(e, lines, line), d + 1))
                .collect(),
        ),
        Expression::Object(o) => {
            let mut entries = Vec::new();
            for (k, v) in o.iter() {
                let key = match k {
                    ObjectKey::Ident(i) => i.as_str().to_string(),
                    ObjectKey::Expression(e) => {
                        match eval_d(e, scope, lines, line, d + 1).scalar_text() {
                            Some(s) => s.into_owned(),
                            None => continue,
                        }
                    }
                };
                let vline = line_of(k, lines, line);
                entries.push((key, eval_d(v.expr(), scope, lines, vline, d + 1)));
            }
            Value::Map(entries)
        }
        Expression::StringTemplate(t) => template(t, scope, lines, line, d),
        Expression::HeredocTemplate(h) => template(&h.template, scope, lines, line, d),
        Expression::Parenthesis(p) => return eval_d(p.inner(), scope, lines, line, d + 1),
        // A bare identifier (a resource type alone): keep as a reference.
        Expression::Variable(v) => Value::Ref(v.as_str().to_string()),
        Expression::Conditional(c) => {
            let cond = eval_d(&c.cond_expr, scope, lines, line, d + 1);
            return match truthy(&cond) {
                Some(true) => eval_d(&c.true_expr, scope, lines, line, d + 1),
                Some(false) => eval_d(&c.false_expr, scope, lines, line, d + 1),
                None => unknown(line),
            };
        }
        Expression::FuncCall(f) => return call(f, scope, lines, line, d),
        Expression::Traversal(t) => return traversal(&t.expr, &t.operators, scope, lines, line, d),
        Expression::UnaryOp(u) => {
            let v = eval_d(&u.expr, scope, lines, line, d + 1);
            match (*u.operator.value(), &v.value) {
                (UnaryOperator::Not, _) => match truthy(&v) {
                    Some(b) => Value::Bool(!b),
                    None => Value::Unknown,
                },
                (UnaryOperator::Neg, _) => match v.as_num() {
                    Some(n) if !v.is_unresolved() => Value::Num(-n),
                    _ => Value::Unknown,
                },
            }
        }
        Expression::BinaryOp(b) => {
            let l = eval_d(&b.lhs_expr, scope, lines, line, d + 1);
            let r = eval_d(&b.rhs_expr, scope, lines, line, d + 1);
            binary(*b.operator.value(), &l, &r)
        }
        Expression::ForExpr(_) => Value::Unknown,
    };
    Node::new(value, line)
}

fn truthy(n: &Node) -> Option<bool> {
    match &n.value {
        Value::Bool(b) => Some(*b),
        Value::Str(s) if s == "true" => Some(true),
        Value::Str(s) if s == "false" => Some(false),
        _ => None,
    }
}

fn binary(op: BinaryOperator, l: &Node, r: &Node) -> Value {
    use BinaryOperator as B;
    if l.is_unresolved() || r.is_unresolved() {
        return Value::Unknown;
    }
    match op {
        B::Eq | B::NotEq => {
            let eq = match (l.scalar_text(), r.scalar_text()) {
                (Some(a), Some(b)) => a == b,
                _ => l.value == r.value,
            };
            Value::Bool(eq == matches!(op, B::Eq))
        }
        B::And | B::Or => match (truthy(l), truthy(r)) {
            (Some(a), Some(b)) => Value::Bool(if matches!(op, B::And) { a && b } else { a || b }),
            _ => Value::Unknown,
        },
        _ => match (l.as_num(), r.as_num()) {
            (Some(a), Some(b)) => match op {
                B::Plus => Value::Num(a + b),
                B::Minus => Value::Num(a - b),
                B::Mul => Value::Num(a * b),
                B::Div if b != 0.0 => Value::Num(a / b),
                B::Mod if b != 0.0 => Value::Num(a % b),
                B::Less => Value::Bool(a < b),
                B::LessEq => Value::Bool(a <= b),
                B::Greater => Value::Bool(a > b),
                B::GreaterEq => Value::Bool(a >= b),
                _ => Value::Unknown,
            },
            _ => Value::Unknown,
        },
    }
}

fn template(t: &Template, scope: &Scope, lines: &LineIndex<'_>, line: u32, d: usize) -> Value {
    // `"${x}"` is `x` itself, whatever it is (a reference stays a reference).
    if let [Element::Interpolation(i)] = t.iter().collect::<Vec<_>>().as_slice() {
        return eval_d(&i.expr, scope, lines, line, d + 1).value;
    }
    let mut out = String::new();
    for el in t.iter() {
        match el {
            Element::Literal(s) => out.push_str(s.value()),
            Element::Interpolation(i) => {
                let v = eval_d(&i.expr, scope, lines, line, d + 1);
                match (&v.value, v.scalar_text()) {
                    (Value::Str(_) | Value::Num(_) | Value::Bool(_), Some(s)) => out.push_str(&s),
                    _ => return Value::Unknown,
                }
            }
            Element::Directive(_) => return Value::Unknown,
        }
    }
    Value::Str(out)
}

/// Gives every node of a value taken from elsewhere (a variable, a local) the line of the
/// attribute that uses it, so findings point where the value is used.
fn relabel(mut n: Node, line: u32) -> Node {
    n.line = line;
    match &mut n.value {
        Value::List(items) => {
            for i in items.iter_mut() {
                *i = relabel(std::mem::replace(i, Node::new(Value::Null, 0)), line);
            }
        }
        Value::Map(entries) => {
            for (_, v) in entries.iter_mut() {
                *v = relabel(std::mem::replace(v, Node::new(Value::Null, 0)), line);
            }
        }
        _ => {}
    }
    n
}

fn index(n: Node, key: &Node) -> Node {
    let line = n.line;
    if n.is_unresolved() || key.is_unresolved() {
        return unknown(line);
    }
    match n.value {
        Value::List(items) => match key.as_num() {
            Some(i) if i >= 0.0 => items
                .into_iter()
                .nth(i as usize)
                .unwrap_or_else(|| unknown(line)),
            _ => unknown(line),
        },
        Value::Map(entries) => match key.scalar_text() {
            Some(k) => entries
                .into_iter()
                .find(|(ek, _)| *ek == k)
                .map(|(_, v)| v)
                .unwrap_or_else(|| unknown(line)),
            None => unknown(line),
        },
        _ => unknown(line),
    }
}

fn traversal(
    root: &Expression,
    ops: &[hcl_edit::Decorated<TraversalOperator>],
    scope: &Scope,
    lines: &LineIndex<'_>,
    line: u32,
    d: usize,
) -> Node {
    let attr = |i: usize| -> Option<&str> {
        match ops.get(i).map(|o| o.value()) {
            Some(TraversalOperator::GetAttr(id)) => Some(id.as_str()),
            _ => None,
        }
    };
    let iterator = match root {
        Expression::Variable(v) => scope.iterators.iter().rev().find(|(n, ..)| n == v.as_str()),
        _ => None,
    };
    let (mut value, rest) = match root {
        Expression::Variable(_) if iterator.is_some() => match (attr(0), iterator) {
            (Some("key"), Some((_, k, _))) => (Node { line, ..k.clone() }, 1),
            (Some("value"), Some((_, _, v))) => (relabel(v.clone(), line), 1),
            _ => return unknown(line),
        },
        Expression::Variable(v) => match v.as_str() {
            "var" => match attr(0) {
                Some(name) => (
                    scope
                        .var_override
                        .as_ref()
                        .filter(|(n, _)| n == name)
                        .map(|(_, v)| v)
                        .or_else(|| scope.vars.get(name))
                        .cloned()
                        .map(|n| relabel(n, line))
                        .unwrap_or_else(|| unknown(line)),
                    1,
                ),
                None => return unknown(line),
            },
            "local" => match attr(0) {
                Some(name) => (local(name, scope, line, d), 1),
                None => return unknown(line),
            },
            "count" => match (attr(0), &scope.count_index) {
                (Some("index"), Some(i)) => (Node { line, ..i.clone() }, 1),
                _ => return unknown(line),
            },
            "each" => match (attr(0), &scope.each) {
                (Some("key"), Some((k, _))) => (Node { line, ..k.clone() }, 1),
                (Some("value"), Some((_, v))) => (relabel(v.clone(), line), 1),
                _ => return unknown(line),
            },
            "data" => {
                if attr(0) == Some("aws_iam_policy_document")
                    && attr(2) == Some("json")
                    && let Some((body, doc_lines)) = attr(1).and_then(|n| scope.policy_docs.get(n))
                {
                    return relabel(policy_json(body, scope, doc_lines, line, d), line);
                }
                return reference(root, ops, scope, line);
            }
            "module" => match (attr(0), attr(1)) {
                (Some(m), Some(o)) => match scope.modules.get(m).and_then(|outs| outs.get(o)) {
                    Some(v) => (relabel(v.clone(), line), 2),
                    None => return unknown(line),
                },
                _ => return unknown(line),
            },
            "path" | "terraform" | "self" => return unknown(line),
            _ => return reference(root, ops, scope, line),
        },
        other => (eval_d(other, scope, lines, line, d + 1), 0),
    };
    for op in &ops[rest..] {
        value = match op.value() {
            TraversalOperator::GetAttr(id) => {
                // An attribute of a reference (`module.x.bucket.arn`) is still a reference.
                if let Value::Ref(r) = &value.value {
                    value = Node::new(Value::Ref(format!("{r}.{}", id.as_str())), line);
                    continue;
                }
                if value.is_unresolved() {
                    return unknown(line);
                }
                match value.get(id.as_str()) {
                    Some(v) => v.clone(),
                    None => return unknown(line),
                }
            }
            TraversalOperator::Index(e) => {
                let k = eval_d(e, scope, lines, line, d + 1);
                index(value, &k)
            }
            TraversalOperator::LegacyIndex(i) => {
                index(value, &Node::new(Value::Num(*i.value() as f64), line))
            }
            _ => return unknown(line),
        };
    }
    value
}

/// A reference to a resource, named with the module path it is written in.
fn reference(
    root: &Expression,
    ops: &[hcl_edit::Decorated<TraversalOperator>],
    scope: &Scope,
    line: u32,
) -> Node {
    Node::new(
        Value::Ref(format!("{}{}", scope.prefix, render(root, ops))),
        line,
    )
}

/// `aws_s3_bucket.b[0].id` as written (indexes that are not literals are dropped).
fn render(root: &Expression, ops: &[hcl_edit::Decorated<TraversalOperator>]) -> String {
    let mut s = match root {
        Expression::Variable(v) => v.as_str().to_string(),
        _ => String::new(),
    };
    for op in ops {
        match op.value() {
            TraversalOperator::GetAttr(id) => {
                s.push('.');
                s.push_str(id.as_str());
            }
            TraversalOperator::LegacyIndex(i) => s.push_str(&format!("[{}]", i.value())),
            TraversalOperator::Index(Expression::Number(n)) => s.push_str(&format!("[{}]", **n)),
            TraversalOperator::Index(Expression::String(k)) => {
                s.push_str(&format!("[\"{}\"]", k.value()))
            }
            _ => s.push_str("[*]"),
        }
    }
    s
}

fn local(name: &str, scope: &Scope, line: u32, d: usize) -> Node {
    if let Some(v) = scope.local_cache.borrow().get(name) {
        return relabel(v.clone(), line);
    }
    let Some(def) = scope.locals.get(name) else {
        return unknown(line);
    };
    if !scope.local_busy.borrow_mut().insert(name.to_string()) {
        return unknown(line); // a cycle
    }
    // Locals never see count/each.
    let plain = scope.with_instance(None, None);
    let v = eval_d(def.expr, &plain, def.lines, line, d + 1);
    scope.local_busy.borrow_mut().remove(name);
    scope
        .local_cache
        .borrow_mut()
        .insert(name.to_string(), v.clone());
    relabel(v, line)
}

fn call(
    f: &hcl_edit::expr::FuncCall,
    scope: &Scope,
    lines: &LineIndex<'_>,
    line: u32,
    d: usize,
) -> Node {
    if f.name.is_namespaced() {
        return unknown(line);
    }
    let args: Vec<Node> = f
        .args
        .iter()
        .map(|a| eval_d(a, scope, lines, line, d + 1))
        .collect();
    let first = args.first().cloned().unwrap_or_else(|| unknown(line));
    let value = match f.name.name.as_str() {
        // The structure is what policy rules look at; `@json` paths pass maps through.
        "jsonencode" | "tolist" | "toset" | "tomap" | "tostring" | "tonumber" | "tobool"
        | "sensitive" | "nonsensitive" => return first,
        "lower" | "upper" | "trimspace" => match first.as_str() {
            Some(s) => Value::Str(match f.name.name.as_str() {
                "lower" => s.to_lowercase(),
                "upper" => s.to_uppercase(),
                _ => s.trim().to_string(),
            }),
            None => Value::Unknown,
        },
        "length" => match &first.value {
            Value::List(l) => Value::Num(l.len() as f64),
            Value::Map(m) => Value::Num(m.len() as f64),
            Value::Str(s) => Value::Num(s.chars().count() as f64),
            _ => Value::Unknown,
        },
        "concat" => {
            let mut out = Vec::new();
            for a in args {
                match a.value {
                    Value::List(l) => out.extend(l),
                    _ => return unknown(line),
                }
            }
            Value::List(out)
        }
        "merge" => {
            let mut out: Vec<(String, Node)> = Vec::new();
            for a in args {
                match a.value {
                    Value::Map(m) => {
                        for (k, v) in m {
                            out.retain(|(ok, _)| *ok != k);
                            out.push((k, v));
                        }
                    }
                    _ => return unknown(line),
                }
            }
            Value::Map(out)
        }
        "lookup" => {
            let key = args.get(1).cloned().unwrap_or_else(|| unknown(line));
            let found = index(first.clone(), &key);
            return match (&found.value, args.get(2)) {
                (Value::Unknown, Some(default)) if !first.is_unresolved() => default.clone(),
                _ => found,
            };
        }
        "coalesce" => {
            for a in args {
                match &a.value {
                    Value::Null => continue,
                    Value::Str(s) if s.is_empty() => continue,
                    _ => return a,
                }
            }
            Value::Unknown
        }
        _ => Value::Unknown,
    };
    Node::new(value, line)
}

/// `data "aws_iam_policy_document"` statements in the JSON policy shape (`Statement`, `Effect`,
/// `Action`, `Resource`, `Principal`, `Condition`).
fn policy_json(body: &Body, scope: &Scope, lines: &LineIndex<'_>, line: u32, d: usize) -> Node {
    let plain = scope.with_instance(None, None);
    let mut statements = Vec::new();
    for st in body.get_blocks("statement") {
        let sline = line_of(&st.ident, lines, line);
        let attr = |k: &str| {
            st.body
                .get_attribute(k)
                .map(|a| eval_d(&a.value, &plain, lines, sline, d + 1))
        };
        let mut m: Vec<(String, Node)> = Vec::new();
        m.push((
            "Effect".into(),
            attr("effect").unwrap_or_else(|| Node::str("Allow", sline)),
        ));
        for (from, to) in [
            ("actions", "Action"),
            ("not_actions", "NotAction"),
            ("resources", "Resource"),
            ("not_resources", "NotResource"),
        ] {
            if let Some(v) = attr(from) {
                m.push((to.into(), v));
            }
        }
        for (block, key) in [
            ("principals", "Principal"),
            ("not_principals", "NotPrincipal"),
        ] {
            let mut principal: Vec<(String, Node)> = Vec::new();
            for p in st.body.get_blocks(block) {
                let ty = p
                    .body
                    .get_attribute("type")
                    .map(|a| eval_d(&a.value, &plain, lines, sline, d + 1));
                let ids = p
                    .body
                    .get_attribute("identifiers")
                    .map(|a| eval_d(&a.value, &plain, lines, sline, d + 1))
                    .unwrap_or_else(|| unknown(sline));
                let ty = ty.and_then(|t| t.as_str().map(str::to_string));
                match ty.as_deref() {
                    Some("*") => principal.push(("AWS".into(), Node::str("*", ids.line))),
                    Some(t) => principal.push((t.to_string(), ids)),
                    None => principal.push(("?".into(), unknown(sline))),
                }
            }
            if !principal.is_empty() {
                m.push((key.into(), Node::map(principal, sline)));
            }
        }
        let mut cond: Vec<(String, Node)> = Vec::new();
        for c in st.body.get_blocks("condition") {
            let get = |k: &str| {
                c.body
                    .get_attribute(k)
                    .map(|a| eval_d(&a.value, &plain, lines, sline, d + 1))
            };
            let (Some(test), Some(var)) = (get("test"), get("variable")) else {
                continue;
            };
            let (Some(test), Some(var)) = (test.as_str(), var.as_str()) else {
                cond.push((
                    "?".into(),
                    Node::map(vec![("?".into(), unknown(sline))], sline),
                ));
                continue;
            };
            let values = get("values").unwrap_or_else(|| unknown(sline));
            cond.push((
                test.to_string(),
                Node::map(vec![(var.to_string(), values)], sline),
            ));
        }
        if !cond.is_empty() {
            m.push(("Condition".into(), Node::map(cond, sline)));
        }
        statements.push(Node::map(m, sline));
    }
    Node::map(
        vec![("Statement".into(), Node::new(Value::List(statements), line))],
        line,
    )
}
