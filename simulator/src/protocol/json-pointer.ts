import { isJsonObject } from "./fields";

/**
 * The value a local JSON reference (`#`, `#/$defs/x`, `#/properties/a~1b`) points to inside `root`, or
 * undefined when it is not local or leads nowhere. Array steps are indexes, as in RFC 6901.
 */
export function resolveLocalRef(root: unknown, ref: string): unknown {
  if (!ref.startsWith("#")) return undefined;
  const pointer = ref.slice(1);
  if (pointer === "") return root;
  if (!pointer.startsWith("/")) return undefined;
  let target: unknown = root;
  for (const raw of pointer.slice(1).split("/")) {
    const part = decodeURIComponent(raw).replace(/~1/g, "/").replace(/~0/g, "~");
    if (Array.isArray(target)) target = /^\d+$/.test(part) ? target[Number(part)] : undefined;
    else if (isJsonObject(target) && Object.hasOwn(target, part)) target = target[part];
    else return undefined;
  }
  return target;
}
