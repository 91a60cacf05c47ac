// Reads pnpm-lock.yaml (v9 format) just enough to pin a package and everything it depends on.

/**
 * pnpm `overrides` that pin `name` and every edge of its dependency tree (`parent>dep`: version) as
 * the lockfile's `snapshots` record them. Pinning edges rather than names leaves other users of a
 * shared package (`semver`, `safe-buffer`) free. The lockfile's own lines are simple
 * (`  name@version:` then `      dep: version`), so a few regular expressions read them.
 */
export function lockedClosure(lock: string, name: string): Record<string, string> {
  const section = lock.slice(lock.indexOf('\nsnapshots:\n'));
  const deps = new Map<string, Map<string, string>>();
  let current: Map<string, string> | undefined;
  for (const line of section.split('\n')) {
    const head = /^ {2}'?((?:@[^@/]+\/)?[^@\s']+)@([^:(\s']+)[^:]*'?:/.exec(line);
    if (head) {
      current = new Map();
      deps.set(`${head[1]}@${head[2]}`, current);
      continue;
    }
    const dep = /^ {6}'?([^:'\s]+)'?: '?([^\s('"]+)/.exec(line);
    if (dep && current) current.set(dep[1]!, dep[2]!);
  }
  const root = [...deps.keys()].find((key) => key.startsWith(`${name}@`));
  if (!root) throw new Error(`pnpm-lock.yaml has no ${name}`);
  const pinned: Record<string, string> = { [name]: root.slice(name.length + 1) };
  const seen = new Set<string>();
  const queue = [root];
  while (queue.length) {
    const key = queue.pop()!;
    if (seen.has(key)) continue;
    seen.add(key);
    const parent = key.slice(0, key.lastIndexOf('@'));
    for (const [dep, version] of deps.get(key) ?? []) {
      pinned[`${parent}>${dep}`] ??= version;
      queue.push(`${dep}@${version}`);
    }
  }
  return pinned;
}
