//! The declarative matcher every IaC rule is written in: a rule's `[matcher]` table compiled into
//! a [`Matcher`], evaluated against a [`Resource`] with three-valued logic.
//!
//! ```toml
//! [matcher]
//! platform = "terraform"                 # terraform | cloudformation | kubernetes | compose
//!                                        # | github-actions | dockerfile
//! resources = ["aws_db_instance"]        # resource kinds the rule looks at
//! when = { path = "storage_encrypted", not_equals = true }   # a finding when this holds
//! message = "..."                        # optional; defaults to the rule's summary
//!
//! [[matcher.also]]                       # the same control on another platform (one per platform)
//! platform = "cloudformation"
//! resources = ["AWS::RDS::DBInstance"]
//! when = { path = "StorageEncrypted", not_equals = true }
//! alias = "IAC-CFN-005"                  # optional: the id this matcher's findings had before
//! ```
//!
//! Conditions (`when` and everything nested in it):
//! - combinators: `{ all = [...] }`, `{ any = [...] }`, `{ not = {...} }`;
//! - `{ kind = ["aws_s3_bucket"] }`: the resource's kind is one of these;
//! - tests on a dotted `path` (default: the node itself; lists are flattened, `*` is every child,
//!   `@json` parses a JSON string such as an inline policy, `@entries` turns a map into
//!   `{name, value}` items): `present = true|false`, `absent = true`,
//!   `equals`, `not_equals`, `one_of`, `not_one_of` (strings compare case-insensitively, `"true"`
//!   equals `true`, `"1"` equals `1`), `regex`, `not_regex`, `gt`/`ge`/`lt`/`le` (numbers),
//!   `contains` (substring), `has_key` (a map key matching a regex), `covers_port = [22]` (a port,
//!   a `"20-30"` range, `"*"`), and the quantifiers `any_item`, `all_items`, `no_item` (a condition
//!   on each node found);
//! - `{ related = ["aws_s3_bucket_versioning"], via = "bucket", where = {...} }`: some resource of
//!   those kinds whose `via` attribute refers to this one (a reference, or a literal equal to one of
//!   its names) satisfies `where`; `from = "parameter_group_name"` instead follows this resource's
//!   attribute to the related one; neither means any resource of those kinds in the same module.
//!   An unknown value names no resource, and a resource created only for some inputs
//!   ([`super::model::Conditional`]) names none through `via` or the module unless it shares the
//!   checked resource's conditions (see `rules/iac/README.md`, "Relations");
//! - `{ check = "name", ... }`: a Rust function from `checks.rs`, for what the above cannot say.
//!
//! Unknown and referenced values make a test unknown, never true: a finding needs a definite
//! `true`. The matcher does not know file formats; the adapters build the resources.

use super::checks::{self, CheckFn};
use super::model::{Node, Resource, Seg, Value, lookup, parse_path};
use regex::Regex;
use std::sync::OnceLock;

/// Three-valued truth.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tri {
    True,
    False,
    Unknown,
}

/// A result and the line of the node that decided it, if a node did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Outcome {
    pub tri: Tri,
    pub line: Option<u32>,
}

impl Outcome {
    pub fn t(line: Option<u32>) -> Outcome {
        Outcome {
            tri: Tri::True,
            line,
        }
    }
    pub fn f(line: Option<u32>) -> Outcome {
        Outcome {
            tri: Tri::False,
            line,
        }
    }
    pub const UNKNOWN: Outcome = Outcome {
        tri: Tri::Unknown,
        line: None,
    };
}

#[derive(Debug, Clone, Copy)]
pub enum Cmp {
    Gt,
    Ge,
    Lt,
    Le,
}

#[derive(Debug)]
pub enum Test {
    Present,
    OneOf(Vec<String>),
    Regex(Pattern),
    Cmp(Cmp, f64),
    Contains(String),
    HasKey(Pattern),
    CoversPort(Vec<u32>),
    AnyItem(Box<Cond>),
    AllItems(Box<Cond>),
}

#[derive(Debug)]
pub enum Cond {
    All(Vec<Cond>),
    Any(Vec<Cond>),
    Not(Box<Cond>),
    Kind(Vec<String>),
    Test {
        path: Vec<Seg>,
        test: Test,
    },
    Related {
        kinds: Vec<String>,
        via: Option<Vec<Seg>>,
        from: Option<Vec<Seg>>,
        cond: Option<Box<Cond>>,
    },
    Check {
        f: CheckFn,
        args: toml::Table,
    },
}

