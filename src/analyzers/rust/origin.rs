//! Where a value that reaches a query or command text comes from, decided from the syntax alone.
//!
//! A value is *constant* when it is a literal, a `const`/`static` (declared in the file, or named
//! in SCREAMING_CASE), a `match` or `if` whose arms are all constant, a method like `len()` that
//! yields a number, or a local bound to one of those; *bound* when it is a bind placeholder (a
//! `{}` written right after `$` or `?` in the format string, or a local named like a placeholder
//! list) and so never the data itself; a *parameter* of the enclosing function when it is one,
//! which the crate pass ([`super::calls`]) settles from the function's call sites; *run-time*
//! otherwise (a field, a call result, an environment variable, a request value).
//!
//! There is no type checking and no data flow beyond the locals of one function: a value that
//! goes through a struct field, a collection or another function's return is run-time.

use super::syntax::{is_const_name, peel, str_lit};
use std::collections::{BTreeSet, HashSet};
use syn::Expr;

/// The origin of a value (or of every value in a piece of text).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Origin {
    /// Some part is a run-time value.
    pub runtime: bool,
    /// Parameters of the enclosing function (by position, receiver not counted) that reach it.
    pub params: BTreeSet<usize>,
    /// Functions of the crate, defined in another file, whose return values reach it.
    pub calls: BTreeSet<String>,
    /// Fields of `self`, declared in another file, that reach it.
    pub fields: BTreeSet<String>,
}

impl Origin {
    pub const CONSTANT: Origin = Origin {
        runtime: false,
        params: BTreeSet::new(),
        calls: BTreeSet::new(),
        fields: BTreeSet::new(),
    };

    pub fn runtime() -> Origin {
        Origin {
            runtime: true,
            ..Origin::CONSTANT
        }
    }

    pub fn param(i: usize) -> Origin {
        Origin {
            params: BTreeSet::from([i]),
            ..Origin::CONSTANT
        }
    }

    fn call(name: String) -> Origin {
        Origin {
            calls: BTreeSet::from([name]),
            ..Origin::CONSTANT
        }
    }

    fn field(name: String) -> Origin {
        Origin {
            fields: BTreeSet::from([name]),
            ..Origin::CONSTANT
        }
    }

    /// Known constant: not run-time and nothing left for the crate pass.
    pub fn is_constant(&self) -> bool {
        !self.runtime && self.params.is_empty() && self.calls.is_empty() && self.fields.is_empty()
    }

    /// The origin of something made of both.
    pub fn join(&mut self, other: &Origin) {
        self.runtime |= other.runtime;
        self.params.extend(other.params.iter().copied());
        self.calls.extend(other.calls.iter().cloned());
        self.fields.extend(other.fields.iter().cloned());
    }
}

/// A function that quotes or escapes its argument for SQL or a shell (`quote_literal`,
/// `quote_identifier`, `escape_string`, `shell_escape::escape`): its result is not raw input.
fn escaper(name: &str) -> bool {
    super::names::words(name).iter().any(|w| {
        matches!(
            w.as_str(),
            "quote" | "quoted" | "escape" | "escaped" | "sanitize" | "sanitized"
        )
    })
}

/// What is known in one function about names: its parameters, the file's constants, and the
/// locals bound so far (their origin).
pub trait Scope {
    /// The origin of the local `name`, if one is bound.
    fn local(&self, name: &str) -> Option<Origin>;
    /// The position of the enclosing function's parameter `name`.
    fn param(&self, name: &str) -> Option<usize>;
    /// Does parameter `i` have a type whose values cannot shape text ([`safe_type`])?
    fn safe_param(&self, i: usize) -> bool;
    /// What the file declares.
    fn facts(&self) -> &FileFacts;
    /// The type of `self`, inside an `impl` block.
    fn self_ty(&self) -> Option<&str> {
        None
    }
}

/// The key of field `name` of `self` (`Store.name` inside `impl Store`), as the crate pass
/// matches it against struct literals and assignments.
pub fn field_key(self_ty: Option<&str>, name: &str) -> String {
    match self_ty {
        Some(t) => format!("{t}.{name}"),
        None => name.to_string(),
    }
}

/// What one file declares that makes a value constant: `const`/`static` items (any case),
/// struct fields whose every declaration has a [`safe_type`], and functions whose every
/// definition returns a safe type or a constant tail expression (`fn table(&self) -> &str {
/// "users" }`). Fields and functions are matched by name, without types.
#[derive(Debug, Default)]
pub struct FileFacts {
    pub consts: HashSet<String>,
    pub safe_fields: HashSet<String>,
    /// Fields declared with another type.
    pub other_fields: HashSet<String>,
    pub const_fns: HashSet<String>,
    /// Functions defined with a body that is not constant.
    pub other_fns: HashSet<String>,
}

