//! SQL injection: a query string built from run-time values with `format!`, `+` or
//! `push_str`/`write!` (directly or through a local variable) and passed to a query API:
//! `sqlx::query`/`query_as`/`query_scalar`/`raw_sql` (and their `_with` forms), `diesel::sql_query`,
//! and the first argument of the rusqlite/postgres/tokio-postgres/sea-orm methods `execute`,
//! `query`, `query_row`, `query_one`, `query_opt`, `prepare`, `prepare_cached`, `batch_execute`,
//! `execute_batch`, `simple_query`, `execute_unprepared`.
//!
//! The built text must look like SQL (`SELECT ... FROM`, `INSERT INTO`, `UPDATE ... SET`,
//! `DELETE FROM`, `WHERE`), which keeps `executor.execute(format!(...))` of non-SQL strings out.
//! Only run-time values count ([`super::origin`]): constants, bind placeholder numbers and lists
//! are not values, and text that depends only on the enclosing function's parameters is reported
//! only if a call site in the crate passes one a run-time value ([`super::calls`]). The
//! `sqlx::query!` macros only take literals and are safe by construction. Not followed: query
//! text passed between functions or stored in fields.

use super::calls::{Held, pat_idents};
use super::checks::{Cx, Hit, Params};
use super::fn_scope::{FnScope, visit_fn_scopes};
use super::strings::{Built, built};
use super::syntax::ends_with;
use syn::Expr;
use syn::spanned::Spanned;
use syn::visit::Visit;

const FN_SINKS: &[&[&str]] = &[
    &["sqlx", "query"],
    &["sqlx", "query_as"],
    &["sqlx", "query_scalar"],
    &["sqlx", "query_with"],
    &["sqlx", "query_as_with"],
    &["sqlx", "query_scalar_with"],
    &["sqlx", "raw_sql"],
    &["diesel", "sql_query"],
];

const METHOD_SINKS: &[&str] = &[
    "execute",
    "query",
    "query_row",
    "query_one",
    "query_opt",
    "query_raw",
    "prepare",
    "prepare_cached",
    "batch_execute",
    "execute_batch",
    "simple_query",
    "execute_unprepared",
    "query_row_and_then",
];

pub fn looks_like_sql(text: &str) -> bool {
    let t = text.to_ascii_lowercase();
    let has = |w: &str| t.contains(w);
    (has("select ") && has(" from "))
        || has("insert into")
        || (has("update ") && has(" set "))
        || has("delete from")
        || has(" where ")
        || t.trim_start().starts_with("where ")
}

pub fn injection(cx: &Cx, _p: &Params, out: &mut Vec<Hit>) {
    struct V<'c, 'a> {
        cx: &'c Cx<'a>,
        out: &'c mut Vec<Hit>,
        scope: FnScope,
    }
    impl V<'_, '_> {
        fn sink(&mut self, what: &str, arg: &Expr, span: proc_macro2::Span) {
            let Some(b): Option<Built> = built(arg, self.scope.vars()) else {
                return;
            };
            if b.origin.is_constant() || !looks_like_sql(&b.text) {
                return;
            }
            let mut hit = Hit::new(
                self.cx.index.range(span),
                format!(
                    "SQL built with {} from run-time values is passed to `{what}`; bind the values as parameters instead",
                    b.how
                ),
                format!(
                    "{what}:{}",
                    b.text.split_whitespace().collect::<Vec<_>>().join(" ")
                ),
            );
            if !b.origin.runtime {
                // What is not known here is settled by the crate pass.
                let Some(held) = Held::of(self.scope.sig(), &b.origin) else {
                    return;
                };
                hit.unless_constant = Some(held);
            }
            self.out.push(hit);
        }
    }
    impl<'ast> Visit<'ast> for V<'_, '_> {
        visit_fn_scopes!('ast);
        fn visit_local(&mut self, l: &'ast syn::Local) {
            syn::visit::visit_local(self, l);
            let name = super::syntax::binding_name(&l.pat);
            match (name, &l.init) {
                (Some(n), Some(init)) => self.scope.vars_mut().bind(&n, &init.expr),
                _ => {
                    let mut names = Vec::new();
                    pat_idents(&l.pat, &mut names);
                    for n in names {
                        self.scope.vars_mut().opaque(&n);
                    }
                }
            }
        }
        fn visit_expr_call(&mut self, c: &'ast syn::ExprCall) {
            syn::visit::visit_expr_call(self, c);
            if let Expr::Path(p) = &*c.func {
                let path = self.cx.aliases.resolve(&p.path);
                if FN_SINKS
                    .iter()
                    .any(|s| ends_with(&path, s) && path.first() == Some(&s[0].to_string()))
                    && let Some(arg) = c.args.first()
                {
                    let what = path.join("::");
                    self.sink(&what, arg, c.span());
                }
            }
        }
        fn visit_expr_method_call(&mut self, m: &'ast syn::ExprMethodCall) {
            syn::visit::visit_expr_method_call(self, m);
            let method = m.method.to_string();
            if METHOD_SINKS.contains(&method.as_str())
                && let Some(arg) = m.args.first()
            {
                let span = m
                    .method
                    .span()
                    .join(m.paren_token.span.close())
                    .unwrap_or(m.method.span());
                self.sink(&method, arg, span);
            }
        }
    }
    let mut v = V {
        cx,
        out,
        scope: FnScope::new(&cx.consts),
    };
    v.visit_file(cx.file);
}