/// What a rule's matcher compiles to.
#[derive(Debug)]
pub struct Matcher {
    pub platform: String,
    pub resources: Vec<String>,
    pub when: Cond,
    pub message: Option<String>,
    /// The id this matcher's findings had before the control got one id across platforms
    /// (`IAC-CFN-005`): still accepted in markers, config and baselines, with a deprecation note.
    pub alias: Option<String>,
}

/// Why a `[matcher]` table does not compile. Shown to a rule author after the rule file's name
/// and `[matcher]: `; values quoted from the table are the rule file's own (ours or the user's).
#[derive(Debug)]
pub enum MatcherError {
    /// A key is missing or holds the wrong kind of value: what the matcher needs there.
    Malformed(&'static str),
    UnknownMatcherKey(String),
    UnknownRelatedKey(String),
    UnknownPlatform(String),
    /// Two matchers of one rule for the same platform.
    DuplicatePlatform(String),
    /// A value of the wrong type: what was expected and the TOML found.
    Expected {
        what: &'static str,
        found: toml::Value,
    },
    NotATable(toml::Value),
    BadRegex {
        pattern: String,
        source: regex::Error,
    },
    UnknownCheck(String),
    /// A test with no operator or several: the keys besides `path`.
    OperatorCount(Vec<String>),
    UnknownOperator(String),
}

impl std::fmt::Display for MatcherError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            MatcherError::Malformed(what) => f.write_str(what),
            MatcherError::UnknownMatcherKey(k) => write!(f, "unknown matcher key `{k}`"),
            MatcherError::UnknownRelatedKey(k) => {
                write!(f, "unknown key `{k}` in a `related` condition")
            }
            MatcherError::UnknownPlatform(p) => {
                write!(
                    f,
                    "unknown platform `{p}` (one of {})",
                    PLATFORMS.join(", ")
                )
            }
            MatcherError::DuplicatePlatform(p) => {
                write!(f, "two matchers for platform `{p}` (one per platform)")
            }
            MatcherError::Expected { what, found } => write!(f, "expected {what}, found `{found}`"),
            MatcherError::NotATable(v) => write!(f, "a condition must be a table, found `{v}`"),
            MatcherError::BadRegex { pattern, source } => {
                write!(f, "bad regex `{pattern}`: {source}")
            }
            MatcherError::UnknownCheck(name) => write!(
                f,
                "unknown check `{name}` (known: {})",
                checks::names().join(", ")
            ),
            MatcherError::OperatorCount(ops) => write!(
                f,
                "a test needs exactly one operator besides `path`, found {ops:?}"
            ),
            MatcherError::UnknownOperator(op) => write!(f, "unknown operator `{op}`"),
        }
    }
}

impl std::error::Error for MatcherError {}

use MatcherError::Malformed;

pub const PLATFORMS: &[&str] = &[
    "terraform",
    "cloudformation",
    "kubernetes",
    "compose",
    "github-actions",
    "dockerfile",
    "arm",
];

impl Matcher {
    /// A rule's `[matcher]` and its `[[matcher.also]]` entries: one matcher per platform.
    pub fn compile_all(table: &toml::Table) -> Result<Vec<Matcher>, MatcherError> {
        let mut out = vec![Matcher::compile(table, true)?];
        if let Some(also) = table.get("also") {
            let also = also.as_array().ok_or(Malformed(
                "`also` takes a list of matchers ([[matcher.also]])",
            ))?;
            for t in also {
                let t = t
                    .as_table()
                    .ok_or(Malformed("each `also` entry is a matcher table"))?;
                let m = Matcher::compile(t, false)?;
                if out.iter().any(|o| o.platform == m.platform) {
                    return Err(MatcherError::DuplicatePlatform(m.platform));
                }
                out.push(m);
            }
        }
        Ok(out)
    }