const NUMBER_TYPES: &[&str] = &[
    "i8", "i16", "i32", "i64", "i128", "isize", "u8", "u16", "u32", "u64", "u128", "usize", "f32",
    "f64",
];

/// A number, a bool, a char, a UUID or a `&'static str`: nothing whose text an attacker shapes.
pub fn safe_type(ty: &syn::Type) -> bool {
    match ty {
        syn::Type::Path(p) => p.path.segments.last().is_some_and(|s| {
            let t = s.ident.to_string();
            NUMBER_TYPES.contains(&t.as_str())
                || matches!(
                    t.as_str(),
                    "bool" | "char" | "Uuid" | "NonZeroU32" | "NonZeroU64" | "NonZeroUsize"
                )
        }),
        syn::Type::Reference(r) => {
            r.lifetime.as_ref().is_some_and(|l| l.ident == "static")
                && matches!(&*r.elem, syn::Type::Path(p) if p.path.is_ident("str"))
                || safe_type(&r.elem)
                    && !matches!(&*r.elem, syn::Type::Path(p) if p.path.is_ident("str"))
        }
        syn::Type::Paren(p) => safe_type(&p.elem),
        syn::Type::Group(g) => safe_type(&g.elem),
        _ => false,
    }
}

/// The origin of a path or identifier expression.
pub fn of_name(name: &str, scope: &dyn Scope) -> Origin {
    if let Some(o) = scope.local(name) {
        o
    } else if let Some(i) = scope.param(name) {
        if scope.safe_param(i) {
            Origin::CONSTANT
        } else {
            Origin::param(i)
        }
    } else if scope.facts().consts.contains(name) || is_const_name(name) {
        Origin::CONSTANT
    } else {
        Origin::runtime()
    }
}

/// Methods whose result has its receiver's origin.
const SAME: &[&str] = &[
    "to_string",
    "to_owned",
    "as_str",
    "as_ref",
    "clone",
    "into",
    "as_bytes",
    "to_lowercase",
    "to_uppercase",
    "to_ascii_lowercase",
    "to_ascii_uppercase",
    "trim",
    "borrow",
    "as_deref",
    "unwrap",
    "iter",
    "into_iter",
    "copied",
    "cloned",
];
/// Methods whose result is a number or a bool whatever the receiver: not text an attacker shapes.
const NUMERIC: &[&str] = &["len", "count", "is_empty", "is_some", "is_none", "capacity"];

