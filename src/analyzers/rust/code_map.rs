//! Where things are in one parsed file: which byte ranges are test code and which function
//! encloses an offset (the fingerprint names it, so two identical calls in different functions
//! stay distinct and an ignore survives lines moving).
//!
//! Test code is an item under `#[cfg(test)]` (or a `cfg` whose predicate mentions `test` without
//! `not`), a function marked `#[test]`, `#[bench]` or any `#[...::test]` attribute
//! (`#[tokio::test]`), and every file under a `tests/` or `benches/` folder or named `tests.rs`/`test.rs`
//! (a `#[cfg(test)] mod tests;` lives there and its attribute is in another file). It does not
//! evaluate `cfg` expressions.

use super::location::SpanMap;
use syn::Attribute;
use syn::spanned::Spanned;
use syn::visit::Visit;

#[derive(Debug, Default)]
pub struct CodeMap {
    /// The whole file is test code.
    pub test_file: bool,
    tests: Vec<(usize, usize)>,
    fns: Vec<(usize, usize, String)>,
}

pub fn is_test_attr(a: &Attribute) -> bool {
    let path: Vec<String> = a
        .path()
        .segments
        .iter()
        .map(|s| s.ident.to_string())
        .collect();
    match path.last().map(String::as_str) {
        Some("test") | Some("bench") | Some("rstest") | Some("test_case") | Some("quickcheck")
        | Some("proptest") => true,
        Some("cfg") if path.len() == 1 => {
            let Ok(list) = a.meta.require_list() else {
                return false;
            };
            // `test`, `feature = "test-util"`, `feature = "e2e_tests"`.
            let t = list.tokens.to_string();
            crate::words::split(&t)
                .iter()
                .any(|w| w == "test" || w == "tests")
                && !t.contains("not")
        }
        _ => false,
    }
}

/// Helper modules that only tests use (`test_util`, `test_utils`, `testutil`, `test_helpers`,
/// `test_support`), as a module or a file or folder name.
const TEST_MODULES: &[&str] = &[
    "test_util",
    "test_utils",
    "testutil",
    "testutils",
    "test_helpers",
    "test_support",
    "testkit",
    "test-util",
    "test-utils",
    "test-support",
];

pub fn is_test_module(ident: &proc_macro2::Ident) -> bool {
    TEST_MODULES.iter().any(|m| ident == m)
}

pub fn is_test_path(path: &str) -> bool {
    let mut parts = path.split('/');
    let name = parts.next_back().unwrap_or(path);
    let stem = name.strip_suffix(".rs").unwrap_or(name);
    path.split('/')
        .any(|p| p == "tests" || p == "benches" || p == "examples" || TEST_MODULES.contains(&p))
        // A top-level `integration/` folder holds a repository's integration test suite.
        || path.starts_with("integration/")
        || TEST_MODULES.contains(&stem)
        || stem.starts_with("test_")
        || name == "tests.rs"
        || name == "test.rs"
        || name.ends_with("_tests.rs")
        || name.ends_with("_test.rs")
}

/// The outer attributes of the expressions that commonly carry a `#[cfg]` as a statement.
fn expr_attrs(e: &syn::Expr) -> &[Attribute] {
    use syn::Expr;
    match e {
        Expr::If(x) => &x.attrs,
        Expr::Block(x) => &x.attrs,
        Expr::Call(x) => &x.attrs,
        Expr::MethodCall(x) => &x.attrs,
        Expr::Assign(x) => &x.attrs,
        Expr::Macro(x) => &x.attrs,
        Expr::Match(x) => &x.attrs,
        Expr::ForLoop(x) => &x.attrs,
        _ => &[],
    }
}

