//! PX0201 blocking-call-in-async: a blocking call made directly in an `async def` body. The
//! event loop runs every task on one thread, so while `time.sleep`, a `requests` call or a
//! subprocess waits, no other task on the loop makes progress.

use rustpython_parser::ast::{Expr, ExprCall, Ranged, Stmt};
use rustpython_parser::text_size::TextRange;

use crate::diagnostic::Severity;
use crate::lesson::Question;
use crate::registry::RuleMeta;
use crate::role::Roles;
use crate::rule::{Rule, RuleContext};
use crate::semantic::ScopeKind;
use crate::visit::{Node, NodeKind};

pub struct BlockingCallInAsync;

static META: RuleMeta = RuleMeta {
    code: "PX0201",
    name: "blocking-call-in-async",
    severity: Severity::Warning,
    question: Some(Question::new(2)),
    opt_in: true,
    min_version: None,
    summary: "a blocking call (`time.sleep`, `requests`, `subprocess`, `open`...) directly in an `async def`",
    doc: include_str!("../../../rules/PX0201.md"),
    applies_to: Roles::SHIPPED_CODE,
};

/// What a blocking call waits for, to word the help.
#[derive(Clone, Copy)]
enum Blocking {
    Sleep,
    Http,
    Subprocess,
    Socket,
    File,
}

/// The blocking functions, by qualified name.
const BLOCKING: &[(&str, Blocking)] = &[
    ("time.sleep", Blocking::Sleep),
    ("requests.get", Blocking::Http),
    ("requests.post", Blocking::Http),
    ("requests.put", Blocking::Http),
    ("requests.patch", Blocking::Http),
    ("requests.delete", Blocking::Http),
    ("requests.head", Blocking::Http),
    ("requests.options", Blocking::Http),
    ("requests.request", Blocking::Http),
    ("requests.api.get", Blocking::Http),
    ("requests.api.post", Blocking::Http),
    ("requests.api.put", Blocking::Http),
    ("requests.api.patch", Blocking::Http),
    ("requests.api.delete", Blocking::Http),
    ("requests.api.head", Blocking::Http),
    ("requests.api.options", Blocking::Http),
    ("requests.api.request", Blocking::Http),
    ("urllib.request.urlopen", Blocking::Http),
    ("subprocess.run", Blocking::Subprocess),
    ("subprocess.call", Blocking::Subprocess),
    ("subprocess.check_call", Blocking::Subprocess),
    ("subprocess.check_output", Blocking::Subprocess),
    ("socket.create_connection", Blocking::Socket),
    ("builtins.open", Blocking::File),
];

impl Blocking {
    fn waits_for(self) -> &'static str {
        match self {
            Blocking::Sleep => "sleeps",
            Blocking::Http => "waits for the HTTP response",
            Blocking::Subprocess => "waits for the child process",
            Blocking::Socket => "waits for the connection",
            Blocking::File => "waits for the file system",
        }
    }

    fn help(self) -> &'static str {
        match self {
            Blocking::Sleep => "use `await asyncio.sleep(...)`, which suspends only this task",
            Blocking::Http => "use an async HTTP client (`httpx.AsyncClient`, `aiohttp`), or run the call in a worker thread with `await asyncio.to_thread(...)`",
            Blocking::Subprocess => "use `await asyncio.create_subprocess_exec(...)` and `await proc.communicate()`, or `await asyncio.to_thread(subprocess.run, ...)`",
            Blocking::Socket => "use `await asyncio.open_connection(host, port)`, or `await loop.sock_connect(...)` on a non-blocking socket",
            Blocking::File => "read or write the file in a worker thread (`await asyncio.to_thread(path.read_text)`), or use an async file library such as `aiofiles`",
        }
    }
}

impl Rule for BlockingCallInAsync {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn node_kinds(&self) -> &'static [NodeKind] {
        &[NodeKind::Call]
    }

    fn check_node<'a>(&self, node: Node<'a>, cx: &mut RuleContext<'_, 'a>) {
        let Node::Expr(Expr::Call(call)) = node else {
            return;
        };
        // Only code the coroutine itself runs: a nested `def` or lambda is a frame of its own
        // (often exactly the function handed to a worker thread).
        let ScopeKind::Function(function) = cx.ctx.frame().kind else {
            return;
        };
        if !function.is_async() {
            return;
        }
        let Some(name) = cx.model.qualified_name(&call.func, cx.ctx.scope()) else {
            return;
        };
        let Some(&(dotted, blocking)) = BLOCKING.iter().find(|(dotted, _)| name.is(dotted)) else {
            return;
        };
        if matches!(blocking, Blocking::File) && goes_to_async_file_wrapper(cx, call) {
            return;
        }
        // A coroutine the module only runs on a worker thread's own loop
        // (`asyncio.run(main())` in a `threading.Thread` target) blocks that loop alone.
        if cx.model.coroutine_runs_in_worker_loop(function) {
            return;
        }
        let shown = dotted.strip_prefix("builtins.").unwrap_or(dotted);
        cx.report(
            call.range,
            format!(
                "`{shown}()` blocks inside `async def {}`: the event loop's thread {} and no other task runs meanwhile",
                function.name(),
                blocking.waits_for(),
            ),
            blocking.help(),
        );
    }
}

/// Wrappers that make an open file's reads and writes run in a worker thread.
const ASYNC_FILE_WRAPPERS: &[&str] = &["anyio.wrap_file", "trio.wrap_file"];

/// `open()` whose file goes straight to an async file wrapper, directly
/// (`wrap_file(open(path))`) or through the name of its `with` block
/// (`with open(path) as f: async for line in wrap_file(f)`, `f` used no other way): every
/// read and write runs in a worker thread, and only opening the file is left on the loop,
/// as the wrapper intends.
fn goes_to_async_file_wrapper(cx: &RuleContext<'_, '_>, call: &ExprCall) -> bool {
    let model = cx.model;
    let scope = cx.ctx.scope();
    // `path` ends with a value; whether the expression around it wraps it as a file.
    let wrapped = |path: &[&Expr], value: TextRange| match path {
        [.., Expr::Call(outer), _] => {
            outer.args.iter().any(|arg| arg.range() == value)
                && model
                    .qualified_name(&outer.func, scope)
                    .is_some_and(|name| name.is_any(ASYNC_FILE_WRAPPERS))
        }
        _ => false,
    };
    if wrapped(cx.ctx.expressions(), call.range) {
        return true;
    }
    let items = match cx.ctx.statement() {
        Some(Stmt::With(with)) => &with.items,
        Some(Stmt::AsyncWith(with)) => &with.items,
        _ => return false,
    };
    let Some(Expr::Name(target)) = items
        .iter()
        .find(|item| item.context_expr.range() == call.range)
        .and_then(|item| item.optional_vars.as_deref())
    else {
        return false;
    };
    let Some(owner) = model.lookup(target.id.as_str(), scope) else {
        return false;
    };
    // Every use wraps it: a read of the plain file first would block on the loop.
    let mut uses = model.references_to(owner, target.id.as_str()).peekable();
    uses.peek().is_some()
        && uses.all(|reference| {
            crate::visit::expression_path(reference.statement, reference.range)
                .is_some_and(|path| wrapped(&path, reference.range))
        })
}
