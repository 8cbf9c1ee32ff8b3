//! Shell injection: a shell (`sh`, `bash`, `zsh`, `cmd`, `powershell`, ...) started with
//! `Command::new` and given `-c` (or `/C`, `-Command`) plus a command line built from run-time
//! values (`format!`, `+`, `push_str`; directly or through a local variable), whether the
//! builder calls are chained or made on a local `Command` over several statements.
//! `std::process::Command` and `tokio::process::Command` are recognised, also under an alias.
//!
//! Running a program directly with separate arguments (`Command::new("git").arg(user_input)`) is
//! not a shell injection and is not reported; neither is a constant script.

use super::calls::Held;
use super::checks::{Cx, Hit, Params};
use super::fn_scope::{FnScope, visit_fn_scopes};
use super::origin::Origin;
use super::strings::{StringVars, built};
use super::syntax::{ends_with, local_name, peel, str_lit};
use std::collections::HashMap;
use syn::Expr;
use syn::spanned::Spanned;
use syn::visit::Visit;

const SHELLS: &[&str] = &[
    "sh",
    "bash",
    "zsh",
    "dash",
    "ksh",
    "fish",
    "cmd",
    "cmd.exe",
    "powershell",
    "powershell.exe",
    "pwsh",
];
const SHELL_FLAGS: &[&str] = &["-c", "/C", "/c", "-Command", "-command", "-lc", "-ic"];

#[derive(Debug, Clone, Default)]
struct Shell {
    name: String,
    flag: bool,
    /// How the command line was built, once a value that is not constant went into it.
    dynamic: Option<&'static str>,
    /// Where the values in the command line come from.
    origin: Origin,
    reported: bool,
}

