"""A tree the transformer finds nothing to change in compiles the same."""

import ast


class CallCounter(ast.NodeTransformer):
    def visit_Call(self, node):
        self.generic_visit(node)
        return ast.Call(
            func=ast.Name(id="record", ctx=ast.Load()),
            args=[node],
            keywords=[],
        )


def run(source):
    tree = CallCounter().visit(ast.parse(source))
    code = compile(tree, "<instrumented>", "exec")
    namespace = {"record": lambda value: value}
    exec(code, namespace)
    return namespace["x"]


print(run("x = 1 + 2"))
