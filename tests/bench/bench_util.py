"""Shared by the Python benchmarks: CPU time of child processes (user + system, the figure a shared machine
does not inflate), medians, and a skip that names what is missing."""
import os
import statistics
import subprocess
import sys

SKIP = 77  # meson's exit status for a skipped test


def skip(what):
    print("SKIP: missing %s" % what)
    sys.exit(SKIP)


def cpu_ms(cmd, env=None):
    """CPU time of one run of cmd in milliseconds; raises when it fails."""
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    err = proc.stderr.read().decode(errors="replace")
    proc.stderr.close()
    if status:
        raise RuntimeError("%s failed: %s" % (" ".join(cmd), err))
    return (usage.ru_utime + usage.ru_stime) * 1000


def medians(commands, runs, env=None):
    """{name: median CPU ms} of each command, run in turn (so a busy moment of the machine hits all)."""
    times = {name: [] for name in commands}
    for _ in range(runs):
        for name, cmd in commands.items():
            times[name].append(cpu_ms(cmd, env))
    return {name: statistics.median(t) for name, t in times.items()}


def warm_env(cache_dir):
    """The environment with bytecode cached in cache_dir, as an installed package has it (meson and pip
    install .pyc files), instead of PYTHONDONTWRITEBYTECODE's compile on every start."""
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(cache_dir)
    return env