/// The origin of expression `e`; `built` gives the origin of `format!`-like macros.
pub fn of_expr(
    e: &Expr,
    scope: &dyn Scope,
    built: &dyn Fn(&syn::Macro) -> Option<Origin>,
) -> Origin {
    if str_lit(e).is_some() {
        return Origin::CONSTANT;
    }
    match peel(e) {
        Expr::Lit(_) => Origin::CONSTANT,
        Expr::Path(p) if p.qself.is_none() && p.path.segments.len() == 1 => {
            of_name(&p.path.segments[0].ident.to_string(), scope)
        }
        Expr::Path(p) => {
            if p.path
                .segments
                .last()
                .is_some_and(|s| is_const_name(&s.ident.to_string()))
            {
                Origin::CONSTANT
            } else {
                Origin::runtime()
            }
        }
        Expr::Field(f) => match &f.member {
            syn::Member::Named(n) if scope.facts().safe_fields.contains(&n.to_string()) => {
                Origin::CONSTANT
            }
            // `self.table`: the crate pass decides from its declarations and the values the
            // crate gives it.
            syn::Member::Named(n) if matches!(peel(&f.base), Expr::Path(p) if p.path.is_ident("self")) => {
                Origin::field(field_key(scope.self_ty(), &n.to_string()))
            }
            // A field of a constant or a parameter (`interval.0`) has its origin.
            _ => match peel(&f.base) {
                Expr::Path(_) | Expr::Field(_) => of_expr(&f.base, scope, built),
                _ => Origin::runtime(),
            },
        },
        Expr::Index(i) => of_expr(&i.expr, scope, built),
        Expr::MethodCall(m) => {
            let name = m.method.to_string();
            if NUMERIC.contains(&name.as_str()) || scope.facts().const_fns.contains(&name) {
                Origin::CONSTANT
            } else if SAME.contains(&name.as_str()) && m.args.is_empty() {
                of_expr(&m.receiver, scope, built)
            } else if name == "join" || name == "concat" || name == "repeat" {
                let mut o = of_expr(&m.receiver, scope, built);
                for a in &m.args {
                    o.join(&of_expr(a, scope, built));
                }
                o
            } else if escaper(&name) {
                Origin::CONSTANT
            } else if scope.facts().other_fns.contains(&name) {
                Origin::runtime()
            } else {
                // Defined in another file of the crate, or not in the crate at all.
                Origin::call(name)
            }
        }
        Expr::Call(c) => {
            // `String::from(x)`, `Some(x)`, `Cow::Borrowed(x)`: conversions keep the origin.
            let last = match &*c.func {
                // The standard library (`std::env::var`) is not the crate.
                Expr::Path(p)
                    if p.path.segments.len() > 1
                        && matches!(
                            p.path.segments[0].ident.to_string().as_str(),
                            "std" | "core" | "alloc" | "env"
                        ) =>
                {
                    None
                }
                Expr::Path(p) => p.path.segments.last().map(|s| s.ident.to_string()),
                _ => None,
            };
            let conversion = last
                .as_deref()
                .is_some_and(|l| matches!(l, "from" | "Some" | "Borrowed" | "Owned"));
            // `u64::from(lsn)`, `i64::try_from(n)`: a number.
            let numeric = matches!(&*c.func, Expr::Path(p) if p.path.segments.len() == 2
                && NUMBER_TYPES.contains(&p.path.segments[0].ident.to_string().as_str()));
            match last {
                _ if numeric => Origin::CONSTANT,
                Some(l) if scope.facts().const_fns.contains(&l) || escaper(&l) => Origin::CONSTANT,
                Some(_) if conversion && c.args.len() == 1 => of_expr(&c.args[0], scope, built),
                Some(l)
                    if l.starts_with(|c: char| c.is_ascii_lowercase() || c == '_')
                        && !scope.facts().other_fns.contains(&l) =>
                {
                    Origin::call(l)
                }
                _ => Origin::runtime(),
            }
        }
        Expr::Macro(m) => built(&m.mac).unwrap_or_else(Origin::runtime),
        Expr::Binary(b) => {
            let mut o = of_expr(&b.left, scope, built);
            o.join(&of_expr(&b.right, scope, built));
            o
        }
        Expr::Unary(u) => of_expr(&u.expr, scope, built),
        Expr::Cast(c) => of_expr(&c.expr, scope, built),
        Expr::Array(a) => all(a.elems.iter(), scope, built),
        Expr::Tuple(t) => all(t.elems.iter(), scope, built),
        Expr::Block(b) => tail(&b.block, scope, built),
        Expr::If(i) => {
            let mut o = tail(&i.then_branch, scope, built);
            // Without `else` the value is `()`.
            if let Some((_, e)) = &i.else_branch {
                o.join(&of_expr(e, scope, built));
            }
            o
        }
        // A match over literals: the scrutinee only picks which constant.
        Expr::Match(m) => {
            let mut o = Origin::CONSTANT;
            for arm in &m.arms {
                if matches!(
                    peel(&arm.body),
                    Expr::Return(_) | Expr::Break(_) | Expr::Continue(_)
                ) || matches!(&*arm.body, Expr::Macro(mm) if mm.mac.path.segments.last().is_some_and(|s| matches!(s.ident.to_string().as_str(), "panic" | "unreachable" | "bail" | "todo" | "unimplemented")))
                {
                    continue;
                }
                o.join(&of_expr(&arm.body, scope, built));
            }
            o
        }
        _ => Origin::runtime(),
    }
}

fn all<'e>(
    items: impl Iterator<Item = &'e Expr>,
    scope: &dyn Scope,
    built: &dyn Fn(&syn::Macro) -> Option<Origin>,
) -> Origin {
    let mut o = Origin::CONSTANT;
    for e in items {
        o.join(&of_expr(e, scope, built));
    }
    o
}

/// The origin of a block's value (its tail expression).
fn tail(
    b: &syn::Block,
    scope: &dyn Scope,
    built: &dyn Fn(&syn::Macro) -> Option<Origin>,
) -> Origin {
    match b.stmts.last() {
        Some(syn::Stmt::Expr(e, None)) => of_expr(e, scope, built),
        Some(syn::Stmt::Macro(m)) if m.semi_token.is_none() => {
            built(&m.mac).unwrap_or_else(Origin::runtime)
        }
        _ => Origin::runtime(),
    }
}

