import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { RouterProvider, createMemoryHistory, createRootRoute, createRouter } from "@tanstack/react-router";
import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { SignInForm } from "./SignInForm";

function renderForm(onSignedIn = vi.fn()) {
  const rootRoute = createRootRoute({ component: () => <SignInForm onSignedIn={onSignedIn} /> });
  const router = createRouter({ routeTree: rootRoute, history: createMemoryHistory({ initialEntries: ["/"] }) });
  render(
    <QueryClientProvider client={new QueryClient()}>
      <RouterProvider router={router} />
    </QueryClientProvider>,
  );
  return onSignedIn;
}

describe("SignInForm", () => {
  it("shows what is wrong with each field and sends nothing", async () => {
    const fetchSpy = vi.spyOn(globalThis, "fetch");
    renderForm();
    await userEvent.type(await screen.findByLabelText("E-mail"), "not-an-address");
    await userEvent.click(screen.getByRole("button", { name: "Sign in" }));

    expect(await screen.findByText("Enter a valid e-mail address.")).toBeInTheDocument();
    expect(screen.getByText("Enter your password.")).toBeInTheDocument();
    expect(screen.getByLabelText("E-mail")).toHaveAttribute("aria-invalid", "true");
    expect(fetchSpy).not.toHaveBeenCalled();
  });

  it("shows the server's refusal and stays on the form", async () => {
    vi.spyOn(globalThis, "fetch").mockResolvedValue(
      new Response(JSON.stringify({ success: false, error: { code: "unauthenticated", message: "Wrong e-mail or password." } }), {
        status: 401,
        headers: { "content-type": "application/json" },
      }),
    );
    const onSignedIn = renderForm();
    await userEvent.type(await screen.findByLabelText("E-mail"), "ada@example.com");
    await userEvent.type(screen.getByLabelText("Password"), "wrong password");
    await userEvent.click(screen.getByRole("button", { name: "Sign in" }));

    expect(await screen.findByText("Wrong e-mail or password.")).toBeInTheDocument();
    expect(onSignedIn).not.toHaveBeenCalled();
  });
});
