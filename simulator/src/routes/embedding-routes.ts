import { Router } from "express";
import { embeddingBase64, deterministicEmbedding } from "../generation/embedding";
import { splitTokens, tokenId } from "../generation/tokenizer";
import { readEmbeddingRequest } from "../protocol/embedding-request";
import { sendJson } from "../protocol/send";
import { requireBody } from "../protocol/validate";
import type { SimulatorState } from "../engine/state";

/**
 * `POST /v1/embeddings`: one deterministic vector per input (text is tokenized as `/tokenize` does it;
 * token ids are used as given), `dimensions` or `--default-embedding-dimensions` long, as floats or
 * base64; `usage` counts the input tokens. As the reference (pkg/communication/http.go @ main,
 * HandleEmbeddings), but the model must be one this simulator serves (404 otherwise).
 */
export function embeddingRoutes(state: SimulatorState): Router {
  const router = Router();
  router.post("/v1/embeddings", (req, res) => {
    const request = readEmbeddingRequest(requireBody(req.body));
    const model = state.models.resolve(request.model);
    const dimensions = request.dimensions ?? state.config.defaultEmbeddingDimensions;
    let tokens = 0;
    const data = request.inputs.map((input, index) => {
      const ids = "text" in input ? splitTokens(input.text).map(tokenId) : input.tokenIds;
      tokens += ids.length;
      const vector = deterministicEmbedding(ids, dimensions);
      const embedding = request.encodingFormat === "base64" ? embeddingBase64(vector) : Array.from(vector);
      return { object: "embedding", index, embedding };
    });
    sendJson(res, 200, {
      object: "list",
      data,
      model: model.responseName,
      usage: { prompt_tokens: tokens, total_tokens: tokens },
    });
  });
  return router;
}