/// What a file declares ([`FileFacts`]).
pub fn file_consts(file: &syn::File) -> FileFacts {
    use syn::visit::Visit;
    #[derive(Default)]
    struct C {
        facts: FileFacts,
        unsafe_fields: HashSet<String>,
        fns: Vec<(String, bool)>,
        /// Bodies whose tail expression is judged once every constant is known.
        tails: Vec<(String, syn::Signature, syn::Block)>,
    }
    impl C {
        fn func(&mut self, sig: &syn::Signature, body: &syn::Block) {
            let name = sig.ident.to_string();
            if let syn::ReturnType::Type(_, ty) = &sig.output
                && safe_type(ty)
            {
                self.fns.push((name, true));
                return;
            }
            match body.stmts.last() {
                Some(syn::Stmt::Expr(_, None)) => {
                    self.tails.push((name, sig.clone(), body.clone()))
                }
                _ => self.fns.push((name, false)),
            }
        }
    }
    impl<'ast> Visit<'ast> for C {
        fn visit_item_const(&mut self, i: &'ast syn::ItemConst) {
            self.facts.consts.insert(i.ident.to_string());
        }
        fn visit_item_static(&mut self, i: &'ast syn::ItemStatic) {
            // A `static mut` can be written at run time.
            if matches!(i.mutability, syn::StaticMutability::None) {
                self.facts.consts.insert(i.ident.to_string());
            }
        }
        fn visit_impl_item_const(&mut self, i: &'ast syn::ImplItemConst) {
            self.facts.consts.insert(i.ident.to_string());
        }
        fn visit_field(&mut self, f: &'ast syn::Field) {
            if let Some(n) = &f.ident {
                if safe_type(&f.ty) {
                    self.facts.safe_fields.insert(n.to_string());
                } else {
                    self.unsafe_fields.insert(n.to_string());
                }
            }
        }
        fn visit_item_fn(&mut self, f: &'ast syn::ItemFn) {
            self.func(&f.sig, &f.block);
            syn::visit::visit_item_fn(self, f);
        }
        fn visit_impl_item_fn(&mut self, f: &'ast syn::ImplItemFn) {
            self.func(&f.sig, &f.block);
            syn::visit::visit_impl_item_fn(self, f);
        }
        fn visit_trait_item_fn(&mut self, f: &'ast syn::TraitItemFn) {
            if let Some(b) = &f.default {
                self.func(&f.sig, b);
            }
            syn::visit::visit_trait_item_fn(self, f);
        }
        fn visit_expr(&mut self, e: &'ast Expr) {
            // Items inside function bodies: `const SQL: &str = ...;` in a block.
            if let Expr::Block(b) = e {
                syn::visit::visit_expr_block(self, b);
            } else {
                syn::visit::visit_expr(self, e);
            }
        }
    }
    let mut c = C::default();
    c.visit_file(file);
    let mut facts = c.facts;
    for f in &c.unsafe_fields {
        facts.safe_fields.remove(f);
    }
    facts.other_fields = c.unsafe_fields;
    // Functions whose tail calls another constant function of the file (`qualified_name()`
    // calling `quote_identifier` and `schema_name()`): judged again while the set grows, at most
    // three rounds.
    let mut known: HashSet<String> = c
        .fns
        .iter()
        .filter(|(_, ok)| *ok)
        .map(|(n, _)| n.clone())
        .collect();
    let mut fns = Vec::new();
    for _ in 0..3 {
        facts.const_fns = known.clone();
        let round = judge_tails(&c.tails, facts);
        facts = round.0;
        let grown: HashSet<String> = round
            .1
            .iter()
            .filter(|(_, ok)| *ok)
            .map(|(n, _)| n.clone())
            .collect();
        fns = round.1;
        if grown.is_subset(&known) {
            break;
        }
        known.extend(grown);
    }
    fns.extend(c.fns);
    let bad: HashSet<&str> = fns
        .iter()
        .filter(|(_, ok)| !ok)
        .map(|(n, _)| n.as_str())
        .collect();
    let good: HashSet<String> = fns
        .iter()
        .filter(|(n, ok)| *ok && !bad.contains(n.as_str()))
        .map(|(n, _)| n.clone())
        .collect();
    facts.const_fns = good;
    facts.other_fns = bad.into_iter().map(str::to_string).collect();
    facts
}

