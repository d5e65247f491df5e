// Measures how often this machine stops a thread that Phonon did not write: a fixed job of about 0.3 ms, run once
// per 11.6 ms (a 512-frame period at 44.1 kHz) at real-time priority, timed with the monotonic clock. On real
// hardware with nothing else running the job always takes about the same time; on a virtual machine whose host
// deschedules the virtual CPU, some runs take many milliseconds. The live tests use this to tell the machine's
// stalls from Phonon's own (docs/live.md, perf/RESULTS.md).
//
//   cc -O2 tools/stall_probe.c -o /tmp/stall_probe -lm && /tmp/stall_probe 60
//
// Prints each run over 3 ms, then the mean, the worst and the counts over 5 ms and over the period.
#include <math.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static double seconds_now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

int main(int argc, char** argv) {
  const double run_seconds = argc > 1 ? atof(argv[1]) : 60.0;
  const long period_ns = 11609977;  // 512 / 44100 s
  const int runs = (int)(run_seconds / (period_ns * 1e-9));
  struct sched_param sp = {.sched_priority = 9};
  if (sched_setscheduler(0, SCHED_FIFO, &sp) != 0) perror("stall_probe: SCHED_FIFO (running without it)");

  volatile double sink = 0;
  double total = 0, worst = 0;
  int over5 = 0, over_period = 0;
  struct timespec next;
  clock_gettime(CLOCK_MONOTONIC, &next);
  for (int i = 0; i < runs; ++i) {
    const double t0 = seconds_now();
    for (int k = 0; k < 30000; ++k) sink += sin(k * 0.001);  // the fixed job
    const double took = seconds_now() - t0;
    total += took;
    if (took > worst) worst = took;
    if (took > 0.005) ++over5;
    if (took > period_ns * 1e-9) ++over_period;
    if (took > 0.003) printf("run %d at %.3f s: %.1f ms\n", i, i * period_ns * 1e-9, took * 1e3);
    next.tv_nsec += period_ns;
    while (next.tv_nsec >= 1000000000L) {
      next.tv_nsec -= 1000000000L;
      ++next.tv_sec;
    }
    clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &next, NULL);
  }
  printf("%d runs: mean %.3f ms, worst %.2f ms, %d over 5 ms, %d over the period\n", runs,
         runs ? total / runs * 1e3 : 0.0, worst * 1e3, over5, over_period);
  return 0;
}
