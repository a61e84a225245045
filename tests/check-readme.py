"""Runs the shell commands of README.md as a reader would: every line of its
```sh blocks (continuations joined, comments dropped, `a && b` split) and each
```python block, from a
scratch copy of the checkout whose `build` is the build being tested and whose
`../shared/data` is the shared data when there is any.  A command fails the
test when it exits non-zero.  NOT_RUN declares the commands it does not run and
why; commands that read ../shared/data are skipped, and reported, when it is
missing -- then the test exits 77 (SKIP) after running the rest.
usage: check-readme.py README SOURCE_DIR BUILD_DIR SHARED_DATA_DIR"""
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

NOT_RUN = {
    "bash .ci/deps": "installs Debian packages (root or sudo); this test runs after it",
    "meson setup build": "configures the build this test runs in",
    "meson compile -C build": "builds the tree this test runs in",
    "meson test -C build --print-errorlogs": "the test suite this test is part of",
    "cc -o prog prog.c $(pkg-config --cflags --libs yigongti)":
        "needs the reader's prog.c and an installed library: the install-consumer test builds one that way",
}
# commands that read ../shared/data without naming it (the ICD dictionaries by default)
IMPLICIT_SHARED = re.compile(r"-m yigongti dip settle ")
BENCHMARK = re.compile(r"^meson test -C build --benchmark ")  # minutes each; `meson test --benchmark` runs them


def commands(readme):
    """The commands of the README's ```sh blocks, in order, then each ```python block as one
    command run by /usr/bin/python3 with the checkout's binding."""
    for block in re.findall(r"```sh\n(.*?)```", readme, re.S):
        for line in block.replace("\\\n", " ").splitlines():
            line = re.sub(r"\s+#.*$", "", line).strip()
            if line and not line.startswith("#"):
                yield from (part.strip() for part in line.split(" && "))
    for block in re.findall(r"```python\n(.*?)```", readme, re.S):
        yield "PYTHONPATH=bindings/python /usr/bin/python3 -c %s" % shlex.quote(block)


def sandbox(source, build, shared):
    """A directory tree where the README's relative paths mean what they say; returns its checkout."""
    root = Path(tempfile.mkdtemp(prefix="ygt-readme-"))
    work = root / "checkout"
    work.mkdir()
    for entry in source.iterdir():
        if entry.name in ("bindings", ".git") or entry.name.startswith(("build", ".mesonpy")):
            continue
        (work / entry.name).symlink_to(entry)
    # a copy, so that the binding's own search finds this build, not the source's build/
    shutil.copytree(source / "bindings", work / "bindings", ignore=shutil.ignore_patterns("__pycache__", "build"))
    (work / "build").symlink_to(build)
    if shared.is_dir():
        (root / "shared").mkdir()
        (root / "shared" / "data").symlink_to(shared)
    return root, work


def main(readme_path, source, build, shared):
    source, build, shared = Path(source).resolve(), Path(build).resolve(), Path(shared).resolve()
    root, work = sandbox(source, build, shared)
    env = {k: v for k, v in os.environ.items()
           if k not in ("YIGONGTI_LIBRARY", "PYTHONPATH", "LUA_CPATH", "LUA_PATH", "YGT_SHARED_DATA")}
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    failed, skipped, ran = [], [], 0
    try:
        for cmd in commands(Path(readme_path).read_text(encoding="utf-8")):
            reason = NOT_RUN.get(cmd) or ("a benchmark (minutes): run by `meson test --benchmark`"
                                          if BENCHMARK.match(cmd) else None)
            needs_shared = "../shared/data" in cmd or IMPLICIT_SHARED.search(cmd)
            if reason is None and needs_shared and not shared.is_dir():
                reason = "needs ../shared/data, which is missing (%s)" % shared
            if reason:
                skipped.append((cmd, reason))
                continue
            ran += 1
            run = subprocess.run(["bash", "-c", cmd], cwd=work, env=env, capture_output=True, text=True,
                                 timeout=900)
            status = "ok" if run.returncode == 0 else "FAILED (exit %d)" % run.returncode
            print("%s: %s" % (status, cmd.splitlines()[0]))
            if run.returncode != 0:
                failed.append(cmd)
                print("  " + (run.stderr.strip() or run.stdout.strip()).replace("\n", "\n  "))
    finally:
        shutil.rmtree(root)
    for cmd, reason in skipped:
        print("not run: %s\n  (%s)" % (cmd, reason))
    print("%d README command(s) run, %d failed, %d not run" % (ran, len(failed), len(skipped)))
    if failed:
        return 1
    return 77 if any("missing" in reason for _, reason in skipped) else 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:5]))
