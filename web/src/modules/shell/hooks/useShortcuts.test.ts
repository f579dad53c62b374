import { beforeEach, describe, expect, it, vi } from "vitest";
import { createShortcutHandler, isTypingTarget } from "./useShortcuts";

function press(handler: (event: KeyboardEvent) => void, key: string, target: Element = document.body, init: KeyboardEventInit = {}) {
  const event = new KeyboardEvent("keydown", { key, bubbles: true, cancelable: true, ...init });
  Object.defineProperty(event, "target", { value: target });
  handler(event);
  return event;
}

describe("createShortcutHandler", () => {
  let clock = 0;
  const actions = { openPalette: vi.fn(), openHelp: vi.fn(), focusSearch: vi.fn(), go: vi.fn() };
  let handler: (event: KeyboardEvent) => void;

  beforeEach(() => {
    clock = 1000;
    for (const fn of Object.values(actions)) fn.mockReset();
    handler = createShortcutHandler(actions, () => clock);
    document.body.innerHTML = "";
  });

  it.each([
    ["d", "/"],
    ["c", "/companies"],
    ["p", "/contacts"],
    ["l", "/leads"],
    ["b", "/deals/board"],
    ["t", "/tasks"],
  ])("g %s goes to %s", (key, path) => {
    press(handler, "g");
    const event = press(handler, key);
    expect(actions.go).toHaveBeenCalledWith(path);
    expect(event.defaultPrevented).toBe(true);
  });

  it("ignores g x typed in an input, a text area or an editable element", () => {
    const input = document.createElement("input");
    const area = document.createElement("textarea");
    const editable = document.createElement("div");
    editable.contentEditable = "true";
    // jsdom does not compute isContentEditable.
    Object.defineProperty(editable, "isContentEditable", { value: true });
    for (const target of [input, area, editable]) {
      press(handler, "g", target);
      press(handler, "c", target);
    }
    expect(actions.go).not.toHaveBeenCalled();
  });

  it("does not finish a g sequence begun in an input", () => {
    press(handler, "g", document.createElement("input"));
    press(handler, "c");
    expect(actions.go).not.toHaveBeenCalled();
  });

  it("forgets g after a pause, and ignores unknown second keys", () => {
    press(handler, "g");
    clock += 5000;
    press(handler, "c");
    press(handler, "g");
    press(handler, "z");
    press(handler, "c");
    expect(actions.go).not.toHaveBeenCalled();
  });

  it("ignores keys inside an open dialog", () => {
    const dialog = document.createElement("div");
    dialog.setAttribute("role", "dialog");
    const button = document.createElement("button");
    dialog.append(button);
    document.body.append(dialog);
    press(handler, "g", button);
    press(handler, "d", button);
    press(handler, "?", button);
    expect(actions.go).not.toHaveBeenCalled();
    expect(actions.openHelp).not.toHaveBeenCalled();
  });

  it("opens the palette on Ctrl+K and Cmd+K, even from an input", () => {
    press(handler, "k", document.createElement("input"), { ctrlKey: true });
    press(handler, "K", document.body, { metaKey: true });
    expect(actions.openPalette).toHaveBeenCalledTimes(2);
  });

  it("opens the list on ? and focuses search on /", () => {
    press(handler, "?");
    press(handler, "/");
    expect(actions.openHelp).toHaveBeenCalledOnce();
    expect(actions.focusSearch).toHaveBeenCalledOnce();
    press(handler, "/", document.createElement("input"));
    expect(actions.focusSearch).toHaveBeenCalledOnce();
  });

  it("leaves modified keys alone", () => {
    press(handler, "g");
    press(handler, "c", document.body, { ctrlKey: true });
    expect(actions.go).not.toHaveBeenCalled();
  });
});

describe("isTypingTarget", () => {
  it("knows fields from other elements", () => {
    expect(isTypingTarget(document.createElement("select"))).toBe(true);
    expect(isTypingTarget(document.createElement("button"))).toBe(false);
    expect(isTypingTarget(null)).toBe(false);
  });
});
