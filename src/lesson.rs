//! The lesson's 21 questions, by number, with the short titles diagnostics cite.

/// One question of the lesson. Every rule points back to exactly one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Question(u8);

const TITLES: [&str; 21] = [
    "import system",
    "coroutines and generators",
    "the data model",
    "C extensions and their alternatives",
    "Pydantic",
    "design patterns",
    "profiling and optimisation",
    "__init_subclass__",
    "structural pattern matching",
    "Protocol and structural subtyping",
    "TypeVar, Generic and variance",
    "bytecode, compile and exec",
    "new features 3.10-3.13",
    "dataclasses, attrs and Pydantic",
    "ContextVar",
    "multiprocessing.Pool",
    "the ast module",
    "__new__ and __init__",
    "packaging",
    "architecture of large codebases",
    "free-threaded CPython",
];

/// What each question advises, in pyexpert's words: the background a finding refers to.
const SUMMARIES: [&str; 21] = [
    "`import` consults the `sys.modules` cache first, then asks each finder on `sys.meta_path` for a module spec; a loader then executes the module's code once. Editing `sys.path` at run time or reloading modules makes imports depend on the order code runs in; declare packages properly instead. Custom importers implement `find_spec`/`exec_module`, and `__all__` lists what `from pkg import *` exports, so every name in it must exist.",
    "Generators produce values lazily with `yield`; native coroutines (`async def`) suspend at `await` while the event loop runs other work. A coroutine does nothing until awaited or scheduled, a blocking call inside one stalls the whole loop, the loop keeps only weak references to tasks, and `__await__` must return an iterator.",
    "Operators and built-ins call dunder methods. Binary operators should `return NotImplemented` for operands they do not handle so Python can try the reflected method; in-place operators must return the result; `__exit__` returning true swallows the exception; an iterator needs both `__iter__` and `__next__`.",
    "Performance-critical code can move to C, but Cython, pybind11/nanobind, ctypes/cffi and Numba are often simpler. When calling a shared library through ctypes, declare each function's `restype` and `argtypes`: the default return type is a C `int`, which truncates pointers and mangles doubles.",
    "Pydantic validates and coerces data using type annotations. Version 2 (its core written in Rust) renamed the API: `field_validator`/`model_validator` replace `validator`/`root_validator`, `model_config` replaces the inner `Config`, `model_dump()`/`model_validate()` replace `.dict()`/`.parse_obj()`. Validators must return the value, and the decorator order matters.",
    "Patterns in Python are lighter than in Java: a module is already a singleton, callables make strategies, an event bus is a dict of lists. A singleton written in `__new__` still runs `__init__` on every call, and mutable class attributes are shared by every instance.",
    "Measure before optimising (`timeit`, `cProfile`, line profilers), then fix what dominates: sets instead of lists for membership, `str.join` instead of `+=` in loops, `collections.deque` for queues, generators for single-pass data, caching for repeated pure computation, and vectorised NumPy instead of Python loops over arrays.",
    "`__init_subclass__` runs on the parent whenever a subclass is defined: a lighter way than a metaclass to register or validate subclasses. It must pass `**kwargs` up to `super().__init_subclass__()` so cooperative hierarchies keep working. Keep metaclasses for changing the class itself.",
    "`match`/`case` (3.10+) matches structure: sequences, mappings, class patterns via `__match_args__`, guards and the `_` wildcard. A bare name in a pattern captures rather than compares, so constants must be dotted names (`Color.RED`); long `isinstance` or `==` chains on one subject often read better as a `match`.",
    "`typing.Protocol` gives structural subtyping: a class matches a protocol by having the right methods, without inheriting from it. Type checkers use this statically; `isinstance` checks against a protocol need `@runtime_checkable`, and even then only check that the methods exist.",
    "`TypeVar` and `Generic` make reusable typed containers and functions. Covariant type variables suit producers (return types), contravariant ones consumers (parameters); `ParamSpec` types decorators, which should use `functools.wraps`. From 3.12, `class Stack[T]`, `def f[T]` and `type X = ...` replace the explicit TypeVar boilerplate.",
    "CPython compiles source to bytecode for a stack-based virtual machine; `dis` shows it, code objects expose constants and names, and `.pyc` files cache it. `compile`, `exec` and `eval` run arbitrary code: never feed them untrusted strings, and use `ast.literal_eval` to read data.",
    "Recent releases added `match` and `X | Y` unions (3.10), `tomllib`, `TaskGroup` and exception groups (3.11), type parameter syntax and `itertools.batched` (3.12), and an experimental free-threaded build (3.13). Newer spellings are shorter and clearer once the project's minimum version allows them.",
    "dataclasses generate boilerplate but neither validate nor convert; attrs adds validators, converters and slots; Pydantic validates and coerces external data. Mutable defaults need `field(default_factory=...)`, and passing a string where a dataclass field says `int` is silently accepted.",
    "`contextvars.ContextVar` holds per-task state in async code (each task runs in a copy of the context), where `threading.local` would be shared by every task on the loop's thread. Create context variables once at module level, reset them in `finally`, and never use a mutable default.",
    "A process pool runs CPU-bound work on all cores. Start it under `if __name__ == \"__main__\":` (spawn and forkserver re-import the main module), pass module-level functions (lambdas and closures cannot be pickled), create the pool once rather than per item, close it (a `with` block does), and give `.get()` a timeout.",
    "The `ast` module parses source into a tree that `NodeVisitor` walks and `NodeTransformer` rewrites. A transformer's `visit_*` method must return the node (returning nothing deletes it), must call `generic_visit` to reach children, and new nodes need `fix_missing_locations` before `compile`.",
    "`__new__` creates the instance and `__init__` initialises it; `__init__` runs only when `__new__` returns an instance of the class. Immutable types (`int`, `str`, `tuple`) take their value in `__new__`, `object.__new__` accepts no extra arguments, and a `__new__` without `return` gives `None`.",
    "`pyproject.toml` (PEP 517/518/621) replaces `setup.py` as the single place for build system, metadata and tool configuration; state `requires-python` so installers and tools know the supported versions. Tools such as uv, hatch and ruff build on it.",
    "Large codebases stay maintainable with layers: a framework-free domain, infrastructure that implements the domain's protocols, and a thin API layer. Dependencies point inwards, so the domain never imports web frameworks, ORMs or the outer layers, and type hints document every public interface.",
    "The free-threaded build of CPython (3.13+, PEP 703) runs threads truly in parallel without the GIL. Code that relied on the GIL to make unsynchronised updates of shared state look atomic now races for real: guard shared mutable state with locks.",
];

