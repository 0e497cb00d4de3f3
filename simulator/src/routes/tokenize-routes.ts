import { Router } from "express";
import { countTokens, splitTokens, tokenId } from "../generation/tokenizer";
import { badRequest } from "../protocol/errors";
import { optionalString } from "../protocol/fields";
import { promptOf, readMessages } from "../protocol/messages";
import { readPrompt, requireBody } from "../protocol/validate";
import { sendJson } from "../protocol/send";
import type { SimulatorState } from "../engine/state";

/**
 * `POST /tokenize` with `{model?, prompt | messages}` → `{count, tokens, max_model_len, token_strs}`.
 * Token ids are hashes of the token text; the count is the one `usage` reports.
 */
export function tokenizeRoutes(state: SimulatorState): Router {
  const router = Router();
  router.post("/tokenize", (req, res) => {
    const body = requireBody(req.body);
    state.models.resolve(optionalString(body, "model") || undefined);
    const hasPrompt = body.prompt !== undefined && body.prompt !== null;
    const hasMessages = body.messages !== undefined && body.messages !== null;
    if (hasPrompt && hasMessages)
      throw badRequest("both 'prompt' and 'messages' are given; send one of them");
    if (!hasPrompt && !hasMessages) throw badRequest("either 'prompt' or 'messages' is required");
    const text = hasPrompt ? readPrompt(body) : promptOf(readMessages(body.messages));
    // Counted first (no allocation), so an answer over the budget is refused before it is built.
    const count = countTokens(text);
    const limit = state.config.maxTokenizeTokens;
    if (count > limit) {
      throw badRequest(
        `The ${hasPrompt ? "prompt" : "messages"} has ${count} tokens; /tokenize returns at most ${limit} (--max-tokenize-tokens).`,
        hasPrompt ? "prompt" : "messages",
      );
    }
    const strings = splitTokens(text);
    const wantStrings = body.return_token_strs === true;
    sendJson(res, 200, {
      count: strings.length,
      max_model_len: state.config.maxModelLen,
      tokens: strings.map(tokenId),
      token_strs: wantStrings ? strings : null,
    });
  });
  return router;
}
