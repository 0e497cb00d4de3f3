import type { SimulatorConfig } from "../config/simulator-config";
import { ApiError, badRequest } from "../protocol/errors";
import type { ModelCard } from "../protocol/types";

/** Which model a request asked for, as responses and the scheduler see it. */
export interface ResolvedModel {
  /** The name responses report: the first served name for the base model, else the adapter's name. */
  readonly responseName: string;
  /** The LoRA adapter, or undefined for the base model. */
  readonly lora: string | undefined;
}

/** The served model names and the LoRA adapters loaded at start or through the API. */
export class ModelRegistry {
  private readonly created = Math.floor(Date.now() / 1000);
  private readonly loras = new Map<string, string>();

  constructor(private readonly config: SimulatorConfig) {
    for (const lora of config.loraModules) this.loras.set(lora.name, lora.path);
  }

  /** The name responses and metrics report for the base model. */
  get baseName(): string {
    return this.config.servedModelNames[0];
  }

  /** Resolves a request's `model`; absent means the base model, unknown is a 404. */
  resolve(model: string | undefined): ResolvedModel {
    if (model === undefined || this.config.servedModelNames.includes(model)) {
      return { responseName: this.baseName, lora: undefined };
    }
    if (this.loras.has(model)) return { responseName: model, lora: model };
    // The reference's text, without a param (pkg/llm-d-inference-sim/server.go @ v0.5.1, validateRequest).
    throw new ApiError(404, `The model \`${model}\` does not exist.`, null);
  }

  /** `/v1/models`: every served name, then every LoRA adapter (its parent is the base). */
  cards(): ModelCard[] {
    const base = this.config.servedModelNames.map((name): ModelCard => ({
      id: name,
      object: "model",
      created: this.created,
      owned_by: "vllm",
      root: this.config.model,
      parent: null,
      max_model_len: this.config.maxModelLen,
    }));
    const adapters = [...this.loras].map(([name, path]): ModelCard => ({
      id: name,
      object: "model",
      created: this.created,
      owned_by: "vllm",
      root: path || name,
      parent: this.baseName,
      max_model_len: this.config.maxModelLen,
    }));
    return [...base, ...adapters];
  }

  /**
   * Adds an adapter (`/v1/load_lora_adapter`); loading a loaded one again only updates its path, as the
   * reference does (pkg/llm-d-inference-sim/lora.go stores it either way). A base model name is a 400, and so is
   * a new adapter beyond --max-lora-adapters (our bound; the reference has none).
   */
  load(name: string, path: string): void {
    if (this.config.servedModelNames.includes(name)) {
      throw badRequest(`'${name}' is the base model's name, not a LoRA adapter`, "lora_name");
    }
    if (!this.loras.has(name) && this.loras.size >= this.config.maxLoraAdapters) {
      throw badRequest(
        `${this.loras.size} LoRA adapters are loaded, the most this server serves (--max-lora-adapters); unload one first.`,
        "lora_name",
      );
    }
    this.loras.set(name, path);
  }

  /** Removes an adapter (`/v1/unload_lora_adapter`); an unknown one is not an error (as the reference). */
  unload(name: string): boolean {
    return this.loras.delete(name);
  }
}
