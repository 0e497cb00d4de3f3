import { readFileSync } from "node:fs";

/** Linux's TCP socket tables: one line per socket, `local_address` and `st` (0A = LISTEN) in hex. */
const TABLES = ["/proc/net/tcp", "/proc/net/tcp6"];
const LISTEN = "0A";

/**
 * How many connections the kernel has accepted on the listening socket of `port` that the process has not
 * taken yet (its accept queue: `rx_queue` of a listening socket), or undefined where /proc/net/tcp is not
 * available. Draining reads it to take those connections before closing the listener, which would reset
 * them.
 */
export function acceptQueueLength(port: number): number | undefined {
  const hexPort = port.toString(16).toUpperCase().padStart(4, "0");
  let found: number | undefined;
  for (const table of TABLES) {
    let text: string;
    try {
      text = readFileSync(table, "utf8");
    } catch {
      continue;
    }
    for (const line of text.split("\n").slice(1)) {
      const fields = line.trim().split(/\s+/);
      if (fields.length < 5 || fields[3] !== LISTEN || !fields[1].endsWith(`:${hexPort}`)) continue;
      const queue = parseInt(fields[4].split(":")[1] ?? "0", 16);
      found = (found ?? 0) + queue;
    }
  }
  return found;
}
