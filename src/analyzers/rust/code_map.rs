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
            let t = list.tokens.to_string();
            t.split(|c: char| !c.is_alphanumeric() && c != '_')
                .any(|w| w == "test")
                && !t.contains("not")
        }
        _ => false,
    }
}

pub fn is_test_path(path: &str) -> bool {
    let mut parts = path.split('/');
    let name = parts.next_back().unwrap_or(path);
    path.split('/')
        .any(|p| p == "tests" || p == "benches" || p == "examples")
        || name == "tests.rs"
        || name == "test.rs"
        || name.ends_with("_tests.rs")
        || name.ends_with("_test.rs")
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
    }
}