    /// One matcher table; `also` is allowed only in the rule's main `[matcher]`.
    pub fn compile(table: &toml::Table, main: bool) -> Result<Matcher, MatcherError> {
        for k in table.keys() {
            let known = ["platform", "resources", "when", "message", "alias"].contains(&k.as_str())
                || (main && k == "also");
            if !known {
                return Err(MatcherError::UnknownMatcherKey(k.clone()));
            }
        }
        let platform = table
            .get("platform")
            .and_then(|v| v.as_str())
            .ok_or(Malformed("matcher needs `platform`"))?
            .to_string();
        if !PLATFORMS.contains(&platform.as_str()) {
            return Err(MatcherError::UnknownPlatform(platform));
        }
        let mut resources = strings(
            table
                .get("resources")
                .ok_or(Malformed("matcher needs `resources`"))?,
        )?;
        let mut when = compile_cond(table.get("when").ok_or(Malformed("matcher needs `when`"))?)?;
        if platform == "arm" {
            // ARM resource types and property names are case-insensitive; the adapter lowercases
            // them, so the matcher compares in lowercase too.
            resources.iter_mut().for_each(|r| r.make_ascii_lowercase());
            fold_case(&mut when);
        }
        let message = table
            .get("message")
            .and_then(|v| v.as_str())
            .map(str::to_string);
        let alias = match table.get("alias") {
            Some(a) => Some(
                a.as_str()
                    .ok_or(Malformed("`alias` takes a rule id"))?
                    .to_string(),
            ),
            None => None,
        };
        Ok(Matcher {
            platform,
            resources,
            when,
            message,
            alias,
        })
    }
}

/// Lowercases every resource kind and path key of a condition (for case-insensitive formats).
fn fold_case(c: &mut Cond) {
    fn path(p: &mut [Seg]) {
        for s in p {
            if let Seg::Key(k) = s {
                k.make_ascii_lowercase();
            }
        }
    }
    match c {
        Cond::All(cs) | Cond::Any(cs) => cs.iter_mut().for_each(fold_case),
        Cond::Not(c) => fold_case(c),
        Cond::Kind(kinds) => kinds.iter_mut().for_each(|k| k.make_ascii_lowercase()),
        Cond::Test { path: p, test } => {
            path(p);
            if let Test::AnyItem(c) | Test::AllItems(c) = test {
                fold_case(c);
            }
        }
        Cond::Related {
            kinds,
            via,
            from,
            cond,
        } => {
            kinds.iter_mut().for_each(|k| k.make_ascii_lowercase());
            via.iter_mut().for_each(|p| path(p));
            from.iter_mut().for_each(|p| path(p));
            if let Some(c) = cond {
                fold_case(c);
            }
        }
        Cond::Check { .. } => {}
    }
}

fn strings(v: &toml::Value) -> Result<Vec<String>, MatcherError> {
    match v {
        toml::Value::String(s) => Ok(vec![s.clone()]),
        toml::Value::Array(a) => a
            .iter()
            .map(|x| {
                x.as_str()
                    .map(str::to_string)
                    .ok_or_else(|| MatcherError::Expected {
                        what: "a string",
                        found: x.clone(),
                    })
            })
            .collect(),
        _ => Err(MatcherError::Expected {
            what: "a string or a list of strings",
            found: v.clone(),
        }),
    }
}

fn scalar_text(v: &toml::Value) -> Result<String, MatcherError> {
    Ok(match v {
        toml::Value::String(s) => s.to_ascii_lowercase(),
        toml::Value::Integer(i) => i.to_string(),
        toml::Value::Float(f) => super::model::fmt_num(*f),
        toml::Value::Boolean(b) => b.to_string(),
        _ => {
            return Err(MatcherError::Expected {
                what: "a scalar",
                found: v.clone(),
            });
        }
    })
}

fn num(v: &toml::Value) -> Result<f64, MatcherError> {
    match v {
        toml::Value::Integer(i) => Ok(*i as f64),
        toml::Value::Float(f) => Ok(*f),
        _ => Err(MatcherError::Expected {
            what: "a number",
            found: v.clone(),
        }),
    }
}

/// A rule's regex, compiled the first time a value is tested against it: a scan of Terraform
/// never pays for compiling the Kubernetes rules' patterns. A user's rules are compiled when they
/// are loaded ([`Cond::compile_patterns`]), so a bad pattern is an error naming the rule file; the
/// built-in ones are all compiled by the test suite.
#[derive(Debug)]
pub struct Pattern {
    source: String,
    cell: OnceLock<Result<Regex, regex::Error>>,
}

impl Pattern {
    fn new(source: &str) -> Pattern {
        Pattern {
            source: source.to_string(),
            cell: OnceLock::new(),
        }
    }

