/**
 * Time spent in each stage of a build, kept only when a benchmark asks for it
 * (bench/stages.mjs); otherwise `timed` is one test and the call. The time is the process's
 * CPU time (its garbage collector's threads included), which other work on a shared machine
 * disturbs far less than the wall clock.
 */
let times: Map<string, number> | undefined;

/** Start keeping stage times (again from zero); `takeStageTimes` hands them over. */
export function keepStageTimes(): void {
  times = new Map();
}

/** The times kept since keepStageTimes, in ms by stage, and a fresh start. */
export function takeStageTimes(): Map<string, number> {
  const taken = times ?? new Map<string, number>();
  if (times) times = new Map();
  return taken;
}

/** CPU time of this process so far, in ms. */
export function cpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

export function timed<T>(stage: string, work: () => T): T {
  if (!times) return work();
  const started = cpuMs();
  try {
    return work();
  } finally {
    times.set(stage, (times.get(stage) ?? 0) + cpuMs() - started);
  }
}

/** The same for work that ends later (nothing else may run meanwhile, or its time counts here). */
export async function timedAsync<T>(stage: string, work: () => Promise<T>): Promise<T> {
  if (!times) return work();
  const started = cpuMs();
  try {
    return await work();
  } finally {
    times.set(stage, (times.get(stage) ?? 0) + cpuMs() - started);
  }
}