impl CodeMap {
    pub fn of(file: &syn::File, index: &SpanMap, path: &str) -> CodeMap {
        struct V<'i, 'a> {
            map: CodeMap,
            index: &'i SpanMap<'a>,
        }
        impl V<'_, '_> {
            fn item(&mut self, attrs: &[Attribute], span: proc_macro2::Span) {
                if attrs.iter().any(is_test_attr) {
                    let r = self.index.range(span);
                    self.map.tests.push(r);
                }
            }
        }
        impl<'ast> Visit<'ast> for V<'_, '_> {
            fn visit_item(&mut self, i: &'ast syn::Item) {
                let attrs: &[Attribute] = match i {
                    syn::Item::Fn(f) => &f.attrs,
                    syn::Item::Mod(m) => &m.attrs,
                    syn::Item::Impl(m) => &m.attrs,
                    syn::Item::Const(m) => &m.attrs,
                    syn::Item::Static(m) => &m.attrs,
                    syn::Item::Struct(m) => &m.attrs,
                    _ => &[],
                };
                self.item(attrs, i.span());
                if let syn::Item::Mod(m) = i
                    && is_test_module(&m.ident)
                {
                    let r = self.index.range(i.span());
                    self.map.tests.push(r);
                }
                syn::visit::visit_item(self, i);
            }
            fn visit_item_fn(&mut self, f: &'ast syn::ItemFn) {
                let (s, e) = self.index.range(f.span());
                self.map.fns.push((s, e, f.sig.ident.to_string()));
                syn::visit::visit_item_fn(self, f);
            }
            fn visit_impl_item_fn(&mut self, f: &'ast syn::ImplItemFn) {
                self.item(&f.attrs, f.span());
                let (s, e) = self.index.range(f.span());
                self.map.fns.push((s, e, f.sig.ident.to_string()));
                syn::visit::visit_impl_item_fn(self, f);
            }
            fn visit_trait_item_fn(&mut self, f: &'ast syn::TraitItemFn) {
                let (s, e) = self.index.range(f.span());
                self.map.fns.push((s, e, f.sig.ident.to_string()));
                syn::visit::visit_trait_item_fn(self, f);
            }
            // A statement under `#[cfg(test)]` or `#[cfg(feature = "e2e_tests")]`.
            fn visit_stmt(&mut self, st: &'ast syn::Stmt) {
                let attrs: &[Attribute] = match st {
                    syn::Stmt::Local(l) => &l.attrs,
                    syn::Stmt::Macro(m) => &m.attrs,
                    syn::Stmt::Expr(e, _) => expr_attrs(e),
                    syn::Stmt::Item(_) => &[],
                };
                self.item(attrs, st.span());
                syn::visit::visit_stmt(self, st);
            }
            // Expressions hold no items worth mapping except nested fns; statements reach them.
            fn visit_expr(&mut self, e: &'ast syn::Expr) {
                if let syn::Expr::Block(b) = e {
                    syn::visit::visit_expr_block(self, b);
                } else {
                    syn::visit::visit_expr(self, e);
                }
            }
        }
        let mut v = V {
            map: CodeMap {
                test_file: is_test_path(path),
                ..CodeMap::default()
            },
            index,
        };
        v.visit_file(file);
        v.map
    }

    pub fn in_test(&self, at: usize) -> bool {
        self.test_file || self.tests.iter().any(|&(s, e)| s <= at && at < e)
    }

    /// The innermost function around `at`, or "" at the top level.
    pub fn enclosing_fn(&self, at: usize) -> &str {
        self.fns
            .iter()
            .filter(|(s, e, _)| *s <= at && at < *e)
            .min_by_key(|(s, e, _)| e - s)
            .map_or("", |(_, _, n)| n.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn test_modules_and_functions_are_mapped() {
        let text = "fn a() { x(); }\n#[cfg(test)]\nmod t { fn b() { y(); } }\n#[tokio::test]\nasync fn c() { z(); }\n#[cfg(not(test))]\nfn d() { w(); }\n";
        let f: syn::File = syn::parse_str(text).unwrap();
        let idx = SpanMap::new(text, 0);
        let m = CodeMap::of(&f, &idx, "src/lib.rs");
        assert!(!m.in_test(text.find("x()").unwrap()));
        assert!(m.in_test(text.find("y()").unwrap()));
        assert!(m.in_test(text.find("z()").unwrap()));
        assert!(!m.in_test(text.find("w()").unwrap()));
        assert_eq!(m.enclosing_fn(text.find("y()").unwrap()), "b");
        assert!(is_test_path("crate/tests/it.rs"));
        assert!(!is_test_path("src/testing.rs"));
        assert!(is_test_path("src/test_util.rs"));
        assert!(is_test_path("src/test_keys.rs"));
        assert!(is_test_path("server/testkit/src/lib.rs"));
        assert!(is_test_path("integration/rust/src/setup.rs"));
        assert!(!is_test_path("src/integration/slack.rs"));
        assert!(is_test_path("crates/db/src/test_utils/mod.rs"));
        let text = "fn a() { x(); }\nmod test_util { fn h() { y(); } }\n";
        let f: syn::File = syn::parse_str(text).unwrap();
        let m = CodeMap::of(&f, &SpanMap::new(text, 0), "src/lib.rs");
        assert!(!m.in_test(text.find("x()").unwrap()));
        assert!(m.in_test(text.find("y()").unwrap()));
        let text =
            "fn a() {\n    x();\n    #[cfg(feature = \"e2e_tests\")]\n    if on { y(); }\n}\n";
        let f: syn::File = syn::parse_str(text).unwrap();
        let m = CodeMap::of(&f, &SpanMap::new(text, 0), "src/lib.rs");
        assert!(!m.in_test(text.find("x()").unwrap()));
        assert!(m.in_test(text.find("y()").unwrap()));
    }
}
