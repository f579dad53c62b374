/**
 * What a list knows of its keyset pages: the cursor of each page it has reached, and the size of
 * each page once fetched. Keyset pages are reached one after another (page k + 1's cursor is page
 * k's `meta.next_cursor`), but once a cursor is known, that page can be fetched again on its own:
 * the list keeps only the pages in view and refetches the others from here when they come back.
 *
 * Everything is O(1) or O(log pages) per call, except a size change of a page before the last one
 * (a refetched page that came back shorter), which moves the starts of the pages after it.
 */
export class PageChain {
  /** cursors[k]: the cursor page k is fetched with (null for the first page). */
  private cursors: (string | null)[] = [null];
  /** sizes[k]: how many rows page k had when last fetched; pages 0..sizes.length - 1 were fetched. */
  private sizes: number[] = [];
  /** starts[k]: the index of page k's first row (one more entry than sizes). */
  private starts: number[] = [0];

  /** Pages whose cursor is known: each can be fetched. */
  get pages(): number {
    return this.cursors.length;
  }

  /** Rows of the pages fetched so far, from the first row on. */
  get rows(): number {
    return this.starts[this.sizes.length]!;
  }

  /** Whether a page is known beyond the rows fetched so far (the list goes on). */
  get hasMore(): boolean {
    return this.cursors.length > this.sizes.length;
  }

  cursor(page: number): string | null | undefined {
    return this.cursors[page];
  }

  /** The index of page k's first row. */
  start(page: number): number {
    return this.starts[Math.min(page, this.sizes.length)]!;
  }

  /** The page that holds row `row`; rows past the fetched ones belong to the next page to fetch. */
  pageOf(row: number): number {
    if (row >= this.rows) return this.sizes.length;
    let lo = 0;
    let hi = this.sizes.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid]! <= row) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /**
   * Records what fetching page k answered: its size and the next page's cursor (null when the list
   * ends there, which forgets any page after it). Returns whether anything changed.
   */
  learn(page: number, size: number, next: string | null): boolean {
    if (page >= this.cursors.length || page > this.sizes.length) return false;
    let changed = false;
    if (this.sizes[page] !== size) {
      this.sizes[page] = size;
      for (let k = page; k < this.sizes.length; k++) this.starts[k + 1] = this.starts[k]! + this.sizes[k]!;
      changed = true;
    }
    if (next === null) {
      if (this.cursors.length > page + 1 || this.sizes.length > page + 1) {
        this.cursors.length = page + 1;
        this.sizes.length = page + 1;
        this.starts.length = page + 2;
        changed = true;
      }
    } else if (this.cursors[page + 1] !== next) {
      this.cursors[page + 1] = next;
      changed = true;
    }
    return changed;
  }
}
