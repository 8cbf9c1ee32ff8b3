//! Terraform: parsing with `hcl-edit` (spans give every attribute its line), and evaluating each
//! root module with its variables, locals, `count`/`for_each` and local modules into
//! [`Resource`]s.
//!
//! Evaluation needs every file of a directory (a variable's default, a local and the resource that
//! uses them are usually in different files), so the analyzer collects parsed files per directory
//! during the parallel scan and evaluates in `finish` ([`evaluate`]). A directory that another
//! directory calls as a local module (`source = "./modules/x"`) is evaluated only through that
//! call, with the call's arguments as its variables, and its resources are named
//! `module.NAME.TYPE.NAME` but keep their own file and line. Variables come from `default`, then
//! `terraform.tfvars`, then `*.auto.tfvars` (alphabetical), as Terraform orders them.
//!
//! A local module whose directory is not in the scan is listed in [`Evaluated::missing_modules`]
//! (the analyzer turns each into an info note) rather than silently skipped.
//!
//! A root module and every local module it calls form one group of resources, and a local
//! module's `output` values are visible to its caller (`module.logs.bucket_id`), so relations
//! follow references across the module boundary.
//!
//! `count` and `for_each` (on resources and module calls): one or more instances are each
//! evaluated. Zero instances with the defaults is evaluated again with every root input unknown
//! (a root module's variables, which `-var` or a tfvars file outside the repository can set;
//! a called module's variables follow its call's arguments): when that is still zero, nothing is
//! created; otherwise one instance with an unknown index is, marked [`Conditional`] with the root
//! variables the condition reads, and so is everything in a conditional module instance. A
//! feature-flag count (`var.x ? 1 : 0`) gives `var.x` its creating value inside that instance. The
//! matcher never lets a conditional resource exempt another (see `rules/iac/README.md`).
//!
//! `dynamic "LABEL"` blocks become the `LABEL` blocks Terraform generates: one per element of a
//! known list, set or map `for_each`, each its `content` evaluated with the iterator
//! (`iterator = NAME`, LABEL by default) bound as `NAME.key` / `NAME.value`, nested `dynamic`
//! blocks seeing their own iterator and the outer ones. An empty `for_each` generates no block
//! (what deploys: a rule sees the block as absent); an unknown one leaves `LABEL` unknown. At
//! most [`MAX_INSTANCES`] blocks per `dynamic` and [`MAX_DYNAMIC_BLOCKS`] per root module are
//! generated; past either, one unknown block stands for the rest and a note says so.
//!
//! Deliberately not done: a `dynamic` block's `labels` are ignored (resource and data blocks
//! have no labelled nested blocks that rules read); remote modules (registry, git, http) are never downloaded (their
//! outputs are unknown); provider defaults and `for` expressions are unknown; any module `count`
//! and `for_each` that makes instances makes one; a module output a root input changes counts as
//! fixed in a `count`; `.tf.json` is not read.

pub mod eval;

use super::model::{Conditional, Node, Resource, Value};
use crate::lines::LineIndex;
use eval::{LocalDef, Scope};
use hcl_edit::Span;
use hcl_edit::structure::{Block, Body, Structure};
use rayon::prelude::*;
use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

/// One parsed `.tf` or `.tfvars` file.
pub struct TfFile {
    pub path: String,
    pub body: Body,
    pub lines: LineIndex<'static>,
}

/// Parses one file; the error names the line and column (never the source text, which may hold a
/// secret).
pub fn parse(path: &str, text: &str) -> Result<TfFile, String> {
    match hcl_edit::parser::parse_body(text) {
        Ok(body) => Ok(TfFile {
            path: path.to_string(),
            body,
            lines: LineIndex::owned(text.to_string()),
        }),
        Err(e) => Err(format!(
            "could not parse HCL (line {}, column {}); the file was not analyzed",
            e.location().line(),
            e.location().column()
        )),
    }
}

/// The parsed files of one directory.
#[derive(Default)]
pub struct Dir {
    pub tf: Vec<TfFile>,
    pub vars: Vec<TfFile>,
}

pub fn dir_of(path: &str) -> &str {
    path.rfind('/').map(|i| &path[..i]).unwrap_or("")
}

/// `base` joined with a relative `rel` (`./x`, `../y`), normalized; `None` if it leaves the tree.
pub fn join(base: &str, rel: &str) -> Option<String> {
    let mut parts: Vec<&str> = base.split('/').filter(|p| !p.is_empty()).collect();
    for p in rel.split('/') {
        match p {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            p => parts.push(p),
        }
    }
    Some(parts.join("/"))
}

fn local_source(block: &Block) -> Option<String> {
    let src = block.body.get_attribute("source")?;
    let s = src.value.as_str()?;
    (s.starts_with("./") || s.starts_with("../")).then(|| s.to_string())
}

fn label(block: &Block, i: usize) -> Option<&str> {
    block.labels.get(i).map(|l| l.as_str())
}

/// What evaluation produced: one group per module instance (the resources that may refer to each
/// other), and the local module calls whose directory was not in the scan.
#[derive(Default)]
pub struct Evaluated {
    pub groups: Vec<Vec<Resource>>,
    /// (file of the call, module name, source as written)
    pub missing_modules: Vec<(String, String, String)>,
    /// Module calls, resources or `dynamic` blocks not evaluated because a root went over
    /// [`MAX_MODULE_INSTANCES`], [`MAX_RESOURCES`], [`MAX_DYNAMIC_BLOCKS`] or a `dynamic` over
    /// [`MAX_INSTANCES`]: (file of the first one skipped, root module directory).
    pub over_budget: Vec<(String, String)>,
    /// Module instances, resources and `dynamic` blocks evaluated so far for the current root.
    instances: usize,
    resources: usize,
    dynamic: DynamicBudget,
}

