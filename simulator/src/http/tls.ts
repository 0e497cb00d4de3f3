import { readFileSync } from "node:fs";
import type * as SelfsignedModule from "selfsigned";
import type { SimulatorConfig } from "../config/simulator-config";
import { ConfigError } from "../cli/errors";

/** PEM certificate and key to serve HTTPS with. */
export interface TlsMaterial {
  readonly cert: string;
  readonly key: string;
}

function readPem(file: string, flag: string): string {
  try {
    return readFileSync(file, "utf8");
  } catch (error) {
    throw new ConfigError(`--${flag}: cannot read ${file}: ${(error as Error).message}`);
  }
}

/** A fresh self-signed certificate for localhost (EC P-256, valid one year), kept in memory only. */
async function selfSigned(): Promise<TlsMaterial> {
  // Loaded only when asked for: it is the heaviest dependency and most runs don't need it.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const selfsigned = require("selfsigned") as typeof SelfsignedModule;
  const now = new Date();
  const pems = await selfsigned.generate([{ name: "commonName", value: "localhost" }], {
    keyType: "ec",
    curve: "P-256",
    algorithm: "sha256",
    notBeforeDate: new Date(now.getTime() - 60_000),
    notAfterDate: new Date(now.getTime() + 365 * 24 * 3600 * 1000),
    extensions: [
      { name: "basicConstraints", cA: false },
      { name: "keyUsage", digitalSignature: true, keyEncipherment: true },
      { name: "extKeyUsage", serverAuth: true },
      {
        name: "subjectAltName",
        altNames: [
          { type: 2, value: "localhost" },
          { type: 7, ip: "127.0.0.1" },
          { type: 7, ip: "::1" },
        ],
      },
    ],
  });
  return { cert: pems.cert, key: pems.private };
}

/** The certificate to serve, or undefined for plain HTTP. */
export async function loadTls(config: SimulatorConfig): Promise<TlsMaterial | undefined> {
  if (config.sslCertFile !== undefined && config.sslKeyFile !== undefined) {
    return {
      cert: readPem(config.sslCertFile, "ssl-certfile"),
      key: readPem(config.sslKeyFile, "ssl-keyfile"),
    };
  }
  if (config.selfSignedCerts) return selfSigned();
  return undefined;
}
