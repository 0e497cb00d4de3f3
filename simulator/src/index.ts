/** The simulator's programmatic API: start it in-process, parse its flags, read its flag table. */
export { startSimulator, listen, type RunningSimulator, type StartOptions } from "./http/server";
export { parseCommandLine, type ParseResult } from "./cli/parse";
export { ConfigError } from "./cli/errors";
export {
  FLAGS,
  findFlag,
  unknownFlagNames,
  type FlagSpec,
  type FlagKind,
  type FlagSupport,
  type FlagOrigin,
} from "./cli/flags";
export type { SimulatorConfig } from "./config/simulator-config";