/// Evaluates every root module.
pub fn evaluate(dirs: &BTreeMap<String, Dir>) -> Evaluated {
    let mut called: HashSet<String> = HashSet::new();
    for (dir, d) in dirs {
        for f in &d.tf {
            for b in f.body.get_blocks("module") {
                if let Some(target) = local_source(b).and_then(|s| join(dir, &s))
                    && target != *dir
                {
                    called.insert(target);
                }
            }
        }
    }
    let roots: Vec<&String> = dirs
        .iter()
        .filter(|(k, d)| !called.contains(*k) && !d.tf.is_empty())
        .map(|(k, _)| k)
        .collect();
    let parts: Vec<Evaluated> = roots
        .par_iter()
        .map(|root| {
            let mut out = Evaluated::default();
            let mut stack = vec![(*root).clone()];
            let mut group = Vec::new();
            eval_module(dirs, root, None, "", None, &mut stack, &mut group, &mut out);
            out.groups.push(group);
            out
        })
        .collect();
    let mut all = Evaluated::default();
    for p in parts {
        all.groups.extend(p.groups);
        all.missing_modules.extend(p.missing_modules);
        all.over_budget.extend(p.over_budget);
    }
    all.missing_modules.sort();
    all.missing_modules.dedup();
    all
}

const MAX_MODULE_DEPTH: usize = 16;
pub const MAX_INSTANCES: usize = 256;
/// Module instances evaluated per root module. Calls fan out (four calls a level, sixteen levels
/// deep is four billion instances from seventeen tiny files), so the total is bounded, not just
/// the depth; real configurations stay in the tens.
pub const MAX_MODULE_INSTANCES: usize = 1_000;
/// Resource instances evaluated per root module (`count` and `for_each` multiply them).
pub const MAX_RESOURCES: usize = 50_000;
/// Blocks generated by `dynamic` blocks per root module (nested ones multiply them); each
/// `dynamic` also makes at most [`MAX_INSTANCES`].
pub const MAX_DYNAMIC_BLOCKS: usize = 50_000;

/// What a module call passes to the module it calls.
struct Call {
    /// The arguments, evaluated with the caller's values.
    args: HashMap<String, Node>,
    /// The arguments evaluated with every root input unknown: what no `-var` or tfvars file
    /// can change keeps its value, the rest is unknown.
    fixed: HashMap<String, Node>,
    /// The root variables each argument reads.
    inputs: HashMap<String, BTreeSet<String>>,
}

