import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { EMPTY_GROUP, type FilterGroup, isFlat, toFilterParams } from "../utils/filterParams";
import { KINDS } from "../utils/kinds";
import { FilterBuilder } from "./FilterBuilder";

describe("FilterBuilder", () => {
  it("builds a condition and applies it as filter[field][op] parameters", async () => {
    const user = userEvent.setup();
    const onApply = vi.fn<(group: FilterGroup) => void>();
    render(<FilterBuilder fields={KINDS.leads.filters} value={EMPTY_GROUP} onApply={onApply} />);

    await user.click(screen.getByRole("button", { name: "Filter" }));
    await user.click(screen.getByRole("button", { name: "Condition" }));
    await user.selectOptions(screen.getByLabelText("Field"), "score");
    await user.selectOptions(screen.getByLabelText("Operator"), "gte");
    await user.type(screen.getByLabelText("Value"), "70");
    await user.click(screen.getByRole("button", { name: "Apply" }));

    const group = onApply.mock.calls[0]![0];
    expect(isFlat(group)).toBe(true);
    expect(toFilterParams(group)).toEqual({ "filter[score][gte]": "70" });
  });

  it("warns that an OR group becomes a saved view", async () => {
    const user = userEvent.setup();
    render(<FilterBuilder fields={KINDS.leads.filters} value={EMPTY_GROUP} onApply={vi.fn()} />);
    await user.click(screen.getByRole("button", { name: "Filter" }));
    await user.click(screen.getByRole("button", { name: "Condition" }));
    await user.click(screen.getByRole("button", { name: "Condition" }));
    const [first, second] = screen.getAllByLabelText("Value");
    await user.type(first!, "a");
    await user.type(second!, "b");
    await user.selectOptions(screen.getByLabelText("Match all or any"), "or");
    expect(screen.getByText(/kept as a saved view/)).toBeInTheDocument();
  });
});
