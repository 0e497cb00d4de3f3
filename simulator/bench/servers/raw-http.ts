/** Baseline: raw node:http reading the body and answering a fixed completion. */
import http from "node:http";
import { FIXED_COMPLETION, portArgument } from "./fixed-completion";

const body = Buffer.from(FIXED_COMPLETION);
http
  .createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      if (req.method === "POST") JSON.parse(Buffer.concat(chunks).toString("utf8"));
      res.writeHead(200, { "content-type": "application/json", "content-length": body.length });
      res.end(body);
    });
  })
  .listen(portArgument());