/// Evaluates one module instance into `group` (a root module and every local module it calls
/// share one group, so references through module outputs can be followed) and returns its
/// outputs. `cond` is set when the module call itself is created only for some inputs.
#[allow(clippy::too_many_arguments)]
fn eval_module(
    dirs: &BTreeMap<String, Dir>,
    dir: &str,
    call: Option<Call>,
    prefix: &str,
    cond: Option<&Conditional>,
    stack: &mut Vec<String>,
    group: &mut Vec<Resource>,
    out: &mut Evaluated,
) -> HashMap<String, Node> {
    let Some(d) = dirs.get(dir) else {
        return HashMap::new();
    };
    let no_modules = HashMap::new();
    let empty_vars = HashMap::new();
    let empty_locals = HashMap::new();
    let empty_docs = HashMap::new();
    let cache = RefCell::new(HashMap::new());
    let busy = RefCell::new(HashSet::new());
    let fixed_cache = RefCell::new(HashMap::new());
    let fixed_busy = RefCell::new(HashSet::new());
    let literal = Scope::module(
        &empty_vars,
        &empty_locals,
        (&cache, &busy),
        &empty_docs,
        prefix,
        &no_modules,
    );

    // Variables: defaults, then tfvars (root modules only) or the module call's arguments.
    let mut vars: HashMap<String, Node> = HashMap::new();
    for f in &d.tf {
        for b in f.body.get_blocks("variable") {
            if let (Some(name), Some(def)) = (label(b, 0), b.body.get_attribute("default")) {
                let line = f.lines.line(def.span().map(|r| r.start).unwrap_or(0));
                vars.insert(
                    name.to_string(),
                    eval::eval(&def.value, &literal, &f.lines, line),
                );
            }
        }
    }
    // The same variables with every root input unknown: a root module's variables can all be
    // set from outside (`-var`, a tfvars file that is not in the repository); a called module's
    // keep their defaults and take what the call passes.
    let (fixed_vars, inputs) = match &call {
        Some(c) => {
            let mut fixed = vars.clone();
            fixed.extend(c.fixed.clone());
            (fixed, Inputs::Module(c.inputs.clone()))
        }
        None => (HashMap::new(), Inputs::Root),
    };
    match call {
        Some(c) => vars.extend(c.args),
        None => {
            let mut files: Vec<&TfFile> = d.vars.iter().collect();
            files.sort_by_key(|f| {
                let name = f.path.rsplit('/').next().unwrap_or(&f.path);
                (name != "terraform.tfvars", name.to_string())
            });
            for f in files {
                let name = f.path.rsplit('/').next().unwrap_or(&f.path);
                if name != "terraform.tfvars" && !name.ends_with(".auto.tfvars") {
                    continue;
                }
                for a in f.body.attributes() {
                    let line = f.lines.line(a.span().map(|r| r.start).unwrap_or(0));
                    vars.insert(
                        a.key.as_str().to_string(),
                        eval::eval(&a.value, &literal, &f.lines, line),
                    );
                }
            }
        }
    }

    let mut locals: HashMap<String, LocalDef> = HashMap::new();
    let mut docs: HashMap<String, (&Body, &LineIndex<'_>)> = HashMap::new();
    for f in &d.tf {
        for b in f.body.get_blocks("locals") {
            for a in b.body.attributes() {
                locals.insert(
                    a.key.as_str().to_string(),
                    LocalDef {
                        expr: &a.value,
                        lines: &f.lines,
                    },
                );
            }
        }
        for b in f.body.get_blocks("data") {
            if label(b, 0) == Some("aws_iam_policy_document")
                && let Some(n) = label(b, 1)
            {
                docs.insert(n.to_string(), (&b.body, &f.lines));
            }
        }
    }
    // Module calls first: their outputs are part of this module's scope. Their arguments see
    // this module's variables and locals, not other modules' outputs.
    let arg_scope = Scope::module(&vars, &locals, (&cache, &busy), &docs, prefix, &no_modules);
    let fixed_arg_scope = Scope::module(
        &fixed_vars,
        &locals,
        (&fixed_cache, &fixed_busy),
        &docs,
        prefix,
        &no_modules,
    );
    let mut calls = Vec::new();
    for f in &d.tf {
        for b in f.body.get_blocks("module") {
            let (Some(name), Some(src)) = (label(b, 0), local_source(b)) else {
                continue;
            };
            let target = join(dir, &src).filter(|t| dirs.contains_key(t));
            let Some(target) = target else {
                out.missing_modules
                    .push((f.path.clone(), name.to_string(), src.clone()));
                continue;
            };
            if stack.contains(&target) || stack.len() >= MAX_MODULE_DEPTH {
                continue;
            }
            let call_cond = match expansion(b, &arg_scope, &fixed_arg_scope, &f.lines) {
                Expansion::None => continue,
                Expansion::Always => cond.cloned(),
                Expansion::Conditional(expr) => {
                    let own = conditional(prefix, expr, &locals, &inputs);
                    Some(cond.map_or(own.clone(), |c| c.and(&own)))
                }
            };
            if out.instances >= MAX_MODULE_INSTANCES {
                if out.over_budget.is_empty() {
                    out.over_budget.push((f.path.clone(), root_of(stack)));
                }
                continue;
            }
            out.instances += 1;
            let line = f.lines.line(b.ident.span().map(|r| r.start).unwrap_or(0));
            let mut args = HashMap::new();
            let mut fixed = HashMap::new();
            let mut arg_inputs = HashMap::new();
            for a in b.body.attributes() {
                let k = a.key.as_str();
                if matches!(
                    k,
                    "source" | "version" | "count" | "for_each" | "providers" | "depends_on"
                ) {
                    continue;
                }
                let aline = f.lines.line(a.span().map(|r| r.start).unwrap_or(0));
                args.insert(
                    k.to_string(),
                    eval::eval(&a.value, &arg_scope, &f.lines, aline.max(line)),
                );
                fixed.insert(
                    k.to_string(),
                    eval::eval(&a.value, &fixed_arg_scope, &f.lines, aline.max(line)),
                );
                arg_inputs.insert(k.to_string(), inputs.read_by(&a.value, &locals));
            }
            let call = Call {
                args,
                fixed,
                inputs: arg_inputs,
            };
            calls.push((name.to_string(), target, call, call_cond));
        }
    }
    // The local cache holds values computed without module outputs: start afresh.
    cache.borrow_mut().clear();
    fixed_cache.borrow_mut().clear();
    let mut modules: HashMap<String, HashMap<String, Node>> = HashMap::new();
    for (name, target, call, call_cond) in calls {
        // Arguments get the line of the module's own attribute that reads them (`var.x` is
        // relabelled where it is used), so findings stay in the module's file.
        stack.push(target.clone());
        let outputs = eval_module(
            dirs,
            &target,
            Some(call),
            &format!("{prefix}module.{name}."),
            call_cond.as_ref(),
            stack,
            group,
            out,
        );
        stack.pop();
        modules.insert(name, outputs);
    }
    let scope = Scope::module(&vars, &locals, (&cache, &busy), &docs, prefix, &modules);
    // Module outputs are taken as evaluated: an output that a root input changes is not followed
    // into a `count` (it counts as fixed).
    let fixed_scope = Scope::module(
        &fixed_vars,
        &locals,
        (&fixed_cache, &fixed_busy),
        &docs,
        prefix,
        &modules,
    );

    let mut outputs = HashMap::new();
    for f in &d.tf {
        for s in f.body.iter() {
            let Structure::Block(b) = s else { continue };
            let ident = b.ident.as_str();
            match ident {
                "output" => {
                    if let (Some(name), Some(v)) = (label(b, 0), b.body.get_attribute("value")) {
                        let line = f.lines.line(v.span().map(|r| r.start).unwrap_or(0));
                        outputs.insert(
                            name.to_string(),
                            eval::eval(&v.value, &scope, &f.lines, line),
                        );
                    }
                }
                "resource" | "data" => {
                    let (Some(ty), Some(name)) = (label(b, 0), label(b, 1)) else {
                        continue;
                    };
                    let kind = if ident == "data" {
                        format!("data.{ty}")
                    } else {
                        ty.to_string()
                    };
                    let address = format!("{prefix}{kind}.{name}");
                    let line = f.lines.line(b.ident.span().map(|r| r.start).unwrap_or(0));
                    let end_line = b
                        .span()
                        .map(|r| f.lines.line(r.end.saturating_sub(1)))
                        .unwrap_or(line);
                    let (made, own) = instances(b, &scope, &fixed_scope, &f.lines, line);
                    let res_cond = match (cond, own) {
                        (c, None) => c.cloned(),
                        (None, Some(e)) => Some(conditional(prefix, e, &locals, &inputs)),
                        (Some(c), Some(e)) => {
                            Some(c.and(&conditional(prefix, e, &locals, &inputs)))
                        }
                    };
                    for (suffix, inst) in made {
                        if out.resources >= MAX_RESOURCES {
                            if out.over_budget.is_empty() {
                                out.over_budget.push((f.path.clone(), root_of(stack)));
                            }
                            break;
                        }
                        out.resources += 1;
                        let body = body_to_node(&b.body, &inst, &f.lines, line, &mut out.dynamic);
                        if std::mem::take(&mut out.dynamic.cut) && out.over_budget.is_empty() {
                            out.over_budget.push((f.path.clone(), root_of(stack)));
                        }
                        let names = ["bucket", "name"]
                            .iter()
                            .filter_map(|k| body.get(k).and_then(|n| n.as_str()))
                            .map(str::to_string)
                            .collect();
                        group.push(Resource {
                            kind: kind.clone(),
                            address: address.clone(),
                            logical: format!("{address}{suffix}"),
                            path: f.path.clone(),
                            line,
                            end_line,
                            body,
                            names,
                            conditional: res_cond.clone(),
                        });
                    }
                }
                _ => {}
            }
        }
    }
    outputs
}

/// Whether a resource or module call with `count` or `for_each` is created.
enum Expansion<'e> {
    /// Not created, whatever the inputs: the count is 0 (or `for_each` empty) even with every
    /// root input unknown.
    None,
    /// Created with the defaults (or without `count`/`for_each`).
    Always,
    /// Created only for some inputs: not with the defaults, but a root input can change that.
    /// The expression that decides it.
    Conditional(&'e hcl_edit::expr::Expression),
}

/// What a `count` or `for_each` value says about how many instances there are: `Some(true)` none,
/// `Some(false)` one or more, `None` unknown.
fn is_empty(n: &Node, for_each: bool) -> Option<bool> {
    match (&n.value, for_each) {
        (Value::Num(_), false) => n.as_num().map(|k| k <= 0.0),
        (Value::Map(m), true) => Some(m.is_empty()),
        (Value::List(l), true) => Some(l.is_empty()),
        _ => None,
    }
}

/// Decides a block's [`Expansion`] from its `count` or `for_each`: evaluated with the values
/// (`scope`), and again with every root input unknown (`fixed`) when the first says none. A count
/// that is unknown with the values makes one instance whose index is unknown.
fn expansion<'e>(b: &'e Block, scope: &Scope, fixed: &Scope, lines: &LineIndex) -> Expansion<'e> {
    let line = lines.line(b.ident.span().map(|r| r.start).unwrap_or(0));
    let (expr, for_each) = match (
        b.body.get_attribute("count"),
        b.body.get_attribute("for_each"),
    ) {
        (Some(c), _) => (&c.value, false),
        (None, Some(fe)) => (&fe.value, true),
        (None, None) => return Expansion::Always,
    };
    match is_empty(&eval::eval(expr, scope, lines, line), for_each) {
        // Unknown: one instance, unconditional. Unknown counts come mostly from what we do not
        // evaluate (`keys()`, `try()`) on companion resources that exist whenever their input
        // is given; letting them exempt nothing added 42 findings on one module collection, the
        // most of them wrong (see rules/iac/README.md).
        Some(false) | None => Expansion::Always,
        Some(true) => match is_empty(&eval::eval(expr, fixed, lines, line), for_each) {
            Some(true) => Expansion::None,
            _ => Expansion::Conditional(expr),
        },
    }
}

