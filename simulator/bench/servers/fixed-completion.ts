/** The fixed chat completion the baseline servers answer with (about the size of the simulator's). */
export const FIXED_COMPLETION = JSON.stringify({
  id: "chatcmpl-0123456789abcdef0123456789abcdef",
  object: "chat.completion",
  created: 1_700_000_000,
  model: "model-a",
  choices: [
    {
      index: 0,
      message: {
        role: "assistant",
        content: "Tokens arrive one by one (as a stream) or all at once, as you asked.",
      },
      logprobs: null,
      finish_reason: "stop",
    },
  ],
  usage: { prompt_tokens: 7, completion_tokens: 20, total_tokens: 27 },
});

/** The port a baseline server listens on: its first argument. */
export function portArgument(): number {
  const port = Number(process.argv[2]);
  if (!Number.isInteger(port) || port <= 0) throw new Error("usage: <server> PORT");
  return port;
}
