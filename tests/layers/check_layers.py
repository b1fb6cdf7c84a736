#!/usr/bin/env python3
"""The layering holds: two checks, run by tests/run.sh.

1. Over the tree: every `#include "kith/<layer>/..."` in src/kith/<layer>/ names
   a layer that the including layer's CMake target links (directly or through
   what it links). The links are read from CMake itself (`cmake --graphviz`),
   not from a list kept here, so the check cannot drift from the build.
   Relative includes ("../store/x.hpp") are refused outright: they would walk
   around the include roots.
2. In a scratch copy: adding an include that crosses a layer makes the
   compilation of that layer's file fail ("No such file"), while the same
   file without the added line compiles with the same command. This proves
   the build enforces the layering rather than merely agreeing with it.
   graph stands alone: its target links no kith library (checked on the
   link graph), and even core's headers are out of its reach.

Usage: check_layers.py BUILD_DIR   (a configured build with compile_commands.json)
Prints one line per finding and "N passed, N failed"; exits 1 on any failure.
"""
import json
import os
import re
import shlex
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
LAYERS = ["core", "model", "graph", "store", "exchange", "analysis", "measures", "domain", "api", "cli"]
INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"')

# Crossings the scratch build must refuse: (file of the lower layer, header of a layer it must not see).
CROSSINGS = [
    ("src/kith/graph/graph.cpp", "kith/store/store.hpp"),
    ("src/kith/graph/graph.cpp", "kith/model/schema.hpp"),
    ("src/kith/graph/graph.cpp", "kith/core/assert.hpp"),
    ("src/kith/model/schema.cpp", "kith/store/store.hpp"),
    ("src/kith/store/store.cpp", "kith/analysis/network.hpp"),
    ("src/kith/exchange/csv.cpp", "kith/domain/register.hpp"),
    ("src/kith/analysis/network.cpp", "kith/api/handlers.hpp"),
    ("src/kith/domain/register.cpp", "kith/analysis/network.hpp"),
    ("src/kith/core/ids.cpp", "kith/graph/graph.hpp"),
    ("src/kith/measures/score.cpp", "kith/model/schema.hpp"),
    ("src/kith/measures/scale.cpp", "kith/store/store.hpp"),
]
# Layers whose target links no other kith library at all.
STANDALONE = ["graph"]


