import { writeFileSync } from "node:fs";
import path from "node:path";
import selfsigned from "selfsigned";

/** A self-signed certificate written as `tls.crt` / `tls.key` (KServe's file names) into a folder. */
export interface WrittenCertificate {
  readonly certFile: string;
  readonly keyFile: string;
  /** The certificate in PEM, to trust it as a CA. */
  readonly certPem: string;
}

/**
 * Writes a self-signed EC certificate for `commonName` (valid for 127.0.0.1 and localhost) into `dir`, the
 * way KServe mounts its certificates at /var/run/kserve/tls. Pure JavaScript: no openssl needed.
 */
export async function writeSelfSignedCertificate(
  dir: string,
  commonName: string,
): Promise<WrittenCertificate> {
  const pems = await selfsigned.generate([{ name: "commonName", value: commonName }], {
    keyType: "ec",
    curve: "P-256",
    extensions: [
      {
        name: "subjectAltName",
        altNames: [
          { type: 7, ip: "127.0.0.1" },
          { type: 2, value: "localhost" },
        ],
      },
    ],
  });
  const certFile = path.join(dir, "tls.crt");
  const keyFile = path.join(dir, "tls.key");
  writeFileSync(certFile, pems.cert);
  writeFileSync(keyFile, pems.private);
  return { certFile, keyFile, certPem: pems.cert };
}
