/**
 * The streaming floor: a trivial node:http server that streams TOKENS server-sent events, the first
 * after TTFT ms and each next one ITL ms after the previous (plain setTimeout chains), with frames of
 * the simulator's size, and ends the response with the last one (`[DONE]` in the same write), as the
 * simulator and vLLM do. What this machine allows, measured in the same run as the simulator.
 */
import http from "node:http";
import { portArgument } from "./fixed-completion";

const TTFT = Number(process.env.FLOOR_TTFT_MS ?? 100);
const ITL = Number(process.env.FLOOR_ITL_MS ?? 10);
const TOKENS = Number(process.env.FLOOR_TOKENS ?? 50);
const frame = (i: number) =>
  `data: {"id":"cmpl-0123456789abcdef0123456789abcdef","object":"text_completion","created":1700000000,"model":"model-a","choices":[{"index":0,"text":"word${i} ","logprobs":null,"finish_reason":null}]}\n\n`;

http
  .createServer({ keepAliveTimeout: 65_000 }, (req, res) => {
    req.resume();
    req.on("end", () => {
      if (req.method !== "POST") {
        res.writeHead(200, { "content-type": "application/json" });
        res.end("{}");
        return;
      }
      res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
      res.flushHeaders();
      let sent = 0;
      let timer: NodeJS.Timeout | undefined;
      const next = () => {
        const data = frame(sent++);
        if (sent < TOKENS) {
          res.write(data);
          timer = setTimeout(next, ITL);
        } else {
          res.end(`${data}data: [DONE]\n\n`);
        }
      };
      timer = setTimeout(next, TTFT);
      res.on("close", () => clearTimeout(timer));
    });
  })
  .listen(portArgument());
