#!/usr/bin/env python3
"""What a sequential-assignments agent answers, by kind of variable (docs/questions.md).

Usage: scripts/sequential_assignments_probe.py MODEL [CONTEXTS] [SIZE]
  MODEL: a run directory or checkpoint (ida ask --model); CONTEXTS sampled contexts
  (default 150, seeds 1..CONTEXTS) of SIZE variables (default 3).

Asks A (ida ask, no search) the value of every variable of each context and counts right
answers for givens, and for defined variables by their depth and the number of f entries
in the context; a wrong answer to a defined variable is classed "another f entry's value"
when it is the result of an f entry other than the variable's own. An agent that picks an
f entry without linking the variable to its arguments is right about 1/k of the time with
k entries, and its wrong answers are all other entries' values.
"""
import collections
import os
import subprocess
import sys
import tempfile

IDA = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "build", "ida")
TASK = "sequential_assignments"


def run(*args):
    return subprocess.run([IDA, *args], check=True, capture_output=True, text=True).stdout


def probe(model, contexts, size):
    counts = collections.Counter()
    with tempfile.TemporaryDirectory() as tmp:
        context_file, question_file = os.path.join(tmp, "ctx"), os.path.join(tmp, "q")
        for seed in range(1, contexts + 1):
            text = run("sample", "--task", TASK, "--size", str(size), "--seed", str(seed),
                       "--questions", "0")
            facts = [line.split() for line in text.splitlines() if line and line[0] != "#"]
            given = {f[0]: int(f[1]) for f in facts if len(f) == 2}
            defined = {f[0]: (f[1], f[2]) for f in facts if len(f) == 3}
            fn = {(int(f[1]), int(f[2])): int(f[3]) for f in facts if f[0] == "fn"}
            value, depth = dict(given), {x: 0 for x in given}

            def resolve(x):
                if x not in value:
                    y, z = defined[x]
                    value[x] = fn[(resolve(y), resolve(z))]
                    depth[x] = 1 + max(depth[y], depth[z])
                return value[x]

            for x in defined:
                resolve(x)
            with open(context_file, "w") as f:
                f.write(text)
            with open(question_file, "w") as f:
                f.write("".join(f"value {x}\n" for x in list(given) + list(defined)))
            answers = run("ask", "--task", TASK, "--context", context_file, "--questions",
                          question_file, "--model", model)
            for line in answers.splitlines():
                question, a, _, truth = line.split("\t")
                x = question.split()[1]
                if x in given:
                    kind = "given"
                else:
                    own = (value[defined[x][0]], value[defined[x][1]])
                    kind = f"defined, depth {depth[x]}, {len(fn)} f entries"
                    if a != truth and a.isdigit():
                        others = {c for k, c in fn.items() if k != own}
                        counts[(kind, "wrong: another f entry's value" if int(a) in others
                                else "wrong: no entry's value")] += 1
                counts[(kind, "asked")] += 1
                counts[(kind, "right")] += a == truth
    return counts


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    model = sys.argv[1]
    contexts = int(sys.argv[2]) if len(sys.argv) > 2 else 150
    size = int(sys.argv[3]) if len(sys.argv) > 3 else 3
    counts = probe(model, contexts, size)
    kinds = sorted({kind for kind, _ in counts}, key=lambda k: (k != "given", k))
    for kind in kinds:
        asked = counts[(kind, "asked")]
        line = f"{kind}: {counts[(kind, 'right')]}/{asked} right"
        for what in ("wrong: another f entry's value", "wrong: no entry's value"):
            if counts[(kind, what)]:
                line += f", {counts[(kind, what)]} {what}"
        print(line)


if __name__ == "__main__":
    main()
