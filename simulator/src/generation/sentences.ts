/**
 * The sentences random mode draws its answers from. Our own set: plain English with commas, numbers,
 * brackets and other punctuation, so token counting is exercised the way real answers would.
 */
export const SENTENCES: readonly string[] = [
  "The simulator is answering this request without running any model at all.",
  "Every token you read here was chosen from a short list of prepared sentences.",
  "Latency, queueing and token counts behave like a real inference server would.",
  "Rate limits, quotas and routing can be tested without a single GPU.",
  "A quiet harbour at dawn: gulls, ropes, and the smell of salt.",
  "Seven bakers shared 3 ovens, 12 trays and one [very] small kitchen.",
  "Please check the gateway logs; the request id is in the response headers.",
  "Is the queue full yet? Then the next request gets a 429 answer!",
  "Tokens arrive one by one (as a stream) or all at once, as you asked.",
  "The quick brown fox jumps over the lazy dog - twice, to be sure.",
  "Models-as-a-service platforms meter usage per user, per tier and per minute.",
  "Here is a list: apples, pears, plums & cherries; nothing else #today.",
];
