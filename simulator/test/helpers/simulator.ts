import OpenAI from "openai";
import { startSimulator, type RunningSimulator } from "../../src/http/server";

/** Simulators started by a suite, closed by `stopAll` in its `after` hook. */
const running: RunningSimulator[] = [];

/** Starts a simulator on a free port with the given flags (quiet logs). */
export async function start(
  args: readonly string[],
  env: Record<string, string> = {},
): Promise<RunningSimulator> {
  const simulator = await startSimulator({ args, env });
  running.push(simulator);
  return simulator;
}

export async function stopAll(): Promise<void> {
  await Promise.all(running.splice(0).map((simulator) => simulator.close()));
}

/** The official OpenAI client pointed at a simulator, without retries (so statuses are seen as sent). */
export function client(simulator: RunningSimulator): OpenAI {
  return new OpenAI({ baseURL: `${simulator.url}/v1`, apiKey: "test", maxRetries: 0, timeout: 15_000 });
}

/** POSTs raw text (not necessarily JSON) and returns status, content type and parsed JSON body (if any). */
export async function post(
  simulator: RunningSimulator,
  path: string,
  body: string,
  headers: Record<string, string> = { "content-type": "application/json" },
): Promise<{ status: number; contentType: string; json: unknown; text: string }> {
  const response = await fetch(`${simulator.url}${path}`, { method: "POST", body, headers });
  const text = await response.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, contentType: response.headers.get("content-type") ?? "", json, text };
}

/** Reads one sample of a metric (by name and label subset) from `/metrics`. */
export async function metric(
  simulator: RunningSimulator,
  name: string,
  labels: Record<string, string> = {},
): Promise<number | undefined> {
  const text = await (await fetch(`${simulator.url}/metrics`)).text();
  for (const line of text.split("\n")) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    const wanted = Object.entries(labels).every(([key, value]) => line.includes(`${key}="${value}"`));
    if (wanted) return Number(line.slice(line.lastIndexOf(" ") + 1));
  }
  return undefined;
}

/** Polls until `check` returns true (or fails after `timeoutMs`). */
export async function waitFor(check: () => Promise<boolean>, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`condition not met within ${timeoutMs} ms`);
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The text of a text-completion SSE body, token by token. */
export function streamedText(body: string): string[] {
  const texts: string[] = [];
  for (const frame of body.split("\n\n")) {
    if (!frame.startsWith("data: {")) continue;
    const chunk = JSON.parse(frame.slice(6)) as { choices: { text: string }[] };
    if (chunk.choices[0]?.text) texts.push(chunk.choices[0].text);
  }
  return texts;
}
