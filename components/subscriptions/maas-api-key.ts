/**
 * MaaSApiKey: a Pulumi dynamic provider around maas-api's API keys (`maas-api-client.ts`), because a key is
 * minted by an API call, not declared. Create mints a key bound to one subscription (`POST /v1/api-keys`); the
 * key is shown only then and kept as a Pulumi secret. Delete revokes it (`DELETE /v1/api-keys/{id}`). A key
 * that has expired, or expires within REMINT_WINDOW_SECONDS, is replaced (minted anew, then the old one
 * revoked), as is one whose name, description, lifetime, subscription or maas-api changes; a new bearer token
 * or CA alone only updates what is stored (the key stays).
 */
import * as pulumi from "@pulumi/pulumi";
import type { CreatedApiKey, MaaSApiClient } from "./maas-api-client";
import { maasApiClient } from "./maas-api-client";

/** A key is re-minted when it expires within this many seconds. */
export const REMINT_WINDOW_SECONDS = 600;

/** Inputs of a MaaSApiKey. */
export interface MaaSApiKeyInputs {
  /** maas-api's root URL, without a trailing slash (the API is under `<baseUrl>/v1/`). */
  readonly baseUrl: string;
  /** Bearer token of the identity that owns the key. */
  readonly token: string;
  readonly name: string;
  readonly description?: string;
  /** Lifetime as maas-api reads it (`30d`, `90d`, `1h`); undefined → maas-api's maximum. */
  readonly expiresIn?: string;
  /** The MaaSSubscription the key is bound to. */
  readonly subscription: string;
  /** PEM of the CA that signed maas-api's certificate; undefined → Node's trusted CAs. */
  readonly caCert?: string;
}

/** State of a MaaSApiKey: the inputs plus what maas-api answered (the id is the resource id). */
export interface MaaSApiKeyState extends MaaSApiKeyInputs, Omit<CreatedApiKey, "id" | "subscription"> {
  /** The subscription maas-api bound the key to. */
  readonly boundSubscription: string;
}

/** True if a key expiring at `expiresAt` is expired, within the re-mint window at `now`, or unreadable. */
export function keyNeedsRemint(expiresAt: string | undefined, now: Date): boolean {
  const t = expiresAt === undefined ? NaN : Date.parse(expiresAt);
  return isNaN(t) || t - now.getTime() <= REMINT_WINDOW_SECONDS * 1000;
}

const IDENTITY = ["baseUrl", "name", "description", "expiresIn", "subscription"] as const;

/** Replace for another key identity or an expiring key; update (store them) for a new token or CA alone. */
export function maasApiKeyDiff(
  olds: Partial<MaaSApiKeyState>,
  news: MaaSApiKeyInputs,
  now: Date,
): pulumi.dynamic.DiffResult {
  const replaces: string[] = IDENTITY.filter((k) => (olds[k] ?? "") !== (news[k] ?? ""));
  if (keyNeedsRemint(olds.expiresAt, now)) replaces.push("expiresAt");
  const changes =
    replaces.length > 0 || olds.token !== news.token || (olds.caCert ?? "") !== (news.caCert ?? "");
  return { changes, replaces, deleteBeforeReplace: false };
}

/** The dynamic provider; the client factory and the clock are injectable for tests. */
export function maasApiKeyProvider(
  makeClient: (baseUrl: string, token: string, ca?: string) => MaaSApiClient = (baseUrl, token, ca) =>
    maasApiClient(baseUrl, token, ca),
  now: () => Date = () => new Date(),
): pulumi.dynamic.ResourceProvider {
  return {
    async create(inputs: MaaSApiKeyInputs) {
      const client = makeClient(inputs.baseUrl, inputs.token, inputs.caCert);
      let created: CreatedApiKey;
      try {
        created = await client.createKey({
          name: inputs.name,
          description: inputs.description,
          expiresIn: inputs.expiresIn,
          subscription: inputs.subscription,
        });
      } catch (e) {
        throw new Error(
          `Minting API key ${inputs.name} for subscription ${inputs.subscription} failed: ${(e as Error).message}`,
        );
      }
      const outs: MaaSApiKeyState = {
        ...inputs,
        key: created.key,
        keyPrefix: created.keyPrefix,
        createdAt: created.createdAt,
        expiresAt: created.expiresAt,
        boundSubscription: created.subscription,
      };
      return { id: created.id, outs };
    },
    async diff(_id: string, olds: MaaSApiKeyState, news: MaaSApiKeyInputs) {
      return maasApiKeyDiff(olds, news, now());
    },
    async update(_id: string, olds: MaaSApiKeyState, news: MaaSApiKeyInputs) {
      const { caCert: _old, ...kept } = olds;
      return {
        outs: { ...kept, token: news.token, ...(news.caCert !== undefined ? { caCert: news.caCert } : {}) },
      };
    },
    async read(id: string, props: MaaSApiKeyState) {
      return { id, props };
    },
    async delete(id: string, props: MaaSApiKeyState) {
      try {
        await makeClient(props.baseUrl, props.token, props.caCert).revokeKey(id);
      } catch (e) {
        throw new Error(`Revoking API key ${props.name} (${id}) failed: ${(e as Error).message}`);
      }
    },
  };
}

const defaultProvider = maasApiKeyProvider();

/** Arguments of a MaaSApiKey. */
export interface MaaSApiKeyArgs {
  /** maas-api's root URL (the API is under `<baseUrl>/v1/`). */
  readonly baseUrl: pulumi.Input<string>;
  /** Bearer token of the identity that owns the key (a secret). */
  readonly token: pulumi.Input<string>;
  /** Name of the key. */
  readonly name: pulumi.Input<string>;
  /** Description of the key. */
  readonly description?: pulumi.Input<string>;
  /** Lifetime (`30d`, `1h`); undefined → maas-api's maximum. */
  readonly expiresIn?: pulumi.Input<string>;
  /** The MaaSSubscription the key is bound to. */
  readonly subscription: pulumi.Input<string>;
  /** PEM of the CA that signed maas-api's certificate; undefined → Node's trusted CAs. */
  readonly caCert?: pulumi.Input<string>;
}

/** An API key minted by maas-api, kept only as a Pulumi secret, revoked on delete. */
export class MaaSApiKey extends pulumi.dynamic.Resource {
  /** The key (secret). */
  declare readonly key: pulumi.Output<string>;
  /** Its display prefix. */
  declare readonly keyPrefix: pulumi.Output<string>;
  /** When it expires (RFC 3339). */
  declare readonly expiresAt: pulumi.Output<string>;
  /** The subscription maas-api bound it to. */
  declare readonly boundSubscription: pulumi.Output<string>;

  constructor(name: string, args: MaaSApiKeyArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      defaultProvider,
      name,
      { ...args, key: undefined, keyPrefix: undefined, expiresAt: undefined, boundSubscription: undefined },
      { ...opts, additionalSecretOutputs: ["key", "token"] },
      "maas-kind",
      "MaaSApiKey",
    );
  }
}