pub fn injection(cx: &Cx, _p: &Params, out: &mut Vec<Hit>) {
    struct V<'c, 'a> {
        cx: &'c Cx<'a>,
        out: &'c mut Vec<Hit>,
        scope: FnScope,
        /// Local `Command` variables that start a shell.
        shells: Vec<HashMap<String, Shell>>,
        /// Chains already reported (by the start offset of their root).
        done: Vec<usize>,
    }
    impl V<'_, '_> {
        fn shell_root(&self, e: &Expr) -> Option<Shell> {
            match peel(e) {
                Expr::Call(c) => {
                    let Expr::Path(p) = &*c.func else { return None };
                    let path = self.cx.aliases.resolve(&p.path);
                    if !ends_with(&path, &["Command", "new"]) {
                        return None;
                    }
                    let prog = str_lit(c.args.first()?)?.value();
                    let base = prog.rsplit(['/', '\\']).next().unwrap_or(&prog).to_string();
                    SHELLS.contains(&base.as_str()).then(|| Shell {
                        name: base,
                        ..Shell::default()
                    })
                }
                other => {
                    let n = local_name(other)?;
                    self.shells.last()?.get(&n).cloned()
                }
            }
        }

        /// Folds the `.arg`/`.args` calls of a chain into what the root command already had.
        fn chain(&self, e: &Expr) -> Option<(Shell, usize, Option<String>)> {
            let mut calls = Vec::new();
            let mut cur = peel(e);
            while let Expr::MethodCall(m) = cur {
                calls.push(m);
                cur = peel(&m.receiver);
            }
            let mut sh = self.shell_root(cur)?;
            let root_at = self.cx.index.range(cur.span()).0;
            let vars = self.scope.vars();
            for m in calls.iter().rev() {
                let args: Vec<&Expr> = match m.method.to_string().as_str() {
                    "arg" => m.args.iter().collect(),
                    "args" => match m.args.first().map(peel) {
                        Some(Expr::Array(a)) => a.elems.iter().collect(),
                        Some(Expr::Macro(mac)) if mac.mac.path.is_ident("vec") => {
                            match mac.mac.parse_body_with(syn::punctuated::Punctuated::<Expr, syn::Token![,]>::parse_terminated) {
                                Ok(p) => return self.fold_owned(sh, root_at, p.into_iter().collect(), &calls),
                                Err(_) => Vec::new(),
                            }
                        }
                        _ => Vec::new(),
                    },
                    _ => Vec::new(),
                };
                for a in args {
                    fold_arg(&mut sh, a, vars);
                }
            }
            Some((sh, root_at, local_name(cur)))
        }

        fn fold_owned(
            &self,
            mut sh: Shell,
            root_at: usize,
            args: Vec<Expr>,
            _calls: &[&syn::ExprMethodCall],
        ) -> Option<(Shell, usize, Option<String>)> {
            let vars = self.scope.vars();
            for a in &args {
                fold_arg(&mut sh, a, vars);
            }
            Some((sh, root_at, None))
        }

        fn report(&mut self, sh: &Shell, span: proc_macro2::Span) {
            let how = sh.dynamic.unwrap_or("format!");
            let mut hit = Hit::new(
                self.cx.index.range(span),
                format!(
                    "`{}` runs a command line built with {how} from run-time values; pass arguments to the program directly instead",
                    sh.name
                ),
                format!("{}:{how}", sh.name),
            );
            if !sh.origin.runtime {
                // What is not known here is settled by the crate pass.
                let Some(held) = Held::of(self.scope.sig(), &sh.origin) else {
                    return;
                };
                hit.unless_constant = Some(held);
            }
            self.out.push(hit);
        }
    }

    fn fold_arg(sh: &mut Shell, a: &Expr, vars: &StringVars) {
        if let Some(l) = str_lit(a) {
            if SHELL_FLAGS.contains(&l.value().as_str()) {
                sh.flag = true;
            }
            return;
        }
        if let Some(b) = built(a, vars)
            && !b.origin.is_constant()
        {
            sh.dynamic = Some(b.how);
            sh.origin.join(&b.origin);
        }
    }

    impl<'ast> Visit<'ast> for V<'_, '_> {
        visit_fn_scopes!('ast);
        fn visit_block(&mut self, b: &'ast syn::Block) {
            self.scope.enter_block();
            self.shells
                .push(self.shells.last().cloned().unwrap_or_default());
            syn::visit::visit_block(self, b);
            self.scope.leave_block();
            self.shells.pop();
        }
        fn visit_local(&mut self, l: &'ast syn::Local) {
            syn::visit::visit_local(self, l);
            let name = super::syntax::binding_name(&l.pat);
            let (Some(n), Some(init)) = (name, &l.init) else {
                return;
            };
            self.scope.vars_mut().bind(&n, &init.expr);
            let chained = self.chain(&init.expr).map(|(sh, _, _)| sh);
            let frame = self.shells.last_mut().expect("a frame");
            match chained {
                Some(sh) => {
                    frame.insert(n, sh);
                }
                None => {
                    frame.remove(&n);
                }
            }
        }
        fn visit_expr_method_call(&mut self, m: &'ast syn::ExprMethodCall) {
            syn::visit::visit_expr_method_call(self, m);
            let Some((sh, root_at, var)) = self.chain(&Expr::MethodCall(m.clone())) else {
                return;
            };
            if let Some(v) = &var {
                // A statement on a local command: remember what it added.
                if let Some(slot) = self.shells.last_mut().and_then(|f| f.get_mut(v)) {
                    let was = slot.reported;
                    *slot = Shell {
                        reported: was,
                        ..sh.clone()
                    };
                    if sh.flag && sh.dynamic.is_some() && !was {
                        slot.reported = true;
                        let s = sh.clone();
                        self.report(&s, m.span());
                    }
                }
                return;
            }
            if sh.flag && sh.dynamic.is_some() && !self.done.contains(&root_at) {
                self.done.push(root_at);
                self.report(&sh, m.span());
            }
        }
    }
    let mut v = V {
        cx,
        out,
        scope: FnScope::new(&cx.consts),
        shells: vec![HashMap::new()],
        done: Vec::new(),
    };
    v.visit_file(cx.file);
}
