/**
 * Values kept by exact content for the length of a process, in groups (a kind, a Kubernetes minor): least recently
 * used first within each group, and bounded by `limit` characters over all groups, counted as the caller measures
 * them. What would pass the limit pushes out the least recently used entries, group after group in the order the
 * groups were first used; an entry larger than the limit on its own is not kept.
 */
export class BoundedCache<V> {
  private readonly groups = new Map<string, Map<string, { readonly value: V; readonly size: number }>>();
  private characters = 0;

  constructor(readonly limit: number) {}

  /** The entry kept for `key` in `group`, now the most recently used, or undefined. */
  get(group: string, key: string): { readonly value: V } | undefined {
    const ofGroup = this.groups.get(group);
    const hit = ofGroup?.get(key);
    if (hit) {
      ofGroup!.delete(key);
      ofGroup!.set(key, hit);
    }
    return hit;
  }

  /** Keeps `value` for `key` in `group`, counted as `size` characters (its key's included). */
  set(group: string, key: string, value: V, size: number): void {
    if (size > this.limit) return;
    const ofGroup = this.groups.get(group);
    for (const [oldGroup, entries] of this.groups) {
      for (const [oldKey, old] of entries) {
        if (this.characters + size <= this.limit) break;
        entries.delete(oldKey);
        this.characters -= old.size;
      }
      if (entries.size === 0 && entries !== ofGroup) this.groups.delete(oldGroup);
      if (this.characters + size <= this.limit) break;
    }
    let target = ofGroup;
    if (!target) this.groups.set(group, (target = new Map()));
    target.set(key, { value, size });
    this.characters += size;
  }

  clear(): void {
    this.groups.clear();
    this.characters = 0;
  }

  /** How much is kept: entries, and their characters. */
  held(): { entries: number; characters: number } {
    let entries = 0;
    this.groups.forEach((ofGroup) => (entries += ofGroup.size));
    return { entries, characters: this.characters };
  }
}