    fn compiled(&self) -> Result<&Regex, MatcherError> {
        self.cell
            .get_or_init(|| Regex::new(&self.source))
            .as_ref()
            .map_err(|e| MatcherError::BadRegex {
                pattern: self.source.clone(),
                source: e.clone(),
            })
    }

    fn is_match(&self, text: &str) -> bool {
        match self.compiled() {
            Ok(re) => re.is_match(text),
            // Only a built-in pattern can get here uncompiled, and the tests compile them all.
            Err(e) => panic!("built-in IaC pattern: {e}"),
        }
    }
}

fn regex(v: &toml::Value) -> Result<Pattern, MatcherError> {
    let s = v.as_str().ok_or(Malformed("regex must be a string"))?;
    Ok(Pattern::new(s))
}

impl Cond {
    /// Compiles every regex of the condition now; the first bad one is the error.
    pub fn compile_patterns(&self) -> Result<(), MatcherError> {
        match self {
            Cond::All(cs) | Cond::Any(cs) => cs.iter().try_for_each(Cond::compile_patterns),
            Cond::Not(c) => c.compile_patterns(),
            Cond::Related { cond, .. } => cond.as_deref().map_or(Ok(()), Cond::compile_patterns),
            Cond::Test { test, .. } => match test {
                Test::Regex(p) | Test::HasKey(p) => p.compiled().map(|_| ()),
                Test::AnyItem(c) | Test::AllItems(c) => c.compile_patterns(),
                _ => Ok(()),
            },
            Cond::Kind(_) | Cond::Check { .. } => Ok(()),
        }
    }
}

pub fn compile_cond(v: &toml::Value) -> Result<Cond, MatcherError> {
    let t = v
        .as_table()
        .ok_or_else(|| MatcherError::NotATable(v.clone()))?;
    let list = |x: &toml::Value| -> Result<Vec<Cond>, MatcherError> {
        x.as_array()
            .ok_or(Malformed("`all`/`any` take a list of conditions"))?
            .iter()
            .map(compile_cond)
            .collect()
    };
    if let Some(x) = t.get("all").filter(|_| t.len() == 1) {
        return Ok(Cond::All(list(x)?));
    }
    if let Some(x) = t.get("any").filter(|_| t.len() == 1) {
        return Ok(Cond::Any(list(x)?));
    }
    if let Some(x) = t.get("not").filter(|_| t.len() == 1) {
        return Ok(Cond::Not(Box::new(compile_cond(x)?)));
    }
    if let Some(x) = t.get("kind").filter(|_| t.len() == 1) {
        return Ok(Cond::Kind(strings(x)?));
    }
    if let Some(name) = t.get("check") {
        let name = name
            .as_str()
            .ok_or(Malformed("`check` takes a function name"))?;
        let f = checks::find(name).ok_or_else(|| MatcherError::UnknownCheck(name.to_string()))?;
        let mut args = t.clone();
        args.remove("check");
        return Ok(Cond::Check { f, args });
    }
    if let Some(kinds) = t.get("related") {
        for k in t.keys() {
            if !["related", "via", "from", "where"].contains(&k.as_str()) {
                return Err(MatcherError::UnknownRelatedKey(k.clone()));
            }
        }
        let path = |k: &str, shape: &'static str| -> Result<Option<Vec<Seg>>, MatcherError> {
            t.get(k)
                .map(|p| p.as_str().map(parse_path).ok_or(Malformed(shape)))
                .transpose()
        };
        return Ok(Cond::Related {
            kinds: strings(kinds)?,
            via: path("via", "`via` takes a path")?,
            from: path("from", "`from` takes a path")?,
            cond: t.get("where").map(compile_cond).transpose()?.map(Box::new),
        });
    }
    let path = match t.get("path") {
        Some(p) => parse_path(p.as_str().ok_or(Malformed("`path` must be a string"))?),
        None => Vec::new(),
    };
    let ops: Vec<(&String, &toml::Value)> = t.iter().filter(|(k, _)| *k != "path").collect();
    if ops.len() != 1 {
        return Err(MatcherError::OperatorCount(
            ops.iter().map(|(k, _)| k.to_string()).collect(),
        ));
    }
    let (op, arg) = ops[0];
    let (negate, test) = match op.as_str() {
        "present" => (arg.as_bool() == Some(false), Test::Present),
        "absent" => (arg.as_bool() != Some(false), Test::Present),
        "equals" | "not_equals" => (op.starts_with("not_"), Test::OneOf(vec![scalar_text(arg)?])),
        "one_of" | "not_one_of" => (
            op.starts_with("not_"),
            Test::OneOf(
                arg.as_array()
                    .ok_or(Malformed("`one_of` takes a list"))?
                    .iter()
                    .map(scalar_text)
                    .collect::<Result<_, _>>()?,
            ),
        ),
        "regex" | "not_regex" => (op.starts_with("not_"), Test::Regex(regex(arg)?)),
        "gt" => (false, Test::Cmp(Cmp::Gt, num(arg)?)),
        "ge" => (false, Test::Cmp(Cmp::Ge, num(arg)?)),
        "lt" => (false, Test::Cmp(Cmp::Lt, num(arg)?)),
        "le" => (false, Test::Cmp(Cmp::Le, num(arg)?)),
        "contains" | "not_contains" => (
            op.starts_with("not_"),
            Test::Contains(
                arg.as_str()
                    .ok_or(Malformed("`contains` takes a string"))?
                    .to_ascii_lowercase(),
            ),
        ),
        "has_key" => (false, Test::HasKey(regex(arg)?)),
        "covers_port" | "not_covers_port" => (
            op.starts_with("not_"),
            Test::CoversPort(
                arg.as_array()
                    .ok_or(Malformed("`covers_port` takes a list of ports"))?
                    .iter()
                    .map(|p| num(p).map(|n| n as u32))
                    .collect::<Result<_, _>>()?,
            ),
        ),
        "any_item" => (false, Test::AnyItem(Box::new(compile_cond(arg)?))),
        "no_item" => (true, Test::AnyItem(Box::new(compile_cond(arg)?))),
        "all_items" => (false, Test::AllItems(Box::new(compile_cond(arg)?))),
        other => return Err(MatcherError::UnknownOperator(other.to_string())),
    };
    let c = Cond::Test { path, test };
    Ok(if negate { Cond::Not(Box::new(c)) } else { c })
}

