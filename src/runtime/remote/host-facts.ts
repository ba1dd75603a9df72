import { readFileSync, statfsSync } from 'node:fs';
import { cpus, freemem, loadavg, totalmem } from 'node:os';

/** An outpost's load, memory and free disk (at Overseer's directory there), read in the tick's probe. */
export type HostFacts = {
  load1: number;
  load5: number;
  load15: number;
  cpus: number;
  mem_total_bytes: number;
  /** MemAvailable where the kernel reports it, else free memory. */
  mem_avail_bytes: number;
  disk_free_bytes?: number;
  disk_total_bytes?: number;
};

function memAvailable(): number {
  try {
    const m = /^MemAvailable:\s+(\d+)\s*kB/m.exec(readFileSync('/proc/meminfo', 'utf8'));
    if (m) return Number(m[1]) * 1024;
  } catch {
    /* not Linux */
  }
  return freemem();
}

/** A few cheap reads: loadavg, /proc/meminfo, one statfs. */
export function hostFacts(dir?: string): HostFacts {
  const [load1, load5, load15] = loadavg() as [number, number, number];
  const out: HostFacts = {
    load1,
    load5,
    load15,
    cpus: cpus().length,
    mem_total_bytes: totalmem(),
    mem_avail_bytes: memAvailable(),
  };
  if (dir) {
    try {
      const s = statfsSync(dir);
      out.disk_free_bytes = s.bavail * s.bsize;
      out.disk_total_bytes = s.blocks * s.bsize;
    } catch {
      /* the directory is not there yet */
    }
  }
  return out;
}
