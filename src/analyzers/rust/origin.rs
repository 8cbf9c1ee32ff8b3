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
}

impl Origin {
    pub const CONSTANT: Origin = Origin {
        runtime: false,
        params: BTreeSet::new(),
    };

    pub fn runtime() -> Origin {
        Origin {
            runtime: true,
            params: BTreeSet::new(),
        }
    }

    pub fn param(i: usize) -> Origin {
        Origin {
            runtime: false,
            params: BTreeSet::from([i]),
        }
    }

    /// Neither run-time nor from a parameter.
    pub fn is_constant(&self) -> bool {
        !self.runtime && self.params.is_empty()
    }

    /// The origin of something made of both.
    pub fn join(&mut self, other: &Origin) {
        self.runtime |= other.runtime;
        self.params.extend(other.params.iter().copied());
    }
}

/// What is known in one function about names: its parameters, the file's constants, and the
/// locals bound so far (their origin).
pub trait Scope {
    /// The origin of the local `name`, if one is bound.
    fn local(&self, name: &str) -> Option<Origin>;
    /// The position of the enclosing function's parameter `name`.
    fn param(&self, name: &str) -> Option<usize>;
    /// Is `name` a `const` or `static` declared in the file?
    fn is_const(&self, name: &str) -> bool;
}

/// The origin of a path or identifier expression.
pub fn of_name(name: &str, scope: &dyn Scope) -> Origin {
    if let Some(o) = scope.local(name) {
        o
    } else if let Some(i) = scope.param(name) {
        Origin::param(i)
    } else if scope.is_const(name) || is_const_name(name) {
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
        Expr::MethodCall(m) => {
            let name = m.method.to_string();
            if NUMERIC.contains(&name.as_str()) {
                Origin::CONSTANT
            } else if SAME.contains(&name.as_str()) && m.args.is_empty() {
                of_expr(&m.receiver, scope, built)
            } else if name == "join" || name == "concat" || name == "repeat" {
                let mut o = of_expr(&m.receiver, scope, built);
                for a in &m.args {
                    o.join(&of_expr(a, scope, built));
                }
                o
            } else {
                Origin::runtime()
            }
        }
        Expr::Call(c) => {
            // `String::from(x)`, `Some(x)`, `Cow::Borrowed(x)`: conversions keep the origin.
            let conversion = matches!(&*c.func, Expr::Path(p) if p.path.segments.last().is_some_and(|s| matches!(s.ident.to_string().as_str(), "from" | "Some" | "Borrowed" | "Owned")));
            if conversion && c.args.len() == 1 {
                of_expr(&c.args[0], scope, built)
            } else {
                Origin::runtime()
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
            match &i.else_branch {
                Some((_, e)) => o.join(&of_expr(e, scope, built)),
                // Without `else` the value is `()`.
                None => {}
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

/// The `const` and `static` items declared anywhere in a file (any case), so a lower-case
/// constant counts as one.
pub fn file_consts(file: &syn::File) -> HashSet<String> {
    use syn::visit::Visit;
    struct C(HashSet<String>);
    impl<'ast> Visit<'ast> for C {
        fn visit_item_const(&mut self, i: &'ast syn::ItemConst) {
            self.0.insert(i.ident.to_string());
        }
        fn visit_item_static(&mut self, i: &'ast syn::ItemStatic) {
            // A `static mut` can be written at run time.
            if matches!(i.mutability, syn::StaticMutability::None) {
                self.0.insert(i.ident.to_string());
            }
        }
        fn visit_impl_item_const(&mut self, i: &'ast syn::ImplItemConst) {
            self.0.insert(i.ident.to_string());
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
    let mut c = C(HashSet::new());
    c.visit_file(file);
    c.0
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
    fn is_const(&self, _: &str) -> bool {
        false
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
    fn fields_calls_and_unknown_names_are_run_time() {
        assert!(o("req.name").runtime);
        assert!(o(r#"std::env::var("TABLE").unwrap()"#).runtime);
        assert!(o("name").runtime);
        assert!(o(r#"match kind { Kind::A => "a", _ => other }"#).runtime);
    }
}