/// What a condition is evaluated in: the resource and the others it may relate to.
pub struct Ctx<'a> {
    pub resource: &'a Resource,
    pub group: &'a [Resource],
}

impl Cond {
    pub fn eval(&self, node: &Node, ctx: &Ctx) -> Outcome {
        match self {
            Cond::All(cs) => {
                let mut unknown = false;
                let mut line = None;
                for c in cs {
                    let o = c.eval(node, ctx);
                    match o.tri {
                        Tri::False => return o,
                        Tri::Unknown => unknown = true,
                        Tri::True => line = line.or(o.line),
                    }
                }
                if unknown {
                    Outcome::UNKNOWN
                } else {
                    Outcome::t(line)
                }
            }
            Cond::Any(cs) => {
                let mut unknown = false;
                let mut line = None;
                for c in cs {
                    let o = c.eval(node, ctx);
                    match o.tri {
                        Tri::True => return o,
                        Tri::Unknown => unknown = true,
                        Tri::False => line = line.or(o.line),
                    }
                }
                if unknown {
                    Outcome::UNKNOWN
                } else {
                    Outcome::f(line)
                }
            }
            Cond::Not(c) => {
                let o = c.eval(node, ctx);
                Outcome {
                    tri: match o.tri {
                        Tri::True => Tri::False,
                        Tri::False => Tri::True,
                        Tri::Unknown => Tri::Unknown,
                    },
                    line: o.line,
                }
            }
            Cond::Kind(kinds) => {
                if kinds.contains(&ctx.resource.kind) {
                    Outcome::t(None)
                } else {
                    Outcome::f(None)
                }
            }
            Cond::Test { path, test } => eval_test(node, path, test, ctx),
            Cond::Related {
                kinds,
                via,
                from,
                cond,
            } => eval_related(node, kinds, via.as_deref(), from.as_deref(), cond, ctx),
            Cond::Check { f, args } => f(node, ctx, args),
        }
    }
}

