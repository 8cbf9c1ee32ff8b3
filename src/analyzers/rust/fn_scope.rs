//! The scope the injection checks' visitors (`sql.rs`, `shell.rs`) keep while they walk a file:
//! the string variables of each enclosing function or block, the signature of each enclosing
//! function (for hits the crate pass settles) and the type of each enclosing `impl`, with the
//! `Visit` methods that maintain it ([`visit_fn_scopes!`]).
//!
//! It knows nothing about sinks: what a check reports stays in the check. It does not follow
//! nested items out of order or resolve anything across files (see `calls.rs` for that).

use super::origin::FileFacts;
use super::strings::StringVars;
use std::sync::Arc;

pub struct FnScope {
    consts: Arc<FileFacts>,
    /// String variables per enclosing function or block, the file level first.
    strings: Vec<StringVars>,
    /// The signature of each enclosing function, innermost last.
    sigs: Vec<syn::Signature>,
    /// The type of each enclosing `impl` block.
    impls: Vec<Option<String>>,
}

impl FnScope {
    pub fn new(consts: &Arc<FileFacts>) -> FnScope {
        FnScope {
            consts: consts.clone(),
            strings: vec![StringVars::for_fn(None, consts)],
            sigs: Vec::new(),
            impls: Vec::new(),
        }
    }

    /// The string variables in scope now.
    pub fn vars(&self) -> &StringVars {
        self.strings.last().expect("a frame")
    }

    pub fn vars_mut(&mut self) -> &mut StringVars {
        self.strings.last_mut().expect("a frame")
    }

    /// The innermost enclosing function's signature.
    pub fn sig(&self) -> Option<&syn::Signature> {
        self.sigs.last()
    }

    pub fn enter_fn(&mut self, sig: &syn::Signature) {
        let mut frame = StringVars::for_fn(Some(sig), &self.consts);
        frame.self_ty = self.impls.last().cloned().flatten();
        self.strings.push(frame);
        self.sigs.push(sig.clone());
    }

    pub fn leave_fn(&mut self) {
        self.sigs.pop();
        self.strings.pop();
    }

    pub fn enter_impl(&mut self, i: &syn::ItemImpl) {
        self.impls.push(super::syntax::impl_type(i));
    }

    pub fn leave_impl(&mut self) {
        self.impls.pop();
    }

    /// A block: its bindings shadow the enclosing ones until [`FnScope::leave_block`].
    pub fn enter_block(&mut self) {
        let inner = self.strings.last().cloned().unwrap_or_default();
        self.strings.push(inner);
    }

    pub fn leave_block(&mut self) {
        self.strings.pop();
    }
}

/// The `Visit` methods that keep a visitor's `scope: FnScope`: `impl` blocks, the bodies of
/// functions, methods and default trait methods, `for` patterns and closure parameters (opaque),
/// expressions inside macros, and every expression observed after its children.
macro_rules! visit_fn_scopes {
    ($a:lifetime) => {
        fn visit_item_impl(&mut self, i: &$a syn::ItemImpl) {
            self.scope.enter_impl(i);
            syn::visit::visit_item_impl(self, i);
            self.scope.leave_impl();
        }
        fn visit_item_fn(&mut self, f: &$a syn::ItemFn) {
            self.scope.enter_fn(&f.sig);
            self.visit_block(&f.block);
            self.scope.leave_fn();
        }
        fn visit_impl_item_fn(&mut self, f: &$a syn::ImplItemFn) {
            self.scope.enter_fn(&f.sig);
            self.visit_block(&f.block);
            self.scope.leave_fn();
        }
        fn visit_trait_item_fn(&mut self, f: &$a syn::TraitItemFn) {
            if let Some(b) = &f.default {
                self.scope.enter_fn(&f.sig);
                self.visit_block(b);
                self.scope.leave_fn();
            }
        }
        fn visit_expr_for_loop(&mut self, f: &$a syn::ExprForLoop) {
            self.visit_expr(&f.expr);
            self.scope.vars_mut().bind_for(&f.pat, &f.expr);
            self.visit_block(&f.body);
        }
        fn visit_expr_closure(&mut self, c: &$a syn::ExprClosure) {
            let mut names = Vec::new();
            for p in &c.inputs {
                super::calls::pat_idents(p, &mut names);
            }
            for n in names {
                self.scope.vars_mut().opaque(&n);
            }
            syn::visit::visit_expr_closure(self, c);
        }
        fn visit_macro(&mut self, m: &$a syn::Macro) {
            for e in super::syntax::macro_exprs(m) {
                self.visit_expr(&e);
            }
        }
        fn visit_expr(&mut self, e: &$a syn::Expr) {
            syn::visit::visit_expr(self, e);
            self.scope.vars_mut().observe(e);
        }
    };
}
pub(super) use visit_fn_scopes;
