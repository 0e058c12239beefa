//! Severity is a promise: an error is code that fails or is wrong at run time, a warning a
//! real cost or a trap. Rules whose findings differ in that respect raise the ones that are
//! always wrong to errors; these tests pin which is which (fixtures check only the codes).

use pyexpert::diagnostic::Severity;
use pyexpert::version::PythonVersion;
use pyexpert::{Linter, RuleSet};

/// The severity of each finding of `code` in `source`, by line (1-based).
fn severities(code: &str, source: &str) -> Vec<(u32, Severity)> {
    let linter = Linter::new(RuleSet::default_set().with_rule(code), false)
        .with_target_version(PythonVersion::LATEST);
    let report = linter.lint_bytes(source.as_bytes(), "src/shop/module.py".to_string());
    report
        .diagnostics
        .iter()
        .filter(|d| d.code() == code)
        .map(|d| (d.start.line, d.severity))
        .collect()
}

#[test]
fn ctypes_results_always_misread_are_errors_values_passed_on_and_wide_values_warnings() {
    // A Windows handle (line 12) fits the C int: no finding at all.
    let source = "\
import ctypes
libc = ctypes.CDLL('libc.so.6')
kernel32 = ctypes.WinDLL('kernel32')
def f(n, text, path):
    a = libc.malloc(n)
    b = libc.cbrt(ctypes.c_double(2.0))
    c = ctypes.string_at(libc.describe(n))
    d = kernel32.GetFileAttributesW(path) == 0xFFFFFFFF
    e = libc.make_context()
    libc.use_context(e)
    g = libc.strlen(text)
    h = kernel32.GetStdHandle(-11)
    return a, b, c, d, g, h
";
    assert_eq!(
        severities("PX0401", source),
        [
            (5, Severity::Error),
            (6, Severity::Error),
            (7, Severity::Error),
            (8, Severity::Error),
            (9, Severity::Warning),
            (11, Severity::Warning),
        ]
    );
}

#[test]
fn a_context_var_that_leaves_the_function_is_an_error_a_private_one_a_warning() {
    let source = "\
from contextvars import ContextVar
def make(name):
    return ContextVar(name)
def private(value):
    var = ContextVar('private')
    var.set(value)
    return var.get()
";
    assert_eq!(
        severities("PX1501", source),
        [(3, Severity::Error), (5, Severity::Warning)]
    );
}

#[test]
fn returning_the_not_implemented_error_class_is_an_error_raising_a_warning() {
    let source = "\
class Money:
    def __eq__(self, other):
        if not isinstance(other, Money):
            return NotImplementedError
        return True
    def __add__(self, other):
        if not isinstance(other, Money):
            raise NotImplementedError('Money only')
        return self
";
    assert_eq!(
        severities("PX0302", source),
        [(4, Severity::Error), (8, Severity::Warning)]
    );
}

#[test]
fn a_list_of_constants_is_advice_a_named_list_and_a_dedupe_are_warnings() {
    let source = "\
def f(tokens: list[str], allowed_ids: list[str]):
    allowed = list(allowed_ids)
    seen = []
    for token in tokens:
        if token in ['yes', 'y', 'true', 'on', '1']:
            pass
        if token in allowed:
            pass
        if token not in seen:
            seen.append(token)
    return seen
";
    assert_eq!(
        severities("PX0701", source),
        [
            (5, Severity::Advice),
            (7, Severity::Warning),
            (9, Severity::Warning),
        ]
    );
}

#[test]
fn a_method_cache_on_unhashable_instances_is_an_error_on_others_a_warning() {
    let source = "\
import functools
from dataclasses import dataclass
@dataclass
class Schema:
    name: str
    @functools.lru_cache(maxsize=None)
    def resolve(self, ref):
        return ref
class Pool:
    @functools.cache
    def size(self):
        return 1
@dataclass(frozen=True)
class Version:
    major: int
    @functools.lru_cache(maxsize=64)
    def parts(self):
        return (self.major,)
    @functools.cache
    def text(self):
        return str(self.major)
";
    assert_eq!(
        severities("PX0705", source),
        [
            (6, Severity::Error),
            (10, Severity::Warning),
            (19, Severity::Warning),
        ]
    );
}