fn eval_test(node: &Node, path: &[Seg], test: &Test, ctx: &Ctx) -> Outcome {
    let found = lookup(node, path);
    let nodes: Vec<&Node> = found
        .nodes
        .iter()
        .map(|c| c.as_ref())
        .filter(|n| n.value != Value::Null)
        .collect();
    let none = if found.blocked {
        Outcome::UNKNOWN
    } else {
        Outcome::f(None)
    };
    match test {
        Test::Present => {
            if let Some(n) = nodes.iter().find(|n| !matches!(n.value, Value::Unknown)) {
                Outcome::t(Some(n.line))
            } else if !nodes.is_empty() {
                Outcome::UNKNOWN
            } else {
                none
            }
        }
        Test::AllItems(c) => {
            if nodes.is_empty() {
                return if found.blocked {
                    Outcome::UNKNOWN
                } else {
                    Outcome::t(None)
                };
            }
            let mut unknown = found.blocked;
            let mut line = None;
            for n in &nodes {
                let o = c.eval(n, ctx);
                match o.tri {
                    Tri::False => return Outcome::f(o.line.or(Some(n.line))),
                    Tri::Unknown => unknown = true,
                    Tri::True => line = line.or(o.line).or(Some(n.line)),
                }
            }
            if unknown {
                Outcome::UNKNOWN
            } else {
                Outcome::t(line)
            }
        }
        _ => {
            if nodes.is_empty() {
                return none;
            }
            let mut unknown = found.blocked;
            let mut first_false = None;
            for n in &nodes {
                let o = match test {
                    Test::AnyItem(c) => {
                        let o = c.eval(n, ctx);
                        Outcome {
                            line: o.line.or(Some(n.line)),
                            ..o
                        }
                    }
                    _ => scalar_test(n, test),
                };
                match o.tri {
                    Tri::True => return o,
                    Tri::Unknown => unknown = true,
                    Tri::False => first_false = first_false.or(o.line),
                }
            }
            if unknown {
                Outcome::UNKNOWN
            } else {
                Outcome::f(first_false)
            }
        }
    }
}

fn scalar_test(n: &Node, test: &Test) -> Outcome {
    if n.is_unresolved() {
        return Outcome::UNKNOWN;
    }
    let line = Some(n.line);
    let hit = match test {
        Test::OneOf(wanted) => match n.scalar_text() {
            Some(s) => {
                let s = s.to_ascii_lowercase();
                let num = n.as_num();
                wanted
                    .iter()
                    .any(|w| *w == s || num.is_some_and(|x| w.parse::<f64>().is_ok_and(|y| x == y)))
            }
            None => false,
        },
        Test::Regex(re) => n.scalar_text().is_some_and(|s| re.is_match(&s)),
        Test::Contains(sub) => n
            .scalar_text()
            .is_some_and(|s| s.to_ascii_lowercase().contains(sub.as_str())),
        Test::Cmp(op, y) => match n.as_num() {
            Some(x) => match op {
                Cmp::Gt => x > *y,
                Cmp::Ge => x >= *y,
                Cmp::Lt => x < *y,
                Cmp::Le => x <= *y,
            },
            None => return Outcome::UNKNOWN,
        },
        Test::HasKey(re) => match &n.value {
            Value::Map(m) => m.iter().any(|(k, _)| re.is_match(k)),
            _ => false,
        },
        Test::CoversPort(ports) => match n.scalar_text() {
            Some(s) => ports.iter().any(|p| port_spec_covers(&s, *p)),
            None => false,
        },
        Test::Present | Test::AnyItem(_) | Test::AllItems(_) => false,
    };
    if hit {
        Outcome::t(line)
    } else {
        Outcome::f(line)
    }
}

/// Does a port specification (`22`, `"20-30"`, `"*"`, `"22,80"`) include `port`?
pub fn port_spec_covers(spec: &str, port: u32) -> bool {
    spec.split(',').map(str::trim).any(|s| {
        if s == "*" || s.eq_ignore_ascii_case("any") {
            return true;
        }
        let s = s.split('/').next().unwrap_or(s);
        match s.split_once('-') {
            Some((a, b)) => match (a.trim().parse::<u32>(), b.trim().parse::<u32>()) {
                (Ok(a), Ok(b)) => a <= port && port <= b,
                _ => false,
            },
            None => s.parse::<u32>().is_ok_and(|p| p == port),
        }
    })
}