/// Where a module's variables come from: a root module's are all inputs, a called module's
/// read the root variables its call's arguments read.
enum Inputs {
    Root,
    Module(HashMap<String, BTreeSet<String>>),
}

impl Inputs {
    /// The root variables an expression reads, through `var.*` and `local.*`.
    fn read_by(
        &self,
        expr: &hcl_edit::expr::Expression,
        locals: &HashMap<String, LocalDef>,
    ) -> BTreeSet<String> {
        use hcl_edit::visit::{Visit, visit_expr, visit_traversal};
        struct Reads<'a> {
            inputs: &'a Inputs,
            locals: &'a HashMap<String, LocalDef<'a>>,
            seen: HashSet<String>,
            out: BTreeSet<String>,
            depth: usize,
        }
        impl Visit for Reads<'_> {
            // Expressions and chains of locals are followed only so deep (a hostile file may
            // chain thousands), as evaluation is.
            fn visit_expr(&mut self, e: &hcl_edit::expr::Expression) {
                if self.depth >= eval::MAX_DEPTH {
                    return;
                }
                self.depth += 1;
                visit_expr(self, e);
                self.depth -= 1;
            }
            fn visit_traversal(&mut self, t: &hcl_edit::expr::Traversal) {
                use hcl_edit::expr::{Expression, TraversalOperator};
                let first = match t.operators.first().map(|o| o.value()) {
                    Some(TraversalOperator::GetAttr(id)) => Some(id.as_str()),
                    _ => None,
                };
                if let (Expression::Variable(v), Some(name)) = (&t.expr, first) {
                    match v.as_str() {
                        "var" => match self.inputs {
                            Inputs::Root => {
                                self.out.insert(name.to_string());
                            }
                            Inputs::Module(m) => {
                                if let Some(r) = m.get(name) {
                                    self.out.extend(r.iter().cloned());
                                }
                            }
                        },
                        "local" => {
                            if self.seen.insert(name.to_string())
                                && let Some(def) = self.locals.get(name)
                            {
                                self.visit_expr(def.expr);
                            }
                        }
                        _ => {}
                    }
                }
                visit_traversal(self, t);
            }
        }
        let mut r = Reads {
            inputs: self,
            locals,
            seen: HashSet::new(),
            out: BTreeSet::new(),
            depth: 0,
        };
        r.visit_expr(expr);
        r.out
    }
}

/// The variable a feature-flag `count` tests and the value that creates the resource:
/// `var.x ? N : 0` gives `("x", true)`, `!var.x ? N : 0` and `var.x ? 0 : N` `("x", false)`.
/// Inside the one conditional instance that variable has that value, so the resource is checked
/// as it is when it exists (`encrypted = !var.unencrypted` under `count = var.unencrypted ? 1 : 0`).
fn toggle(expr: &hcl_edit::expr::Expression) -> Option<(&str, bool)> {
    use hcl_edit::expr::Expression as E;
    let E::Conditional(c) = expr else { return None };
    let zero = |e: &E| matches!(e, E::Number(n) if n.value().as_f64() == Some(0.0));
    let creates = match (zero(&c.true_expr), zero(&c.false_expr)) {
        (false, true) => true,
        (true, false) => false,
        _ => return None,
    };
    let (cond, negated) = match &c.cond_expr {
        E::UnaryOp(u) if *u.operator.value() == hcl_edit::expr::UnaryOperator::Not => {
            (&u.expr, true)
        }
        other => (other, false),
    };
    let E::Traversal(t) = cond else { return None };
    let (E::Variable(root), [op]) = (&t.expr, t.operators.as_slice()) else {
        return None;
    };
    let hcl_edit::expr::TraversalOperator::GetAttr(name) = op.value() else {
        return None;
    };
    (root.as_str() == "var").then_some((name.as_str(), creates != negated))
}

