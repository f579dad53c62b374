import { render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { ConflictDialog } from "./ConflictDialog";

describe("ConflictDialog", () => {
  it("shows each differing field and calls the chosen action", async () => {
    const onTakeTheirs = vi.fn();
    const onOverwrite = vi.fn();
    render(
      <ConflictDialog
        open
        rows={[{ name: "stage_id", label: "Stage", had: "Proposal", mine: "Won", theirs: "Negotiation" }]}
        onTakeTheirs={onTakeTheirs}
        onOverwrite={onOverwrite}
        onCancel={vi.fn()}
      />,
    );
    const row = screen.getByTestId("conflict-stage_id");
    expect(within(row).getByText("Proposal")).toBeInTheDocument();
    expect(within(row).getByText("Negotiation")).toBeInTheDocument();
    expect(within(row).getByText("Won")).toBeInTheDocument();
    await userEvent.click(screen.getByRole("button", { name: "Take theirs" }));
    expect(onTakeTheirs).toHaveBeenCalledOnce();
    await userEvent.click(screen.getByRole("button", { name: "Overwrite with mine" }));
    expect(onOverwrite).toHaveBeenCalledOnce();
  });
});
