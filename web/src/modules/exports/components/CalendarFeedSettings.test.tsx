import { render, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { CalendarFeedSettings } from "./CalendarFeedSettings";

const URL_ONCE = "https://crm.example.com/api/v1/calendar/hcal_secret.ics";
const state = { active: false };
const rotate = vi.fn();
const revoke = vi.fn();

vi.mock("../api/exportsApi", () => ({
  useCalendarFeed: () => ({
    isPending: false,
    data: { active: state.active, created_at: state.active ? "2026-03-01T10:00:00Z" : null, last_used_at: null },
  }),
  useRotateCalendarFeed: () => ({ mutateAsync: rotate, isPending: false }),
  useRevokeCalendarFeed: () => ({ mutateAsync: revoke, isPending: false }),
}));

describe("CalendarFeedSettings", () => {
  beforeEach(() => {
    state.active = false;
    rotate.mockReset().mockImplementation(async () => {
      state.active = true;
      return { url: URL_ONCE, created_at: "2026-03-01T10:00:00Z" };
    });
    revoke.mockReset().mockResolvedValue(undefined);
  });

  it("makes an address, shows it once with a copy button, and revokes it", async () => {
    const user = userEvent.setup();
    const writeText = vi.spyOn(navigator.clipboard, "writeText").mockResolvedValue();
    const { rerender } = render(<CalendarFeedSettings />);
    expect(screen.getByTestId("calendar-feed-status")).toHaveTextContent("You have no calendar address.");

    await user.click(screen.getByRole("button", { name: "Make my address" }));

    expect(await screen.findByTestId("calendar-feed-url")).toHaveTextContent(URL_ONCE);
    await user.click(screen.getByRole("button", { name: "Copy the calendar address" }));
    expect(writeText).toHaveBeenCalledWith(URL_ONCE);

    rerender(<CalendarFeedSettings />);
    await user.click(screen.getByRole("button", { name: "Revoke" }));
    expect(revoke).toHaveBeenCalled();
    await waitFor(() => expect(screen.queryByTestId("calendar-feed-url")).not.toBeInTheDocument());
  });

  it("asks before replacing an address that works", async () => {
    state.active = true;
    const user = userEvent.setup();
    const confirm = vi.spyOn(window, "confirm").mockReturnValue(false);
    render(<CalendarFeedSettings />);

    await user.click(screen.getByRole("button", { name: "Make a new address" }));

    expect(confirm).toHaveBeenCalled();
    expect(rotate).not.toHaveBeenCalled();
  });
});
