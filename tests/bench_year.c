/* Benchmark: the county year as build/examples/county_year runs it — the
 * year generated with its events, the year before as totals only
 * (ygt_county_generate_totals()), then paid, settled and scored — for Ninghai
 * (600,000 residents) and Zhuhai (2.41 M) at scale 1, each figure next to its
 * goal of issue 22.  Time is the process's CPU time (the machine is shared,
 * so wall time says little), the median of the runs; memory is the peak
 * resident set of a run, each run in a child process of its own.  Prints the
 * figures; never fails on speed.
 * `meson test -C build --benchmark --suite year -v`. */
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "year_fixture.h"

typedef struct workload {
  const char *bundle;
  int runs;
  double goal_s, goal_mb; /* issue 22 */
} workload;

typedef struct figures {
  double generate, before, run, cpu, peak_mb;
  size_t residents, events;
} figures;

static double cpu_now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static int fail(const char *what) {
  fprintf(stderr, "bench_year: %s: %s\n", what, ygt_error_last()->message);
  return 1;
}

/* One year in this process: the figures, CPU seconds from the start of generation. */
static int one_year(figures *f, const char *bundle) {
  year_bundle b;
  if (year_fixture_load(&b, bundle)) return fail("load the bundle");
  ygt_county_options o = year_fixture_options(&b, 1, 1), before = year_fixture_before(&b, 1, 1);
  ygt_county *county = NULL, *previous = NULL;
  ygt_year *year = NULL;
  double t0 = cpu_now();
  if (ygt_county_generate(&county, b.model, b.rules, b.casemix, &o)) return fail("generate");
  double t1 = cpu_now();
  if (ygt_county_generate_totals(&previous, b.model, b.rules, b.casemix, &before)) return fail("the year before");
  double t2 = cpu_now();
  ygt_year_inputs in = year_fixture_inputs(&b, county, previous);
  in.targets = b.targets;
  in.population_scale = 1;
  if (ygt_year_run(&year, &in)) return fail("run");
  double t3 = cpu_now();
  struct rusage ru;
  getrusage(RUSAGE_SELF, &ru);
  *f = (figures){t1 - t0, t2 - t1, t3 - t2, t3 - t0, (double)ru.ru_maxrss / 1024.0,
                 ygt_county_resident_count(county), ygt_county_event_count(county)};
  ygt_year_free(year);
  ygt_county_free(previous);
  ygt_county_free(county);
  year_fixture_free(&b);
  return 0;
}

/* One run in a child, so its peak memory is its own; the figures come back through a pipe. */
static int run_child(figures *f, const char *bundle) {
  int fd[2];
  if (pipe(fd)) return 1;
  pid_t pid = fork();
  if (pid == 0) {
    close(fd[0]);
    int rc = one_year(f, bundle);
    if (!rc && write(fd[1], f, sizeof *f) != (ssize_t)sizeof *f) rc = 1;
    _exit(rc);
  }
  close(fd[1]);
  ssize_t got = pid > 0 ? read(fd[0], f, sizeof *f) : -1;
  close(fd[0]);
  int status = 1;
  if (pid > 0) waitpid(pid, &status, 0);
  return got == (ssize_t)sizeof *f && WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : 1;
}

static int by_cpu(const void *a, const void *b) {
  double x = ((const figures *)a)->cpu, y = ((const figures *)b)->cpu;
  return (x > y) - (x < y);
}

static int bench(const workload *w) {
  figures f[9];
  for (int i = 0; i < w->runs; i++)
    if (run_child(&f[i], w->bundle)) return 1;
  qsort(f, (size_t)w->runs, sizeof f[0], by_cpu);
  const figures *m = &f[w->runs / 2];
  printf("%s: %zu residents, %zu events; median of %d runs (CPU time):\n", w->bundle, m->residents, m->events,
         w->runs);
  printf("  county year %.2f s (goal < %.1f s) = generate %.2f s + year before (totals) %.2f s + year run %.2f s\n",
         m->cpu, w->goal_s, m->generate, m->before, m->run);
  printf("  peak resident memory %.0f MB (goal < %.0f MB)\n", m->peak_mb, w->goal_mb);
  return 0;
}

int main(void) {
  static const workload loads[] = {{"ninghai", 3, 1.5, 250}, {"zhuhai", 1, 6, 1000}};
  for (size_t i = 0; i < sizeof loads / sizeof loads[0]; i++)
    if (bench(&loads[i])) return 1;
  return 0;
}