impl Question {
    /// The question numbered `number` (1-21).
    ///
    /// # Panics
    /// On a number outside 1-21: rule tables are static, so this is a programming error.
    pub const fn new(number: u8) -> Self {
        assert!(
            number >= 1 && number <= 21,
            "the lesson has questions 1 to 21"
        );
        Question(number)
    }

    /// Parses `7`, `07`, `Q7` or `q07`.
    pub fn parse(text: &str) -> Option<Self> {
        let digits = text.strip_prefix(['Q', 'q']).unwrap_or(text);
        let number: u8 = digits.parse().ok()?;
        (1..=21).contains(&number).then_some(Question(number))
    }

    pub fn all() -> impl Iterator<Item = Question> {
        (1..=21).map(Question)
    }

    pub const fn number(self) -> u8 {
        self.0
    }

    pub fn title(self) -> &'static str {
        TITLES[usize::from(self.0) - 1]
    }

    /// The question's advice in brief (for `pyexpert explain`).
    pub fn summary(self) -> &'static str {
        SUMMARIES[usize::from(self.0) - 1]
    }

    /// `Q07`, the form used in messages and tables.
    pub fn label(self) -> String {
        format!("Q{:02}", self.0)
    }
}

impl std::fmt::Display for Question {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Q{:02} · {}", self.0, self.title())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_usual_spellings() {
        assert_eq!(Question::parse("7"), Some(Question::new(7)));
        assert_eq!(Question::parse("Q07"), Some(Question::new(7)));
        assert_eq!(Question::parse("q21"), Some(Question::new(21)));
        assert_eq!(Question::parse("22"), None);
        assert_eq!(Question::parse("0"), None);
        assert_eq!(Question::parse("Q"), None);
    }

    #[test]
    fn displays_number_and_title() {
        assert_eq!(
            Question::new(7).to_string(),
            "Q07 · profiling and optimisation"
        );
        assert_eq!(Question::new(16).title(), "multiprocessing.Pool");
    }
}