/// Does `node` (an attribute value) refer to `target`?
pub fn refers_to(node: &Node, target: &Resource) -> Tri {
    match &node.value {
        Value::Ref(r) => {
            let a = target.address.as_str();
            if !a.is_empty()
                && (r == a
                    || r.strip_prefix(a)
                        .is_some_and(|rest| rest.starts_with('.') || rest.starts_with('[')))
            {
                Tri::True
            } else {
                Tri::False
            }
        }
        Value::Str(s) => {
            if target.names.iter().any(|n| n == s) || (!s.is_empty() && *s == target.address) {
                Tri::True
            } else {
                Tri::False
            }
        }
        Value::Unknown => Tri::Unknown,
        _ => Tri::False,
    }
}

/// Does any of `found` name `target`? Unknown values name nothing.
fn any_refers(found: &[std::borrow::Cow<'_, Node>], target: &Resource) -> Tri {
    if found.iter().any(|n| refers_to(n, target) == Tri::True) {
        Tri::True
    } else {
        Tri::False
    }
}

/// The module path of a Terraform address (`module.a.module.b.` of
/// `module.a.module.b.aws_s3_bucket.x`); empty for a root module or another platform.
pub fn module_of(address: &str) -> &str {
    let mut end = 0;
    while let Some(rest) = address[end..].strip_prefix("module.") {
        match rest.find('.') {
            Some(i) => end += "module.".len() + i + 1,
            None => break,
        }
    }
    &address[..end]
}

fn eval_related(
    node: &Node,
    kinds: &[String],
    via: Option<&[Seg]>,
    from: Option<&[Seg]>,
    cond: &Option<Box<Cond>>,
    ctx: &Ctx,
) -> Outcome {
    let mut unknown = false;
    for r in ctx.group {
        if !kinds.contains(&r.kind) || std::ptr::eq(r, ctx.resource) {
            continue;
        }
        // A resource that exists only for some inputs may be missing when this one exists: it
        // never exempts (nor links) through `via` or the module, unless it is created under a
        // subset of this resource's own conditions. With `from`, this resource names it, so it
        // exists whenever this one does.
        let named_by_this = via.is_none() && from.is_some();
        if !named_by_this
            && r.conditional
                .as_ref()
                .is_some_and(|c| !c.implied_by(ctx.resource.conditional.as_ref()))
        {
            continue;
        }
        // An unknown value names no resource: it neither links (and so produces nothing) nor
        // exempts (see rules/iac/README.md, "Relations").
        let linked = match (via, from) {
            (Some(via), _) => {
                let f = lookup(&r.body, via);
                any_refers(&f.nodes, ctx.resource)
            }
            (None, Some(from)) => {
                let f = lookup(node, from);
                any_refers(&f.nodes, r)
            }
            (None, None) if module_of(&r.address) == module_of(&ctx.resource.address) => Tri::True,
            (None, None) => Tri::False,
        };
        let o = match (linked, cond) {
            (Tri::False, _) => continue,
            (l, None) => l,
            (l, Some(c)) => {
                let inner = Ctx {
                    resource: r,
                    group: ctx.group,
                };
                match (l, c.eval(&r.body, &inner).tri) {
                    (_, Tri::False) => continue,
                    (Tri::True, Tri::True) => Tri::True,
                    _ => Tri::Unknown,
                }
            }
        };
        match o {
            // Point at the related resource only when it is in the same file.
            Tri::True => return Outcome::t((r.path == ctx.resource.path).then_some(r.line)),
            Tri::Unknown => unknown = true,
            Tri::False => {}
        }
    }
    if unknown {
        Outcome::UNKNOWN
    } else {
        Outcome::f(None)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn res(kind: &str, addr: &str, body: Node) -> Resource {
        Resource {
            kind: kind.into(),
            address: addr.into(),
            logical: addr.into(),
            path: "main.tf".into(),
            line: 1,
            end_line: 1,
            body,
            names: vec![],
            conditional: None,
        }
    }

    fn cond(s: &str) -> Cond {
        let v: toml::Table = toml::from_str(&format!("c = {s}")).unwrap();
        compile_cond(&v["c"]).unwrap()
    }

    #[test]
    fn every_builtin_pattern_compiles() {
        // Built-in patterns compile lazily in a scan; this is where a broken one is caught.
        let mut n = 0;
        for r in crate::rule::builtin_rules().unwrap() {
            if r.analyzer != crate::finding::AnalyzerKind::Iac {
                continue;
            }
            for m in Matcher::compile_all(&r.matcher).unwrap() {
                m.when
                    .compile_patterns()
                    .unwrap_or_else(|e| panic!("{}: {e}", r.source));
                n += 1;
            }
        }
        assert!(n > 150, "{n} matchers");
    }

    #[test]
    fn a_bad_pattern_in_a_users_rule_is_an_error_when_loaded() {
        let bad = cond(r#"{ path = "image", regex = "(unclosed" }"#);
        let e = bad.compile_patterns().unwrap_err().to_string();
        assert!(e.contains("bad regex `(unclosed`"), "{e}");
        assert!(
            cond(r#"{ not = { path = "image", regex = "^x$" } }"#)
                .compile_patterns()
                .is_ok()
        );
    }

    fn m(e: Vec<(&str, Value, u32)>) -> Node {
        Node::map(
            e.into_iter()
                .map(|(k, v, l)| (k.to_string(), Node::new(v, l)))
                .collect(),
            1,
        )
    }

    #[test]
    fn three_valued_and_lines() {
        let body = m(vec![
            ("storage_encrypted", Value::Bool(false), 3),
            ("kms", Value::Unknown, 4),
        ]);
        let r = res("aws_db_instance", "aws_db_instance.a", body.clone());
        let ctx = Ctx {
            resource: &r,
            group: std::slice::from_ref(&r),
        };
        let c = cond(r#"{ path = "storage_encrypted", not_equals = true }"#);
        assert_eq!(c.eval(&body, &ctx), Outcome::t(Some(3)));
        let c = cond(r#"{ path = "kms", absent = true }"#);
        assert_eq!(c.eval(&body, &ctx).tri, Tri::Unknown);
        let c = cond(r#"{ path = "missing", absent = true }"#);
        assert_eq!(c.eval(&body, &ctx), Outcome::t(None));
        let c = cond(
            r#"{ any = [{ path = "kms", equals = "x" }, { path = "storage_encrypted", equals = "FALSE" }] }"#,
        );
        assert_eq!(c.eval(&body, &ctx).tri, Tri::True);
    }

    #[test]
    fn related_by_reference_or_name() {
        let mut bucket = res("aws_s3_bucket", "aws_s3_bucket.b", m(vec![]));
        bucket.names = vec!["my-bucket".into()];
        let v1 = res(
            "aws_s3_bucket_versioning",
            "aws_s3_bucket_versioning.v",
            m(vec![("bucket", Value::Ref("aws_s3_bucket.b.id".into()), 2)]),
        );
        let v2 = res(
            "aws_s3_bucket_versioning",
            "aws_s3_bucket_versioning.w",
            m(vec![("bucket", Value::Str("other".into()), 2)]),
        );
        let group = vec![bucket, v1, v2];
        let ctx = Ctx {
            resource: &group[0],
            group: &group,
        };
        let c = cond(r#"{ related = "aws_s3_bucket_versioning", via = "bucket" }"#);
        assert_eq!(c.eval(&group[0].body, &ctx).tri, Tri::True);
        let c = cond(
            r#"{ related = "aws_s3_bucket_versioning", via = "bucket", where = { path = "status", equals = "Enabled" } }"#,
        );
        assert_eq!(c.eval(&group[0].body, &ctx).tri, Tri::False);
    }

    #[test]
    fn ports() {
        assert!(port_spec_covers("*", 22));
        assert!(port_spec_covers("20-30", 22));
        assert!(port_spec_covers("3389", 3389));
        assert!(!port_spec_covers("80,443", 22));
    }

    #[test]
    fn bad_matchers_are_rejected() {
        let t: toml::Table = toml::from_str(
            "platform = \"terraform\"\nresources = [\"x\"]\nwhen = { path = \"a\", frob = 1 }",
        )
        .unwrap();
        assert!(matches!(
            Matcher::compile(&t, true),
            Err(MatcherError::UnknownOperator(op)) if op == "frob"
        ));
        let t: toml::Table = toml::from_str(
            "platform = \"terraform\"\nresources = [\"x\"]\nwhen = { path = \"a\", present = true }\n[[also]]\nplatform = \"terraform\"\nresources = [\"y\"]\nwhen = { path = \"a\", present = true }",
        )
        .unwrap();
        let e = Matcher::compile_all(&t).unwrap_err();
        assert!(matches!(&e, MatcherError::DuplicatePlatform(p) if p == "terraform"));
        assert!(e.to_string().contains("one per platform"));
    }
}
