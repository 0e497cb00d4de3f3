/** Baseline: a bare Express route that parses the JSON body and answers a fixed completion. */
import express from "express";
import { FIXED_COMPLETION, portArgument } from "./fixed-completion";

const app = express();
app.disable("x-powered-by");
app.post("/v1/chat/completions", express.json(), (_req, res) => {
  res.type("application/json").send(FIXED_COMPLETION);
});
app.get("/health", (_req, res) => res.json({}));
app.listen(portArgument());