/// The [`Conditional`] of a `count`/`for_each` expression written in module `prefix`.
fn conditional(
    prefix: &str,
    expr: &hcl_edit::expr::Expression,
    locals: &HashMap<String, LocalDef>,
    inputs: &Inputs,
) -> Conditional {
    let text: Vec<String> = expr
        .to_string()
        .split_whitespace()
        .map(str::to_string)
        .collect();
    Conditional {
        conditions: vec![format!("{prefix}|{}", text.join(" "))],
        inputs: inputs.read_by(expr, locals).into_iter().collect(),
    }
}

/// The root module directory of a call stack.
fn root_of(stack: &[String]) -> String {
    stack.first().cloned().unwrap_or_default()
}

/// The instances `count` or `for_each` make, with their address suffixes and scopes, and the
/// expression that decides them when they exist only for some inputs: then one instance whose
/// `count.index` or `each` is unknown stands for them.
fn instances<'a, 'b>(
    b: &'b Block,
    scope: &Scope<'a>,
    fixed: &Scope,
    lines: &LineIndex,
    line: u32,
) -> (
    Vec<(String, Scope<'a>)>,
    Option<&'b hcl_edit::expr::Expression>,
) {
    let unknown_instance = |for_each: bool| {
        let u = || Node::new(Value::Unknown, line);
        let inst = if for_each {
            scope.with_instance(None, Some((u(), u())))
        } else {
            scope.with_instance(Some(u()), None)
        };
        vec![(String::new(), inst)]
    };
    let for_each = b.body.get_attribute("count").is_none();
    match expansion(b, scope, fixed, lines) {
        Expansion::None => return (Vec::new(), None),
        Expansion::Conditional(e) => {
            let mut made = unknown_instance(for_each);
            if let Some(toggle) = toggle(e) {
                made[0].1.var_override =
                    Some((toggle.0.to_string(), Node::new(Value::Bool(toggle.1), line)));
            }
            return (made, Some(e));
        }
        Expansion::Always => {}
    }
    if let Some(c) = b.body.get_attribute("count") {
        let n = eval::eval(&c.value, scope, lines, line);
        let made = match (&n.value, n.as_num()) {
            (Value::Num(_), Some(k)) if k >= 0.0 => (0..(k as usize).min(MAX_INSTANCES))
                .map(|i| {
                    (
                        format!("[{i}]"),
                        scope.with_instance(Some(Node::new(Value::Num(i as f64), line)), None),
                    )
                })
                .collect(),
            _ => unknown_instance(false),
        };
        return (made, None);
    }
    if let Some(fe) = b.body.get_attribute("for_each") {
        let v = eval::eval(&fe.value, scope, lines, line);
        let pairs: Option<Vec<(Node, Node)>> = match v.value {
            Value::Map(m) => Some(
                m.into_iter()
                    .map(|(k, v)| (Node::str(k, line), v))
                    .collect(),
            ),
            Value::List(l) => Some(l.into_iter().map(|e| (e.clone(), e)).collect()),
            _ => None,
        };
        let made = match pairs {
            Some(pairs) => pairs
                .into_iter()
                .take(MAX_INSTANCES)
                .map(|(k, v)| {
                    let key = k.scalar_text().map(|s| s.into_owned()).unwrap_or_default();
                    (
                        format!("[\"{key}\"]"),
                        scope.with_instance(None, Some((k, v))),
                    )
                })
                .collect(),
            None => unknown_instance(true),
        };
        return (made, None);
    }
    (vec![(String::new(), scope.with_instance(None, None))], None)
}

/// The blocks `dynamic` generated for the current root module, and whether a cap cut one short.
#[derive(Default)]
struct DynamicBudget {
    made: usize,
    cut: bool,
}

/// A block body as a map: attributes evaluated, nested blocks as maps (repeated blocks as a
/// list), `dynamic` blocks expanded into the blocks they generate ([`dynamic_blocks`]).
fn body_to_node(
    body: &Body,
    scope: &Scope,
    lines: &LineIndex,
    line: u32,
    budget: &mut DynamicBudget,
) -> Node {
    let mut entries: Vec<(String, Node)> = Vec::new();
    let push = |entries: &mut Vec<(String, Node)>, key: String, node: Node, block: bool| {
        if block && let Some((_, existing)) = entries.iter_mut().find(|(k, _)| *k == key) {
            match &mut existing.value {
                Value::List(items) => items.push(node),
                _ => {
                    let first = std::mem::replace(existing, Node::new(Value::Null, node.line));
                    *existing = Node::new(Value::List(vec![first, node]), existing.line);
                }
            }
            return;
        }
        entries.push((key, node));
    };
    for s in body.iter() {
        match s {
            Structure::Attribute(a) => {
                let aline = lines.line(a.key.span().map(|r| r.start).unwrap_or(0));
                let v = eval::eval(&a.value, scope, lines, aline.max(line));
                push(&mut entries, a.key.as_str().to_string(), v, false);
            }
            Structure::Block(b) => {
                let bline = lines.line(b.ident.span().map(|r| r.start).unwrap_or(0));
                if b.ident.as_str() == "dynamic" {
                    if let Some(l) = label(b, 0) {
                        match dynamic_blocks(b, l, scope, lines, bline, budget) {
                            Some(made) => {
                                for node in made {
                                    push(&mut entries, l.to_string(), node, true);
                                }
                            }
                            None => push(
                                &mut entries,
                                l.to_string(),
                                Node::new(Value::Unknown, bline),
                                true,
                            ),
                        }
                    }
                    continue;
                }
                let node = body_to_node(&b.body, scope, lines, bline, budget);
                push(&mut entries, b.ident.as_str().to_string(), node, true);
            }
        }
    }
    Node::map(entries, line)
}

/// The blocks a `dynamic "LABEL"` block generates, one per element of its `for_each` (none when
/// it is empty), each its `content` evaluated with the iterator (`iterator = NAME`, LABEL by
/// default) bound: `NAME.key` is a map's key, a list's index (when the expression is a list
/// literal, `tolist` or `concat`), a set's element (`toset`), and unknown for a list whose kind
/// the expression does not show; `NAME.value` is the element. `None` (unknown) when `for_each`
/// is not a known list or map, or the block has no single `content`. Past [`MAX_INSTANCES`]
/// blocks of one `dynamic`, or [`MAX_DYNAMIC_BLOCKS`] in the root module, one unknown block
/// stands for the rest and the budget is marked cut.
fn dynamic_blocks(
    b: &Block,
    label: &str,
    scope: &Scope,
    lines: &LineIndex,
    line: u32,
    budget: &mut DynamicBudget,
) -> Option<Vec<Node>> {
    use hcl_edit::expr::Expression;
    let for_each = b.body.get_attribute("for_each")?;
    let mut contents = b.body.get_blocks("content");
    let (Some(content), None) = (contents.next(), contents.next()) else {
        return None;
    };
    let name = match b.body.get_attribute("iterator").map(|a| &a.value) {
        Some(Expression::Variable(v)) => v.as_str(),
        Some(_) => return None,
        None => label,
    };
    let mut expr = &for_each.value;
    while let Expression::Parenthesis(p) = expr {
        expr = p.inner();
    }
    let list_keys = match expr {
        Expression::Array(_) => Some(true),
        Expression::FuncCall(f) if !f.name.is_namespaced() => match f.name.name.as_str() {
            "tolist" | "concat" => Some(true),
            "toset" => Some(false),
            _ => None,
        },
        _ => None,
    };
    let pairs: Vec<(Node, Node)> = match eval::eval(&for_each.value, scope, lines, line).value {
        Value::Map(m) => m
            .into_iter()
            .map(|(k, v)| (Node::str(k, line), v))
            .collect(),
        Value::List(l) => l
            .into_iter()
            .enumerate()
            .map(|(i, v)| match list_keys {
                Some(true) => (Node::new(Value::Num(i as f64), line), v),
                Some(false) => (v.clone(), v),
                None => (Node::new(Value::Unknown, line), v),
            })
            .collect(),
        _ => return None,
    };
    let cline = lines.line(content.ident.span().map(|r| r.start).unwrap_or(0));
    let mut made = Vec::new();
    for (i, (k, v)) in pairs.into_iter().enumerate() {
        if i >= MAX_INSTANCES || budget.made >= MAX_DYNAMIC_BLOCKS {
            budget.cut = true;
            made.push(Node::new(Value::Unknown, line));
            break;
        }
        budget.made += 1;
        let inner = scope.with_iterator(name, k, v);
        made.push(body_to_node(&content.body, &inner, lines, cline, budget));
    }
    Some(made)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn resources(files: &[(&str, &str)]) -> Vec<Vec<Resource>> {
        evaluated(files).groups
    }

    fn evaluated(files: &[(&str, &str)]) -> Evaluated {
        let mut dirs: BTreeMap<String, Dir> = BTreeMap::new();
        for (p, t) in files {
            let f = parse(p, t).unwrap();
            let d = dirs.entry(dir_of(p).to_string()).or_default();
            if p.ends_with(".tfvars") {
                d.vars.push(f)
            } else {
                d.tf.push(f)
            }
        }
        evaluate(&dirs)
    }

    #[test]
    fn variables_locals_count_for_each_and_modules() {
        let groups = resources(&[
            (
                "main.tf",
                r#"variable "enc" { default = true }
variable "acl" {}
locals { name = "logs-${var.env}" }
resource "aws_s3_bucket" "b" {
  count  = 2
  bucket = "${local.name}-${count.index}"
  acl    = var.acl
}
resource "aws_db_instance" "db" {
  for_each = { a = 1, b = 2 }
  storage_encrypted = var.enc
  port = each.value
}
module "store" {
  source = "./modules/store"
  versioned = false
}
"#,
            ),
            ("terraform.tfvars", "env = \"prod\"\nenc = false\n"),
            ("x.auto.tfvars", "acl = \"private\"\n"),
            (
                "modules/store/main.tf",
                "variable \"versioned\" {}\nresource \"aws_s3_bucket\" \"m\" {\n  bucket = \"m\"\n  v = var.versioned\n}\n",
            ),
        ]);
        // A root module and the local modules it calls are one group.
        assert_eq!(groups.len(), 1);
        let root = &groups[0];
        let b1 = root
            .iter()
            .find(|r| r.logical == "aws_s3_bucket.b[1]")
            .unwrap();
        assert_eq!(b1.body.get("bucket").unwrap().as_str(), Some("logs-prod-1"));
        assert_eq!(b1.body.get("acl").unwrap().as_str(), Some("private"));
        assert_eq!(b1.body.get("acl").unwrap().line, 7);
        let db = root
            .iter()
            .find(|r| r.logical == "aws_db_instance.db[\"b\"]")
            .unwrap();
        assert_eq!(
            db.body.get("storage_encrypted").unwrap().value,
            Value::Bool(false)
        );
        assert_eq!(db.body.get("port").unwrap().as_num(), Some(2.0));
        let m = root
            .iter()
            .find(|r| r.logical == "module.store.aws_s3_bucket.m")
            .unwrap();
        assert_eq!(m.address, "module.store.aws_s3_bucket.m");
        assert_eq!((m.path.as_str(), m.line), ("modules/store/main.tf", 2));
        assert_eq!(m.body.get("v").unwrap().value, Value::Bool(false));
    }

    #[test]
    fn a_missing_local_module_is_reported_and_length_counts() {
        let e = evaluated(&[(
            "main.tf",
            "module \"m\" {\n  source = \"./nowhere\"\n}\nresource \"x\" \"y\" {\n  count = length([1, 2, 3])\n}\n",
        )]);
        assert_eq!(
            e.missing_modules,
            [(
                "main.tf".to_string(),
                "m".to_string(),
                "./nowhere".to_string()
            )]
        );
        assert_eq!(e.groups[0].len(), 3);
    }

    #[test]
    fn a_conditional_resource_is_checked_with_the_toggle_that_creates_it() {
        let groups = resources(&[(
            "main.tf",
            r#"variable "unencrypted" { default = false }
variable "keep" { default = true }
resource "aws_ebs_volume" "on" {
  count     = var.unencrypted ? 1 : 0
  encrypted = !var.unencrypted
}
resource "aws_ebs_volume" "off" {
  count     = var.keep ? 0 : 1
  encrypted = var.keep
}
resource "aws_ebs_volume" "other" {
  count     = var.unencrypted ? 1 : 0
  encrypted = var.keep
}
"#,
        )]);
        let encrypted = |name: &str| {
            let r = groups[0]
                .iter()
                .find(|r| r.address.ends_with(name))
                .unwrap();
            assert!(r.conditional.is_some(), "{name} is conditional");
            r.body.get("encrypted").unwrap().value.clone()
        };
        assert_eq!(encrypted(".on"), Value::Bool(false));
        assert_eq!(encrypted(".off"), Value::Bool(false));
        // Only the toggle changes: other variables keep their values.
        assert_eq!(encrypted(".other"), Value::Bool(true));
    }

    #[test]
    fn a_count_a_root_variable_turns_off_is_conditional_at_any_depth() {
        let groups = resources(&[
            (
                "main.tf",
                r#"variable "all" { default = false }
variable "items" { default = {} }
locals { on = var.all || false }
module "a" {
  source = "./a"
  enable = local.on
}
module "w" {
  source   = "./b"
  for_each = var.items
  create   = true
}
module "off" {
  source = "./a"
  enable = false
}
"#,
            ),
            (
                "a/main.tf",
                "variable \"enable\" {}\nmodule \"b\" {\n  source = \"../b\"\n  create = var.enable && true\n}\n",
            ),
            (
                "b/main.tf",
                "variable \"create\" { default = false }\nresource \"aws_s3_bucket\" \"x\" {\n  count = var.create ? 2 : 0\n  bucket = \"x-${count.index}\"\n}\n",
            ),
        ]);
        let found: Vec<(&str, Option<&Conditional>)> = groups[0]
            .iter()
            .map(|r| (r.logical.as_str(), r.conditional.as_ref()))
            .collect();
        // module.off passes a literal false: not created. Through module.a, one instance with an
        // unknown index; module.w (conditional itself) gets `create = true`, so two.
        assert_eq!(found.len(), 3, "{found:?}");
        let deep = found
            .iter()
            .find(|(l, _)| *l == "module.a.module.b.aws_s3_bucket.x")
            .and_then(|(_, c)| *c)
            .unwrap();
        assert_eq!(deep.inputs, ["all"]);
        let wrapped = found
            .iter()
            .find(|(l, _)| *l == "module.w.aws_s3_bucket.x[1]")
            .and_then(|(_, c)| *c)
            .unwrap();
        // The module call's for_each and nothing else: `create = true` turns the count on.
        assert_eq!(wrapped.inputs, ["items"]);
        assert_eq!(wrapped.conditions.len(), 1);
        assert!(!deep.implied_by(Some(wrapped)) && deep.implied_by(Some(deep)));
    }

    #[test]
    fn a_long_chain_of_locals_is_followed_only_so_deep() {
        let mut tf = String::from("variable \"x\" { default = false }\nlocals {\n");
        for i in 0..20_000 {
            tf.push_str(&format!("  a{i} = local.a{}\n", i + 1));
        }
        tf.push_str("  a20000 = var.x\n}\nresource \"aws_s3_bucket\" \"b\" {\n  count = local.a0 ? 1 : 0\n}\n");
        tf.push_str("module \"m\" {\n  source = \"./m\"\n  flag   = local.a0\n}\n");
        // Unknown at the depth limit: one instance each, with no stack overflow on the way
        // (the module argument's root inputs are looked for through the chain too).
        let groups = resources(&[
            ("main.tf", tf.as_str()),
            (
                "m/main.tf",
                "variable \"flag\" {}\nresource \"aws_s3_bucket\" \"c\" {}\n",
            ),
        ]);
        assert_eq!(groups[0].len(), 2);
        assert!(groups[0].iter().all(|r| r.conditional.is_none()));
    }

    /// The body of the one resource `main.tf` (with `variables.tf`, if given) declares.
    fn body_of(tf: &str) -> Node {
        let groups = resources(&[("main.tf", tf)]);
        assert_eq!(groups[0].len(), 1);
        groups[0][0].body.clone()
    }

    /// The texts at `key` of each block in a list of generated blocks (or the one block).
    fn texts(blocks: Option<&Node>, key: &str) -> Vec<String> {
        let one = |b: &Node| {
            b.get(key)
                .and_then(|n| n.scalar_text().map(|s| s.into_owned()))
                .unwrap_or_else(|| "?".into())
        };
        match blocks.map(|b| &b.value) {
            Some(Value::List(items)) => items.iter().map(one).collect(),
            Some(_) => vec![one(blocks.unwrap())],
            None => Vec::new(),
        }
    }

    #[test]
    fn a_dynamic_block_over_a_list_makes_one_block_per_element_beside_static_ones() {
        let body = body_of(
            r#"locals { ports = [22, 443] }
resource "aws_security_group" "sg" {
  ingress {
    from_port = 80
  }
  dynamic "ingress" {
    for_each = local.ports
    content {
      from_port   = ingress.value
      description = "rule ${ingress.key}"
    }
  }
  dynamic "egress" {
    for_each = [{ port = 53, cidr = "10.0.0.0/8" }]
    content {
      to_port     = egress.value.port
      cidr_blocks = [egress.value.cidr]
      index       = egress.key
    }
  }
}
"#,
        );
        assert_eq!(texts(body.get("ingress"), "from_port"), ["80", "22", "443"]);
        // A list read through a local may be a set: its key is unknown, the value is not.
        assert_eq!(texts(body.get("ingress"), "description"), ["?", "?", "?"]);
        let egress = body.get("egress").unwrap();
        assert_eq!(texts(Some(egress), "to_port"), ["53"]);
        // A list literal's key is the index.
        assert_eq!(texts(Some(egress), "index"), ["0"]);
        assert_eq!(
            egress.get("cidr_blocks").unwrap().value,
            Value::List(vec![Node::str("10.0.0.0/8", 17)])
        );
        // Attributes keep the line they are written on.
        assert_eq!(egress.get("to_port").unwrap().line, 16);
    }

    #[test]
    fn a_dynamic_block_over_a_map_or_set_binds_keys_and_a_named_iterator() {
        let body = body_of(
            r#"variable "rules" {
  default = { ssh = { port = 22 }, https = { port = 443 } }
}
resource "aws_security_group" "sg" {
  dynamic "ingress" {
    for_each = var.rules
    iterator = rule
    content {
      description = rule.key
      from_port   = rule.value.port
      unbound     = ingress.value
    }
  }
  dynamic "egress" {
    for_each = toset(["a", "b"])
    content {
      description = egress.key
    }
  }
}
"#,
        );
        let ingress = body.get("ingress");
        assert_eq!(texts(ingress, "description"), ["ssh", "https"]);
        assert_eq!(texts(ingress, "from_port"), ["22", "443"]);
        // With `iterator = rule`, the label names no iterator.
        assert_eq!(texts(ingress, "unbound"), ["?", "?"]);
        // A set's key is its element.
        assert_eq!(texts(body.get("egress"), "description"), ["a", "b"]);
    }

    #[test]
    fn nested_dynamic_blocks_see_their_own_iterator_and_the_outer_ones() {
        let body = body_of(
            r#"resource "google_compute_firewall" "fw" {
  for_each = { web = ["80", "443"] }
  dynamic "allow" {
    for_each = { tcp = each.value }
    content {
      protocol = allow.key
      dynamic "ports" {
        for_each = allow.value
        iterator = p
        content {
          port  = p.value
          proto = allow.key
          owner = each.key
        }
      }
    }
  }
}
"#,
        );
        let allow = body.get("allow").unwrap();
        assert_eq!(texts(Some(allow), "protocol"), ["tcp"]);
        let ports = allow.get("ports");
        assert_eq!(texts(ports, "port"), ["80", "443"]);
        assert_eq!(texts(ports, "proto"), ["tcp", "tcp"]);
        assert_eq!(texts(ports, "owner"), ["web", "web"]);
    }

    #[test]
    fn an_empty_for_each_makes_no_block_and_an_unknown_one_stays_unknown() {
        let body = body_of(
            r#"variable "kms_key_arn" { default = null }
variable "policy" {}
resource "aws_eks_cluster" "c" {
  dynamic "encryption_config" {
    for_each = var.kms_key_arn == null ? [] : [var.kms_key_arn]
    content {
      resources = ["secrets"]
    }
  }
  dynamic "network_policy" {
    for_each = var.policy
    content {
      enabled = true
    }
  }
  dynamic "logging" {
    for_each = [for x in ["a"] : x]
    content {}
  }
}
"#,
        );
        // What Terraform deploys with the defaults: no encryption_config at all.
        assert!(body.get("encryption_config").is_none());
        assert_eq!(body.get("network_policy").unwrap().value, Value::Unknown);
        assert_eq!(body.get("logging").unwrap().value, Value::Unknown);
    }

    #[test]
    fn dynamic_blocks_are_capped_and_the_cut_is_reported() {
        let body = body_of(&format!(
            "locals {{ many = [{}] }}\nresource \"aws_security_group\" \"sg\" {{\n  dynamic \"ingress\" {{\n    for_each = local.many\n    content {{\n      from_port = ingress.value\n    }}\n  }}\n}}\n",
            vec!["1"; MAX_INSTANCES + 10].join(", ")
        ));
        let Some(Value::List(items)) = body.get("ingress").map(|n| &n.value) else {
            panic!("a list of blocks");
        };
        // The blocks past the cap are one unknown block: they are neither checked nor absent.
        assert_eq!(items.len(), MAX_INSTANCES + 1);
        assert_eq!(items[MAX_INSTANCES].value, Value::Unknown);
        // Nested blocks multiply: the root's total is bounded too, and a note says so.
        let e = evaluated(&[(
            "main.tf",
            &format!(
                "locals {{ l = [{}] }}\nresource \"x\" \"y\" {{\n  dynamic \"a\" {{\n    for_each = local.l\n    content {{\n      dynamic \"b\" {{\n        for_each = local.l\n        content {{\n          dynamic \"c\" {{\n            for_each = local.l\n            content {{}}\n          }}\n        }}\n      }}\n    }}\n  }}\n}}\n",
                vec!["1"; 200].join(", ")
            ),
        )]);
        assert_eq!(e.groups[0].len(), 1);
        assert_eq!(e.over_budget, [("main.tf".to_string(), String::new())]);
        assert!(e.groups[0][0].body.size() < 4 * MAX_DYNAMIC_BLOCKS);
    }

    #[test]
    fn malformed_hcl_is_an_error_not_a_panic() {
        assert!(parse("bad.tf", "resource \"x\" {\n  a = \n").is_err());
        assert_eq!(join("a/b", "../c"), Some("a/c".into()));
        assert_eq!(join("", "../c"), None);
    }
}
