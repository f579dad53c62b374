import { describe, expect, it } from "vitest";
import { addMoney, formatMoney, fromUnits, subtractMoney, toUnits, weightedAmount } from "./money";

describe("decimal arithmetic", () => {
  it("adds without float error", () => {
    expect(addMoney("0.10", "0.20")).toBe("0.30");
    expect(addMoney("12000.00", "500.5")).toBe("12500.50");
  });

  it("keeps the four decimals the server sends", () => {
    expect(addMoney("1.0001", "2")).toBe("3.0001");
  });

  it("subtracts below zero and treats a missing amount as zero", () => {
    expect(subtractMoney("100.00", "250.25")).toBe("-150.25");
    expect(subtractMoney("100.00", null)).toBe("100.00");
  });

  it("handles amounts beyond float precision", () => {
    expect(addMoney("90071992547409930.01", "0.01")).toBe("90071992547409930.02");
  });

  it("round-trips units", () => {
    expect(toUnits("-3.5")).toBe(-35000n);
    expect(fromUnits(-35000n)).toBe("-3.50");
  });

  it("refuses text that is not a number", () => {
    expect(() => toUnits("12,00")).toThrow(/Not a decimal/);
  });
});

describe("weightedAmount", () => {
  it("rounds half up to the currency's decimals", () => {
    expect(weightedAmount("100.01", 50, "EUR")).toBe("50.01"); // 50.005
    expect(weightedAmount("1001", 25, "JPY")).toBe("250"); // 250.25, yen has no decimals
  });

  it("is null without an amount", () => {
    expect(weightedAmount(null, 40, "EUR")).toBeNull();
  });
});

describe("formatMoney", () => {
  it("formats in the currency for the locale", () => {
    expect(formatMoney("12400.5", "USD", { locale: "en-US" })).toBe("$12,400.50");
    expect(formatMoney("12400.5", "EUR", { locale: "de-DE" })).toBe("12.400,50\u00a0€");
  });

  it("shows whole units in headers", () => {
    expect(formatMoney("12400.5", "USD", { locale: "en-US", whole: true })).toBe("$12,401");
  });

  it("keeps every digit of a large amount", () => {
    expect(formatMoney("90071992547409930.01", "USD", { locale: "en-US" })).toBe("$90,071,992,547,409,930.01");
  });

  it("uses the currency's own decimals", () => {
    expect(formatMoney("1500", "JPY", { locale: "en-US" })).toBe("¥1,500");
  });

  it("shows a dash without an amount and the code for an unknown currency", () => {
    expect(formatMoney(null, "EUR")).toBe("—");
    expect(formatMoney("10.00", "NOT A CODE", { locale: "en-US" })).toBe("10.00 NOT A CODE");
  });
});
