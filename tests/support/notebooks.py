"""Writes the test notebooks with the real nbformat (pip install nbformat).

Usage: python3 notebooks.py OUTDIR

Every notebook holds the same cells (markdown, raw, empty and whitespace-only code cells,
IPython magics, shell escapes, cell magics, outputs of every kind, non-ASCII text) in a
different shape: nbformat 4.5 with cell ids, 4.4 without, sources as strings instead of
lists of lines, CRLF line breaks between the JSON tokens, another kernel's language.
"""

import base64
import sys
from pathlib import Path

import nbformat
from nbformat import v4

# One-pixel PNG: a display_data output with binary data.
PIXEL = base64.b64encode(
    bytes.fromhex(
        "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
        "1f15c4890000000d49444154789c6360f8cf000000030101008c3d4c"
        "ee0000000049454e44ae426082"
    )
).decode()


def cells():
    """The cells; comments say where each finding lands (cell number: line: column)."""
    return [
        v4.new_markdown_cell("# Données de capteurs\n\nLoops over NumPy arrays, the lesson's Q07."),
        # cell 2
        v4.new_code_cell(
            "%matplotlib inline\nimport numpy as np\n!pip install --quiet numpy\nnp.zeros?",
            execution_count=1,
            outputs=[v4.new_output("stream", name="stdout", text="Requirement already satisfied\n")],
        ),
        # cell 3: empty; cell 4: only whitespace
        v4.new_code_cell(""),
        v4.new_code_cell("\n   \n"),
        # cell 5: PX0707 at 3:1, PX0701 at 5:8
        v4.new_code_cell(
            "readings = np.random.rand(1000)\ntotal = 0.0\nfor i in range(len(readings)):\n    total += readings[i]\n    if i in [10, 20, 30, 40, 50]:\n        print(i, 'é')",
            execution_count=2,
            outputs=[
                v4.new_output("execute_result", data={"text/plain": "42.0"}, execution_count=2),
                v4.new_output("display_data", data={"image/png": PIXEL, "text/plain": "<Figure>"}),
            ],
        ),
        v4.new_raw_cell("raw text: for x in y: not Python"),
        # cell 7: a cell magic whose body is Python (PX0702 at 5:9), with an error output
        v4.new_code_cell(
            "%%timeit -n 1\ndef join(names):\n    label = ''\n    for name in names:\n        label = label + name + ','\n    return label\njoin(['a', 'b'])",
            outputs=[v4.new_output("error", ename="KeyboardInterrupt", evalue="", traceback=["..."])],
        ),
        # cell 8: a cell magic in another language: never Python
        v4.new_code_cell("%%bash\nfor f in *.csv; do echo $f; done"),
        # cell 9: an assignment from a shell escape, then a name from cell 5 (no finding)
        v4.new_code_cell("files = !ls *.csv\nprint(len(files), total)"),
    ]


def notebook(minor=5, language="python"):
    nb = v4.new_notebook(nbformat_minor=minor)
    nb.cells = cells()
    if minor < 5:
        for cell in nb.cells:
            cell.pop("id", None)
    nb.metadata = {
        "kernelspec": {"name": "python3" if language == "python" else "ir", "display_name": language, "language": language},
        "language_info": {"name": language},
    }
    nbformat.validate(nb)
    return nb


def main(out):
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    nbformat.write(notebook(5), out / "v45.ipynb")
    nbformat.write(notebook(4), out / "v44.ipynb")
    # Sources as single strings: the other layout nbformat reads.
    (out / "strings.ipynb").write_text(v4.writes(notebook(5), split_lines=False), encoding="utf-8")
    # CRLF between the JSON tokens (inside strings line breaks are escaped, so only the
    # file's own layout changes).
    text = (out / "v45.ipynb").read_text(encoding="utf-8")
    (out / "crlf.ipynb").write_bytes(text.replace("\n", "\r\n").encode("utf-8"))
    nbformat.write(notebook(5, language="R"), out / "r_kernel.ipynb")
    broken = notebook(5)
    broken.cells[4].source = "def oops(:\n    pass"
    nbformat.write(broken, out / "syntax_error.ipynb")
    print(nbformat.__version__)


if __name__ == "__main__":
    main(sys.argv[1])