/// Judges each function body's tail expression under `facts`: (name, constant?).
fn judge_tails(
    tails: &[(String, syn::Signature, syn::Block)],
    facts: FileFacts,
) -> (FileFacts, Vec<(String, bool)>) {
    let mut fns = Vec::new();
    let facts = std::sync::Arc::new(facts);
    for (name, sig, body) in tails {
        // `self.db_name` where the field is a `&'static str`, a literal, a match over literals,
        // a value quoted for SQL, following the body's top-level `let`s.
        let mut scope = super::strings::StringVars::for_fn(Some(sig), &facts);
        let mut constant = false;
        for stmt in &body.stmts {
            match stmt {
                syn::Stmt::Local(l) => match (super::syntax::binding_name(&l.pat), &l.init) {
                    (Some(n), Some(init)) => scope.bind(&n, &init.expr),
                    _ => {
                        let mut names = Vec::new();
                        super::calls::pat_idents(&l.pat, &mut names);
                        for n in names {
                            scope.opaque(&n);
                        }
                    }
                },
                syn::Stmt::Expr(e, None) => constant = scope.origin(e).is_constant(),
                _ => {}
            }
        }
        fns.push((name.clone(), constant));
    }
    let facts = std::sync::Arc::try_unwrap(facts).unwrap_or_default();
    (facts, fns)
}

/// Which of a signature's parameters (receiver not counted) have a [`safe_type`].
pub fn safe_params(sig: &syn::Signature) -> Vec<bool> {
    sig.inputs
        .iter()
        .filter_map(|a| match a {
            syn::FnArg::Typed(t) => Some(safe_type(&t.ty)),
            syn::FnArg::Receiver(_) => None,
        })
        .collect()
}

/// The names of a signature's parameters, receiver not counted (`_` for patterns).
pub fn param_names(sig: &syn::Signature) -> Vec<String> {
    sig.inputs
        .iter()
        .filter_map(|a| match a {
            syn::FnArg::Typed(t) => Some(super::syntax::binding_name(&t.pat).unwrap_or_default()),
            syn::FnArg::Receiver(_) => None,
        })
        .collect()
}

/// A scope with nothing but locals, for tests.
#[cfg(test)]
#[derive(Debug, Default)]
pub struct Locals(pub std::collections::HashMap<String, Origin>);

#[cfg(test)]
impl Scope for Locals {
    fn local(&self, name: &str) -> Option<Origin> {
        self.0.get(name).cloned()
    }
    fn param(&self, _: &str) -> Option<usize> {
        None
    }
    fn safe_param(&self, _: usize) -> bool {
        false
    }
    fn facts(&self) -> &FileFacts {
        static EMPTY: std::sync::OnceLock<FileFacts> = std::sync::OnceLock::new();
        EMPTY.get_or_init(FileFacts::default)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn o(src: &str) -> Origin {
        of_expr(&syn::parse_str(src).unwrap(), &Locals::default(), &|_| None)
    }

    #[test]
    fn literals_constants_and_matches_over_literals_are_constant() {
        assert!(o(r#""patients""#).is_constant());
        assert!(o("TABLE").is_constant());
        assert!(o("Self::COLUMNS.join(\", \")").is_constant());
        assert!(
            o(r#"match kind { Kind::A => "a", Kind::B => "b", _ => unreachable!() }"#)
                .is_constant()
        );
        assert!(o(r#"if asc { "ASC" } else { "DESC" }"#).is_constant());
        assert!(o("ids.len()").is_constant());
    }

    #[test]
    fn static_fields_numbers_and_constant_getters_in_the_file_are_constant() {
        let f: syn::File = syn::parse_str(
            r#"
            struct Db { db_name: &'static str, shard: usize, name: String }
            impl Db {
                fn get_db_name(&self) -> &str { self.db_name }
                fn kind(&self) -> &'static str { if self.shard > 0 { "a" } else { "b" } }
                fn owner(&self) -> &str { &self.name }
            }
            "#,
        )
        .unwrap();
        let facts = file_consts(&f);
        assert!(facts.const_fns.contains("get_db_name"));
        assert!(facts.const_fns.contains("kind"));
        assert!(!facts.const_fns.contains("owner"));
        assert!(facts.safe_fields.contains("shard"));
        assert!(!facts.safe_fields.contains("name"));
    }

    #[test]
    fn fields_calls_and_unknown_names_are_run_time() {
        assert!(o("req.name").runtime);
        assert!(o(r#"std::env::var("TABLE").unwrap()"#).runtime);
        assert!(o("name").runtime);
        assert!(o(r#"match kind { Kind::A => "a", _ => other }"#).runtime);
    }
}