def target_links(build):
    """Layer -> set of layers its target links, transitively, from cmake --graphviz."""
    dot = os.path.join(tempfile.mkdtemp(prefix="kith-layers-"), "deps.dot")
    subprocess.run(["cmake", "--graphviz=" + dot, "."], cwd=build, check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    label, edges = {}, {}
    for line in open(dot, encoding="utf-8"):
        m = re.match(r'\s*"(node\d+)"\s*\[\s*label\s*=\s*"([^"]+)"', line)
        if m:
            label[m.group(1)] = m.group(2)
            continue
        m = re.match(r'\s*"(node\d+)"\s*->\s*"(node\d+)"', line)
        if m:
            edges.setdefault(m.group(1), set()).add(m.group(2))
    direct = {}
    for node, name in label.items():
        if name.startswith("kith_") and name[5:] in LAYERS:
            direct[name[5:]] = {label[t][5:] for t in edges.get(node, ()) if label.get(t, "").startswith("kith_")
                                and label[t][5:] in LAYERS}
    missing = [l for l in LAYERS if l not in direct]
    if missing:
        sys.exit("check_layers: CMake has no target for layer(s) %s" % ", ".join(missing))
    closed = {}
    for layer in LAYERS:
        seen, todo = set(), list(direct[layer])
        while todo:
            t = todo.pop()
            if t not in seen:
                seen.add(t)
                todo.extend(direct[t])
        closed[layer] = seen | {layer}
    return closed


def tree_check(links):
    failures, checked = [], 0
    for layer in STANDALONE:
        if links[layer] != {layer}:
            failures.append("kith_%s links %s, but it must link no kith library"
                            % (layer, ", ".join("kith_" + l for l in sorted(links[layer] - {layer}))))
    for layer in LAYERS:
        base = os.path.join(ROOT, "src", "kith", layer)
        for dirpath, _, files in os.walk(base):
            for f in files:
                if not f.endswith((".cpp", ".hpp")):
                    continue
                path = os.path.join(dirpath, f)
                rel = os.path.relpath(path, ROOT)
                for n, line in enumerate(open(path, encoding="utf-8"), 1):
                    m = INCLUDE.match(line)
                    if not m:
                        continue
                    inc = m.group(1)
                    checked += 1
                    if ".." in inc.split("/"):
                        failures.append("%s:%d: relative include %s walks around the layer roots" % (rel, n, inc))
                        continue
                    parts = inc.split("/")
                    if parts[0] != "kith" or len(parts) < 3:
                        continue
                    if parts[1] not in LAYERS:
                        failures.append("%s:%d: %s is in no layer" % (rel, n, inc))
                    elif parts[1] not in links[layer]:
                        failures.append("%s:%d: %s includes %s, but kith_%s does not link kith_%s"
                                        % (rel, n, layer, inc, layer, parts[1]))
    return checked, failures


def compile_command(build, source):
    db = json.load(open(os.path.join(build, "compile_commands.json"), encoding="utf-8"))
    want = os.path.realpath(os.path.join(ROOT, source))
    for entry in db:
        if os.path.realpath(entry["file"]) == want:
            return entry["directory"], shlex.split(entry["command"])
    # A unity build lists only its batch files (unity_N_cxx.cxx, each including
    # its sources by absolute path): the batch that includes `source` has the
    # flags of the source's target; compile the source in the batch's place.
    for entry in db:
        if os.path.basename(entry["file"]).startswith("unity_") and os.path.isfile(entry["file"]):
            batch = open(entry["file"], encoding="utf-8").read()
            if '"%s"' % want in batch:
                argv = [want if os.path.realpath(os.path.join(entry["directory"], a)) == os.path.realpath(entry["file"])
                        else a for a in shlex.split(entry["command"])]
                return entry["directory"], argv
    sys.exit("check_layers: %s is not in compile_commands.json; configure %s first" % (source, build))


def compiles(directory, argv, source, scratch):
    args = []
    skip = False
    for a in argv:
        if skip:
            skip = False
            continue
        if a == "-o":
            skip = True
            continue
        if a == "-c":
            continue
        if os.path.realpath(os.path.join(directory, a)) == os.path.realpath(os.path.join(ROOT, source)):
            a = scratch
        args.append(a)
    args += ["-fsyntax-only"]
    r = subprocess.run(args, cwd=directory, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    return r.returncode == 0, r.stdout


def scratch_check(build):
    failures, passed = [], 0
    scratch_dir = tempfile.mkdtemp(prefix="kith-layers-scratch-")
    for source, header in CROSSINGS:
        directory, argv = compile_command(build, source)
        text = open(os.path.join(ROOT, source), encoding="utf-8").read()
        clean = os.path.join(scratch_dir, "clean_" + os.path.basename(source))
        crossing = os.path.join(scratch_dir, "crossing_" + os.path.basename(source))
        open(clean, "w", encoding="utf-8").write(text)
        open(crossing, "w", encoding="utf-8").write('#include "%s"\n' % header + text)
        ok, out = compiles(directory, argv, source, clean)
        if not ok:
            failures.append("%s: the unchanged copy does not compile, so the check proves nothing:\n%s" % (source, out[-2000:]))
            continue
        ok, out = compiles(directory, argv, source, crossing)
        if ok:
            failures.append("%s: compiled although it includes %s (a layer it must not see)" % (source, header))
        elif header not in out or "No such file" not in out:
            failures.append("%s: failed, but not because %s is unreachable:\n%s" % (source, header, out[-2000:]))
        else:
            passed += 1
            print("ok: %s cannot include %s" % (source, header))
    return passed, failures


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    build = os.path.abspath(sys.argv[1])
    links = target_links(build)
    checked, tree_failures = tree_check(links)
    print("tree: %d includes checked against the CMake link graph" % checked)
    passed, scratch_failures = scratch_check(build)
    failures = tree_failures + scratch_failures
    for f in failures:
        print("FAIL: " + f)
    print("%d passed, %d failed" % ((1 if not tree_failures else 0) + passed, len(failures)))
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
