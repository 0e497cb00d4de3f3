/** A bad flag, flag value or config file: reported as one line, then the process exits non-zero. */
export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ConfigError";
  }
}
