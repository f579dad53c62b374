import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { render, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { useState } from "react";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { ApiKeyCreate } from "./ApiKeyCreate";

const SECRET = "hrn_live_0123456789abcdefSECRET";
const mutateAsync = vi.fn();

vi.mock("../api/apiKeysApi", () => ({ useCreateApiKey: () => ({ mutateAsync }) }));
vi.mock("@/lib/permissions", async (importOriginal) => ({
  ...(await importOriginal<typeof import("@/lib/permissions")>()),
  usePermissions: () => ({ role: "manager", can: () => true }),
}));

function Harness() {
  const [open, setOpen] = useState(false);
  return (
    <QueryClientProvider client={new QueryClient()}>
      <button onClick={() => setOpen(true)}>open</button>
      <ApiKeyCreate open={open} onOpenChange={setOpen} />
    </QueryClientProvider>
  );
}

describe("ApiKeyCreate", () => {
  beforeEach(() => {
    mutateAsync.mockReset().mockResolvedValue({ id: "k1", name: "Zapier", role: "sales", prefix: "hrn_live_01", secret: SECRET });
  });

  it("offers only roles up to yours", async () => {
    render(<Harness />);
    await userEvent.click(screen.getByText("open"));
    const options = Array.from((await screen.findByLabelText("Role")).querySelectorAll("option")).map((o) => o.value);
    expect(options).toEqual(["manager", "sales", "support", "viewer"]);
  });

  it("shows the secret once, copies it, and forgets it when closed", async () => {
    const user = userEvent.setup();
    const writeText = vi.spyOn(navigator.clipboard, "writeText").mockResolvedValue();
    render(<Harness />);
    await user.click(screen.getByText("open"));
    await user.type(await screen.findByLabelText("Name"), "Zapier");
    await user.selectOptions(screen.getByLabelText("Role"), "sales");
    await user.click(screen.getByRole("button", { name: "Create key" }));

    expect(mutateAsync).toHaveBeenCalledWith({ name: "Zapier", role: "sales", expires_at: null });
    expect(await screen.findByTestId("api-key-secret")).toHaveTextContent(SECRET);
    expect(screen.getByText(/will not be shown again/)).toBeInTheDocument();

    await user.click(screen.getByRole("button", { name: "Copy the key" }));
    expect(writeText).toHaveBeenCalledWith(SECRET);
    expect(await screen.findByText("Copied")).toBeInTheDocument();

    await user.click(screen.getByRole("button", { name: "I have stored it" }));
    await waitFor(() => expect(screen.queryByText(SECRET)).not.toBeInTheDocument());

    // Opening the dialog again starts a new key: the old secret is gone for good.
    await user.click(screen.getByText("open"));
    expect(await screen.findByLabelText("Name")).toHaveValue("");
    expect(screen.queryByText(SECRET)).not.toBeInTheDocument();
  });

  it("does not show a secret when the API refuses", async () => {
    mutateAsync.mockRejectedValue(new Error("nope"));
    const user = userEvent.setup();
    render(<Harness />);
    await user.click(screen.getByText("open"));
    await user.type(await screen.findByLabelText("Name"), "Zapier");
    await user.click(screen.getByRole("button", { name: "Create key" }));
    await waitFor(() => expect(mutateAsync).toHaveBeenCalled());
    expect(screen.queryByTestId("api-key-secret")).not.toBeInTheDocument();
    expect(screen.getByLabelText("Name")).toBeInTheDocument();
  });
});
