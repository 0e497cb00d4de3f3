/**
 * The simulator arguments of the MaaS repository's 2026 samples (run with the reference image v0.8.2):
 * our image must run them unchanged. Shared by the command-line test and the container test.
 */
export const MAAS_TLS_DIR = "/var/run/kserve/tls";

export const MAAS_MANIFEST_ARGS: readonly string[] = [
  "--port",
  "8000",
  "--model",
  "facebook/opt-125m",
  "--mode",
  "random",
  "--no-mm-encoder-only",
  "--ssl-certfile",
  `${MAAS_TLS_DIR}/tls.crt`,
  "--ssl-keyfile",
  `${MAAS_TLS_DIR}/tls.key`,
];
