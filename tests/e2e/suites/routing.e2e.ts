/**
 * Suite 2, routing: through the gateway, each model's `/llm/<model>/v1/...` URLs from the outputs reach that
 * model and no other (the answer's `model` matches, `/v1/models` lists only it). Each server path's gateway URL is
 * read from the model's `routes` with Gateway API PathPrefix semantics (`routedUrl`), so a prefix rewrite (KServe's
 * managed route on maas-subscriptions: `/<ns>/<model>` → `/`) routes `/v1/models` too. On the stack target this is
 * the HTTPRoutes on the MaaS gateway; on the local target it is the local gateway applying the very rule data the
 * profile's routes declare. Requests carry the token of a tier allowed to use the model.
 */
import { strict as assert } from "node:assert";
import type { ModelOutput, TierOutput } from "../../../components/outputs/stack-outputs";
import { e2eContext } from "../context";
import { chatCompletionProblems, chatRequest, listedModels } from "../lib/completion-checks";
import { http } from "../lib/http";
import { waitUntilUsable } from "../lib/ledger";
import { routedUrl } from "../lib/routed-url";
import {
  expectNoProblems,
  expectStatus,
  itNotApplicable,
  skipUnlessReady,
  tierCall,
  tierKey,
  tiersWithTokens,
  waitOut,
} from "../lib/suite";

const ctx = e2eContext();

/** The tier with a token, allowed to use `model`, with the most requests per window (the least disturbed). */
function routingTier(model: ModelOutput): TierOutput | undefined {
  return tiersWithTokens(ctx)
    .filter((t) => t.allowedModels.includes(model.name))
    .sort((a, b) => (b.limits.requests?.limit ?? Infinity) - (a.limits.requests?.limit ?? Infinity))[0];
}

/**
 * A test of server path `path` at the gateway URL the model's routes give it (`title` gets that URL's path, else
 * the outputs' `fallbackUrl`'s), or a pending one when no route reaches it (e.g. `paths` in its config).
 */
function itIfRouted(
  model: ModelOutput,
  path: string,
  fallbackUrl: string,
  title: (pathname: string) => string,
  fn: (url: string) => Promise<void>,
): void {
  const url = routedUrl(ctx.outputs.gateway.baseUrl, model, path);
  if (url !== undefined) it(title(new URL(url).pathname), () => fn(url));
  else itNotApplicable(title(new URL(fallbackUrl).pathname), `the model's routes do not reach ${path}`);
}

/** GET/POST through the gateway, with the tier's token when there is one. */
function call(tier: TierOutput | undefined, url: string, body?: unknown) {
  return tier
    ? tierCall(ctx, tier, url, body)
    : http(url, { timeoutMs: ctx.options.requestTimeoutMs, ...(body !== undefined ? { body } : {}) });
}

describe("routing: the gateway's /llm/<model>/ paths reach the right model", function () {
  before(async function () {
    if (ctx.policy === "emulated" || ctx.policy === "none") return; // the local gateway is there by construction
    skipUnlessReady(this, ctx, await ctx.gatewayMissing());
  });

  for (const model of Object.values(ctx.outputs.models)) {
    describe(model.name, function () {
      const tier = routingTier(model);

      before(async function () {
        if (ctx.policy !== "none" && !tier) {
          skipUnlessReady(this, ctx, `no tier with a token in the outputs may use ${model.name}`);
        }
        if (tier) {
          ctx.log(`with the token of tier ${tier.name}`);
          await waitOut(
            this,
            ctx,
            waitUntilUsable(ctx.ledger.get(tierKey(ctx, tier)), tier, Date.now()),
            `tier ${tier.name}: waiting for its exhausted counter to expire`,
          );
        }
      });

      itIfRouted(
        model,
        "/v1/chat/completions",
        model.gatewayUrls.chatCompletions,
        (p) => `POST ${p} answers as ${model.name}`,
        async (url) => {
          const r = await call(tier, url, chatRequest(model.name, { maxTokens: 2 }));
          expectStatus(r, 200, `POST ${url}`);
          expectNoProblems(
            chatCompletionProblems(r.json, model.name),
            `the completion ${r.text.slice(0, 300)}`,
          );
        },
      );

      itIfRouted(
        model,
        "/v1/completions",
        model.gatewayUrls.completions,
        (p) => `POST ${p} answers as ${model.name}`,
        async (url) => {
          const r = await call(tier, url, { model: model.name, prompt: "Hi", max_tokens: 2 });
          expectStatus(r, 200, `POST ${url}`);
          assert.equal((r.json as { model?: unknown }).model, model.name);
        },
      );

      itIfRouted(
        model,
        "/v1/models",
        model.gatewayUrls.models,
        (p) => `GET ${p} lists ${model.name} and no other model`,
        async (url) => {
          const r = await call(tier, url);
          expectStatus(r, 200, `GET ${url}`);
          const listed = listedModels(r.json);
          const others = Object.keys(ctx.outputs.models).filter(
            (m) => m !== model.name && listed.includes(m),
          );
          assert.ok(listed.includes(model.name), `lists ${JSON.stringify(listed)}, not ${model.name}`);
          assert.deepEqual(
            others,
            [],
            `the route reached a server of another model (it lists ${JSON.stringify(listed)})`,
          );
        },
      );
    });
  }
});
