/** A scripted Runner for unit tests: records every call and answers from a handler. */
import type { CommandResult, RunOptions, Runner } from "../../components/exec/runner";

/** One recorded call. */
export interface RecordedCall {
  readonly command: string;
  readonly args: readonly string[];
  readonly env: Readonly<Record<string, string>>;
  readonly input: string | undefined;
}

/** Answers a call; `undefined` → exit 0 with no output. */
export type FakeHandler = (
  call: RecordedCall,
) => Partial<CommandResult> | undefined | Promise<Partial<CommandResult> | undefined>;

export class FakeRunner implements Runner {
  readonly calls: RecordedCall[] = [];

  constructor(private readonly handler: FakeHandler = () => undefined) {}

  async run(command: string, args: readonly string[], options?: RunOptions): Promise<CommandResult> {
    const call: RecordedCall = { command, args: [...args], env: { ...options?.env }, input: options?.input };
    this.calls.push(call);
    const r = (await this.handler(call)) ?? {};
    return { code: 0, stdout: "", stderr: "", notFound: false, ...r };
  }

  /** Each call as one `command arg…` line. */
  get lines(): string[] {
    return this.calls.map((c) => [c.command, ...c.args].join(" "));
  }
}
