"""Nodes built without locations made `compile` raise; after the fix the tree compiles."""

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
    calls = []
    namespace = {"record": lambda value: calls.append(value) or value}
    exec(code, namespace)
    return namespace["x"], calls


try:
    print(run("x = abs(-3) + len('ab')"))
except TypeError as error:
    print("TypeError:", error)
