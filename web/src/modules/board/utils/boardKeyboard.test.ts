import { KeyboardCode } from "@dnd-kit/core";
import { describe, expect, it, vi } from "vitest";
import { boardKeyboardCoordinates } from "./boardKeyboard";

const rect = (left: number, top: number) => ({ left, top, width: 280, height: 600, right: left + 280, bottom: top + 600 });

function argsOver(stageId: string | undefined) {
  const droppableRects = new Map([
    ["column:s1", rect(0, 100)],
    ["column:s2", rect(300, 100)],
    ["column:s3", rect(600, 100)],
  ]);
  return {
    active: { id: "d1", data: { current: { stageId: "s1" } } },
    over: stageId ? { id: `column:${stageId}`, data: { current: { stageId } } } : null,
    droppableRects,
  };
}

const press = (code: string, stageId: string | undefined) => {
  const getter = boardKeyboardCoordinates(() => ["s1", "s2", "s3"]);
  const event = { code, preventDefault: vi.fn() } as unknown as KeyboardEvent;
  const result = getter(event, { active: "d1", currentCoordinates: { x: 0, y: 0 }, context: argsOver(stageId) as never });
  return { result, event };
};

describe("boardKeyboardCoordinates", () => {
  it("takes Right to the top of the next stage's column", () => {
    const { result, event } = press(KeyboardCode.Right, "s1");
    expect(result).toEqual({ x: 300, y: 100 });
    expect(event.preventDefault).toHaveBeenCalled();
  });

  it("takes Left to the previous stage, from the stage the card is over", () => {
    expect(press(KeyboardCode.Left, "s3").result).toEqual({ x: 300, y: 100 });
  });

  it("starts from the card's own stage before it is over anything", () => {
    expect(press(KeyboardCode.Right, undefined).result).toEqual({ x: 300, y: 100 });
  });

  it("stays put past the first and the last stage", () => {
    expect(press(KeyboardCode.Left, "s1").result).toBeUndefined();
    expect(press(KeyboardCode.Right, "s3").result).toBeUndefined();
  });
});
