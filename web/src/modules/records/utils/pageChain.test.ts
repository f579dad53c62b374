import { describe, expect, it } from "vitest";
import { PageChain } from "./pageChain";

describe("PageChain", () => {
  it("knows only the first page's cursor before anything is fetched", () => {
    const chain = new PageChain();
    expect(chain.pages).toBe(1);
    expect(chain.cursor(0)).toBeNull();
    expect(chain.rows).toBe(0);
    expect(chain.hasMore).toBe(true);
    expect(chain.pageOf(0)).toBe(0);
  });

  it("learns each page's size and the next cursor, and finds the page of any row", () => {
    const chain = new PageChain();
    chain.learn(0, 100, "c1");
    chain.learn(1, 100, "c2");
    chain.learn(2, 40, null);
    expect(chain.pages).toBe(3);
    expect(chain.cursor(2)).toBe("c2");
    expect(chain.rows).toBe(240);
    expect(chain.hasMore).toBe(false);
    expect([0, 99, 100, 199, 200, 239].map((row) => chain.pageOf(row))).toEqual([0, 0, 1, 1, 2, 2]);
    expect(chain.start(2)).toBe(200);
  });

  it("counts rows past the fetched ones as the next page's", () => {
    const chain = new PageChain();
    chain.learn(0, 100, "c1");
    expect(chain.rows).toBe(100);
    expect(chain.hasMore).toBe(true);
    expect(chain.pageOf(100)).toBe(1);
    expect(chain.start(1)).toBe(100);
  });

  it("ignores a page whose cursor it does not know", () => {
    const chain = new PageChain();
    expect(chain.learn(3, 100, "c4")).toBe(false);
    expect(chain.pages).toBe(1);
  });

  it("forgets the pages after one that now ends the list", () => {
    const chain = new PageChain();
    chain.learn(0, 100, "c1");
    chain.learn(1, 100, "c2");
    chain.learn(2, 100, "c3");
    expect(chain.learn(1, 60, null)).toBe(true);
    expect(chain.pages).toBe(2);
    expect(chain.rows).toBe(160);
    expect(chain.hasMore).toBe(false);
    expect(chain.cursor(2)).toBeUndefined();
  });

  it("moves the following pages when a refetched page changed size, and takes its new next cursor", () => {
    const chain = new PageChain();
    chain.learn(0, 100, "c1");
    chain.learn(1, 100, "c2");
    expect(chain.learn(0, 99, "c1b")).toBe(true);
    expect(chain.cursor(1)).toBe("c1b");
    expect(chain.start(1)).toBe(99);
    expect(chain.rows).toBe(199);
    expect(chain.learn(0, 99, "c1b")).toBe(false);
  });
});
