/** One server-sent event: its name (`message` when unnamed) and its data. */
export interface StreamEvent {
  event: string;
  data: string;
}

/**
 * Splits the text received so far into complete events (blank-line separated, per the
 * server-sent events format) and the incomplete rest to keep for the next chunk. Comments
 * (`: keep-alive`) and `retry:` lines are skipped.
 */
export function parseEventStream(buffer: string): { events: StreamEvent[]; rest: string } {
  const normalized = buffer.replace(/\r\n?/g, "\n");
  const blocks = normalized.split("\n\n");
  const rest = blocks.pop() ?? "";
  const events: StreamEvent[] = [];
  for (const block of blocks) {
    let event = "message";
    const data: string[] = [];
    for (const line of block.split("\n")) {
      if (line.startsWith(":")) continue;
      const colon = line.indexOf(":");
      const field = colon === -1 ? line : line.slice(0, colon);
      const value = colon === -1 ? "" : line.slice(colon + 1).replace(/^ /, "");
      if (field === "event") event = value;
      else if (field === "data") data.push(value);
    }
    if (data.length > 0) events.push({ event, data: data.join("\n") });
  }
  return { events, rest };
}
