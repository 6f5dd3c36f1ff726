#!/usr/bin/env python3
"""The titles.tsv that gen_corpus.py would write for --docs N, without writing the documents.

usage: titles.py GEN_CORPUS_PY OUT.tsv N
"""
import os, random, sys

gen, out, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
sys.path.insert(0, os.path.dirname(os.path.abspath(gen)))
import gen_corpus  # noqa: E402

r = random.Random(1)
with open(out, "w", encoding="utf-8") as f:
    for i in range(n):
        title, _ = gen_corpus.doc(r, i)
        f.write(f"{i // 1000:03d}/doc_{i:06d}.txt\t{title}\n")
