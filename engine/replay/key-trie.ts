/**
 * A trie over sequences of keys: ids for lists (a ticket's actions, its tags) without building a
 * string per lookup, and without the collisions a joined string would have when a value contains
 * the separator.
 */

export class KeyTrie<V> {
  private readonly children = new Map<unknown, KeyTrie<V>>();
  /** What the caller filed under the sequence that leads here. */
  value: V | undefined;

  /**
   * The node one key further down, made on first use.
   *
   * @example
   * const ids = new KeyTrie<number>();
   * ids.at('a').at('b').value ??= 0; // the sequence a, b: distinct from the single key `a\u0001b`
   */
  at(key: unknown): KeyTrie<V> {
    let child = this.children.get(key);
    if (child === undefined) {
      child = new KeyTrie<V>();
      this.children.set(key, child);
    }
    return child;
  }
}
