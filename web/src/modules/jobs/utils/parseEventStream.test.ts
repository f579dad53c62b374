import { describe, expect, it } from "vitest";
import { parseEventStream } from "./parseEventStream";

describe("parseEventStream", () => {
  it("splits complete events and keeps the unfinished rest", () => {
    const { events, rest } = parseEventStream('retry: 2000\n\nevent: job\ndata: {"a":1}\n\n: keep-alive\n\nevent: job\ndata: {"a"');
    expect(events).toEqual([{ event: "job", data: '{"a":1}' }]);
    expect(rest).toBe('event: job\ndata: {"a"');
  });

  it("joins multi-line data, accepts CRLF, and names unnamed events message", () => {
    const { events } = parseEventStream("data: one\r\ndata: two\r\n\r\n");
    expect(events).toEqual([{ event: "message", data: "one\ntwo" }]);
  });
});
