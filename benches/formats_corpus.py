#!/usr/bin/env python3
"""The benchmark corpus of gen_corpus.py, written again as HTML pages and as DOCX.

usage: formats_corpus.py TXT_DIR HTML_DIR DOCX_DIR

Every TXT_DIR/**/NAME.txt becomes HTML_DIR/**/NAME.html (with the page furniture of the
test fixtures) and DOCX_DIR/**/NAME.docx (Unicode runs), by the functions of
tests/fixtures/formats/make.py.
"""
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "tests", "fixtures", "formats"))
import make  # noqa: E402


def main(src, html_dir, docx_dir):
    for folder, _, files in os.walk(src):
        rel = os.path.relpath(folder, src)
        for f in sorted(files):
            if not f.endswith(".txt"):
                continue
            with open(os.path.join(folder, f), encoding="utf-8") as fh:
                text = fh.read()
            name = f[:-4]
            for d in (html_dir, docx_dir):
                os.makedirs(os.path.join(d, rel), exist_ok=True)
            page = os.path.join(html_dir, rel, name)
            make_html(page, text)
            docx(os.path.join(docx_dir, rel, name + ".docx"), text)


def make_html(base, text):
    """make.py writes under its own folder: its output helper is pointed here instead
    (the saved page's _files asset goes to /dev/null)."""
    name = os.path.basename(base)
    saved = make.out
    make.out = lambda kind, file, *rest: os.path.join(os.path.dirname(base), file) if not rest else os.devnull
    try:
        make.make_html(name, text)
    finally:
        make.out = saved


def docx(path, text):
    saved = make.out
    make.out = lambda p: p
    try:
        make.make_docx(path, text, "unicode")
    finally:
        make.out = saved


if __name__ == "__main__":
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    main(*sys.argv[1:])
